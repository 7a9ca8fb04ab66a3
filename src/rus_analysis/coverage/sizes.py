"""Statements per theme, as primary and as secondary theme (the theme-size chart's table)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rus_analysis.schema import ASSIGNMENT_COLUMNS, check_columns


def theme_size_table(themes: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Statements per theme: as primary theme (rank 0) and as secondary theme (rank > 0).

    The table behind ``charts.theme_sizes``; themes in the theme table's order, themes
    without statements kept with zeros.
    """
    check_columns(themes, ("theme_id", "label"), "themes")
    check_columns(assignments, ASSIGNMENT_COLUMNS, "assignments")
    a = assignments.assign(theme_id=assignments["theme_id"].astype(str),
                           rank=pd.to_numeric(assignments["rank"], errors="coerce"))
    a = a.drop_duplicates(["statement_id", "theme_id"])
    prim = a[a["rank"] == 0].groupby("theme_id")["statement_id"].nunique()
    sec = a[a["rank"] > 0].groupby("theme_id")["statement_id"].nunique()
    out = pd.DataFrame({"theme_id": themes["theme_id"].astype(str).to_numpy(),
                        "theme_label": themes["label"].astype(str).to_numpy()})
    out["primary"] = out["theme_id"].map(prim).fillna(0).astype("int64")
    out["secondary"] = out["theme_id"].map(sec).fillna(0).astype("int64")
    total = int(out["primary"].sum())
    out["primary_share"] = out["primary"] / total if total else np.nan
    return out
