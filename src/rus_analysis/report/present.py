"""What notebooks show: figures, tables and theme cards, safely.

Why here and not in the notebooks: every piece of text that came from input (a quote, an
organisation, a gap sentence) must be HTML-escaped before it reaches a report, and that
rule is only reliable when there is one place that renders HTML and a test that checks
it. Notebooks call these functions and hold no HTML of their own.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from rus_analysis.danish import fmt_int, fmt_num


def esc(value: Any) -> str:
    """HTML-escape anything from input (None/NaN become an empty string)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


class HTML:
    """Minimal object with an HTML repr, so IPython displays it without extra imports."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def style() -> HTML:
    """The report's CSS (``assets/report.css``: screen, 400 px phone and A4 print), shown
    once at the top of each notebook."""
    return HTML(f"<style>{asset('report.css')}</style>")


@cache
def asset(name: str) -> str:
    """A file shipped in ``report/assets`` (CSS, scripts, plotly.js and its licence)."""
    return resources.files("rus_analysis.report").joinpath("assets", name).read_text(
        encoding="utf-8")


def table(df: pd.DataFrame, caption: str | None = None, max_rows: int = 60,
          columns: dict[str, str] | None = None, total_label: str | None = None) -> HTML:
    """An escaped HTML table with Danish number formatting and Danish column names, in
    its own scroll box (a phone never scrolls the page sideways). A last row whose first
    cell is ``total_label`` is drawn as the total."""
    view = df.rename(columns=columns or {})
    if columns:
        view = view[[c for c in columns.values() if c in view.columns]]
    more = len(view) - max_rows
    view = view.head(max_rows)
    head = "".join(f"<th>{esc(c)}</th>" for c in view.columns)
    rows = []
    for rec in view.itertuples(index=False):
        cells = []
        for v in rec:
            if isinstance(v, bool):
                cells.append(f"<td>{'ja' if v else 'nej'}</td>")
            elif isinstance(v, int) or (isinstance(v, float) and float(v).is_integer()):
                cells.append(f'<td class="num">{fmt_int(v)}</td>')
            elif isinstance(v, float):
                txt = fmt_num(v, 2)
                cells.append(f'<td class="num">{txt}</td>')
            else:
                cells.append(f"<td>{esc(v)}</td>")
        total = total_label is not None and str(rec[0]) == total_label
        rows.append(('<tr class="rus-total">' if total else "<tr>") + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    tail = (f'<p class="rus-note">… og {fmt_int(more)} rækker mere (se Excel-arbejdsbogen).</p>'
            if more > 0 else "")
    return HTML(f'<div class="rus-scroll"><table class="rus-table">{cap}<thead><tr>{head}'
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{tail}")


def bullet_list(items: Iterable[str]) -> HTML:
    """Escaped bullet list (gap sentences, problems)."""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return HTML(f"<ul>{lis}</ul>" if lis else '<p class="rus-note">Ingen.</p>')


def gap_list(gaps: pd.DataFrame) -> HTML:
    """The coverage gap sentences, grouped under each theme (escaped).

    A sentence that is the same for every theme (who was not invited, who sent nothing)
    is said once, first, instead of under each theme.
    """
    n_themes = gaps["theme_label"].nunique()
    counts = gaps["sentence"].value_counts()
    common = [x for x in pd.unique(gaps["sentence"]) if n_themes > 1 and counts[x] == n_themes]
    parts = []
    if common:
        lis = "".join(f"<li>{esc(x)}</li>" for x in common)
        parts.append(f"<h4>For alle temaer</h4><ul>{lis}</ul>")
    for label, sub in gaps.groupby("theme_label", sort=False):
        own = [x for x in sub["sentence"] if x not in common]
        if own:
            lis = "".join(f"<li>{esc(x)}</li>" for x in own)
            parts.append(f"<h4>{esc(label)}</h4><ul>{lis}</ul>")
    return HTML("".join(parts) or '<p class="rus-note">Ingen huller.</p>')


def theme_cards(themes: pd.DataFrame, statements: pd.DataFrame, assignments: pd.DataFrame,
                colors: dict[str, str] | None = None, n_quotes: int = 4,
                min_count: int = 5, extra: dict[str, str] | None = None,
                summary: dict[str, str] | None = None) -> HTML:
    """One card per theme: label, kind, size, top terms, links to other themes, verbatim
    quotes with source.

    Counts come from the primary assignments (rank 0); quotes are the theme's
    representative statements, shown with source type and municipality, escaped.
    Secondary themes (rank >= 1) appear as the theme's links: how many statements with
    another primary theme also touch it, and which themes its own statements touch most
    often. Links below ``min_count`` statements are left out (the report's small-cell
    rule), so a card never lists a one-off pairing as a connection.

    Quotes name the organisation or public body that said them, never a private person
    (``statements.speaker``), and are never a statement whose respondent did not consent
    to be quoted (``consent.quotable``). ``summary`` (theme id -> escaped HTML) replaces the plain
    quotes with the theme's key points; ``extra`` is appended to the card (sub-themes,
    sides, who raised it). Each card links to its statements in the statements table.
    """
    from rus_analysis.consent import quotable_ids
    from rus_analysis.report.statements import speaker
    from rus_analysis.schema import source_type_da

    prim = assignments[assignments["rank"] == 0].merge(
        statements[["statement_id", "municipality_code", "stakeholder_type", "voice_id"]],
        on="statement_id", how="left")
    by_id = statements.set_index("statement_id")
    may_quote = quotable_ids(statements)   # the themes stage picks none other; kept safe
    kinds = {"seeded": "strategiens tema", "emergent": "nyt tema", "other": "øvrige"}
    label_of = dict(zip(themes["theme_id"].astype(str), themes["label"].astype(str),
                        strict=True))
    links = _theme_links(themes, assignments, min_count)
    cards = []
    for t in themes.itertuples(index=False):
        sub = prim[prim["theme_id"] == t.theme_id]
        n_munis = sub["municipality_code"].dropna().nunique()
        n_groups = sub["stakeholder_type"].dropna().nunique()
        terms = as_list(getattr(t, "top_terms", []))
        quotes_html = []
        for sid in as_list(getattr(t, "quotes", []))[:n_quotes]:
            if sid not in by_id.index or sid not in may_quote:
                continue
            s = by_id.loc[sid]
            src = source_type_da(s["source_type"])
            who = speaker(s.get("organisation"), s.get("stakeholder_type"),
                          s.get("municipality_name"), bool(s.get("is_regional_actor")))
            quotes_html.append(f'<blockquote>“{esc(s["text"])}”<span class="src">{esc(who)}, '
                               f"{esc(src)}, {esc(s['round'])}</span></blockquote>")
        color = (colors or {}).get(t.theme_id, "#0072B2")
        desc = getattr(t, "description", "")
        lean = str(getattr(t, "nearest_seed", "") or "")
        if t.kind == "emergent" and lean in label_of:
            # a new theme's statements lean to a strategy theme: say so, so a reader
            # (and the analyst who may move them) knows where it sits
            desc = (f"Nyt tema uden for strategiens liste; dets udsagn ligger nærmest "
                    f"strategiens tema »{label_of[lean]}«.")
        cards.append(
            f'<div class="rus-card" style="--c:{esc(color)}" id="tema-{esc(t.theme_id)}">'
            f"<h3>{esc(t.label)}<span class=\"rus-kind\">{esc(kinds.get(t.kind, t.kind))}</span></h3>"
            f'<div class="meta">{fmt_int(len(sub))} udsagn · {fmt_int(sub["voice_id"].nunique())} '
            f"stemmer · {fmt_int(n_munis)} af 29 kommuner · {fmt_int(n_groups)} "
            f"interessentgrupper</div>"
            + (f"<p>{esc(desc)}</p>" if isinstance(desc, str) and desc else "")
            + (f"<p><b>Nøgleord:</b> {esc(', '.join(terms[:8]))}</p>" if terms else "")
            + links.get(t.theme_id, "")
            + ((summary or {}).get(t.theme_id) or "".join(quotes_html))
            + (extra or {}).get(t.theme_id, "")
            + f'<p><a href="#udsagn?tema={esc(t.theme_id)}">Se alle {fmt_int(len(sub))} '
              "udsagn om temaet</a></p></div>")
    return HTML("".join(cards))


def _theme_links(themes: pd.DataFrame, assignments: pd.DataFrame, min_count: int
                 ) -> dict[str, str]:
    """Per theme, a sentence on its secondary-theme links (escaped HTML, or absent)."""
    label = dict(zip(themes["theme_id"], themes["label"], strict=True))
    prim = assignments.loc[assignments["rank"] == 0, ["statement_id", "theme_id"]]
    sec = assignments.loc[assignments["rank"] > 0, ["statement_id", "theme_id"]]
    if sec.empty:
        return {}
    pairs = sec.merge(prim, on="statement_id", suffixes=("_sec", "_prim"))
    pairs = pairs[pairs["theme_id_sec"] != pairs["theme_id_prim"]]
    also = pairs.groupby("theme_id_sec")["statement_id"].nunique()
    co = (pairs.groupby(["theme_id_prim", "theme_id_sec"]).size().rename("n").reset_index()
          .sort_values(["theme_id_prim", "n", "theme_id_sec"], ascending=[True, False, True]))
    out: dict[str, str] = {}
    for tid in themes["theme_id"]:
        parts = []
        n_also = int(also.get(tid, 0))
        if n_also >= min_count:
            parts.append(f"Sekundært tema i {fmt_int(n_also)} udsagn med et andet primært tema.")
        top = co[(co["theme_id_prim"] == tid) & (co["n"] >= min_count)
                 & co["theme_id_sec"].isin(label)].head(3)
        if len(top):
            names = ", ".join(f"{esc(label[s])} ({fmt_int(n)})"
                              for s, n in zip(top["theme_id_sec"], top["n"], strict=True))
            parts.append(f"Temaets udsagn berører oftest også: {names}.")
        if parts:
            out[tid] = f'<p class="rus-links"><b>Sammenhænge:</b> {" ".join(parts)}</p>'
    return out


def as_list(v: Any) -> list[str]:
    """A list cell as read back from Parquet, JSON text or a comma list."""
    if v is None:
        return []
    if isinstance(v, str):
        import json

        try:
            parsed = json.loads(v)
            return [str(x) for x in parsed] if isinstance(parsed, list) else [v]
        except ValueError:
            return [s.strip() for s in v.split(",") if s.strip()]
    if isinstance(v, Sequence) or hasattr(v, "tolist"):
        return [str(x) for x in (v.tolist() if hasattr(v, "tolist") else v)]
    return [str(v)]


# The chart toolbar: one button that stays on the page (save the chart as a picture),
# no Plotly logo, no links to Plotly's cloud, tooltips in Danish (the "da" locale is
# registered next to plotly.js by ``assets/charts.js``).
PLOTLY_CONFIG: dict[str, Any] = {
    # (plotly.js's defaults already hide the "edit in Chart Studio" and link entries;
    # plotly.py warns about setting them)
    "displaylogo": False, "modeBarButtons": [["toImage"]],
    "showSendToCloud": False, "locale": "da",
    "toImageButtonOptions": {"format": "png", "filename": "figur", "scale": 2},
}


# A4 portrait minus the print margins, in CSS pixels: a chart wider than this is scaled
# down to fit when printed
PRINT_WIDTH = 700


# trace types in plotly's official "cartesian" bundle (README of plotly.js-cartesian-dist-min)
CARTESIAN_TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d",
                              "histogram2dcontour", "image", "pie", "scatter",
                              "scatterternary", "violin"})


_bundle_shown = False


def plotly_bundle(kind: str = "cartesian") -> str:
    """plotly.js once per report, with the Danish locale and the chart links.

    "cartesian" is plotly's official partial bundle (1,5 MB instead of 4,8 MB, shipped in
    ``report/assets`` with its MIT licence): every trace type of the committee report is
    in it, which ``show`` checks. "full" is the bundle plotly.py ships (the municipality
    profile draws a table trace). The ``data-rus-plotly`` mark lets the merge keep it once.
    """
    if kind == "cartesian":
        js = asset("plotly-cartesian.min.js")
    else:
        from plotly.offline import get_plotlyjs

        js = get_plotlyjs()
    return (f'<script data-rus-plotly="{kind}">{js}</script>'
            f"<script>{asset('charts.js')}</script>")


def figure_html(fig: Any, fallback: HTML | str | None = None, print_fallback: bool = False,
                kind: str = "cartesian") -> str:
    """One chart for the report: the live plotly figure (toolbar without cloud entries),
    scaled to fit A4 when printed, and a static fallback (a text table) shown when
    scripts do not run, and in print instead of the chart when ``print_fallback``
    (the heatmap, which is turned into a table of municipality rows so no column is lost).
    """
    import plotly.io as pio


    if kind == "cartesian":
        used = {t.type or "scatter" for t in fig.data}
        if not used <= CARTESIAN_TRACES:
            raise ValueError(f"chart uses trace types {sorted(used - CARTESIAN_TRACES)} that "
                             "the cartesian plotly.js bundle lacks; show it with kind='full'")
    width = int(fig.layout.width or 900)
    scale = min(1.0, PRINT_WIDTH / width)
    live = pio.to_html(fig, include_plotlyjs=False, full_html=False, config=PLOTLY_CONFIG)
    fb = str(fallback) if fallback is not None else (
        '<p class="rus-note">Figuren kræver JavaScript; tallene står i tabellerne.</p>')
    cls = "rus-fig rus-print-fallback" if print_fallback else "rus-fig"
    return (f'<figure class="{cls}" style="--s:{scale:.3f};margin:0">'
            f'<div class="rus-live">{live}</div><div class="rus-fallback">{fb}</div></figure>')


def show(fig: Any, fallback: HTML | str | None = None, print_fallback: bool = False,
         kind: str = "cartesian") -> None:
    """Show a plotly figure so that it draws wherever the notebook is read.

    The first call displays plotly.js once (``plotly_bundle``); every figure is then
    ``figure_html`` as HTML (what nbconvert exports: the report, and a notebook run by
    hand with papermill and turned into HTML), next to plotly's own JSON mimetype
    (what JupyterLab's plotly renderer draws). A JSON mimetype alone is silently
    dropped by nbconvert, which left hand-run reports without charts.
    """
    import json

    import plotly.io as pio
    from IPython.display import display

    global _bundle_shown
    if not _bundle_shown:
        display({"text/html": plotly_bundle(kind)}, raw=True)
        _bundle_shown = True
    spec = json.loads(pio.to_json(fig, validate=True))
    spec["config"] = PLOTLY_CONFIG
    display({"text/html": figure_html(fig, fallback, print_fallback, kind),
             "application/vnd.plotly.v1+json": spec}, raw=True)
