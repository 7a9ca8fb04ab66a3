"""Who was not heard on each theme, as Danish sentences a report can show as they are."""

from __future__ import annotations

import pandas as pd

from rus_analysis.danish import join_da


def gaps_table(by_muni: pd.DataFrame, by_stake: pd.DataFrame, th: pd.DataFrame,
          region: pd.DataFrame, rounds: list[str]) -> pd.DataFrame:
    """For each theme: who was not heard, as Danish sentences a report can show as is."""
    rtxt = (f"runde {rounds[0]}" if len(rounds) == 1 else
            f"runderne {join_da(rounds)}") if rounds else "de valgte runder"
    n = len(region)
    silent_groups = set(by_stake.groupby("stakeholder_type")["statements"].sum()
                        .loc[lambda s: s == 0].index)
    rows = []
    for tid, label in zip(th["theme_id"], th["theme_label"], strict=True):
        m = by_muni[by_muni["theme_id"] == tid]
        q = f"»{label}«"
        notc = list(m.loc[m["state_code"] == 0, "navn"])
        if notc:
            s = (f"{_kommuner(len(notc), n)} blev ikke hørt i {rtxt} og kan derfor ikke have "
                 f"rejst {q}: {join_da(notc)}.")
        else:
            s = f"Alle {n} kommuner blev hørt i {rtxt}."
        rows.append((tid, label, "kommune_ikke_hoert", len(notc), "; ".join(notc), s))
        notr = list(m.loc[m["state_code"] == 1, "navn"])
        if notr:
            s = (f"{_kommuner(len(notr), n)} blev hørt, men rejste ikke {q}: "
                 f"{join_da(notr)}.")
        else:
            s = f"Alle kommuner, der blev hørt, rejste {q}."
        rows.append((tid, label, "kommune_tema_ikke_rejst", len(notr), "; ".join(notr), s))
        g = by_stake[(by_stake["theme_id"] == tid)
                     & (by_stake["stakeholder_type"] != "ukendt")]
        quiet = list(g.loc[g["statements"] == 0, "stakeholder_type"])
        if quiet:
            never = [x for x in quiet if x in silent_groups]
            active = [x for x in quiet if x not in silent_groups]
            parts = []
            if active:
                parts.append(f"{_grupper(len(active)).capitalize()} {join_da(active)} gav "
                             f"input, men ikke om {q}.")
            if never:
                parts.append(f"Fra {_grupper(len(never))} {join_da(never)} kom der slet "
                             f"intet input i {rtxt}.")
            s = " ".join(parts)
        else:
            s = f"Alle interessentgrupper har udtalt sig om {q}."
        rows.append((tid, label, "gruppe_ikke_hoert", len(quiet), "; ".join(quiet), s))
    return pd.DataFrame(rows, columns=["theme_id", "theme_label", "kind", "count", "names",
                                       "sentence"])


def _kommuner(k: int, n: int) -> str:
    return "Én kommune" if k == 1 else f"{k} af {n} kommuner"


def _grupper(k: int) -> str:
    return "interessentgruppen" if k == 1 else "interessentgrupperne"
