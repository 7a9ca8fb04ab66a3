"""Compare two runs: every Parquet table of the processed folders and the report's text.

Why: a refactoring must not change what an analyst or a committee member sees. Tables are
compared with ``pandas.testing.assert_frame_equal``; the report by its visible text (the
words a reader sees, scripts and styles left out), with the lines that differ printed.
Times, dates and the commit differ between any two runs and are masked.

    python scripts/compare_runs.py BEFORE_PROCESSED AFTER_PROCESSED \
        [--report BEFORE.html AFTER.html] [--rename old.parquet=new.parquet ...]

Exit code 0 when everything is equal, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal


class _Text(HTMLParser):
    """Visible text of an HTML page, one line per block."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "br", "blockquote"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"), "<tidspunkt>"),
    (re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}( (kl\. )?\d{1,2}[:.]\d{2}([:.]\d{2})?)?"),
     "<tidspunkt>"),  # Danish "1.12.2026 13:05:09" and "01.12.2026 kl. 13.05"
    (re.compile(r"\b[0-9a-f]{40}\b( \(med lokale ændringer\))?"), "<commit>"),
    (re.compile(r"(\| tid: [^|]+\| )[\d.,]+ s"), r"\1<s> s"),
    (re.compile(r"\b\d+[.,]\d s\b"), "<s> s"),
]


def visible_text(path: Path) -> list[str]:
    """The report's words, line by line, with times, dates and commits masked."""
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    for pattern, repl in _VOLATILE:
        text = pattern.sub(repl, text)
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def compare_tables(before: Path, after: Path, rename: dict[str, str]) -> list[str]:
    """One message per table that is missing or differs (none: all equal)."""
    problems = []
    old = {p.name: p for p in before.glob("*.parquet")}
    new = {p.name: p for p in after.glob("*.parquet")}
    for name, path in sorted(old.items()):
        target = rename.get(name, name)
        if target not in new:
            problems.append(f"{name}: not in {after}")
            continue
        try:
            assert_frame_equal(pd.read_parquet(path), pd.read_parquet(new[target]))
        except AssertionError as exc:
            problems.append(f"{name} -> {target}: {str(exc).splitlines()[0]}")
    extra = sorted(set(new) - {rename.get(n, n) for n in old})
    problems += [f"{n}: new in {after} (not in {before})" for n in extra]
    return problems


def main(argv: list[str] | None = None) -> int:
    """Compare and print what differs; exit 1 when anything does."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--report", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--rename", nargs="*", default=[], metavar="OLD=NEW")
    args = ap.parse_args(argv)
    rename = dict(r.split("=", 1) for r in args.rename)
    problems = compare_tables(args.before, args.after, rename)
    n_tables = len(list(args.before.glob("*.parquet")))
    for p in problems:
        print(f"TABLE {p}")
    differ = [p for p in problems if not p.endswith(f"(not in {args.before})")]
    print(f"tables: {n_tables - len(differ)} of {n_tables} equal")
    if args.report:
        a, b = (visible_text(p) for p in args.report)
        diff = [d for d in difflib.unified_diff(a, b, "before", "after", lineterm="", n=0)
                if not d.startswith(("---", "+++", "@@"))]
        for d in diff:
            print(f"TEXT {d}")
        print(f"report text: {len(a)} lines before, {len(b)} after, {len(diff)} differing")
        problems += diff
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
