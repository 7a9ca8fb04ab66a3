"""The coverage stage: have we heard the whole region?

The committee's first question mixes three facts that a plain count hides: a municipality
that was never asked, one that was asked and did not raise a theme, and one that raised
it. Entry point: ``build_coverage(statements, assignments, themes, invitations,
attendance, min_cell, population) -> Coverage``. Where a change goes: the states and the
table set ``model``; the long rows every table counts ``prepare``; who was asked
``consultation``; theme x municipality/landsdel ``municipalities``; stakeholder and source
mix ``groups``; rounds ``rounds``; the "not heard" sentences ``gaps``; over- and
under-representation ``representation``; the "<5" rule ``suppression``; per-capita figures
``population``; theme sizes ``sizes``.
"""

from rus_analysis.coverage.build import build_coverage
from rus_analysis.coverage.model import (
    REGIONAL,
    STATE_INPUT,
    STATE_NOT_CONSULTED,
    STATE_NOT_INVITED,
    STATE_NOT_RAISED,
    STATE_RAISED,
    STATE_SILENT,
    STATES,
    TOTAL_STATES,
    UNPLACED,
    Coverage,
)
from rus_analysis.coverage.population import PopulationError, load_population
from rus_analysis.coverage.sizes import theme_size_table

__all__ = ["REGIONAL", "STATES", "STATE_INPUT", "STATE_NOT_CONSULTED", "STATE_NOT_INVITED",
           "STATE_NOT_RAISED", "STATE_RAISED", "STATE_SILENT", "TOTAL_STATES", "UNPLACED",
           "Coverage", "PopulationError", "build_coverage", "load_population",
           "theme_size_table"]
