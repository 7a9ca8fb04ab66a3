"""The demo's answer key: position agreement on the held-out round 2025.

Round 2022-23 was used to develop the rules; round 2025 was not read (its figure was
only measured). The floor is the level reached when the rules were written (0.900, see
``benchmarks/positions_eval.md``), so a change that loses held-out agreement
fails here. The truth was annotated by hand before any classifier existed
(``data/raw/demo/README.md``, position guideline).
"""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis.config import Config
from rus_analysis.pipeline import find_round_dirs, run_pipeline
from rus_analysis.position import assign_positions
from rus_analysis.position.evaluation import match_demo_truth
from support import DEMO, TRUTH

FLOOR_2025 = 0.90
FLOOR_2022 = 0.90


@pytest.fixture(scope="module")
def agreement(demo_cfg: Config) -> dict[str, float]:
    tables = run_pipeline(demo_cfg, find_round_dirs(DEMO), until="clean")
    truth = pd.read_csv(TRUTH / "statements.csv", dtype=str).fillna("")
    m = match_demo_truth(tables.statements, truth)
    pos = assign_positions(tables.statements).set_index("statement_id")["position"]
    hit = m["statement_id"].map(pos) == m["truth"]
    return {str(r): float(g.mean()) for r, g in hit.groupby(m["round"])}


def test_held_out_round_2025_keeps_its_agreement(agreement: dict[str, float]) -> None:
    assert agreement["2025"] >= FLOOR_2025


def test_development_round_keeps_its_agreement(agreement: dict[str, float]) -> None:
    assert agreement["2022-23"] >= FLOOR_2022
