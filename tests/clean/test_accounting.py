"""Accounting: every record is kept, merged or rejected, per file; imbalance fails loudly."""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis.clean import clean_records
from rus_analysis.clean.accounting import (
    ACCOUNTING_COLUMNS,
    AccountingError,
    build_accounting,
    record_outcomes,
    round_totals,
)
from rus_analysis.config import Config, load_config
from rus_analysis.report.summaries import _file_problem_da
from rus_analysis.schema import RECORD_COLUMNS
from support import ROOT


@pytest.fixture(scope="module")
def cfg() -> Config:
    return load_config(ROOT / "config" / "rus.yaml")


def rec(i: int, text: str, source_file: str = "a.xlsx", rnd: str = "R1", **kw: str
        ) -> dict[str, str]:
    d = dict.fromkeys(RECORD_COLUMNS, "")
    d.update(record_id=f"r{i:04d}", round=rnd, source_file=source_file, source_type="survey",
             locator=f"row={i}", respondent_id=str(i), text_raw=text)
    d.update(kw)
    return d


PROBLEMS = pd.DataFrame([
    {"round": "R1", "source_file": "broken.pdf", "locator": "", "severity": "error",
     "code": "corrupt_file", "message": "broken.pdf (round R1): the PDF is damaged",
     "action": "save it again"},
    {"round": "R1", "source_file": "a.xlsx", "locator": "row=3", "severity": "warning",
     "code": "unknown_municipality", "message": "a.xlsx: 'Xby' is no municipality",
     "action": "write the name"},
], dtype="string")


def test_accounting_balances_per_file_and_round(cfg: Config) -> None:
    letter = "Kære alle\n\nFørste afsnit om busser.\n\nVed ikke\n\nMvh\nJens Hansen"
    rows = [rec(1, "Flere busser til Hillerød"), rec(2, "flere busser til hillerød!"),
            rec(3, "Ved ikke"), rec(4, letter, source_file="brev.txt", source_type="written"),
            rec(5, "Mere tog", rnd="R2", source_file="b.csv")]
    res = clean_records(pd.DataFrame(rows), cfg, PROBLEMS)
    acc = res.accounting.set_index(["round", "source_file"])
    assert list(res.accounting.columns) == list(ACCOUNTING_COLUMNS)
    assert acc.loc[("R1", "a.xlsx"), ["records_in", "kept", "merged", "rejected"]].tolist() \
        == [3, 1, 1, 1]
    # a letter with one kept and one rejected statement counts as kept
    assert acc.loc[("R1", "brev.txt"), ["kept", "statements_kept", "statements_rejected"]
                   ].tolist() == [1, 1, 1]
    # the unreadable file: a row in the accounting and a reject with empty record_id
    assert acc.loc[("R1", "broken.pdf"), "records_in"] == 0
    assert acc.loc[("R1", "broken.pdf"), "file_problem"] == "corrupt_file"
    broken = res.rejects[res.rejects["source_file"] == "broken.pdf"]
    assert broken[["record_id", "reason_code"]].values.tolist() == [["", "corrupt_file"]]
    # the reason in Danish (the English message with its details is in the problems table)
    assert broken["reason"].tolist() == ["Filen er beskadiget og kunne ikke læses"]
    # the report's accounting table says the same in Danish, and nothing for good files
    shown = res.accounting["file_problem"].map(_file_problem_da)
    assert set(shown) == {"", "Filen er beskadiget og kunne ikke læses"}
    assert res.accounting["balanced"].all()
    totals = round_totals(res.accounting).set_index("round")
    assert totals.loc["R1", "records_in"] == 4 and totals.loc["R2", "records_in"] == 1
    assert totals["balanced"].all()
    # warnings about files that have records are not file-level rejects
    assert "unknown_municipality" not in set(res.rejects["reason_code"])


def test_record_outcome_rules() -> None:
    records = pd.DataFrame({"record_id": ["a", "b", "c", "d"]})
    statements = pd.DataFrame({"record_id": ["a", "a", "b", "b"],
                               "status": ["kept", "merged", "merged", "merged"]})
    rejects = pd.DataFrame({"record_id": ["b", "c", ""]})
    out = record_outcomes(records, statements, rejects)
    assert out.tolist()[:3] == ["kept", "merged", "rejected"]
    assert pd.isna(out.iloc[3])          # d is nowhere


def _tables(cfg: Config):  # noqa: ANN202 - (records, CleanResult)
    rows = [rec(1, "Flere busser"), rec(2, "Mere vand"), rec(3, "-")]
    records = pd.DataFrame(rows)
    return records, clean_records(records, cfg)


def test_lost_record_raises_naming_the_file(cfg: Config) -> None:
    records, res = _tables(cfg)
    lost = res.statements[res.statements["record_id"] != "r0002"]
    with pytest.raises(AccountingError, match=r"a\.xlsx \(round R1\).*r0002"):
        build_accounting(records, lost, res.rejects)


def test_stray_output_row_raises(cfg: Config) -> None:
    records, res = _tables(cfg)
    extra = pd.concat([res.statements,
                       res.statements.iloc[[0]].assign(record_id="zzz")], ignore_index=True)
    with pytest.raises(AccountingError, match="zzz"):
        build_accounting(records, extra, res.rejects)


def test_check_can_be_switched_off_for_inspection(cfg: Config) -> None:
    records, res = _tables(cfg)
    lost = res.statements.iloc[0:0]
    acc = build_accounting(records, lost, res.rejects, check=False)
    assert not acc["balanced"].all()
