"""Time to write the analysts' workbook at 100,000 statements (not a test).

    PYTHONPATH=src python benchmarks/workbook_bench.py [--n 100000] [--repeat 3]

Builds synthetic run tables in memory (statements with every column of the contract, a
primary and for every other statement a secondary theme, 15 themes, the coverage tables
of ``build_coverage``) and times writing the workbook the way ``processed.write_processed``
does, best of ``--repeat``. Run it against an older checkout (``PYTHONPATH=<old>/src``)
to compare: without ``rus_analysis.workbook`` it writes the old English sheets.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from rus_analysis.coverage import build_coverage
from rus_analysis.excel import write_workbook
from rus_analysis.reference import capital_region
from rus_analysis.schema import STATEMENT_COLUMNS


def tables(n: int, seed: int = 1) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    cap = capital_region()
    codes = rng.choice(cap["kommunekode"].to_numpy(), n)
    names = dict(zip(cap["kommunekode"], cap["navn"], strict=True))
    themes = [f"T{i:02d}" for i in range(15)]
    words = np.array(["bus", "metro", "cykel", "vand", "grundvand", "byggeri", "klima",
                      "skybrud", "erhverv", "unge", "uddannelse", "jord", "affald", "havn"])
    texts = [" ".join(rng.choice(words, 12)) + f" nr. {i}" for i in range(n)]
    texts[::997] = ["=HYPERLINK(\"x\") " + t for t in texts[::997]]
    st = pd.DataFrame({c: pd.array([""] * n, dtype="string") for c in STATEMENT_COLUMNS})
    st["statement_id"] = pd.array([f"{i:012x}:00" for i in range(n)], dtype="string")
    st["record_id"] = st["statement_id"].str.slice(0, 12)
    st["round"] = pd.array(rng.choice(["2022-23", "2025"], n), dtype="string")
    st["source_file"] = pd.array(rng.choice([f"fil_{i}.csv" for i in range(40)], n),
                                 dtype="string")
    st["source_type"] = pd.array(rng.choice(["survey", "meeting", "workshop", "written"], n),
                                 dtype="string")
    st["locator"] = pd.array([f"row={i}" for i in range(n)], dtype="string")
    st["stakeholder_type"] = pd.array(rng.choice(["kommune", "borger", "virksomhed"], n),
                                      dtype="string")
    st["municipality_code"] = pd.array(codes, dtype="string")
    st["municipality_name"] = pd.array([names[c] for c in codes], dtype="string")
    st["is_regional_actor"] = False
    st["voice_id"] = pd.array([f"v{i // 2}" for i in range(n)], dtype="string")
    st["text"] = pd.array(texts, dtype="string")
    st["dup_group"] = st["statement_id"]
    st["dup_count"] = 1
    st["is_representative"] = True
    st["status"] = "kept"
    prim = rng.choice(themes, n)
    a = pd.DataFrame({"statement_id": st["statement_id"], "theme_id": prim, "rank": 0,
                      "score": rng.random(n)})
    sec = a.iloc[::2].assign(theme_id=rng.choice(themes, (n + 1) // 2), rank=1, score=0.3)
    a = pd.concat([a, sec], ignore_index=True).sort_values(["statement_id", "rank"],
                                                            ignore_index=True)
    th = pd.DataFrame({"theme_id": themes, "label": [f"Tema {t}" for t in themes],
                       "kind": "seeded", "description": "", "top_terms": [["a", "b"]] * 15,
                       "size": [int((prim == t).sum()) for t in themes], "name": "",
                       "quotes": [[]] * 15, "quote_texts": [[]] * 15})
    empty = pd.DataFrame({"x": pd.Series([], dtype="string")})
    report = pd.DataFrame(columns=["n", "action", "target", "matched", "affected", "message"])
    return SimpleNamespace(statements=st, assignments=a, themes=th, rejects=empty,
                           accounting=empty, problems=empty, files=empty,
                           override_report=report,
                           meta=SimpleNamespace(min_cell=5, rounds=("2022-23", "2025")))


def sheets(t: SimpleNamespace, cov: dict[str, pd.DataFrame]) -> dict:
    try:
        from rus_analysis.workbook import analyst_workbook
    except ImportError:   # before issue 19: the run tables as they are, then coverage
        return {"Udsagn": t.statements, "Afviste": t.rejects, "Regnskab": t.accounting,
                "Problemer": t.problems, "Temaer": t.themes} | cov
    return analyst_workbook(t, cov)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = tables(args.n)
    inv = pd.DataFrame({"round": "2022-23", "source_file": "", "municipality_code": "0101",
                        "organisation": ""}, index=[0])
    cov = build_coverage(t.statements, t.assignments, t.themes, inv, None).tables()
    best, best_views = float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            book = sheets(t, cov)
            t1 = time.perf_counter()
            path = write_workbook(book, Path(tmp) / "w.xlsx")
            t2 = time.perf_counter()
            best, best_views = min(best, t2 - t0), min(best_views, t1 - t0)
        size = path.stat().st_size / 1e6
    print(f"{args.n:,} statements: workbook {best:.2f} s (sheets built in {best_views:.2f} s), "
          f"{size:.1f} MB, {len(book)} sheets")


if __name__ == "__main__":
    main()
