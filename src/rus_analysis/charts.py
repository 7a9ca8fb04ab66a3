"""Plotly figures of the coverage tables, in Danish, for the committee's report.

Rules every builder keeps, and why:
- A chart is a function of ``Coverage`` tables only: it computes no number of its own, so
  every number a reader sees is a table cell a test can check (``tests/test_charts.py``
  compares each figure's data with its table).
- One colour per theme, the same in every chart of a report (``theme_colors``), from the
  Okabe-Ito and Paul Tol palettes, which stay distinguishable with colour-vision
  deficiencies; where colour carries a category it is repeated by position or label.
- "Not consulted" is never drawn like zero: it is grey with a "×", zero is white/pale with
  "0 %", and a suppressed small cell shows "<5" instead of a percentage.
- Danish labels and number formatting (layout.separators ",." -> 12,5 and 1.234).
- The map is drawn from the shipped GeoJSON as filled polygons on plain axes: no map tiles,
  no topojson download, so it renders offline in kaleido and in a browser alike.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import hex_to_rgb, sample_colorscale
from plotly.subplots import make_subplots

from rus_analysis import reference
from rus_analysis.coverage import (
    REGIONAL,
    STATE_NOT_CONSULTED,
    STATE_NOT_RAISED,
    STATE_RAISED,
    Coverage,
)
from rus_analysis.representation import fmt_int

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
MAP_ATTRIBUTION = "Kort: Geodatastyrelsen & Danske Kommuner – FOT/DAGI – 2014"
# Bornholm is drawn as an inset north-east of Zealand (moved by this many degrees).
BORNHOLM_CODE = "0400"
BORNHOLM_SHIFT = (-1.80, 0.86)


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


def _tint(color: str, weight: float) -> str:
    """Blend ``color`` with white; weight 1 = the colour, 0 = white."""
    r, g, b = hex_to_rgb(color)
    mix = [round(255 - (255 - c) * weight) for c in (r, g, b)]
    return "#{:02X}{:02X}{:02X}".format(*mix)


def _base_layout(fig: go.Figure, title: str, subtitle: str = "", **kw: Any) -> go.Figure:
    text = f"<b>{title}</b>" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    fig.update_layout(title={"text": text, "x": 0.01, "xanchor": "left"},
                      separators=SEPARATORS, template="plotly_white",
                      font={"family": FONT, "size": 12},
                      hoverlabel={"font": {"family": FONT}}, **kw)
    return fig


def _theme_labels(cov: Coverage) -> dict[str, str]:
    return dict(zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True))


# --- geometry ---------------------------------------------------------------------------

# a part of a municipality whose centre lies this far (degrees) from its largest part is
# labelled on the maps: only Hesselø (Halsnæs, 0.35) in the region's boundaries
OUTLYING_DEGREES = 0.2
Outline = tuple[list[float | None], list[float | None]]


@lru_cache(maxsize=1)
def _geometry() -> tuple[dict[str, Outline], dict[str, tuple[float, float]],
                         tuple[tuple[str, float, float], ...]]:
    """Outline coordinates (None-separated rings) and a label point per municipality, and
    the islands far from the rest of their municipality (``outlying_parts``).

    Exterior rings only (the data has one tiny hole, irrelevant at this scale); Bornholm
    shifted into an inset; Christiansø (not a municipality) left out.
    """
    gj = reference.boundaries()
    outlines: dict[str, Outline] = {}
    centers: dict[str, tuple[float, float]] = {}
    outlying: list[tuple[str, float, float]] = []
    for feat in gj["features"]:
        props = feat["properties"]
        if not props.get("is_municipality", True):
            continue
        code = str(props["kommunekode"])
        dx, dy = BORNHOLM_SHIFT if code == BORNHOLM_CODE else (0.0, 0.0)
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = [np.asarray(poly[0], dtype=float) for poly in polys]
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in rings:
            xs.extend([*(ring[:, 0] + dx).tolist(), None])
            ys.extend([*(ring[:, 1] + dy).tolist(), None])
        outlines[code] = (xs, ys)
        main = max(rings, key=len)  # the first of the longest rings
        mx, my = main[:, 0].mean(), main[:, 1].mean()
        centers[code] = (float(mx + dx), float(my + dy))
        for ring in rings:
            if np.hypot(*(ring.mean(axis=0) - (mx, my))) > OUTLYING_DEGREES:
                east = ring[ring[:, 0].argmax()]
                outlying.append((str(props["navn"]), float(east[0] + dx), float(east[1] + dy)))
    return outlines, centers, tuple(sorted(outlying))


def outlying_parts() -> tuple[tuple[str, float, float], ...]:
    """(municipality name, x, y) of every island far from the rest of its municipality,
    at its easternmost point."""
    return _geometry()[2]


def _map_axes(fig: go.Figure) -> None:
    _, centers, _ = _geometry()
    lat0 = float(np.mean([c[1] for c in centers.values()]))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat0)))
    # frame of the Bornholm inset
    outlines, _, _ = _geometry()
    if BORNHOLM_CODE in outlines:
        bx = [v for v in outlines[BORNHOLM_CODE][0] if v is not None]
        by = [v for v in outlines[BORNHOLM_CODE][1] if v is not None]
        pad = 0.04
        fig.add_shape(type="rect", x0=min(bx) - pad, x1=max(bx) + pad, y0=min(by) - pad,
                      y1=max(by) + pad, line={"color": "#999999", "width": 1, "dash": "dot"})
        fig.add_annotation(x=min(bx) - pad, y=max(by) + pad, text="Bornholm (flyttet)",
                           showarrow=False, xanchor="left", yanchor="bottom",
                           font={"size": 10, "color": "#666666"})
    # islands far from the rest of their municipality (Halsnæs's Hesselø, out in the
    # Kattegat) are named, so the speck in the corner reads as land, not as a glitch
    for name, x, y in outlying_parts():
        fig.add_annotation(x=x, y=y, text=f"{name} (ø)", showarrow=False, xanchor="left",
                           xshift=6, font={"size": 9, "color": "#666666"})
    fig.add_annotation(x=0, y=-0.02, xref="paper", yref="paper", showarrow=False,
                       text=MAP_ATTRIBUTION, xanchor="left", yanchor="top",
                       font={"size": 9, "color": "#777777"})


def _pattern(color: str) -> dict[str, Any]:
    """Diagonal hatching in the theme colour: "raised, but too few to show a share"."""
    return {"shape": "/", "fgcolor": color, "bgcolor": "#FFFFFF", "size": 7,
            "solidity": 0.45}


def _legend_entry(fig: go.Figure, name: str, fill: str, dash: str = "solid",
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


def _colorbar_trace(scale: list[list[Any]], cmin: float, cmax: float, title: str,
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
    outlines, centers, _ = _geometry()
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
        bar = _colorbar_trace(scale, 0.0, top, "Udsagn", [math.log10(v) for v in ticks],
                              [fmt_int(v) for v in ticks])
    else:
        tab = coverage.by_municipality[coverage.by_municipality["theme_id"] == theme_id]
        if not len(tab):
            raise KeyError(f"unknown theme_id {theme_id!r}; known: "
                           f"{list(coverage.themes['theme_id'])}")
        color = theme_colors(coverage)[theme_id]
        label = _theme_labels(coverage)[theme_id]
        smax = float(tab["share"].max()) if tab["share"].notna().any() else 1.0
        smax = smax if smax > 0 else 1.0
        scale = [[0.0, _tint(color, 0.3)], [1.0, color]]
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
        bar = _colorbar_trace(scale, 0.0, smax, "Andel af<br>kommunens input",
                              tickformat=".0%")

    hatch = _pattern(theme_colors(coverage)[theme_id]) if theme_id is not None else None
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
        _legend_entry(fig, name, fill, dash, hatch if dash == "dash" else None)
    fig.add_trace(bar)
    cx = [centers[r[0]][0] for r in rows]
    cy = [centers[r[0]][1] for r in rows]
    fig.add_trace(go.Scatter(
        x=cx, y=cy, mode="markers", name="data", showlegend=False,
        marker={"size": 1, "color": "rgba(0,0,0,0)"}, hoverinfo="skip",
        customdata=[list(r[:6]) for r in rows]))
    _base_layout(fig, title, subtitle, width=900, height=760,
                 legend={"orientation": "h", "y": -0.04, "x": 0.0},
                 margin={"l": 10, "r": 10, "t": 80, "b": 60})
    _map_axes(fig)
    return fig


# --- heatmap ------------------------------------------------------------------------

def heatmap(coverage: Coverage) -> go.Figure:
    """Theme x municipality grid, grouped by landsdel, with a "Tværgående" column.

    Colour = share of the municipality's input on the theme. Not-consulted cells are grey
    with "×" (not zero), suppressed cells show "<5", zero shows "0 %". Trace "andel" holds
    the shares (NaN where not shown), traces "ikke hørt" and "under grænsen" the masks.
    """
    bm = coverage.by_municipality
    ra = coverage.regional_actors[coverage.regional_actors["group"] == REGIONAL]
    labels = _theme_labels(coverage)
    tids = list(coverage.themes["theme_id"])
    order = (bm.drop_duplicates("kommunekode")
             .assign(_l=lambda d: d["landsdel_kode"])
             .sort_values(["_l", "kommunekode"]))
    codes = list(order["kommunekode"])
    names = [*order["navn"], "Tværgående"]

    def matrix(col: str, regional_col: str | None = None) -> np.ndarray:
        piv = bm.pivot(index="theme_id", columns="kommunekode", values=col).reindex(
            index=tids, columns=codes)
        reg = (ra.set_index("theme_id")[regional_col or col].reindex(tids)
               if len(ra) else pd.Series([np.nan] * len(tids), index=tids))
        return np.column_stack([piv.to_numpy(dtype=object), reg.to_numpy(dtype=object)])

    share = matrix("share").astype(float)
    sup = matrix("suppressed").astype(bool)
    stmts = matrix("statements").astype(int)
    voices = matrix("voices").astype(int)
    text = matrix("share_text")
    state_m = bm.pivot(index="theme_id", columns="kommunekode", values="state").reindex(
        index=tids, columns=codes).to_numpy(dtype=object)
    state = np.column_stack([state_m, np.array(["tværgående aktører"] * len(tids))])
    not_cons = state == STATE_NOT_CONSULTED
    x = list(range(len(names)))
    y = [labels[t] for t in tids]
    custom = np.dstack([stmts.astype(object), voices.astype(object), state, text,
                        np.array([names] * len(tids), dtype=object)])
    hover = ("<b>%{customdata[4]}</b><br>%{y}<br>%{customdata[2]}<br>"
             "Udsagn: %{customdata[0]:,d}<br>Stemmer: %{customdata[1]:,d}<br>"
             "Andel af input: %{customdata[3]}<extra></extra>")
    fig = go.Figure()
    nc_z = np.where(not_cons, 1.0, np.nan)
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=nc_z, name="ikke hørt", showscale=False, hoverongaps=False,
        colorscale=[[0, NOT_CONSULTED_COLOR], [1, NOT_CONSULTED_COLOR]],
        text=np.where(not_cons, "×", ""), texttemplate="%{text}",
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    sup_z = np.where(sup, 1.0, np.nan)
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=sup_z, name="under grænsen", showscale=False, hoverongaps=False,
        colorscale=[[0, SUPPRESSED_COLOR], [1, SUPPRESSED_COLOR]],
        text=np.where(sup, f"<{coverage.min_cell}", ""), texttemplate="%{text}",
        # quieter than the shares: the cells with numbers are what the reader is after
        textfont={"size": 9, "color": "#6b6b80"},
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    empty = ~not_cons & ~sup & ~np.isfinite(share)
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=np.where(empty, 1.0, np.nan), name="intet input", showscale=False,
        hoverongaps=False, colorscale=[[0, NOT_RAISED_COLOR], [1, NOT_RAISED_COLOR]],
        text=np.where(empty, "–", ""), texttemplate="%{text}",
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    zmax = float(np.nanmax(share)) if np.isfinite(share).any() else 1.0
    shown = np.where(np.isfinite(share), text, "")
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=share, name="andel", zmin=0, zmax=max(zmax, 1e-9), hoverongaps=False,
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        colorbar={"title": {"text": "Andel af<br>kommunens<br>input"}, "tickformat": ".0%",
                  "thickness": 14, "len": 0.8},
        text=shown, texttemplate="%{text}", textfont={"size": 9},
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    # landsdel groups: separators and labels
    groups = order.groupby("landsdel_kode", sort=True)
    start = 0
    for _, g in groups:
        end = start + len(g)
        fig.add_annotation(x=(start + end - 1) / 2, y=1.0, yref="paper", yanchor="bottom",
                           text=f"<b>{g['landsdel'].iloc[0]}</b>", showarrow=False,
                           font={"size": 11})
        fig.add_shape(type="line", x0=end - 0.5, x1=end - 0.5, y0=0, y1=1, yref="paper",
                      line={"color": "#333333", "width": 2})
        start = end
    colors = theme_colors(coverage)
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=y,
                     ticktext=[f"<span style='color:{colors[t]}'>■</span> {labels[t]}"
                               for t in tids])
    fig.update_xaxes(tickmode="array", tickvals=x, ticktext=names, tickangle=-60,
                     showgrid=False)
    _base_layout(fig, "Temaer pr. kommune, grupperet efter landsdel",
                 f"Andel af kommunens udsagn pr. tema. × = ikke hørt, 0 % = hørt, men temaet "
                 f"ikke rejst, – = hørt, men intet input, &lt;{coverage.min_cell} = færre end "
                 f"{coverage.min_cell} udsagn (andel ikke vist)",
                 width=max(900, 34 * len(names) + 320), height=max(420, 42 * len(tids) + 260),
                 margin={"l": 10, "r": 10, "t": 110, "b": 120}, plot_bgcolor="white")
    return fig


# --- mixes ------------------------------------------------------------------------------

def _mix(coverage: Coverage, table: pd.DataFrame, col: str, label_col: str | None,
         title: str, group_word: str) -> go.Figure:
    """Bubble grid theme x group: bubble area = voices, text = group's part of the theme."""
    labels = _theme_labels(coverage)
    colors = theme_colors(coverage)
    totals = table.groupby(col, sort=False)["group_statements"].first()
    active = [g for g in pd.unique(table[col]) if totals.get(g, 0) > 0]
    silent = [g for g in pd.unique(table[col]) if totals.get(g, 0) == 0]
    glabel = (dict(zip(table[col], table[label_col], strict=False)) if label_col
              else {g: str(g) for g in table[col]})
    vmax = max(int(table["voices"].max()) if len(table) else 1, 1)
    fig = go.Figure()
    for tid in coverage.themes["theme_id"]:
        t = table[(table["theme_id"] == tid) & table[col].isin(active)]
        fig.add_trace(go.Scatter(
            x=[glabel[g] for g in t[col]], y=[labels[tid]] * len(t), mode="markers+text",
            name=labels[tid], legendgroup=tid,
            marker={"size": t["voices"].to_numpy(), "sizemode": "area",
                    "sizeref": 2.0 * vmax / (44.0 ** 2), "sizemin": 0,
                    "color": colors[tid], "line": {"color": "#333333", "width": 0.5}},
            text=t["share_of_theme_text"].where(t["statements"] > 0, "").to_list(),
            textposition="middle right", textfont={"size": 10},
            customdata=np.column_stack([t["statements"], t["voices"],
                                        t["share_of_theme_text"], t["share_text"]]),
            hovertemplate=(f"<b>%{{y}}</b><br>{group_word}: %{{x}}<br>"
                           "Udsagn: %{customdata[0]:,d}<br>Stemmer: %{customdata[1]:,d}<br>"
                           "Andel af temaets udsagn: %{customdata[2]}<br>"
                           f"Andel af gruppens udsagn: %{{customdata[3]}}<extra></extra>"),
            showlegend=False))
    sub = ("Boblens areal = antal stemmer; tallet = gruppens andel af temaets udsagn "
           f"(&lt;{coverage.min_cell} = for få til en andel).")
    if silent:
        sub += f"<br>Intet input fra: {', '.join(glabel[g] for g in silent)}."
    _base_layout(fig, title, sub, width=max(760, 85 * len(active) + 300),
                 height=max(380, 52 * len(coverage.themes) + 200),
                 margin={"l": 10, "r": 30, "t": 90, "b": 80})
    fig.update_yaxes(autorange="reversed", categoryorder="array",
                     categoryarray=[labels[t] for t in coverage.themes["theme_id"]])
    fig.update_xaxes(categoryorder="array", categoryarray=[glabel[g] for g in active],
                     tickangle=-30)
    return fig


def stakeholder_mix(coverage: Coverage) -> go.Figure:
    """Which stakeholder groups spoke on each theme (from ``by_stakeholder``).

    One trace per theme (in theme order, theme colour); x = stakeholder types with any
    input, marker size = voices, customdata = statements, voices, share texts.
    """
    return _mix(coverage, coverage.by_stakeholder, "stakeholder_type", None,
                "Hvem talte om hvad? Interessentgrupper pr. tema", "Interessentgruppe")


def source_mix(coverage: Coverage) -> go.Figure:
    """Through which channels each theme came in (from ``by_source``), as ``stakeholder_mix``."""
    return _mix(coverage, coverage.by_source, "source_type", "source_label",
                "Hvor kom input fra? Kildetyper pr. tema", "Kildetype")


def round_change(coverage: Coverage) -> go.Figure:
    """Share of each round's statements per theme, round by round (from ``by_round``).

    One trace per theme; y = share (NaN where suppressed, so no point is drawn and no line
    invents a trend through it), customdata = statements, voices, share text, change text.
    """
    br = coverage.by_round
    labels = _theme_labels(coverage)
    colors = theme_colors(coverage)
    fig = go.Figure()
    for tid in coverage.themes["theme_id"]:
        t = br[br["theme_id"] == tid]
        fig.add_trace(go.Scatter(
            x=t["round"].to_list(), y=t["share"].to_numpy(dtype=float), mode="lines+markers",
            name=labels[tid], legendgroup=tid, connectgaps=False,
            line={"color": colors[tid], "width": 2.5}, marker={"size": 10},
            customdata=np.column_stack([t["statements"], t["voices"], t["share_text"],
                                        t["change_text"]]),
            hovertemplate=("<b>%{fullData.name}</b><br>Runde %{x}<br>"
                           "Udsagn: %{customdata[0]:,d}<br>Stemmer: %{customdata[1]:,d}<br>"
                           "Andel af rundens udsagn: %{customdata[2]}<br>"
                           "Ændring: %{customdata[3]}<extra></extra>")))
    sub = (f"Andel af rundens udsagn pr. tema. Punkter med under {coverage.min_cell} udsagn "
           "vises ikke.")
    if len(coverage.rounds) < 2:
        sub += " Kun én runde valgt: der er ingen ændring at vise."
    _base_layout(fig, "Ændring fra runde til runde", sub, width=900, height=520,
                 legend={"title": {"text": "Tema"}}, margin={"l": 10, "r": 10, "t": 90,
                                                             "b": 50})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=coverage.rounds,
                     title="Runde")
    fig.update_yaxes(tickformat=".0%", title="Andel af rundens udsagn", rangemode="tozero")
    return fig


# --- profile ------------------------------------------------------------------------

def municipality_profile(coverage: Coverage, kommunekode: str) -> go.Figure:
    """One page on one municipality: its themes against the region, its voices, its rounds.

    ``kommunekode`` is a code ("0270", "270") or a name the reference resolver knows.

    Panels: (1) share of the municipality's input per theme (bars, theme colours) with the
    region's share (black diamonds); (2) a table per theme: state, statements, voices,
    share, lift against the region; (3) statements per stakeholder type; (4) statements
    per round, with rounds where it was not consulted marked.
    """
    tot = coverage.municipality_totals
    code = str(kommunekode).strip()
    code = code.zfill(4) if code.isdigit() else code
    if code not in set(tot["kommunekode"]):
        res = reference.resolve_municipality(kommunekode)  # a name: "Gribskov", "Kbh."
        if not res.ok:
            raise KeyError(f"{kommunekode!r} is not one of the 29 municipalities "
                           f"({res.reason})")
        code = str(res.code)
    m = tot[tot["kommunekode"] == code].iloc[0]
    bm = coverage.by_municipality[coverage.by_municipality["kommunekode"] == code]
    rep = coverage.representation
    rep = rep[(rep["dimension"] == "kommune") & (rep["group"] == code)].set_index("theme_id")
    ms = coverage.municipality_stakeholders
    ms = ms[(ms["kommunekode"] == code) & (ms["statements"] > 0)]
    mr = coverage.municipality_rounds[coverage.municipality_rounds["kommunekode"] == code]
    colors = theme_colors(coverage)

    fig = make_subplots(
        rows=2, cols=2, column_widths=[0.5, 0.5], row_heights=[0.55, 0.45],
        specs=[[{"type": "xy"}, {"type": "table"}], [{"type": "xy"}, {"type": "xy"}]],
        subplot_titles=("Andel af kommunens input pr. tema (◆ = hele regionen)",
                        "Temaer: status og tal", "Udsagn pr. interessentgruppe",
                        "Udsagn pr. runde"),
        horizontal_spacing=0.12, vertical_spacing=0.14)
    fig.add_trace(go.Bar(
        y=bm["theme_label"].to_list(), x=bm["share"].to_numpy(dtype=float), orientation="h",
        name="kommunen", marker={"color": [colors[t] for t in bm["theme_id"]]},
        text=bm["share_text"].to_list(), textposition="auto", cliponaxis=False,
        customdata=np.column_stack([bm["statements"], bm["voices"], bm["state"]]),
        hovertemplate=("<b>%{y}</b><br>%{customdata[2]}<br>Udsagn: %{customdata[0]:,d}<br>"
                       "Stemmer: %{customdata[1]:,d}<br>Andel: %{text}<extra></extra>"),
        showlegend=False), row=1, col=1)
    small = bm[bm["suppressed"] | (bm["state"] != STATE_RAISED)]
    fig.add_trace(go.Scatter(
        y=small["theme_label"].to_list(), x=[0.0] * len(small), mode="text",
        text=[f" {t}" for t in small["share_text"]], textposition="middle right",
        name="uden andel",
        hoverinfo="skip", showlegend=False, textfont={"size": 10, "color": "#555555"}),
        row=1, col=1)
    fig.add_trace(go.Scatter(
        y=bm["theme_label"].to_list(), x=bm["region_share"].to_numpy(dtype=float),
        mode="markers", name="hele regionen", marker={"symbol": "diamond", "size": 10,
                                                     "color": "black"},
        hovertemplate="<b>%{y}</b><br>Hele regionen: %{x:.1%}<extra></extra>",
        showlegend=False), row=1, col=1)
    lift = [rep["lift_text"].get(t, "–") if len(rep) else "–" for t in bm["theme_id"]]
    fig.add_trace(go.Table(
        header={"values": ["Tema", "Status", "Udsagn", "Stemmer", "Andel", "Løft*"],
                "fill": {"color": "#EEEEEE"}, "align": "left", "font": {"size": 11},
                "height": 24},
        columnwidth=[2.5, 1.8, 0.9, 1.0, 0.9, 0.7],
        cells={"values": [bm["theme_label"].to_list(), bm["state"].to_list(),
                          [fmt_int(v) for v in bm["statements"]],
                          [fmt_int(v) for v in bm["voices"]], bm["share_text"].to_list(),
                          lift],
               "align": "left", "font": {"size": 10}, "height": 21}), row=1, col=2)
    fig.add_trace(go.Bar(
        x=ms["stakeholder_type"].to_list(), y=ms["statements"].to_numpy(),
        customdata=ms["voices"].to_numpy(), marker={"color": "#777777"}, name="grupper",
        text=[fmt_int(v) for v in ms["statements"]], textposition="outside",
        hovertemplate=("<b>%{x}</b><br>Udsagn: %{y:,d}<br>Stemmer: %{customdata:,d}"
                       "<extra></extra>"), showlegend=False), row=2, col=1)
    fig.add_trace(go.Bar(
        x=mr["round"].to_list(), y=mr["statements"].to_numpy(),
        customdata=np.column_stack([mr["voices"], np.where(mr["consulted"], "hørt",
                                                            STATE_NOT_CONSULTED)]),
        marker={"color": np.where(mr["consulted"], "#0072B2", NOT_CONSULTED_COLOR).tolist()},
        text=[fmt_int(s) if c else STATE_NOT_CONSULTED
              for s, c in zip(mr["statements"], mr["consulted"], strict=True)],
        textposition="outside", name="runder",
        hovertemplate=("<b>Runde %{x}</b><br>%{customdata[1]}<br>Udsagn: %{y:,d}<br>"
                       "Stemmer: %{customdata[0]:,d}<extra></extra>"), showlegend=False),
        row=2, col=2)
    fig.update_xaxes(tickformat=".0%", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(type="category", row=2, col=2)
    fig.update_xaxes(tickangle=-30, row=2, col=1)
    sub = (f"{m['landsdel']} · {m['state']} · {fmt_int(m['statements'])} udsagn fra "
           f"{fmt_int(m['voices'])} stemmer · temaer rejst: {m['themes_raised']} af "
           f"{len(coverage.themes)} · runder: {m['rounds_consulted'] or 'ingen'}")
    _base_layout(fig, f"Kommuneprofil: {m['navn']}", sub, width=1200,
                 height=max(860, 40 * len(bm) + 560),
                 margin={"l": 10, "r": 10, "t": 110, "b": 130})
    fig.add_annotation(x=0, y=-0.17, xref="paper", yref="paper", showarrow=False,
                       xanchor="left", font={"size": 10, "color": "#555555"},
                       text=(f"*Løft = kommunens andel af stemmer på temaet / hele regionens "
                             f"andel (1 = som regionen); &lt;{coverage.min_cell} = for få "
                             "stemmer til at sammenligne."))
    return fig


# --- theme sizes ----------------------------------------------------------------------

def theme_sizes(themes: pd.DataFrame, assignments: pd.DataFrame,
                colors: dict[str, str] | None = None) -> go.Figure:
    """Statements per theme (primary, in the theme colour; secondary, hatched), largest first.

    Numbers from ``coverage.theme_size_table``; trace "primært tema" has x = primary and
    trace "sekundært tema" x = secondary, in the table's rows sorted by primary count.
    """
    from rus_analysis.coverage import theme_size_table

    tab = theme_size_table(themes, assignments).sort_values(
        ["primary", "theme_id"], ascending=[False, True], kind="stable")
    colors = colors or theme_colors(themes)
    cols = [colors.get(t, "#777777") for t in tab["theme_id"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=tab["theme_label"].to_list(), x=tab["primary"].to_numpy(), orientation="h",
        name="primært tema", marker={"color": cols},
        text=[fmt_int(v) for v in tab["primary"]], textposition="auto",
        customdata=tab["primary_share"].to_numpy(dtype=float),
        hovertemplate=("<b>%{y}</b><br>Udsagn med temaet som primært tema: %{x:,d}"
                       "<br>Andel af alle udsagn: %{customdata:.1%}<extra></extra>")))
    fig.add_trace(go.Bar(
        y=tab["theme_label"].to_list(), x=tab["secondary"].to_numpy(), orientation="h",
        name="sekundært tema", marker={"color": "#FFFFFF", "line": {"color": cols, "width": 1},
                                        "pattern": {"shape": "/", "fgcolor": cols}},
        hovertemplate=("<b>%{y}</b><br>Udsagn med temaet som sekundært tema: %{x:,d}"
                       "<extra></extra>")))
    _base_layout(fig, "Udsagn pr. tema",
                 "Hvert udsagn tælles én gang under sit primære tema; skraveret: udsagn, hvor "
                 "temaet er sekundært", barmode="stack", width=900,
                 height=max(380, 34 * len(tab) + 180),
                 legend={"orientation": "h", "y": -0.12},
                 margin={"l": 10, "r": 10, "t": 90, "b": 60})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Udsagn")
    return fig


# --- export -----------------------------------------------------------------------------

def all_figures(coverage: Coverage, profile: str | None = None) -> dict[str, go.Figure]:
    """Every chart of the coverage section, keyed by a file-friendly name."""
    figs: dict[str, go.Figure] = {"kort_alt_input": choropleth(coverage),
                                  "heatmap": heatmap(coverage),
                                  "interessentgrupper": stakeholder_mix(coverage),
                                  "kildetyper": source_mix(coverage),
                                  "runder": round_change(coverage)}
    for tid in coverage.themes["theme_id"]:
        figs[f"kort_{tid}"] = choropleth(coverage, tid)
    if profile is not None:
        figs[f"profil_{str(profile).zfill(4)}"] = municipality_profile(coverage, profile)
    return figs


def _use_system_chromium() -> None:
    """Point kaleido at the system Chromium (BROWSER_PATH) unless a Chrome is configured."""
    if os.environ.get("BROWSER_PATH"):
        return
    for cand in ("/usr/bin/chromium", "/usr/bin/chromium-browser",
                 shutil.which("chromium") or "", shutil.which("google-chrome") or ""):
        if cand and Path(cand).exists():
            os.environ["BROWSER_PATH"] = cand
            return


def write_png(fig: go.Figure, path: str | Path, scale: float = 2.0) -> Path:
    """Write one PNG with kaleido (starts a browser: use ``write_pngs`` for many)."""
    return write_pngs({Path(path).stem: fig}, Path(path).parent, scale=scale)[0]


def write_pngs(figures: dict[str, go.Figure], folder: str | Path, scale: float = 2.0
               ) -> list[Path]:
    """Write ``name.png`` for every figure in one kaleido session (one browser start)."""
    _use_system_chromium()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png" for name in figures]
    figs = list(figures.values())
    pio.write_images(figs, paths, scale=scale,
                     width=[int(f.layout.width or 900) for f in figs],
                     height=[int(f.layout.height or 600) for f in figs])
    return paths


def main(argv: list[str] | None = None) -> int:
    """Draw the coverage charts of a run as PNG files (kaleido + Chromium).

    ``python -m rus_analysis.charts --out docs/img [--config config/rus.yaml]
    [--processed DIR] [--theme ID] [--profile KOMMUNE] [--all]``: reads the processed
    tables of a run (running the pipeline into ``--processed`` first when they are
    missing) and writes the total map, the map of ``--theme`` (default: the first theme),
    the heatmap and, with ``--all``, every other chart.
    """
    import argparse

    from rus_analysis.coverage import build_coverage
    from rus_analysis.pipeline import load_or_run

    ap = argparse.ArgumentParser(prog="python -m rus_analysis.charts",
                                 description="write coverage charts as PNG")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--config", default=None)
    ap.add_argument("--processed", default=None)
    ap.add_argument("--theme", default=None)
    ap.add_argument("--profile", default=None)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    tables = load_or_run(args.config, args.processed)
    cov = build_coverage(tables.statements, tables.assignments, tables.themes,
                         tables.invitations, tables.attendance,
                         min_cell=int(tables.meta.get("min_cell", 5)))
    theme = args.theme or str(cov.themes["theme_id"].iloc[0])
    figs = {"kort_alt_input": choropleth(cov), f"kort_{theme}": choropleth(cov, theme),
            "heatmap": heatmap(cov)}
    if args.profile:
        figs[f"profil_{str(args.profile).zfill(4)}"] = municipality_profile(cov, args.profile)
    if args.all:
        figs.update(all_figures(cov, args.profile))
    for p in write_pngs({f"{args.prefix}{k}": v for k, v in figs.items()}, args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
