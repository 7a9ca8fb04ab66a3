"""Theme x round, municipality x round, and the change of each theme's share between rounds."""

from __future__ import annotations

import math

import pandas as pd

from rus_analysis.coverage.prepare import add_share, count_rows, fill_counts, theme_grid
from rus_analysis.danish import fmt_num


def by_round(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, region: pd.DataFrame,
              cons: pd.DataFrame, rounds: list[str], min_cell: int
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = pd.DataFrame({"round": rounds})
    df = fill_counts(theme_grid(th, groups), count_rows(long, ["theme_id", "round"]),
                      ["theme_id", "round"])
    df["round_statements"] = df["round"].map(st["round"].value_counts()).fillna(0) \
        .astype("int64")
    df = add_share(df, "round_statements", min_cell)
    n_cons = cons.groupby("round")["consulted"].sum()
    df["municipalities_consulted"] = df["round"].map(n_cons).fillna(0).astype("int64")
    placed = long[long["placement"] == "kommune"]
    raised = placed.groupby(["theme_id", "round"])["kommunekode"].nunique()
    df["municipalities_raised"] = [int(raised.get((t, r), 0))
                                   for t, r in zip(df["theme_id"], df["round"], strict=True)]
    df["previous_round"] = df.groupby("theme_id")["round"].shift(1)
    prev = df.groupby("theme_id")["share"].shift(1)
    df["change_pp"] = (df["share"] - prev) * 100
    df["change_text"] = [
        "" if isinstance(p, float) or p is None or p is pd.NA else change_text(c)
        for p, c in zip(df["previous_round"].astype(object), df["change_pp"], strict=True)]

    mr = cons.merge(region[["kommunekode", "navn", "landsdel"]], on="kommunekode")
    cnt = count_rows(st[st["placement"] == "kommune"], ["round", "kommunekode"])
    mr = mr.merge(cnt, on=["round", "kommunekode"], how="left")
    for c in ("statements", "voices", "sources"):
        mr[c] = mr[c].fillna(0).astype("int64")
    mr = mr[["round", "kommunekode", "navn", "landsdel", "invited", "attended",
             "contributed", "consulted", "statements", "voices", "sources"]]
    return df, mr.reset_index(drop=True)


def change_text(pp: float) -> str:
    """'op 9,7 pct.-point' / 'ned 3,0 pct.-point' / 'uændret'; '–' when a share is hidden.

    Words, not a sign: a cell starting with '+' or '-' is read as a formula by Excel.
    """
    if math.isnan(pp):
        return "–"
    if round(pp, 1) == 0:
        return "uændret"
    return f"{'op' if pp > 0 else 'ned'} {fmt_num(abs(pp), 1)} pct.-point"
