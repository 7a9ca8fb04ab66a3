"""Review: the analyst's decisions on themes, statements and positions, as library calls.

Why a stage of its own: the analyst, not the model, answers to the committee. Every
decision taken in the review notebook (``notebooks/05_gennemgang``) is one of these
functions; each appends one dated, signed entry to the overrides file
(``themes.overrides``), which the next run applies. The notebook only shows and calls.
"""

from rus_analysis.review.decisions import (
    accept_theme,
    correct_position,
    default_reviewer,
    mark_reviewed,
    merge_themes,
    move_statement,
    rename_theme,
    split_theme,
)
from rus_analysis.review.session import ReviewSession

__all__ = ["ReviewSession", "accept_theme", "correct_position", "default_reviewer",
           "mark_reviewed", "merge_themes", "move_statement", "rename_theme", "split_theme"]
