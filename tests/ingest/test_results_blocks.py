"""Results question by question, and boards' notes: no answer is lost or moved silently.

Before: only the first cell of an answer row was read (a second answer in the row was
lost with no problem line); a question with no slide type row and no "?" ("Nævn én ting
...") was read as an answer to the question above, and its own answers were filed under
that question; a board's text column the reader does not know (a card's
``Description``, a ``Comments`` column) was never read and never reported.

The sentences are invented, in the style of a dialogue meeting on RUS in Hillerød; the
people are invented.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from rus_analysis.ingest import read_round

Q1 = "Hvad er den største udfordring for mobiliteten i din kommune?"
Q2 = "Nævn én ting regionen skal prioritere i de næste fire år"
ROWS: list[list] = [
    ["Dialogmøde om RUS, Hillerød"], ["12. marts 2026"], [],
    [Q1], ["Open Ended"],
    ["For få busafgange uden for myldretiden i landdistrikterne."],           # row 6
    ["Trængsel på Helsingørmotorvejen hver morgen.",
     "Pendlerne mangler parkering ved stationerne."],                         # row 7
    [],
    [Q2], ["Klimatilpasning af kysterne"], ["Bedre psykiatri for unge"],      # rows 9-11
    [],
    ["Flere cykelstier mellem byerne."], ["Billigere togbilletter for unge."],  # 13-14
    [],
    ["Grøn energi"], ["Rent drikkevand"],                                     # rows 16-17
    [],
    ["Hvor enig er du i visionen?"], ["Scales"], ["Meget enig", 12], ["Enig", 7],
]


def _round(tmp_path, files: dict[str, bytes]):  # noqa: ANN001, ANN202
    rd = tmp_path / "R1"
    rd.mkdir()
    for name, data in files.items():
        (rd / name).write_bytes(data)
    (rd / "manifest.yaml").write_text(
        'round: "R1"\nsources:\n' + "".join(
            f"  - {{file: {name}, type: workshop, name: Dialogmøde}}\n" for name in files),
        encoding="utf-8")
    return rd


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Resultater"
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def menti(tmp_path_factory: pytest.TempPathFactory, lexical_cfg):  # noqa: ANN001, ANN201
    rd = _round(tmp_path_factory.mktemp("menti"), {"menti.xlsx": _xlsx(ROWS)})
    return read_round(rd, lexical_cfg, strict=False)


def _question_of(res) -> dict[str, str]:  # noqa: ANN001
    return dict(zip(res.records["text_raw"], res.records["question"], strict=True))


def _guesses(res) -> dict[str, str]:  # noqa: ANN001
    p = res.problems[res.problems["code"] == "question_guess"]
    return dict(zip(p["locator"], p["severity"] + " " + p["message"], strict=True))


def test_every_answer_cell_of_a_row_is_read(menti) -> None:  # noqa: ANN001
    loc = dict(zip(menti.records["text_raw"], menti.records["locator"], strict=True))
    assert loc["Pendlerne mangler parkering ved stationerne."] == "sheet=Resultater;row=7;col=B"
    assert loc["Trængsel på Helsingørmotorvejen hver morgen."] == "sheet=Resultater;row=7;col=A"
    # a row with one answer keeps its locator (and so its record id)
    assert loc["For få busafgange uden for myldretiden i landdistrikterne."] == (
        "sheet=Resultater;row=6")
    assert _question_of(menti)["Pendlerne mangler parkering ved stationerne."] == Q1


def test_question_without_slide_type_after_a_blank_row(menti) -> None:  # noqa: ANN001
    q = _question_of(menti)
    assert Q2 not in q                                   # a question, not a statement
    assert q["Klimatilpasning af kysterne"] == Q2
    assert q["Bedre psykiatri for unge"] == Q2
    line = _guesses(menti)["sheet=Resultater;row=9"]
    assert line.startswith("info ") and "read as a new question" in line and Q1 in line


def test_a_block_the_wording_does_not_decide_is_reported(menti) -> None:  # noqa: ANN001
    q = _question_of(menti)
    # sentences after a blank row: more answers to the question above, said so
    assert q["Flere cykelstier mellem byerne."] == Q2
    assert q["Billigere togbilletter for unge."] == Q2
    line = _guesses(menti)["sheet=Resultater;row=13"]
    assert line.startswith("info ") and "more answers" in line
    # two short answers: read as a question and its answer, with a warning naming both
    line = _guesses(menti)["sheet=Resultater;row=16"]
    assert line.startswith("warning ") and "Grøn energi" in line and Q2 in line
    assert q["Rent drikkevand"] == "Grøn energi"
    assert len(menti.records) == 8           # every answer; "Grøn energi" is the question


def test_answers_below_a_slide_type_after_a_blank_row(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    rows = [[Q2], ["Open Ended"], [], ["Klimatilpasning af kysterne"],
            ["Bedre psykiatri for unge"]]
    res = read_round(_round(tmp_path, {"slide.xlsx": _xlsx(rows)}), lexical_cfg, strict=False)
    assert set(_question_of(res).values()) == {Q2} and len(res.records) == 2
    assert not _guesses(res)                              # the common layout: no line


def _cards_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([
        ["Title", "Description", "Comments", "Author", "Created At", "Section"],
        ["Kollektiv trafik", "Busserne kører for sjældent i Gribskov om aftenen.",
         "Enig, det gælder også Halsnæs.", "Mette Holm", "2026-03-12 10:00:00 UTC",
         "Udfordringer"],
        ["Boliger", "", "", "Lars Nielsen", "2026-03-12 10:01:00 UTC", "Udfordringer"],
    ])
    return out.getvalue().encode("utf-8")


def test_board_text_columns_are_read_or_reported(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    res = read_round(_round(tmp_path, {"kort.csv": _cards_csv()}), lexical_cfg, strict=False)
    assert sorted(res.records["text_raw"]) == [
        "Boliger", "Kollektiv trafik. Busserne kører for sjældent i Gribskov om aftenen."]
    p = res.problems[res.problems["code"] == "column_not_read"]
    [msg] = p["message"]
    assert "'Comments'" in msg and "row=2" in msg and p["severity"].iloc[0] == "warning"
    assert "Created At" not in " ".join(res.problems["message"])  # times are no sentences


# an export's own columns beside the answers (Mentimeter: name, time; Q&A: votes, status)
TOOL_COLUMNS: list[list] = [
    ["Dialogmøde om RUS, Hillerød"], [],
    [Q1], ["Open Ended"],
    ["For få busafgange uden for myldretiden i landdistrikterne.", "Mette Kristensen",
     "12-03-2026 10:14"],                                                     # row 5
    ["Trængsel på Helsingørmotorvejen hver morgen.", "Anonym", "12-03-2026 10:15"],
    ["Pendlerne mangler parkering.", "Kenneth Madsen",
     "Cyklerne skal med i S-togene hele dagen."],                             # row 7
    [],
    ["Spørg panelet"], ["Q&A"],
    ["Hvorfor kommer letbanen ikke til Hillerød?", "5 upvotes", "Besvaret"],   # row 11
]


def test_a_tools_columns_beside_the_answers_are_no_statements(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    res = read_round(_round(tmp_path, {"menti.xlsx": _xlsx(TOOL_COLUMNS)}), lexical_cfg,
                     strict=False)
    loc = dict(zip(res.records["text_raw"], res.records["locator"], strict=True))
    assert loc == {   # a name, "Anonym", a time, "5 upvotes", "Besvaret": never statements
        "For få busafgange uden for myldretiden i landdistrikterne.": "sheet=Resultater;row=5",
        "Trængsel på Helsingørmotorvejen hver morgen.": "sheet=Resultater;row=6",
        "Pendlerne mangler parkering.": "sheet=Resultater;row=7;col=A",
        "Cyklerne skal med i S-togene hele dagen.": "sheet=Resultater;row=7;col=C",
        "Hvorfor kommer letbanen ikke til Hillerød?": "sheet=Resultater;row=11",
    }
    # the participants' names are the run's private names: redacted wherever they stand
    assert {"Mette Kristensen", "Kenneth Madsen"} <= res.private_names
    p = res.problems[res.problems["code"] == "cells_not_read"]
    lines = dict(zip(p["value"], p["message"], strict=True))
    assert set(lines) == {"name", "time", "count", "status"}
    assert "B5, B6, B7" in lines["name"] and "Mette" not in "".join(p["message"])
    assert "C5, C6" in lines["time"]
    assert "5 upvotes" in lines["count"] and "Besvaret" in lines["status"]
    assert set(p["severity"]) == {"info"}
