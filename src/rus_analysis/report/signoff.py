"""Whether an analyst signed the themes off: one sentence for the summary, counts for the
methods appendix.

Why from the run's ``override_report`` and not the overrides file: the report must say
what this run applied (a decision on a theme that no longer exists did nothing), and the
file may have changed since. A theme counts as signed off when the analyst accepted it,
or changed it (renamed, locked its label, merged, split: the analyst then owns it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rus_analysis.danish import fmt_int
from rus_analysis.processed import RunTables

ACCEPT = ("accept",)
CHANGE = ("rename", "pin_label", "merge", "split")
STATEMENT_LOOK = ("reviewed",)
STATEMENT_CHANGE = ("move", "position")


@dataclass(frozen=True)
class SignOff:
    """Counts of the analyst's applied decisions in one run."""

    themes: int                 # themes in the run (without the "Øvrige" bucket)
    themes_accepted: int
    themes_changed: int
    themes_reviewed: int        # accepted or changed
    statements_reviewed: int    # marked reviewed, moved or position corrected
    statements_moved: int
    positions_corrected: int
    not_applied: int            # decisions that matched nothing in this run

    @property
    def signed_off(self) -> bool:
        return self.themes > 0 and self.themes_reviewed >= self.themes


def _theme_ids(row: pd.Series) -> list[str]:
    """The themes one applied decision touched (a split also made a new one)."""
    ids = str(row["target"]).split("+") if row["action"] == "merge" else [str(row["target"])]
    msg = str(row.get("message", ""))
    if row["action"] == "split" and "new theme " in msg:
        ids.append(msg.rsplit("new theme ", 1)[1].split()[0])
    return ids


def signoff_counts(tables: RunTables) -> SignOff:
    """The analyst's decisions this run applied, counted (see ``SignOff``)."""
    rep = tables.override_report
    th = tables.themes
    current = set(th.loc[th["kind"] != "other", "theme_id"].astype(str))
    ok = rep[rep["matched"].astype(bool)] if len(rep) else rep
    accepted: set[str] = set()
    changed: set[str] = set()
    looked: set[str] = set()
    moved: set[str] = set()
    corrected: set[str] = set()
    for _, row in ok.iterrows():
        action = row["action"]
        if action in ACCEPT or action in CHANGE:
            (accepted if action in ACCEPT else changed).update(_theme_ids(row))
        elif action in STATEMENT_LOOK:
            looked.add(str(row["target"]))
        elif action == "move":
            moved.add(str(row["target"]))
        elif action == "position":
            corrected.add(str(row["target"]))
    accepted &= current
    changed &= current
    return SignOff(themes=len(current), themes_accepted=len(accepted),
                   themes_changed=len(changed), themes_reviewed=len(accepted | changed),
                   statements_reviewed=len(looked | moved | corrected),
                   statements_moved=len(moved), positions_corrected=len(corrected),
                   not_applied=int(len(rep) - len(ok)))


def signoff_sentence(tables: RunTables) -> str:
    """One Danish sentence for the summary: were the themes signed off by an analyst?"""
    s = signoff_counts(tables)
    if s.signed_off:
        return (f"Temaerne er gennemgået og godkendt af en analytiker: alle {fmt_int(s.themes)} "
                f"temaer er godkendt eller rettet, og {fmt_int(s.statements_reviewed)} udsagn "
                "er gennemgået enkeltvis.")
    if s.themes_reviewed:
        return (f"Temaerne er kun delvist godkendt af en analytiker: "
                f"{fmt_int(s.themes_reviewed)} af {fmt_int(s.themes)} temaer er godkendt "
                "eller rettet; de øvrige er analysens eget forslag.")
    return ("Temaerne er ikke godkendt af en analytiker: de er analysens eget forslag og "
            "bør læses som sådan.")


def signoff_appendix(tables: RunTables) -> str:
    """The methods appendix's counts of the analyst's review, as a Markdown section."""
    s = signoff_counts(tables)
    rows = [("temaer i alt", s.themes), ("temaer gennemgået", s.themes_reviewed),
            ("heraf godkendt uændret", s.themes_accepted),
            ("heraf ændret (omdøbt, slået sammen, delt)", s.themes_changed),
            ("udsagn gennemgået", s.statements_reviewed),
            ("heraf flyttet til et andet tema", s.statements_moved),
            ("heraf med rettet holdning", s.positions_corrected),
            ("beslutninger, der ikke passede på denne kørsel", s.not_applied)]
    lines = ["## Analytikerens gennemgang", "",
             signoff_sentence(tables) + " Beslutningerne står med navn og tidspunkt i "
             "filen med analytikerens rettelser og anvendes ved hver kørsel.", "",
             "| | antal |", "|---|---|"]
    lines += [f"| {label} | {fmt_int(n)} |" for label, n in rows]
    return "\n".join(lines)
