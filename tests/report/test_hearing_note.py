"""The høringsnotat: every responding municipality and organisation once, with at least
one point each, in the order of the list of respondents; who was invited and who
answered; HTML escaped and printable on A4; the Word file opens in python-docx."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from browser import chromium, dump_dom
from rus_analysis.config import Config
from rus_analysis.pipeline import run_pipeline
from rus_analysis.processed import RunTables
from rus_analysis.report.hearing_note import (
    CITIZENS,
    OTHERS,
    Respondent,
    _files_without_statements,
    _invited_and_answered,
    hearing_note,
    respondent_of,
    write_hearing_note,
)

TITLE = "Input til den regionale udviklingsstrategi"


@pytest.fixture(scope="module")
def demo(lexical_cfg: Config) -> RunTables:
    return run_pipeline(lexical_cfg)


@pytest.fixture(scope="module")
def written(demo: RunTables, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_hearing_note(demo, tmp_path_factory.mktemp("note"), TITLE)


def _expected(tables: RunTables) -> tuple[set[str], set[str]]:
    """Municipality codes and organisation names that answered, from the statements."""
    st = tables.statements
    kom = st[(st["stakeholder_type"] == "kommune") & st["municipality_code"].notna()]
    org = st["organisation"].fillna("").str.strip()
    # a municipality outside the region that answered (Roskilde in round 2026) is listed
    # with the organisations: it is not one of the 29
    outside = (st["stakeholder_type"] == "kommune") & st["municipality_code"].isna()
    orgs = st[(org != "") & ((st["stakeholder_type"] != "kommune") | outside)
              & (org.str.casefold() != "privatperson")]
    return set(kom["municipality_code"]), set(orgs["organisation"].str.strip())


def test_every_respondent_once_with_a_point_in_list_order(demo: RunTables) -> None:
    note = hearing_note(demo, TITLE)
    codes, orgs = _expected(demo)
    names = [r.name for r in note.respondents]
    assert len(names) == len(set(names))                         # each once
    kinds = [r.kind for r in note.respondents]
    assert kinds == sorted(kinds, key=["kommune", "organisation", "borgere",
                                       "deltagere"].index)       # municipalities first
    assert sum(k == "kommune" for k in kinds) == len(codes)
    assert {r.name for r in note.respondents if r.kind == "organisation"} == orgs
    assert all(r.points for r in note.respondents)               # at least one point each
    assert "Privatperson" not in names and CITIZENS in names     # citizens anonymised
    for r in note.respondents:
        assert [p.theme for p in r.points] == list(dict.fromkeys(p.theme for p in r.points))
        assert all(len(p.text) <= 282 and p.text for p in r.points)
    munis = note.municipalities
    assert len(munis) == 29
    invited = set(demo.invitations["municipality_code"].dropna())
    assert (munis["inviteret"] == "ja").sum() == len(invited)
    assert (munis["svaret"] == "ja").sum() == len(codes)
    ku = note.organisations.set_index("organisation").loc["Københavns Universitet"]
    assert (ku["inviteret"], ku["svaret"]) == ("ja", "nej")      # its letter was empty ...
    assert any("hoeringssvar_koebenhavns_universitet.txt" in n for n in note.notes)  # ... said


def test_html_lists_respondents_and_sections_in_the_same_order(demo, written) -> None:
    html_path, _ = written
    dom = dump_dom(html_path) if chromium() else html_path.read_text(encoding="utf-8")
    note = hearing_note(demo, TITLE)
    listed = dom.index("<ol class=\"respondents\">")
    pos_list = [dom.index(f"<li>{r.name}</li>", listed) for r in note.respondents]
    pos_sec = [dom.index(f"{i}. {r.name}</h3>") for i, r in enumerate(note.respondents, 1)]
    assert pos_list == sorted(pos_list) and pos_sec == sorted(pos_sec)
    assert "Inviterede og svar" in dom and "Hovedpunkter pr. part" in dom


def test_word_document_opens_and_says_the_same(demo, written) -> None:
    from docx import Document

    _, docx_path = written
    doc = Document(str(docx_path))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    note = hearing_note(demo, TITLE)
    sections = [f"{i}. {r.name}" for i, r in enumerate(note.respondents, 1)]
    assert [h for h in heads if h[0].isdigit()] == sections
    bullets = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == sum(len(r.points) for r in note.respondents)
    assert len(doc.tables) == 2 and len(doc.tables[0].rows) == 30   # header + 29 municipalities
    assert doc.tables[0].rows[0].cells[0].text == "kommune"


def test_text_from_input_is_escaped_and_positions_shown(demo, tmp_path: Path) -> None:
    st = demo.statements.copy()
    dsb = st["organisation"] == "DSB"
    st.loc[dsb, "organisation"] = "DSB <script>alert(1)</script>"
    sid = st.loc[dsb, "statement_id"].tolist()

    tables = dataclasses.replace(demo, statements=st, positions=pd.DataFrame(
        {"statement_id": sid, "position": "bekymring"}))
    html_path, _ = write_hearing_note(tables, tmp_path, TITLE)
    text = html_path.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "DSB &lt;script&gt;alert(1)&lt;/script&gt;" in text
    note = hearing_note(tables, TITLE)
    dsb_note = next(r for r in note.respondents if r.name.startswith("DSB"))
    assert {p.position for p in dsb_note.points} == {"bekymring"}
    assert "holdning: bekymring" in text


def test_respondent_of_groups_departments_under_their_municipality() -> None:
    st = pd.DataFrame({"statement_id": ["a", "b", "c", "d", "e"],
                       "organisation": ["Gribskov Kommune, Teknik", "Gribskov Kommune", "",
                                        "Privatperson", "Movia"],
                       "stakeholder_type": ["kommune", "kommune", "ukendt", "borger",
                                            "trafikselskab"],
                       "municipality_code": ["0270", "0270", "0270", "0270", None]})
    who = respondent_of(st)
    assert who["respondent_name"].tolist() == ["Gribskov Kommune", "Gribskov Kommune",
                                               "Øvrige deltagere uden angivet organisation",
                                               CITIZENS, "Movia"]


@pytest.mark.skipif(chromium() is None or shutil.which("pdftotext") is None,
                    reason="needs chromium and pdftotext")
def test_printed_on_a4_keeps_every_respondent(demo, written) -> None:
    html_path, _ = written
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "note.pdf"
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", html_path.resolve().as_uri()],
                       check=True, capture_output=True, timeout=180)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True).stdout
    assert "(A4)" in info                                         # pdfinfo names the size
    flat = " ".join(text.split())
    for r in hearing_note(demo, TITLE).respondents:
        assert " ".join(r.name.split()) in flat


def test_files_without_statements_give_the_reason_of_their_own_round() -> None:
    # the same file name in two rounds: each line names its own round's reason
    acc = pd.DataFrame({"round": ["2025", "2026"], "source_file": ["brev.pdf", "brev.pdf"],
                        "kept": [0, 0], "merged": [0, 0]})
    rej = pd.DataFrame({"round": ["2025", "2026"], "source_file": ["brev.pdf", "brev.pdf"],
                        "reason": ["Filen er tom", "Filen er beskadiget"]})
    tables = SimpleNamespace(accounting=acc, rejects=rej)
    (line,) = _files_without_statements(tables)
    assert "brev.pdf (runde 2025: Filen er tom)" in line
    assert "brev.pdf (runde 2026: Filen er beskadiget)" in line


@pytest.mark.parametrize("sender", ["Privat", "Anonym", "Anonymous", "Borger",
                                    "Privatperson", "[NAVN]"])
def test_a_private_sender_is_a_citizen_never_named(sender: str) -> None:
    st = pd.DataFrame({"statement_id": ["a", "b"], "organisation": [sender, "Movia"],
                       "stakeholder_type": ["ukendt", "trafikselskab"],
                       "municipality_code": [None, None]})
    who = respondent_of(st)
    assert who["respondent_name"].tolist() == [CITIZENS, "Movia"]


def test_one_organisation_written_three_ways_is_one_respondent() -> None:
    """The høringsnotat groups senders as the voices count them (``pii.organisation_key``):
    "Movia", "Movia." and " MOVIA" are one respondent, as they are one voice."""
    st = pd.DataFrame({"statement_id": ["a", "b", "c"],
                       "organisation": ["Movia", "Movia.", " MOVIA"],
                       "stakeholder_type": ["trafikselskab"] * 3,
                       "municipality_code": [None] * 3})
    assert respondent_of(st)["respondent"].nunique() == 1


def test_a_citizen_is_never_named_whatever_the_organisation_cell_holds() -> None:
    """A cell that says its sender is a private person ("Borger, Jens Peter Holm", which
    once slipped through as a respondent) names no one, even if cleaning missed the name.
    An organisation of no known group and a citizens' association answered too, and are
    named; a sender-less meeting voice is "others"."""
    st = pd.DataFrame({"statement_id": list("abcdefgh"),
                       "organisation": ["Borger, Jens Peter Holm", "Grundejerne ved Kysten",
                                        "Borgergruppen for Bedre Trafik", "Movia", "",
                                        "Borger i Gilleleje", "Privat borger",
                                        "Grundejerforeningen Kysten"],
                       "stakeholder_type": ["borger", "ukendt", "borger", "trafikselskab",
                                            "ukendt", "borger", "borger", "borger"],
                       "municipality_code": [None] * 8})
    assert respondent_of(st)["respondent_name"].tolist() == [
        CITIZENS, "Grundejerne ved Kysten", "Borgergruppen for Bedre Trafik", "Movia", OTHERS,
        CITIZENS, CITIZENS, "Grundejerforeningen Kysten"]


def test_invited_attending_and_answering_organisations_share_one_row() -> None:
    """"Novafos." invited, "NOVAFOS." attending and "Novafos" answering are one
    organisation: one row that says invited, attended and answered, not one of each."""
    inv = pd.DataFrame({"municipality_code": [None], "organisation": ["Novafos."]})
    att = pd.DataFrame({"municipality_code": [None], "organisation": ["NOVAFOS."]})
    who = respondent_of(pd.DataFrame({"statement_id": ["a"], "organisation": ["Novafos"],
                                      "stakeholder_type": ["forsyning"],
                                      "municipality_code": [None]}))
    answered = [Respondent(key=who["respondent"][0], name="Novafos", kind="organisation",
                           group="forsyning", statements=1, sources="", points=[],
                           more_themes=0)]
    _, orgs = _invited_and_answered(SimpleNamespace(invitations=inv, attendance=att), answered)
    assert len(orgs) == 1
    row = orgs.iloc[0]
    assert (row["inviteret"], row["deltog i møde"], row["svaret"], row["udsagn"]) == \
        ("ja", "ja", "ja", 1)
