"""A small round in layouts neither demo has, read with the minimal manifest.

Checks that the readers were not fitted to the two demos: an Enalyzer-style wide CSV
(comma-separated, UTF-8 with BOM, "Q1." headers, "1 - Meget uenig" scales, an
"Other (please specify)" column, a phone column, a title line), an HTML-only e-mail
with a blockquoted reply, Markdown minutes with bold labels ("**Deltagere:** ...") and a
"Næste møde" section, and a text letter without a greeting whose place-and-date line sits
at the top. The sentences are real, quoted verbatim from FLORES-200 Danish as annotated in
SIB-200 (Adelani et al.; text CC BY-SA 4.0; index ids in ``SIB``); layouts, people and
contact details are invented.
"""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis.config import load_config
from rus_analysis.pipeline import run_pipeline
from support import CONFIG

SIB = {  # SIB-200 index_id -> verbatim sentence
    688: "Det ville være bedst, hvis besøgende med begrænset tid brugte deres tid andre steder.",
    996: "Under alle omstændigheder er du nødt til at booke telefonisk direkte hos "
         "flyselskabet.",
    1592: "I takt med at kendskabet til græsk forsvandt, følte Vesten sig afskåret fra sine "
          "græske rødder inden for filosofi og videnskab.",
    556: "Atomet kan betragtes som værende en af de fundamentale byggesten for al materie.",
    1205: "Danielle Lantagne, en af FNs eksperter i sygdommen, fortalte, at udbruddet "
          "formentligt blev forårsaget af de fredsbevarende styrker.",
    1203: "Før troppernes ankomst havde Haiti ikke oplevet problemer med sygdommen siden "
          "1800-tallet.",
    566: "Syn, eller evnen til at se, afhænger af sanseorganer til synssystemet eller øjne.",
    1439: "Kort tid efter at fjendtlighederne brød ud, iværksatte Storbritannien en blokade "
          "til havs mod Tyskland.",
    18: "Der var protester over hele verden, adskillige retsforfølgelser, og lederne af "
        "Islands og Pakistans regeringer trådte begge tilbage.",
    431: "Tyrkiet er omgivet af have på tre sider: Det Ægæiske Hav mod vest, Sortehavet mod "
         "nord og Middelhavet mod syd.",
    743: "Cook-øerne har ikke nogen byer, men er sammensat af 15 forskellige øer. Hovedøerne "
         "er Rarotonga og Aitutaki.",
    1689: "Ottawa er Canadas charmerende, tosprogede hovedstad og har en række kunstgallerier "
          "og museer, som udstiller Canadas fortid og nutid.",
}


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def unseen(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - RunTables
    rd = tmp_path_factory.mktemp("unseen") / "U1"
    rd.mkdir()
    header = ["Respondent No.", "Start Date", "Q1. Hvor bor du? (kommune)",
              "Q2. Hvor enig er du i strategiens retning?", "Q3. Hvad skal regionen gøre?",
              "Q3_Other (please specify)", "Q4. Telefon (valgfrit)"]
    scale = ["1 - Meget uenig", "2 - Uenig", "3 - Hverken/eller", "4 - Enig", "5 - Meget enig"]
    rows = [
        ["1001", "2026-02-02 10:14", "Gribskov", scale[3], SIB[688], "", "22 33 44 55"],
        ["1002", "2026-02-02 11:02", "Roskilde", scale[1], SIB[996], "Bedre cykelstier", ""],
        ["1003", "2026-02-03 09:40", "", scale[4], SIB[1592], "", ""],
        ["1004", "2026-02-03 13:21", "Hillerød", scale[3], SIB[556], "", "30 40 50 60"],
        ["1005", "2026-02-04 08:05", "Gentofte", scale[0], "", "Flere læger i Gentofte", ""],
        ["1006", "2026-02-04 16:45", "Egedal", scale[2], SIB[1205], "", ""],
    ]
    lines = ["Enalyzer export - Borgerpanel februar 2026", ",".join(header)]
    lines += [",".join(_csv_cell(c) for c in r) for r in rows]
    (rd / "enalyzer_export.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n")
                                             .encode("utf-8"))
    html = ("<html><body><p>Hej Region Hovedstaden,</p>"
            f"<p>{SIB[1203]}</p><p>{SIB[566]}</p>"
            "<p>Mvh<br>Jonna Vestergaard<br>Tlf. 41 52 63 74</p>"
            "<blockquote><p>Fra: Høring RUS<br>Kære alle, send jeres svar senest 31. marts."
            "</p></blockquote></body></html>")
    eml = ("From: Jonna Vestergaard <jonna@example.dk>\r\nTo: hoering@example.dk\r\n"
           "Subject: =?utf-8?q?H=C3=B8ringssvar?=\r\nDate: Tue, 10 Mar 2026 08:00:00 +0100\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n")
    (rd / "svar.eml").write_bytes(eml.encode("utf-8"))
    md = (f"# Referat af borgermøde i Helsinge\n\n**Deltagere:** Gribskov Kommune, Movia og "
          f"Novafos\n\n**Sted:** Helsinge Bibliotek\n\n## Drøftelse\n\nPunkterne var:\n\n"
          f"- Movia: {SIB[1439]}\n- {SIB[18]}\n\n### Næste møde\n\n- Næste møde holdes i "
          f"maj.\n- Referatet sendes ud inden for en uge.\n")
    (rd / "referat.md").write_text(md, encoding="utf-8")
    letter = (f"Helsingør, 12. marts 2026\n\nVedr.: Regional udviklingsstrategi\n\n{SIB[431]}"
              f"\n\n{SIB[743]}\n\n{SIB[1689]}\n\nVenlig hilsen\nPer Sommer\n")
    (rd / "brev.txt").write_text(letter, encoding="utf-8")
    (rd / "manifest.yaml").write_text(
        'round: "U1"\nsources:\n'
        "  - {file: enalyzer_export.csv, type: survey, name: Borgerpanel}\n"
        "  - {file: svar.eml, type: written, name: Svar, organisation: Privatperson}\n"
        "  - {file: referat.md, type: meeting, name: Borgermøde}\n"
        "  - {file: brev.txt, type: written, name: Brev, organisation: Privatperson}\n",
        encoding="utf-8")
    cfg = load_config(CONFIG, overrides={"paths": {"state": str(rd.parent / "state")}})
    return run_pipeline(cfg, [rd], until="clean")


def _texts(run, file: str) -> list[str]:  # noqa: ANN001
    st = run.statements
    return st.loc[st["source_file"] == file, "text"].tolist()


def test_enalyzer_export_every_free_text_answer_and_nothing_else(unseen) -> None:  # noqa: ANN001
    got = _texts(unseen, "enalyzer_export.csv")
    want = [SIB[688], SIB[996], SIB[1592], SIB[556], SIB[1205], "Bedre cykelstier",
            "Flere læger i Gentofte"]
    assert sorted(got) == sorted(want)
    p = unseen.problems
    assert {"Q2. Hvor enig er du i strategiens retning?"} <= set(
        p.loc[p["code"] == "choice_column", "value"])
    assert "Q4. Telefon (valgfrit)" in set(p.loc[p["code"] == "contact_column", "value"])
    assert "title_rows" in set(p["code"])
    st = unseen.statements.set_index("text")
    assert st.loc[SIB[688], "municipality_code"] == "0270"
    assert st.loc[SIB[688], "source_date"] == "2026-02-02"
    assert "outside_region" in set(p["code"]) and "blank_municipality" in set(p["code"])


def test_html_email_body_without_reply_signature_or_sender(unseen) -> None:  # noqa: ANN001
    assert sorted(_texts(unseen, "svar.eml")) == sorted([SIB[1203], SIB[566]])
    st = unseen.statements
    ctx = st.loc[st["source_file"] == "svar.eml", "context"].iloc[0]
    assert "2026-03-10" in ctx and "Høringssvar" in ctx


def test_markdown_minutes_with_bold_labels(unseen) -> None:  # noqa: ANN001
    got = _texts(unseen, "referat.md")
    assert sorted(got) == sorted([SIB[1439], SIB[18]])
    att = unseen.attendance
    assert {"Gribskov Kommune", "Movia", "Novafos"} <= set(
        att.loc[att["source_file"] == "referat.md", "organisation"])


def test_letter_without_greeting(unseen) -> None:  # noqa: ANN001
    assert sorted(_texts(unseen, "brev.txt")) == sorted([SIB[431], SIB[743], SIB[1689]])
    st = unseen.statements
    ctx = st.loc[st["source_file"] == "brev.txt", "context"].iloc[0]
    assert "2026-03-12" in ctx and "Regional udviklingsstrategi" in ctx


def test_no_personal_data_and_accounting(unseen) -> None:  # noqa: ANN001
    written = " ".join(pd.concat([unseen.statements.astype(str), unseen.rejects.astype(str),
                                  unseen.problems.astype(str)]).fillna("").to_numpy().ravel())
    for value in ("22 33 44 55", "30 40 50 60", "Jonna", "41 52 63 74", "Per Sommer",
                  "jonna@example.dk"):
        assert value not in written
    assert unseen.accounting["balanced"].all()
