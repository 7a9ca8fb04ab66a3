"""An unclosed quote in a survey CSV must not swallow the respondents below it.

Why: the csv module reads everything after an opening quote that never closes into one
cell. Respondent 3's answer then disappears into respondent 2's, the accounting still
balances (one record in, one kept) and the run exits 0. The reader now sees a line shaped
like a row of the file inside a cell, reports it as a warning naming the row, and reads
the swallowed lines as rows of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rus_analysis.config import load_config
from rus_analysis.ingest import read_round
from support import CONFIG

HEADER = "Respondent-ID;Kommune;Hvad skal regionen prioritere i de kommende år?\n"
MANIFEST = ('round: "2026"\ntitle: "Borgerpanel"\nperiod: {start: 2026-01-01, '
            'end: 2026-12-31}\ninvited_municipalities: [alle]\nsources:\n'
            '  - {file: borgerpanel.csv, type: survey, name: "Borgerpanel", date: 2026-02-01}\n')


def _read(tmp_path: Path, body: str):  # noqa: ANN202 - IngestResult
    rnd = tmp_path / "2026"
    rnd.mkdir()
    (rnd / "borgerpanel.csv").write_text(HEADER + body, encoding="utf-8")
    (rnd / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    return read_round(rnd, load_config(CONFIG), strict=False)


def test_unclosed_quote_keeps_the_following_rows_apart(tmp_path: Path) -> None:
    res = _read(tmp_path, (
        '101;Gribskov;Flere busser mellem Helsinge og Hillerød om aftenen.\n'
        '102;Halsnæs;"Lokalbanen til Hundested skal have halvtimesdrift hele dagen\n'
        '103;Hillerød;Grundvandet skal beskyttes bedre mod sprøjtemidler.\n'
        '104;Furesø;Der mangler praktikpladser til de unge i byggeriet.\n'))
    by_resp = dict(zip(res.records["respondent_id"].astype(str), res.records["text_raw"],
                       strict=True))
    assert by_resp == {
        "101": "Flere busser mellem Helsinge og Hillerød om aftenen.",
        "102": "Lokalbanen til Hundested skal have halvtimesdrift hele dagen",
        "103": "Grundvandet skal beskyttes bedre mod sprøjtemidler.",
        "104": "Der mangler praktikpladser til de unge i byggeriet."}
    p = res.problems[res.problems["code"] == "unclosed_quote"]
    assert len(p) == 1
    row = p.iloc[0]
    assert row["severity"] == "warning" and row["locator"] == "row=3"
    assert row["source_file"] == "borgerpanel.csv" and "row 3" in row["message"]
    # the locators of the rows read after it are their own physical lines
    loc = dict(zip(res.records["respondent_id"].astype(str), res.records["locator"],
                   strict=True))
    assert loc["103"].startswith("row=4") and loc["104"].startswith("row=5")


@pytest.mark.parametrize("answer", [
    # a real answer on two lines, quoted as Excel writes it: one answer, no warning
    '"Bussen kører for sjældent.\nOg S-toget til Farum er ofte aflyst."',
    # a line inside an answer with semicolons, but not as many fields as a row
    '"Tre ønsker: busser; cykelstier\nog rent vand"',
    # a line inside a closed quote with exactly as many fields as a row (a list of three)
    '"Tre ting er vigtigst:\nbusser; tog; cykelstier\nog så grundvandet."',
])
def test_a_quoted_answer_over_several_lines_is_one_answer(tmp_path: Path, answer: str) -> None:
    res = _read(tmp_path, f"101;Gribskov;{answer}\n102;Halsnæs;Mere natur ved kysten.\n")
    assert len(res.records) == 2
    assert "unclosed_quote" not in set(res.problems["code"])
    text = res.records.set_index(res.records["respondent_id"].astype(str))["text_raw"]
    assert "\n" in text["101"] or "cykelstier" in text["101"]


def test_a_closed_quote_with_a_row_shaped_line_is_one_answer_at_the_end_too(
        tmp_path: Path) -> None:
    """The same answer as the last record of the file: the quote closes, nothing is cut."""
    res = _read(tmp_path, '101;Gribskov;Flere busser.\n102;Halsnæs;"Tre ting er vigtigst:\n'
                          'busser; tog; cykelstier\nog så grundvandet."\n')
    text = res.records.set_index(res.records["respondent_id"].astype(str))["text_raw"]
    assert list(text.index) == ["101", "102"] and text["102"].endswith("grundvandet.")
    assert "unclosed_quote" not in set(res.problems["code"])


def test_a_quote_closed_only_by_a_later_row_is_an_unclosed_quote(tmp_path: Path) -> None:
    """An opening quote that the quote of a later answer closes swallows the rows between."""
    res = _read(tmp_path, (
        '101;Gribskov;"Lokalbanen skal have halvtimesdrift\n'
        '102;Halsnæs;Grundvandet skal beskyttes bedre mod sprøjtemidler.\n'
        '103;Hillerød;"Flere stier" skriver vi igen.\n'))
    assert {"101", "102"} <= set(res.records["respondent_id"].astype(str))
    assert "unclosed_quote" in set(res.problems["code"])
