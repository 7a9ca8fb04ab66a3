"""Agenda minutes and workshop notes: case presentation, participant sections, no_records.

Regression tests for three ways notes lost what was said: a "Baggrund:" paragraph in a
workshop summary turned the rest of the table's notes into case presentation; a
"Deltagere" or "3. Eventuelt" heading kept typed agenda items from being read, so the
discussion was read as the participant list (and "Gribskov Kommune pegede på" attended
the meeting); and the no_records warning then said no paragraphs were found. The
minutes and notes are invented, written as a region's secretariat writes them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from rus_analysis.ingest.notes import looks_like_list_entry
from rus_analysis.ingest.rounds import read_round

GRIBSKOV = ("Gribskov Kommune pegede på, at busbetjeningen i landdistrikterne skal styrkes, "
            "hvis strategiens mål om grøn mobilitet skal nås.")
HALSNAES = ("Halsnæs Kommune savnede en tydeligere prioritering af kysterne og "
            "klimatilpasningen i Hundested.")
CASE = "Regionen har sendt udkastet til strategien i høring frem til 31. marts."
DECISION = "Sekretariatet indarbejder kommunernes bemærkninger i det reviderede udkast."


def _round(tmp_path: Path, files: dict[str, str | bytes], kind: str = "meeting") -> Path:
    rd = tmp_path / "R1"
    rd.mkdir()
    lines = []
    for name, data in files.items():
        path = rd / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        lines.append(f"  - {{file: {name}, type: {kind}, name: Møde}}\n")
    (rd / "manifest.yaml").write_text('round: "R1"\nsources:\n' + "".join(lines),
                                      encoding="utf-8")
    return rd


def _furniture(res, file: str) -> str:  # noqa: ANN001
    p = res.problems
    [line] = p.loc[(p["source_file"] == file) & (p["code"] == "furniture"), "message"]
    return line


def test_baggrund_in_workshop_notes_is_context_not_case_presentation(tmp_path, lexical_cfg
                                                                     ) -> None:  # noqa: ANN001
    notes = ("Workshop om klima\n\nDeltagere: Furesø Kommune, Rudersdal Kommune\n\n"
             "## Bord 1: Vand og klima\n\n"
             "Regionen bør kortlægge jordforureningen tæt på drikkevandsboringerne.\n\n"
             "Baggrund: Deltagerne fortalte om oversvømmelserne i Gilleleje i 2023 og om "
             "kysterosionen.\n\n"
             "Der er brug for en fælles regional plan for kystbeskyttelse, som kommunerne "
             "kan finansiere sammen.\n\n"
             "Rudersdal Kommune: Vi vil gerne dele data om grundvandet med nabokommunerne.\n")
    res = read_round(_round(tmp_path, {"ws.md": notes}, kind="workshop"), lexical_cfg)
    rec = res.records.set_index("locator")
    assert list(rec.index) == ["line=7", "line=9", "line=11", "line=13"]
    assert rec.loc["line=9", "text_raw"].startswith("Deltagerne fortalte om oversvømmelserne")
    assert json.loads(rec.loc["line=9", "context"])["afsnit"] == "Baggrund"
    assert "afsnit" not in json.loads(rec.loc["line=11", "context"])   # its own paragraph
    assert rec.loc["line=13", "organisation"] == "Rudersdal Kommune"
    assert "case presentation" not in _furniture(res, "ws.md")


def test_agenda_txt_with_eventuelt_item_reads_the_discussion(tmp_path, lexical_cfg
                                                             ) -> None:  # noqa: ANN001
    minutes = ("Referat af dialogmøde om Regional Udviklingsstrategi\n\n"
               "Deltagere: Gribskov Kommune, Halsnæs Kommune, Hillerød Kommune, Movia\n\n"
               "1. Velkomst\n\nRegionsrådsformanden bød velkommen.\n\n"
               "2. Drøftelse af udkast til RUS\n\n"
               "Sagsfremstilling:\n\n"
               "Udkastet bygger på fire temaer: mobilitet, klima, uddannelse og erhverv.\n\n"
               "Movia: Vi foreslår en fælles takstzone for hele hovedstadsområdet.\n\n"
               f"Baggrund: {CASE}\n\n{GRIBSKOV}\n\n{HALSNAES}\n\n"
               f"Beslutning: {DECISION}\n\n3. Eventuelt\n\nIntet.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    rec = res.records.set_index("text_raw")
    assert list(rec.index) == [
        "Vi foreslår en fælles takstzone for hele hovedstadsområdet.",   # names its speaker
        GRIBSKOV, HALSNAES, DECISION]   # "Baggrund:" covered its own paragraph only
    assert set(rec["question"]) == {
        "Referat af dialogmøde om Regional Udviklingsstrategi > 2. Drøftelse af udkast til RUS"}
    assert rec.loc["Vi foreslår en fælles takstzone for hele hovedstadsområdet.",
                   "organisation"] == "Movia"
    assert json.loads(rec.loc[DECISION, "context"])["afsnit"] == "Beslutning"
    furniture = _furniture(res, "referat.txt")
    assert "case presentation (line=13, line=17)" in furniture
    assert "next steps (line=27)" in furniture
    assert not (res.problems["code"] == "no_records").any()


def test_agenda_txt_typed_line_by_line_is_cut_at_labels_and_speakers(tmp_path, lexical_cfg
                                                                     ) -> None:  # noqa: ANN001
    minutes = ("Referat af dialogmøde om Regional Udviklingsstrategi\n\n"
               "Deltagere: Gribskov Kommune, Halsnæs Kommune, Movia\n\n"
               "1. Velkomst\n\nRegionsrådsformanden bød velkommen.\n\n"
               "2. Drøftelse af udkast til RUS\n\n"
               f"Baggrund: {CASE}\n{GRIBSKOV}\n{HALSNAES}\nBeslutning: {DECISION}\n\n"
               "3. Eventuelt\n\nIntet.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    rec = res.records
    assert list(zip(rec["locator"], rec["text_raw"], strict=True)) == [
        ("line=12", GRIBSKOV), ("line=13", HALSNAES), ("line=14", DECISION)]
    assert "case presentation (line=11)" in _furniture(res, "referat.txt")


def _docx_minutes() -> bytes:
    d = docx.Document()
    d.add_heading("Referat af dialogmøde om Regional Udviklingsstrategi", 1)   # para=1
    d.add_heading("Deltagere", 2)                                              # para=2
    for org in ("Gribskov Kommune – borgmester", "Halsnæs Kommune – planchef", "Movia"):
        d.add_paragraph(org, style="List Bullet")                              # para=3-5
    d.add_paragraph("1. Velkomst")                                             # para=6
    d.add_paragraph("Regionsrådsformanden bød velkommen.")                     # para=7
    d.add_paragraph("2. Drøftelse af udkast til RUS")                          # para=8
    d.add_paragraph(GRIBSKOV)                                                  # para=9
    d.add_paragraph(HALSNAES)                                                  # para=10
    d.add_paragraph("3. Eventuelt")                                            # para=11
    d.add_paragraph("Intet.")                                                  # para=12
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_minutes_with_deltagere_heading(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    res = read_round(_round(tmp_path, {"referat.docx": _docx_minutes()}), lexical_cfg)
    rec = res.records
    assert list(zip(rec["locator"], rec["text_raw"], strict=True)) == [
        ("para=9", GRIBSKOV), ("para=10", HALSNAES)]
    assert rec["question"].str.endswith("> 2. Drøftelse af udkast til RUS").all()
    att = res.attendance
    assert list(att["organisation"]) == ["Gribskov Kommune", "Halsnæs Kommune", "Movia"]
    assert "next steps (para=12)" in _furniture(res, "referat.docx")


def test_discussion_after_participant_list_is_read_not_attendance(tmp_path, lexical_cfg
                                                                  ) -> None:  # noqa: ANN001
    d = docx.Document()
    d.add_heading("Dialogmøde om trafik i Nordsjælland", 1)
    d.add_heading("Deltagere", 2)
    d.add_paragraph("Mette Holm (Gribskov Kommune)", style="List Bullet")
    d.add_paragraph("Hillerød Kommune – teknisk direktør", style="List Bullet")
    d.add_paragraph(GRIBSKOV)
    d.add_paragraph(HALSNAES)
    d.add_heading("Næste skridt", 2)
    d.add_paragraph("Referatet sendes til deltagerne.")
    d.save(tmp_path / "referat.docx")
    rd = _round(tmp_path, {"referat.docx": (tmp_path / "referat.docx").read_bytes()})
    res = read_round(rd, lexical_cfg)
    assert list(res.records["text_raw"]) == [GRIBSKOV, HALSNAES]
    assert list(res.attendance["organisation"]) == ["Gribskov Kommune", "Hillerød Kommune"]
    assert "participants (para=3, para=4)" in _furniture(res, "referat.docx")


@pytest.mark.parametrize(("line", "entry"), [
    ("Gribskov Kommune – borgmester", True),
    ("Mette Holm (Gribskov Kommune, referent)", True),
    ("Søren Nielsen, enhedschef, Region Hovedstaden.", True),
    ("Region Hovedstaden – formand for Udvalget for trafik og regional udvikling", True),
    ("Dansk Ungdoms Fællesråd", True),
    ("Gribskov Kommune pegede på, at busbetjeningen skal styrkes", False),
    (HALSNAES, False),
    ("Halsnæs Kommune savnede en tydeligere prioritering af kysterne", False),
    ("Regionsrådsformanden bød velkommen.", False),
    ("Fra kommunerne:", False),
    ("Halsnæs Kommune savnede flere busser, især om aftenen.", False),
    ("Furesø Kommune ønsker rent grundvand, også i Mølleåens opland.", False),
    ("Trafikken på Kongevejen er et problem, især om morgenen.", False),
    ("Movia, trafikplanlægning", True),
])
def test_looks_like_list_entry(line: str, entry: bool) -> None:
    assert looks_like_list_entry(line) is entry


def test_no_records_says_what_happened_to_the_paragraphs(tmp_path, lexical_cfg
                                                         ) -> None:  # noqa: ANN001
    intro = ("# Workshop om grøn omstilling\n\n"
             "Kommunerne drøftede, hvordan regionen kan understøtte energirenovering.\n\n"
             "Flere borde ønskede en fælles indsats for solceller på offentlige tage.\n\n"
             "## Bord 1: Energi\n")
    minutes = ("Referat af orienteringsmøde\n\nDeltagere: Gribskov Kommune, Movia\n\n"
               "1. Velkomst\n\nFormanden bød velkommen.\n\n2. Orientering om udkastet\n\n"
               f"Sagsfremstilling:\n\n{CASE}\n\n3. Eventuelt\n\nIntet.\n")
    res = read_round(_round(tmp_path, {"ws.md": intro, "referat.txt": minutes}),
                     lexical_cfg)
    p = res.problems[res.problems["code"] == "no_records"].set_index("source_file")
    ws = p.loc["ws.md"]
    assert "all 2 paragraph(s) found were set aside" in ws["message"]
    assert "outside group 2" in ws["message"] and "heading" in ws["action"].lower()
    ref = p.loc["referat.txt"]
    assert "case presentation 1" in ref["message"] and "label 1" in ref["message"]
    assert "Drøftelse:" in ref["action"]


def test_text_under_title_is_read_when_only_furniture_headings_follow(tmp_path, lexical_cfg
                                                                      ) -> None:  # noqa: ANN001
    minutes = (f"Referat af møde om trafik i Nordsjælland\n\n{GRIBSKOV}\n\n{HALSNAES}\n\n"
               "Deltagere\nGribskov Kommune\nHalsnæs Kommune\n\n"
               "Næste skridt\nReferatet sendes rundt til deltagerne.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    assert list(res.records["text_raw"]) == [GRIBSKOV, HALSNAES]
    assert set(res.records["question"]) == {"Referat af møde om trafik i Nordsjælland"}
    assert list(res.attendance["organisation"]) == ["Gribskov Kommune", "Halsnæs Kommune"]


def test_short_deltagere_line_in_txt_is_the_list_not_a_heading(tmp_path, lexical_cfg
                                                               ) -> None:  # noqa: ANN001
    minutes = ("Referat af orienteringsmøde\n\nDeltagere: Gribskov Kommune, Movia\n\n"
               "Bord 1: Mobilitet\n\n"
               "Movia: Vi foreslår en fælles takstzone for hele hovedstadsområdet.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    assert list(res.attendance["organisation"]) == ["Gribskov Kommune", "Movia"]
    assert not (res.problems["code"] == "participants_not_found").any()


def _docx(build) -> bytes:  # noqa: ANN001 - a function filling a docx.Document
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_sentences_with_commas_below_the_list_are_read_not_attendance(tmp_path, lexical_cfg
                                                                      ) -> None:  # noqa: ANN001
    said = ["Halsnæs Kommune savnede flere busser, især om aftenen.",
            "Furesø Kommune ønsker rent grundvand, også i Mølleåens opland.",
            "Trafikken på Kongevejen er et problem, især om morgenen."]

    def build(d) -> None:  # noqa: ANN001
        d.add_heading("Dialogmøde om trafik og vand i Nordsjælland", 1)
        d.add_heading("Deltagere", 2)
        for org in ("Gribskov Kommune", "Movia"):
            d.add_paragraph(org, style="List Bullet")
        for x in said:
            d.add_paragraph(x)

    res = read_round(_round(tmp_path, {"referat.docx": _docx(build)}), lexical_cfg)
    assert list(res.records["text_raw"]) == said
    assert list(res.attendance["organisation"]) == ["Gribskov Kommune", "Movia"]
    assert not (res.problems["code"] == "no_records").any()


def test_agenda_items_styled_heading_1_under_a_title_keep_the_case_presentation_out(
        tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    case = ("Regionsrådet har den 12. januar sendt forslaget til strategien i offentlig "
            "høring frem til 31. marts.")

    def build(d) -> None:  # noqa: ANN001
        d.add_heading("Referat af dialogmøde om Regional Udviklingsstrategi", 0)  # Title
        d.add_heading("Deltagere", 1)
        for org in ("Gribskov Kommune – borgmester", "Movia"):
            d.add_paragraph(org, style="List Bullet")
        d.add_heading("1. Velkomst", 1)
        d.add_paragraph("Regionsrådsformanden bød velkommen.")
        d.add_heading("2. Drøftelse af udkast til RUS", 1)
        d.add_paragraph("Sagsfremstilling:")
        d.add_paragraph(case)                                                     # para=9
        d.add_paragraph("Drøftelse:")
        d.add_paragraph(GRIBSKOV)                                                # para=11
        d.add_heading("3. Eventuelt", 1)
        d.add_paragraph("Intet.")                                                # para=13

    res = read_round(_round(tmp_path, {"referat.docx": _docx(build)}), lexical_cfg)
    rec = res.records
    assert list(zip(rec["locator"], rec["text_raw"], strict=True)) == [("para=11", GRIBSKOV)]
    assert rec["question"].str.endswith("> 2. Drøftelse af udkast til RUS").all()
    assert list(res.attendance["organisation"]) == ["Gribskov Kommune", "Movia"]
    furniture = _furniture(res, "referat.docx")
    assert "case presentation (para=9)" in furniture
    assert "next steps (para=13)" in furniture


def test_standalone_sagsfremstilling_ends_at_the_first_speaker(tmp_path, lexical_cfg
                                                               ) -> None:  # noqa: ANN001
    after = ["Flere deltagere ønskede en stærkere prioritering af klimatilpasning langs "
             "kysterne.",
             "Der var enighed om, at grundvandet skal beskyttes bedre i hele regionen."]
    minutes = ("Referat af dialogmøde om RUS\n\n"
               "Deltagere: Gribskov Kommune, Furesø Kommune, Movia\n\n"
               "1. Velkomst\n\nRegionsrådsformanden bød velkommen.\n\n"
               "2. Drøftelse af udkast til RUS\n\nSagsfremstilling:\n\n"
               f"{CASE}\n\n{GRIBSKOV}\n\n{after[0]}\n\n{after[1]}\n\n"
               "3. Næste møde\n\nNæste møde afholdes i juni.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    assert list(res.records["text_raw"]) == [GRIBSKOV, *after]
    assert "case presentation (line=13)" in _furniture(res, "referat.txt")


def test_eventuelt_point_that_names_its_speaker_is_read(tmp_path, lexical_cfg
                                                        ) -> None:  # noqa: ANN001
    furesoe = ("Furesø Kommune foreslog, at regionen samler kommunerne om en fælles "
               "indsats for rent grundvand i Mølleåens opland.")
    unnamed = ("Det blev foreslået, at der holdes et særskilt møde om kystbeskyttelse "
               "langs Øresund.")
    minutes = ("Referat af dialogmøde om RUS\n\n"
               "Deltagere: Gribskov Kommune, Furesø Kommune, Movia\n\n"
               "1. Velkomst\n\nRegionsrådsformanden bød velkommen.\n\n"
               f"2. Drøftelse af udkast til RUS\n\n{GRIBSKOV}\n\n"
               f"3. Eventuelt\n\n{furesoe}\n\n{unnamed}\n\nIntet yderligere.\n")
    res = read_round(_round(tmp_path, {"referat.txt": minutes}), lexical_cfg)
    assert list(res.records["text_raw"]) == [GRIBSKOV, furesoe]
    assert "next steps (line=17, line=19)" in _furniture(res, "referat.txt")
    p = res.problems
    [warn] = p.loc[p["code"] == "eventuelt_not_read"].itertuples()
    assert warn.severity == "warning" and warn.value == "line=17"
