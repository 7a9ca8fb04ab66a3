"""Position on the demo against its truth file: agreement and the per-class confusion.

The demo's truth (``data/raw/demo/truth/statements.csv``, column ``position``) holds each
planted statement's intended position, annotated by hand before any classifier existed
(guideline in ``data/raw/demo/README.md``). A truth row is matched to the statement that
starts with its snippet in the same file (at its locator when that is unique).

    .venv/bin/python benchmarks/position_check.py [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import pandas as pd

from rus_analysis.config import load_config
from rus_analysis.pipeline import find_round_dirs, run_pipeline
from rus_analysis.position import POSITIONS, assign_positions

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "raw" / "demo"


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def matched_truth(statements: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Truth rows with the statement id they mean (rows without a match are left out)."""
    by_file = {k: g for k, g in statements.groupby(["round", "source_file"])}
    norm_text = statements.set_index("statement_id")["text"].map(_norm)
    rows = []
    for r in truth.itertuples(index=False):
        cand = by_file.get((str(r.round), str(r.file)))
        if cand is None:
            continue
        snippet = _norm(r.snippet)[:60]
        hit = cand[cand["statement_id"].map(norm_text).str.startswith(snippet)]
        at = hit[hit["locator"].astype(str).str.endswith(str(r.locator))]
        pick = at if len(at) else hit
        if len(pick):
            rows.append((pick.iloc[0]["statement_id"], str(r.round), r.position))
    out = pd.DataFrame(rows, columns=["statement_id", "round", "truth"])
    return out.drop_duplicates("statement_id")


def main(argv: list[str] | None = None) -> int:
    """Print agreement per round and overall, and the confusion table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(ROOT / "config" / "rus.yaml",
                          overrides={"paths": {"processed": tmp, "state": tmp}})
        tables = run_pipeline(cfg, find_round_dirs(DEMO), until="clean")
    truth = pd.read_csv(DEMO / "truth" / "statements.csv", dtype=str).fillna("")
    m = matched_truth(tables.statements, truth)
    pos = assign_positions(tables.statements).set_index("statement_id")["position"]
    m["predicted"] = m["statement_id"].map(pos)
    agree = (m["predicted"] == m["truth"])
    result = {"truth_rows": len(truth), "matched": len(m),
              "agreement": round(float(agree.mean()), 3),
              "agreement_per_round": {r: round(float(g.mean()), 3)
                                      for r, g in agree.groupby(m["round"])}}
    cm = pd.crosstab(m["truth"], m["predicted"]).reindex(
        index=[p for p in POSITIONS if p in set(m["truth"])],
        columns=[p for p in POSITIONS if p in set(m["predicted"])], fill_value=0)
    if args.json:
        result["confusion"] = cm.to_dict()
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(json.dumps(result, ensure_ascii=False))
        print(cm.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
