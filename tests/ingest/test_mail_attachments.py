"""E-mails as a region receives them: the response attached, forwarded, in a thread.

Each mail is built with the standard library's ``email`` package in Danish Outlook or
Gmail style. Before the e-mail reader read attachments and forwards, the PDF and Word
responses of the covering notes ("Hermed fremsendes ...") were lost without a problem
line and the covering note was quoted as the statement; a forwarded response was read as
a quoted reply (lost) and the forwarder's note was quoted; an image, a zip or a
winmail.dat was dropped silently. Sentences are quoted verbatim from the region's RUS
process text and from FLORES-200 Danish as annotated in SIB-200 (Adelani et al.; text
CC BY-SA 4.0; index ids in ``SIB``); people and addresses are invented.
"""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest

from rus_analysis.config import load_config
from rus_analysis.pipeline import run_pipeline
from support import CONFIG, text_pdf

RUS = [  # the region's own text (RUS 2024 process), line breaks joined
    "Det blev besluttet, at strategien skulle udarbejdes i tæt dialog med regionens "
    "samarbejdspartnere og interessenter på tværs af geografien i hovedstadsregionen.",
    "Det sker ud fra et ønske om at bringe aktørerne sammen om udfordringer og "
    "problemstillinger, der er store og komplekse, og som derfor kræver et tæt samspil og "
    "samarbejde.",
]
SIB = {  # SIB-200 index_id -> verbatim sentence
    1203: "Før troppernes ankomst havde Haiti ikke oplevet problemer med sygdommen siden "
          "1800-tallet.",
    566: "Syn, eller evnen til at se, afhænger af sanseorganer til synssystemet eller øjne.",
    1441: "Storbritannien lagde miner i de internationale farvande for at forhindre skibe i "
          "at komme ind i hele sektioner af havet, hvilket var en fare selv for neutrale "
          "skibe.",
    1785: "Forhåndsreservation giver den rejsende ro i sindet, om at de har et sted at sove, "
          "når de ankommer til deres destination.",
    600: "Elementer og kemiske forbindelser kan gå fra en tilstand til en anden uden at "
         "ændre sig.",
    460: "Hovedparten af fjernsyn er lavet på en måde, der fungerer for de fleste.",
    886: "Antarktis er det koldeste sted på jorden og omringer Sydpolen.",
}
PRIVATE = ["Jens Mikkelsen", "Mette Kristensen", "Birthe Sørensen", "Hanne Juul"]


def _docx(paras: list[str]) -> bytes:
    d = docx.Document()
    for p in paras:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _mail(sender: str, subject: str, body: str | None = None, html: str | None = None
          ) -> EmailMessage:
    m = EmailMessage()
    m["From"], m["To"] = sender, "Høring RUS <rus-hoering@example.dk>"
    m["Subject"], m["Date"] = subject, "Thu, 12 Mar 2026 10:14:00 +0100"
    if body is not None:
        m.set_content(body)
    else:
        m.set_content(html or "", subtype="html")
    return m


DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def _write_round(rd: Path) -> None:
    pdf_mail = _mail("Anne Holm <anho@gribskov.example.dk>", "Høringssvar fra Gribskov Kommune",
                     "Hej\n\nHermed fremsendes Gribskov Kommunes høringssvar.\n\nMed venlig "
                     "hilsen\nAnne Holm\nPlanlægger\n")
    pdf_mail.add_attachment(text_pdf(["Til Region Hovedstaden", "Helsinge, 11. marts 2026",
                                  "Kære Region Hovedstaden", *RUS, SIB[1203],
                                  "Med venlig hilsen", "Gribskov Kommune"]),
                            maintype="application", subtype="pdf",
                            filename="Høringssvar Gribskov Kommune.pdf")
    docx_mail = _mail("Lars Berg <lab@movia.example.dk>", "Høringssvar - Movia",
                      "Til rette vedkommende\n\nVedhæftet er Movias høringssvar.\n\n"
                      "Venlig hilsen\nLars Berg\n")
    docx_mail.add_attachment(_docx(["Kære Region Hovedstaden", SIB[566], SIB[1441],
                                    "Venlig hilsen", "Movia"]),
                             maintype=DOCX_TYPE[0], subtype=DOCX_TYPE[1],
                             filename="Movia_hoeringssvar.docx")
    docx_mail.add_attachment(b"PK\x03\x04not a word file", maintype=DOCX_TYPE[0],
                             subtype=DOCX_TYPE[1], filename="bilag.docx")
    outlook_fwd = _mail("Karen Dahl <kada@example.dk>", "VS: Høringssvar om trafik",
                        "Til orientering - kom ind i min indbakke.\n\nMvh\nKaren\n\n"
                        "-----Original Message-----\nFra: Jens Mikkelsen "
                        "<jens.mikkelsen@example.com>\nSendt: 10. marts 2026 21:40\nTil: "
                        "Karen Dahl <kada@example.dk>\nEmne: Høringssvar om trafik\n\nHej\n\n"
                        f"{SIB[1785]}\n\n{SIB[600]}\n\nVenlig hilsen\nJens Mikkelsen\n")
    gmail_fwd = _mail("Ole Friis <olfr@example.dk>", "Fwd: RUS",
                      "Videresender borgerens svar.\n\n---------- Videresendt besked "
                      "----------\nFra: Mette Kristensen <mette.k@example.com>\nDato: tir. 10. "
                      "mar. 2026 kl. 16.05\nEmne: RUS\nTil: <info@example.dk>\n\n"
                      f"{SIB[460]}\n\nMette Kristensen\n")
    thread = _mail("Birthe Sørensen <birthe.s@example.dk>", "Sv: Høring om RUS",
                   f"Tak for svaret.\n\n{SIB[886]}\n\nHilsen\nBirthe Sørensen\n\n"
                   "Den 12. mar. 2026 kl. 10.14 skrev Høring RUS <rus-hoering@example.dk>:\n"
                   "> Kære Birthe\n> Vi vil gerne høre mere om dine forslag.\n")
    html = (f"<html><body><p>Kære Region Hovedstaden</p><p>{RUS[1]}</p><p>Med venlig "
            "hilsen</p><p>Susanne Lind<br>Bygherreforeningen<br><img src=\"cid:logo001\"></p>"
            "<p>Denne e-mail kan indeholde fortrolig information. Hvis du ikke er den rette "
            "modtager, bedes du slette den.</p></body></html>")
    outlook_html = _mail("Susanne Lind <sl@example.dk>", "Bemærkninger til RUS", html=html)
    outlook_html.add_related(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, maintype="image",
                             subtype="png", cid="<logo001>", filename="image001.png")
    unreadable = _mail("Hanne Juul <hanne.juul@example.dk>", "Mit høringssvar",
                       "Se vedhæftede brev og bilag.\n\nHanne Juul\n")
    unreadable.add_attachment(b"\xff\xd8\xff\xe0" + b"\0" * 100, maintype="image",
                              subtype="jpeg", filename="scan_brev.jpg")
    unreadable.add_attachment(b"\xff\xd8\xff\xe0" + b"\0" * 100, maintype="image",
                              subtype="jpeg", filename="Brev fra Hanne Juul.jpg")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as zf:
        zf.writestr("bilag.pdf", text_pdf([SIB[1203]]))
    unreadable.add_attachment(packed.getvalue(), maintype="application", subtype="zip",
                              filename="bilag.zip")
    unreadable.add_attachment(b"\x78\x9f\x3e\x22" + b"\0" * 64, maintype="application",
                              subtype="ms-tnef", filename="winmail.dat")
    mails = {"pdf.eml": (pdf_mail, "Gribskov Kommune"), "docx.eml": (docx_mail, "Movia"),
             "fwd_outlook.eml": (outlook_fwd, "Privatperson"),
             "fwd_gmail.eml": (gmail_fwd, "Privatperson"),
             "thread.eml": (thread, "Privatperson"),
             "outlook_html.eml": (outlook_html, "Bygherreforeningen"),
             "unreadable.eml": (unreadable, "Privatperson")}
    for name, (msg, _) in mails.items():
        (rd / name).write_bytes(msg.as_bytes())
    (rd / "manifest.yaml").write_text('round: "M1"\nsources:\n' + "".join(
        f"  - {{file: {name}, type: written, name: Svar, organisation: \"{org}\"}}\n"
        for name, (_, org) in mails.items()), encoding="utf-8")


@pytest.fixture(scope="module")
def mails(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - RunTables
    rd = tmp_path_factory.mktemp("mails") / "M1"
    rd.mkdir()
    _write_round(rd)
    base = rd.parent
    cfg = load_config(CONFIG, overrides={"paths": {"state": str(base / "state"),
                                                   "processed": str(base / "processed"),
                                                   "cache": str(base / "cache")},
                                         "nlp": {"embedding_backend": "lexical"}})
    return run_pipeline(cfg, [rd], until="clean")


def _texts(run, file: str) -> list[str]:  # noqa: ANN001
    st = run.statements
    return sorted(st.loc[st["source_file"] == file, "text"])


def _problems(run, file: str, code: str):  # noqa: ANN001, ANN202 - a DataFrame
    p = run.problems
    return p[(p["source_file"] == file) & (p["code"] == code)]


def test_pdf_attachment_is_the_response_and_the_covering_note_is_not(mails) -> None:  # noqa: ANN001
    assert _texts(mails, "pdf.eml") == sorted([*RUS, SIB[1203]])
    st = mails.statements[mails.statements["source_file"] == "pdf.eml"]
    assert set(st["organisation"]) == {"Gribskov Kommune"}
    assert all(loc.startswith("attachment=Høringssvar Gribskov Kommune.pdf;page=1;")
               for loc in st["locator"])
    read = _problems(mails, "pdf.eml", "mail_attachment_read")
    assert list(read["severity"]) == ["info"]
    assert "Høringssvar Gribskov Kommune.pdf" in read["message"].iloc[0]
    assert "cover note" in _problems(mails, "pdf.eml", "furniture")["message"].iloc[0]


def test_docx_attachment_read_and_a_broken_one_named(mails) -> None:  # noqa: ANN001
    assert _texts(mails, "docx.eml") == sorted([SIB[566], SIB[1441]])
    broken = _problems(mails, "docx.eml", "corrupt_file")
    assert len(broken) == 1 and "attachment 'bilag.docx'" in broken["message"].iloc[0]
    assert broken["locator"].iloc[0] == "attachment=bilag.docx"


@pytest.mark.parametrize(("file", "want"), [("fwd_outlook.eml", [SIB[1785], SIB[600]]),
                                            ("fwd_gmail.eml", [SIB[460]])])
def test_forwarded_response_read_without_note_or_header(mails, file: str,  # noqa: ANN001
                                                        want: list[str]) -> None:
    assert _texts(mails, file) == sorted(want)
    kinds = _problems(mails, file, "furniture")["value"].iloc[0]
    assert "forward_note" in kinds and "forwarded_header" in kinds


def test_thread_reply_read_quoted_mails_not(mails) -> None:  # noqa: ANN001
    assert _texts(mails, "thread.eml") == [SIB[886]]


def test_outlook_html_logo_and_disclaimer_are_not_statements(mails) -> None:  # noqa: ANN001
    assert _texts(mails, "outlook_html.eml") == [RUS[1]]
    assert _problems(mails, "outlook_html.eml", "mail_attachment_not_read").empty
    assert "inline_image" in _problems(mails, "outlook_html.eml", "furniture")["value"].iloc[0]


def test_every_unreadable_attachment_is_a_warning_saying_what_to_do(mails) -> None:  # noqa: ANN001
    p = _problems(mails, "unreadable.eml", "mail_attachment_not_read")
    assert sorted(p["value"]) == ["Brev fra [NAVN].jpg", "bilag.zip", "scan_brev.jpg",
                                  "winmail.dat"]
    assert set(p["severity"]) == {"warning"}
    assert all("declare" in a for a in p["action"])
    assert _texts(mails, "unreadable.eml") == []   # "Se vedhæftede brev" is a cover note


def test_private_senders_names_gone_everywhere(mails) -> None:  # noqa: ANN001
    shown = " ".join([*mails.statements["text"], *mails.problems["message"],
                      *mails.problems["locator"], *mails.problems["value"],
                      *mails.statements["context"].fillna("")])
    assert not [n for n in PRIVATE if n in shown or n.split()[1] in shown]
    assert "@" not in " ".join(mails.statements["text"])
