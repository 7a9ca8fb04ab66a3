"""One municipality compared with the region (the profile notebook's chart).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rus_analysis import reference
from rus_analysis.charts.style import (
    NOT_CONSULTED_COLOR,
    base_layout,
    count_text,
    pct_axis,
    plot_text,
    theme_colors,
)
from rus_analysis.coverage import STATE_NOT_CONSULTED, STATE_RAISED, Coverage
from rus_analysis.danish import fmt_int, fmt_pct


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
        y=[plot_text(v) for v in bm["theme_label"]], x=bm["share"].to_numpy(dtype=float), orientation="h",
        name="kommunen", marker={"color": [colors[t] for t in bm["theme_id"]]},
        text=bm["share_text"].to_list(), textposition="auto", cliponaxis=False,
        customdata=np.column_stack([
            [count_text(v, coverage.min_cell) for v in bm["statements"]],
            [count_text(v, coverage.min_cell) for v in bm["voices"]], bm["state"]]),
        hovertemplate=("<b>%{y}</b><br>%{customdata[2]}<br>Udsagn: %{customdata[0]}<br>"
                       "Stemmer: %{customdata[1]}<br>Andel: %{text}<extra></extra>"),
        showlegend=False), row=1, col=1)
    small = bm[bm["suppressed"] | (bm["state"] != STATE_RAISED)]
    fig.add_trace(go.Scatter(
        y=[plot_text(v) for v in small["theme_label"]], x=[0.0] * len(small), mode="text",
        text=[f" {t}" for t in small["share_text"]], textposition="middle right",
        name="uden andel",
        hoverinfo="skip", showlegend=False, textfont={"size": 10, "color": "#555555"}),
        row=1, col=1)
    fig.add_trace(go.Scatter(
        y=[plot_text(v) for v in bm["theme_label"]], x=bm["region_share"].to_numpy(dtype=float),
        mode="markers", name="hele regionen", marker={"symbol": "diamond", "size": 10,
                                                     "color": "black"},
        customdata=[fmt_pct(v) for v in bm["region_share"]],
        hovertemplate="<b>%{y}</b><br>Hele regionen: %{customdata}<extra></extra>",
        showlegend=False), row=1, col=1)
    lift = [rep["lift_text"].get(t, "–") if len(rep) else "–" for t in bm["theme_id"]]
    fig.add_trace(go.Table(
        header={"values": ["Tema", "Status", "Udsagn", "Stemmer", "Andel", "Løft*"],
                "fill": {"color": "#EEEEEE"}, "align": "left", "font": {"size": 11},
                "height": 24},
        columnwidth=[2.5, 1.8, 0.9, 1.0, 0.9, 0.7],
        cells={"values": [[plot_text(v) for v in bm["theme_label"]], bm["state"].to_list(),
                          [count_text(v, coverage.min_cell) for v in bm["statements"]],
                          [count_text(v, coverage.min_cell) for v in bm["voices"]],
                          bm["share_text"].to_list(),
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
    top = float(np.nanmax([bm["share"].max(), bm["region_share"].max(), 0.01]))
    fig.update_xaxes(range=[0, top * 1.1], tickmode="array", row=1, col=1, **pct_axis(top))
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_xaxes(type="category", row=2, col=2)
    fig.update_xaxes(tickangle=-30, row=2, col=1)
    sub = (f"{m['landsdel']} · {m['state']} · {fmt_int(m['statements'])} udsagn fra "
           f"{fmt_int(m['voices'])} stemmer · temaer rejst: {m['themes_raised']} af "
           f"{len(coverage.themes)} · runder: {m['rounds_consulted'] or 'ingen'}")
    base_layout(fig, f"Kommuneprofil: {m['navn']}", sub, width=1200,
                 height=max(860, 40 * len(bm) + 560),
                 margin={"l": 10, "r": 10, "t": 110, "b": 130})
    fig.add_annotation(x=0, y=-0.17, xref="paper", yref="paper", showarrow=False,
                       xanchor="left", font={"size": 10, "color": "#555555"},
                       text=(f"*Løft = kommunens andel af stemmer på temaet / hele regionens "
                             f"andel (1 = som regionen); &lt;{coverage.min_cell} = for få "
                             "stemmer til at sammenligne."))
    return fig
