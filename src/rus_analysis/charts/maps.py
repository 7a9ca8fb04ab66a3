"""Choropleth maps of the 29 municipalities: all input, or one theme's share.

"Not consulted" is never drawn like zero: it is grey with a "x", zero is white, and a
suppressed small cell is hatched and labelled "<5".
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from rus_analysis.charts.geometry import geometry, map_axes
from rus_analysis.charts.style import (
    BORDER_COLOR,
    NOT_CONSULTED_COLOR,
    NOT_RAISED_COLOR,
    SEQUENTIAL,
    base_layout,
    theme_colors,
    theme_labels,
    tint,
)
from rus_analysis.coverage import STATE_NOT_CONSULTED, STATE_NOT_RAISED, STATE_RAISED, Coverage
from rus_analysis.danish import fmt_int


def hatch_pattern(color: str) -> dict[str, Any]:
    """Diagonal hatching in the theme colour: "raised, but too few to show a share"."""
    return {"shape": "/", "fgcolor": color, "bgcolor": "#FFFFFF", "size": 7,
            "solidity": 0.45}


def legend_entry(fig: go.Figure, name: str, fill: str, dash: str = "solid",
                  pattern: dict[str, Any] | None = None) -> None:
    """A legend swatch drawn like the polygons it explains (fill, border, hatching)."""
    if pattern is None:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                 marker={"symbol": "square", "size": 14, "color": fill,
                                         "line": {"color": BORDER_COLOR, "width": 1}},
                                 hoverinfo="skip", showlegend=True, legendgroup=name))
        return
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", fill="toself", name=name,
                             fillcolor=fill, fillpattern=pattern,
                             line={"color": BORDER_COLOR, "width": 1, "dash": dash},
                             hoverinfo="skip", showlegend=True, legendgroup=name))


def colorbar_trace(scale: list[list[Any]], cmin: float, cmax: float, title: str,
                    tickvals: list[float] | None = None, ticktext: list[str] | None = None,
                    tickformat: str | None = None) -> go.Scatter:
    cb: dict[str, Any] = {"title": {"text": title}, "len": 0.6, "thickness": 14}
    if tickvals is not None:
        cb.update(tickvals=tickvals, ticktext=ticktext)
    if tickformat:
        cb["tickformat"] = tickformat
    return go.Scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                      marker={"colorscale": scale, "cmin": cmin, "cmax": cmax, "color": [cmin],
                              "showscale": True, "colorbar": cb})


def choropleth(coverage: Coverage, theme_id: str | None = None) -> go.Figure:
    """Map of the 29 municipalities: one theme (three states) or, without a theme, total input.

    Per theme: grey = not consulted, white = consulted but theme not raised, theme colour
    = raised (darker = larger share of the municipality's input; hatched in the theme
    colour with a dashed border = raised by fewer than ``min_cell`` statements, share
    suppressed). Total input: grey /
    white / a sequential colour on a logarithmic scale of statements (so that Copenhagen's
    volume does not wash out every other municipality).

    The last trace (name "data") holds the table row of each municipality in
    ``customdata``: kommunekode, navn, state, statements, voices, share (or region share).
    """
    outlines, centers, _ = geometry()
    fig = go.Figure()
    mc = coverage.min_cell
    if theme_id is None:
        tab = coverage.municipality_totals
        vals = tab["statements"].astype(float)
        top = max(float(np.log10(vals.max())) if vals.max() > 0 else 1.0, 1.0)
        seq = SEQUENTIAL[1:]  # the palest step is kept for "no input" to stay distinct
        scale = [[i / (len(seq) - 1), c] for i, c in enumerate(seq)]
        rows = []
        for r in tab.itertuples(index=False):
            if not r.consulted:
                fill, state = NOT_CONSULTED_COLOR, STATE_NOT_CONSULTED
            elif r.statements == 0:
                fill, state = NOT_RAISED_COLOR, r.state
            else:
                pos = math.log10(r.statements) / top
                fill, state = sample_colorscale(scale, [min(pos, 1.0)])[0], r.state
            hover = (f"<b>{r.navn}</b> ({r.landsdel})<br>{state}<br>"
                     f"Udsagn: {fmt_int(r.statements)}<br>Stemmer: {fmt_int(r.voices)}<br>"
                     f"Runder: {r.rounds_consulted or '–'}")
            rows.append((r.kommunekode, r.navn, state, int(r.statements), int(r.voices),
                         float(r.region_share), fill, hover, "solid"))
        title = "Hvem har vi hørt? Alt input pr. kommune"
        n_nc = int((~tab["consulted"]).sum())
        subtitle = (f"{fmt_int(int(tab['statements'].sum()))} udsagn fra kommunerne; "
                    f"{n_nc} af {len(tab)} kommuner ikke hørt. Tværgående aktører vises ikke "
                    "på kortet.")
        legend = [(STATE_NOT_CONSULTED, NOT_CONSULTED_COLOR, "solid"),
                  ("hørt, intet input", NOT_RAISED_COLOR, "solid")]
        steps = [m * 10 ** e for e in range(6) for m in (1, 2, 5)]
        ticks = [v for v in steps if math.log10(v) <= top]
        if len(ticks) > 8:  # keep the bar readable: powers of ten only
            ticks = [v for v in ticks if str(v).startswith("1")]
        bar = colorbar_trace(scale, 0.0, top, "Udsagn", [math.log10(v) for v in ticks],
                              [fmt_int(v) for v in ticks])
    else:
        tab = coverage.by_municipality[coverage.by_municipality["theme_id"] == theme_id]
        if not len(tab):
            raise KeyError(f"unknown theme_id {theme_id!r}; known: "
                           f"{list(coverage.themes['theme_id'])}")
        color = theme_colors(coverage)[theme_id]
        label = theme_labels(coverage)[theme_id]
        smax = float(tab["share"].max()) if tab["share"].notna().any() else 1.0
        smax = smax if smax > 0 else 1.0
        scale = [[0.0, tint(color, 0.3)], [1.0, color]]
        rows = []
        for r in tab.itertuples(index=False):
            dash = "solid"
            if r.state == STATE_NOT_CONSULTED:
                fill = NOT_CONSULTED_COLOR
            elif r.state == STATE_NOT_RAISED:
                fill = NOT_RAISED_COLOR
            elif r.suppressed:
                fill, dash = "#FFFFFF", "dash"
            else:
                fill = sample_colorscale(scale, [min(float(r.share) / smax, 1.0)])[0]
            hover = (f"<b>{r.navn}</b> ({r.landsdel})<br>{label}: {r.state}<br>"
                     f"Udsagn om temaet: {fmt_int(r.statements)} af "
                     f"{fmt_int(r.municipality_statements)}<br>"
                     f"Stemmer: {fmt_int(r.voices)}<br>Andel af kommunens input: "
                     f"{r.share_text}")
            rows.append((r.kommunekode, r.navn, r.state, int(r.statements), int(r.voices),
                         float(r.share), fill, hover, dash))
        counts = tab["state"].value_counts()
        title = f"{label}: hvem rejste temaet?"
        subtitle = (f"{counts.get(STATE_RAISED, 0)} kommuner rejste temaet, "
                    f"{counts.get(STATE_NOT_RAISED, 0)} blev hørt uden at rejse det, "
                    f"{counts.get(STATE_NOT_CONSULTED, 0)} blev ikke hørt")
        legend = [(STATE_NOT_CONSULTED, NOT_CONSULTED_COLOR, "solid"),
                  (STATE_NOT_RAISED, NOT_RAISED_COLOR, "solid"),
                  (f"{STATE_RAISED}, under {mc} udsagn", "#FFFFFF", "dash")]
        bar = colorbar_trace(scale, 0.0, smax, "Andel af<br>kommunens input",
                              tickformat=".0%")

    hatch = hatch_pattern(theme_colors(coverage)[theme_id]) if theme_id is not None else None
    # Plain dicts added in one call: plotly then validates each outline once (a
    # ``go.Scatter`` is validated when built and again when added), and the outlines are
    # ~8,700 coordinates per map, drawn once per theme.
    fig.add_traces([
        {"type": "scatter", "x": outlines[code][0], "y": outlines[code][1], "mode": "lines",
         "fill": "toself", "fillcolor": fill, "fillpattern": hatch if dash == "dash" else None,
         "line": {"color": BORDER_COLOR, "width": 0.7, "dash": dash}, "hoveron": "fills",
         "hoverinfo": "text", "text": hover, "name": navn, "showlegend": False}
        for code, navn, _state, *_rest, fill, hover, dash in rows])
    for name, fill, dash in legend:
        legend_entry(fig, name, fill, dash, hatch if dash == "dash" else None)
    fig.add_trace(bar)
    cx = [centers[r[0]][0] for r in rows]
    cy = [centers[r[0]][1] for r in rows]
    fig.add_trace(go.Scatter(
        x=cx, y=cy, mode="markers", name="data", showlegend=False,
        marker={"size": 1, "color": "rgba(0,0,0,0)"}, hoverinfo="skip",
        customdata=[list(r[:6]) for r in rows]))
    base_layout(fig, title, subtitle, width=900, height=760,
                 legend={"orientation": "h", "y": -0.04, "x": 0.0},
                 margin={"l": 10, "r": 10, "t": 80, "b": 60})
    map_axes(fig)
    return fig
