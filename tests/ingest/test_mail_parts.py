"""E-mails whose parts were lost: two attachments of one name, text after an inline PDF,
and a forwarder's own words above a forwarded response.

Before these fixes, the second of two attachments named "høringssvar.pdf" got the first's
locators, so its record ids, and was dropped without a problem line; Apple Mail's "text,
inline PDF, text" lost the text after the PDF (only the first text part was read); and a
municipality's addition above a forwarded response was left out as ``forward_note``.
The sentences are of the kind a municipality writes in a consultation response; people
and addresses are invented.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pandas as pd

from rus_analysis.config import Config
from rus_analysis.ingest.records import RecordSink
from rus_analysis.ingest.rounds import IngestResult, _unique_ids, read_round
from rus_analysis.problems import ProblemLog
from support import text_pdf

LETBANE = ("Vi foreslår, at regionen prioriterer en hurtig udbygning af letbanen til Hillerød, "
           "så pendlerne får et reelt alternativ til bilen.")
KYST = ("Kommunen ønsker desuden, at der afsættes midler til klimatilpasning langs kysten ved "
        "Gilleleje og Tisvildeleje.")
MOVIA = ("Movia bakker op om målet om flere kollektive forbindelser på tværs af "
         "kommunegrænserne i Nordsjælland.")
KORT = "Kort over de foreslåede buslinjer mellem Frederikssund, Hillerød og Helsingør."
TAKST = ("Vi anbefaler desuden, at regionen arbejder for en fælles takstzone i hele "
         "hovedstadsområdet, så rejsen bliver enklere.")
FAERGE = ("Helsingør Kommune tilslutter sig nedenstående svar og vil tilføje, at "
          "færgeforbindelsen til Helsingborg bør indgå i strategiens afsnit om mobilitet.")
KYSTBANE = ("Helsingør Kommune ønsker en bedre togforbindelse langs Kystbanen med "
            "kvarterdrift hele dagen.")
DATE = "Thu, 12 Mar 2026 10:14:00 +0100"


def _letter_pdf(statement: str) -> bytes:
    return text_pdf(["Kære Region Hovedstaden", statement, "Med venlig hilsen", "Gribskov Kommune"])


def _read(tmp_path: Path, cfg: Config, mails: dict[str, tuple[bytes, str]]) -> IngestResult:
    rd = tmp_path / "R1"
    rd.mkdir()
    for name, (data, _) in mails.items():
        (rd / name).write_bytes(data)
    (rd / "manifest.yaml").write_text('round: "R1"\nsources:\n' + "".join(
        f'  - {{file: {name}, type: written, name: Høringssvar, organisation: "{org}"}}\n'
        for name, (_, org) in mails.items()), encoding="utf-8")
    return read_round(rd, cfg)


def _texts(res: IngestResult, file: str) -> list[str]:
    rec = res.records
    return sorted(rec.loc[rec["source_file"] == file, "text_raw"])


def _two_attachments(sender: str, first: str, second: str) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"], m["Date"] = sender, "rus@regionh.dk", "Høringssvar", DATE
    m.set_content("Hej\n\nHermed fremsendes vores høringssvar i to dele.\n\nMed venlig "
                  "hilsen\nAnne Holm\n")
    m.add_attachment(_letter_pdf(LETBANE), maintype="application", subtype="pdf",
                     filename=first)
    m.add_attachment(_letter_pdf(KYST), maintype="application", subtype="pdf",
                     filename=second)
    return m.as_bytes()


def test_two_attachments_of_one_name_are_both_read(tmp_path: Path, lexical_cfg: Config
                                                   ) -> None:
    same = _two_attachments("Anne Holm <anho@gribskov.dk>", "høringssvar.pdf",
                            "høringssvar.pdf")
    # a private sender's name is redacted in the name: both become "Brev fra [NAVN].pdf"
    redacted = _two_attachments("Anne Holm <anne.holm@example.dk>",
                                "Brev fra Anne Holm.pdf", "Brev fra ANNE HOLM.pdf")
    res = _read(tmp_path, lexical_cfg, {"same.eml": (same, "Gribskov Kommune"),
                                        "redacted.eml": (redacted, "Privatperson")})
    for file in ("same.eml", "redacted.eml"):
        assert _texts(res, file) == sorted([LETBANE, KYST])
        rec = res.records[res.records["source_file"] == file]
        assert rec["record_id"].is_unique
        n = res.files.loc[res.files["source_file"] == file, "n_records"].iloc[0]
        assert n == len(rec)
    locators = sorted(res.records.loc[res.records["source_file"] == "same.eml", "locator"])
    assert locators == ["attachment=1:høringssvar.pdf;page=1;para=2",
                        "attachment=2:høringssvar.pdf;page=1;para=2"]
    assert res.problems[res.problems["code"] == "duplicate_locator"].empty


def test_a_record_id_given_twice_is_kept_and_reported() -> None:
    sink = RecordSink("R1", "svar.eml", "written", "Høringssvar", "2026-03-12")
    sink.add("line=3", LETBANE)
    sink.add("line=3", KYST)          # a reader gave a second paragraph the same place
    df = pd.DataFrame(sink.cols)
    problems = ProblemLog()
    out = _unique_ids(df, problems)
    assert list(out["text_raw"]) == [LETBANE, KYST]
    assert list(out["locator"]) == ["line=3", "line=3;copy=2"]
    assert out["record_id"].is_unique
    p = problems.frame()
    assert list(p["code"]) == ["duplicate_locator"] and list(p["severity"]) == ["warning"]
    assert p["source_file"].iloc[0] == "svar.eml" and "line=3" in p["message"].iloc[0]


def test_text_after_an_inline_pdf_is_read_as_body(tmp_path: Path, lexical_cfg: Config
                                                  ) -> None:
    apple = MIMEMultipart("mixed")   # Apple Mail: text, the PDF where it was put, text
    apple["From"], apple["To"] = "Lars Berg <lars@movia.dk>", "rus@regionh.dk"
    apple["Subject"], apple["Date"] = "Movias bemærkninger", DATE
    apple.attach(MIMEText(f"Kære Region Hovedstaden\n\n{MOVIA}\n\nSe kortet her:\n",
                          "plain", "utf-8"))
    pdf = MIMEApplication(text_pdf([KORT]), "pdf")
    pdf.add_header("Content-Disposition", "inline", filename="kort.pdf")
    apple.attach(pdf)
    apple.attach(MIMEText(f"\n{TAKST}\n\nVenlig hilsen\nMovia\n", "plain", "utf-8"))
    # a plain and an HTML copy of one text are alternatives: read once
    alt = EmailMessage()
    alt["From"], alt["To"] = "Lars Berg <lars@movia.dk>", "rus@regionh.dk"
    alt["Subject"], alt["Date"] = "Movias bemærkninger", DATE
    alt.set_content(f"Kære Region Hovedstaden\n\n{MOVIA}\n\nVenlig hilsen\nMovia\n")
    alt.add_alternative(f"<p>Kære Region Hovedstaden</p><p>{MOVIA}</p><p>Venlig hilsen</p>",
                        subtype="html")
    alt.add_attachment(text_pdf([KORT]), maintype="application", subtype="pdf",
                       filename="kort.pdf")
    res = _read(tmp_path, lexical_cfg, {"apple.eml": (apple.as_bytes(), "Movia"),
                                        "alt.eml": (alt.as_bytes(), "Movia")})
    assert _texts(res, "apple.eml") == sorted([MOVIA, KORT, TAKST])
    assert _texts(res, "alt.eml") == sorted([MOVIA, KORT])
    furniture = res.problems[(res.problems["source_file"] == "apple.eml")
                             & (res.problems["code"] == "furniture")]
    assert "lead_in" in furniture["value"].iloc[0]     # "Se kortet her:" points at the PDF


def _forward(note: str) -> bytes:
    m = EmailMessage()
    m["From"], m["To"] = "Karen Dahl <kada@helsingor.dk>", "rus@regionh.dk"
    m["Subject"], m["Date"] = "VS: Høringssvar fra Helsingør Kommune", DATE
    m.set_content(f"{note}\n\nMvh\nKaren Dahl\n\n-----Original Message-----\nFra: Peter "
                  "Lund <pelu@helsingor.dk>\nSendt: 10. marts 2026 21:40\nTil: Karen Dahl "
                  f"<kada@helsingor.dk>\nEmne: Høringssvar\n\n{KYSTBANE}\n\nVenlig hilsen\n"
                  "Peter Lund\n")
    return m.as_bytes()


def test_a_forwarders_own_statement_is_read_a_covering_line_is_not(
        tmp_path: Path, lexical_cfg: Config) -> None:
    res = _read(tmp_path, lexical_cfg, {
        "tilfoejer.eml": (_forward(f"Hej\n\n{FAERGE}"), "Helsingør Kommune"),
        "orientering.eml": (_forward("Hej\n\nTil orientering - kom ind i min indbakke."),
                            "Helsingør Kommune")})
    assert _texts(res, "tilfoejer.eml") == sorted([FAERGE, KYSTBANE])
    assert _texts(res, "orientering.eml") == [KYSTBANE]
    rec = res.records
    assert rec.loc[rec["text_raw"] == FAERGE, "organisation"].iloc[0] == "Helsingør Kommune"
    p = res.problems[res.problems["code"] == "furniture"].set_index("source_file")
    assert "forward_note" not in p.loc["tilfoejer.eml", "value"]
    assert "forward_note" in p.loc["orientering.eml", "value"]
    shown = " ".join([*rec["text_raw"], *res.problems["message"]])
    assert "Karen Dahl" not in shown and "Peter Lund" not in shown


BAKKER_OP = "Helsingør Kommune bakker op om forslaget og ønsker en letbane til Helsingør."


def test_a_forwarders_note_is_read_sentence_by_sentence(
        tmp_path: Path, lexical_cfg: Config) -> None:
    res = _read(tmp_path, lexical_cfg, {
        "her_er.eml": (_forward("Hej Anne\n\nHer er høringssvaret fra borgeren, som vi "
                                "modtog i går på mail."), "Helsingør Kommune"),
        "igen.eml": (_forward("Hej Region\n\nJeg sender lige svaret igen, da det første "
                              "vist ikke kom frem."), "Helsingør Kommune"),
        "nedenfor.eml": (_forward("Hej\n\nNedenfor finder du borgerens høringssvar, som kom "
                                  "ind via kontaktformularen."), "Helsingør Kommune"),
        "orientering.eml": (_forward(f"Til orientering. {BAKKER_OP}"), "Helsingør Kommune")})
    # a note that only passes the mail on is no statement of the municipality
    for file in ("her_er.eml", "igen.eml", "nedenfor.eml"):
        assert _texts(res, file) == [KYSTBANE], file
    # a position after "Til orientering." is the forwarder's statement, without it
    assert _texts(res, "orientering.eml") == sorted([BAKKER_OP, KYSTBANE])
    rec = res.records.set_index("text_raw")
    assert json.loads(rec.loc[BAKKER_OP, "context"])["del"] == "videresenders tilføjelse"
    assert "del" not in json.loads(rec.loc[KYSTBANE, "context"].iloc[0] or "{}")
    p = res.problems[res.problems["code"] == "furniture"].set_index("source_file")
    assert "forward_note" in p.loc["orientering.eml", "value"]   # the sentence left out


LETBANE_G = "Vi støtter forslaget om at forlænge Hovedstadens Letbane til Lyngby."


def test_a_from_name_is_private_by_the_shared_decision(
        tmp_path: Path, lexical_cfg: Config) -> None:
    def mail(sender: str, text: str) -> bytes:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"], m["Date"] = sender, "rus@regionh.dk", "Høringssvar", DATE
        m.set_content(f"Kære Region Hovedstaden\n\n{text}\n\nMed venlig hilsen\n")
        return m.as_bytes()
    res = _read(tmp_path, lexical_cfg, {
        "letbane.eml": (mail("Hovedstadens Letbane <info@m.dk>", "Hovedstadens Letbane ser "
                             "gerne en forlængelse af letbanen langs Ring 3."), "Metroselskabet"),
        "gladsaxe.txt": (f"Kære Region Hovedstaden\n\n{LETBANE_G}\n\nMed venlig hilsen\n"
                         "Gladsaxe Kommune\n".encode(), "Gladsaxe Kommune"),
        "borger.eml": (mail("Mohammed Ali <m.ali@example.dk>", "Jeg ønsker flere busser i "
                            "Ishøj om aftenen."), "Privatperson"),
        "gribskov.eml": (mail("Lars Pedersen <lp@gribskov.dk>", "Gribskov Kommune ønsker "
                              "flere busser om aftenen."), "Gribskov Kommune")})
    # an organisation's From name is no person: it is not redacted from other letters
    assert "Hovedstadens Letbane" not in res.private_names
    # a private sender's name is a person's whatever the first name; an employee's too
    assert {"Mohammed Ali", "Lars Pedersen"} <= res.private_names


def test_a_mail_inside_a_private_senders_mail_keeps_its_privacy(
        tmp_path: Path, lexical_cfg: Config) -> None:
    """The manifest says the sender is a private person: a mail attached to theirs is
    judged the same way, so its From name is a person's whatever the first name."""
    inner = EmailMessage()
    inner["From"], inner["To"], inner["Subject"], inner["Date"] = (
        "Xyzzo Qwertyson <xq@example.dk>", "nabo@example.dk", "Busser", DATE)
    inner.set_content("Kære nabo\n\nJeg ønsker flere busser i Ishøj om aftenen.\n\n"
                      "Med venlig hilsen\n")
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"], outer["Date"] = (
        "Anne Holm <anne.holm@example.dk>", "rus@regionh.dk", "Høringssvar", DATE)
    outer.set_content("Kære Region Hovedstaden\n\nSe min nabos mail.\n\nMed venlig hilsen\n")
    outer.add_attachment(inner)
    res = _read(tmp_path, lexical_cfg, {"privat.eml": (outer.as_bytes(), "Privatperson")})
    assert "Xyzzo Qwertyson" in res.private_names
