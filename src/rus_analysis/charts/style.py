"""The report's chart style: theme colours, Danish number format, fonts, titles.

Why one place: one colour per theme, the same in every chart of a report, from the
Okabe-Ito and Paul Tol palettes (distinguishable with colour-vision deficiencies); Danish
separators (12,5 and 1.234); the same title layout everywhere.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb

from rus_analysis.coverage import Coverage
from rus_analysis.danish import fmt_int, fmt_pct

# Okabe-Ito (without black) first, then Paul Tol "muted" colours that are not close to
# them; the first ten are mutually distinguishable for common colour-vision deficiencies.
PALETTE: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#332288", "#882255", "#999933",
    "#117733", "#88CCEE", "#AA4499", "#DDCC77", "#CC6677", "#44AA99",
)


NOT_CONSULTED_COLOR = "#9A9A9A"   # "ikke inviteret": mid grey, crossed (× / hatching)


SILENT_COLOR = "#DADADA"          # "inviteret, men intet input": light grey, dotted / "–"


NOT_RAISED_COLOR = "#FFFFFF"      # "input, men ikke om temaet": white, "0 %"


# Fill, mark and map pattern of each coverage state (``coverage.STATES`` order); the
# raised state takes its colour from the sequential scale. Marks and patterns keep the
# states apart in black-and-white print and for colour-blind readers.
STATE_STYLE: tuple[tuple[str, str, str], ...] = (
    (NOT_CONSULTED_COLOR, "×", "x"),
    (SILENT_COLOR, "–", "."),
    (NOT_RAISED_COLOR, "0 %", ""),
    ("", "", ""),
)


SUPPRESSED_COLOR = "#E3E3F0"


BORDER_COLOR = "#555555"


SEQUENTIAL = ["#FFFFE5", "#FEE391", "#FB9A29", "#CC4C02", "#662506"]  # Tol YlOrBr


def count_text(n: Any, min_cell: int) -> str:
    """A count as a reader may see it: "1.234", or "<5" for 1..min_cell-1 (a hover never
    shows more than the page)."""
    v = int(n) if n is not None and not pd.isna(n) else 0
    return f"<{min_cell}" if 0 < v < min_cell else fmt_int(v)


def pct_axis(top: float, steps: int = 5) -> dict[str, Any]:
    """Tick values and Danish texts ("0 %", "20 %") for a share axis or colour bar from 0
    to ``top`` (plotly's own percent format writes "20%")."""
    top = top if top and top > 0 else 1.0
    raw = top / steps
    nice = min((m * 10 ** e for e in range(-3, 1) for m in (1, 2, 2.5, 5)
                if m * 10 ** e >= raw), default=raw)
    vals = [round(i * nice, 6) for i in range(int(top / nice) + 1)]
    return {"tickvals": vals, "ticktext": [fmt_pct(v, 0 if nice >= 0.01 else 1) for v in vals]}


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


def plot_text(value: object) -> str:
    """Text from the input (a theme's label, an analyst's rename) made safe for plotly.

    Why: plotly.js reads labels, names and hover text as a subset of HTML (``<b>``,
    ``<br>``, ``<a href>``, ``<span style>``); a label such as "Skoler <b>og</b> unge" or
    "<a href=...>" from the input must show as written, not as markup or a link.
    plotly.js turns the entities back into the characters.
    """
    return html.escape(str(value), quote=False)


def theme_labels(cov: Coverage) -> dict[str, str]:
    """Theme id -> label, escaped for plotly (``plot_text``)."""
    return {t: plot_text(label)
            for t, label in zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True)}
