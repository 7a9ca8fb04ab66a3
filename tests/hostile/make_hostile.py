"""(Re)create the committed hostile input files of tests/hostile/.

Run: ``.venv/bin/python tests/hostile/make_hostile.py`` (deterministic; needs openpyxl,
python-docx, pypdf, fpdf2). The big hostile inputs (50 MB cell, a million CSV rows, a
2,000-page PDF, zip bombs, files over the size limit) are NOT written here: tests make
them on the fly in tmp_path, so the repository stays small (< 1 MB of hostile files).

Layout: ``round/`` is one round folder whose manifest declares every hostile file (and
one missing file; ``stray_undeclared.csv`` is deliberately not declared). ``round_typo/``
and ``round_badyaml/`` hold broken manifests. EXPECTED maps each file to the problem code
(or "records") the ingest stage must produce; tests read it from here.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUND = HERE / "round"

Q1 = "Hvad er de største udfordringer for jeres område frem mod 2035?"
Q2 = "Hvilke løsninger bør den regionale udviklingsstrategi prioritere?"

# file -> (source type, expected problem code or "records"), in manifest order
EXPECTED: dict[str, tuple[str, str]] = {
    "survey_title_rows_cp1252.csv": ("survey", "records"),
    "survey_mixed_encoding.csv": ("survey", "mixed_encoding"),
    "survey_undecodable.csv": ("survey", "undecodable"),
    "survey_header_only.csv": ("survey", "no_records"),
    "survey_empty.csv": ("survey", "empty_file"),
    "survey_missing_column.csv": ("survey", "missing_column"),
    "survey_utf16_tab.csv": ("survey", "records"),
    "survey_merged_formulas.xlsx": ("survey", "records"),
    "survey_sheet_missing.xlsx": ("survey", "sheet_missing"),
    "survey_encrypted.xlsx": ("survey", "encrypted_file"),
    "survey_truncated.xlsx": ("survey", "corrupt_file"),
    "survey_legacy_xls.xlsx": ("survey", "unknown_format"),
    "survey_really_pdf.xlsx": ("survey", "corrupt_file"),
    "survey_libreoffice.ods": ("survey", "unknown_format"),
    "meeting_tables.docx": ("meeting", "records"),
    "meeting_nested.docx": ("meeting", "corrupt_file"),
    "meeting_truncated.docx": ("meeting", "corrupt_file"),
    "meeting_encrypted.docx": ("meeting", "encrypted_file"),
    "meeting_nul_bytes.txt": ("meeting", "nul_bytes"),
    "meeting_crlf_rtl_emoji.md": ("meeting", "records"),
    "workshop_no_tekst.csv": ("workshop", "missing_column"),
    "letter_scanned.pdf": ("written", "no_text"),
    "letter_encrypted.pdf": ("written", "encrypted_file"),
    "letter_truncated.pdf": ("written", "corrupt_file"),
    "letter_blank.txt": ("written", "empty_file"),
    "letter_declared_missing.txt": ("written", "missing_file"),
}
UNDECLARED = "stray_undeclared.csv"


def pdf_with_stream(stream: bytes) -> bytes:
    """A minimal one-page PDF whose page content is ``stream`` (FlateDecode); the tests
    and benchmarks/hostile_inputs.py build PDF bombs with it."""
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>",
            b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(stream) + stream
            + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _survey_rows() -> list[list[str]]:
    return [
        ["Respondent-ID", "Kommune", "Organisation", Q1, Q2],
        ["101", "Gribskov", "Gribskov Kommune", "Bussen til Gilleleje kører for sjældent.",
         "Flere regionale busser."],
        ["102", "Kbh.", "Københavns Kommune", "", "ved ikke"],
        ["103", "Høje Taastrup", "", "-", "Boliger til unge i Høje-Taastrup."],
    ]


def _csv(rows: list[list[str]], sep: str = ";") -> str:
    return "\r\n".join(sep.join(f'"{c}"' if sep in c else c for c in r) for r in rows) + "\r\n"


def write_csvs() -> None:
    title = "Eksport af besvarelser;;;;\r\nUdtrukket 15-11-2022;;;;\r\n;;;;\r\n"
    (ROUND / "survey_title_rows_cp1252.csv").write_bytes(
        (title + _csv(_survey_rows())).encode("cp1252"))
    rows = _survey_rows()
    lines = [_csv([r]).encode("utf-8" if i % 2 else "cp1252") for i, r in enumerate(rows)]
    (ROUND / "survey_mixed_encoding.csv").write_bytes(b"".join(lines))
    bad = _csv(rows[:2]).encode("cp1252") + b"104;Gribskov;;Ugyldig \x81\x8d byte;x\r\n"
    (ROUND / "survey_undecodable.csv").write_bytes(bad)
    (ROUND / "survey_header_only.csv").write_bytes(_csv(rows[:1]).encode("cp1252"))
    (ROUND / "survey_empty.csv").write_bytes(b"")
    (ROUND / "survey_missing_column.csv").write_bytes(_csv(rows).encode("utf-8"))
    (ROUND / "survey_utf16_tab.csv").write_bytes(
        _csv(rows, sep="\t").encode("utf-16"))
    (ROUND / "workshop_no_tekst.csv").write_text(
        "bord,overskrift,kommune\n1,Trafik,Gribskov\n", encoding="utf-8")
    (ROUND / UNDECLARED).write_text("a,b\n1,2\n", encoding="utf-8")
    (ROUND / "survey_libreoffice.ods").write_bytes(b"PK\x03\x04 not really an ods")


def write_xlsx() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Forside"
    ws["A1"] = "Denne fane er en forside"
    data = wb.create_sheet("Besvarelser")
    data.append(["Spørgeskema 2022 - eksport"])            # title row above the header
    data.append([])
    for r in _survey_rows():
        data.append(r)
    data.append(["104", "Halsnæs", "Halsnæs Kommune", None, None])
    data["E7"] = '="Formel: "&C7'                         # formula; cached value added below
    data.append(["105", None, "Ukendt", "Svar fra en fusioneret celle", None])
    data.merge_cells("B7:B8")                            # one municipality for two rows
    data.merge_cells("D8:E8")                            # one answer over two questions
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl writes formulas without a cached value; add one as Excel would.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                text = body.decode("utf-8")
                old = '<c r="E7"><f>"Formel: "&amp;C7</f><v></v></c>'
                assert old in text, text[:2000]
                text = text.replace(old, '<c r="E7" t="str"><f>"Formel: "&amp;C7</f>'
                                    '<v>Formel: Halsnæs Kommune</v></c>')
                body = text.encode("utf-8")
            zf.writestr(info, body)
    (ROUND / "survey_merged_formulas.xlsx").write_bytes(out.getvalue())
    (ROUND / "survey_sheet_missing.xlsx").write_bytes(out.getvalue())
    (ROUND / "survey_truncated.xlsx").write_bytes(out.getvalue()[: len(out.getvalue()) // 2])
    # An encrypted OOXML file is an OLE compound file holding EncryptionInfo and
    # EncryptedPackage streams; the reader only needs the signature and the stream name.
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    entry = "EncryptionInfo".encode("utf-16-le") + b"\x00\x00"
    ole += entry.ljust(64, b"\x00") + struct.pack("<H", len(entry)) + b"\x00" * 446
    ole += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 990
    (ROUND / "survey_encrypted.xlsx").write_bytes(bytes(ole))
    (ROUND / "meeting_encrypted.docx").write_bytes(bytes(ole))
    legacy = bytes(ole).replace("EncryptionInfo".encode("utf-16-le"),
                                "Workbook".encode("utf-16-le").ljust(28, b"\x00"))
    (ROUND / "survey_legacy_xls.xlsx").write_bytes(legacy)
    (ROUND / "survey_really_pdf.xlsx").write_bytes(b"%PDF-1.4\n% not a workbook\n")


def write_docx() -> None:
    import docx

    d = docx.Document()
    d.add_heading("Dialogmøde om trafik, 12. januar 2023", level=1)
    d.add_heading("Deltagere", level=2)
    t = d.add_table(rows=3, cols=2)
    for row, (name, org) in zip(t.rows, [("Navn", "Organisation"),
                                         ("Anne Hansen", "Gribskov Kommune"),
                                         ("Bo Berg", "Movia")], strict=True):
        row.cells[0].text, row.cells[1].text = name, org
    d.add_heading("Bord 1: Kollektiv trafik", level=2)
    d.add_paragraph("Gribskov Kommune: Bussen til Gilleleje er for tynd.", style="List Bullet")
    d.add_paragraph("Movia: Flere regionale linjer kræver fælles finansiering.")
    d.add_paragraph("Konklusion: noget om trafik.", style="List Bullet")
    t2 = d.add_table(rows=1, cols=2)
    t2.rows[0].cells[0].text = "Halsnæs Kommune"
    t2.rows[0].cells[1].text = "Færgen til Hundested skal bevares."
    buf = io.BytesIO()
    d.save(buf)
    (ROUND / "meeting_tables.docx").write_bytes(buf.getvalue())
    (ROUND / "meeting_truncated.docx").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    # Deeply nested tables: 150 tables, each inside the cell of the one before.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    doc_xml = src.read("word/document.xml").decode("utf-8")
    depth = 150
    nested = ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>" * depth
              + "</w:tc></w:tr></w:tbl>" * depth)
    body_at = doc_xml.index("<w:body>") + len("<w:body>")
    doc_xml = doc_xml[:body_at] + nested + "<w:p/>" + doc_xml[body_at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = doc_xml.encode("utf-8") if info.filename == "word/document.xml" \
                else src.read(info.filename)
            zf.writestr(info, body)
    (ROUND / "meeting_nested.docx").write_bytes(out.getvalue())


def write_text_notes() -> None:
    notes = ("Dialogmøde om klima, 19. januar 2023\n\nDeltagere\n- Halsnæs Kommune – formand\n"
             "\nBord 1: Klima\n- Halsnæs Kommune: Kysten\x00 skal sikres.\n- Flere\x00 træer.\n")
    (ROUND / "meeting_nul_bytes.txt").write_bytes(notes.encode("utf-8"))
    md = ("# Møde med emoji og højre-mod-venstre, 2025\r\n\r\n## Deltagere\r\n\r\n"
          "- Gribskov Kommune – borgmester\r\n\r\n## Bord 2: Mangfoldighed\r\n\r\n"
          "- Gribskov Kommune: Skilte på arabisk: مرحبا بكم في المكتبة 📚\r\n"
          "- Hebraisk tekst: שלום עולם, og flag 🇩🇰 med ZWJ 👩‍👩‍👧\r\n"
          "\r\nEt afsnit\r\nover to linjer ✅\r\n")
    (ROUND / "meeting_crlf_rtl_emoji.md").write_bytes(md.encode("utf-8"))
    (ROUND / "letter_blank.txt").write_bytes(b"\r\n   \r\n\t\r\n")
    (ROUND / "README.md").write_text("Not declared and deliberately ignored.\n",
                                     encoding="utf-8")


def write_pdfs() -> None:
    from fpdf import FPDF
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    img = Image.new("L", (200, 120), 255)
    for x in range(20, 180):
        for y in (30, 50, 70):
            img.putpixel((x, y), 0)   # "lines of text" as pixels only
    pdf = FPDF()
    pdf.add_page()
    pdf.image(img, x=10, y=10, w=180)
    (ROUND / "letter_scanned.pdf").write_bytes(bytes(pdf.output()))
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Til Region Hovedstaden. Vi ønsker bedre busser. Med venlig hilsen")
    plain = bytes(pdf.output())
    (ROUND / "letter_truncated.pdf").write_bytes(plain[: len(plain) // 2])
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (ROUND / "letter_encrypted.pdf").write_bytes(out.getvalue())


def write_manifests() -> None:
    lines = ['round: "hostile"', 'title: "Fjendtlige filer"', "invited_municipalities: [alle]",
             "invited_organisations: [Movia, 0101]", "sources:"]
    for f, (stype, _) in EXPECTED.items():
        lines.append(f"  - file: {f}")
        lines.append(f"    type: {stype}")
        lines.append(f'    name: "{f}"')
        if f == "survey_missing_column.csv":
            lines.append('    columns: {municipality: "Bopælskommune"}')
        if f == "survey_merged_formulas.xlsx":
            lines.append('    sheet: "Besvarelser"')
        if f == "survey_sheet_missing.xlsx":
            lines.append('    sheet: "Ark3"')
        if stype == "written":
            lines.append('    organisation: "Movia"')
    (ROUND / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    typo = HERE / "round_typo"
    typo.mkdir(exist_ok=True)
    (typo / "manifest.yaml").write_text(
        'round: "typo"\ninvited_municipalites: [alle]\nsources:\n'
        "  - file: survey.csv\n    type: survey\n    name: S\n"
        '    colums: {municipality: "Kommune"}\n', encoding="utf-8")
    shutil.copy(ROUND / "survey_missing_column.csv", typo / "survey.csv")
    bad = HERE / "round_badyaml"
    bad.mkdir(exist_ok=True)
    (bad / "manifest.yaml").write_text('round: "bad"\nsources:\n  - file: [unclosed\n',
                                       encoding="utf-8")


def main() -> None:
    if ROUND.exists():
        shutil.rmtree(ROUND)
    ROUND.mkdir(parents=True)
    write_csvs()
    write_xlsx()
    write_docx()
    write_text_notes()
    write_pdfs()
    write_manifests()
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"wrote {len(list(ROUND.iterdir()))} files in {ROUND}; tests/hostile is "
          f"{total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
