"""The analysts' workbook: formula-like text neutralised, streamed rows as to_excel writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rus_analysis.excel import neutralise_formula, write_workbook


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+45", "'+45"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("  =1", "'  =1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n-x", "'\n-x"),
    ("Flere busser", "Flere busser"), ("a=b", "a=b"), (5, 5), (None, None),
])
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_workbook_neutralises_formula_like_text(tmp_path: Path) -> None:
    book = write_workbook({"Temaer": pd.DataFrame({"label": ["-minus", "ok"]})},
                          tmp_path / "w.xlsx")
    ws = load_workbook(book)["Temaer"]
    assert ws["A2"].value == "'-minus" and ws.freeze_panes == "A2"


def test_streamed_workbook_reads_back_like_to_excel(tmp_path: Path) -> None:
    """The streamed rows hold what DataFrame.to_excel wrote, cell for cell."""
    import datetime

    from rus_analysis.excel import _write_excel_pandas, write_excel

    texts = [" lead", "trail ", "a\tb", "x\ny", "\r=1", "a\rb", "&<>\"'", "æøå 😀", "", None,
             "=", "#", "#N/A", "-2"]
    n = len(texts)
    tables = {
        "Tekst": pd.DataFrame({"t": pd.array(texts, dtype="string"), "i": range(n),
                               "f": [0.1, 1 / 3, 1e300, -0.0, float("nan"), float("inf"),
                                     2.5, *[1.0] * (n - 7)],
                               "b": [i % 2 == 0 for i in range(n)],
                               "o": ["x", 3, None, 2.5, *["y"] * (n - 4)]}),
        "Dato": pd.DataFrame({"d": [datetime.datetime(2024, 1, 2, 3, 4), pd.NaT],
                              "n": pd.array([1, None], dtype="Int64")}),
        "Tom": pd.DataFrame({"x": pd.Series([], dtype="string")}),
    }
    fast = load_workbook(write_excel(tables, tmp_path / "fast.xlsx"))
    slow = load_workbook(_write_excel_pandas(tables, tmp_path / "slow.xlsx"))
    assert fast.sheetnames == slow.sheetnames == list(tables)
    for a, b in zip(fast.worksheets, slow.worksheets, strict=True):
        assert (a.freeze_panes, a.auto_filter.ref) == (b.freeze_panes, b.auto_filter.ref)
        cells_a = [(c.value, c.data_type, c.number_format) for row in a.iter_rows() for c in row]
        cells_b = [(c.value, c.data_type, c.number_format) for row in b.iter_rows() for c in row]
        assert cells_a == cells_b, a.title
