"""The theme x municipality heatmap (with the region-wide actors' column).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rus_analysis.charts.style import (
    NOT_CONSULTED_COLOR,
    NOT_RAISED_COLOR,
    SEQUENTIAL,
    SUPPRESSED_COLOR,
    base_layout,
    theme_colors,
    theme_labels,
)
from rus_analysis.coverage import REGIONAL, STATE_NOT_CONSULTED, Coverage


def heatmap(coverage: Coverage) -> go.Figure:
    """Theme x municipality grid, grouped by landsdel, with a "Tværgående" column.

    Colour = share of the municipality's input on the theme. Not-consulted cells are grey
    with "×" (not zero), suppressed cells show "<5", zero shows "0 %". Trace "andel" holds
    the shares (NaN where not shown), traces "ikke hørt" and "under grænsen" the masks.
    """
    bm = coverage.by_municipality
    ra = coverage.regional_actors[coverage.regional_actors["group"] == REGIONAL]
    labels = theme_labels(coverage)
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
    base_layout(fig, "Temaer pr. kommune, grupperet efter landsdel",
                 f"Andel af kommunens udsagn pr. tema. × = ikke hørt, 0 % = hørt, men temaet "
                 f"ikke rejst, – = hørt, men intet input, &lt;{coverage.min_cell} = færre end "
                 f"{coverage.min_cell} udsagn (andel ikke vist)",
                 width=max(900, 34 * len(names) + 320), height=max(420, 42 * len(tids) + 260),
                 margin={"l": 10, "r": 10, "t": 110, "b": 120}, plot_bgcolor="white")
    return fig
