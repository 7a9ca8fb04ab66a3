"""What a chart shows, as a plain table: for readers without JavaScript, and in print.

Each fallback is built from the same coverage table as its chart, so the numbers are the
chart's. The heatmap's fallback is the heatmap turned: one row per municipality (29, and
Tværgående), one column per theme, so it fits an A4 page in print where the chart's 31
columns would not; its cells link to the statements behind them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from rus_analysis.danish import fmt_int
from rus_analysis.report.present import HTML, esc

REGIONAL_ROW = "Tværgående"


# what a cell of each state shows (coverage state codes 0-2; 3 shows the share)
STATE_MARKS = {0: "×", 1: "–"}


def _legend(state_words: tuple[str, ...], min_cell: int) -> str:
    return (f'<p class="rus-note">× = {esc(state_words[0])}, – = {esc(state_words[1])}, '
            f"0,0 % = {esc(state_words[2])}, &lt;{min_cell} = færre end {min_cell} udsagn. "
            "Andel af kommunens udsagn.</p>")


THEMES_PER_TABLE = 10  # columns an A4 page holds next to the municipality names


def heatmap_table(cov: Any, state_words: tuple[str, ...]) -> HTML:
    """The heatmap turned: municipalities as rows (by landsdel), themes as columns; with
    more themes than an A4 page holds, one table per ``THEMES_PER_TABLE`` themes, so no
    column is lost and no cell wraps."""
    themes = list(zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True))
    parts = [themes[i:i + THEMES_PER_TABLE] for i in range(0, len(themes), THEMES_PER_TABLE)]
    tables = [_heatmap_part(cov, part, i, len(parts)) for i, part in enumerate(parts, start=1)]
    return HTML("".join(tables) + _legend(state_words, cov.min_cell))


def _heatmap_part(cov: Any, themes: list[tuple[str, str]], n: int, of: int) -> str:
    bm = cov.by_municipality
    ra = cov.regional_actors
    ra = ra[ra["group"] == ra["group"].iloc[0]] if len(ra) else ra
    order = (bm.drop_duplicates("kommunekode").sort_values(["landsdel_kode", "kommunekode"])
             [["kommunekode", "navn", "landsdel"]])
    cell = bm.set_index(["kommunekode", "theme_id"])
    head = "".join(f'<th class="rus-vert"><span>{esc(lab)}</span></th>' for _, lab in themes)
    rows, landsdel = [], None
    for r in order.itertuples(index=False):
        if r.landsdel != landsdel:
            landsdel = r.landsdel
            rows.append(f'<tr class="rus-group"><td colspan="{len(themes) + 1}"><b>'
                        f"{esc(landsdel)}</b></td></tr>")
        tds = []
        for tid, _ in themes:
            c = cell.loc[(r.kommunekode, tid)]
            code = int(c["state_code"])
            text = STATE_MARKS.get(code, c["share_text"])
            tds.append(f'<td class="num rus-c{code}"><a href="#udsagn?tema={esc(tid)}&amp;sted='
                       f'{esc(r.kommunekode)}">{esc(text)}</a></td>')
        rows.append(f"<tr><td>{esc(r.navn)}</td>{''.join(tds)}</tr>")
    if len(ra):
        reg = ra.set_index("theme_id")
        tds = "".join(f'<td class="num"><a href="#udsagn?tema={esc(tid)}&amp;sted='
                      f'tvaergaaende">{esc(reg.loc[tid, "share_text"])}</a></td>'
                      for tid, _ in themes)
        rows.append(f'<tr class="rus-group"><td colspan="{len(themes) + 1}"><b>Uden for '
                    f"kommunerne</b></td></tr><tr><td>{REGIONAL_ROW}</td>{tds}</tr>")
    part = f", del {n} af {of}" if of > 1 else ""
    return ('<div class="rus-scroll"><table class="rus-table rus-heat-table">'
            f"<caption>Temaer pr. kommune (andel af kommunens udsagn){part}</caption>"
            f"<thead><tr><th>Kommune</th>{head}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></div>")


def simple_table(df: pd.DataFrame, caption: str) -> HTML:
    """A small escaped table (numbers in Danish), for a chart's fallback."""
    head = "".join(f"<th>{esc(c)}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{fmt_int(v)}</td>' if isinstance(v, int | float) and not
        isinstance(v, bool) else f"<td>{esc(v)}</td>" for v in rec) + "</tr>"
        for rec in df.itertuples(index=False))
    return HTML(f'<div class="rus-scroll"><table class="rus-table"><caption>{esc(caption)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def sizes_table(counts: pd.DataFrame) -> HTML:
    """Statements per theme (the theme-size chart)."""
    return simple_table(pd.DataFrame({"tema": counts["label"],
                                      "udsagn": counts["statements"].astype(int),
                                      "stemmer": counts["voices"].astype(int)}),
                        "Udsagn pr. tema (primært tema)")


def input_map_table(cov: Any) -> HTML:
    """The input map: each municipality's state and counts."""
    t = cov.municipality_totals
    return simple_table(pd.DataFrame({"kommune": t["navn"], "status": t["state"],
                                      "udsagn": t["statements"].astype(int),
                                      "stemmer": t["voices"].astype(int)}),
                        "Alt input pr. kommune")


def theme_maps_table(cov: Any, state_words: tuple[str, ...]) -> HTML:
    """The theme maps: per theme, how many municipalities are in each state."""
    bm = cov.by_municipality
    rows = []
    for tid, label in zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True):
        g = bm[bm["theme_id"] == tid]["state_code"].value_counts()
        rows.append([label, *[int(g.get(c, 0)) for c in (3, 2, 1, 0)]])
    cols = ["tema", *[state_words[c] for c in (3, 2, 1, 0)]]
    return simple_table(pd.DataFrame(rows, columns=cols), "Antal kommuner i hver tilstand")


def mix_table(table: pd.DataFrame, col: str, label_col: str | None, caption: str) -> HTML:
    """A stakeholder or source mix: the group's part of each theme's statements."""
    t = table[table["group_statements"] > 0]
    name = t[label_col] if label_col else t[col]
    piv = (t.assign(_g=name).pivot_table(index="theme_label", columns="_g",
                                         values="share_of_theme_text", aggfunc="first",
                                         sort=False).reset_index()
           .rename(columns={"theme_label": "tema"}))
    piv.columns.name = None
    return simple_table(piv.fillna("–"), caption)


def rounds_table(cov: Any) -> HTML:
    """Each theme's share of each round's statements."""
    br = cov.by_round
    piv = (br.pivot_table(index="theme_label", columns="round", values="share_text",
                          aggfunc="first", sort=False).reset_index()
           .rename(columns={"theme_label": "tema"}))
    piv.columns.name = None
    return simple_table(piv, "Andel af rundens udsagn pr. tema")
