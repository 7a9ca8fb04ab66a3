"""The report's counts, each from one function, all on one definition of a voice.

Why one module: the committee read 374 voices in the headline, 494 in the round x source
table and 509 in the municipality table, because each table counted voices per row and
nobody said so. Here every count comes from the statements table's ``voice_id`` (one
voice = one respondent, organisation or campaign) and the coverage stage's statement x
theme rows, and every table ends with a total row that equals the headline: statements
add up; a voice heard in several rows is counted in each row but once in the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from rus_analysis.schema import OTHER_KIND, source_type_da

TOTAL = "I alt"


VOICE_NOTE = ("En stemme er én respondent, én organisation eller én kampagne. En stemme, "
              "der har talt i flere runder, kilder eller kommuner, tælles i hver af "
              "rækkerne, men kun én gang i alt.")


@dataclass(frozen=True)
class Totals:
    """The headline numbers every table's total row repeats."""

    statements: int
    voices: int
    files: int          # files with at least one statement (the tables' "filer")
    rounds: tuple[str, ...]
    files_read: int     # every input file of the manifests, also those without statements


def totals(tables: Any) -> Totals:
    """Statements (rows), voices (distinct ``voice_id``), files and rounds of the run."""
    st = tables.statements
    files = int((st["round"].astype(str) + "|" + st["source_file"].astype(str)).nunique())
    read = len(tables.files) if len(tables.files) else files
    rounds = tuple(sorted(map(str, pd.unique(st["round"]))))
    return Totals(len(st), int(st["voice_id"].nunique()), files, rounds, int(read))


def with_total(df: pd.DataFrame, key_cols: list[str], st: pd.DataFrame,
               statements: str = "udsagn", voices: str = "stemmer") -> pd.DataFrame:
    """``df`` with a last row "I alt": statements summed, voices counted once."""
    row: dict[str, Any] = {c: "" for c in df.columns}
    row[key_cols[0]] = TOTAL
    row[statements] = int(df[statements].sum())
    if voices in df.columns:
        row[voices] = int(st["voice_id"].nunique())
    for c in df.columns:
        if c not in (statements, voices, *key_cols) and pd.api.types.is_numeric_dtype(df[c]):
            row[c] = int(df[c].sum())
    return pd.concat([df, pd.DataFrame([row])], ignore_index=True)


def by_round_source(st: pd.DataFrame) -> pd.DataFrame:
    """Statements, voices and files per round x source type, with the total row."""
    tab = (st.assign(kildetype=st["source_type"].map(source_type_da))
           .groupby(["round", "kildetype"], observed=True)
           .agg(udsagn=("statement_id", "size"), stemmer=("voice_id", "nunique"),
                filer=("source_file", "nunique"))
           .reset_index().rename(columns={"round": "runde"}))
    return with_total(tab, ["runde", "kildetype"], st)


def by_key(st: pd.DataFrame, col: str, name: str, labels: Any = None) -> pd.DataFrame:
    """Statements and voices per value of ``col`` (largest first), with the total row."""
    key = st[col].map(labels) if labels is not None else st[col]
    tab = (st.assign(_k=key.fillna("ukendt")).groupby("_k", observed=True)
           .agg(udsagn=("statement_id", "size"), stemmer=("voice_id", "nunique"))
           .reset_index().rename(columns={"_k": name})
           .sort_values(["udsagn", name], ascending=[False, True]))
    return with_total(tab.reset_index(drop=True), [name], st)


def counted_assignments(tables: Any, cov: Any) -> pd.DataFrame:
    """The theme rows every count of the report uses: primary themes as the coverage
    tables count them (merged duplicates inherit their representative's theme), and the
    secondary themes of the assignments."""
    prim = cov.statement_themes[cov.statement_themes["rank"] == 0][
        ["statement_id", "theme_id", "rank"]]
    a = tables.assignments
    sec = a[pd.to_numeric(a["rank"], errors="coerce") > 0][["statement_id", "theme_id", "rank"]]
    out = pd.concat([prim, sec.astype({"statement_id": str, "theme_id": str})],
                    ignore_index=True)
    out["score"] = 1.0
    return out


def theme_counts(tables: Any, cov: Any) -> pd.DataFrame:
    """Per theme (theme table order): statements and voices counted under the primary
    theme, municipalities that raised it, largest first; "Øvrige" (no theme) last."""
    long = cov.statement_themes[cov.statement_themes["rank"] == 0].merge(
        cov.statement_places[["statement_id", "voice_id", "kommunekode", "placement"]],
        on="statement_id", how="left")
    g = long.groupby("theme_id")
    th = tables.themes.assign(theme_id=tables.themes["theme_id"].astype(str))
    out = pd.DataFrame({"theme_id": th["theme_id"], "label": th["label"],
                        "kind": th.get("kind", "")})
    out["statements"] = out["theme_id"].map(g.size()).fillna(0).astype(int)
    out["voices"] = out["theme_id"].map(g["voice_id"].nunique()).fillna(0).astype(int)
    raised = long[long["placement"] == "kommune"].groupby("theme_id")["kommunekode"].nunique()
    out["municipalities"] = out["theme_id"].map(raised).fillna(0).astype(int)
    out["_other"] = out["kind"].astype(str).eq(OTHER_KIND)
    return (out.sort_values(["_other", "statements", "theme_id"],
                            ascending=[True, False, True], kind="stable")
            .drop(columns="_other").reset_index(drop=True))
