"""Processed outputs (Parquet, CSV, Excel) and the ``rus-analysis ingest`` command."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rus_analysis import ingest_cli
from rus_analysis.clean import CleanResult, clean_records
from rus_analysis.config import Config, load_config
from rus_analysis.outputs import neutralise_formula, write_parquet, write_processed
from rus_analysis.schema import RECORD_COLUMNS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cfg() -> Config:
    return load_config(ROOT / "config" / "rus.yaml")


def rec(i: int, text: str, **kw: str) -> dict[str, str]:
    d = dict.fromkeys(RECORD_COLUMNS, "")
    d.update(record_id=f"r{i:04d}", round="R1", source_file="a.xlsx", source_type="survey",
             locator=f"row={i}", respondent_id=str(i), text_raw=text)
    d.update(kw)
    return d


@pytest.fixture(scope="module")
def result(cfg: Config) -> CleanResult:
    rows = [rec(1, "=HYPERLINK(\"http://x\",\"klik\") flere busser"),
            rec(2, "  +45 er ikke et nummer men en formel"),
            rec(3, "@SUM(A1) grundvand"), rec(4, "\t=1+1 cykelstier"),
            rec(5, "Ved ikke"), rec(6, "Mere natur i Gribskov", municipality_raw="Gribskov")]
    return clean_records(pd.DataFrame(rows), cfg)


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+45", "'+45"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("  =1", "'  =1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n-x", "'\n-x"),
    ("Flere busser", "Flere busser"), ("a=b", "a=b"), (5, 5), (None, None),
])
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_write_processed_files_and_workbook(result: CleanResult, tmp_path: Path) -> None:
    extra = {"Dækning": pd.DataFrame({"kommune": ["=cmd|' /C calc'!A0"], "n": [3]})}
    paths = write_processed(result, tmp_path, extra)
    for name in ("statements", "rejects", "accounting", "accounting_csv", "excel"):
        assert paths[name].is_file()
    st = pd.read_parquet(paths["statements"])
    pd.testing.assert_frame_equal(st, result.statements, check_dtype=False)
    assert pd.read_csv(paths["accounting_csv"], encoding="utf-8-sig")["records_in"].sum() == 6
    wb = load_workbook(paths["excel"])
    assert wb.sheetnames == ["Udsagn", "Afviste", "Regnskab", "Dækning"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        for row in ws.iter_rows(min_row=2, values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not v.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")), v
        assert all(ws.column_dimensions[c].width >= 8 for c in ("A", "B"))
    texts = [c.value for c in wb["Udsagn"]["A"]]
    assert texts[0] == "statement_id"
    col = [c.value for c in wb["Udsagn"][1]].index("text") + 1
    text_col = [c.value for c in next(wb["Udsagn"].iter_cols(min_col=col, max_col=col))]
    assert any(str(v).startswith("'=HYPERLINK") for v in text_col)
    assert wb["Dækning"]["A2"].value.startswith("'=")
    # no temporary files left behind
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_failed_write_keeps_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "t.parquet"
    write_parquet(pd.DataFrame({"a": [1]}), target)
    before = target.read_bytes()

    class Boom(pd.DataFrame):
        def to_parquet(self, *a: object, **k: object) -> None:  # type: ignore[override]
            raise OSError("disk full")

        def reset_index(self, *a: object, **k: object) -> Boom:  # type: ignore[override]
            return self

    with pytest.raises(OSError):
        write_parquet(Boom({"a": [2]}), target)
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["t.parquet"]


def test_refuses_to_write_personal_data(result: CleanResult, tmp_path: Path) -> None:
    leaky = CleanResult(
        statements=result.statements.assign(text="skriv til a@b.dk"),
        rejects=result.rejects, accounting=result.accounting,
        duplicate_groups=result.duplicate_groups)
    with pytest.raises(ValueError, match="personal data"):
        write_processed(leaky, tmp_path)
    assert not (tmp_path / "statements.parquet").exists()


# --- the command ------------------------------------------------------------------------

def test_cli_config_error_exits_2_without_traceback(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "config" / "rus.yaml"
    bad.parent.mkdir()
    bad.write_text("clean:\n  near_duplicate_threshold: 3\n", encoding="utf-8")
    assert ingest_cli.main([str(tmp_path), "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "near_duplicate_threshold" in err and "Traceback" not in err


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_cli.main(["--no-such-option"]) == 2
    assert ingest_cli.main([str(tmp_path / "missing"), "--config",
                            str(ROOT / "config" / "rus.yaml")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert ingest_cli.main(["--help"]) == 0


def test_format_problems_one_line_each() -> None:
    problems = pd.DataFrame([{"round": "R1", "source_file": "x.pdf", "locator": "page=2",
                              "severity": "error", "code": "corrupt_file",
                              "message": "x.pdf: damaged", "action": "save it again"}])
    lines = ingest_cli.format_problems(problems)
    assert lines == ["ERROR   R1/x.pdf [page=2]: x.pdf: damaged -> save it again"]


def test_workbook_and_bytes_helpers(tmp_path: Path) -> None:
    from rus_analysis.outputs import atomic_write_bytes, write_workbook

    meta = atomic_write_bytes(tmp_path / "run_meta.json", b'{"a": 1}')
    assert meta.read_bytes() == b'{"a": 1}'
    book = write_workbook({"Temaer": pd.DataFrame({"label": ["-minus", "ok"]})},
                          tmp_path / "w.xlsx")
    ws = load_workbook(book)["Temaer"]
    assert ws["A2"].value == "'-minus" and ws.freeze_panes == "A2"


def _round(tmp_path: Path, extra_source: str = "") -> Path:
    rnd = tmp_path / "r1"
    rnd.mkdir()
    (rnd / "postits.csv").write_text(
        "bord,overskrift,tekst,kommune\n1,Trafik,Flere busser til Helsinge,Gribskov\n"
        "1,Trafik,Ring 12 34 56 78 om cykelstier,\n2,Vand,-,\n", encoding="utf-8")
    (rnd / "manifest.yaml").write_text(
        'round: "R1"\ntitle: "Test"\nperiod: {start: 2025-01-01, end: 2025-12-31}\n'
        "invited_municipalities: [alle]\nsources:\n  - file: postits.csv\n    type: workshop\n"
        '    name: "Post-its"\n    date: 2025-02-27\n' + extra_source, encoding="utf-8")
    return rnd


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rus_analysis.ingest")
    rnd = _round(tmp_path, '  - file: missing.txt\n    type: written\n    name: "Brev"\n'
                           '    date: 2025-03-01\n    organisation: "Movia"\n')
    out = tmp_path / "out"
    code = ingest_cli.main([str(rnd), "--config", str(ROOT / "config" / "rus.yaml"),
                            "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "postits.csv" in printed and "missing.txt" in printed and "i alt" in printed
    st = pd.read_parquet(out / "statements.parquet")
    assert sorted(st["text"]) == ["Flere busser til Helsinge", "Ring [TELEFON] om cykelstier"]
    assert st.set_index("text").loc["Flere busser til Helsinge", "municipality_code"] == "0270"
    acc = pd.read_parquet(out / "accounting.parquet").set_index("source_file")
    assert acc.loc["postits.csv", ["records_in", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert acc.loc["missing.txt", "file_problem"] == "missing_file"
    assert (out / "rus_analysis.xlsx").is_file()
    # strict: the same input stops with exit 1
    assert ingest_cli.main([str(rnd), "--config", str(ROOT / "config" / "rus.yaml"),
                            "--out", str(out), "--strict"]) == 1


def test_streamed_workbook_reads_back_like_to_excel(tmp_path: Path) -> None:
    """The streamed rows hold what DataFrame.to_excel wrote, cell for cell."""
    import datetime

    from rus_analysis.outputs import _write_excel_pandas, write_excel

    texts = [" lead", "trail ", "a\tb", "x\ny", "\r=1", "a\rb", "&<>\"'", "æøå 😀", "", None,
             "=", "#", "#N/A", "-2"]
    n = len(texts)
    tables = {
        "Tekst": pd.DataFrame({"t": pd.array(texts, dtype="string"), "i": range(n),
                               "f": [0.1, 1 / 3, 1e300, -0.0, float("nan"), float("inf"),
                                     2.5, *[1.0] * (n - 7)],
                               "b": [i % 2 == 0 for i in range(n)],
                               "o": ["x", 3, None, 2.5, *["y"] * (n - 4)]}),
        "Dato": pd.DataFrame({"d": [datetime.datetime(2024, 1, 2, 3, 4), pd.NaT],
                              "n": pd.array([1, None], dtype="Int64")}),
        "Tom": pd.DataFrame({"x": pd.Series([], dtype="string")}),
    }
    fast = load_workbook(write_excel(tables, tmp_path / "fast.xlsx"))
    slow = load_workbook(_write_excel_pandas(tables, tmp_path / "slow.xlsx"))
    assert fast.sheetnames == slow.sheetnames == list(tables)
    for a, b in zip(fast.worksheets, slow.worksheets, strict=True):
        assert (a.freeze_panes, a.auto_filter.ref) == (b.freeze_panes, b.auto_filter.ref)
        cells_a = [(c.value, c.data_type, c.number_format) for row in a.iter_rows() for c in row]
        cells_b = [(c.value, c.data_type, c.number_format) for row in b.iter_rows() for c in row]
        assert cells_a == cells_b, a.title
