"""Who was asked: invited, attended, contributed and consulted per round x municipality.

Why apart from the statement counts: "not consulted" and "consulted, nothing said" are
different facts, and only the manifests and participant lists can tell them apart.
"""

from __future__ import annotations

import pandas as pd

from rus_analysis.coverage.prepare import codes


def consultation(st: pd.DataFrame, invitations: pd.DataFrame, attendance: pd.DataFrame,
                  rounds: list[str], region: pd.DataFrame) -> pd.DataFrame:
    """Per round x municipality: invited, attended, contributed, consulted."""
    grid = pd.DataFrame([(r, k) for r in rounds for k in region["kommunekode"]],
                        columns=["round", "kommunekode"])

    def pairs(df: pd.DataFrame) -> set[tuple[str, str]]:
        if df is None or not len(df):
            return set()
        c = codes(df["municipality_code"])
        r = df["round"].astype(str)
        return {(a, b) for a, b in zip(r, c, strict=True) if isinstance(b, str)}

    inv = pairs(invitations)
    att = pairs(attendance)
    placed = st.loc[st["placement"] == "kommune", ["round", "kommunekode"]].drop_duplicates()
    con = set(zip(placed["round"], placed["kommunekode"], strict=True))
    keys = list(zip(grid["round"], grid["kommunekode"], strict=True))
    grid["invited"] = [k in inv for k in keys]
    grid["attended"] = [k in att for k in keys]
    grid["contributed"] = [k in con for k in keys]
    grid["consulted"] = grid["invited"] | grid["attended"] | grid["contributed"]
    return grid
