"""Search every exported file of a run for given personal data (not a test).

    PYTHONPATH=src .venv/bin/python benchmarks/leak_scan.py REPORT_DIR PROCESSED_DIR \\
        --needles "Kenneth,Madsen,6789" --keep "Niels Brock,11-03-2024"

Reads every parquet table (as CSV text), the XML inside xlsx/docx, and html, csv, json,
log and ipynb files; prints each file holding a needle (a leak) and, for the report,
workbook, høringsnotat and statements table, which ``--keep`` strings are still there
(what redaction must not remove). Embedded plotly.js (``<script data-rus-plotly>``) and
decimal map coordinates are cut out first: library code and "55.66789" are not personal
data. An independent check of the product's own guard: it shares none of its code.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

BUNDLE = re.compile(r"<script data-rus-plotly=[^>]*>.*?</script>", re.S)
COORD = re.compile(r"\d+\.\d{3,}")


def texts(path: Path) -> Iterator[str]:
    """The text of one exported file, as a reader could see it."""
    if path.suffix == ".parquet":
        yield pd.read_parquet(path).astype(str).to_csv(index=False)
    elif path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml"):
                    yield z.read(name).decode("utf-8", "replace")
    elif path.suffix in (".html", ".csv", ".json", ".log", ".ipynb", ".yaml"):
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text.replace("\\n", "\n").replace('\\"', '"')
        yield COORD.sub("<koord>", BUNDLE.sub("", text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--needles", required=True, help="comma-separated strings that must not appear")
    ap.add_argument("--keep", default="", help="comma-separated strings that must stay")
    args = ap.parse_args(argv)
    needles = [s for s in args.needles.split(",") if s]
    keep = [s for s in args.keep.split(",") if s]
    leaks = 0
    for folder in args.folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            body = "\n".join(texts(path))
            hits = sorted(n for n in needles if n in body)
            kept = sorted(k for k in keep if k in body)
            if hits:
                leaks += 1
                print(f"{path} LEAK: {hits} | kept: {kept}")
            elif path.suffix in (".html", ".docx", ".xlsx") or path.name == "statements.parquet":
                print(f"{path} clean | kept: {kept}")
    print(f"files with a leak: {leaks}")
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
