"""The manifest mistakes analysts make: each ends in a clear message, the file in the
accounting, and a non-zero exit of ``rus-analysis ingest`` where input is lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.cli import ingest as ingest_cmd
from support import CONFIG

LETTER = ("Kære Region Hovedstaden\n\nVi ønsker flere busser mellem Hillerød og Helsinge om "
          "aftenen.\n\nMed venlig hilsen\nMovia\n")
POSTITS = "bord,overskrift,tekst,kommune\n1,Trafik,Flere busser til Helsinge,Gribskov\n"


def _round(tmp_path: Path, sources: str, top: str = "") -> Path:
    rnd = tmp_path / "r1"
    rnd.mkdir(exist_ok=True)
    (rnd / "brev_movia.txt").write_text(LETTER, encoding="utf-8")
    (rnd / "postits.csv").write_text(POSTITS, encoding="utf-8")
    (rnd / "manifest.yaml").write_text(
        'round: "R1"\n' + top + "sources:\n"
        "  - {file: postits.csv, type: workshop, name: Post-its, date: 2026-02-27}\n"
        + sources, encoding="utf-8")
    return rnd


def _ingest(rnd: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
            ) -> tuple[int, str, pd.DataFrame, pd.DataFrame]:
    out = tmp_path / "out"
    code = ingest_cmd.main([str(rnd), "--config", str(CONFIG), "--out", str(out)])
    captured = capsys.readouterr()
    acc = pd.read_parquet(out / "accounting.parquet").set_index("source_file")
    problems = pd.read_parquet(out / "problems.parquet")
    return code, captured.out + captured.err, acc, problems


def test_misspelt_key_rejects_the_file_with_did_you_mean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = _round(tmp_path, "  - {file: brev_movia.txt, type: written, name: Brev, "
                           "organisation: Movia, dato: 2026-03-01}\n")
    code, printed, acc, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 1 and "input was lost" in printed
    p = problems[problems["source_file"] == "brev_movia.txt"]
    assert "did you mean 'date'" in p["message"].iloc[0]
    assert "the file was not read" in p["message"].iloc[0]
    assert acc.loc["brev_movia.txt", "file_problem"] == "manifest_invalid"
    assert acc.loc["postits.csv", "kept"] == 1          # the other files are still read


def test_misspelt_file_name_gets_did_you_mean_and_both_files_accounted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = _round(tmp_path, "  - {file: brev_moiva.txt, type: written, name: Brev, "
                           "organisation: Movia}\n")
    code, printed, acc, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 1
    missing = problems[problems["code"] == "missing_file"]["message"].iloc[0]
    assert "did you mean 'brev_movia.txt'" in missing
    undeclared = problems[problems["code"] == "undeclared_file"]["message"].iloc[0]
    assert "declared as 'brev_moiva.txt'" in undeclared      # the two lines name each other
    assert acc.loc["brev_moiva.txt", "file_problem"] == "missing_file"
    assert acc.loc["brev_movia.txt", "file_problem"] == "undeclared_file"


@pytest.mark.parametrize(("date", "read_as"), [("31.03.2026", "2026-03-31"),
                                               ("31-03-2026", "2026-03-31"),
                                               ("31. marts 2026", "2026-03-31"),
                                               ("sidst i marts", "")])
def test_wrong_date_format_is_reported_and_the_file_still_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], date: str, read_as: str) -> None:
    rnd = _round(tmp_path, f"  - {{file: brev_movia.txt, type: written, name: Brev, "
                           f"organisation: Movia, date: '{date}'}}\n")
    code, _, acc, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 0                                      # no input lost
    p = problems[(problems["source_file"] == "brev_movia.txt")
                 & (problems["code"] == "manifest_invalid")]
    assert len(p) == 1 and p["severity"].iloc[0] == "warning"
    assert ("ISO date" in p["message"].iloc[0]) and (read_as in p["message"].iloc[0])
    assert acc.loc["brev_movia.txt", "kept"] == 1
    st = pd.read_parquet(tmp_path / "out" / "statements.parquet")
    dates = set(st.loc[st["source_file"] == "brev_movia.txt", "source_date"].fillna(""))
    assert dates == {read_as}


@pytest.mark.parametrize(("stype", "hint"), [("høringssvar", "written"),
                                             ("spørgeskema", "survey"),
                                             ("meting", "meeting")])
def test_unknown_type_gets_did_you_mean_and_the_file_in_the_accounting(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], stype: str, hint: str) -> None:
    rnd = _round(tmp_path, f"  - {{file: brev_movia.txt, type: {stype}, name: Brev, "
                           "organisation: Movia}\n")
    code, printed, acc, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 1 and "brev_movia.txt" in printed
    msg = problems[problems["source_file"] == "brev_movia.txt"]["message"].iloc[0]
    assert f"did you mean '{hint}'" in msg
    assert acc.loc["brev_movia.txt", "file_problem"] == "manifest_invalid"


def test_alle_kommuner_i_region_hovedstaden_means_all_29(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = _round(tmp_path, "  - {file: brev_movia.txt, type: written, name: Brev, "
                           "organisation: Movia, invited_municipalities: "
                           "['Alle kommunerne i regionen']}\n",
                 top='invited_municipalities: ["Alle kommuner i Region Hovedstaden"]\n')
    code, printed, _, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 0
    inv = pd.read_parquet(tmp_path / "out" / "invitations.parquet")
    assert inv.loc[inv["source_file"] == "", "municipality_code"].nunique() == 29
    assert "Allerød" not in printed
    # a phrase it cannot read is offered the documented keyword, not a municipality
    p = problems[problems["code"] == "unknown_municipality"]["message"].iloc[0]
    assert "did you mean 'alle'" in p


def test_a_round_without_statements_exits_non_zero(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = tmp_path / "empty"
    rnd.mkdir()
    (rnd / "brev.txt").write_text("Kære Region Hovedstaden\n\nMed venlig hilsen\nJens\n",
                                  encoding="utf-8")
    (rnd / "manifest.yaml").write_text(
        'round: "E"\nsources:\n  - {file: brev.txt, type: written, name: B, '
        "organisation: Privatperson}\n", encoding="utf-8")
    code, printed, acc, _ = _ingest(rnd, tmp_path, capsys)
    assert code == 1 and "yields no statements" in printed
    assert acc.loc["brev.txt", "file_problem"] == "no_records"
    assert "E/brev.txt (no_records)" not in printed   # read whole: accounted, not lost


def test_a_file_no_reader_can_read_is_a_rejected_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rnd = _round(tmp_path, "  - {file: referat.odt, type: meeting, name: Referat}\n")
    (rnd / "referat.odt").write_bytes(b"PK\x03\x04 not really")
    code, _, acc, problems = _ingest(rnd, tmp_path, capsys)
    assert code == 1
    assert acc.loc["referat.odt", "file_problem"] == "unknown_format"
    assert ".docx" in problems[problems["source_file"] == "referat.odt"]["message"].iloc[0]
