"""Written responses in the layouts a real consultation brings: a PDF bundle of many
responses ("Samlede høringssvar", as a case system or Høringsportalen exports it), the
region's own høringsskema (a Word table), and formats no reader reads.

Before ``ingest.bundle``, the bundle was read as one letter: the first response's "Med
venlig hilsen" made the rest of the file a signature (five of six responses of the probe
round lost as furniture) and what was left was attributed to the manifest's one
organisation. The høringsskema's header row and section labels were quoted as statements.

The sentences are real: quoted verbatim from the region's own text about RUS
(shared/context/rus-2024-process.txt) and from FLORES-200 Danish as annotated in SIB-200
(Adelani et al.; text CC BY-SA 4.0; index ids below). Senders, names and layout are
invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis import pii
from rus_analysis.config import Config
from rus_analysis.ingest.bundle import (
    heading_taken_for_person,
    part_sender,
    part_starts,
    split_bundle,
)
from rus_analysis.ingest.layout import Para
from rus_analysis.pipeline import run_pipeline

CITIZEN = "Mette Kristensen"
CONTACT = "Lars Pedersen"
REGION = {  # the region's own sentences (rus-2024-process.txt)
    "dialog": "Det blev besluttet, at strategien skulle udarbejdes i tæt dialog med regionens "
              "samarbejdspartnere og interessenter på tværs af geografien i "
              "hovedstadsregionen.",
    "roles": "Formålet var at få en åben dialog tidligt i processen om, hvilke udfordringer "
             "og potentialer for løsninger, som regionens samarbejdspartnere oplever, "
             "herunder mulige roller for regionen.",
    "yearly": "Regionen vil tage initiativ til årlige dialogmøder på politisk og "
              "administrativt niveau, hvor fokus er på de fælles udfordringer, som indgår i "
              "strategien og som går på tværs af aktørerne i hovedstadsregionen, ex "
              "kollektiv trafik og jordforurening.",
}
SIB = {
    1610: "Trafikstrøm er en undersøgelse af de enkelte føreres og køretøjers bevægelser "
          "mellem to punkter, og deres samspil med hinanden.",
    1612: "Heldigvis opfører bilister sig typisk rimelig konsistent; således er trafikken "
          "også typisk rimelig konsistent og kan beregnes matematisk.",
    1604: "Hvor morgen forlader folk små landsbyer i bil for at tage til deres "
          "arbejdsplads, og passeres af andre, hvis arbejdssteder er det sted, som de lige "
          "har forladt.",
    911: "Fordi opkald bliver dirigeret via internettet, behøver du ikke at bruge et "
         "telefonselskab der hvor du bor eller der hvor du rejser.",
    656: "Hvis du besøger Grønland i de kolde måneder (og medregn, at det bliver koldere og "
         "koldere, jo længere nordpå du tager), er det essentielt at medbringe tøj, der er "
         "varmt nok.",
    657: "De meget lange dage om sommeren kan føre til problemer med at få nok søvn og "
         "medfølgende sundhedsproblemer.",
    1202: "Ifølge søgsmålet var affald fra FN-lejren ikke renset korrekt, hvilket "
          "forårsagede at bakterier flød ind i bifloden til Artibonite-floden, en af "
          "Haiti's største floder.",
}
RUNNING_HEADER = "Region Hovedstaden - Høring om RUS 2024-2027"
# (heading, metadata block, paragraphs, signature); each paragraph on its own
PARTS = [
    ("Høringssvar fra Gribskov Kommune",
     ["Afsender: Gribskov Kommune, Center for Teknik og Miljø", "Modtaget: 12.03.2026"],
     [REGION["dialog"], SIB[1612] + " " + SIB[1610],
      # long enough to run over the page break: it goes on on the next page
      " ".join([SIB[1604]] * 9)],
     ["Med venlig hilsen", "Gribskov Kommune", "Center for Teknik og Miljø"]),
    ("Høringssvar nr. 2 - Dansk Erhverv",
     ["Organisation: Dansk Erhverv", "Modtaget: 13.03.2026"],
     [REGION["roles"], SIB[911]],
     ["Med venlig hilsen", "Dansk Erhverv"]),
    (f"Høringssvar nr. 3 - {CITIZEN}",
     [f"Afsender: {CITIZEN}", "Kommune: Helsingør", "Modtaget: 14.03.2026"],
     [f"Jeg hedder {CITIZEN} og bor i Helsingør. " + SIB[656], SIB[657]],
     ["Venlig hilsen", CITIZEN]),
]
SENDERS = ["Gribskov Kommune", "Dansk Erhverv", "Privatperson"]


def _bundle(path: Path) -> None:
    """Cover with a table of contents, then each response from a new page; a running
    header and "Side N af M" on every page."""
    fpdf = pytest.importorskip("fpdf")

    class Bundle(fpdf.FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, RUNNING_HEADER)
                self.ln(10)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Side {self.page_no()} af {{nb}}", align="C")

    pdf = Bundle()
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, "Samlede høringssvar til forslag til Regional Udviklingsstrategi", **line)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, "Indholdsfortegnelse")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=10)
    for n, (head, *_) in enumerate(PARTS):
        pdf.cell(150, 6, head.replace("Høringssvar fra ", "").split(" - ")[-1])
        pdf.cell(0, 6, str(2 + 2 * n if n else 2), align="R")   # the page, as printed
        pdf.ln(6)
    _write_parts(pdf, PARTS)
    pdf.output(str(path))


def _write_parts(pdf, parts: list, below: frozenset[int] = frozenset()) -> None:  # noqa: ANN001 - an fpdf.FPDF
    """Each response from a new page (those in ``below``: on the same page, below the
    one before): heading, metadata block, paragraphs, signature."""
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    for i, (head, meta, paras, signature) in enumerate(parts):
        if i in below:
            pdf.ln(8)
        else:
            pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 7, head, **line)
        pdf.set_font("Helvetica", size=9)
        if meta:
            pdf.multi_cell(0, 4.5, "\n".join(meta), **line)
        pdf.ln(5)
        pdf.set_font("Helvetica", size=10.5)
        for text in paras:
            pdf.multi_cell(0, 5.5, text, **line)
            pdf.ln(4)
        pdf.multi_cell(0, 5.5, "\n".join(signature), **line)


def _schema(path: Path) -> None:
    """The region's høringsskema: a title, a sender block, a 3-column table of remarks."""
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Høringsskema - forslag til Regional Udviklingsstrategi", 1)
    d.add_paragraph("Organisation: Furesø Kommune")
    d.add_paragraph(f"Kontaktperson: {CONTACT}, lp@furesoe.dk")
    t = d.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Afsnit/side", "Bemærkning",
                                            "Forslag til ændring"), strict=True):
        cell.text = text
    for row in (("Afsnit 2, side 4", REGION["yearly"], SIB[1610]),
                ("Side 12", SIB[1202], REGION["roles"])):
        for cell, text in zip(t.add_row().cells, row, strict=True):
            cell.text = text
    d.add_paragraph("Med venlig hilsen")
    d.add_paragraph("Furesø Kommune")
    d.save(str(path))


def _unsupported(folder: Path) -> None:
    # an Outlook .msg is an OLE2 compound file; an .odt a zip; an .rtf text with markup
    (folder / "svar_dsb.msg").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    (folder / "svar_fredensborg.odt").write_bytes(b"PK\x03\x04" + bytes(60))
    (folder / "svar_hilleroed.rtf").write_text("{\\rtf1\\ansi " + SIB[1610].encode(
        "ascii", "replace").decode() + "\\par}", encoding="ascii")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = tmp_path_factory.mktemp("bundle") / "H1"
    rd.mkdir()
    _bundle(rd / "samlede_hoeringssvar.pdf")
    _schema(rd / "hoeringsskema_furesoe.docx")
    _unsupported(rd)
    (rd / "manifest.yaml").write_text(
        'round: "H1"\nsources:\n'
        '  - {file: samlede_hoeringssvar.pdf, type: written, name: "Samlede høringssvar", '
        'organisation: "Flere afsendere"}\n'
        '  - {file: hoeringsskema_furesoe.docx, type: written, name: Høringsskema, '
        'organisation: Furesø Kommune}\n'
        '  - {file: svar_dsb.msg, type: written, name: Høringssvar, organisation: DSB}\n'
        '  - {file: svar_fredensborg.odt, type: written, name: Høringssvar, '
        'organisation: Fredensborg Kommune}\n'
        '  - {file: svar_hilleroed.rtf, type: written, name: Høringssvar, '
        'organisation: Hillerød Kommune}\n', encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean")


def _texts(run, file: str) -> pd.DataFrame:  # noqa: ANN001
    st = run.statements
    st = st[(st["source_file"] == file) & (st["status"] != "rejected")]
    return st.assign(flat=st["text"].map(lambda t: " ".join(str(t).split())))


def test_each_response_of_a_bundle_is_read_from_its_own_sender(run) -> None:  # noqa: ANN001
    st = _texts(run, "samlede_hoeringssvar.pdf")
    assert set(st["organisation"]) == set(SENDERS)      # not all from "Flere afsendere"
    for (_, _, paras, _), sender in zip(PARTS, SENDERS, strict=True):
        mine = " ".join(st.loc[st["organisation"] == sender, "flat"])
        for text in paras:
            first = text.replace(CITIZEN, "[NAVN]")[:60]
            assert first in mine, (sender, first)
    # the paragraph that runs over the page break is whole, and from Gribskov
    long = st[st["flat"].str.startswith(SIB[1604][:40])]
    assert set(long["organisation"]) == {"Gribskov Kommune"}
    assert " ".join(long["flat"]).count("arbejdsplads") == 9


def test_cover_headings_metadata_headers_and_signatures_are_not_statements(run) -> None:  # noqa: ANN001
    joined = "\n".join(_texts(run, "samlede_hoeringssvar.pdf")["flat"])
    for furniture in ("Samlede høringssvar", "Indholdsfortegnelse", "Høringssvar fra",
                      "Høringssvar nr.", "Afsender:", "Modtaget:", "Organisation:",
                      "Kommune:", RUNNING_HEADER, "Side 2 af", "Med venlig hilsen",
                      "Center for Teknik og Miljø"):
        assert furniture not in joined, furniture


def test_the_citizen_is_a_private_person_whose_name_is_gone_everywhere(run) -> None:  # noqa: ANN001
    st = _texts(run, "samlede_hoeringssvar.pdf")
    mine = st[st["organisation"] == "Privatperson"]
    assert len(mine) >= 2 and set(mine["municipality_name"]) == {"Helsingør"}
    for table in (run.statements, run.problems, run.rejects):
        cells = table.astype(str)
        for name in (CITIZEN, "Kristensen", CONTACT):
            assert not cells.apply(lambda c, n=name: c.str.contains(n, regex=False)).any().any(), \
                name


def test_the_split_is_reported_with_each_part_and_its_sender(run) -> None:  # noqa: ANN001
    pr = run.problems
    hit = pr[pr["code"] == "bundle_split"]
    assert len(hit) == 1 and hit["source_file"].iloc[0] == "samlede_hoeringssvar.pdf"
    assert hit["value"].iloc[0] == "3" and hit["locator"].iloc[0] == "page=2"
    message = hit["message"].iloc[0]
    assert all(s in message for s in SENDERS)
    furniture = pr[(pr["code"] == "furniture")
                   & (pr["source_file"] == "samlede_hoeringssvar.pdf")]["message"].iloc[0]
    for kind in ("bundle cover", "part heading", "metadata", "running header", "signature"):
        assert kind in furniture, kind


def test_a_hoeringsskema_reads_each_remark_with_its_section_as_context(run) -> None:  # noqa: ANN001
    st = _texts(run, "hoeringsskema_furesoe.docx")
    joined = "\n".join(st["flat"])
    for label in ("Afsnit/side", "Bemærkning", "Forslag til ændring", "Afsnit 2, side 4",
                  "Side 12", "Høringsskema", "Organisation:", "Kontaktperson"):
        assert label not in joined, label
    by_loc = dict(zip(st["locator"], st["context"], strict=True))
    assert set(by_loc) == {"table=1;row=2;col=2", "table=1;row=2;col=3",
                           "table=1;row=3;col=2", "table=1;row=3;col=3"}
    assert json.loads(by_loc["table=1;row=3;col=3"]) == {
        "Afsnit/side": "Side 12", "kolonne": "Forslag til ændring"}
    assert st.loc[st["locator"] == "table=1;row=2;col=2", "flat"].iloc[0] == REGION["yearly"]


@pytest.mark.parametrize(("file", "hint"), [("svar_dsb.msg", ".eml"),
                                            ("svar_fredensborg.odt", ".docx"),
                                            ("svar_hilleroed.rtf", ".docx")])
def test_an_unreadable_format_is_one_error_saying_what_to_save_it_as(run, file: str,  # noqa: ANN001
                                                                     hint: str) -> None:
    pr = run.problems
    hit = pr[pr["source_file"] == file]
    assert list(hit["code"]) == ["unknown_format"] and (hit["severity"] == "error").all()
    assert hint in hit["action"].iloc[0] and file in hit["message"].iloc[0]
    assert file in set(run.rejects["source_file"])


def test_one_letter_headed_hoeringssvar_fra_is_no_bundle() -> None:
    """Only several pages opening with a response heading make a bundle; a letter whose
    subject line is "Høringssvar fra ..." (or a table of contents listing such headings)
    is one letter."""
    letter = f"Høringssvar fra Gribskov Kommune\n\n{REGION['dialog']}\n"
    assert part_starts([letter]) == {}
    assert part_starts([letter, f"{SIB[1610]}\n"]) == {}
    toc = "Indhold\nHøringssvar fra Movia ........ 2\nHøringssvar fra DSB ........ 3\n"
    assert part_starts([toc, "Høringssvar fra Movia\nx", "Høringssvar fra DSB\ny"]) == {
        2: "Høringssvar fra Movia", 3: "Høringssvar fra DSB"}


def test_a_parts_sender_comes_from_its_metadata_or_heading() -> None:
    assert part_sender("Movia", {}) == ("Movia", [])
    assert part_sender("nr. 4", {"organisation": "Novafos A/S"})[0] == "Novafos A/S"
    assert part_sender(CITIZEN, {}) == ("Privatperson", [CITIZEN])
    assert part_sender("privatperson", {"sender": CITIZEN}) == ("Privatperson", [CITIZEN])
    # an organisation's employee as sender: the organisation, the name to redact
    assert part_sender("Dansk Erhverv", {"sender": CONTACT}) == ("Dansk Erhverv", [CONTACT])


LONG_NAME = "Foreningen for Bæredygtig Mobilitet og Grøn Omstilling i Nordsjælland og på Bornholm"
SIGNER = "Jens Peter Hansen"
# (heading, metadata block, paragraphs, signature): no running header or footer, so each
# page ends with its response's closing formula
PLAIN_PARTS = [
    (f"Høringssvar fra {LONG_NAME}", ["Modtaget: 02.03.2026"], [SIB[1612], REGION["roles"]],
     ["Med venlig hilsen", "Sekretariatet"]),
    ("Høringssvar fra privatperson", [], [SIB[1604], SIB[657]],
     ["Med venlig hilsen", SIGNER]),
    ("Høringssvar fra: Hillerød Kommune", [], [REGION["yearly"], SIB[1610]],
     ["Med venlig hilsen", "Hillerød Kommune"]),
]


def _plain_bundle(path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "Høringssvar - Regional Udviklingsstrategi", **line)
    _write_parts(pdf, PLAIN_PARTS)
    pdf.output(str(path))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = tmp_path_factory.mktemp("plain") / "H2"
    rd.mkdir()
    _plain_bundle(rd / "svar.pdf")
    (rd / "manifest.yaml").write_text(
        'round: "H2"\nsources:\n  - {file: svar.pdf, type: written, name: Høringssvar, '
        'organisation: "Flere afsendere"}\n', encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean")


def test_a_heading_that_wraps_and_a_heading_with_a_colon_name_their_senders(plain) -> None:  # noqa: ANN001
    st = _texts(plain, "svar.pdf")
    assert set(st["organisation"]) == {LONG_NAME, "Privatperson", "Hillerød Kommune"}
    assert not st["flat"].str.contains("Bornholm|Modtaget|Høringssvar fra").any()
    hill = st[st["organisation"] == "Hillerød Kommune"]
    assert list(hill["flat"].str[:40]) == [REGION["yearly"][:40], SIB[1610][:40]]


def test_a_closing_formula_at_every_pages_foot_is_no_running_footer(plain) -> None:  # noqa: ANN001
    """Every page ends "Med venlig hilsen" + a line: dropped as a repeated footer, the
    closing went, the signature below it was read as a statement and the private
    signer's name was never learned for redaction."""
    st = _texts(plain, "svar.pdf")
    assert len(st) == 6
    assert not st["flat"].str.contains("Sekretariatet|Hansen|hilsen").any()
    cells = plain.problems.astype(str)
    assert not cells.apply(lambda c: c.str.contains(SIGNER, regex=False)).any().any()


def test_a_part_is_a_private_person_unless_the_round_knows_the_organisation() -> None:
    """Any two capitalised words were a person: "Høringssvar fra Visit Nordsjælland"
    became Privatperson and the name was redacted in every letter of the run. Then only
    a first name made a person, and "Mohammed Ali" and "Anne-Marie Sørensen" reached the
    report as organisations. Now a heading's person-like sender is an organisation only
    when the round knows it (declared, invited, a regional actor, a stakeholder pattern)
    or its metadata says so; otherwise a person, and the reader warns."""
    known = pii.organisation_keys(["Hovedstadens Letbane", "Wonderful Copenhagen",
                                   "Visit Nordsjælland", "Niels Brock"])

    def person(name: str) -> bool:
        return pii.is_private_name(name, known)

    def unknown(name: str) -> bool:
        return pii.is_unknown_person_like(name, known)

    for org in ("Hovedstadens Letbane", "Wonderful Copenhagen", "Niels Brock"):
        assert part_sender(org, {}, person, unknown) == (org, [])
        assert not heading_taken_for_person(org, {}, unknown, person)
    # the organisation as its own sender is no person's name
    assert part_sender("Visit Nordsjælland", {"sender": "Visit Nordsjælland"}, person,
                       unknown) == ("Visit Nordsjælland", [])
    # not known, no first name, no sign of an organisation: a person whose name is
    # redacted, with a warning to declare it
    assert part_sender("Svea Thygesen", {}) == ("Privatperson", ["Svea Thygesen"])
    assert heading_taken_for_person("Svea Thygesen", {})
    # ... unless its metadata names it the organisation
    meta = {"organisation": "Svea Thygesen"}
    assert part_sender("Svea Thygesen", meta) == ("Svea Thygesen", [])
    assert not heading_taken_for_person("Svea Thygesen", meta)
    # the words themselves can say organisation (a brand word, a genitive that is no
    # first name): not redacted run-wide while the analyst has not declared them yet
    for org in ("Copenhagen Capacity", "Hovedstadens Beredskab", "Wonderful Copenhagen",
                "Visit Nordsjælland"):
        assert part_sender(org, {}) == (org, []), org
        assert not heading_taken_for_person(org, {}), org
    assert part_sender("Ahmad Rahimi", {"organisation": "Privatperson"}) == (
        "Privatperson", ["Ahmad Rahimi"])
    assert part_sender("Sofie Holm, privat", {}) == ("Privatperson", ["Sofie Holm"])
    # a hyphenated first name counts by its parts; Danes' names of other backgrounds
    for citizen in ("Anne-Marie Sørensen", "Marie-Louise Holm", "Mohammed Ali",
                    "Omar Hassan", "Mathilde Nørgaard"):
        assert pii.is_private_name(citizen), citizen
        assert part_sender(citizen, {}) == ("Privatperson", [citizen])
        assert not heading_taken_for_person(citizen, {}), citizen   # no warning needed


STACKED_CITIZEN = "Sofie Holm"
# (heading, metadata block, paragraphs, signature); STACKED_BELOW: printed below the one
# before on the same page, as a case system prints short responses
STACKED = [
    ("Høringssvar fra Hovedstadens Letbane", ["Modtaget: 12.03.2026"],
     ["Hovedstadens Letbane ser gerne, at strategien nævner en forlængelse af letbanen "
      "langs Ring 3 mod nord.",
      # a body paragraph that opens like a heading is no heading
      "Høringssvar fra kommunerne langs Ring 3 viser, at mange ønsker en bedre "
      "forbindelse mellem letbanen og de regionale busser."],
     ["Med venlig hilsen", "Hovedstadens Letbane"]),
    ("Høringssvar fra Visit Nordsjælland",
     ["Afsender: Visit Nordsjælland", "Modtaget: 13.03.2026"],
     ["Turismen i Nordsjælland har brug for bedre cykelstier mellem stationerne og "
      "kysten."],
     ["Med venlig hilsen", "Visit Nordsjælland"]),
    ("Høringssvar fra Niels Brock", ["Modtaget: 13.03.2026"],
     ["Niels Brock ønsker, at strategien styrker erhvervsuddannelserne i hele regionen."],
     ["Med venlig hilsen", "Niels Brock"]),
    ("Høringssvar fra Novo Nordisk", ["Modtaget: 14.03.2026"],
     ["Novo Nordisk peger på, at medarbejderne skal kunne pendle til Bagsværd og Måløv "
      "med kollektiv trafik."],
     ["Med venlig hilsen", "Novo Nordisk"]),
    (f"Høringssvar nr. 5 - {STACKED_CITIZEN}", ["Kommune: Furesø", "Modtaget: 14.03.2026"],
     [f"Jeg hedder {STACKED_CITIZEN} og savner en bus fra Farum til hospitalet i Herlev."],
     ["Venlig hilsen", STACKED_CITIZEN]),
    ("Høringssvar fra Furesø Kommune", ["Modtaget: 14.03.2026"],
     ["Furesø Kommune ønsker, at regionen styrker indsatsen for rent grundvand i hele "
      "Mølleåens opland."],
     ["Med venlig hilsen", "Furesø Kommune"]),
    ("Høringssvar fra Danske Handicaporganisationer", ["Modtaget: 14.03.2026"],
     ["Tilgængelighed for mennesker med handicap skal tænkes ind i alle nye stationer og "
      "busterminaler."],
     ["Med venlig hilsen", "Danske Handicaporganisationer"]),
]
STACKED_BELOW = frozenset({3, 4, 6})
STACKED_SENDERS = ["Hovedstadens Letbane", "Visit Nordsjælland", "Niels Brock",
                   "Novo Nordisk", "Privatperson", "Furesø Kommune",
                   "Danske Handicaporganisationer"]
GLADSAXE = ("Vi støtter forslaget om at forlænge Hovedstadens Letbane, og vi samarbejder "
            "gerne med Visit Nordsjælland og Niels Brock om cykelturisme og "
            "praktikpladser.")


def _cover_and_parts(rd: Path, parts: list, below: frozenset[int] = frozenset()) -> Path:
    """A round folder ``rd`` holding samlede.pdf: a title page, then ``parts``
    (``_write_parts``)."""
    fpdf = pytest.importorskip("fpdf")
    rd.mkdir()
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, "Samlede høringssvar til forslag til Regional Udviklingsstrategi",
                   new_x="LMARGIN", new_y="NEXT")
    _write_parts(pdf, parts, below)
    pdf.output(str(rd / "samlede.pdf"))
    return rd


@pytest.fixture(scope="module")
def stacked(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = _cover_and_parts(tmp_path_factory.mktemp("stacked") / "H3", STACKED, STACKED_BELOW)
    (rd / "gladsaxe.txt").write_text(f"Kære Region Hovedstaden\n\n{GLADSAXE}\n\n"
                                     "Med venlig hilsen\nGladsaxe Kommune\n", encoding="utf-8")
    (rd / "manifest.yaml").write_text(
        'round: "H3"\ninvited_organisations: [Niels Brock, Hovedstadens Letbane, '
        'Visit Nordsjælland]\nsources:\n'
        '  - {file: samlede.pdf, type: written, name: Høringssvar, '
        'organisation: "Flere afsendere"}\n'
        '  - {file: gladsaxe.txt, type: written, name: Høringssvar, '
        'organisation: Gladsaxe Kommune}\n', encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean")


def test_organisations_named_like_persons_keep_their_names_in_every_letter(stacked) -> None:  # noqa: ANN001
    """Visit Nordsjælland and Hovedstadens Letbane (two capitalised words), Niels Brock
    (a first name) - all three invited - and Novo Nordisk (a configured stakeholder) are
    organisations: their responses keep their sender, and Gladsaxe's letter keeps their
    names. (Not invited, the first two would be private persons, with a warning: a
    bundle's heading sender is a person's unless the round knows the organisation.)"""
    st = _texts(stacked, "samlede.pdf")
    assert sorted(set(st["organisation"])) == sorted(STACKED_SENDERS)
    assert _texts(stacked, "gladsaxe.txt")["flat"].tolist() == [GLADSAXE]
    letbane = " ".join(st.loc[st["organisation"] == "Hovedstadens Letbane", "flat"])
    assert "Hovedstadens Letbane ser gerne" in letbane
    assert not {"Hovedstadens Letbane", "Visit Nordsjælland", "Niels Brock",
                "Novo Nordisk"} & set(stacked.private_names)


def test_a_response_printed_below_the_one_before_is_a_part_of_its_own(stacked) -> None:  # noqa: ANN001
    """Only the first lines of a page were looked at for a heading: a response below
    the previous one's signature was read as that signature, and lost."""
    st = _texts(stacked, "samlede.pdf")
    for (_, _, paras, _), sender in zip(STACKED, STACKED_SENDERS, strict=True):
        mine = " ".join(st.loc[st["organisation"] == sender, "flat"])
        for text in paras:
            assert text.replace(STACKED_CITIZEN, "[NAVN]")[:60] in mine, (sender, text)
    assert not st["flat"].str.contains("Med venlig hilsen|Høringssvar nr").any()
    hit = stacked.problems[stacked.problems["code"] == "bundle_split"]
    assert hit["value"].tolist() == [str(len(STACKED))]
    # the private person printed below Novo Nordisk: her name is gone everywhere
    mine = st[st["organisation"] == "Privatperson"]
    assert set(mine["municipality_name"]) == {"Furesø"}
    for table in (stacked.statements, stacked.problems, stacked.rejects):
        cells = table.astype(str)
        assert not cells.apply(lambda c: c.str.contains("Holm", regex=False)).any().any()


GLADSAXE_TITLE = ("Høringssvar fra Gladsaxe Kommune vedrørende forslag til Regional "
                  "Udviklingsstrategi 2024-2027")
UNLISTED = "Svea Thygesen"        # a first name no list holds
# (heading, metadata block, paragraphs, signature), each from a page of its own
SENDER_PARTS = [
    ("Høringssvar fra Gladsaxe Kommune", ["Modtaget: 12.03.2026"],
     ["Kære Region Hovedstaden", GLADSAXE_TITLE,
      "Gladsaxe Kommune ønsker, at letbanen på Ring 3 forlænges mod nord til Lyngby.",
      "Kommunen ser desuden gerne flere cykelsuperstier på tværs af kommunegrænserne."],
     ["Med venlig hilsen", "Gladsaxe Kommune"]),
    ("Høringssvar fra Anne-Marie Sørensen", ["Modtaget: 12.03.2026"],
     ["Jeg ønsker flere busser mellem Tisvildeleje og Helsinge om aftenen, især i "
      "weekenden."],
     ["Med venlig hilsen", "Anne-Marie Sørensen"]),
    ("Høringssvar fra Mohammed Ali", ["Modtaget: 13.03.2026"],
     ["Som pendler fra Farum savner jeg en hurtigere S-togsforbindelse til Ballerup."],
     ["Venlig hilsen", "Mohammed Ali"]),
    (f"Høringssvar fra {UNLISTED}", ["Modtaget: 13.03.2026"],
     ["Der mangler en sikker cykelsti langs landevejen mellem Gilleleje og Græsted."],
     ["Venlig hilsen", UNLISTED]),
    ("Høringssvar fra Furesø Kommune", ["Modtaget: 14.03.2026"],
     ["Furesø Kommune ønsker, at regionen styrker indsatsen for rent grundvand i hele "
      "Mølleåens opland."],
     ["Med venlig hilsen", "Furesø Kommune"]),
]


@pytest.fixture(scope="module")
def senders(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = _cover_and_parts(tmp_path_factory.mktemp("senders") / "H4", SENDER_PARTS)
    (rd / "manifest.yaml").write_text(
        'round: "H4"\nsources:\n  - {file: samlede.pdf, type: written, name: Høringssvar, '
        'organisation: "Flere afsendere"}\n', encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean")


def test_a_letters_own_subject_line_below_its_heading_is_no_response(senders) -> None:  # noqa: ANN001
    """The letter's title "Høringssvar fra Gladsaxe Kommune vedrørende ..." below the
    case system's heading started a part: the bundle held a response too many, and
    both statements came from "Gladsaxe Kommune vedrørende forslag til ...", a
    respondent that does not exist."""
    st = _texts(senders, "samlede.pdf")
    hit = senders.problems[senders.problems["code"] == "bundle_split"]
    assert hit["value"].tolist() == [str(len(SENDER_PARTS))]
    gladsaxe = st[st["flat"].str.contains("Ring 3|cykelsuperstier")]
    assert gladsaxe["organisation"].tolist() == ["Gladsaxe Kommune"] * 2
    assert not st["flat"].str.contains("vedrørende forslag").any()


def test_citizens_with_first_names_no_list_holds_are_private_persons(senders) -> None:  # noqa: ANN001
    """Only a first name on the list made a heading's sender a person: "Anne-Marie
    Sørensen" and "Mohammed Ali" were organisations and their names reached the
    report. A name no list holds is a person's too, with a warning saying how to
    declare it if it is an organisation's."""
    st = _texts(senders, "samlede.pdf")
    assert set(st["organisation"]) == {"Gladsaxe Kommune", "Privatperson", "Furesø Kommune"}
    assert (st["organisation"] == "Privatperson").sum() == 3
    for table in (senders.statements, senders.problems, senders.rejects):
        cells = table.astype(str)
        for name in ("Sørensen", "Mohammed", "Thygesen"):
            assert not cells.apply(lambda c, n=name: c.str.contains(n, regex=False)).any().any()
    warn = senders.problems[senders.problems["code"] == "bundle_sender_person"]
    assert warn["locator"].tolist() == ["page=5"]          # only the unlisted first name
    assert set(warn["severity"]) == {"warning"}
    assert "invited_organisations" in str(warn.iloc[0].to_dict())


def test_a_heading_below_a_parts_head_or_naming_its_sender_is_the_letters_subject() -> None:
    """Right below the heading, its metadata and the greeting, or naming the part's own
    sender, a heading is the letter's subject line; with a metadata block of its own, or
    after another sender's text, it is the next response."""
    def parts(*paras: list[str]) -> list[tuple[str, int]]:
        ps = [Para(lines, f"page=2;para={i}", page=2) for i, lines in enumerate(paras, 1)]
        got = split_bundle(ps, {2: " ".join(paras[0][0].split())},
                           lambda line: line.startswith("Kære"))[1]
        return [(p.named, len(p.subjects)) for p in got]

    head = ["Høringssvar nr. 7 - Dansk Erhverv", "Modtaget: 13.03.2026"]
    title = ["Høringssvar fra DE om forslag til Regional Udviklingsstrategi"]
    assert parts(head, ["Kære Region Hovedstaden"], title,
                 ["Vi ønsker en stærkere indsats for erhvervsuddannelserne."]) == [
        ("Dansk Erhverv", 1)]
    # after the part's text, a heading naming another sender is the next response
    body = ["Dansk Erhverv ønsker en stærkere indsats for erhvervsuddannelserne."]
    assert parts(head, body, ["Høringssvar fra Movia"], ["Flere busser om aftenen."]) == [
        ("Dansk Erhverv", 0), ("Movia", 0)]
    # ... and one with a metadata block of its own, even right below the heading
    assert parts(head, ["Høringssvar fra Movia", "Modtaget: 14.03.2026"], body) == [
        ("Dansk Erhverv", 0), ("Movia", 0)]
    # the same sender's title after the greeting and some text still is its subject
    assert parts(head, body, ["Høringssvar fra Dansk Erhverv vedr. RUS 2024-2027"]) == [
        ("Dansk Erhverv", 1)]
