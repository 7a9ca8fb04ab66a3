"""Maps of the 29 municipalities: all input, one theme, or every theme as small multiples.

The four coverage states never look alike, in colour or in black and white: grey with a
cross hatching = ikke inviteret, light grey dotted = inviteret, men intet input, white =
input, men ikke om temaet, and a shade of one sequential scale = har rejst temaet (the
same scale, 0 to the largest share of any theme, on every theme map, so two maps can be
compared by eye). A cell raised by fewer than ``min_cell`` statements is hatched with a
dashed border and reads "<5"; its hover shows "<5" too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from rus_analysis.charts.geometry import geometry, map_axes, simplified_outlines
from rus_analysis.charts.style import (
    BORDER_COLOR,
    SEQUENTIAL,
    STATE_STYLE,
    base_layout,
    count_text,
    pct_axis,
    theme_labels,
)
from rus_analysis.coverage import STATE_INPUT, STATES, Coverage
from rus_analysis.danish import fmt_int

# the share scale of every theme map: the palest step stays for "0 %" (input, not on
# the theme, drawn white), so a raised theme is always visibly coloured
SHARE_SCALE: list[list[Any]] = [[i / (len(SEQUENTIAL) - 2), c]
                                for i, c in enumerate(SEQUENTIAL[1:])]


SUPPRESSED_HATCH = SEQUENTIAL[2]


def state_pattern(code: int, dash: str) -> dict[str, Any] | None:
    """Hatching of a state (code 0/1) or of a suppressed raised cell (dash="dash")."""
    if dash == "dash":
        return {"shape": "/", "fgcolor": SUPPRESSED_HATCH, "bgcolor": "#FFFFFF", "size": 7,
                "solidity": 0.45}
    shape = STATE_STYLE[code][2] if 0 <= code < len(STATE_STYLE) else ""
    if not shape:
        return None
    return {"shape": shape, "fgcolor": "#555555", "bgcolor": STATE_STYLE[code][0],
            "size": 6, "solidity": 0.25}


def legend_entry(fig: go.Figure, name: str, fill: str, dash: str = "solid",
                 pattern: dict[str, Any] | None = None, **where: Any) -> None:
    """A legend swatch drawn like the polygons it explains (fill, border, hatching)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", fill="toself", name=name,
                             fillcolor=fill, fillpattern=pattern or {},
                             line={"color": BORDER_COLOR, "width": 1, "dash": dash},
                             hoverinfo="skip", showlegend=True, legendgroup=name), **where)


def colorbar_trace(scale: list[list[Any]], cmin: float, cmax: float, title: str,
                   tickvals: list[float] | None = None, ticktext: list[str] | None = None,
                   **where: Any) -> go.Scatter:
    cb: dict[str, Any] = {"title": {"text": title}, "len": 0.6, "thickness": 14}
    if tickvals is not None:
        cb.update(tickvals=tickvals, ticktext=ticktext)
    return go.Scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                      name="farveskala",
                      marker={"colorscale": scale, "cmin": cmin, "cmax": cmax, "color": [cmin],
                              "showscale": True, "colorbar": cb})


def share_top(coverage: Coverage) -> float:
    """The top of the one share scale of all theme maps: the largest shown share."""
    s = coverage.by_municipality["share"]
    top = float(s.max()) if s.notna().any() else 1.0
    return top if top > 0 else 1.0


def theme_cell(r: Any, top: float, mc: int) -> tuple[str, str, dict[str, Any] | None]:
    """Fill, border dash and pattern of one theme x municipality row."""
    code = int(r.state_code)
    if code < 3:
        return STATE_STYLE[code][0], "solid", state_pattern(code, "solid")
    if r.suppressed:
        return "#FFFFFF", "dash", state_pattern(code, "dash")
    return sample_colorscale(SHARE_SCALE, [min(float(r.share) / top, 1.0)])[0], "solid", None


def theme_hover(r: Any, label: str, mc: int) -> str:
    return (f"<b>{r.navn}</b> ({r.landsdel})<br>{label}: {r.state}<br>"
            f"Udsagn om temaet: {count_text(r.statements, mc)} af "
            f"{fmt_int(r.municipality_statements)}<br>"
            f"Andel af kommunens input: {r.share_text}")


def _outline_traces(rows: list[tuple], outlines: dict[str, Any], **where: Any) -> list[dict]:
    """One filled outline per municipality, as plain dicts (validated once when added)."""
    out = []
    for code, navn, fill, hover, dash, pattern in rows:
        out.append({"type": "scatter", "x": outlines[code][0], "y": outlines[code][1],
                    "mode": "lines", "fill": "toself", "fillcolor": fill,
                    "fillpattern": pattern or {},
                    "line": {"color": BORDER_COLOR, "width": 0.6, "dash": dash},
                    "hoveron": "fills", "hoverinfo": "text", "text": hover, "name": navn,
                    "showlegend": False, **where})
    return out


def _state_legend(fig: go.Figure, mc: int, raised_small: bool, **where: Any) -> None:
    for code in (0, 1, 2):
        fill = STATE_STYLE[code][0]
        legend_entry(fig, STATES[code], fill, "solid", state_pattern(code, "solid"), **where)
    if raised_small:
        legend_entry(fig, f"{STATES[3]}, under {mc} udsagn", "#FFFFFF", "dash",
                     state_pattern(3, "dash"), **where)


def choropleth(coverage: Coverage, theme_id: str | None = None) -> go.Figure:
    """Map of the 29 municipalities, named: one theme (the four states) or all input.

    All input: ikke inviteret / inviteret, men intet input / a sequential colour by the
    number of statements on a logarithmic scale, said so on the colour bar (Copenhagen's
    volume would otherwise wash out every other municipality).

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
        scale = SHARE_SCALE
        rows, data = [], []
        for r in tab.itertuples(index=False):
            pattern = None
            if not r.consulted:
                fill, pattern = STATE_STYLE[0][0], state_pattern(0, "solid")
            elif r.statements == 0:
                fill, pattern = STATE_STYLE[1][0], state_pattern(1, "solid")
            else:
                pos = math.log10(r.statements) / top
                fill = sample_colorscale(scale, [min(pos, 1.0)])[0]
            hover = (f"<b>{r.navn}</b> ({r.landsdel})<br>{r.state}<br>"
                     f"Udsagn: {fmt_int(r.statements)}<br>Stemmer: {fmt_int(r.voices)}<br>"
                     f"Runder: {r.rounds_consulted or '–'}")
            rows.append((r.kommunekode, r.navn, fill, hover, "solid", pattern))
            data.append([r.kommunekode, r.navn, r.state, int(r.statements), int(r.voices),
                         float(r.region_share)])
        n_ni = int((tab["state"] == STATES[0]).sum())
        n_si = int((tab["state"] == STATES[1]).sum())
        n_in = int((tab["state"] == STATE_INPUT).sum())
        title = "Hvem har vi hørt? Alt input pr. kommune"
        subtitle = (f"{n_in} kommuner har givet input, {n_si} var inviteret, men sendte "
                    f"intet, {n_ni} var ikke inviteret. Tværgående aktører og udsagn uden "
                    "kommune står i tabellen under kortet.")
        steps = [m * 10 ** e for e in range(6) for m in (1, 2, 5)]
        ticks = [v for v in steps if math.log10(v) <= top]
        if len(ticks) > 8:  # keep the bar readable: powers of ten only
            ticks = [v for v in ticks if str(v).startswith("1")]
        bar = colorbar_trace(scale, 0.0, top, "Udsagn<br>(logaritmisk<br>skala)",
                             [math.log10(v) for v in ticks], [fmt_int(v) for v in ticks])
        legend = [(STATES[0], 0), (STATES[1], 1)]
        fig.add_traces(_outline_traces(rows, outlines))
        for name, code in legend:
            legend_entry(fig, name, STATE_STYLE[code][0], "solid", state_pattern(code, "solid"))
    else:
        tab = coverage.by_municipality[coverage.by_municipality["theme_id"] == theme_id]
        if not len(tab):
            raise KeyError(f"unknown theme_id {theme_id!r}; known: "
                           f"{list(coverage.themes['theme_id'])}")
        label = theme_labels(coverage)[theme_id]
        top = share_top(coverage)
        rows, data = [], []
        for r in tab.itertuples(index=False):
            fill, dash, pattern = theme_cell(r, top, mc)
            rows.append((r.kommunekode, r.navn, fill, theme_hover(r, label, mc), dash, pattern))
            data.append([r.kommunekode, r.navn, r.state, int(r.statements), int(r.voices),
                         float(r.share)])
        counts = tab["state"].value_counts()
        title = f"{label}: hvem rejste temaet?"
        subtitle = "; ".join(f"{STATES[c]}: {counts.get(STATES[c], 0)}" for c in (3, 2, 1, 0))
        bar = colorbar_trace(SHARE_SCALE, 0.0, top, "Andel af<br>kommunens input",
                             **pct_axis(top))
        fig.add_traces(_outline_traces(rows, outlines))
        _state_legend(fig, mc, bool(tab["suppressed"].any()))
    fig.add_trace(bar)
    codes = [r[0] for r in rows]
    fig.add_trace(go.Scatter(
        x=[centers[c][0] for c in codes], y=[centers[c][1] for c in codes], mode="text",
        text=[r[1] for r in rows], textfont={"size": 8, "color": "#111111"},
        name="navne", showlegend=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=[centers[c][0] for c in codes], y=[centers[c][1] for c in codes], mode="markers",
        name="data", showlegend=False, marker={"size": 1, "color": "rgba(0,0,0,0)"},
        hoverinfo="skip", customdata=data))
    base_layout(fig, title, subtitle, width=900, height=760,
                legend={"orientation": "h", "y": -0.04, "x": 0.0},
                margin={"l": 10, "r": 10, "t": 80, "b": 60})
    map_axes(fig)
    return fig


def theme_maps(coverage: Coverage, columns: int = 3) -> go.Figure:
    """Every theme's map as small multiples: one grid, one share scale, one legend.

    Outlines are simplified (small maps need a fraction of the points), municipalities
    are not named (the full-size map of all input names them), each map is titled with
    its theme. Hover per municipality as on the single theme map.
    """
    tids = list(coverage.themes["theme_id"])
    labels = theme_labels(coverage)
    mc = coverage.min_cell
    top = share_top(coverage)
    n = max(len(tids), 1)
    nrows = math.ceil(n / columns)
    fig = make_subplots(rows=nrows, cols=columns, subplot_titles=[labels[t] for t in tids],
                        horizontal_spacing=0.01, vertical_spacing=0.06)
    outlines = simplified_outlines()
    bm = coverage.by_municipality
    for i, tid in enumerate(tids):
        row, col = divmod(i, columns)
        tab = bm[bm["theme_id"] == tid]
        rows = []
        for r in tab.itertuples(index=False):
            fill, dash, pattern = theme_cell(r, top, mc)
            rows.append((r.kommunekode, r.navn, fill, theme_hover(r, labels[tid], mc), dash,
                         pattern))
        axis = "" if i == 0 else str(i + 1)
        fig.add_traces(_outline_traces(rows, outlines, xaxis=f"x{axis}", yaxis=f"y{axis}"))
    _state_legend(fig, mc, bool(bm["suppressed"].any()))
    fig.add_trace(colorbar_trace(SHARE_SCALE, 0.0, top, "Andel af<br>kommunens input",
                                 **pct_axis(top)))
    for ann in fig.layout.annotations:
        ann.font = {"size": 11}
    base_layout(fig, "Hvem rejste hvert tema? Alle temaer på samme skala",
                "Farve = temaets andel af kommunens input (samme skala på alle kort); "
                "Bornholm er flyttet ind nordøst for Sjælland",
                width=900, height=260 * nrows + 150,
                legend={"orientation": "h", "y": -0.02, "x": 0.0},
                margin={"l": 10, "r": 10, "t": 90, "b": 40})
    _, centers, _ = geometry()
    lat0 = float(np.mean([c[1] for c in centers.values()]))
    fig.update_xaxes(visible=False)
    ratio = 1 / math.cos(math.radians(lat0))
    for i in range(nrows * columns):
        axis = "" if i == 0 else str(i + 1)
        fig.update_yaxes(visible=False, scaleanchor=f"x{axis}", scaleratio=ratio,
                         selector={"anchor": f"x{axis}"})
    return fig
