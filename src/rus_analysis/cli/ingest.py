"""``rus-analysis ingest``: read round folders, clean, write the processed tables.

It writes the same set of files as a report run (through the one writer), with empty
theme tables; the metadata says no themes were found, so a notebook reruns. By default
it writes to a folder of its own, ``<paths.processed>/ingest/`` (``INGEST_FOLDER``): a
check of one round must not replace the last report's tables and workbook in
``paths.processed`` with theme-less tables of that round.

Why a separate command: the person who prepares a round folder needs one command that
says, file by file, what was read, what was rejected and what to fix, before anyone runs
the (slower) theme and report stages. Exit codes: 0 everything declared was read
(problems are reported, not fatal); 1 input was lost - a file in a round folder that
contributed nothing because of a problem (missing, misspelt, unreadable, an invalid
manifest entry, not declared) or a round that yields zero statements; the tables are
still written, so the accounting shows what was lost - or strict mode met an error, or
records do not add up; 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import pandas as pd

from rus_analysis.clean import AccountingError
from rus_analysis.clean.accounting import round_totals
from rus_analysis.config import ConfigError, load_config
from rus_analysis.pipeline import expand_rounds, run_pipeline, write_run
from rus_analysis.problems import IngestError
from rus_analysis.processed import PersonalDataError

# the default --out, inside paths.processed: the tables of a check, not of the last report
INGEST_FOLDER = "ingest"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rus-analysis ingest",
        description="Read round folders (or a collection of them), clean the input, and "
                    "write statements, rejects and accounting to a folder of their own "
                    f"(default <paths.processed>/{INGEST_FOLDER}/), so the last report's "
                    "tables in paths.processed stay as they are.")
    p.add_argument("paths", nargs="*", type=Path,
                   help="round folders or collection folders (default: paths.raw of the "
                        "config)")
    p.add_argument("--config", type=Path, default=None,
                   help="config file (default: config/rus.yaml)")
    p.add_argument("--out", type=Path, default=None,
                   help="folder for the tables of this check (default: "
                        f"<paths.processed>/{INGEST_FOLDER}/; the report's tables in "
                        "paths.processed are not touched)")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1) on the first error in the input instead of "
                        "reporting it and going on")
    return p


def format_accounting(acc: pd.DataFrame) -> str:
    """The accounting as a plain-text table, per file and a total per round."""

    cols = ["round", "source_file", "records_in", "kept", "merged", "rejected",
            "statements_kept", "statements_merged", "statements_rejected", "file_problem"]
    if len(acc) == 0:
        return "(no input files)"
    shown = acc[cols].copy()
    totals = round_totals(acc)
    rows = []
    for rnd, part in shown.groupby("round", sort=True):
        rows.append(part)
        t = totals[totals["round"] == rnd].iloc[0]
        rows.append(pd.DataFrame([{**{c: int(t[c]) for c in cols[2:-1]}, "round": rnd,
                                   "source_file": "= i alt (total)", "file_problem": ""}]))
    table = pd.concat(rows, ignore_index=True)[cols]
    return table.to_string(index=False)


def format_problems(problems: pd.DataFrame) -> list[str]:
    """One line per problem: file, where in it, what is wrong, what to do."""
    lines = []
    if problems is None or len(problems) == 0:
        return lines
    for row in problems.fillna("").itertuples(index=False):
        where = f" [{row.locator}]" if getattr(row, "locator", "") else ""
        lines.append(f"{str(row.severity).upper():7} {row.round}/{row.source_file}{where}: "
                     f"{row.message} -> {row.action}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run ingest -> clean -> write; print the accounting and the problems."""
    parser = _parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        cfg = load_config(Path(args.config).resolve() if args.config else None)
    except ConfigError as exc:
        print(f"rus-analysis ingest: {exc}", file=sys.stderr)
        return 2
    strict = bool(args.strict or cfg.ingest.strict)
    # every path is resolved against the folder the command runs in, before anything
    # (papermill, a notebook) can change the working directory
    paths = [Path(p).resolve() for p in args.paths] or [cfg.paths.raw]
    missing = [p for p in paths if not Path(p).is_dir()]
    if missing:
        print(f"rus-analysis ingest: {missing[0]} is not a folder; give round folders or a "
              "collection of round folders", file=sys.stderr)
        return 2
    out_dir = Path(args.out).resolve() if args.out else cfg.paths.processed / INGEST_FOLDER
    if strict and not cfg.ingest.strict:
        cfg = dataclasses.replace(cfg, ingest=dataclasses.replace(cfg.ingest, strict=True))
    try:
        tables = run_pipeline(cfg, expand_rounds([Path(p).resolve() for p in paths]),
                              until="clean")
    except IngestError as exc:
        print(f"rus-analysis ingest: stopped (strict): {exc}", file=sys.stderr)
        return 1
    except AccountingError as exc:
        print(f"rus-analysis ingest: {exc}", file=sys.stderr)
        return 1
    try:
        written = write_run(tables, out_dir)
    except PersonalDataError as exc:
        print(f"rus-analysis ingest: {exc}", file=sys.stderr)
        return 1
    problems = tables.problems
    result = tables

    print("Regnskab (accounting) per runde og fil:")
    print(format_accounting(result.accounting))
    lines = format_problems(problems)
    print(f"\nProblemer (problems): {len(lines)}")
    for line in lines:
        print(line)
    print(f"\n{len(result.statements)} udsagn, {len(result.rejects)} afviste; skrevet til "
          f"{written.folder}")
    has_error = problems is not None and len(problems) and \
        problems["severity"].astype(str).str.lower().eq("error").any()
    if strict and has_error:
        return 1
    lost = input_lost(result.accounting)
    if lost:
        print("\nrus-analysis ingest: input was lost: " + "; ".join(lost), file=sys.stderr)
        return 1
    return 0


def input_lost(accounting: pd.DataFrame) -> list[str]:
    """Why the run lost input, one item per file or round; [] when nothing was lost.

    A file that contributed nothing because of a file problem (missing, misspelt,
    unreadable, an invalid manifest entry, undeclared), and a round without statements.
    """
    if accounting is None or len(accounting) == 0:
        return ["no input file was read"]
    # a file read whole that held nothing (a letter of greeting and signature only) is
    # accounted for; a file that could not be read, or was not declared, is lost
    out = [f"{r.round}/{r.source_file} ({r.file_problem})"
           for r in accounting.itertuples(index=False)
           if str(r.file_problem) and str(r.file_problem) not in ("no_records", "empty_file")
           and str(r.source_file) != "manifest.yaml"]
    per_round = accounting.groupby("round")[["statements_kept", "statements_merged"]].sum()
    out += [f"round {rnd} yields no statements"
            for rnd, row in per_round.iterrows() if row.sum() == 0]
    return out


if __name__ == "__main__":
    raise SystemExit(main())
