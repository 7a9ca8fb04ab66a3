"""``rus-analysis report``: pipeline -> notebooks (papermill) -> one self-contained HTML.

Exit codes: 0 done; 1 the job failed (a notebook raised, personal data found in an
exported report, input missing); 2 usage or configuration error. Every path given here is
resolved against the current folder before anything changes directory (papermill runs
the kernels in ``notebooks/``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rus_analysis.config import ConfigError, load_config
from rus_analysis.pipeline import build_report
from rus_analysis.report import NotebookFailed


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rus-analysis report",
        description="run the pipeline and the notebooks, export one self-contained HTML report")
    p.add_argument("--config", default=None, help="config file (default config/rus.yaml)")
    p.add_argument("--raw", default=None, help="input folder (overrides paths.raw)")
    p.add_argument("--rounds", default=None,
                   help="comma-separated round folder names (default: all)")
    p.add_argument("--out", default=None, help="report folder (default reports/<date>_<rounds>)")
    p.add_argument("--n-themes", default=None, help="'auto' or a number (overrides themes.n_themes)")
    p.add_argument("--min-cell", type=int, default=None, help="suppression limit (report.min_cell)")
    p.add_argument("--per-municipality", action="store_true",
                   help="also one profile report per municipality (29) and an index page")
    p.add_argument("--municipality", default=None,
                   help="profile report for this municipality only (name or code)")
    p.add_argument("--jobs", type=int, default=2,
                   help="notebooks run at the same time (main report and municipality sweep)")
    p.add_argument("--no-maps-per-theme", action="store_true",
                   help="only the total-input map, not one map per theme (smaller HTML)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run the report, print its path; exit code for schedulers."""
    args = _parser().parse_args(argv)
    overrides: dict[str, Any] = {}
    if args.raw:
        overrides.setdefault("paths", {})["raw"] = str(Path(args.raw).resolve())
    if args.rounds:
        overrides.setdefault("paths", {})["rounds"] = [r.strip() for r in args.rounds.split(",")]
    if args.n_themes:
        n = args.n_themes
        overrides.setdefault("themes", {})["n_themes"] = int(n) if n.isdigit() else n
    if args.min_cell is not None:
        overrides.setdefault("report", {})["min_cell"] = args.min_cell
    try:
        cfg = load_config(args.config, overrides=overrides or None)
    except ConfigError as exc:
        print(f"rus-analysis report: {exc}", file=sys.stderr)
        return 2
    try:
        result = build_report(cfg, out=Path(args.out).resolve() if args.out else None,
                              per_municipality=args.per_municipality or cfg.report.per_municipality,
                              municipality=args.municipality, jobs=args.jobs,
                              maps_per_theme=not args.no_maps_per_theme)
    except (NotebookFailed, FileNotFoundError, ValueError) as exc:
        print(f"rus-analysis report: {exc}", file=sys.stderr)
        return 1
    print(f"Rapport: {result.report_html}")
    if result.profiles_index:
        print(f"Kommuneprofiler: {result.profiles_index}")
    return 0
