"""Themes: discovery, seeded taxonomy, emergent themes, analyst overrides, stable ids.

``ThemeModel`` (scikit-learn contract) does the statistics; ``assign_themes`` is the
pipeline step that adds stable ids (registry), analyst overrides and the output tables.
See docs/themes.md.
"""

from rus_analysis.themes.model import OTHER, OTHER_LABEL, ThemeModel
from rus_analysis.themes.pipeline import ThemeResult, assign_themes

__all__ = ["OTHER", "OTHER_LABEL", "ThemeModel", "ThemeResult", "assign_themes"]
