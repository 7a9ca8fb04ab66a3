"""Statements per theme: primary in the theme colour, secondary hatched.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from rus_analysis.charts.style import base_layout, plot_text, theme_colors
from rus_analysis.danish import fmt_int, fmt_pct
from rus_analysis.schema import OTHER_KIND


def theme_sizes(themes: pd.DataFrame, assignments: pd.DataFrame,
                colors: dict[str, str] | None = None) -> go.Figure:
    """Statements per theme (primary, in the theme colour; secondary, hatched), largest
    first, and "Øvrige" (kind ``other``) last.

    Numbers from ``coverage.theme_size_table``; trace "primært tema" has x = primary and
    trace "sekundært tema" x = secondary, in the table's rows sorted by primary count.
    """
    from rus_analysis.coverage import theme_size_table

    tab = theme_size_table(themes, assignments)
    # "Øvrige" holds statements no theme takes: it is no theme, so it goes last, whatever
    # its size (the committee read it as the largest theme when it led the chart)
    kind = dict(zip(themes["theme_id"].astype(str),
                    themes["kind"].astype(str) if "kind" in themes else [""] * len(themes),
                    strict=True))
    tab = tab.assign(_other=tab["theme_id"].map(kind).eq(OTHER_KIND)).sort_values(
        ["_other", "primary", "theme_id"], ascending=[True, False, True], kind="stable")
    colors = colors or theme_colors(themes)
    cols = [colors.get(t, "#777777") for t in tab["theme_id"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=[plot_text(v) for v in tab["theme_label"]], x=tab["primary"].to_numpy(), orientation="h",
        name="primært tema", marker={"color": cols},
        text=[fmt_int(v) for v in tab["primary"]], textposition="auto",
        customdata=np.column_stack([[fmt_int(v) for v in tab["primary"]],
                                    [fmt_pct(v) for v in tab["primary_share"]],
                                    [f"#udsagn?tema={t}" for t in tab["theme_id"]]]),
        hovertemplate=("<b>%{y}</b><br>Udsagn med temaet som primært tema: %{customdata[0]}"
                       "<br>Andel af alle udsagn: %{customdata[1]}<br>"
                       "<i>Klik for at se udsagnene</i><extra></extra>")))
    fig.add_trace(go.Bar(
        y=[plot_text(v) for v in tab["theme_label"]], x=tab["secondary"].to_numpy(), orientation="h",
        name="sekundært tema", marker={"color": "#FFFFFF", "line": {"color": cols, "width": 1},
                                        "pattern": {"shape": "/", "fgcolor": cols}},
        customdata=np.column_stack([[fmt_int(v) for v in tab["secondary"]],
                                    [f"#udsagn?tema={t}" for t in tab["theme_id"]]]),
        hovertemplate=("<b>%{y}</b><br>Udsagn med temaet som sekundært tema: %{customdata[0]}"
                       "<extra></extra>")))
    base_layout(fig, "Udsagn pr. tema",
                 "Hvert udsagn tælles én gang under sit primære tema; skraveret: udsagn, hvor "
                 "temaet er sekundært", barmode="stack", width=900,
                 height=max(380, 34 * len(tab) + 180),
                 legend={"orientation": "h", "y": -0.12},
                 margin={"l": 10, "r": 10, "t": 90, "b": 60})
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title="Udsagn")
    return fig
