"""The theme x municipality heatmap (with the region-wide actors' column).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rus_analysis.charts.style import (
    SEQUENTIAL,
    STATE_STYLE,
    SUPPRESSED_COLOR,
    base_layout,
    count_text,
    pct_axis,
    theme_colors,
    theme_labels,
)
from rus_analysis.coverage import REGIONAL, STATES, Coverage

REGIONAL_LABEL = "Tværgående"


# the statements table's filter value for the region-wide actors' column
REGIONAL_FILTER = "tvaergaaende"


def column_order(coverage: Coverage) -> pd.DataFrame:
    """The heatmap's municipalities, grouped by landsdel (code order within each)."""
    bm = coverage.by_municipality
    return (bm.drop_duplicates("kommunekode")
            .sort_values(["landsdel_kode", "kommunekode"])
            [["kommunekode", "navn", "landsdel_kode", "landsdel"]].reset_index(drop=True))


def statement_link(theme_id: str, place: str) -> str:
    """The statements table's filter for one heatmap cell ("#udsagn?tema=…&sted=…")."""
    return f"#udsagn?tema={theme_id}&sted={place}"


def heatmap(coverage: Coverage) -> go.Figure:
    """Theme x municipality grid, grouped by landsdel, with a "Tværgående" column.

    Colour = share of the municipality's input on the theme. The four coverage states
    look different in colour and mark: × = ikke inviteret, – = inviteret, men intet
    input, "0 %" = input, men ikke om temaet; suppressed cells show "<5" and their hover
    shows "<5" too (never the count). Trace "andel" holds the shares (NaN where not
    shown), traces named after the states and "under grænsen" the masks. A click on a
    cell opens the statements table filtered to it (``customdata[5]``).
    """
    bm = coverage.by_municipality
    mc = coverage.min_cell
    ra = coverage.regional_actors[coverage.regional_actors["group"] == REGIONAL]
    labels = theme_labels(coverage)
    tids = list(coverage.themes["theme_id"])
    order = column_order(coverage)
    codes = list(order["kommunekode"])
    names = [*order["navn"], REGIONAL_LABEL]

    def matrix(col: str, regional: object = None) -> np.ndarray:
        piv = bm.pivot(index="theme_id", columns="kommunekode", values=col).reindex(
            index=tids, columns=codes)
        if regional is not None:
            reg = pd.Series([regional] * len(tids), index=tids)
        elif len(ra):
            reg = ra.set_index("theme_id")[col].reindex(tids)
        else:
            reg = pd.Series([np.nan] * len(tids), index=tids)
        return np.column_stack([piv.to_numpy(dtype=object), reg.to_numpy(dtype=object)])

    share = matrix("share").astype(float)
    sup = matrix("suppressed").astype(bool)
    stmts = matrix("statements")
    voices = matrix("voices")
    text = matrix("share_text")
    code = matrix("state_code", regional=-1).astype(int)
    state = np.where(code >= 0, np.array(STATES, dtype=object)[np.clip(code, 0, 3)],
                     "tværgående aktører")
    link_place = [*codes, REGIONAL_FILTER]
    links = np.array([[statement_link(t, p) for p in link_place] for t in tids], dtype=object)
    x = list(range(len(names)))
    y = [labels[t] for t in tids]
    to_text = np.vectorize(lambda n: count_text(n, mc), otypes=[object])
    custom = np.dstack([to_text(stmts), to_text(voices), state, text,
                        np.array([names] * len(tids), dtype=object), links])
    hover = ("<b>%{customdata[4]}</b><br>%{y}<br>%{customdata[2]}<br>"
             "Udsagn: %{customdata[0]}<br>Stemmer: %{customdata[1]}<br>"
             "Andel af input: %{customdata[3]}<br><i>Klik for at se udsagnene</i>"
             "<extra></extra>")
    fig = go.Figure()
    for i in (0, 1):
        fill, mark, _ = STATE_STYLE[i]
        mask = code == i
        fig.add_trace(go.Heatmap(
            x=x, y=y, z=np.where(mask, 1.0, np.nan), name=STATES[i], showscale=False,
            hoverongaps=False, colorscale=[[0, fill], [1, fill]],
            text=np.where(mask, mark, ""), texttemplate="%{text}",
            textfont={"size": 11, "color": "#222222"},
            customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=np.where(sup, 1.0, np.nan), name="under grænsen", showscale=False,
        hoverongaps=False, colorscale=[[0, SUPPRESSED_COLOR], [1, SUPPRESSED_COLOR]],
        text=np.where(sup, f"<{mc}", ""), texttemplate="%{text}",
        # quieter than the shares: the cells with numbers are what the reader is after
        textfont={"size": 9, "color": "#4b4b60"},
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    zmax = float(np.nanmax(share)) if np.isfinite(share).any() else 1.0
    zmax = max(zmax, 1e-9)
    shown = np.where(np.isfinite(share), text, "")
    fig.add_trace(go.Heatmap(
        x=x, y=y, z=share, name="andel", zmin=0, zmax=zmax, hoverongaps=False,
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        colorbar={"title": {"text": "Andel af<br>kommunens<br>input"}, "thickness": 14,
                  "len": 0.8, **pct_axis(zmax)},
        text=shown, texttemplate="%{text}", textfont={"size": 9},
        customdata=custom, hovertemplate=hover, xgap=1, ygap=1))
    # landsdel groups: separators and labels
    start = 0
    for _, g in order.groupby("landsdel_kode", sort=True):
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
                f"Andel af kommunens udsagn pr. tema. × = {STATES[0]}, – = {STATES[1]}, "
                f"0 % = {STATES[2]}, &lt;{mc} = færre end {mc} udsagn (andel ikke vist)",
                width=max(900, 34 * len(names) + 320), height=max(420, 42 * len(tids) + 260),
                margin={"l": 10, "r": 10, "t": 110, "b": 120}, plot_bgcolor="white")
    return fig
