"""Paths the tests share (imported as ``support``; ``conftest.py`` puts this folder on
``sys.path``)."""

from pathlib import Path

import pandas as pd

from rus_analysis.config import Config, load_config
from rus_analysis.coverage import Coverage, build_coverage
from rus_analysis.schema import STATEMENT_COLUMNS

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
HOSTILE = TESTS / "hostile"
DEMO = ROOT / "data" / "raw" / "demo"
TRUTH = DEMO / "truth"
CONFIG = ROOT / "config" / "rus.yaml"


# --- the hand-computed coverage fixture (tests/fixtures/coverage, see test_coverage) ----

FIX = FIXTURES / "coverage"


def load_coverage_fixture() -> dict[str, pd.DataFrame]:
    return {
        "statements": pd.read_csv(FIX / "statements.csv", dtype={"municipality_code": str}),
        "assignments": pd.read_csv(FIX / "assignments.csv"),
        "themes": pd.read_csv(FIX / "themes.csv"),
        "invitations": pd.read_csv(FIX / "invitations.csv", dtype=str),
        "attendance": pd.read_csv(FIX / "attendance.csv", dtype=str),
    }


def coverage_fixture(**kw) -> Coverage:
    """Coverage of the fixture; cached per option set (tests only read the tables)."""
    if "population" in kw:
        return _build(**kw)
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kw.items()))
    if key not in _CACHE:
        _CACHE[key] = _build(**kw)
    return _CACHE[key]


_CACHE: dict[tuple, Coverage] = {}


def _build(**kw) -> Coverage:
    f = load_coverage_fixture()
    return build_coverage(f["statements"], f["assignments"], f["themes"], f["invitations"],
                          f["attendance"], **kw)


# --- the theme tests' config and statements tables (tests/themes) ---------------------

def theme_config(tmp_path: Path, overrides_file: Path | None = None, taxonomy: bool = True,
                 n_themes: int | str = "auto") -> Config:
    """The shipped config on the lexical backend, its folders under ``tmp_path`` (the
    theme tests' config; ``taxonomy=False``: emergent themes only)."""
    over = {"nlp": {"embedding_backend": "lexical"},
            "paths": {"cache": str(tmp_path / "cache"), "processed": str(tmp_path / "out"),
                      "state": str(tmp_path / "out"),
                      "overrides": str(overrides_file or tmp_path / "none.yaml")},
            "themes": {"n_themes": n_themes}}
    if not taxonomy:
        over["themes"]["taxonomy"] = []
    return load_config(ROOT / "config" / "rus.yaml", overrides=over)


def theme_statements(texts: list[str], prefix: str = "r1") -> pd.DataFrame:
    """A statements table as clean would give it; the last two rows duplicate row 0."""
    rows = []
    for i, t in enumerate(texts):
        rows.append({"statement_id": f"{prefix}-{i:03d}:0", "text": t, "dup_group": f"{prefix}g{i}",
                     "dup_count": 1, "is_representative": True, "status": "kept"})
    for j in range(2):
        rows.append({"statement_id": f"{prefix}-dup{j}:0", "text": texts[0] + " ",
                     "dup_group": f"{prefix}g0", "dup_count": 3, "is_representative": False,
                     "status": "merged"})
    df = pd.DataFrame(rows)
    for col in STATEMENT_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df["round"] = prefix
    return df[list(STATEMENT_COLUMNS)]


# --- a round folder written by a test -------------------------------------------------

def write_round(folder: Path, files: dict[str, str], manifest: str,
                encoding: str = "utf-8") -> Path:
    """Create ``folder`` with the given input files (name -> text, in ``encoding``) and
    ``manifest.yaml`` (its text as the analyst writes it); returns the folder."""
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding=encoding)
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    return folder


# the manifest of a one-file post-it round (R1, 2025), as the tests of the writer use it
POSTIT_MANIFEST = ('round: "R1"\ntitle: "Test"\nperiod: {start: 2025-01-01, end: 2025-12-31}\n'
                   "invited_municipalities: [alle]\nsources:\n  - file: postits.csv\n"
                   '    type: workshop\n    name: "Post-its"\n    date: 2025-02-27\n')


def text_pdf(paras: list[str]) -> bytes:
    """A one-page PDF with each paragraph set as a block (Helvetica 11, a gap between), as
    a word processor exports a short letter."""
    import fpdf

    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for p in paras:
        pdf.multi_cell(0, 6, p)
        pdf.ln(6)
    return bytes(pdf.output())
