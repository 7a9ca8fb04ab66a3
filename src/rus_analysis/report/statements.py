"""Every statement of the run in one searchable, filterable table, and who said it.

Why in the report: a committee member who doubts a number must be able to see the
statements behind it. Every theme card, theme bar and heatmap cell links here with the
filter set ("#udsagn?tema=trafik&sted=0101"); the rows a filter shows are exactly the
statements the linked cell counts, because both come from the coverage tables' own
statement x theme rows (``Coverage.statement_themes`` and ``statement_places``).

Why hand-written JavaScript (``assets/statements.js``, 4 KB) and not DataTables via
itables: itables' offline mode embeds a 620 KB module through a ``blob:`` import, its
fallback names an external help page, and link-driven filters need our own start-up code
anyway; the table here is plain escaped HTML that works, unfiltered, without scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from rus_analysis.config import UNNAMED_STAKEHOLDER_TYPES
from rus_analysis.consent import PLACEHOLDER, quotable
from rus_analysis.danish import fmt_int
from rus_analysis.report.present import HTML, esc
from rus_analysis.schema import source_type_da

REGIONAL_PLACE = "tvaergaaende"   # the heatmap's "Tværgående" column


UNPLACED_PLACE = "ingen"


PLACE_LABELS = {REGIONAL_PLACE: "Tværgående aktør", UNPLACED_PLACE: "Ingen kommune"}


# filter key -> (column of ``statement_rows``, its label column, the select's label)
FILTERS: tuple[tuple[str, str, str, str], ...] = (
    ("tema", "theme_id", "tema", "Tema"),
    ("undertema", "subtheme_id", "undertema", "Undertema"),
    ("holdning", "position", "holdning", "Holdning"),
    ("sted", "place", "sted_navn", "Kommune / sted"),
    ("gruppe", "stakeholder_type", "stakeholder_type", "Interessentgruppe"),
    ("kilde", "source_type", "kildetype", "Kildetype"),
    ("runde", "round", "round", "Runde"),
)


def speaker(organisation: Any, stakeholder_type: Any, municipality: Any,
            regional: bool) -> str:
    """Who said it, as a quote names them: the organisation or public body, never a
    private person ("Bygherreforeningen", "Gribskov Kommune", "borger i Gribskov")."""
    org = "" if organisation is None or pd.isna(organisation) else str(organisation).strip()
    kind = "" if stakeholder_type is None or pd.isna(stakeholder_type) else str(stakeholder_type)
    muni = "" if municipality is None or pd.isna(municipality) else str(municipality)
    if kind and kind not in UNNAMED_STAKEHOLDER_TYPES and org:
        return org
    if kind == "kommune" and muni:
        return f"{muni} Kommune"
    if kind == "borger":
        return f"borger i {muni}" if muni else "borger"
    if regional:
        return "tværgående aktør"
    return f"afsender i {muni}" if muni else "afsender ukendt"


def statement_rows(tables: Any, cov: Any, locator_text: Any = str) -> pd.DataFrame:
    """One row per statement: text, primary theme, sub-theme and position when the run
    has them, place, stakeholder group, source (type, file, place in file), round,
    speaker. ``cov`` is the run's ``Coverage``; ``locator_text`` turns a locator into
    Danish ("række 12"). A respondent who did not consent to be quoted
    (``consent.quotable``) keeps the row, with ``consent.PLACEHOLDER`` for the text: the
    statement is counted and filtered like any other, its words are not shown."""
    st = tables.statements
    places = cov.statement_places.set_index("statement_id")
    themes = cov.statement_themes
    prim = themes[themes["rank"] == 0].drop_duplicates("statement_id").set_index(
        "statement_id")["theme_id"]
    labels = dict(zip(tables.themes["theme_id"].astype(str), tables.themes["label"],
                      strict=True))
    sid = st["statement_id"].astype(str)
    placement = sid.map(places["placement"])
    code = sid.map(places["kommunekode"])
    place = code.where(placement == "kommune",
                       placement.map({"tværgående": REGIONAL_PLACE}).fillna(UNPLACED_PLACE))
    names = st["municipality_name"].astype("object").where(placement == "kommune")
    out = pd.DataFrame({
        "statement_id": sid,
        "text": st["text"].astype("object").where(quotable(st), PLACEHOLDER),
        "theme_id": sid.map(prim).fillna(""),
        "place": place.fillna(UNPLACED_PLACE).astype(str),
        "sted_navn": names.fillna(place.map(PLACE_LABELS)).fillna("Ingen kommune"),
        "stakeholder_type": st["stakeholder_type"].astype("object").fillna("ukendt"),
        "source_type": st["source_type"].astype("object"),
        "kildetype": st["source_type"].map(source_type_da),
        "source_file": st["source_file"].astype("object"),
        "locator": [locator_text(v) for v in st["locator"].astype("object").fillna("")],
        "round": st["round"].astype(str),
        "afsender": [speaker(o, k, m, bool(r)) for o, k, m, r in zip(
            st["organisation"], st["stakeholder_type"], st["municipality_name"],
            st["is_regional_actor"].fillna(False), strict=True)],
    })
    out["tema"] = out["theme_id"].map(labels).fillna("uden tema")
    sub = _subthemes(tables)
    out["subtheme_id"] = sid.map(sub["subtheme_id"]) if sub is not None else ""
    out["undertema"] = sid.map(sub["undertema"]) if sub is not None else ""
    pos = _positions(tables)
    out["position"] = sid.map(pos) if pos is not None else ""
    out["holdning"] = out["position"]
    return out.fillna({"subtheme_id": "", "undertema": "", "position": "", "holdning": ""})


def _subthemes(tables: Any) -> pd.DataFrame | None:
    """statement_id -> subtheme_id, label (rank-0 assignments), or None before issue 16."""
    a = tables.assignments
    subs = getattr(tables, "subthemes", None)
    if "subtheme_id" not in a.columns:
        return None
    prim = a[a["rank"] == 0].drop_duplicates("statement_id")
    ids = prim.set_index(prim["statement_id"].astype(str))["subtheme_id"].astype("object")
    ids = ids.where(ids.notna(), "")
    label = (dict(zip(subs["subtheme_id"], subs["label"], strict=True))
             if subs is not None and len(subs) else {})
    return pd.DataFrame({"subtheme_id": ids, "undertema": ids.map(label).fillna(ids)})


def _positions(tables: Any) -> pd.Series | None:
    """statement_id -> position (issue 17's ``positions`` table), or None without it."""
    pos = getattr(tables, "positions", None)
    if pos is None or not len(pos) or "position" not in pos.columns:
        return None
    pos = pos.drop_duplicates("statement_id")
    return pd.Series(pos["position"].astype("object").to_numpy(),
                     index=pos["statement_id"].astype(str))


# rows shown before a search or filter (the script shows the same number per page)
FIRST_ROWS = 200


@dataclass
class StatementFilter:
    """What one link asks for: filter key -> value ("tema" -> "trafik")."""

    values: dict[str, str]

    def href(self) -> str:
        return "#udsagn?" + "&".join(f"{k}={v}" for k, v in self.values.items() if v)

    def select(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The rows the browser shows for this filter (the same rule as the script)."""
        cols = {k: c for k, c, _, _ in FILTERS}
        mask = pd.Series(True, index=rows.index)
        for k, v in self.values.items():
            if v and k in cols:
                mask &= rows[cols[k]].astype(str) == v
        return rows[mask]


def statements_table(rows: pd.DataFrame) -> HTML:
    """The searchable, filterable table of every statement (escaped), with its script.

    A filter appears only when the run has values for it (sub-themes and positions come
    with issues 16 and 17). Rows carry their filter values as data attributes; the script
    shows the first 200 that match and a button for the rest.
    """
    selects = []
    for key, col, label_col, title in FILTERS:
        vals = pd.DataFrame({"v": rows[col].astype(str), "label": rows[label_col].astype(str)})
        vals = vals[vals["v"] != ""].drop_duplicates()
        if not len(vals):
            continue
        opts = "".join(f'<option value="{esc(v)}">{esc(lab)}</option>' for v, lab in
                       sorted(zip(vals["v"], vals["label"], strict=True), key=lambda p: p[1]))
        selects.append(f'<label>{esc(title)} <select data-filter="{key}">'
                       f'<option value="">alle</option>{opts}</select></label>')
    active = [(k, c) for k, c, _, _ in FILTERS if (rows[c].astype(str) != "").any()]
    body = []
    for i, r in enumerate(rows.itertuples(index=False)):
        d = r._asdict()
        attrs = " ".join(f'data-{k}="{esc(d[c])}"' for k, c in active)
        if i >= FIRST_ROWS:
            attrs += " hidden"  # laid out only when asked for: a 10.000-row page opens fast
        src = f"{esc(d['kildetype'])}<br><span class=\"rus-note\">{esc(d['source_file'])}" \
              + (f", {esc(d['locator'])}" if d["locator"] else "") + "</span>"
        extra = "".join(f"<td>{esc(d[c])}</td>" for c in ("undertema", "holdning")
                        if (rows[c] != "").any())
        body.append(f"<tr {attrs}><td>{esc(d['text'])}</td><td>{esc(d['tema'])}</td>{extra}"
                    f"<td>{esc(d['afsender'])}</td><td>{esc(d['sted_navn'])}</td>"
                    f"<td>{esc(d['stakeholder_type'])}</td><td>{src}</td>"
                    f"<td>{esc(d['round'])}</td></tr>")
    extra_head = "".join(f"<th>{h}</th>" for c, h in (("undertema", "Undertema"),
                                                      ("holdning", "Holdning"))
                         if (rows[c] != "").any())
    head = (f"<tr><th>Udsagn</th><th>Tema</th>{extra_head}<th>Afsender</th>"
            "<th>Kommune / sted</th><th>Interessentgruppe</th><th>Kilde</th><th>Runde</th></tr>")
    return HTML(
        f'<div class="rus-statements" id="udsagn" data-total="{len(rows)}">'
        '<div class="rus-filters" role="search"><label>Søg <input type="search" '
        'data-filter="q" placeholder="ord i udsagn, afsender eller kilde"></label>'
        + "".join(selects) +
        '<button type="button" data-reset>Nulstil</button></div>'
        f'<p class="rus-count" aria-live="polite">{fmt_int(len(rows))} udsagn</p>'
        '<div class="rus-scroll rus-statements-box"><table class="rus-table rus-stmt-table">'
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
        '<p><button type="button" data-more hidden>Vis alle, der passer</button></p>'
        + (f'<p class="rus-note rus-nojs">Uden JavaScript vises de første {FIRST_ROWS} af '
           f"{fmt_int(len(rows))} udsagn; alle står i Excel-arbejdsbogen.</p>"
           if len(rows) > FIRST_ROWS else "") + "</div>"
        f"<script>{asset('statements.js')}</script>")


@cache
def asset(name: str) -> str:
    """A file shipped in ``report/assets`` (scripts, plotly.js, the licence)."""
    return resources.files("rus_analysis.report").joinpath("assets", name).read_text(
        encoding="utf-8")
