"""Theme x municipality (always all 29, in the official order), landsdel and the totals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rus_analysis import reference
from rus_analysis.coverage.groups import stakeholder_order
from rus_analysis.coverage.model import STATE_INPUT, STATE_NOT_INVITED, STATE_SILENT, STATES
from rus_analysis.coverage.prepare import add_share, count_rows, fill_counts, theme_grid


def by_municipality(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame,
                     region: pd.DataFrame, muni_cons: pd.DataFrame, cons: pd.DataFrame,
                     min_cell: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    placed = long[long["placement"] == "kommune"]
    grid = theme_grid(th, region)
    df = fill_counts(grid, count_rows(placed, ["theme_id", "kommunekode"]),
                      ["theme_id", "kommunekode"])
    tot = count_rows(st[st["placement"] == "kommune"], ["kommunekode"]).rename(
        columns={"statements": "municipality_statements", "voices": "municipality_voices",
                 "sources": "municipality_sources"})
    totals = region.merge(muni_cons, on="kommunekode", how="left").merge(
        tot, on="kommunekode", how="left")
    for c in ("municipality_statements", "municipality_voices", "municipality_sources"):
        totals[c] = totals[c].fillna(0).astype("int64")
    for c in ("invited", "attended", "contributed", "consulted"):
        totals[c] = totals[c].fillna(False).astype(bool)
    df = df.merge(totals[["kommunekode", "consulted", "municipality_statements",
                          "municipality_voices"]], on="kommunekode", how="left")
    silent = df["municipality_statements"] == 0
    df["state_code"] = np.where(~df["consulted"], 0, np.where(
        silent, 1, np.where(df["statements"] > 0, 3, 2)))
    df["state"] = [STATES[i] for i in df["state_code"]]
    df = add_share(df, "municipality_statements", min_cell)
    df.loc[df["state_code"] == 0, "share_text"] = STATE_NOT_INVITED
    df.loc[df["state_code"] == 1, "share_text"] = STATE_SILENT
    all_st = len(st)
    theme_tot = long.groupby("theme_id").size()
    df["region_share"] = df["theme_id"].map(theme_tot).fillna(0).astype(float) / all_st \
        if all_st else np.nan
    cols = ["theme_id", "theme_label", "kommunekode", "navn", "landsdel_kode", "landsdel",
            "consulted", "state_code", "state", "statements", "voices", "sources",
            "municipality_statements", "municipality_voices", "share", "suppressed",
            "share_text", "region_share"]
    df = df[cols]

    # municipality totals (one row per municipality, 29)
    raised = df[df["statements"] > 0].groupby("kommunekode")["theme_id"].nunique()
    totals["themes_raised"] = totals["kommunekode"].map(raised).fillna(0).astype("int64")
    rc = cons[cons["consulted"]].groupby("kommunekode")["round"].agg(list)
    totals["rounds_consulted"] = totals["kommunekode"].map(rc).map(
        lambda v: ", ".join(v) if isinstance(v, list) else "")
    totals["n_rounds_consulted"] = totals["kommunekode"].map(rc).map(
        lambda v: len(v) if isinstance(v, list) else 0).astype("int64")
    totals["state"] = np.where(~totals["consulted"], STATE_NOT_INVITED,
                               np.where(totals["municipality_statements"] > 0,
                                        STATE_INPUT, STATE_SILENT))
    totals["region_share"] = (totals["municipality_statements"] / all_st) if all_st else np.nan
    totals = totals.rename(columns={"municipality_statements": "statements",
                                    "municipality_voices": "voices",
                                    "municipality_sources": "sources"})
    totals = totals[["kommunekode", "navn", "landsdel_kode", "landsdel", "invited",
                     "attended", "contributed", "consulted", "state", "n_rounds_consulted",
                     "rounds_consulted", "statements", "voices", "sources", "themes_raised",
                     "region_share"]]
    return df.reset_index(drop=True), totals.reset_index(drop=True)


def by_landsdel(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame,
                 by_muni: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    lmap = by_muni.drop_duplicates("kommunekode").set_index("kommunekode")["landsdel_kode"]
    placed = long[long["placement"] == "kommune"].assign(
        landsdel_kode=lambda d: d["kommunekode"].map(lmap))
    groups = pd.DataFrame(list(reference.LANDSDELE), columns=["landsdel_kode", "landsdel"])
    df = fill_counts(theme_grid(th, groups), count_rows(placed, ["theme_id", "landsdel_kode"]),
                      ["theme_id", "landsdel_kode"])
    stp = st[st["placement"] == "kommune"]
    denom = stp["kommunekode"].map(lmap).value_counts()
    df["landsdel_statements"] = df["landsdel_kode"].map(denom).fillna(0).astype("int64")
    df = add_share(df, "landsdel_statements", min_cell)
    agg = by_muni.groupby(["theme_id", "landsdel_kode"]).agg(
        municipalities=("kommunekode", "size"),
        municipalities_consulted=("consulted", "sum"),
        municipalities_raised=("state_code", lambda s: int((s == 3).sum())),
    ).reset_index()
    df = df.merge(agg, on=["theme_id", "landsdel_kode"], how="left")
    for c in ("municipalities", "municipalities_consulted", "municipalities_raised"):
        df[c] = df[c].astype("int64")
    return df


def municipality_stakeholders(st: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    placed = st[st["placement"] == "kommune"]
    order = stakeholder_order(st)
    grid = region[["kommunekode", "navn"]].assign(_k=1).merge(order.assign(_k=1), on="_k") \
        .drop(columns="_k")
    df = fill_counts(grid, count_rows(placed, ["kommunekode", "stakeholder_type"]),
                      ["kommunekode", "stakeholder_type"])
    return df
