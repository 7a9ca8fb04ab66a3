"""Theme quality on the demo input, against its truth file (a development check).

Usage: .venv/bin/python benchmarks/demo_themes_check.py
Prints seeded accuracy, how many truly emergent statements land outside the seeded
themes, the crosstab of emergent truth x predicted theme, and the ARI.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from rus_analysis.clean import clean_records
from rus_analysis.config import load_config
from rus_analysis.ingest import read_rounds
from rus_analysis.pipeline import find_round_dirs
from rus_analysis.themes import assign_themes

ROOT = Path(__file__).resolve().parents[1]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def main() -> None:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    ing = read_rounds(find_round_dirs(cfg.paths.raw), cfg)
    cl = clean_records(ing.records, cfg, problems=ing.problems)
    with tempfile.TemporaryDirectory() as tmp:  # a fresh id registry: no earlier run's themes
        th = assign_themes(cl.statements, cfg, registry_path=Path(tmp) / "registry.json")
    truth = pd.read_csv(ROOT / "data/raw/demo/truth/statements.csv", dtype=str,
                        keep_default_na=False)
    prim = th.assignments[th.assignments["rank"] == 0][["statement_id", "theme_id"]]
    st = cl.statements.merge(prim, on="statement_id")
    st["norm"] = st["text"].map(norm)
    rows = []
    for r in truth.itertuples():
        snippet = norm(r.snippet)[:40]
        hit = st[(st["source_file"] == r.file) & st["norm"].str.contains(snippet, regex=False)]
        if len(hit):
            rows.append((r.theme, hit.iloc[0]["theme_id"]))
    df = pd.DataFrame(rows, columns=["truth", "pred"])
    seeded = df[~df["truth"].str.startswith("emergent")]
    emergent = df[df["truth"].str.startswith("emergent")]
    print(f"matched {len(df)} of {len(truth)} truth statements; backend {th.backend}")
    print(f"seeded accuracy {(seeded['truth'] == seeded['pred']).mean():.3f}")
    outside = (~emergent["pred"].isin(seeded["truth"].unique())).mean()
    print(f"emergent statements outside the seeded themes {outside:.3f}")
    print(pd.crosstab(emergent["truth"], emergent["pred"]).to_string())
    print(f"ARI {adjusted_rand_score(df['truth'], df['pred']):.3f}")
    print(th.themes[["theme_id", "label", "kind", "size"]].to_string())


if __name__ == "__main__":
    main()
