"""The report's chart style: theme colours, Danish number format, fonts, titles.

Why one place: one colour per theme, the same in every chart of a report, from the
Okabe-Ito and Paul Tol palettes (distinguishable with colour-vision deficiencies); Danish
separators (12,5 and 1.234); the same title layout everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb

from rus_analysis.coverage import Coverage

# Okabe-Ito (without black) first, then Paul Tol "muted" colours that are not close to
# them; the first ten are mutually distinguishable for common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#332288", "#882255", "#999933",
    "#117733", "#88CCEE", "#AA4499", "#DDCC77", "#CC6677", "#44AA99",
)


NOT_CONSULTED_COLOR = "#BBBBBB"   # Tol grey


NOT_RAISED_COLOR = "#FFFFFF"


SUPPRESSED_COLOR = "#E3E3F0"


BORDER_COLOR = "#555555"


SEQUENTIAL = ["#FFFFE5", "#FEE391", "#FB9A29", "#CC4C02", "#662506"]  # Tol YlOrBr


SEPARATORS = ",."


FONT = "Arial, Helvetica, sans-serif"


def theme_colors(themes: pd.DataFrame | Iterable[str] | Coverage) -> dict[str, str]:
    """Colour of every theme, stable across charts and runs: by sorted theme id."""
    if isinstance(themes, Coverage):
        ids = themes.themes["theme_id"]
    elif isinstance(themes, pd.DataFrame):
        ids = themes["theme_id"]
    else:
        ids = themes
    ordered = sorted({str(t) for t in ids})
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(ordered)}


def tint(color: str, weight: float) -> str:
    """Blend ``color`` with white; weight 1 = the colour, 0 = white."""
    r, g, b = hex_to_rgb(color)
    mix = [round(255 - (255 - c) * weight) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def base_layout(fig: go.Figure, title: str, subtitle: str = "", **kw: Any) -> go.Figure:
    text = f"<b>{title}</b>" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    fig.update_layout(title={"text": text, "x": 0.01, "xanchor": "left"},
                      separators=SEPARATORS, template="plotly_white",
                      font={"family": FONT, "size": 12},
                      hoverlabel={"font": {"family": FONT}}, **kw)
    return fig


def theme_labels(cov: Coverage) -> dict[str, str]:
    return dict(zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True))
