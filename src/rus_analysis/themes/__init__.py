"""Themes: discovery, seeded taxonomy, emergent themes, analyst overrides, stable ids.

``ThemeModel`` (scikit-learn contract) does the statistics; ``assign_themes`` is the
pipeline step that adds stable ids (registry), analyst overrides and the output tables.
See docs/themes.md.
"""

from rus_analysis.themes.assign import ThemeResult, assign_themes
from rus_analysis.themes.model import OTHER, OTHER_LABEL, ThemeModel

__all__ = ["OTHER", "OTHER_LABEL", "ThemeModel", "ThemeResult", "assign_themes"]
