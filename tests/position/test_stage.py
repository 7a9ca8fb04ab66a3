"""The position stage on a run: one row per statement, the survey question as target,
and ``rus-analysis evaluate --task position|tone`` over the mapped classes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.cli import evaluate
from rus_analysis.position import POSITION_COLUMNS, assign_positions
from rus_analysis.position.evaluation import evaluate_task, parse_label_map
from rus_analysis.schema import POSITION_SCHEMA, check_table


def _statements() -> pd.DataFrame:
    return pd.DataFrame({
        "statement_id": ["a:00", "b:00", "c:00", "d:00"],
        "text": ["Ja", "Ja", "Vi foreslår flere busser til Helsinge.", "Er det rigtigt?"],
        "source_type": ["survey", "meeting", "written", "meeting"],
        "question": ["Er der for få busser i jeres område?", "Bord 1", "", ""],
    })


def test_one_row_per_statement_with_its_contract() -> None:
    pos = assign_positions(_statements())
    assert list(pos.columns) == list(POSITION_COLUMNS)
    check_table(pos, POSITION_SCHEMA, "positions")
    assert list(pos["statement_id"]) == ["a:00", "b:00", "c:00", "d:00"]
    got = dict(zip(pos["statement_id"], pos["position"], strict=True))
    assert got["c:00"] == "forslag" and got["d:00"] == "spørgsmål"
    # a bare "Ja" answers the survey's yes/no question about a problem (a worry); the
    # same word as a meeting bullet has no question, so it only agrees
    assert got["a:00"] == "bekymring" and got["b:00"] == "støtte"
    assert set(pos["position_source"]) == {"model"}


def test_order_of_rows_does_not_change_a_position() -> None:
    st = _statements()
    a = assign_positions(st).set_index("statement_id")
    b = assign_positions(st.iloc[::-1]).set_index("statement_id")
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())


def test_unmapped_predictions_are_misses_not_folded(tmp_path: Path) -> None:
    df = pd.DataFrame({"text": ["Vi foreslår flere busser.", "Hvorfor det?", "Det er tirsdag."],
                       "label": ["Commenting", "Querying", "Commenting"]})
    lm = parse_label_map("Querying=spørgsmål,Commenting=neutral", "position")
    r = evaluate_task(df, "text", "label", "position", lm)
    assert r["f1_per_class"]["spørgsmål"] == 1.0
    assert r["accuracy"] == pytest.approx(2 / 3, abs=1e-3)  # 'forslag' is a miss
    assert r["confusion"]["rows_truth_cols_predicted"][-1] == "forslag"
    with pytest.raises(ValueError, match="not a position class"):
        parse_label_map("Querying=question", "position")


def test_cli_task_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "tone.csv"
    pd.DataFrame({"text": ["Det er en fantastisk god løsning.", "Det er en katastrofe.",
                           "Mødet er tirsdag."],
                  "label": ["positive", "negative", "neutral"]}).to_csv(csv, index=False)
    assert evaluate.main([str(csv), "--task", "tone", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["label_map"] == {"negative": "negativ", "neutral": "neutral",
                                "positive": "positiv"}
    assert out["macro_f1"] == 1.0
    stance = tmp_path / "stance.csv"
    pd.DataFrame({"text": ["Ja", "Nej"], "label": ["Supporting", "Denying"]}).to_csv(
        stance, index=False)
    assert evaluate.main([str(stance), "--task", "position"]) == 2  # labels need a map
    assert "give --label-map" in capsys.readouterr().err
