"""Nothing exported for readers outside the analysis team quotes a respondent who answered
"Nej" to "Må vi citere dit svar?": not the report (theme cards, key points, sides, the
statements table), not the municipality profile, not the høringsnotat (HTML and Word).
Their answers are still statements and counted; the statements table shows them with a
placeholder; the guard refuses a file that quotes them; the analysts' workbook keeps the
text and says "må citeres: nej"."""

from __future__ import annotations

import dataclasses
import html
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from consent_round import make_round, quotable_texts, refused_texts
from rus_analysis.config import Config
from rus_analysis.consent import PLACEHOLDER
from rus_analysis.pipeline import build_report, load_run
from rus_analysis.processed import EXCEL_FILE
from rus_analysis.report.guard import guard, withheld_passages
from rus_analysis.report.pages import consent_line_da


class _StatementCells(HTMLParser):
    """The first cell (the text) of each row of the statements table."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.cell, self.col, self.rows = False, None, -1, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and "rus-stmt-table" in (dict(attrs).get("class") or ""):
            self.inside = True
        elif self.inside and tag == "tr":
            self.col = -1
        elif self.inside and tag == "td":
            self.col += 1
            self.cell = [] if self.col == 0 else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "td" and self.cell is not None:
            self.rows.append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def _text(path: Path) -> str:
    return " ".join(html.unescape(path.read_text(encoding="utf-8")).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config) -> dict:
    base = tmp_path_factory.mktemp("consent_report")
    make_round(base / "raw" / "2027")
    paths = dataclasses.replace(lexical_cfg.paths, raw=base / "raw", rounds=(),
                                processed=base / "processed", state=base / "state",
                                reports=base / "reports")
    cfg = dataclasses.replace(lexical_cfg, paths=paths)
    res = build_report(cfg, base / "reports" / "run", municipality="Frederiksberg")
    return {"res": res, "tables": load_run(base / "processed"),
            "workbook": base / "processed" / EXCEL_FILE}


def test_refused_answers_are_counted_but_never_in_the_report(built: dict) -> None:
    tables, report = built["tables"], built["res"].report_html
    st = tables.statements
    refused = refused_texts()
    assert set(refused) <= set(st["text"])                  # statements like any other
    text = _text(report)
    assert not [t for t in refused if t in text]
    assert [t for t in quotable_texts() if t in text]       # the others are still quoted
    cells = _StatementCells()
    cells.feed(report.read_text(encoding="utf-8"))
    assert len(cells.rows) == len(st)                       # every statement has its row
    assert cells.rows.count(PLACEHOLDER) == len(refused)
    assert f"{len(st)} udsagn" in text
    # the methods appendix says how many are counted but not quoted, and why
    assert consent_line_da(len(refused)) in " ".join(text.split())


def test_hearing_note_keeps_the_respondent_without_their_words(built: dict) -> None:
    note_html, note_docx = built["res"].hearing_note
    text = _text(note_html)
    assert "Frederiksberg Kommune" in text and PLACEHOLDER in text
    assert not [t for t in refused_texts() if t[:60] in text]
    from docx import Document

    doc = " ".join(p.text for p in Document(str(note_docx)).paragraphs)
    assert PLACEHOLDER in doc and not [t for t in refused_texts() if t[:60] in doc]


def test_municipality_profile_quotes_none_and_says_why(built: dict) -> None:
    page = next((built["res"].out_dir / "kommuner").glob("0147_*.html"))
    text = _text(page)
    assert not [t for t in refused_texts() if t in text]
    assert "<b>2</b> udsagn" in page.read_text(encoding="utf-8")   # counted all the same
    assert "2 af kommunens udsagn må ikke citeres" in text


def test_guard_refuses_a_page_that_quotes_a_refusing_respondent(built: dict,
                                                               tmp_path: Path) -> None:
    st = built["tables"].statements
    withheld = withheld_passages(st)
    refused = refused_texts()[0]
    sid = st.loc[st["text"] == refused, "statement_id"].iloc[0]
    page = tmp_path / "rapport.html"
    # escaped and wrapped as a report writes it
    page.write_text(f"<html><body><blockquote>“{html.escape(refused[:70])}\n"
                    f"{html.escape(refused[70:])}”</blockquote></body></html>",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="did not consent") as err:
        guard(page, frozenset(), withheld)
    assert sid in str(err.value) and refused[:40] not in str(err.value)
    assert not page.exists() and page.with_suffix(".html.blocked").is_file()
    ok = tmp_path / "ok.html"
    ok.write_text(f"<p>{html.escape(quotable_texts()[0])}</p>", encoding="utf-8")
    guard(ok, frozenset(), withheld)                        # a quotable text passes
    assert ok.is_file()


def test_workbook_keeps_the_text_and_says_whether_it_may_be_quoted(built: dict) -> None:
    ws = load_workbook(built["workbook"], read_only=True)["Udsagn"]
    rows = list(ws.values)
    df = pd.DataFrame(rows[1:], columns=rows[0])
    assert set(df["må citeres"]) == {"ja", "nej"}
    assert sorted(df.loc[df["må citeres"] == "nej", "tekst"]) == sorted(refused_texts())
