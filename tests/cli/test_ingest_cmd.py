"""``rus-analysis ingest``: accounting and problems printed, the one writer's files, exit codes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.cli import ingest as ingest_cmd
from support import POSTIT_MANIFEST, ROOT, write_round


def test_cli_config_error_exits_2_without_traceback(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "config" / "rus.yaml"
    bad.parent.mkdir()
    bad.write_text("clean:\n  near_duplicate_threshold: 3\n", encoding="utf-8")
    assert ingest_cmd.main([str(tmp_path), "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "near_duplicate_threshold" in err and "Traceback" not in err


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest_cmd.main(["--no-such-option"]) == 2
    assert ingest_cmd.main([str(tmp_path / "missing"), "--config",
                            str(ROOT / "config" / "rus.yaml")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert ingest_cmd.main(["--help"]) == 0


def test_format_problems_one_line_each() -> None:
    problems = pd.DataFrame([{"round": "R1", "source_file": "x.pdf", "locator": "page=2",
                              "severity": "error", "code": "corrupt_file",
                              "message": "x.pdf: damaged", "action": "save it again"}])
    lines = ingest_cmd.format_problems(problems)
    assert lines == ["ERROR   R1/x.pdf [page=2]: x.pdf: damaged -> save it again"]


def _round(tmp_path: Path, extra_source: str = "") -> Path:
    return write_round(tmp_path / "r1", {"postits.csv":
        "bord,overskrift,tekst,kommune\n1,Trafik,Flere busser til Helsinge,Gribskov\n"
        "1,Trafik,Ring 12 34 56 78 om cykelstier,\n2,Vand,-,\n"}, POSTIT_MANIFEST + extra_source)


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = _round(tmp_path, '  - file: missing.txt\n    type: written\n    name: "Brev"\n'
                           '    date: 2025-03-01\n    organisation: "Movia"\n')
    out = tmp_path / "out"
    code = ingest_cmd.main([str(rnd), "--config", str(ROOT / "config" / "rus.yaml"),
                            "--out", str(out)])
    captured = capsys.readouterr()
    printed = captured.out
    # a declared file that is missing is lost input: exit 1, tables written all the same
    assert code == 1 and "input was lost" in captured.err and "missing.txt" in captured.err
    assert "postits.csv" in printed and "missing.txt" in printed and "i alt" in printed
    st = pd.read_parquet(out / "statements.parquet")
    assert sorted(st["text"]) == ["Flere busser til Helsinge", "Ring [TELEFON] om cykelstier"]
    assert st.set_index("text").loc["Flere busser til Helsinge", "municipality_code"] == "0270"
    acc = pd.read_parquet(out / "accounting.parquet").set_index("source_file")
    assert acc.loc["postits.csv", ["records_in", "kept", "rejected"]].tolist() == [3, 2, 1]
    assert acc.loc["missing.txt", "file_problem"] == "missing_file"
    assert (out / "rus_analysis.xlsx").is_file()
    # strict: the same input stops with exit 1
    assert ingest_cmd.main([str(rnd), "--config", str(ROOT / "config" / "rus.yaml"),
                            "--out", str(out), "--strict"]) == 1


def test_ingest_by_default_writes_a_folder_of_its_own(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """README step 3 (``rus-analysis ingest ROUND``, no --out) must not replace the last
    report's tables and workbook in paths.processed with theme-less tables of one round."""
    import yaml

    cfg = yaml.safe_load((ROOT / "config" / "rus.yaml").read_text(encoding="utf-8"))
    processed = tmp_path / "processed"
    cfg["paths"].update({k: str(ROOT / v) for k, v in cfg["paths"].items()
                         if isinstance(v, str) and k in ("raw", "reference")})
    cfg["paths"].update({"processed": str(processed), "state": str(tmp_path / "state"),
                         "cache": str(tmp_path / "cache"), "reports": str(tmp_path / "rep"),
                         "overrides": str(tmp_path / "state" / "theme_overrides.yaml")})
    config = tmp_path / "config" / "rus.yaml"
    config.parent.mkdir()
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    # the last report's tables, as a report run left them
    processed.mkdir()
    report_tables = {"statements.parquet": b"report statements",
                     "rus_analysis.xlsx": b"report workbook"}
    for name, data in report_tables.items():
        (processed / name).write_bytes(data)
    assert ingest_cmd.main([str(_round(tmp_path)), "--config", str(config)]) == 0
    for name, data in report_tables.items():
        assert (processed / name).read_bytes() == data, f"ingest replaced {name}"
    own = processed / ingest_cmd.INGEST_FOLDER
    st = pd.read_parquet(own / "statements.parquet")
    assert "Flere busser til Helsinge" in set(st["text"])
    assert (own / "rus_analysis.xlsx").is_file() and (own / "accounting.parquet").is_file()
    # and it says where it wrote
    assert str(own) in capsys.readouterr().out
