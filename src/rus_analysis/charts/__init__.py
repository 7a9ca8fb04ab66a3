"""The charts stage: plotly figures of the coverage tables, in Danish, for the report.

Rules every builder keeps, and why:
- A chart is a function of ``Coverage`` tables only: it computes no number of its own, so
  every number a reader sees is a table cell a test can check.
- One colour per theme, the same in every chart (``style.theme_colors``); where colour
  carries a category it is repeated by position or label.
- "Not consulted" is never drawn like zero; a suppressed small cell shows "<5".
- Danish labels and number formatting.

Where a change goes: colours, fonts and titles ``style``; outlines and the Bornholm inset
``geometry``; maps ``maps``; the heatmap ``heatmap``; stakeholder/source/round charts
``mix``; the municipality profile ``profile``; theme sizes ``sizes``; PNG files
``export``.
"""

from rus_analysis.charts.export import all_figures, write_png, write_pngs
from rus_analysis.charts.geometry import outlying_parts
from rus_analysis.charts.heatmap import heatmap
from rus_analysis.charts.maps import choropleth, theme_maps
from rus_analysis.charts.mix import round_change, source_mix, stakeholder_mix
from rus_analysis.charts.profile import municipality_profile
from rus_analysis.charts.sizes import theme_sizes
from rus_analysis.charts.style import (
    NOT_CONSULTED_COLOR,
    NOT_RAISED_COLOR,
    PALETTE,
    SILENT_COLOR,
    SUPPRESSED_COLOR,
    theme_colors,
)

__all__ = ["NOT_CONSULTED_COLOR", "NOT_RAISED_COLOR", "PALETTE", "SILENT_COLOR",
           "SUPPRESSED_COLOR", "theme_maps",
           "all_figures", "choropleth", "heatmap", "municipality_profile", "outlying_parts",
           "round_change", "source_mix", "stakeholder_mix", "theme_colors", "theme_sizes",
           "write_png", "write_pngs"]
