"""The Sammenfatning: half a page a committee member reads in two minutes.

How much input and from whom, the main themes ranked (one plain sentence each, with the
position split when the run has positions), who was not heard (by name, in the coverage
state words), and what changed since the last round. Every number comes from
``counts`` or a coverage table, so it equals the tables further down (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rus_analysis.danish import fmt_int, fmt_pct, is_generic, join_da
from rus_analysis.report.counts import Totals, by_key, theme_counts, totals
from rus_analysis.report.present import HTML, as_list, esc
from rus_analysis.schema import OTHER_KIND, source_type_da

# the order positions are listed in (issue 17's values)
POSITIONS: tuple[str, ...] = ("forslag", "bekymring", "støtte", "modstand", "spørgsmål",
                              "neutral")


MAX_NAMES = 12  # names listed in a sentence before "og N andre"


MAX_THEMES = 6  # themes ranked in the summary (every theme has its own section)


MAX_CHANGES = 4  # theme changes named in the summary (all are in the coverage section)


@dataclass
class Synopsis:
    """Every number and sentence of the Sammenfatning (the HTML is ``synopsis_html``)."""

    totals: Totals
    by_round: pd.DataFrame
    by_source: pd.DataFrame
    themes: pd.DataFrame            # theme_counts + sentence + position split
    states: dict[str, list[str]]    # municipality state word -> names
    unplaced: dict[str, int]        # reason -> statements without a municipality
    changes: list[str] = field(default_factory=list)
    voices_new: list[str] = field(default_factory=list)       # municipalities
    voices_absent: list[str] = field(default_factory=list)    # municipalities
    orgs_new: int = 0
    orgs_absent: int = 0
    previous_round: str = ""
    latest_round: str = ""


def position_split(tables: Any, cov: Any) -> pd.DataFrame | None:
    """Theme x position shares of the theme's statements (None without positions)."""
    pos = getattr(tables, "positions", None)
    if pos is None or not len(pos) or "position" not in pos.columns:
        return None
    prim = cov.statement_themes[cov.statement_themes["rank"] == 0]
    m = prim.merge(pos[["statement_id", "position"]].astype({"statement_id": str}),
                   on="statement_id", how="inner")
    return (m.groupby("theme_id")["position"].value_counts(normalize=True)
            .rename("share").reset_index())


def position_text(split: pd.DataFrame | None, theme_id: str) -> str:
    """'40 % forslag, 25 % bekymring, …' (positions of 5 % or more), or ""."""
    if split is None:
        return ""
    sub = split[split["theme_id"] == theme_id].set_index("position")["share"]
    parts = [f"{fmt_pct(sub[p], 0)} {p}" for p in POSITIONS if sub.get(p, 0) >= 0.05]
    return ", ".join(parts)


def theme_sentence(row: Any, terms: list[str], n_munis: int) -> str:
    """One plain sentence on what a theme is about and how widely it was raised; for
    "Øvrige" (no theme) what it holds and where the analyst finds it."""
    if str(getattr(row, "kind", "")) == OTHER_KIND:
        return (f"{row.label}: {fmt_int(row.statements)} udsagn fra {fmt_int(row.voices)} "
                "stemmer passer ikke klart til et tema; de står med deres begrundelse "
                "under Øvrige i temaafsnittet og i arbejdsbogen.")
    label = str(row.label).lower()
    # not the theme's own words again, nor words that name no topic ("måde", "behøver")
    terms = [t for t in terms if t.lower() not in label and not is_generic(t)]
    about = f", oftest om {join_da(terms[:3])}" if terms else ""
    return (f"{row.label}: {fmt_int(row.statements)} udsagn fra {fmt_int(row.voices)} "
            f"stemmer, rejst af {row.municipalities} af {n_munis} kommuner{about}.")


def _names(names: list[str]) -> str:
    if len(names) <= MAX_NAMES:
        return join_da(names)
    return f"{', '.join(names[:MAX_NAMES])} og {len(names) - MAX_NAMES} andre"


def synopsis(tables: Any, cov: Any, top_terms: Any = None) -> Synopsis:
    """The Sammenfatning's numbers from the run's tables and its ``Coverage``."""
    st = tables.statements
    tot = totals(tables)
    by_round = by_key(st, "round", "runde")
    by_source = by_key(st, "source_type", "kildetype", source_type_da)
    tc = theme_counts(tables, cov)
    split = position_split(tables, cov)
    terms = dict(zip(tables.themes["theme_id"].astype(str),
                     tables.themes["top_terms"] if "top_terms" in tables.themes else
                     [[]] * len(tables.themes), strict=True))
    n_munis = len(cov.municipality_totals)
    tc["sentence"] = [theme_sentence(r, as_list(terms.get(r.theme_id)), n_munis)
                      for r in tc.itertuples(index=False)]
    tc["positions"] = [position_text(split, t) for t in tc["theme_id"]]
    mt = cov.municipality_totals
    states = {s: list(mt.loc[mt["state"] == s, "navn"]) for s in pd.unique(mt["state"])}
    un = cov.unplaced
    unplaced = ({} if un is None or not len(un) else
                un.groupby("reason", sort=False)["statements"].sum().astype(int).to_dict())
    changes, new, absent, before, now = [], [], [], "", ""
    orgs_new = orgs_absent = 0
    rc = cov.round_changes
    if rc is not None and len(rc):
        before, now = str(rc["previous_round"].iloc[0]), str(rc["round"].iloc[0])
        moved = rc[rc["status"].isin(["nyt", "vokset", "skrumpet", "bortfaldet"])]
        # new and dropped themes first, then the largest moves
        moved = moved.assign(_k=moved["status"].isin(["nyt", "bortfaldet"]),
                             _m=moved["change_pp"].abs().fillna(0))
        changes = list(moved.sort_values(["_k", "_m"], ascending=False)["sentence"]
                       .head(MAX_CHANGES))
        vc = cov.voice_changes
        muni = vc[vc["kind"] == "kommune"]
        new = list(muni.loc[muni["status"] == "ny", "name"])
        absent = list(muni.loc[muni["status"] == "fraværende", "name"])
        orgs = vc[vc["kind"] != "kommune"]
        orgs_new = int((orgs["status"] == "ny").sum())
        orgs_absent = int((orgs["status"] == "fraværende").sum())
    return Synopsis(tot, by_round, by_source, tc, states, unplaced, changes, new, absent,
                    orgs_new, orgs_absent, before, now)


def synopsis_html(s: Synopsis, state_words: tuple[str, ...],
                  max_themes: int = MAX_THEMES) -> HTML:
    """The Sammenfatning as HTML (escaped): input, themes, not heard, changes.

    ``state_words`` are the municipality states in display order (not invited, invited
    but silent, gave input), as the coverage stage names them.
    """
    t = s.totals
    rounds = ", ".join(f"{esc(r)} ({fmt_int(n)} udsagn)" for r, n in
                       zip(s.by_round["runde"][:-1], s.by_round["udsagn"][:-1], strict=True))
    sources = ", ".join(f"{esc(str(k).lower())} {fmt_int(n)}" for k, n in
                        zip(s.by_source["kildetype"][:-1], s.by_source["udsagn"][:-1],
                            strict=True))
    parts = [
        '<div class="rus-summary">',
        f"<p><b>Input.</b> {fmt_int(t.statements)} udsagn fra {fmt_int(t.voices)} stemmer "
        f"i {fmt_int(t.files)} filer fra {len(t.rounds)} "
        f"{'runde' if len(t.rounds) == 1 else 'runder'}: {rounds}. Efter kilde: {sources} "
        "udsagn.</p>",
        "<p><b>De største temaer</b> (efter antal udsagn):</p><ol>",
    ]
    for r in s.themes.head(max_themes).itertuples(index=False):
        pos = f" Holdning: {esc(r.positions)}." if r.positions else ""
        parts.append(f'<li><a href="#tema-{esc(r.theme_id)}">{esc(r.sentence)}</a>{pos}</li>')
    parts.append("</ol>")
    not_invited, silent = state_words[0], state_words[1]
    heard = []
    for word in (not_invited, silent):
        names = s.states.get(word, [])
        heard.append(f'<span class="rus-state rus-state-{state_words.index(word)}">'
                     f"{esc(word)}</span>: "
                     + (f"{len(names)} {'kommune' if len(names) == 1 else 'kommuner'} "
                        f"({esc(_names(names))})" if names else "ingen"))
    n_input = len(s.states.get(state_words[2], []))
    un_total = sum(s.unplaced.values())
    un_txt = "; ".join(f"{fmt_int(n)} fordi {esc(reason)}" for reason, n in s.unplaced.items())
    parts.append(
        f"<p><b>Hvem er ikke hørt?</b> {n_input} af "
        f"{sum(len(v) for v in s.states.values())} kommuner har givet input. "
        + ". ".join(heard) + ". "
        + (f"{fmt_int(un_total)} udsagn hører ikke til en kommune og står for sig: {un_txt}."
           if un_total else "") + "</p>")
    if s.latest_round:
        lines = "".join(f"<li>{esc(c)}</li>" for c in s.changes) or \
            "<li>Ingen temaer har ændret sig markant.</li>"
        who = [f"Kommuner med input i {esc(s.latest_round)}, men ikke i "
               f"{esc(s.previous_round)}: {esc(_names(s.voices_new)) or 'ingen'}. "
               f"Kommuner med input i {esc(s.previous_round)}, men ikke i "
               f"{esc(s.latest_round)}: {esc(_names(s.voices_absent)) or 'ingen'}. "
               f"Organisationer: {fmt_int(s.orgs_new)} nye, {fmt_int(s.orgs_absent)} ikke hørt "
               "igen (navnene står i afsnittet om dækning)."]
        parts.append(f"<p><b>Siden sidste runde</b> ({esc(s.previous_round)} → "
                     f"{esc(s.latest_round)}):</p><ul>{lines}</ul>"
                     + (f"<p>{' '.join(who)}</p>" if who else ""))
    parts.append('<p class="rus-note">Alle tal går igen i tabellerne længere nede; hvert tal '
                 'kan følges til udsagnene bag det i <a href="#udsagn">tabellen over alle '
                 "udsagn</a>.</p></div>")
    return HTML("".join(parts))
