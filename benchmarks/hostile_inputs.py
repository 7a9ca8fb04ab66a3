"""Time and peak memory of the heavy hostile inputs the tests feed to ingest.

Why here and not in the tests: the tests check what ingest does with a 50 MB cell, a
million survey rows, a 2,000-page PDF and a PDF decompression bomb; how long that takes
depends on the machine and its load, so it is measured here and reported, never asserted.

    .venv/bin/python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import dataclasses
import importlib.util
import resource
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from rus_analysis.config import IngestOptions, load_config
from rus_analysis.ingest import read_round

ROOT = Path(__file__).resolve().parents[1]


def _round(folder: Path, name: str, kind: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.yaml").write_text(
        f'round: "bench"\nsources:\n  - file: {name}\n    type: {kind}\n    name: "x"\n'
        + ('    organisation: "Movia"\n' if kind == "written" else ""), encoding="utf-8")
    return folder


def _cell(rd: Path) -> None:
    big = "a" * (50 * 1024 * 1024)
    (rd / "cell.csv").write_text(
        f"Respondent-ID;Hvad er de største udfordringer frem mod 2035?\n1;{big}\n2;kort\n",
        encoding="utf-8")


def _rows(rd: Path) -> None:
    with open(rd / "rows.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("Respondent-ID;Kommune;Hvad er de største udfordringer frem mod 2035?\r\n")
        fh.writelines(f"{i};Gribskov;{'Svar ' + str(i) if i % 100 == 0 else ''}\r\n"
                      for i in range(1_000_000))


def _pages(rd: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(ROOT / "tests" / "hostile" / "round" / "letter_encrypted.pdf"))
    reader.decrypt("hemmelig")
    writer = PdfWriter()
    for _ in range(2000):
        writer.add_page(reader.pages[0])
    with open(rd / "long.pdf", "wb") as fh:
        writer.write(fh)


def _bomb(rd: Path) -> None:
    stream = zlib.compress(b" " * (80 * 1024 * 1024), 9)
    (rd / "bomb.pdf").write_bytes(_hostile().pdf_with_stream(stream))


def _hostile():  # noqa: ANN202 - the tests' generator of hostile files, loaded by path
    spec = importlib.util.spec_from_file_location(
        "make_hostile", ROOT / "tests" / "hostile" / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES: dict[str, tuple[str, str, Callable[[Path], None]]] = {
    "50 MB text cell": ("cell.csv", "survey", _cell),
    "1,000,000 survey rows": ("rows.csv", "survey", _rows),
    "2,000-page PDF letter": ("long.pdf", "written", _pages),
    "PDF decompression bomb (80 MB)": ("bomb.pdf", "written", _bomb),
}


def main() -> None:
    """Print one line per case: seconds to read, records, problems, peak memory so far."""
    cfg = load_config(ROOT / "config" / "rus.yaml")
    cfg = dataclasses.replace(cfg, ingest=IngestOptions(strict=False, max_file_mb=200.0))
    print("| input | seconds | records | problems | peak RSS (MB) |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, (name, kind, make) in CASES.items():
            rd = _round(Path(tmp) / name.split(".")[0], name, kind)
            make(rd)
            t0 = time.perf_counter()
            res = read_round(rd, cfg)
            seconds = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            codes = ", ".join(sorted(set(res.problems["code"]))) or "none"
            print(f"| {label} | {seconds:.1f} | {len(res.records):,} | {codes} | {peak:.0f} |")


if __name__ == "__main__":
    main()
