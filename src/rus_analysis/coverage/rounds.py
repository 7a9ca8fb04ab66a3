"""Theme x round, municipality x round, and what changed between the last two rounds:
each theme's share (new, grown, shrunk, dropped) and who is new or absent."""

from __future__ import annotations

import math

import pandas as pd

from rus_analysis.coverage.prepare import add_share, count_rows, fill_counts, isin, theme_grid
from rus_analysis.danish import fmt_int, fmt_num, fmt_pct


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


# a theme's share of a round's statements must move by at least this many percentage
# points to be called grown or shrunk (smaller moves are within what the mix of sources
# of two rounds changes by itself)
CHANGE_LIMIT_PP = 2.0


ROUND_CHANGE_COLUMNS: tuple[str, ...] = (
    "theme_id", "theme_label", "previous_round", "round", "statements_before",
    "statements_now", "voices_before", "voices_now", "share_before", "share_now",
    "change_pp", "status", "sentence")


def round_changes(by_round: pd.DataFrame, rounds: list[str], min_cell: int) -> pd.DataFrame:
    """Per theme, the latest round against the one before: new, grown, shrunk, dropped.

    ``status`` is one of "nyt" (no statements before), "bortfaldet" (none now), "vokset",
    "skrumpet" (the share of the round's statements moved by ``CHANGE_LIMIT_PP`` or
    more), "uændret", or "for få udsagn" (both counts below ``min_cell``: a share of a
    handful says nothing). Empty with fewer than two rounds. ``sentence`` is the Danish
    line the report shows.
    """
    if len(rounds) < 2:
        return pd.DataFrame(columns=list(ROUND_CHANGE_COLUMNS))
    before, now = rounds[-2], rounds[-1]
    rows = []
    for tid, g in by_round.groupby("theme_id", sort=False):
        b = g[g["round"] == before].iloc[0]
        n = g[g["round"] == now].iloc[0]
        sb = b["statements"] / b["round_statements"] if b["round_statements"] else math.nan
        sn = n["statements"] / n["round_statements"] if n["round_statements"] else math.nan
        pp = (sn - sb) * 100
        if b["statements"] == 0 and n["statements"] > 0:
            status = "nyt"
        elif b["statements"] > 0 and n["statements"] == 0:
            status = "bortfaldet"
        elif b["statements"] < min_cell and n["statements"] < min_cell:
            status = "for få udsagn"
        elif pp >= CHANGE_LIMIT_PP:
            status = "vokset"
        elif pp <= -CHANGE_LIMIT_PP:
            status = "skrumpet"
        else:
            status = "uændret"
        label = str(b["theme_label"])
        rows.append((tid, label, before, now, int(b["statements"]), int(n["statements"]),
                     int(b["voices"]), int(n["voices"]), sb, sn, pp, status,
                     change_sentence(label, status, before, now, int(b["statements"]),
                                     int(n["statements"]), sb, sn)))
    return pd.DataFrame(rows, columns=list(ROUND_CHANGE_COLUMNS))


def change_sentence(label: str, status: str, before: str, now: str, n_before: int,
                    n_now: int, share_before: float, share_now: float) -> str:
    """One Danish line on how a theme changed between two rounds."""
    counts = f"{fmt_int(n_before)} udsagn i {before}, {fmt_int(n_now)} i {now}"
    if status == "nyt":
        return f"{label}: nyt i {now} ({fmt_int(n_now)} udsagn; intet i {before})."
    if status == "bortfaldet":
        return f"{label}: ikke rejst i {now} ({fmt_int(n_before)} udsagn i {before})."
    if status == "for få udsagn":
        return f"{label}: for få udsagn til at sige noget om udviklingen ({counts})."
    shares = f"fra {fmt_pct(share_before, 0)} til {fmt_pct(share_now, 0)} af rundens udsagn"
    word = {"vokset": "fylder mere", "skrumpet": "fylder mindre",
            "uændret": "fylder det samme"}[status]
    return f"{label}: {word}, {shares} ({counts})."


VOICE_CHANGE_COLUMNS: tuple[str, ...] = ("kind", "name", "status", "previous_round",
                                         "round", "statements_before", "statements_now")


def voice_changes(st: pd.DataFrame, rounds: list[str], region: pd.DataFrame,
                  named_types: tuple[str, ...]) -> pd.DataFrame:
    """Who is new in the latest round and who is absent from it, by name.

    Named speakers only: the municipalities (by code; their departments are the
    municipality) and the other organisations whose stakeholder type is in
    ``named_types`` (public bodies, companies and organisations, never private
    persons). Status "ny" (input now, none before) or "fraværende" (input before, none
    now). Empty with fewer than two rounds.
    """
    if len(rounds) < 2:
        return pd.DataFrame(columns=list(VOICE_CHANGE_COLUMNS))
    before, now = rounds[-2], rounds[-1]
    names = dict(zip(region["kommunekode"], region["navn"], strict=True))
    placed = st[st["placement"] == "kommune"]
    muni = placed.groupby(["kommunekode", "round"]).size().unstack(fill_value=0)
    org = st["organisation"].astype("string").str.strip()
    others = [t for t in named_types if t != "kommune"]
    is_named = isin(st["stakeholder_type"].astype("string"), others) & org.fillna("").ne("")
    orgs = (st[is_named].assign(_org=org[is_named]).groupby(["_org", "round"]).size()
            .unstack(fill_value=0))
    rows = []
    for kind, tab, label in (("kommune", muni, names.get), ("organisation", orgs, str)):
        for key in sorted(tab.index):
            nb = int(tab.loc[key].get(before, 0))
            nn = int(tab.loc[key].get(now, 0))
            if (nb == 0) == (nn == 0):
                continue
            rows.append((kind, label(key) or str(key), "ny" if nb == 0 else "fraværende",
                         before, now, nb, nn))
    return pd.DataFrame(rows, columns=list(VOICE_CHANGE_COLUMNS))
