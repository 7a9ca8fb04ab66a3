"""What notebooks show: figures, tables and theme cards, safely.

Why here and not in the notebooks: every piece of text that came from input (a quote, an
organisation, a gap sentence) must be HTML-escaped before it reaches a report, and that
rule is only reliable when there is one place that renders HTML and a test that checks
it. Notebooks call these functions and hold no HTML of their own.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from rus_analysis.danish import fmt_int, fmt_num


def setup_notebook() -> None:
    """Configure plotly for reports that work offline.

    The "notebook" renderer embeds plotly.js in the first figure's output (once per
    notebook) and every later figure reuses it; the default renderer stores only a JSON
    mimetype that nbconvert's HTML silently drops (blank report), and
    "notebook_connected" needs a CDN. In JupyterLab (no RUS_REPORT set) the default
    renderer is kept, because it works there.

    In a report run ``show`` renders with that same renderer directly, so nothing is set
    here: setting ``plotly.io.renderers.default`` imports plotly's renderer registry, which
    imports nbformat -> jsonschema -> rfc3987_syntax (a grammar compiled at import), about
    2 s of CPU in every kernel the report starts, for a version check ``show`` does not need.
    Report notebooks therefore show figures with ``show`` below, never ``fig.show()``.
    """


def _report_mode() -> bool:
    return os.environ.get("RUS_REPORT") == "1" or _running_under_papermill()


def _running_under_papermill() -> bool:
    return os.environ.get("PAPERMILL_EXECUTION") == "1"


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


_STYLE = """
<style>
.rus-card{border:1px solid #d0d7de;border-left:6px solid var(--c,#0072B2);border-radius:6px;
  padding:10px 14px;margin:12px 0;font-family:system-ui,-apple-system,'Segoe UI',sans-serif}
.rus-card h3{margin:0 0 4px 0;font-size:1.15em}
.rus-card .meta{color:#57606a;font-size:.9em;margin-bottom:6px}
.rus-card blockquote{margin:6px 0 6px 0;padding:4px 10px;border-left:3px solid #d0d7de;
  color:#24292f;background:#f6f8fa}
.rus-card blockquote .src{display:block;color:#57606a;font-size:.85em;margin-top:2px}
.rus-kind{display:inline-block;font-size:.75em;padding:1px 6px;border-radius:8px;
  background:#eef;color:#224;margin-left:6px;vertical-align:middle}
table.rus-table{border-collapse:collapse;font-size:.9em;margin:8px 0}
table.rus-table th,table.rus-table td{border:1px solid #d0d7de;padding:3px 8px;
  text-align:left !important}
table.rus-table td.num{text-align:right !important;font-variant-numeric:tabular-nums}
table.rus-table td:first-child{white-space:nowrap}
table.rus-table caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0}
.rus-note{color:#57606a;font-size:.9em}
/* a chart wider than the window (the municipality heatmap) scrolls in its own box
   instead of being cut off at the window's edge */
.jp-OutputArea-output{overflow-x:auto}
</style>
"""


def style() -> HTML:
    """The report's CSS, shown once at the top of each notebook."""
    return HTML(_STYLE)


def table(df: pd.DataFrame, caption: str | None = None, max_rows: int = 60,
          columns: dict[str, str] | None = None) -> HTML:
    """An escaped HTML table with Danish number formatting and Danish column names."""
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
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    tail = (f'<p class="rus-note">… og {fmt_int(more)} rækker mere (se Excel-arbejdsbogen).</p>'
            if more > 0 else "")
    return HTML(f'<table class="rus-table">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>{tail}")


def bullet_list(items: Iterable[str]) -> HTML:
    """Escaped bullet list (gap sentences, problems)."""
    lis = "".join(f"<li>{esc(i)}</li>" for i in items)
    return HTML(f"<ul>{lis}</ul>" if lis else '<p class="rus-note">Ingen.</p>')


def gap_list(gaps: pd.DataFrame) -> HTML:
    """The coverage gap sentences, grouped under each theme (escaped)."""
    parts = []
    for label, sub in gaps.groupby("theme_label", sort=False):
        lis = "".join(f"<li>{esc(x)}</li>" for x in sub["sentence"])
        parts.append(f"<h4>{esc(label)}</h4><ul>{lis}</ul>")
    return HTML("".join(parts) or '<p class="rus-note">Ingen huller.</p>')


def theme_cards(themes: pd.DataFrame, statements: pd.DataFrame, assignments: pd.DataFrame,
                colors: dict[str, str] | None = None, n_quotes: int = 4,
                min_count: int = 5) -> HTML:
    """One card per theme: label, kind, size, top terms, links to other themes, verbatim
    quotes with source.

    Counts come from the primary assignments (rank 0); quotes are the theme's
    representative statements, shown with source type and municipality, escaped.
    Secondary themes (rank >= 1) appear as the theme's links: how many statements with
    another primary theme also touch it, and which themes its own statements touch most
    often. Links below ``min_count`` statements are left out (the report's small-cell
    rule), so a card never lists a one-off pairing as a connection.
    """
    from rus_analysis.schema import source_type_da

    prim = assignments[assignments["rank"] == 0].merge(
        statements[["statement_id", "municipality_code", "stakeholder_type", "voice_id"]],
        on="statement_id", how="left")
    by_id = statements.set_index("statement_id")
    kinds = {"seeded": "strategiens tema", "emergent": "nyt tema", "other": "øvrige"}
    links = _theme_links(themes, assignments, min_count)
    cards = []
    for t in themes.itertuples(index=False):
        sub = prim[prim["theme_id"] == t.theme_id]
        n_munis = sub["municipality_code"].dropna().nunique()
        n_groups = sub["stakeholder_type"].dropna().nunique()
        terms = _as_list(getattr(t, "top_terms", []))
        quotes_html = []
        for sid in _as_list(getattr(t, "quotes", []))[:n_quotes]:
            if sid not in by_id.index:
                continue
            s = by_id.loc[sid]
            src = source_type_da(s["source_type"])
            where = s["municipality_name"] if pd.notna(s["municipality_name"]) else (
                "tværgående aktør" if bool(s["is_regional_actor"]) else "kommune ukendt")
            quotes_html.append(f'<blockquote>“{esc(s["text"])}”<span class="src">{esc(src)}, '
                               f"{esc(where)}, {esc(s['round'])}</span></blockquote>")
        color = (colors or {}).get(t.theme_id, "#0072B2")
        desc = getattr(t, "description", "")
        cards.append(
            f'<div class="rus-card" style="--c:{esc(color)}" id="tema-{esc(t.theme_id)}">'
            f"<h3>{esc(t.label)}<span class=\"rus-kind\">{esc(kinds.get(t.kind, t.kind))}</span></h3>"
            f'<div class="meta">{fmt_int(len(sub))} udsagn · {fmt_int(sub["voice_id"].nunique())} '
            f"stemmer · {fmt_int(n_munis)} af 29 kommuner · {fmt_int(n_groups)} "
            f"interessentgrupper</div>"
            + (f"<p>{esc(desc)}</p>" if isinstance(desc, str) and desc else "")
            + (f"<p><b>Nøgleord:</b> {esc(', '.join(terms[:8]))}</p>" if terms else "")
            + links.get(t.theme_id, "")
            + "".join(quotes_html) + "</div>")
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


def _as_list(v: Any) -> list[str]:
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


_notebook_renderer: Any = None


def show(fig: Any) -> None:
    """Show a plotly figure, offline-safe in reports (see ``setup_notebook``).

    In a report run the output is exactly what ``fig.show()`` gives with
    ``plotly.io.renderers.default = "notebook"``: the first call displays plotly.js once
    (the renderer's activation), then every figure is a ``text/html`` bundle from the same
    ``NotebookRenderer`` (default config). Outside a report, ``fig.show()`` as usual.
    """
    if not _report_mode():
        fig.show()
        return
    global _notebook_renderer
    from IPython.display import display
    from plotly.io._utils import validate_coerce_fig_to_dict

    if _notebook_renderer is None:
        from plotly.io._base_renderers import NotebookRenderer

        renderer = NotebookRenderer(config={})
        renderer.activate()  # displays plotly.js, as plotly does on the first show()
        _notebook_renderer = renderer
    display(_notebook_renderer.to_mimebundle(validate_coerce_fig_to_dict(fig, True)), raw=True)
