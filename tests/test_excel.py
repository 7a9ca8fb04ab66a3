"""The analysts' workbook: Danish sheets, columns and words; shares as percent; text that
looks like a formula stored as text, shown without an apostrophe, never a live formula;
and a theme's statements for one municipality, filtered in the statements sheet, are the
rows behind the coverage table's count."""

from __future__ import annotations

import dataclasses
import datetime
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rus_analysis.config import Config
from rus_analysis.coverage import Coverage
from rus_analysis.excel import PERCENT, Sheet, neutralise_formula, write_workbook
from rus_analysis.pipeline import run_pipeline, write_run
from rus_analysis.processed import EXCEL_FILE
from rus_analysis.schema import SOURCE_TYPE_DA

HOSTILE = ["=1+1", '=HYPERLINK("http://x","klik") flere cykelstier', "+45 12", "-2",
           "@SUM(A1)", "  =1", "\t=1", "#N/A", "a=b", " lead", "æøå &<>", ""]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+45", "'+45"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("  =1", "'  =1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n-x", "'\n-x"),
    ("Flere busser", "Flere busser"), ("a=b", "a=b"), (5, 5), (None, None),
])
def test_csv_neutralises_formula_like_text(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def _no_formula_in_xml(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), name


def test_formula_like_text_is_text_without_apostrophe(tmp_path: Path) -> None:
    """Both writers (streamed rows, and openpyxl's for a sheet with dates) store each value
    as the text it is: no apostrophe, no formula, Excel's quotePrefix on formula-like text."""
    frame = pd.DataFrame({"t": pd.array(HOSTILE, dtype="string"),
                          "o": [*HOSTILE[:-1], None], "n": range(len(HOSTILE))})
    dated = frame.assign(d=datetime.datetime(2024, 1, 2))
    book = write_workbook({"Plain": frame, "Dated": dated}, tmp_path / "w.xlsx")
    _no_formula_in_xml(book)
    wb = load_workbook(book)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
        for col in (1, 2):
            cells = [ws.cell(row=r, column=col) for r in range(2, len(HOSTILE) + 2)]
            assert [c.value for c in cells] == [*HOSTILE[:-1], None], ws.title
            for c, text in zip(cells, HOSTILE, strict=True):
                if text:
                    assert c.data_type == "s"
                    assert c.quotePrefix == bool(re.match(r"^\s*[=+\-@]", text)), text
        assert [ws.cell(row=r, column=3).value for r in range(2, 5)] == [0, 1, 2]


def test_number_formats_lists_and_missing_values(tmp_path: Path) -> None:
    sheet = Sheet(pd.DataFrame({"andel": [0.25, float("nan"), 1.0], "ord": [["a", "b"], [], ["c"]],
                                "ja": [True, False, True]}), formats={"andel": PERCENT})
    ws = load_workbook(write_workbook({"S": sheet}, tmp_path / "s.xlsx"))["S"]
    assert [c.value for c in ws["A"][1:]] == [0.25, None, 1.0]
    assert ws["A2"].number_format == PERCENT and ws["A2"].data_type == "n"
    assert [c.value for c in ws["B"][1:]] == ["a; b", None, "c"]   # no Python lists
    assert ws["A1"].font.b and ws.column_dimensions["B"].width >= 8


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):
    from rus_analysis.pipeline import coverage_of

    tables = run_pipeline(lexical_cfg)
    st = tables.statements.copy()
    st.loc[st.index[0], "text"] = HOSTILE[1]           # typed by the public
    tables = dataclasses.replace(tables, statements=st)
    out = tmp_path_factory.mktemp("book")
    write_run(tables, out)
    return tables, coverage_of(tables), out / EXCEL_FILE


def test_workbook_sheets_and_danish_headers(book) -> None:
    tables, cov, path = book
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Om arbejdsbogen", "Udsagn", "Temaer"]
    assert set(cov.tables()) <= set(wb.sheetnames)       # one sheet per coverage table
    header = [c.value for c in wb["Udsagn"][1]]
    for col in ("udsagn-id", "tekst", "tema", "undertema", "holdning", "sikkerhed", "kommune",
                "interessentgruppe", "stemme", "kildefil", "placering i filen"):
        assert col in header
    for ws in wb.worksheets:
        names = [c.value for c in ws[1]]
        assert not [n for n in names if "_" in str(n)], (ws.title, names)   # no code names
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref, ws.title
        assert all(ws.column_dimensions[chr(65 + i)].width for i in range(min(len(names), 26)))
    udsagn = pd.DataFrame(wb["Udsagn"].values)
    udsagn = udsagn.rename(columns=udsagn.iloc[0]).iloc[1:]
    assert len(udsagn) == len(tables.statements)          # one row per statement
    assert set(udsagn["kildetype"]) <= set(SOURCE_TYPE_DA.values())
    assert set(udsagn["status"]) <= {"beholdt", "dublet"}
    assert set(udsagn["repræsentant for gruppen"]) <= {"ja", "nej"}
    readme = " ".join(str(c.value) for row in wb["Om arbejdsbogen"].iter_rows() for c in row)
    assert "ikke til offentliggørelse" in readme and "eksakte" in readme
    assert all(f"Ark: {s}" in readme for s in wb.sheetnames[1:])


def test_shares_are_numbers_formatted_as_percent(book) -> None:
    _, cov, path = book
    ws = load_workbook(path)["Tema x kommune"]
    header = [c.value for c in ws[1]]
    col = header.index("andel") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    shown = [c for c in cells if c.value is not None]
    assert shown and all(isinstance(c.value, float) and c.number_format == PERCENT
                         for c in shown)
    assert len(cells) - len(shown) == int(cov.by_municipality["share"].isna().sum())


def test_one_theme_in_one_municipality_filtered_from_the_statements_sheet(book) -> None:
    tables, cov, path = book
    wb = load_workbook(path, read_only=True)
    rows = list(wb["Udsagn"].values)
    sheet = pd.DataFrame(rows[1:], columns=rows[0])
    bym = cov.by_municipality
    cell = bym[bym["statements"] >= 5].sort_values(["theme_id", "kommunekode"]).iloc[0]
    picked = sheet[(sheet["tema-id"] == cell["theme_id"])
                   & (sheet["kommunekode"] == cell["kommunekode"])]
    assert len(picked) == int(cell["statements"])
    assert picked["stemme"].nunique() == int(cell["voices"])
    a = tables.assignments
    prim = a[(a["rank"] == 0) & (a["theme_id"] == cell["theme_id"])]["statement_id"]
    st = tables.statements
    expected = st[st["statement_id"].isin(prim) & (st["municipality_code"] == cell["kommunekode"])]
    assert sorted(picked["udsagn-id"]) == sorted(expected["statement_id"])
    cov_sheet = list(wb["Tema x kommune"].values)
    cov_df = pd.DataFrame(cov_sheet[1:], columns=cov_sheet[0])
    match = cov_df[(cov_df["tema-id"] == cell["theme_id"])
                   & (cov_df["kommunekode"] == cell["kommunekode"])]
    assert int(match["udsagn"].iloc[0]) == len(picked)


def test_no_cell_shows_an_apostrophe_and_no_formula_is_live(book) -> None:
    tables, _, path = book
    _no_formula_in_xml(path)
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)
                assert not (isinstance(c.value, str) and c.value.startswith("'")), c.value
    texts = [c for c in wb["Udsagn"]["B"] if c.value == HOSTILE[1]]
    assert texts and texts[0].data_type == "s" and texts[0].quotePrefix


def test_optional_tables_of_newer_runs_fill_their_columns(book, tmp_path: Path) -> None:
    from rus_analysis.workbook import analyst_workbook

    tables, cov, _ = book
    sid = tables.statements["statement_id"].iloc[3]
    a = tables.assignments.copy()
    a["subtheme_id"] = pd.array([None] * len(a), dtype="string")
    a["confidence"] = 0.5
    a.loc[(a["statement_id"] == sid) & (a["rank"] == 0), "subtheme_id"] = "S1"

    newer = dataclasses.replace(
        tables, assignments=a,
        subthemes=pd.DataFrame({"subtheme_id": ["S1"], "theme_id": ["klima"],
                                "label": ["Skybrud"], "top_terms": [["regn"]], "size": [1],
                                "quotes": [[]], "quote_texts": [[]]}),
        positions=pd.DataFrame({"statement_id": [sid], "position": ["bekymring"],
                                "position_source": ["analyst"]}))
    sheets = analyst_workbook(newer, cov.tables())
    assert "Undertemaer" in sheets
    rows = sheets["Udsagn"].frame.set_index("udsagn-id")
    assert rows.at[sid, "undertema"] == "Skybrud" and rows.at[sid, "holdning"] == "bekymring"
    assert rows.at[sid, "holdning sat af"] == "analytiker" and rows.at[sid, "sikkerhed"] == 0.5
    assert isinstance(Coverage.SHEETS, dict)
