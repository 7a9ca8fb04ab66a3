"""Who was not heard on each theme, as Danish sentences a report can show as they are.

Each sentence starts with the coverage state in the words every chart and table uses
(``model.STATES``), so a reader meets one vocabulary: "Ikke inviteret (1 af 29
kommuner): Vallensbæk." A municipality that was never asked, one that was asked and sent
nothing, and one that spoke only on other themes are three different gaps, each with its
own sentence and names.
"""

from __future__ import annotations

import pandas as pd

from rus_analysis.coverage.model import STATES
from rus_analysis.danish import join_da

# kind of each gap row, by state_code (the raised state is no gap)
GAP_KINDS: dict[int, str] = {0: "ikke_inviteret", 1: "inviteret_intet_input",
                             2: "input_ikke_om_temaet"}


def state_sentence(state_code: int, names: list[str], n: int) -> str:
    """'Ikke inviteret (1 af 29 kommuner): Vallensbæk.'; 'Ikke inviteret: ingen.'"""
    word = STATES[state_code][0].upper() + STATES[state_code][1:]
    if not names:
        return f"{word}: ingen."
    return f"{word} ({len(names)} af {n} kommuner): {join_da(names)}."


def gaps_table(by_muni: pd.DataFrame, by_stake: pd.DataFrame, th: pd.DataFrame,
               region: pd.DataFrame, rounds: list[str]) -> pd.DataFrame:
    """For each theme: who was not heard, in the state words, with the names."""
    rtxt = (f"runde {rounds[0]}" if len(rounds) == 1 else
            f"runderne {join_da(rounds)}") if rounds else "de valgte runder"
    n = len(region)
    silent_groups = set(by_stake.groupby("stakeholder_type")["statements"].sum()
                        .loc[lambda s: s == 0].index)
    rows = []
    for tid, label in zip(th["theme_id"], th["theme_label"], strict=True):
        m = by_muni[by_muni["theme_id"] == tid]
        for code, kind in GAP_KINDS.items():
            names = list(m.loc[m["state_code"] == code, "navn"])
            rows.append((tid, label, kind, len(names), "; ".join(names),
                         state_sentence(code, names, n)))
        q = f"»{label}«"
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


def _grupper(k: int) -> str:
    return "interessentgruppen" if k == 1 else "interessentgrupperne"
