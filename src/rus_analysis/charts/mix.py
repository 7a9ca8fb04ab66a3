"""Stakeholder and source mix per theme, and the change of each theme between rounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rus_analysis.charts.style import base_layout, count_text, pct_axis, theme_colors, theme_labels
from rus_analysis.coverage import Coverage


def bubble_sizes(voices: np.ndarray, min_cell: int) -> np.ndarray:
    """Bubble areas: the number of voices, except that every count from 1 to
    ``min_cell`` - 1 gets one and the same small bubble, so a suppressed cell's size does
    not give away the count its "<5" hides."""
    v = np.asarray(voices, dtype=float)
    return np.where((v > 0) & (v < min_cell), min_cell / 2, v)


def mix_chart(coverage: Coverage, table: pd.DataFrame, col: str, label_col: str | None,
         title: str, group_word: str) -> go.Figure:
    """Bubble grid theme x group: bubble area = voices, text = group's part of the theme."""
    labels = theme_labels(coverage)
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
            marker={"size": bubble_sizes(t["voices"].to_numpy(), coverage.min_cell),
                    "sizemode": "area",
                    "sizeref": 2.0 * vmax / (44.0 ** 2), "sizemin": 0,
                    "color": colors[tid], "line": {"color": "#333333", "width": 0.5}},
            text=t["share_of_theme_text"].where(t["statements"] > 0, "").to_list(),
            textposition="middle right", textfont={"size": 10},
            customdata=np.column_stack([
                [count_text(v, coverage.min_cell) for v in t["statements"]],
                [count_text(v, coverage.min_cell) for v in t["voices"]],
                t["share_of_theme_text"], t["share_text"]]),
            hovertemplate=(f"<b>%{{y}}</b><br>{group_word}: %{{x}}<br>"
                           "Udsagn: %{customdata[0]}<br>Stemmer: %{customdata[1]}<br>"
                           "Andel af temaets udsagn: %{customdata[2]}<br>"
                           f"Andel af gruppens udsagn: %{{customdata[3]}}<extra></extra>"),
            showlegend=False))
    sub = ("Boblens areal = antal stemmer (under "
           f"{coverage.min_cell} stemmer: samme lille boble); tallet = gruppens andel af "
           f"temaets udsagn (&lt;{coverage.min_cell} = for få til en andel).")
    if silent:
        sub += f"<br>Intet input fra: {', '.join(glabel[g] for g in silent)}."
    base_layout(fig, title, sub, width=max(760, 85 * len(active) + 300),
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
    return mix_chart(coverage, coverage.by_stakeholder, "stakeholder_type", None,
                "Hvem talte om hvad? Interessentgrupper pr. tema", "Interessentgruppe")


def source_mix(coverage: Coverage) -> go.Figure:
    """Through which channels each theme came in (from ``by_source``), as ``stakeholder_mix``."""
    return mix_chart(coverage, coverage.by_source, "source_type", "source_label",
                "Hvor kom input fra? Kildetyper pr. tema", "Kildetype")


def round_change(coverage: Coverage) -> go.Figure:
    """Share of each round's statements per theme, round by round (from ``by_round``).

    One trace per theme; y = share (NaN where suppressed, so no point is drawn and no line
    invents a trend through it), customdata = statements, voices, share text, change text.
    """
    br = coverage.by_round
    labels = theme_labels(coverage)
    colors = theme_colors(coverage)
    fig = go.Figure()
    for tid in coverage.themes["theme_id"]:
        t = br[br["theme_id"] == tid]
        fig.add_trace(go.Scatter(
            x=t["round"].to_list(), y=t["share"].to_numpy(dtype=float), mode="lines+markers",
            name=labels[tid], legendgroup=tid, connectgaps=False,
            line={"color": colors[tid], "width": 2.5}, marker={"size": 10},
            customdata=np.column_stack([
                [count_text(v, coverage.min_cell) for v in t["statements"]],
                [count_text(v, coverage.min_cell) for v in t["voices"]], t["share_text"],
                t["change_text"]]),
            hovertemplate=("<b>%{fullData.name}</b><br>Runde %{x}<br>"
                           "Udsagn: %{customdata[0]}<br>Stemmer: %{customdata[1]}<br>"
                           "Andel af rundens udsagn: %{customdata[2]}<br>"
                           "Ændring: %{customdata[3]}<extra></extra>")))
    sub = (f"Andel af rundens udsagn pr. tema. Punkter med under {coverage.min_cell} udsagn "
           "vises ikke.")
    if len(coverage.rounds) < 2:
        sub += " Kun én runde valgt: der er ingen ændring at vise."
    base_layout(fig, "Ændring fra runde til runde", sub, width=900, height=520,
                 legend={"title": {"text": "Tema"}}, margin={"l": 10, "r": 10, "t": 90,
                                                             "b": 50})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=coverage.rounds,
                     title="Runde")
    top = float(br["share"].max()) if br["share"].notna().any() else 1.0
    fig.update_yaxes(title="Andel af rundens udsagn", range=[0, top * 1.08], tickmode="array",
                     **pct_axis(top))
    return fig
