"""Per main theme: key points that cover its sub-themes, its sides with quotes, and who
raised it and who did not (the extras of each theme card).

The parts that need issue 16's sub-themes (``assignments.subtheme_id``, table
``subthemes``) or issue 17's positions (table ``positions``) appear only when the run
has them; without them a card keeps its representative quotes. No quote is ever a
statement whose respondent did not consent to be quoted (``consent.quotable``): a key
point without a quotable statement is left out, a side without one shows its count only.
"""

from __future__ import annotations

from typing import Any

from rus_analysis.consent import quotable, quotable_ids
from rus_analysis.danish import fmt_int, fmt_pct
from rus_analysis.report.present import as_list, esc
from rus_analysis.report.statements import speaker
from rus_analysis.schema import source_type_da

MAX_POINTS = 5


# the sides shown with a quote each, in this order (issue 17's positions)
SIDES: tuple[tuple[str, str], ...] = (("støtte", "Støtte"), ("modstand", "Modstand"),
                                      ("bekymring", "Bekymringer"), ("forslag", "Forslag"))


def _quote(st_row: Any, extra: str = "") -> str:
    who = speaker(st_row["organisation"], st_row["stakeholder_type"],
                  st_row["municipality_name"], bool(st_row["is_regional_actor"]))
    return (f'<blockquote class="rus-quote">“{esc(st_row["text"])}”<span class="src">'
            f"{esc(who)}, {esc(source_type_da(st_row['source_type']))}, "
            f"{esc(st_row['round'])}{extra}</span></blockquote>")


def key_points(tables: Any, cov: Any) -> dict[str, str]:
    """Theme id -> 3-5 key points: the representative statement of each of its largest
    sub-themes, "nævnt af N stemmer" (the voices of the sub-theme). Empty without
    sub-themes."""
    subs = getattr(tables, "subthemes", None)
    a = tables.assignments
    if subs is None or not len(subs) or "subtheme_id" not in a.columns:
        return {}
    st = tables.statements.assign(statement_id=tables.statements["statement_id"].astype(str))
    by_id = st.set_index("statement_id")
    may_quote = quotable_ids(st)
    prim = a[a["rank"] == 0].assign(statement_id=lambda d: d["statement_id"].astype(str))
    prim = prim.merge(st[["statement_id", "voice_id"]], on="statement_id", how="left")
    voices = prim.groupby("subtheme_id")["voice_id"].nunique()
    out: dict[str, str] = {}
    for tid, g in subs.groupby("theme_id", sort=False):
        g = g.sort_values(["size", "subtheme_id"], ascending=[False, True]).head(MAX_POINTS)
        items = []
        for r in g.itertuples(index=False):
            quotes = [q for q in as_list(getattr(r, "quotes", []))
                      if q in by_id.index and q in may_quote]
            if not quotes:
                continue
            n = int(voices.get(r.subtheme_id, 0))
            items.append(
                f"<li><b>{esc(r.label)}</b> <span class=\"n\">nævnt af {fmt_int(n)} "
                f"{'stemme' if n == 1 else 'stemmer'}</span>{_quote(by_id.loc[quotes[0]])}"
                f'<a href="#udsagn?tema={esc(tid)}&undertema={esc(r.subtheme_id)}">Se '
                "udsagnene</a></li>")
        if items:
            out[str(tid)] = f'<h4>Hovedpunkter</h4><ol class="rus-keypoints">{"".join(items)}</ol>'
    return out


def sides(tables: Any, cov: Any) -> dict[str, str]:
    """Theme id -> its position split and one quote per side (the surest statement with
    that position). Empty without positions."""
    pos = getattr(tables, "positions", None)
    if pos is None or not len(pos) or "position" not in pos.columns:
        return {}
    st = tables.statements.assign(statement_id=tables.statements["statement_id"].astype(str))
    st = st.assign(_quotable=quotable(st).to_numpy())
    prim = cov.statement_themes[cov.statement_themes["rank"] == 0]
    p = pos.assign(statement_id=pos["statement_id"].astype(str))
    score = "position_score" if "position_score" in p.columns else None
    m = prim.merge(p, on="statement_id").merge(st, on="statement_id", how="left")
    out: dict[str, str] = {}
    for tid, g in m.groupby("theme_id", sort=False):
        shares = g["position"].value_counts(normalize=True)
        split = ", ".join(f"{fmt_pct(v, 0)} {k}" for k, v in shares.items() if v >= 0.01)
        cols = []
        for key, title in SIDES:
            side = g[g["position"] == key]
            if not len(side):
                continue
            order = [score, "statement_id"] if score else ["statement_id"]
            may = side[side["_quotable"].fillna(True).astype(bool)]
            best = (_quote(may.sort_values(order, ascending=[False, True][:len(order)])
                           .iloc[0]) if len(may) else "")
            cols.append(f'<div class="rus-side"><h4>{esc(title)} ({fmt_int(len(side))})</h4>'
                        f"{best}"
                        f'<a href="#udsagn?tema={esc(tid)}&holdning={esc(key)}">Se alle</a></div>')
        out[str(tid)] = (f"<h4>Holdninger</h4><p>{esc(split)}.</p>"
                         f'<div class="rus-sides">{"".join(cols)}</div>')
    return out


def who_raised(cov: Any, state_words: tuple[str, ...]) -> dict[str, str]:
    """Theme id -> the municipalities in each of the four states, and the stakeholder
    groups that did not speak on it, in the words every chart uses."""
    bm = cov.by_municipality
    gaps = cov.gaps
    n = bm["kommunekode"].nunique()
    out: dict[str, str] = {}
    for tid, g in bm.groupby("theme_id", sort=False):
        lines = []
        for code in (3, 2, 1, 0):
            names = list(g.loc[g["state_code"] == code, "navn"])
            if not names:
                continue
            lines.append(f'<li><span class="rus-state rus-state-{code}">'
                         f"{esc(state_words[code])}</span> ({len(names)} af {n}): "
                         f"{esc(', '.join(names))}</li>")
        grp = gaps[(gaps["theme_id"] == tid) & (gaps["kind"] == "gruppe_ikke_hoert")]
        group_line = f"<p>{esc(grp['sentence'].iloc[0])}</p>" if len(grp) else ""
        out[str(tid)] = f"<h4>Hvem rejste temaet?</h4><ul>{''.join(lines)}</ul>{group_line}"
    return out


def subtheme_list(tables: Any) -> dict[str, str]:
    """Theme id -> its sub-themes with their sizes (empty without sub-themes)."""
    subs = getattr(tables, "subthemes", None)
    if subs is None or not len(subs):
        return {}
    out: dict[str, str] = {}
    for tid, g in subs.groupby("theme_id", sort=False):
        g = g.sort_values(["size", "subtheme_id"], ascending=[False, True])
        items = ", ".join(f"{esc(r.label)} ({fmt_int(r.size)})" for r in g.itertuples())
        out[str(tid)] = f"<p><b>Undertemaer:</b> {items}.</p>"
    return out


def theme_extras(tables: Any, cov: Any, state_words: tuple[str, ...]) -> dict[str, str]:
    """Everything a card shows after its quotes: sub-themes, sides, who raised it."""
    parts = (subtheme_list(tables), sides(tables, cov), who_raised(cov, state_words))
    ids = [str(t) for t in tables.themes["theme_id"]]
    return {t: "".join(p.get(t, "") for p in parts) for t in ids}

