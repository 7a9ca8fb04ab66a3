"""The clean stage: text repair, letter furniture, splitting, rejects, municipalities,
stakeholder types, statement ids and order independence."""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis import pii
from rus_analysis.clean import (
    clean_records,
    clean_text,
    reject_reason,
    repair_text,
    split_statements,
    strip_letter_furniture,
)
from rus_analysis.clean.answers import REASONS
from rus_analysis.clean.voices import opaque_voice
from rus_analysis.config import STAKEHOLDER_TYPES, Config, load_config
from rus_analysis.schema import RECORD_COLUMNS, REJECT_COLUMNS, STATEMENT_COLUMNS
from support import ROOT


@pytest.fixture(scope="module")
def cfg() -> Config:
    return load_config(ROOT / "config" / "rus.yaml")


def rec(i: int, text: str, **kw: str) -> dict[str, str]:
    """One input record with sensible defaults (a survey answer)."""
    d = dict.fromkeys(RECORD_COLUMNS, "")
    d.update(record_id=f"r{i:04d}", round="R1", source_file="survey.xlsx",
             source_type="survey", source_name="Spørgeskema", source_date="2022-11-15",
             locator=f"row={i}", respondent_id=str(i), text_raw=text)
    d.update(kw)
    return d


def run(cfg: Config, rows: list[dict[str, str]]):  # noqa: ANN201 - CleanResult
    return clean_records(pd.DataFrame(rows), cfg)


# --- text repair ------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("KÃ¸benhavn", "København"),
    ("HillerÃ¸d Kommune â€“ borgmester", "Hillerød Kommune – borgmester"),
    ("Cafe\u0301", "Café"),                       # NFD -> NFC
    ("bus\x00ser", "busser"),                     # NUL removed
    ("  flere   busser \t tak  ", "flere busser tak"),
    ("a\r\nb", "a\nb"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_repair_text(raw: str, expected: str) -> None:
    assert repair_text(raw) == expected


def test_repair_strips_html_but_keeps_words_and_drops_script() -> None:
    raw = "Se <b>vores plan</b> <script>alert('xss')</script> for detaljer &amp; mere"
    out = repair_text(raw)
    assert out == "Se vores plan for detaljer & mere"


def test_repair_keeps_comparison_signs_that_are_not_tags() -> None:
    assert repair_text("a < b og c > d") == "a < b og c > d"


def test_escaped_html_is_not_turned_into_markup() -> None:
    out = repair_text("&lt;script&gt;alert(1)&lt;/script&gt; tekst")
    assert "<" not in out and "tekst" in out


def test_bullets_normalised() -> None:
    assert repair_text("- et\n* to\n• tre\n1) fire") == "• et\n• to\n• tre\n• fire"


def test_repair_handles_missing_values() -> None:
    assert repair_text(None) == "" and repair_text(float("nan")) == ""


# --- letter furniture -------------------------------------------------------------------

def test_greeting_and_signature_removed() -> None:
    letter = ("Kære Region Hovedstaden,\n\nVi ønsker flere busser.\n\nMed venlig hilsen\n\n"
              "Jens Hansen\nBorgmester\nTlf. 12345678")
    assert strip_letter_furniture(letter) == "Vi ønsker flere busser."


@pytest.mark.parametrize("closing", ["Venlig hilsen", "Mvh", "Mvh.", "MED VENLIG HILSEN"])
def test_closings(closing: str) -> None:
    assert strip_letter_furniture(f"Til Region Hovedstaden\nBedre cykelstier.\n{closing}\nPer"
                                  ) == "Bedre cykelstier."


def test_inline_closing_in_survey_answer() -> None:
    text = "Vi vil have halvtimesdrift. Venlig hilsen Birthe, Borgergruppen i Halsnæs"
    assert strip_letter_furniture(text) == "Vi vil have halvtimesdrift."


def test_contact_lines_removed_and_til_sentence_kept() -> None:
    text = "Til gengæld mangler der busser.\nKontaktperson: [NAVN], tlf. [TELEFON]\nMere tog."
    assert strip_letter_furniture(text) == "Til gengæld mangler der busser.\nMere tog."


def test_clean_text_is_idempotent() -> None:
    t = "Kære alle\n\nKÃ¸benhavn <i>skal</i> have metro.\n\nMvh\nJens Hansen\njh@x.dk"
    once = clean_text(t)
    assert once == "København skal have metro."
    assert clean_text(once) == once


# --- splitting --------------------------------------------------------------------------

def test_letter_splits_on_paragraphs_and_bullets() -> None:
    text = "Første afsnit om trafik.\n\nAndet afsnit om vand.\n\n• Punkt et\n• Punkt to"
    assert split_statements(text, "written", 600) == [
        "Første afsnit om trafik.", "Andet afsnit om vand.", "Punkt et", "Punkt to"]


def test_survey_answer_keeps_paragraphs_together_but_splits_bullet_lists() -> None:
    assert split_statements("Linje et.\nLinje to.", "survey", 600) == ["Linje et. Linje to."]
    assert split_statements("• busser\n• vand", "survey", 600) == ["busser", "vand"]


def test_long_paragraph_split_only_at_new_points() -> None:
    one_point = " ".join(["Busserne kører for sjældent i yderområderne om aftenen."] * 12)
    assert len(split_statements(one_point, "written", 600)) == 1
    many = ("Bussen skal køre oftere mellem byerne, især om aftenen og i weekenden, så "
            "unge kan komme hjem. " * 4 + "Derudover skal grundvandet beskyttes bedre mod "
            "pesticider fra landbruget. " + "Det gælder især ved de store boringer. " * 3
            + "For det andet mangler der faglærte i byggeriet og i industrien.")
    parts = split_statements(many, "written", 600)
    assert len(parts) == 3
    assert parts[1].startswith("Derudover") and parts[2].startswith("For det andet")


def test_pdf_like_hard_wrapped_text_reflowed() -> None:
    text = ("Første afsnit har en lang linje som fortsætter her og videre ud til\n"
            "kanten af siden og slutter kort.\n"
            "Andet afsnit begynder her med endnu en lang linje som fortsætter\n"
            "og slutter.")
    assert len(split_statements(text, "written", 600)) == 2


# --- rejects ----------------------------------------------------------------------------

@pytest.mark.parametrize("text,code", [
    ("", "empty"), ("Ved ikke.", "non_answer"), ("-", "non_answer"), ("NEJ", "non_answer"),
    ("Ingen kommentarer", "non_answer"), ("Intet at tilføje", "non_answer"),
    ("Nej tak", "non_answer"), ("...", "non_answer"), ("123", "no_text"),
    ("[TELEFON]", "no_text"), ("Ok", "too_short"), ("Flere busser", ""),
    ("Nej til nedskæringer af busserne", ""),
])
def test_reject_reason(cfg: Config, text: str, code: str) -> None:
    non = frozenset(cfg.clean.non_answers)
    assert reject_reason(text, non, 3) == code


def test_rejects_table(cfg: Config) -> None:
    res = run(cfg, [rec(1, "Ved ikke."), rec(2, ""), rec(3, "Flere busser til Hillerød")])
    assert list(res.rejects.columns) == list(REJECT_COLUMNS)
    assert dict(zip(res.rejects["record_id"], res.rejects["reason_code"], strict=True)) == {
        "r0001": "non_answer", "r0002": "empty"}
    # reasons in Danish only: they are counted in the committee's report
    assert dict(zip(res.rejects["reason_code"], res.rejects["reason"], strict=True)) == {
        "non_answer": REASONS["non_answer"], "empty": REASONS["empty"]}
    assert set(REASONS) == {"empty", "non_answer", "no_text", "too_short"}
    assert not any(w in r for r in REASONS.values() for w in ("empty", "answer", "short"))
    assert res.statements["record_id"].tolist() == ["r0003"]


# --- the pipeline -----------------------------------------------------------------------

def test_statement_columns_and_ids(cfg: Config) -> None:
    letter = "Kære Region\n\nAfsnit et om busser.\n\nAfsnit to om vand.\n\nMvh\nJens Hansen"
    res = run(cfg, [rec(1, letter, source_type="written", source_file="brev.txt",
                        organisation="Gentofte Kommune", respondent_id="")])
    st = res.statements
    assert list(st.columns) == list(STATEMENT_COLUMNS)
    assert st["statement_id"].tolist() == ["r0001:00", "r0001:01"]
    assert st["text"].tolist() == ["Afsnit et om busser.", "Afsnit to om vand."]
    assert set(st["voice_id"]) == {opaque_voice("org", "gentofte kommune")}  # the sender
    assert st["stakeholder_type"].isin(STAKEHOLDER_TYPES).all()


def test_municipality_from_cell_org_and_speaker(cfg: Config) -> None:
    rows = [
        rec(1, "Flere busser i byen", municipality_raw="KÃ¸benhavn"),
        rec(2, "Mere natur ved kysten", organisation="Borgmester i Gribskov"),
        rec(3, "Halsnæs Kommune: Busforbindelserne er for dårlige.", source_type="meeting",
            source_file="m.md", respondent_id=""),
        rec(4, "Frb.: Unge uden uddannelse skal have en hånd.", source_type="meeting",
            source_file="m.md", respondent_id=""),
        rec(5, "Vi kører tog i hele regionen", organisation="DSB", municipality_raw="Gentofte"),
        rec(6, "Noget om vand og natur", municipality_raw="Aarhus"),
        rec(7, "Noget helt andet her", organisation="Dansk Industri"),
    ]
    st = run(cfg, rows).statements.set_index("record_id")
    assert st.loc["r0001", ["municipality_code", "municipality_name", "landsdel"]].tolist() \
        == ["0101", "København", "Byen København"]
    assert st.loc["r0002", "municipality_code"] == "0270"
    assert st.loc["r0002", "stakeholder_type"] == "kommune"
    assert st.loc["r0003", "municipality_code"] == "0260"
    assert st.loc["r0003", "organisation"] == "Halsnæs Kommune"
    assert st.loc["r0003", "text"] == "Busforbindelserne er for dårlige."
    assert st.loc["r0004", "municipality_code"] == "0147"
    # a respondent of a regional actor keeps the municipality typed in the cell
    assert bool(st.loc["r0005", "is_regional_actor"]) is False
    assert st.loc["r0005", "municipality_code"] == "0157"
    assert st.loc["r0005", "stakeholder_type"] == "trafikselskab"
    assert pd.isna(st.loc["r0006", "municipality_code"])          # outside the region
    assert pd.isna(st.loc["r0007", "municipality_code"])
    assert bool(st.loc["r0007", "is_regional_actor"]) is True


def test_colon_prefix_that_is_not_a_speaker_stays(cfg: Config) -> None:
    st = run(cfg, [rec(1, "Forslag: flere busser om aftenen.", source_type="meeting",
                       source_file="m.md", respondent_id="")]).statements
    assert st["text"].iloc[0] == "Forslag: flere busser om aftenen."


@pytest.mark.parametrize("org,otype,expected", [
    ("Gentofte Kommune", "", "kommune"),
    ("Gribskov", "", "kommune"),                    # a municipality sender
    ("Novafos", "", "forsyning"),
    ("Danmarks Naturfredningsforening", "", "interesseorganisation"),
    ("Region Hovedstaden", "", "region"),
    ("", "Borger", "borger"),
    ("", "", "ukendt"),
    ("Firma ApS", "Virksomhed", "virksomhed"),
])
def test_stakeholder_types(cfg: Config, org: str, otype: str, expected: str) -> None:
    st = run(cfg, [rec(1, "Flere busser om aftenen", organisation=org,
                       organisation_type_raw=otype)]).statements
    assert st["stakeholder_type"].iloc[0] == expected


def test_tagged_post_it_is_a_municipality_sender(cfg: Config) -> None:
    rows = [rec(1, "Hyppigere S-tog", source_type="workshop", source_file="w.csv",
                municipality_raw="Gladsaxe", respondent_id=""),
            rec(2, "Flere cykelstier", source_type="workshop", source_file="w.csv",
                respondent_id=""),
            rec(3, "Flere busser her", municipality_raw="Gladsaxe")]     # a survey answer
    st = run(cfg, rows).statements.set_index("record_id")["stakeholder_type"]
    assert st.to_dict() == {"r0001": "kommune", "r0002": "ukendt", "r0003": "ukendt"}


def test_pii_redacted_in_text_and_person_organisation(cfg: Config) -> None:
    res = run(cfg, [rec(1, "Ring på 23 45 67 89 eller skriv til a@b.dk om busserne",
                        organisation="Karen Andersen")])
    st = res.statements.iloc[0]
    assert st["text"] == "Ring på [TELEFON] eller skriv til [EMAIL] om busserne"
    # a person in the organisation column is a citizen, never an organisation
    assert st["organisation"] == "" and st["stakeholder_type"] == "borger"


def test_voice_ids(cfg: Config) -> None:
    rows = [
        rec(1, "Mere bus til Helsinge", respondent_id="R7"),
        rec(2, "Mere vand til Helsinge", respondent_id="R7", locator="row=1;col=q2"),
        rec(3, "Mere tog til Hundested", source_type="meeting", source_file="m.md",
            organisation="Movia", respondent_id=""),
        rec(4, "Flere cykelstier i byen", source_type="workshop", source_file="w.csv",
            respondent_id="", voice_key="group:Bord 2"),
        rec(5, "Bedre stier til skolerne", source_type="meeting", source_file="m.md",
            respondent_id="", locator="line=9"),
        rec(6, "Lys på stierne om vinteren", source_type="meeting", source_file="m.md",
            respondent_id="", locator="line=10"),
        rec(7, "Movia vil gerne samarbejde", source_type="written", source_file="b.txt",
            organisation="Movia", respondent_id=""),
        rec(8, "Jeg savner bussen", source_type="written", source_file="c.txt",
            organisation="Privatperson", respondent_id=""),
    ]
    v = run(cfg, rows).statements.set_index("record_id")["voice_id"]
    kinds = v.str.split(":").str[0].to_dict()
    assert v["r0001"] == v["r0002"] and kinds["r0001"] == "resp"    # one respondent
    # an organisation is one voice wherever it speaks: at a meeting and in a letter
    assert v["r0003"] == v["r0007"] and kinds["r0003"] == "org"
    assert kinds["r0004"] == "group"                                # a table group
    assert v["r0005"] == v["r0006"] and kinds["r0005"] == "meeting"  # unattributed bullets
    assert kinds["r0008"] == "borger"                               # a private sender
    assert v.nunique() == 5
    # opaque: no input text, only a-z and 2-7 after the kind
    assert v.str.fullmatch(r"[a-z]+:[a-z2-7]{16}").all()
    assert not any(w in x for x in v for w in ("movia", "R7", "survey", "Bord", "w.csv"))


def test_voice_ids_carry_no_respondent_id(cfg: Config) -> None:
    rows = [rec(1, "Vi mangler busser til Hillerød station om aftenen.",
                respondent_id="kenneth.madsen@gmail.com",
                voice_key="resp::kenneth.madsen@gmail.com"),
            rec(2, "Kontakt mig om busserne.", respondent_id="kenneth.madsen@gmail.com",
                voice_key="resp::kenneth.madsen@gmail.com", locator="row=1;col=q2"),
            rec(3, "Ring 23 45 67 89 om cykelstien.", respondent_id="23456789",
                voice_key="resp::23456789", locator="row=3")]
    st = run(cfg, rows).statements
    assert st["voice_id"].nunique() == 2                 # one respondent = one voice
    joined = " ".join(st["voice_id"]) + " " + " ".join(st["respondent_id"])
    assert "kenneth" not in joined and "gmail" not in joined and "23456789" not in joined
    assert pii.scan_pii(" ".join(st["voice_id"])) == []


def test_output_independent_of_input_order(cfg: Config) -> None:
    rows = [rec(i, t) for i, t in enumerate([
        "Flere busser til Hillerød om aftenen", "Flere busser til Hillerød om aftenen!",
        "Grundvandet skal beskyttes", "Ved ikke", "Cykelstier langs kysten", "-"])]
    a = run(cfg, rows)
    b = run(cfg, list(reversed(rows)))
    pd.testing.assert_frame_equal(a.statements, b.statements)
    pd.testing.assert_frame_equal(a.rejects, b.rejects)
    pd.testing.assert_frame_equal(a.accounting, b.accounting)


def test_missing_column_and_duplicate_ids_fail(cfg: Config) -> None:
    from rus_analysis.clean.accounting import AccountingError
    from rus_analysis.schema import SchemaError

    with pytest.raises(SchemaError):
        clean_records(pd.DataFrame([rec(1, "x")]).drop(columns=["text_raw"]), cfg)
    with pytest.raises(AccountingError, match="r0001"):
        run(cfg, [rec(1, "Mere bus"), rec(1, "Mere tog")])


def test_empty_input(cfg: Config) -> None:
    res = clean_records(pd.DataFrame(columns=list(RECORD_COLUMNS)), cfg)
    assert len(res.statements) == 0 and len(res.rejects) == 0 and len(res.accounting) == 0
    assert list(res.statements.columns) == list(STATEMENT_COLUMNS)


def test_same_letter_twice_merges_paragraph_by_paragraph(cfg: Config) -> None:
    paras = ["Første afsnit handler om busser og tog i hele regionen.",
             "Andet afsnit handler om grundvand og boringer i Nordsjælland.",
             "Tredje afsnit handler om faglærte og praktikpladser til unge."]
    txt = "Kære Region\n\n" + "\n\n".join(paras) + "\n\nMvh\nJens Hansen"
    pdf = "Kære Region\n" + "\n".join(paras) + "\nMed venlig hilsen\nJens Hansen"  # no blank lines
    res = run(cfg, [rec(1, txt, source_type="written", source_file="a.txt"),
                    rec(2, pdf, source_type="written", source_file="a_scan.pdf")])
    st = res.statements
    assert len(st) == 6
    by_file = {f: g.sort_values("statement_id")["dup_group"].tolist()
               for f, g in st.groupby("source_file")}
    assert by_file["a.txt"] == by_file["a_scan.pdf"]
    assert (st[st["source_file"] == "a_scan.pdf"]["status"] == "merged").all()
    acc = res.accounting.set_index("source_file")
    assert acc.loc["a_scan.pdf", "merged"] == 1 and acc.loc["a.txt", "kept"] == 1
