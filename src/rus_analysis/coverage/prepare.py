"""From statements and assignments to the long statement x theme rows every table counts.

Also the small helpers each table is built with: counts of statements, voices and
sources per group, full theme x group grids (zeros kept), and suppressed shares.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from rus_analysis.coverage.model import REGIONAL, UNPLACED
from rus_analysis.coverage.suppression import share_texts, small_cell


def codes(values: pd.Series) -> pd.Series:
    """Municipality codes as 4-digit text ('101' -> '0101'), missing/blank -> <NA>."""
    s = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    s = s.mask(isin(s, ["", "nan", "None", "<NA>"]))
    digits = s.str.fullmatch(r"\d{1,4}").fillna(False).astype(bool)
    return s.mask(digits, s.str.zfill(4))


def isin(values: pd.Series, allowed: Iterable[object]) -> pd.Series:
    """Boolean membership, False for missing values.

    Why not ``Series.isin``: on pandas 3's Arrow-backed strings it falls back to a Python
    loop (a second per 100.000 rows); object arrays use the hash table.
    """
    arr = pd.Series(values.to_numpy(dtype=object), index=values.index, dtype=object)
    vals = allowed if isinstance(allowed, np.ndarray) else list(allowed)
    return arr.isin(vals) & values.notna().to_numpy()


def as_bool(values: pd.Series) -> pd.Series:
    if values.dtype == bool:
        return values
    s = values.astype("string").str.strip().str.lower()
    return isin(s, ["true", "1", "ja", "yes"]).astype(bool)


def round_order(st: pd.DataFrame, extra: Iterable[str]) -> list[str]:
    """Rounds in time order (earliest statement date), then by id."""
    all_rounds = set(pd.unique(st["round"])) | set(extra)
    first: dict[str, str] = {}
    if "source_date" in st.columns and len(st):
        dates = (st.assign(_d=st["source_date"].astype("string").str.slice(0, 10))
                 .groupby("round")["_d"].min())
        first = {str(k): str(v) for k, v in dates.items() if pd.notna(v) and str(v)}
    return sorted(all_rounds, key=lambda r: (first.get(r, "9999"), r))


def prepare(statements: pd.DataFrame, assignments: pd.DataFrame, rounds: list[str],
             include_secondary: bool, codes29: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements of the selected rounds (``st``) and statement x theme rows (``long``).

    Why the merged-member propagation: theme models are usually fitted on the
    representative of a duplicate group only; the other 39 letters of a campaign must still
    count as statements on the same theme, but stay one voice.
    """
    st = statements.loc[isin(statements["round"].astype(str), rounds)].copy()
    st["round"] = st["round"].astype(str)
    st["statement_id"] = st["statement_id"].astype(str)
    code = codes(st["municipality_code"])
    regional = as_bool(st["is_regional_actor"])
    valid = isin(code, codes29).astype(bool)
    st["kommunekode"] = code.where(valid & ~regional)
    st["placement"] = np.where(regional, REGIONAL, np.where(valid, "kommune", UNPLACED))
    voice = st["voice_id"].astype("string")
    voice = voice.mask(voice.str.strip().eq("").fillna(False))
    st["voice_id"] = voice.fillna("stmt:" + st["statement_id"])
    st["source_key"] = st["round"] + "|" + st["source_file"].astype("string").fillna("")
    st["stakeholder_type"] = st["stakeholder_type"].astype("string").fillna("ukendt")
    st["source_type"] = st["source_type"].astype("string").fillna("ukendt")

    a = assignments[["statement_id", "theme_id", "rank"]].copy()
    a["statement_id"] = a["statement_id"].astype(str)
    a["theme_id"] = a["theme_id"].astype(str)
    a["rank"] = pd.to_numeric(a["rank"], errors="coerce")
    if not include_secondary:
        a = a[a["rank"] == 0]
    a = a.drop_duplicates(["statement_id", "theme_id"])

    # Members of a duplicate group without own themes inherit those of a member that has
    # them, preferring the representative.
    have = a["statement_id"].to_numpy(dtype=object)
    has_theme = isin(st["statement_id"], have)
    missing = st.loc[~has_theme, ["statement_id", "dup_group"]]
    missing = missing[missing["dup_group"].notna()]
    if len(missing):
        donors = st.loc[has_theme & st["dup_group"].notna(),
                        ["statement_id", "dup_group", "is_representative"]].copy()
        donors["rep"] = as_bool(donors["is_representative"])
        donors = (donors.sort_values(["dup_group", "rep", "statement_id"],
                                     ascending=[True, False, True])
                  .drop_duplicates("dup_group")[["dup_group", "statement_id"]]
                  .rename(columns={"statement_id": "donor"}))
        inherit = missing.merge(donors, on="dup_group").merge(
            a.rename(columns={"statement_id": "donor"}), on="donor")
        a = pd.concat([a, inherit[["statement_id", "theme_id", "rank"]]], ignore_index=True)

    keep = ["statement_id", "round", "source_type", "stakeholder_type", "kommunekode",
            "placement", "voice_id", "source_key", "organisation"]
    long = a.merge(st[keep], on="statement_id", how="inner")
    return st, long


def count_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Statements (rows), voices (distinct voice_id), sources (distinct round+file)."""
    if not len(df):
        return pd.DataFrame(columns=[*keys, "statements", "voices", "sources"])
    g = df.groupby(keys, observed=True, dropna=False)
    return g.agg(statements=("statement_id", "size"), voices=("voice_id", "nunique"),
                 sources=("source_key", "nunique")).reset_index()


def theme_grid(themes: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Every theme x every group, themes outer, in the given orders."""
    t = themes[["theme_id", "theme_label"]].assign(_k=1, _t=range(len(themes)))
    g = groups.assign(_k=1, _g=range(len(groups)))
    out = t.merge(g, on="_k").sort_values(["_t", "_g"]).drop(columns=["_k", "_t", "_g"])
    return out.reset_index(drop=True)


def fill_counts(grid: pd.DataFrame, counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if not len(counts):   # a run without statements: empty counts have no key types
        counts = counts.astype({k: grid[k].dtype for k in keys if k in grid.columns})
    out = grid.merge(counts, on=keys, how="left")
    for c in ("statements", "voices", "sources"):
        out[c] = out[c].fillna(0).astype("int64")
    return out


def add_share(df: pd.DataFrame, denom_col: str, min_cell: int, share_col: str = "share",
               na_text: str = "–") -> pd.DataFrame:
    """share = statements / denominator, suppressed for 1..min_cell-1 statements."""
    denom = df[denom_col].astype(float)
    share = (df["statements"] / denom.where(denom > 0)).astype(float)
    sup = small_cell(df["statements"], min_cell)
    df[share_col] = share.mask(sup)
    flag = "suppressed" if share_col == "share" else f"{share_col}_suppressed"
    df[flag] = sup
    df[f"{share_col}_text"] = share_texts(df[share_col], df[flag], min_cell, na_text)
    return df
