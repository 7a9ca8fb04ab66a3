"""The overrides' position corrections and sub-theme moves on fixture tables with the
columns of issues 16 and 17, and their skip lines when a run lacks those tables."""

from __future__ import annotations

import pandas as pd

from rus_analysis.themes.assign import apply_subtheme_moves
from rus_analysis.themes.overrides import (
    NO_POSITIONS,
    OverrideOutcome,
    apply_position_overrides,
    examples_from_overrides,
)

POSITIONS = pd.DataFrame({
    "statement_id": ["a:00", "b:00", "c:00"],
    "position": pd.array(["neutral", "forslag", "støtte"], dtype="string"),
    "position_score": [0.4, 0.9, 0.8], "position_cues": ["", "bør", "glad for"],
    "tone": ["neutral", "positiv", "positiv"], "tone_score": [0.0, 0.2, 0.6],
    "position_source": pd.array(["model"] * 3, dtype="string")})
OVERRIDES = [
    {"action": "accept", "theme": "klima", "label": "Klima"},
    {"action": "position", "statement": "a:00", "position": "bekymring", "by": "x",
     "at": "2026-03-01T10:00:00+01:00"},
    {"action": "position", "statement": "zz:00", "position": "modstand"},
    {"action": "position", "statement": "a:00", "position": "modstand"},
]


def test_position_corrections_replace_the_skipped_lines() -> None:
    out = OverrideOutcome()
    out.add(1, "accept", "klima", 3, "ok")
    for n in (2, 3, 4):
        out.add(n, "position", OVERRIDES[n - 1]["statement"], 0, NO_POSITIONS)
    positions, report = apply_position_overrides(POSITIONS, OVERRIDES, out.frame())
    by_id = positions.set_index("statement_id")
    assert by_id.at["a:00", "position"] == "modstand"             # the later one wins
    assert by_id.at["a:00", "position_source"] == "analyst"
    assert by_id.at["b:00", "position_source"] == "model"
    assert by_id.at["b:00", "position_score"] == 0.9              # other columns as they were
    assert report["n"].tolist() == [1, 2, 3, 4]
    assert report["matched"].tolist() == [True, True, False, True]
    assert report.loc[2, "message"] == "statement not found"
    assert report.loc[1, "by"] == "x" and report.loc[1, "at"].startswith("2026-03-01T10")
    assert NO_POSITIONS not in set(report["message"])
    assert POSITIONS.at[0, "position"] == "neutral"               # input not changed


def _assignments(with_sub: bool) -> pd.DataFrame:
    a = pd.DataFrame({"statement_id": ["a:00", "a:00", "b:00", "c:00"],
                      "theme_id": ["klima", "drikkevand", "klima", "klima"],
                      "rank": [0, 1, 0, 0], "score": [0.9, 0.3, 0.8, 0.7]})
    if with_sub:
        a["subtheme_id"] = pd.array(["S1", None, "S1", None], dtype="string")
    return a


SUBTHEMES = pd.DataFrame({"subtheme_id": ["S1", "S2", "S9"],
                          "theme_id": ["klima", "klima", "drikkevand"]})
MOVES = [{"action": "move", "statement": "a:00", "to": "klima", "subtheme": "S2"},
         {"action": "move", "statement": "c:00", "to": "klima", "subtheme": "S9"}]
REP_OF = {"a:00": 0, "b:00": 0, "c:00": 1}       # a and b are one duplicate group


def _outcome() -> OverrideOutcome:
    out = OverrideOutcome()
    out.add(1, "move", "a:00", 1, "ok: moved to klima")
    out.add(2, "move", "c:00", 1, "ok: moved to klima")
    return out


def test_subtheme_move_puts_the_group_where_the_analyst_put_it() -> None:
    out = _outcome()
    a = apply_subtheme_moves(_assignments(True), MOVES, REP_OF, out, SUBTHEMES)
    sub = a[a["rank"] == 0].set_index("statement_id")["subtheme_id"]
    assert sub["a:00"] == sub["b:00"] == "S2"
    assert pd.isna(sub["c:00"])                                   # S9 belongs to another theme
    assert out.rows[0]["message"] == "ok: moved to klima, sub-theme S2"
    assert "not a sub-theme of klima" in out.rows[1]["message"]


def test_subtheme_move_without_subthemes_is_skipped_with_a_line() -> None:
    out = _outcome()
    a = apply_subtheme_moves(_assignments(False), MOVES, REP_OF, out)
    assert "subtheme_id" not in a.columns
    assert all("sub-theme this run has no sub-themes" in r["message"] for r in out.rows)


def test_moves_and_reviewed_statements_are_examples_for_their_theme() -> None:
    ex = examples_from_overrides([
        *MOVES, {"action": "reviewed", "statement": "b:00", "theme": "klima"},
        {"action": "reviewed", "statement": "d:00"},             # no theme: not an example
        {"action": "move", "statement": "c:00", "to": "drikkevand"}])
    rows = [(r.statement_id, r.theme_id, None if pd.isna(r.subtheme_id) else r.subtheme_id)
            for r in ex.itertuples(index=False)]
    assert rows == [("a:00", "klima", "S2"), ("c:00", "drikkevand", None),
                    ("b:00", "klima", None)]
