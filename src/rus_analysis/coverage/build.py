"""``build_coverage``: every coverage table for the selected rounds, in one call."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from rus_analysis import reference
from rus_analysis.coverage.consultation import consultation
from rus_analysis.coverage.gaps import gaps_table
from rus_analysis.coverage.groups import (
    by_category,
    regional_table,
    source_order,
    stakeholder_order,
    unplaced_table,
)
from rus_analysis.coverage.model import COVERAGE_STATEMENT_COLUMNS, NAMED_TYPES, Coverage
from rus_analysis.coverage.municipalities import by_landsdel, by_municipality, municipality_stakeholders
from rus_analysis.coverage.population import per_capita
from rus_analysis.coverage.prepare import isin, prepare, round_order
from rus_analysis.coverage.representation import representation
from rus_analysis.coverage.rounds import by_round, round_changes, voice_changes
from rus_analysis.schema import (
    ASSIGNMENT_COLUMNS,
    ATTENDANCE_COLUMNS,
    INVITATION_COLUMNS,
    OTHER_KIND,
    THEME_COLUMNS,
    check_columns,
    source_type_da,
)


def build_coverage(statements: pd.DataFrame, assignments: pd.DataFrame, themes: pd.DataFrame,
                   invitations: pd.DataFrame | None, attendance: pd.DataFrame | None,
                   min_cell: int = 5, population: pd.DataFrame | None = None,
                   rounds: Sequence[str] | None = None, *,
                   include_secondary: bool = False) -> Coverage:
    """Build every coverage table for the selected rounds (default: all rounds seen).

    ``statements`` follow ``schema.STATEMENT_COLUMNS`` (merged duplicate members included:
    they count as statements, their shared ``voice_id`` as one voice); ``assignments``
    ``schema.ASSIGNMENT_COLUMNS`` (rank 0 = primary theme; with ``include_secondary`` all
    ranks count); ``themes`` ``schema.THEME_COLUMNS`` (their order is the display order).
    ``population`` is the output of ``load_population``.
    """
    if min_cell < 1:
        raise ValueError(f"min_cell must be at least 1, got {min_cell}")
    check_columns(statements, COVERAGE_STATEMENT_COLUMNS, "statements")
    check_columns(assignments, ASSIGNMENT_COLUMNS, "assignments")
    check_columns(themes, ("theme_id", "label"), "themes")
    invitations = (pd.DataFrame(columns=list(INVITATION_COLUMNS)) if invitations is None
                   else check_columns(invitations, INVITATION_COLUMNS, "invitations"))
    attendance = (pd.DataFrame(columns=list(ATTENDANCE_COLUMNS)) if attendance is None
                  else check_columns(attendance, ATTENDANCE_COLUMNS, "attendance"))

    region = reference.capital_region()
    codes29 = set(region["kommunekode"])
    seen = {str(r) for df in (statements, invitations, attendance)
            for r in pd.unique(df["round"].astype(str))}
    if rounds is None:
        selected = sorted(seen)
    else:
        selected = [str(r) for r in rounds]
        unknown = [r for r in selected if r not in seen]
        if unknown:
            raise ValueError(f"round(s) {unknown} not found in statements, invitations or "
                             f"attendance; known rounds: {sorted(seen)}")
    st, long = prepare(statements, assignments, selected, include_secondary, codes29)
    selected = [r for r in round_order(st, selected) if r in set(selected)]
    invitations = invitations[isin(invitations["round"].astype(str), selected)]
    attendance = attendance[isin(attendance["round"].astype(str), selected)]

    th = themes[[c for c in THEME_COLUMNS if c in themes.columns]].copy()
    th["theme_id"] = th["theme_id"].astype(str)
    extra = [t for t in pd.unique(long["theme_id"]) if t not in set(th["theme_id"])]
    notes: list[str] = []
    if extra:
        th = pd.concat([th, pd.DataFrame({"theme_id": extra, "label": extra})],
                       ignore_index=True)
        notes.append(f"Temaer uden beskrivelse i tematabellen: {', '.join(extra)}")
    th["theme_label"] = th["label"].astype("string").fillna(th["theme_id"])

    cons = consultation(st, invitations, attendance, selected, region)
    muni_cons = cons.groupby("kommunekode", sort=False)[
        ["invited", "attended", "contributed", "consulted"]].any().reset_index()

    by_muni, totals = by_municipality(st, long, th, region, muni_cons, cons, min_cell)
    landsdele = by_landsdel(st, long, th, by_muni, min_cell)
    by_stake = by_category(st, long, th, "stakeholder_type", stakeholder_order(st),
                            min_cell)
    by_source = by_category(st, long, th, "source_type", source_order(st), min_cell)
    by_source.insert(by_source.columns.get_loc("source_type") + 1, "source_label",
                     by_source["source_type"].map(source_type_da))
    rounds_tab, muni_rounds = by_round(st, long, th, region, cons, selected, min_cell)
    regional = regional_table(st, long, th, min_cell)
    unplaced = unplaced_table(st, codes29)
    changes = round_changes(rounds_tab, selected, min_cell)
    voices_changed = voice_changes(st, selected, region, NAMED_TYPES)
    # "Øvrige" (kind "other") is no theme: nobody can be "not heard" on it, and whether it
    # is over-represented somewhere says nothing about a topic
    topics = th[th["kind"].astype(str) != OTHER_KIND] if "kind" in th.columns else th
    rep = representation(long, topics, region,
                         list(zip(topics["theme_id"], topics["theme_label"], strict=True)),
                         selected, min_cell, st)
    gaps = gaps_table(by_muni, by_stake, topics, region, selected)
    muni_stake = municipality_stakeholders(st, region)
    per_cap, note, totals = per_capita(population, by_muni, totals, min_cell)
    if not len(long):
        notes.append("Ingen udsagn med tema i de valgte runder.")

    return Coverage(
        by_municipality=by_muni, by_landsdel=landsdele, by_stakeholder=by_stake,
        by_source=by_source, by_round=rounds_tab, regional_actors=regional,
        representation=rep, gaps=gaps, per_capita=per_cap, per_capita_note=note,
        municipality_totals=totals, municipality_rounds=muni_rounds,
        municipality_stakeholders=muni_stake, unplaced=unplaced, round_changes=changes,
        statement_places=st[["statement_id", "round", "kommunekode", "placement",
                             "voice_id"]].reset_index(drop=True),
        statement_themes=long[["statement_id", "theme_id", "rank"]].reset_index(drop=True),
        voice_changes=voices_changed,
        themes=th[["theme_id", "theme_label"]].reset_index(drop=True),
        rounds=selected, min_cell=min_cell, include_secondary=include_secondary,
        notes=notes)
