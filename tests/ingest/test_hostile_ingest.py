"""Hostile input: every bad file ends as one clear problem row (or clean records), in
bounded time and memory, and never as a traceback from inside a library.

The small hostile files are committed in tests/hostile/round (made by make_hostile.py);
the big ones (zip bombs, 50 MB cell, a million rows, 2,000 pages, over-limit files) are
made here in tmp_path.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rus_analysis.config import Config, IngestOptions, load_config
from rus_analysis.ingest import IngestResult, read_round, read_rounds
from rus_analysis.problems import PROBLEM_CODES, IngestError
from support import HOSTILE, ROOT

_spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
assert _spec and _spec.loader
make_hostile = importlib.util.module_from_spec(_spec)
sys.modules["make_hostile"] = make_hostile
_spec.loader.exec_module(make_hostile)
EXPECTED: dict[str, tuple[str, str]] = make_hostile.EXPECTED


def _cfg(**ingest: object) -> Config:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    return dataclasses.replace(cfg, ingest=IngestOptions(**{"strict": False,
                                                            "max_file_mb": 200.0, **ingest}))


@pytest.fixture(scope="module")
def hostile() -> IngestResult:
    return read_round(HOSTILE / "round", _cfg())


def _problems_of(res: IngestResult, source_file: str) -> list[dict]:
    p = res.problems
    return p[p["source_file"] == source_file].to_dict("records")


def test_committed_hostile_files_are_small_and_many() -> None:
    files = [p for p in HOSTILE.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1024 * 1024
    assert len(EXPECTED) + 1 >= 20   # + the undeclared file


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_hostile_file_gives_its_problem_or_records(hostile: IngestResult, name: str
                                                       ) -> None:
    _, expected = EXPECTED[name]
    probs = _problems_of(hostile, name)
    recs = hostile.records[hostile.records["source_file"] == name]
    if expected == "records":
        assert not [p for p in probs if p["severity"] == "error"], probs
        assert len(recs) > 0
    else:
        codes = [p["code"] for p in probs]
        assert expected in codes, (name, probs)
        p = next(p for p in probs if p["code"] == expected)
        assert name in p["message"], p["message"]
        assert p["action"]
        assert "\n" not in p["message"]
    row = hostile.files[hostile.files["source_file"] == name]
    assert len(row) == 1


def test_problem_table_is_well_formed(hostile: IngestResult) -> None:
    p = hostile.problems
    assert list(p.columns) == ["round", "source_file", "locator", "severity", "code",
                               "message", "action", "value"]
    assert set(p["severity"]) <= {"error", "warning", "info"}
    assert set(p["code"]) <= set(PROBLEM_CODES)
    assert p["message"].str.len().min() > 20


def test_undeclared_file_is_reported_readme_ignored(hostile: IngestResult) -> None:
    probs = _problems_of(hostile, make_hostile.UNDECLARED)
    assert [p["code"] for p in probs] == ["undeclared_file"]
    assert probs[0]["severity"] == "warning"
    assert "README.md" not in set(hostile.files["source_file"])
    assert "README.md" not in set(hostile.problems["source_file"])
    st = hostile.files.set_index("source_file")["status"]
    assert st[make_hostile.UNDECLARED] == "undeclared"
    assert st["letter_declared_missing.txt"] == "missing"


def test_missing_column_names_the_columns_found(hostile: IngestResult) -> None:
    p = _problems_of(hostile, "survey_missing_column.csv")[0]
    assert "Bopælskommune" in p["message"] and "'Kommune'" in p["message"]
    w = _problems_of(hostile, "workshop_no_tekst.csv")[0]
    assert "tekst" in w["message"] and "'overskrift'" in w["message"]


def test_specific_messages(hostile: IngestResult) -> None:
    msg = {p["source_file"]: p["message"] for p in hostile.problems.to_dict("records")
           if p["severity"] != "info"}
    assert "scanned" in msg["letter_scanned.pdf"]
    assert "OCR" in _problems_of(hostile, "letter_scanned.pdf")[0]["action"]
    assert "password" in msg["survey_encrypted.xlsx"]
    assert "password" in msg["letter_encrypted.pdf"]
    assert "password" in msg["meeting_encrypted.docx"]
    assert ".xls" in msg["survey_legacy_xls.xlsx"]
    assert "line 3" in msg["survey_undecodable.csv"]
    assert "Ark3" in msg["survey_sheet_missing.xlsx"]
    assert "Besvarelser" in msg["survey_sheet_missing.xlsx"]
    assert "nested" in msg["meeting_nested.docx"]


def test_xlsx_merged_cells_formulas_and_title_rows(hostile: IngestResult) -> None:
    r = hostile.records[hostile.records["source_file"] == "survey_merged_formulas.xlsx"]
    by_loc = r.set_index("locator")
    # cached value of the formula, not the formula
    assert by_loc.loc["sheet=Besvarelser;row=7;col=q2", "text_raw"] == "Formel: Halsnæs Kommune"
    # a merged municipality cell belongs to both rows it spans
    assert by_loc.loc["sheet=Besvarelser;row=8;col=q1", "municipality_raw"] == "Halsnæs"
    # an answer merged over two question columns is one record, and not an empty cell
    assert "sheet=Besvarelser;row=8;col=q2" not in by_loc.index
    f = hostile.files.set_index("source_file").loc["survey_merged_formulas.xlsx"]
    assert f["header_row"] == 3 and f["sheet"] == "Besvarelser"
    assert f["n_empty_cells"] == 2


def test_csv_detection(hostile: IngestResult) -> None:
    f = hostile.files.set_index("source_file")
    assert f.loc["survey_title_rows_cp1252.csv", "encoding"] == "cp1252"
    assert f.loc["survey_title_rows_cp1252.csv", "delimiter"] == ";"
    assert f.loc["survey_title_rows_cp1252.csv", "header_row"] == 4
    assert f.loc["survey_utf16_tab.csv", "encoding"] == "utf-16"
    assert f.loc["survey_utf16_tab.csv", "delimiter"] == "\t"
    assert f.loc["survey_mixed_encoding.csv", "encoding"] == "mixed(utf-8+cp1252)"
    recs = hostile.records
    mixed = recs[recs["source_file"] == "survey_mixed_encoding.csv"]
    # both the utf-8 and the cp1252 lines read without mojibake
    assert "Bussen til Gilleleje kører for sjældent." in set(mixed["text_raw"])
    assert "Boliger til unge i Høje-Taastrup." in set(mixed["text_raw"])
    assert not mixed["text_raw"].str.contains("Ã").any()


def test_rtl_emoji_crlf_and_nul(hostile: IngestResult) -> None:
    r = hostile.records
    md = r[r["source_file"] == "meeting_crlf_rtl_emoji.md"]
    texts = list(md["text_raw"])
    assert any("مرحبا بكم في المكتبة 📚" in t for t in texts)
    assert any("👩‍👩‍👧" in t and "שלום" in t for t in texts)
    assert not any("\r" in t for t in texts)
    nul = r[r["source_file"] == "meeting_nul_bytes.txt"]
    assert list(nul["text_raw"]) == ["Kysten skal sikres.", "Flere træer."]
    assert set(nul["organisation"]) == {"Halsnæs Kommune", ""}


def test_docx_tables(hostile: IngestResult) -> None:
    r = hostile.records[hostile.records["source_file"] == "meeting_tables.docx"]
    row = r[r["locator"].str.startswith("table=2;row=1;")].iloc[0]
    assert row["organisation"] == "Halsnæs Kommune"
    assert row["text_raw"] == "Færgen til Hundested skal bevares."
    # "Konklusion:" is the part of the item, not a speaker: context, no organisation
    concl = r[r["text_raw"] == "noget om trafik."].iloc[0]
    assert concl["organisation"] == "" and '"afsnit": "Konklusion"' in concl["context"]
    att = hostile.attendance[hostile.attendance["source_file"] == "meeting_tables.docx"]
    assert set(att["organisation"]) == {"Gribskov Kommune", "Movia"}   # no header row


def test_typo_manifest_and_bad_yaml() -> None:
    res = read_rounds([HOSTILE / "round_typo", HOSTILE / "round_badyaml"], _cfg())
    msgs = list(res.problems["message"])
    assert any("'invited_municipalites'" in m and "did you mean 'invited_municipalities'" in m
               for m in msgs)
    assert any("colums" in m and "did you mean 'columns'" in m and "manifest.yaml" in m
               for m in msgs)
    assert any("not valid YAML" in m and "line 4" in m for m in msgs)
    assert set(res.problems["code"]) == {"manifest_invalid"}
    # the file of the rejected entry is declared (not "undeclared") and was not read
    assert res.files.set_index("source_file").loc["survey.csv", "status"] == "rejected"
    # the entry's problem is filed under its file, so the file is in the accounting
    assert "survey.csv" in set(res.problems["source_file"])
    assert res.records.empty


def test_strict_mode_raises_the_problem_message() -> None:
    with pytest.raises(IngestError) as err:
        read_round(HOSTILE / "round", _cfg(strict=True))
    assert isinstance(err.value, ValueError)
    assert "(round hostile)" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(IngestError):
        read_round(HOSTILE / "round", _cfg(), strict=True)


# --- generated in tmp_path ---------------------------------------------------------------

def _round(tmp_path: Path, files: dict[str, str], extra: str = "") -> Path:
    """A round folder whose manifest declares ``files`` (name -> source type)."""
    rd = tmp_path / "r"
    rd.mkdir(exist_ok=True)
    lines = ['round: "gen"', "sources:"]
    for name, stype in files.items():
        lines += [f"  - file: {name}", f"    type: {stype}", f"    name: {name}"]
        if stype == "written":
            lines.append("    organisation: Movia")
    (rd / "manifest.yaml").write_text("\n".join(lines) + extra + "\n", encoding="utf-8")
    return rd


def _zip_bomb(path: Path, inner: str, mb: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(inner, b"\0" * (mb * 1024 * 1024))


def test_zip_bombs_refused_before_unpacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    rd = _round(tmp_path, {"bomb.xlsx": "survey", "bomb.docx": "meeting",
                           "huge.xlsx": "survey"})
    _zip_bomb(rd / "bomb.xlsx", "xl/workbook.xml", 12)        # ratio ~1000:1
    _zip_bomb(rd / "bomb.docx", "word/document.xml", 12)
    # a directory that claims more than the size limit (faked sizes, tiny file)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/workbook.xml", b"x" * 100)
    data = bytearray(buf.getvalue())
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (300 * 1024 * 1024).to_bytes(4, "little")  # uncompressed size
    (rd / "huge.xlsx").write_bytes(bytes(data))

    import docx
    import openpyxl

    def boom(*a: object, **k: object) -> None:
        raise AssertionError("a parser was asked to unpack a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", boom)
    monkeypatch.setattr(docx, "Document", boom)
    res = read_round(rd, _cfg())
    by_file = {p["source_file"]: p for p in res.problems.to_dict("records")}
    for name in ("bomb.xlsx", "bomb.docx", "huge.xlsx"):
        assert by_file[name]["code"] == "zip_bomb", by_file[name]
        assert name in by_file[name]["message"]
    assert "ratio" in by_file["bomb.docx"]["message"]
    assert "unpack to 300 MB" in by_file["huge.xlsx"]["message"]


def test_file_over_size_limit(tmp_path: Path) -> None:
    rd = _round(tmp_path, {"big.txt": "written"})
    (rd / "big.txt").write_text("Til regionen.\n\n" + "x" * 2_000_000, encoding="utf-8")
    res = read_round(rd, _cfg(max_file_mb=1.0))
    p = res.problems.iloc[0]
    assert p["code"] == "too_large" and "big.txt" in p["message"] and "1 MB" in p["message"]
    assert res.records.empty


def test_50_mb_text_cell(tmp_path: Path) -> None:
    rd = _round(tmp_path, {"cell.csv": "survey"})
    big = "a" * (50 * 1024 * 1024)
    (rd / "cell.csv").write_text(
        f"Respondent-ID;Hvad er de største udfordringer frem mod 2035?\n1;{big}\n2;kort\n",
        encoding="utf-8")
    res = read_round(rd, _cfg())
    assert list(res.records["text_raw"].str.len()) == [len(big), 4]
    assert list(res.problems["code"]) == ["long_text"]
    assert "row 2" in res.problems["message"].iloc[0]


def test_million_csv_rows_bounded(tmp_path: Path) -> None:
    rd = _round(tmp_path, {"rows.csv": "survey"})
    with open(rd / "rows.csv", "w", encoding="utf-8", newline="") as fh:
        fh.write("Respondent-ID;Kommune;Hvad er de største udfordringer frem mod 2035?\r\n")
        fh.writelines(f"{i};Gribskov;{'Svar ' + str(i) if i % 100 == 0 else ''}\r\n"
                      for i in range(1_000_000))
    res = read_round(rd, _cfg())
    f = res.files.iloc[0]
    assert f["n_records"] == 10000 and f["n_empty_cells"] == 990000
    assert res.records["locator"].iloc[-1] == "row=999902;col=q1"   # natural order
    assert res.problems.empty


def test_2000_page_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    rd = _round(tmp_path, {"long.pdf": "written"})
    one = HOSTILE / "round" / "letter_encrypted.pdf"
    reader = PdfReader(str(one))
    reader.decrypt("hemmelig")
    writer = PdfWriter()
    page = reader.pages[0]
    for _ in range(2000):
        writer.add_page(page)
    with open(rd / "long.pdf", "wb") as fh:
        writer.write(fh)
    res = read_round(rd, _cfg())
    # one paragraph runs on across 2,000 page breaks: read whole, and reported as long
    assert set(res.problems["code"]) == {"long_statements"}
    assert len(res.records) == 1
    assert res.records["text_raw"].iloc[0].count("Vi ønsker bedre busser") == 2000


@pytest.mark.parametrize("name", ["survey_merged_formulas.xlsx", "meeting_tables.docx",
                                  "letter_encrypted.pdf"])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_anywhere_never_raises(tmp_path: Path, name: str, fraction: float) -> None:
    stype = EXPECTED[name][0]
    target = name.replace("letter_encrypted", "letter")
    rd = _round(tmp_path, {target: stype}, extra='\n    sheet: "Besvarelser"'
                if stype == "survey" else "")
    data = (HOSTILE / "round" / name).read_bytes()
    (rd / target).write_bytes(data[: int(len(data) * fraction)])
    res = read_round(rd, _cfg())
    assert not res.problems.empty
    assert set(res.problems["code"]) <= {"corrupt_file", "encrypted_file", "no_text",
                                         "empty_file", "read_failed"}
    assert all(target in m for m in res.problems["message"])


def test_binary_garbage_as_every_format(tmp_path: Path) -> None:
    names = {"g.csv": "survey", "g.xlsx": "survey", "g.docx": "meeting", "g.md": "meeting",
             "g.txt": "written", "g.pdf": "written"}
    rd = _round(tmp_path, names)
    garbage = bytes(range(256)) * 64
    for n in names:
        (rd / n).write_bytes(garbage)
    res = read_round(rd, _cfg())
    assert set(res.problems["source_file"]) == set(names)
    assert (res.problems["severity"] == "error").all()
    shutil.rmtree(rd)


def test_big_workbook_is_streamed_read_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                                           ) -> None:
    """Over READ_ONLY_OVER_BYTES openpyxl streams the sheet; merged ranges are then
    unknown, but formulas' cached values and every answer are still read."""
    from rus_analysis.ingest import tables

    monkeypatch.setattr(tables, "READ_ONLY_OVER_BYTES", 0)
    rd = _round(tmp_path, {"s.xlsx": "survey"}, extra='\n    sheet: "Besvarelser"')
    shutil.copy(HOSTILE / "round" / "survey_merged_formulas.xlsx", rd / "s.xlsx")
    res = read_round(rd, _cfg())
    assert set(res.problems["severity"]) == {"info"}   # title rows, the front sheet
    assert "Formel: Halsnæs Kommune" in set(res.records["text_raw"])
    assert res.files.iloc[0]["n_records"] == 7
    # a bogus declared dimension would pad each streamed row to 16,384 cells
    src = zipfile.ZipFile(HOSTILE / "round" / "survey_merged_formulas.xlsx")
    with zipfile.ZipFile(rd / "s.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                body = body.replace(b'<dimension ref="A1:E8"/>',
                                    b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in body
            zf.writestr(info, body)
    again = read_round(rd, _cfg())
    pd_equal = again.records.drop(columns="record_id").equals(
        res.records.drop(columns="record_id"))
    assert pd_equal and set(again.problems["severity"]) == {"info"}


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    import openpyxl

    rd = _round(tmp_path, {"f.xlsx": "survey"})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Id", "Hvad er de største udfordringer frem mod 2035?"])
    ws.append([1, "Flere busser"])
    ws.append([2, '=B2&" og tog"'])          # openpyxl stores no result for it
    wb.save(rd / "f.xlsx")
    res = read_round(rd, _cfg())
    assert list(res.records["text_raw"]) == ["Flere busser"]
    p = res.problems.iloc[0]
    assert p["code"] == "formula_without_value" and "f.xlsx" in p["message"]
    assert p["severity"] == "warning"


def test_pdf_decompression_bomb(tmp_path: Path) -> None:
    import zlib

    rd = _round(tmp_path, {"bomb.pdf": "written"})
    (rd / "bomb.pdf").write_bytes(make_hostile.pdf_with_stream(zlib.compress(b" " * (80 * 1024 * 1024), 9)))
    res = read_round(rd, _cfg())
    p = res.problems.iloc[0]
    assert p["code"] == "zip_bomb" and "bomb.pdf" in p["message"], p["message"]


def test_zip_with_too_many_members_refused(tmp_path: Path) -> None:
    rd = _round(tmp_path, {"many.docx": "meeting"})
    with zipfile.ZipFile(rd / "many.docx", "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("word/document.xml", "<w/>")
        for i in range(10_001):
            zf.writestr(f"x/{i}", b"")
    res = read_round(rd, _cfg())
    p = res.problems.iloc[0]
    assert p["code"] == "zip_bomb" and "10,002 members" in p["message"]


@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=3000), text=st.text(max_size=400))
def test_random_bytes_never_raise(data: bytes, text: str) -> None:
    """Whatever the bytes, every file ends as records or problem rows."""
    with tempfile.TemporaryDirectory() as tmp:
        rd = _round(Path(tmp), {"a.csv": "survey", "b.md": "meeting", "c.txt": "written",
                                "d.csv": "workshop", "e.xlsx": "survey", "f.pdf": "written"})
        for name in ("a.csv", "b.md", "c.txt", "e.xlsx", "f.pdf"):
            (rd / name).write_bytes(data)
        (rd / "d.csv").write_text("bord,overskrift,tekst\n" + text, encoding="utf-8",
                                  errors="surrogatepass")
        res = read_round(rd, _cfg())
        for name in ("a.csv", "b.md", "c.txt", "d.csv", "e.xlsx", "f.pdf"):
            n = int(res.files.set_index("source_file").loc[name, "n_records"])
            assert n > 0 or name in set(res.problems["source_file"]), name
