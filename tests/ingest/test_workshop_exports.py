"""Workshop and meeting exports of digital tools, read with the minimal manifest.

A round of four layouts nobody here wrote, as the tools export them: results question by
question (a workbook with one sheet of blocks: a session name and date, then per question
its slide type and either one answer per row or counts per option), a board's notes as
CSV (UTF-8 with BOM, ``Content,Type,Frame,Tags,Author,...``), a wall's posts as CSV
(``Subject,Body,Attachment,Author,Created At,Section``), and agenda-style minutes in Word
(typed "1. Velkomst" items, "Sagsfremstilling:/Drøftelse:/Beslutning:" parts, speakers in
brackets after the point). Before ``ingest/boards.py`` the three tables were rejected
("bord, overskrift, tekst not found"); the minutes gave the item titles, the labels and
the organiser's case presentation as statements and no municipality for the points.

The sentences are the region's own text about RUS (``CONTEXT``, from its description of
the RUS 2024 process) and FLORES-200 Danish as annotated in SIB-200 (Adelani et al.;
text CC BY-SA 4.0; index ids in ``SIB``), quoted verbatim; people are invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import docx
import openpyxl
import pytest

from rus_analysis.pipeline import run_pipeline

CONTEXT = [
    "Det blev besluttet, at strategien skulle udarbejdes i tæt dialog med regionens "
    "samarbejdspartnere og interessenter på tværs af geografien i hovedstadsregionen.",
    "Når udfordringerne er store og komplekse, er der brug for regionen til at tænke på "
    "tværs af kommunegrænser og interesser – til det fælles bedste.",
    "Begge udvalg består af direktører fra kommunerne.",
    "Derudover er der blevet afholdt to dialogmøder med udvalgsformænd fra kommunerne.",
]
SIB = {  # SIB-200 index_id -> verbatim sentence
    688: "Det ville være bedst, hvis besøgende med begrænset tid brugte deres tid andre steder.",
    556: "Atomet kan betragtes som værende en af de fundamentale byggesten for al materie.",
    1203: "Før troppernes ankomst havde Haiti ikke oplevet problemer med sygdommen siden "
          "1800-tallet.",
    566: "Syn, eller evnen til at se, afhænger af sanseorganer til synssystemet eller øjne.",
    431: "Tyrkiet er omgivet af have på tre sider: Det Ægæiske Hav mod vest, Sortehavet mod "
         "nord og Middelhavet mod syd.",
    1689: "Ottawa er Canadas charmerende, tosprogede hovedstad og har en række kunstgallerier "
          "og museer, som udstiller Canadas fortid og nutid.",
}
AUTHORS = ["Mette Holm", "Lars Nielsen"]


def _results_workbook(path) -> None:  # noqa: ANN001
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Results"
    rows: list[list] = [
        ["Dialogmøde om den regionale udviklingsstrategi"], [dt.datetime(2027, 2, 14, 9, 30)],
        [],
        ["Hvad er den største udfordring for trafikken i din kommune?"], ["Open Ended"],
        [CONTEXT[0]], [CONTEXT[1]], [],
        ["Hvilke ord forbinder du med grøn omstilling?"], ["Word Cloud"],
        ["rent drikkevand"], ["bæredygtigt byggeri"], [],
        ["Hvilket tema er vigtigst for regionen?"], ["Multiple Choice"], ["Voting results"],
        ["Kollektiv trafik", 12], ["Rent drikkevand", 7], [],
        ["Regionen bør koordinere indsatser på tværs af kommunegrænser"], ["Scales"],
        ["Voting results"], ["Meget enig", 12], ["Enig", 9],
    ]
    for r in rows:
        ws.append(r)
    slide = wb.create_sheet("Slide 2")   # one slide per sheet, a blank row above answers
    for r in [["Hvad mangler i udkastet?"], ["Open Ended"], [], [CONTEXT[2]]]:
        slide.append(r)
    wb.save(path)


def _board_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerows([
        ["Content", "Type", "Frame", "Tags", "Author", "Created", "Color"],
        ["Bord 2: Klima", "frame", "", "", AUTHORS[0], "2027-02-14T09:00:00Z", ""],
        ["Udfordringer", "text", "Bord 2: Klima", "", AUTHORS[0], "2027-02-14T09:01:00Z", ""],
        ["", "shape", "Bord 2: Klima", "", AUTHORS[0], "2027-02-14T09:01:30Z", "#ffffff"],
        [f"<p>{SIB[688]}</p>", "sticky_note", "Bord 2: Klima", "Gribskov Kommune", AUTHORS[1],
         "2027-02-14T10:10:00Z", "yellow"],
        [SIB[556], "sticky_note", "Bord 2: Klima", "", AUTHORS[0], "2027-02-14T10:11:00Z",
         "yellow"],
        ["", "connector", "Bord 2: Klima", "", AUTHORS[1], "2027-02-14T10:30:00Z", ""],
    ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _wall_csv() -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerows([
        ["Subject", "Body", "Attachment", "Author", "Created At", "Updated At", "Section"],
        ["Rent drikkevand", SIB[1203], "", AUTHORS[0], "2027-02-14 10:00:00 UTC", "",
         "Udfordringer"],
        ["", SIB[566], "", "Anonym", "2027-02-14 10:01:00 UTC", "", "Løsninger"],
        ["Kollektiv trafik", "", "", AUTHORS[1], "2027-02-14 10:02:00 UTC", "", "Løsninger"],
        ["", "", "https://example.org/foto.jpg", "Anonym", "2027-02-14 10:03:00 UTC", "",
         "Løsninger"],
    ])
    return out.getvalue().encode("utf-8")


def _agenda_minutes(path) -> None:  # noqa: ANN001
    d = docx.Document()
    d.add_heading("Referat af dialogmøde om RUS 2027", level=0)                 # para=1
    d.add_paragraph("Deltagere: Mette Holm (Gribskov Kommune), Anne Sørensen (Movia)")
    d.add_paragraph("Afbud: Kirsten Madsen (Furesø Kommune)")                   # para=3
    d.add_paragraph().add_run("1. Velkomst").bold = True                        # para=4
    d.add_paragraph("Formanden bød velkommen og gennemgik dagsordenen.")        # para=5
    d.add_paragraph().add_run("2. Drøftelse af udkast til RUS").bold = True     # para=6
    d.add_paragraph().add_run("Sagsfremstilling:").bold = True                  # para=7
    d.add_paragraph(CONTEXT[3])                                                 # para=8
    d.add_paragraph().add_run("Drøftelse:").bold = True                         # para=9
    d.add_paragraph(f"{SIB[431]} (Gribskov Kommune)", style="List Bullet")      # para=10
    d.add_paragraph(f"{SIB[1689]} (se bilag 2)", style="List Bullet")           # para=11
    d.add_paragraph(f"Beslutning: {SIB[566]}")                                  # para=12
    d.add_paragraph().add_run("3. Eventuelt").bold = True                       # para=13
    d.add_paragraph("Intet.")                                                   # para=14
    d.save(path)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, lexical_cfg):  # noqa: ANN001, ANN201
    rd = tmp_path_factory.mktemp("workshop") / "2027"
    rd.mkdir()
    _results_workbook(rd / "resultater.xlsx")
    (rd / "board.csv").write_bytes(_board_csv())
    (rd / "opslag.csv").write_bytes(_wall_csv())
    _agenda_minutes(rd / "referat.docx")
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n'
        "  - {file: resultater.xlsx, type: workshop, name: Dialogmøde}\n"
        "  - {file: board.csv, type: workshop, name: Workshop}\n"
        "  - {file: opslag.csv, type: workshop, name: Opslagsvæg}\n"
        "  - {file: referat.docx, type: meeting, name: Referat}\n", encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean")


def _kept(run, file: str):  # noqa: ANN001, ANN202
    st = run.statements
    return st[(st["source_file"] == file) & (st["status"] != "rejected")]


def _problems(run, file: str, code: str) -> list[str]:  # noqa: ANN001
    p = run.problems
    return list(p.loc[(p["source_file"] == file) & (p["code"] == code), "message"])


def test_results_question_by_question(workshop) -> None:  # noqa: ANN001
    st = _kept(workshop, "resultater.xlsx")
    assert sorted(st["text"]) == sorted([CONTEXT[0], CONTEXT[1], "rent drikkevand",
                                         "bæredygtigt byggeri", CONTEXT[2]])
    q = dict(zip(st["text"], st["question"], strict=True))
    assert q[CONTEXT[0]] == "Hvad er den største udfordring for trafikken i din kommune?"
    assert q[CONTEXT[2]] == "Hvad mangler i udkastet?"     # the second sheet is read too
    assert set(st["locator"]) >= {"sheet=Results;row=6", "sheet=Slide 2;row=4"}
    counts = _problems(workshop, "resultater.xlsx", "aggregated_results")
    assert len(counts) == 2 and any("Kollektiv trafik 12" in m and "row 14" in m
                                    for m in counts)
    assert any("Meget enig 12" in m for m in counts)
    assert _problems(workshop, "resultater.xlsx", "furniture")   # titles and slide types


def test_board_notes_frames_and_authors(workshop) -> None:  # noqa: ANN001
    st = _kept(workshop, "board.csv")
    assert sorted(st["text"]) == sorted([SIB[688], SIB[556]])   # HTML removed, once each
    assert set(st["question"]) == {"Bord 2: Klima"}
    muni = dict(zip(st["text"], st["municipality_name"].fillna(""), strict=True))
    assert muni[SIB[688]] == "Gribskov"                          # the tag names it
    [items] = _problems(workshop, "board.csv", "furniture")
    assert "frame" in items and "shape item (row=4)" in items and "connector" in items


def test_wall_posts_subject_and_body(workshop) -> None:  # noqa: ANN001
    st = _kept(workshop, "opslag.csv")
    assert sorted(st["text"]) == sorted([f"Rent drikkevand. {SIB[1203]}", SIB[566],
                                         "Kollektiv trafik"])
    assert set(st["question"]) == {"Udfordringer", "Løsninger"}
    [att] = _problems(workshop, "opslag.csv", "attachment_not_read")
    assert "row=5" in att


def test_author_names_are_gone_everywhere(workshop) -> None:  # noqa: ANN001
    for name in [*AUTHORS, "Kirsten Madsen"]:
        for table in (workshop.statements, workshop.problems, workshop.rejects):
            assert not table.astype(str).apply(lambda c, n=name: c.str.contains(n)).any(
            ).any(), (name, table.columns.tolist())


def test_agenda_minutes(workshop) -> None:  # noqa: ANN001
    st = _kept(workshop, "referat.docx")
    assert sorted(st["text"]) == sorted([SIB[431], f"{SIB[1689]} (se bilag 2)", SIB[566]])
    row = st.set_index("text").loc[SIB[431]]
    assert row["municipality_name"] == "Gribskov" and row["locator"] == "para=10"
    assert row["question"].endswith("> 2. Drøftelse af udkast til RUS")
    assert '"afsnit": "Beslutning"' in st.set_index("text").loc[SIB[566], "context"]
    [furniture] = _problems(workshop, "referat.docx", "furniture")
    for part in ("heading (para=1, para=4, para=6, para=13)", "case presentation (para=8)",
                 "administrative (para=5)", "next steps (para=14)"):
        assert part in furniture
    att = workshop.attendance
    assert set(att.loc[att["source_file"] == "referat.docx", "organisation"]) == {
        "Gribskov Kommune", "Movia"}                        # "Afbud:" is not attendance


def test_unknown_table_layout_says_what_to_declare(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    rd = tmp_path / "R"
    rd.mkdir()
    (rd / "liste.csv").write_text("Nr;Dato;Kommune\n1;2027-02-14;Gribskov\n2;2027-02-14;"
                                  "Halsnæs\n", encoding="utf-8")
    (rd / "manifest.yaml").write_text('round: "R"\nsources:\n  - {file: liste.csv, type: '
                                      "workshop, name: Liste}\n", encoding="utf-8")
    run = run_pipeline(lexical_cfg, [rd], until="clean")
    [msg] = _problems(run, "liste.csv", "missing_column")
    assert "not a workshop layout" in msg and "'Nr', 'Dato', 'Kommune'" in msg
    p = run.problems
    assert "type: survey" in p.loc[p["code"] == "missing_column", "action"].iloc[0]
