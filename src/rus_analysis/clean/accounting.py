"""Accounting: every raw record ends as exactly one of kept, merged or rejected.

Why: a committee that reads "312 inputs from 27 municipalities" must be able to trust
that nothing fell out between the round folder and the report. The table is computed
from the outputs (statements and rejects), not from counters kept along the way, so a
bug that drops rows shows up as an imbalance and stops the run (``AccountingError``)
instead of quietly shrinking the evidence base.
"""

from __future__ import annotations

import pandas as pd

ACCOUNTING_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "records_in", "kept", "merged", "rejected",
    "statements_kept", "statements_merged", "statements_rejected", "file_problem",
    "balanced",
)
FILE_LEVEL_SEVERITY = "error"
# warnings that also mean "this declared file gave no records" (read fine, but empty)
NO_RECORD_CODES = ("no_records", "empty_file", "undeclared_file")


class AccountingError(RuntimeError):
    """Records that are not accounted for; the message names the file(s)."""


def file_level_problems(records: pd.DataFrame, problems: pd.DataFrame | None) -> pd.DataFrame:
    """Errors about files that produced no records at all (could not be read), and
    warnings that a declared file was empty.

    One row per (round, source_file): the first error's code, all messages joined. Such a
    file is in the accounting with zero records and in the rejects with an empty record_id,
    so a report reader sees that a declared file contributed nothing, and why.
    """
    cols = ["round", "source_file", "code", "message"]
    if problems is None or len(problems) == 0:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cols})
    p = problems.copy()
    for c in ("round", "source_file", "severity", "code", "message"):
        if c not in p.columns:
            p[c] = ""
    p = p.fillna("").astype({c: "string" for c in ("round", "source_file", "severity",
                                                  "code", "message")})
    p = p[(p["severity"].str.lower().eq(FILE_LEVEL_SEVERITY) | p["code"].isin(NO_RECORD_CODES))
          & p["source_file"].ne("")]
    if len(records):
        files = records[["round", "source_file"]].astype(str).drop_duplicates()
        seen = set(zip(files["round"], files["source_file"], strict=True))
        mask = [(r, f) not in seen for r, f in zip(p["round"], p["source_file"], strict=True)]
        p = p[mask]
    if len(p) == 0:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cols})
    out = (p.groupby(["round", "source_file"], sort=True)
           .agg(code=("code", "first"), message=("message", lambda s: " | ".join(s)))
           .reset_index())
    return out[cols]


def record_outcomes(records: pd.DataFrame, statements: pd.DataFrame,
                    rejects: pd.DataFrame) -> pd.Series:
    """Outcome per record_id: kept if any statement is kept, merged if all non-rejected
    statements are merged, rejected if all are rejected; <NA> if it is nowhere."""
    st = statements[["record_id", "status"]].astype({"record_id": "string",
                                                      "status": "string"})
    rj = rejects.loc[rejects["record_id"].fillna("").astype(str) != "", ["record_id"]]
    rj = rj.astype({"record_id": "string"}).assign(status="rejected")
    allst = pd.concat([st, rj], ignore_index=True)
    allst = allst[allst["record_id"].notna() & allst["status"].notna()]
    # set membership per outcome: a crosstab over 100,000 record ids ran a Python
    # aggregation per group (~5 s); the precedence is the same: kept > merged > rejected
    rid = allst["record_id"].to_numpy(dtype=object)
    status = allst["status"].to_numpy(dtype=object)
    present = set(rid)
    merged = set(rid[status == "merged"])
    kept = set(rid[status == "kept"])
    ids = records["record_id"].astype("string")
    outcome = ["kept" if v in kept else "merged" if v in merged else
               "rejected" if v in present else None
               for v in ids.to_numpy(dtype=object, na_value=None)]
    return pd.Series(outcome, index=ids.index, dtype="string")


def build_accounting(records: pd.DataFrame, statements: pd.DataFrame, rejects: pd.DataFrame,
                     problems: pd.DataFrame | None = None, *, check: bool = True
                     ) -> pd.DataFrame:
    """Per round and source file: records in, and what became of them.

    Raises ``AccountingError`` naming the file(s) where records_in != kept + merged +
    rejected, where a record is unaccounted for, or where an output row names a record
    the input does not have.
    """
    rec = records[["record_id", "round", "source_file"]].astype("string")
    rec = rec.assign(outcome=record_outcomes(records, statements, rejects))
    known = set(rec["record_id"])
    stray = [rid for rid in pd.concat([statements["record_id"],
                                       rejects.loc[rejects["record_id"].fillna("") != "",
                                                   "record_id"]]).astype(str).unique()
             if rid not in known]

    def per_file(df: pd.DataFrame, col: str, values: list[str], prefix: str) -> pd.DataFrame:
        if len(df) == 0:
            return pd.DataFrame({"round": pd.Series(dtype="string"),
                                 "source_file": pd.Series(dtype="string"),
                                 **{f"{prefix}{v}": pd.Series(dtype="int64")
                                    for v in values}})
        t = pd.crosstab([df["round"], df["source_file"]], df[col]).reindex(
            columns=values, fill_value=0)
        t.columns = [f"{prefix}{v}" for v in values]
        return t.reset_index()

    records_in = rec.groupby(["round", "source_file"]).size().rename("records_in").reset_index()
    records_in = records_in.astype({"round": "string", "source_file": "string"})
    outcomes = per_file(rec.dropna(subset=["outcome"]), "outcome",
                        ["kept", "merged", "rejected"], "")
    st = statements[["round", "source_file", "status"]].astype("string")
    st_counts = per_file(st, "status", ["kept", "merged"], "statements_")
    rj = rejects.loc[rejects["record_id"].fillna("").astype(str) != "",
                     ["round", "source_file"]].astype("string").assign(status="rejected")
    rj_counts = per_file(rj, "status", ["rejected"], "statements_")
    acc = records_in
    for part in (outcomes, st_counts, rj_counts):
        acc = acc.merge(part, on=["round", "source_file"], how="outer")

    files = file_level_problems(records, problems)
    if len(files):
        frow = files.rename(columns={"code": "file_problem"})[["round", "source_file",
                                                                 "file_problem"]]
        frow = frow.astype({"round": "string", "source_file": "string"})
        acc = acc.merge(frow, on=["round", "source_file"], how="outer")
    else:
        acc["file_problem"] = pd.Series(dtype="string")
    count_cols = ["records_in", "kept", "merged", "rejected", "statements_kept",
                  "statements_merged", "statements_rejected"]
    for c in count_cols:
        acc[c] = acc[c].fillna(0).astype("int64")
    acc["file_problem"] = acc["file_problem"].astype("string").fillna("")
    acc["balanced"] = acc["records_in"] == acc["kept"] + acc["merged"] + acc["rejected"]
    acc = acc.astype({"round": "string", "source_file": "string"})
    acc = acc.sort_values(["round", "source_file"], kind="stable").reset_index(drop=True)
    acc = acc[list(ACCOUNTING_COLUMNS)]

    if check:
        missing = rec[rec["outcome"].isna()]
        problems_found: list[str] = []
        for (rnd, f), grp in missing.groupby(["round", "source_file"]):
            problems_found.append(f"{f} (round {rnd}): {len(grp)} record(s) in no output "
                                  f"table, e.g. {grp['record_id'].iloc[0]}")
        for row in acc[~acc["balanced"]].itertuples(index=False):
            problems_found.append(
                f"{row.source_file} (round {row.round}): records_in {row.records_in} != "
                f"kept {row.kept} + merged {row.merged} + rejected {row.rejected}")
        if stray:
            problems_found.append(f"{len(stray)} output row(s) name records not in the input, "
                                  f"e.g. {stray[0]}")
        if problems_found:
            raise AccountingError("accounting does not balance: " + "; ".join(problems_found))
    return acc


def round_totals(accounting: pd.DataFrame) -> pd.DataFrame:
    """The accounting summed per round (balanced if every file of the round is)."""
    num = [c for c in ACCOUNTING_COLUMNS if c not in {"round", "source_file", "file_problem",
                                                       "balanced"}]
    t = accounting.groupby("round", sort=True)[num].sum()
    t["files"] = accounting.groupby("round", sort=True).size()
    t["balanced"] = t["records_in"] == t["kept"] + t["merged"] + t["rejected"]
    return t.reset_index()
