"""The ingest stage on good input: the demo rounds, the readers' detection rules, stable
ids, invitations and attendance. Hostile input is in test_hostile_ingest.py."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rus_analysis.config import Config, IngestOptions, load_config
from rus_analysis.ingest import (
    FILE_COLUMNS,
    IngestResult,
    read_configured,
    read_round,
    read_rounds,
)
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.notes import participant_org, speaker_of, text_blocks
from rus_analysis.ingest.records import record_id, slug
from rus_analysis.ingest.tables import find_header
from rus_analysis.ingest.textfile import decode_bytes, sniff_delimiter
from rus_analysis.problems import ProblemLog
from rus_analysis.reference import Resolution, get_resolver
from rus_analysis.schema import ATTENDANCE_COLUMNS, INVITATION_COLUMNS, RECORD_COLUMNS
from support import DEMO, ROOT


def _cfg(**ingest: object) -> Config:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    return dataclasses.replace(cfg, ingest=IngestOptions(**{"strict": False,
                                                            "max_file_mb": 200.0, **ingest}))


def _ctx() -> FileContext:
    return FileContext("r", "f.csv", ProblemLog())


# --- the demo data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> IngestResult:
    if not (DEMO / "2022-23" / "manifest.yaml").is_file():
        pytest.fail("the demo data set data/raw/demo is missing")
    return read_rounds([DEMO], _cfg())


def test_demo_tables_have_the_contract_columns(demo: IngestResult) -> None:
    assert list(demo.records.columns) == list(RECORD_COLUMNS)
    assert list(demo.invitations.columns) == list(INVITATION_COLUMNS)
    assert list(demo.attendance.columns) == list(ATTENDANCE_COLUMNS)
    assert list(demo.files.columns) == list(FILE_COLUMNS)
    assert all(str(t) == "string" for t in demo.records.dtypes)
    assert str(demo.files["n_records"].dtype) == "Int64"
    assert demo.files["n_records"].sum() == len(demo.records)


def test_demo_reads_without_errors(demo: IngestResult) -> None:
    assert demo.ok, demo.problems.to_dict("records")
    assert set(demo.records["round"]) == {"2022-23", "2025", "2026"}
    assert set(demo.records["source_type"]) == {"survey", "meeting", "workshop", "written"}
    assert (demo.files["status"].isin(["ok", "warning"])).all()
    assert demo.records["record_id"].is_unique
    assert (demo.records["text_raw"].str.strip() != "").all()


def test_demo_one_record_per_letter_paragraph(demo: IngestResult) -> None:
    r = demo.records
    letters = r[r["source_type"] == "written"]
    dsb = letters[letters["source_file"] == "hoeringssvar_dsb.pdf"]
    assert len(dsb) == 5 and set(dsb["organisation"]) == {"DSB"}
    assert dsb["locator"].str.match(r"page=\d+;para=\d+$").all()
    # the greeting and the signature block are furniture, not records
    assert not dsb["text_raw"].str.contains("Kære|hilsen|Tlf", regex=True).any()
    kk = letters[letters["source_file"] == "hoeringssvar_koebenhavns_kommune.docx"]
    assert set(kk["municipality_raw"]) == {"København"}
    assert kk["locator"].str.match(r"para=\d+$").all()
    # a letter's date and subject are kept as metadata of its records
    de = letters[letters["source_file"] == "hoeringssvar_dansk_erhverv.pdf"]
    assert set(de["context"]) == {'{"letter_date": "2026-03-04", "subject": '
                                  '"Høringssvar vedr. regional udviklingsstrategi"}'}


def test_demo_survey_records(demo: IngestResult) -> None:
    r = demo.records
    xl = r[r["source_file"] == "spoergeskema_strategidialog_2022.xlsx"]
    assert xl["locator"].str.match(r"sheet=Besvarelser;row=\d+;col=q[1-4]$").all()
    assert set(xl["question_id"]) == {"q1", "q2", "q3", "q4"}
    assert (xl["respondent_id"] != "").all()
    csv = r[r["source_file"] == "spoergeskema_aarligt_dialogmoede_2025.csv"]
    assert csv["source_date"].str.match(r"2025-\d\d-\d\d$").all()   # dd-mm-yyyy -> ISO
    f = demo.files.set_index("source_file")
    assert f.loc["spoergeskema_aarligt_dialogmoede_2025.csv", "delimiter"] == ";"
    assert int(f.loc["spoergeskema_strategidialog_2022.xlsx", "n_empty_cells"]) > 0


def test_demo_meetings_give_speakers_and_attendance(demo: IngestResult) -> None:
    r = demo.records
    m = r[r["source_file"] == "dialogmoede_udvalgsformaend_trafik_2023-01-12.docx"]
    assert m["question"].str.startswith("Dialogmøde med udvalgsformænd").all()
    assert m["question"].str.contains(" > ").all()
    assert m["question"].str.contains(" > Bord 1: ").any()
    assert "Halsnæs Kommune" in set(m["organisation"])
    assert not m["text_raw"].str.startswith("Halsnæs Kommune:").any()
    att = demo.attendance
    trafik = att[att["source_file"] == "dialogmoede_udvalgsformaend_trafik_2023-01-12.docx"]
    assert {"0270", "0260", "0219"} <= set(trafik["municipality_code"].dropna())
    assert "Region Hovedstaden" in set(trafik["organisation"])
    assert trafik.loc[trafik["organisation"] == "Region Hovedstaden",
                      "municipality_code"].isna().all()


def test_demo_invitations(demo: IngestResult) -> None:
    inv = demo.invitations
    round_level = inv[(inv["round"] == "2022-23") & (inv["source_file"] == "")]
    assert round_level["municipality_code"].dropna().nunique() == 28
    assert "Movia" in set(round_level["organisation"])


def test_demo_invited_and_contributing_municipalities_match_the_answer_key(
        demo: IngestResult) -> None:
    """truth/coverage.yaml lists, per round, who was invited and who contributed; the
    invitations and the municipalities named by records and attendance must match."""
    truth = yaml.safe_load((DEMO / "truth" / "coverage.yaml").read_text(encoding="utf-8"))
    resolver = get_resolver()
    for rid, t in truth["rounds"].items():
        inv = demo.invitations[demo.invitations["round"] == rid]
        assert set(inv["municipality_code"].dropna()) == set(t["invited"]), rid
        recs = demo.records[demo.records["round"] == rid]
        named = {resolver.resolve(v).code for col in ("municipality_raw", "organisation")
                 for v in recs[col].unique()} - {None}
        att = demo.attendance[demo.attendance["round"] == rid]
        assert named | set(att["municipality_code"].dropna()) == set(t["contributed"]), rid


def test_demo_ids_are_stable_across_runs(demo: IngestResult) -> None:
    again = read_rounds([DEMO / "2026", DEMO / "2025", DEMO / "2022-23"], _cfg())
    pd.testing.assert_frame_equal(demo.records, again.records)
    assert (demo.files["sha256"].str.len() == 64).all()


def test_read_configured_uses_config_paths() -> None:
    res = read_configured(dataclasses.replace(
        _cfg(), paths=dataclasses.replace(_cfg().paths, raw=DEMO, rounds=("2025",))))
    assert set(res.records["round"]) == {"2025"}


# --- manifest, invitations ------------------------------------------------------------------

def test_alle_means_all_29_and_octal_codes(tmp_path: Path) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "a.txt").write_text("Kære region\n\nMere bus.\n", encoding="utf-8")
    (rd / "manifest.yaml").write_text(
        'round: "x"\ninvited_municipalities: alle\ninvited_organisations: [Movia, 0101]\n'
        "sources:\n  - {file: a.txt, type: written, name: A, organisation: Movia,\n"
        "     invited_municipalities: [Kbh., Hoeje Taastrup, Aarhus]}\n", encoding="utf-8")
    res = read_round(rd, _cfg())
    inv = res.invitations
    assert inv.loc[inv["source_file"] == "", "municipality_code"].dropna().nunique() == 29
    # YAML reads the unquoted code 0101 as octal 65; it still means København
    assert ((inv["organisation"] == "København") & (inv["municipality_code"] == "0101")
            & (inv["source_file"] == "")).sum() == 1
    assert inv.loc[inv["organisation"] == "Movia", "municipality_code"].isna().all()
    src = inv[inv["source_file"] == "a.txt"]
    assert set(src["municipality_code"]) == {"0101", "0169"}
    p = res.problems.iloc[0]
    assert p["code"] == "unknown_municipality" and "Aarhus" in p["message"]
    assert p["severity"] == "warning"


@pytest.mark.parametrize(("yaml_text", "fragment"), [
    ("sources: []\n", "'round' is required"),
    ('round: "x"\nsources:\n  - {file: a.csv, type: survy, name: A}\n', "type"),
    ('round: "x"\nsources:\n  - {file: a.csv, type: survey, date: 15-11-2022}\n', "ISO date"),
    ('round: "x"\nsources:\n  - {file: a.txt, type: written}\n', "organisation"),
    ('round: "x"\nsources:\n  - {file: ../a.txt, type: meeting}\n', "inside the round"),
    ('round: "x"\nsources:\n  - {file: a.csv, type: survey}\n  - {file: a.csv, type: survey}\n',
     "second time"),
    ("- just a list\n", "must be a mapping"),
])
def test_manifest_errors_name_the_key(tmp_path: Path, yaml_text: str, fragment: str) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "a.csv").write_text("a\n", encoding="utf-8")
    (rd / "manifest.yaml").write_text(yaml_text, encoding="utf-8")
    res = read_round(rd, _cfg())
    msgs = " | ".join(res.problems["message"])
    assert "manifest.yaml" in msgs and fragment in msgs
    assert "manifest_invalid" in set(res.problems["code"])


def test_missing_manifest_and_collection(tmp_path: Path) -> None:
    (tmp_path / "coll" / "r1").mkdir(parents=True)
    res = read_round(tmp_path / "coll" / "r1", _cfg())
    assert list(res.problems["code"]) == ["manifest_missing"]
    res = read_rounds([tmp_path / "nope"], _cfg())
    assert list(res.problems["code"]) == ["missing_file"]


def test_duplicate_round_ids(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "manifest.yaml").write_text(
            'round: "same"\nsources:\n  - {file: x.txt, type: written, name: X, '
            "organisation: DSB}\n", encoding="utf-8")
        (tmp_path / name / "x.txt").write_text("Flere busser til Hundested.\n",
                                               encoding="utf-8")
    res = read_rounds([tmp_path], _cfg())
    assert "duplicate_round" in set(res.problems["code"])
    assert len(res.records) == 1


# --- surveys and workshops ------------------------------------------------------------------

def test_survey_roles_detected_from_english_headers(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "s.csv").write_bytes(
        "\ufeffResponse ID,Date,Municipality,Organization type,Organization,Age,"
        "What are the biggest challenges towards 2035?\n"
        "7,2024-03-01,Gribskov,Kommune,Gribskov Kommune,40,More buses\n"
        "8,2024-03-02,,,,,\n".encode())
    (rd / "manifest.yaml").write_text(
        'round: "x"\nsources:\n  - {file: s.csv, type: survey, name: S, date: 2024-01-01}\n',
        encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="rus_analysis.ingest"):
        res = read_round(rd, _cfg())
    rec = res.records.iloc[0]
    assert len(res.records) == 1
    assert (rec["respondent_id"], rec["municipality_raw"], rec["organisation"],
            rec["organisation_type_raw"], rec["source_date"], rec["question_id"]) == (
        "7", "Gribskov", "Gribskov Kommune", "Kommune", "2024-03-01", "q1")
    f = res.files.iloc[0]
    assert (f["encoding"], f["delimiter"], f["header_row"], f["n_empty_cells"]) == (
        "utf-8-sig", ",", 1, 1)
    assert any("delimiter=','" in m for m in caplog.messages)


def test_survey_roles_asked_as_questions(tmp_path: Path) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "s.csv").write_text(
        "Hvilken kommune repræsenterer du?;Hvilken type organisation er du fra?;"
        "Hvad er de største udfordringer i din kommune frem mod 2035?\n"
        "Gribskov;Kommune;Busserne\n", encoding="cp1252")
    (rd / "manifest.yaml").write_text(
        'round: "x"\nsources:\n  - {file: s.csv, type: survey, name: S}\n', encoding="utf-8")
    rec = read_round(rd, _cfg()).records.iloc[0]
    assert (rec["municipality_raw"], rec["organisation_type_raw"], rec["text_raw"],
            rec["question_id"]) == ("Gribskov", "Kommune", "Busserne", "q1")


def test_workshop_postits(tmp_path: Path) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "p.csv").write_text("bord,overskrift,tekst,kommune\n3,Trafik,Flere busser,Gribskov\n"
                              "3,Trafik,,\nBord A,Natur,\"Mere skov, tak\",\n",
                              encoding="utf-8")
    (rd / "manifest.yaml").write_text(
        'round: "x"\nsources:\n  - {file: p.csv, type: workshop, name: W}\n', encoding="utf-8")
    res = read_round(rd, _cfg())
    r = res.records
    assert list(r["question"]) == ["Bord 3 > Trafik", "Bord A > Natur"]
    assert list(r["text_raw"]) == ["Flere busser", "Mere skov, tak"]
    assert list(r["municipality_raw"]) == ["Gribskov", ""]
    assert list(r["locator"]) == ["row=2", "row=4"]
    assert res.files.iloc[0]["n_empty_cells"] == 1


# --- detection helpers ----------------------------------------------------------------------

def test_decode_orders() -> None:
    assert decode_bytes("æøå".encode(), _ctx()).encoding == "utf-8"
    assert decode_bytes(b"\xef\xbb\xbf\xc3\xa6", _ctx()).text == "æ"
    d = decode_bytes("æøå\n".encode("cp1252"), _ctx())
    assert (d.text, d.encoding) == ("æøå\n", "cp1252")
    ctx = _ctx()
    d = decode_bytes("æ\n".encode() + "ø\n".encode("cp1252"), ctx)
    assert d.text == "æ\nø\n" and d.encoding.startswith("mixed")
    assert ctx.problems.rows[0]["code"] == "mixed_encoding"
    with pytest.raises(FileRejected):
        decode_bytes(b"a\n\x81\x8d\n", ctx)
    assert ctx.problems.rows[-1]["locator"] == "line=2"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\x00")))
def test_decode_roundtrips_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), _ctx()).text == text.removeprefix("\ufeff")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcæøåÆØÅé€ \n;,\"'-"))
def test_decode_roundtrips_cp1252(text: str) -> None:
    data = text.encode("cp1252")
    # A few cp1252 byte pairs are valid UTF-8 too ("Å€" = "ŀ"); a line like that is read
    # as UTF-8 by design (a mixed file's UTF-8 lines must survive), so leave them out.
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
            assume(line.isascii())
        except UnicodeDecodeError:
            pass
    assert decode_bytes(data, _ctx()).text == text


@pytest.mark.parametrize(("text", "delim"), [
    ("a;b;c\n1;2,5;3\n", ";"), ("a,b,c\n1,\"2;5\",3\n", ","), ("a\tb\n1\t2\n", "\t"),
    ("Titel\n\na;b;c\n1;2;3\n4;5;6\n", ";"),
])
def test_sniff_delimiter(text: str, delim: str) -> None:
    assert sniff_delimiter(text) == delim


def test_find_header_skips_title_rows() -> None:
    rows = [["Eksport 2022", "", ""], ["", "", ""], ["Id", "Svar på spørgsmål", "X"],
            ["1", "a", "b"]]
    assert find_header(rows, set(), None) == 2
    assert find_header(rows, {"svar på spørgsmål"}, None) == 2
    assert find_header(rows, set(), 1) == 0
    # a narrow row holding a header name (a title "Kommune") is not the header
    rows = [["Eksport", "", ""], ["Kommune", "", ""], ["Id", "Kommune", "Svar"],
            ["1", "Gribskov", "Bus"]]
    assert find_header(rows, {"kommune"}, None) == 2


# --- notes ------------------------------------------------------------------------------------

def _resolve(text: str) -> Resolution:
    return get_resolver().resolve(text)


@pytest.mark.parametrize(("line", "org"), [
    ("Gribskov Kommune – borgmester", "Gribskov Kommune"),
    ("Movia – planlægningschef", "Movia"),
    ("Søren Nielsen, enhedschef, Region Hovedstaden", "Region Hovedstaden"),
    ("Anne Hansen - Halsnæs Kommune", "Halsnæs Kommune"),
    ("Novafos", "Novafos"),
])
def test_participant_org(line: str, org: str) -> None:
    assert participant_org(line, set(), _resolve) == org


@pytest.mark.parametrize(("text", "who"), [
    ("Halsnæs Kommune: Busforbindelserne er for dårlige.", "Halsnæs Kommune"),
    ("Movia: Flere busser.", "Movia"),
    ("Konklusion: vi mødes igen.", None),
    ("Det er vigtigt: mere bus.", None),
    ("Kl. 10:30 startede mødet", None),
])
def test_speaker_prefix(text: str, who: str | None) -> None:
    got = speaker_of(text, {"movia"}, _resolve)
    assert (got[0] if got else None) == who


def test_text_blocks_markdown_and_plain() -> None:
    md = "# Møde\n\n## Deltagere\n- A – b\n\n## Bord 1\n- en\n  fortsat\n* to\n\nAfsnit\n"
    kinds = [(b.kind, b.level, b.text) for b in text_blocks(md, markdown=True)]
    assert kinds == [("heading", 1, "Møde"), ("heading", 2, "Deltagere"), ("bullet", 0, "A – b"),
                     ("heading", 2, "Bord 1"), ("bullet", 0, "en\nfortsat"),
                     ("bullet", 0, "to"), ("para", 0, "Afsnit")]
    txt = "Møde om klima\n\nDeltagere:\n- X Kommune\n\nBord 2: Natur\nMere skov.\n"
    kinds = [(b.kind, b.level, b.text) for b in text_blocks(txt, markdown=False)]
    assert kinds[0] == ("heading", 1, "Møde om klima")
    assert ("heading", 2, "Deltagere") in kinds and ("heading", 2, "Bord 2: Natur") in kinds
    assert kinds[-1] == ("para", 0, "Mere skov.")


def test_meeting_text_outside_groups_is_not_a_record(tmp_path: Path) -> None:
    rd = tmp_path / "x"
    rd.mkdir()
    (rd / "m.md").write_text("# Møde\n\nIntro uden bord.\n\n## Bord 1\n\n- Et udsagn.\n",
                             encoding="utf-8")
    (rd / "manifest.yaml").write_text(
        'round: "x"\nsources:\n  - {file: m.md, type: meeting, name: M}\n', encoding="utf-8")
    res = read_round(rd, _cfg())
    assert list(res.records["text_raw"]) == ["Et udsagn."]
    assert list(res.records["question"]) == ["Møde > Bord 1"]
    assert list(res.records["question_id"]) == ["bord-1"]
    assert res.files.iloc[0]["n_skipped"] == 1


# --- ids -----------------------------------------------------------------------------------

def test_record_id_stable_and_distinct() -> None:
    a = record_id("2025", "s.csv", "row=2;col=q1")
    assert a == record_id("2025", "s.csv", "row=2;col=q1") and len(a) == 16
    assert a != record_id("2025", "s.csv", "row=2;col=q2")
    assert record_id("a", "bc", "d") != record_id("ab", "c", "d")
    assert slug("Bord 3: Kollektiv trafik – Høje-Taastrup") == \
        "bord-3-kollektiv-trafik-hoeje-taastrup"
