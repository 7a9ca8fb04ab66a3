"""Recovery table of the demo rounds: ingest + clean measured against their answer keys.

Per file: statements in the truth file, recovered as their own statement at their locator,
furniture in the truth file, furniture kept as a statement (must be 0), planted findings
that must reach the problem list, and how many did. Plus personal data left in anything
written (must be 0) and whether the accounting balances.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest_truth.py [--round 2026] [--details]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import truth  # noqa: E402
from rus_analysis.config import load_config  # noqa: E402
from rus_analysis.pipeline import run_pipeline, write_run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--round", action="append", help="round(s) to measure (default: all)")
    ap.add_argument("--details", action="store_true", help="list what was missed")
    args = ap.parse_args(argv)
    rounds = args.round or list(truth.TRUTH_DIRS)
    cfg = load_config(ROOT / "config" / "rus.yaml")
    dirs = [truth.DEMO / r for r in rounds]
    run = run_pipeline(cfg, dirs, until="clean")
    with tempfile.TemporaryDirectory() as tmp:
        write_run(run, Path(tmp))
        written = truth.written_text(Path(tmp))
    total = [0] * 6
    print("| round | file | truth | recovered | furniture | furniture kept | findings | "
          "reported |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    details = []
    for r in rounds:
        scores = truth.score_round(r, truth.DEMO / r, run.statements, run.rejects,
                                   run.problems, run.files, run.duplicate_groups)
        for f, s in scores.items():
            row = [s.truth, s.recovered, s.furniture, s.furniture_kept, s.findings,
                   s.findings_reported]
            total = [a + b for a, b in zip(total, row, strict=True)]
            print(f"| {r} | {f} | " + " | ".join(str(v) for v in row) + " |")
            details += [f"  {r}/{f} missing: {m}" for m in s.missing]
            details += [f"  {r}/{f} furniture kept: {m}" for m in s.kept_furniture]
            details += [f"  {r}/{f} not reported: {m}" for m in s.unreported]
    print("| **all** | | " + " | ".join(f"**{v}**" for v in total) + " |")
    left = []
    for r in rounds:
        left += truth.pii_left(truth.truth_tables(r)["planted"], written)
    acc = run.accounting
    print(f"\npersonal data left in written tables: {len(left)}; accounting balanced: "
          f"{bool(acc['balanced'].all())} ({int(acc['records_in'].sum())} records in, "
          f"{len(run.statements)} statements, {len(run.rejects)} rejects)")
    if args.details:
        print("\n".join(details + [f"  PII left: {x}" for x in left]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
