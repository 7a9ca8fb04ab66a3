"""Theme x stakeholder group, theme x source type, and input that belongs to no municipality."""

from __future__ import annotations

import pandas as pd

from rus_analysis.config import STAKEHOLDER_TYPES
from rus_analysis.coverage.model import REGIONAL, SOURCE_ORDER, UNPLACED
from rus_analysis.coverage.prepare import add_share, count_rows, fill_counts, theme_grid


def stakeholder_order(st: pd.DataFrame) -> pd.DataFrame:
    seen = [s for s in pd.unique(st["stakeholder_type"]) if s not in STAKEHOLDER_TYPES]
    order = [*STAKEHOLDER_TYPES, *sorted(map(str, seen))]
    return pd.DataFrame({"stakeholder_type": order})


def source_order(st: pd.DataFrame) -> pd.DataFrame:
    seen = [s for s in pd.unique(st["source_type"]) if s not in SOURCE_ORDER]
    return pd.DataFrame({"source_type": [*SOURCE_ORDER, *sorted(map(str, seen))]})


def by_category(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, col: str,
                 groups: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Theme x category (stakeholder type, source type) over all statements.

    Two shares: ``share`` (the group's mix: theme / all the group's statements) and
    ``share_of_theme`` (who spoke on the theme: group's statements / the theme's).
    """
    df = fill_counts(theme_grid(th, groups), count_rows(long, ["theme_id", col]), ["theme_id", col])
    df["group_statements"] = df[col].map(st[col].value_counts()).fillna(0).astype("int64")
    df["theme_statements"] = df["theme_id"].map(long.groupby("theme_id").size()) \
        .fillna(0).astype("int64")
    df = add_share(df, "group_statements", min_cell)
    df = add_share(df, "theme_statements", min_cell, share_col="share_of_theme")
    return df


def regional_table(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, min_cell: int
              ) -> pd.DataFrame:
    """Theme x {tværgående, ingen kommune}: input that belongs to no municipality."""
    groups = pd.DataFrame({"group": [REGIONAL, UNPLACED]})
    sub = long[long["placement"] != "kommune"].rename(columns={"placement": "group"})
    df = fill_counts(theme_grid(th, groups), count_rows(sub, ["theme_id", "group"]),
                      ["theme_id", "group"])
    df["group_statements"] = df["group"].map(st["placement"].value_counts()).fillna(0) \
        .astype("int64")
    df = add_share(df, "group_statements", min_cell)
    orgs = (sub.assign(organisation=sub["organisation"].astype("string").str.strip())
            .dropna(subset=["organisation"])
            .query("organisation != ''")
            .groupby(["theme_id", "group"])["organisation"]
            .agg(lambda s: "; ".join(sorted(set(s)))))
    df["organisations"] = [orgs.get((t, g), "")
                           for t, g in zip(df["theme_id"], df["group"], strict=True)]
    df.insert(df.columns.get_loc("group") + 1, "group_label",
              df["group"].map({REGIONAL: "Tværgående", UNPLACED: "Ingen kommune"}))
    return df


# Why a statement has no municipality, in the words the report shows (placement, source
# type -> reason); the analyst can act on each (e.g. ask the survey for a municipality).
UNPLACED_REASONS: dict[tuple[str, str], str] = {
    (REGIONAL, ""): "tværgående aktør (fx DSB, Movia, Novafos): taler for hele regionen "
                    "og tilskrives ingen kommune",
    (UNPLACED, "survey"): "besvarelsen angiver ingen kommune",
    (UNPLACED, "meeting"): "mødepunktet kan ikke knyttes til én kommune",
    (UNPLACED, "workshop"): "post-it eller bord kan ikke knyttes til én kommune",
    (UNPLACED, "written"): "afsenderen kan ikke knyttes til én kommune",
}


OUTSIDE_REGION = "kommunekoden hører ikke til regionens 29 kommuner"


def unplaced_table(st: pd.DataFrame, codes29: set[str]) -> pd.DataFrame:
    """Statements without a municipality, by reason: their own count, never dropped.

    One row per (placement, reason, source type) with statements and voices; placement
    is ``REGIONAL`` or ``UNPLACED``. Together with the municipalities' statements they
    are all statements of the selected rounds.
    """
    from rus_analysis.coverage.prepare import codes

    sub = st[st["placement"] != "kommune"]
    raw = codes(sub["municipality_code"])
    outside = raw.notna() & ~raw.isin(list(codes29)) & (sub["placement"] == UNPLACED)
    reason = [
        OUTSIDE_REGION if out else UNPLACED_REASONS.get(
            (p, "" if p == REGIONAL else str(s)), "kommune ikke angivet")
        for p, s, out in zip(sub["placement"], sub["source_type"], outside, strict=True)]
    cols = ["placement", "reason", "source_type", "statements", "voices"]
    if not len(sub):
        return pd.DataFrame(columns=cols)
    out = (sub.assign(reason=reason).groupby(["placement", "reason", "source_type"])
           .agg(statements=("statement_id", "size"), voices=("voice_id", "nunique"))
           .reset_index())
    out["placement"] = pd.Categorical(out["placement"], [REGIONAL, UNPLACED])
    return out.sort_values(["placement", "statements"], ascending=[True, False]) \
        .astype({"placement": str})[cols].reset_index(drop=True)
