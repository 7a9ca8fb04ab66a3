"""The coverage tables of one selection of rounds, and the words of the coverage states.

Why one dataclass: Parquet, Excel, charts and tests read the same cells, so every number
a reader sees is a table cell a test can check (definitions in ``docs/coverage.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from rus_analysis.config import STAKEHOLDER_TYPES, UNNAMED_STAKEHOLDER_TYPES

# The four states of a theme x municipality cell, in the words every chart, table and
# sentence of the report uses (the committee reads them as they are). The order is the
# code (``state_code`` 0-3): a municipality that was never asked cannot have raised
# anything, one that was asked and sent nothing is not one that spoke on other themes.
STATE_NOT_INVITED = "ikke inviteret"


STATE_SILENT = "inviteret, men intet input"


STATE_NOT_RAISED = "input, men ikke om temaet"


STATE_RAISED = "har rejst temaet"


STATES: tuple[str, ...] = (STATE_NOT_INVITED, STATE_SILENT, STATE_NOT_RAISED, STATE_RAISED)


# A municipality over all themes (``municipality_totals.state``): the first two states,
# or this one.
STATE_INPUT = "har givet input"


TOTAL_STATES: tuple[str, ...] = (STATE_NOT_INVITED, STATE_SILENT, STATE_INPUT)


# Former name of the first state, kept for code written against it.
STATE_NOT_CONSULTED = STATE_NOT_INVITED


# Columns of statements that coverage relies on (a subset of schema.STATEMENT_COLUMNS).
COVERAGE_STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id", "round", "source_file", "source_type", "organisation",
    "stakeholder_type", "municipality_code", "is_regional_actor", "voice_id", "dup_group",
    "is_representative",
)


REGIONAL = "tværgående"          # region-wide actors: never attributed to a municipality


UNPLACED = "ingen kommune"       # no (valid) municipality and not a regional actor


SOURCE_ORDER: tuple[str, ...] = ("meeting", "workshop", "survey", "written")


# Source types with an agenda: a meeting or a workshop table discusses the themes it was
# given, so a group heard only there mentions those themes more often by design.
AGENDA_SOURCES: tuple[str, ...] = ("meeting", "workshop")


# Stakeholder types whose speakers are named in the report (organisations and public
# bodies); citizens and unknown speakers are never named.
NAMED_TYPES: tuple[str, ...] = tuple(t for t in STAKEHOLDER_TYPES
                                     if t not in UNNAMED_STAKEHOLDER_TYPES)


PER_CAPITA_UNIT = 10_000


ALL_THEMES = "_alle"             # theme_id of the "all input" rows in per_capita


@dataclass
class Coverage:
    """All coverage tables of one selection of rounds.

    Long tables (one row per theme x group) so that Parquet, Excel, charts and tests read
    the same cells. ``per_capita`` is None when no population table was supplied, and
    ``per_capita_note`` then says so in Danish.
    """

    by_municipality: pd.DataFrame
    by_landsdel: pd.DataFrame
    by_stakeholder: pd.DataFrame
    by_source: pd.DataFrame
    by_round: pd.DataFrame
    regional_actors: pd.DataFrame
    representation: pd.DataFrame
    gaps: pd.DataFrame
    per_capita: pd.DataFrame | None
    per_capita_note: str
    municipality_totals: pd.DataFrame
    municipality_rounds: pd.DataFrame
    municipality_stakeholders: pd.DataFrame
    themes: pd.DataFrame
    rounds: list[str]
    unplaced: pd.DataFrame | None = None
    # per statement (not written as sheets): where it is counted (``placement``,
    # ``kommunekode``) and its counted themes (the ``long`` rows every table counts,
    # inherited themes of merged duplicates included), so a report can list exactly the
    # statements behind a cell
    statement_places: pd.DataFrame | None = None
    statement_themes: pd.DataFrame | None = None
    round_changes: pd.DataFrame | None = None
    voice_changes: pd.DataFrame | None = None
    min_cell: int = 5
    include_secondary: bool = False
    notes: list[str] = field(default_factory=list)

    # sheet name (Danish, <= 31 characters) -> attribute. No "Temaer" sheet: the pipeline's
    # workbook already has the full theme table under that name.
    SHEETS: ClassVar[dict[str, str]] = {
        "Tema x kommune": "by_municipality",
        "Tema x landsdel": "by_landsdel",
        "Tema x interessentgruppe": "by_stakeholder",
        "Tema x kildetype": "by_source",
        "Tema x runde": "by_round",
        "Tværgående aktører": "regional_actors",
        "Over- og underrepræsentation": "representation",
        "Huller i dækningen": "gaps",
        "Pr. indbygger": "per_capita",
        "Kommuner i alt": "municipality_totals",
        "Kommune x runde": "municipality_rounds",
        "Kommune x interessentgruppe": "municipality_stakeholders",
        "Udsagn uden kommune": "unplaced",
        "Ændring siden sidste runde": "round_changes",
        "Nye og fraværende stemmer": "voice_changes",
    }

    def tables(self) -> dict[str, pd.DataFrame]:
        """Sheet name -> table, for Parquet/Excel; ends with a 'Noter' sheet of notes."""
        out: dict[str, pd.DataFrame] = {}
        for sheet, attr in self.SHEETS.items():
            df = getattr(self, attr)
            if df is not None:
                out[sheet] = df
        notes = [("Runder", ", ".join(self.rounds)),
                 ("Mindste celle (min_cell)", str(self.min_cell)),
                 ("Sekundære temaer talt med", "ja" if self.include_secondary else "nej"),
                 ("Pr. indbygger", self.per_capita_note),
                 *[("Note", n) for n in self.notes]]
        out["Noter"] = pd.DataFrame(notes, columns=["emne", "tekst"])
        return out

    def table_files(self) -> dict[str, str]:
        """Sheet name -> Parquet file name (ASCII, the attribute's name) of every table in
        ``tables()``."""
        files = {sheet: f"coverage_{attr}.parquet" for sheet, attr in self.SHEETS.items()
                 if getattr(self, attr) is not None}
        files["Noter"] = "coverage_notes.parquet"
        return files
