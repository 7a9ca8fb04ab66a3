"""Paths the tests share (imported as ``support``; ``conftest.py`` puts this folder on
``sys.path``)."""

from pathlib import Path

import pandas as pd

from rus_analysis.coverage import Coverage, build_coverage

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
