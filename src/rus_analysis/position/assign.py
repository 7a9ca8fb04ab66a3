"""``assign_positions``: the position and tone of every statement of a run.

Why the survey question is the target: a bare "Ja" or "Stormflod." means something only
against what was asked ("Hvilke udfordringer ...?" makes a noun an answer about a
problem). Other sources have no question a statement answers, unless a heading is one.
The source type is passed on: post-its and survey cells are where a
bare phrase ("Rene boringer") names something wanted.
"""

from __future__ import annotations

import pandas as pd

from rus_analysis.position.answers import target_kind
from rus_analysis.position.classify import classify_positions, classify_tones
from rus_analysis.schema import check_columns

POSITION_COLUMNS: tuple[str, ...] = (
    "statement_id", "position", "position_score", "position_cues", "tone", "tone_score",
    "position_source",
)
# ODbL 1.0 asks for a notice where tone labels built on the AFINN word list are shown.
LICENCE_NOTICE_DA = (
    "Toneangivelserne bygger bl.a. på AFINN-ordlisten (Finn Årup Nielsen), som stilles til "
    "rådighed under Open Database License (ODbL) 1.0, "
    "https://opendatacommons.org/licenses/odbl/1-0/.")


def _targets(statements: pd.DataFrame) -> list[str | None]:
    """The question each statement answers, or None. A survey column or a heading that is
    no question ("Øvrige kommentarer", "Bord 1 > Klima") is a label, not a headline a
    reply takes a stance on, so it is not given as a target."""
    out: list[str | None] = []
    for question in statements["question"].astype("string").fillna(""):
        q = str(question).strip()
        out.append(q if q and target_kind(q) not in ("none", "statement") else None)
    return out


def assign_positions(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per statement (POSITION_COLUMNS), in the statements' order."""
    check_columns(statements, ("statement_id", "text", "source_type", "question"),
                  "statements")
    texts = statements["text"].astype("string").fillna("").tolist()
    pos = classify_positions(texts, targets=_targets(statements),
                             sources=statements["source_type"].astype(str).tolist())
    tone = classify_tones(texts)
    return pd.DataFrame({
        "statement_id": statements["statement_id"].astype("string").to_numpy(),
        "position": pos["position"].to_numpy(),
        "position_score": pos["position_score"].astype(float).to_numpy(),
        "position_cues": pos["position_cues"].to_numpy(),
        "tone": tone["tone"].to_numpy(),
        "tone_score": tone["tone_score"].astype(float).to_numpy(),
        "position_source": "model",
    })
