"""Over- and under-representation of themes per group, with the counts behind each lift.

Why: the committee will read "Bornholm talks about ferries three times as often as the
region" as a fact. Such a statement is only honest when (a) the counts behind it are large
enough to mean something, and (b) the difference is larger than chance. So every lift
comes with the counts it rests on, is suppressed below the configured minimum, and sits
next to a chi-square test of the whole group x theme table and an adjusted standardised
residual per cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

from rus_analysis import reference
from rus_analysis.coverage.groups import source_order, stakeholder_order
from rus_analysis.coverage.model import AGENDA_SOURCES, REGIONAL, UNPLACED
from rus_analysis.coverage.suppression import small_cell
from rus_analysis.danish import fmt_num, fmt_pct
from rus_analysis.schema import source_type_da

# |adjusted residual| above this marks a cell as over/under-represented (two-sided 5 %).
RESIDUAL_LIMIT = 1.96


P_LIMIT = 0.05


REPRESENTATION_COLUMNS: tuple[str, ...] = (
    "dimension", "dimension_label", "group", "group_label", "theme_id", "theme_label",
    "voices", "group_voices", "theme_voices", "total_voices", "expected_voices",
    "observed_share", "expected_share", "lift", "residual", "suppressed", "lift_text",
    "direction", "chi2", "dof", "p_value", "cramers_v", "test_note", "agenda_share",
)


# a cell whose voices came at least this much from meetings and workshops (sources with
# an agenda) is not called over-represented: the agenda chose the theme
AGENDA_LIMIT = 0.5


def representation_table(voices: pd.DataFrame, dimension: str, dimension_label: str,
                         groups: Sequence[tuple[str, str]],
                         themes: Sequence[tuple[str, str]], min_cell: int) -> pd.DataFrame:
    """Lift and chi-square for one grouping (e.g. stakeholder type) against the themes.

    ``voices`` has columns ``group``, ``theme_id``, ``voices`` (distinct voices per cell).
    ``groups`` and ``themes`` are (id, label) pairs in display order; groups or themes
    absent from ``voices`` get zero rows so that every table has the same shape.

    Expected counts are row total x column total / grand total, as in the chi-square test,
    so lift = observed / expected = observed share of the group / overall share of the
    theme. The lift is suppressed (NaN, flag, text '<5') when the observed count is
    positive but below ``min_cell``, or when the expected count is below ``min_cell``
    (then neither a high nor a low lift can be told from chance; this is also the
    textbook validity rule of the chi-square test).
    """
    gids = [g for g, _ in groups]
    tids = [t for t, _ in themes]
    mat = (voices.pivot_table(index="group", columns="theme_id", values="voices",
                              aggfunc="sum", fill_value=0)
           .reindex(index=gids, columns=tids, fill_value=0)
           .to_numpy(dtype=float)) if len(voices) else np.zeros((len(gids), len(tids)))
    row = mat.sum(axis=1, keepdims=True)
    col = mat.sum(axis=0, keepdims=True)
    total = float(mat.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = row * col / total if total > 0 else np.zeros_like(mat)
        obs_share = np.where(row > 0, mat / row, np.nan)
        exp_share = np.broadcast_to(col / total if total > 0 else np.full_like(col, np.nan),
                                    mat.shape)
        lift = np.where(expected > 0, mat / expected, np.nan)
        denom = np.sqrt(expected * (1 - row / total) * (1 - col / total)) if total > 0 \
            else np.zeros_like(mat)
        resid = np.where(denom > 0, (mat - expected) / denom, np.nan)
    suppressed = small_cell(mat, min_cell) | (expected < min_cell)
    lift = np.where(suppressed, np.nan, lift)

    chi2, dof, p, cv, note = _chi2(mat, min_cell)
    rows = []
    glabel = dict(groups)
    tlabel = dict(themes)
    for i, g in enumerate(gids):
        for j, t in enumerate(tids):
            sup = bool(suppressed[i, j])
            lf = float(lift[i, j])
            r = float(resid[i, j])
            if sup or math.isnan(lf):
                direction = ""
            elif p is not None and p < P_LIMIT and r > RESIDUAL_LIMIT:
                direction = "overrepræsenteret"
            elif p is not None and p < P_LIMIT and r < -RESIDUAL_LIMIT:
                direction = "underrepræsenteret"
            else:
                direction = "som forventet"
            rows.append({
                "dimension": dimension, "dimension_label": dimension_label,
                "group": g, "group_label": glabel[g], "theme_id": t, "theme_label": tlabel[t],
                "voices": int(mat[i, j]), "group_voices": int(row[i, 0]),
                "theme_voices": int(col[0, j]), "total_voices": int(total),
                "expected_voices": float(expected[i, j]),
                "observed_share": float(obs_share[i, j]),
                "expected_share": float(exp_share[i, j]),
                "lift": lf, "residual": r, "suppressed": sup,
                "lift_text": f"<{min_cell}" if sup else
                ("–" if math.isnan(lf) else _fmt_lift(lf)),
                "direction": direction,
                "chi2": chi2, "dof": dof, "p_value": p, "cramers_v": cv, "test_note": note,
            })
    out = pd.DataFrame(rows, columns=[c for c in REPRESENTATION_COLUMNS
                                      if c != "agenda_share"])
    out["agenda_share"] = np.nan
    for c in ("chi2", "p_value", "cramers_v"):
        out[c] = out[c].astype(float)
    out["dof"] = out["dof"].astype("Int64")
    return out


def _fmt_lift(lift: float) -> str:
    return fmt_num(lift, 2)


def _chi2(mat: np.ndarray, min_cell: int
          ) -> tuple[float | None, int | None, float | None, float | None, str]:
    """Chi-square test on the table without empty rows/columns, with a Danish note."""
    m = mat[mat.sum(axis=1) > 0][:, mat.sum(axis=0) > 0]
    if m.shape[0] < 2 or m.shape[1] < 2:
        return None, None, None, None, "for få grupper eller temaer til en test"
    res = chi2_contingency(m, correction=False)
    n = m.sum()
    k = min(m.shape) - 1
    cv = float(math.sqrt(res.statistic / (n * k))) if n > 0 and k > 0 else None
    small = float((res.expected_freq < min_cell).mean())
    note = "" if small <= 0.2 else (
        f"{fmt_pct(small, 0)} af cellerne har en forventet værdi under {min_cell}; "
        "testen er derfor kun vejledende")
    return float(res.statistic), int(res.dof), float(res.pvalue), cv, note



def representation(long: pd.DataFrame, th: pd.DataFrame, region: pd.DataFrame,
                    tlist: list[tuple[str, str]], rounds: list[str], min_cell: int,
                    st: pd.DataFrame) -> pd.DataFrame:
    """Lift + chi-square per grouping, each on its own group x theme table of voices."""
    lmap = dict(zip(region["kommunekode"], region["landsdel_kode"], strict=True))
    geo = long.assign(
        kommune=long["kommunekode"].where(long["placement"] == "kommune", long["placement"]),
    )
    geo["landsdel"] = geo["kommune"].map(lmap).fillna(geo["kommune"])
    extra = [(REGIONAL, "Tværgående"), (UNPLACED, "Ingen kommune")]
    present = set(pd.unique(st["placement"]))
    extra = [e for e in extra if e[0] in present]
    dims = [
        ("landsdel", "Landsdel", [*reference.LANDSDELE, *extra], geo),
        ("kommune", "Kommune",
         [*zip(region["kommunekode"], region["navn"], strict=True), *extra], geo),
        ("stakeholder_type", "Interessentgruppe",
         [(s, s) for s in stakeholder_order(st)["stakeholder_type"]], long),
        ("source_type", "Kildetype",
         [(s, source_type_da(s)) for s in source_order(st)["source_type"]], long),
        ("round", "Runde", [(r, r) for r in rounds], long),
    ]
    parts = []
    for dim, label, groups, data in dims:
        v = (data.groupby([dim, "theme_id"])["voice_id"].nunique().rename("voices")
             .reset_index().rename(columns={dim: "group"}))
        tab = representation_table(v, dim, label, groups, tlist, min_cell)
        agenda = (data.assign(_a=data["source_type"].isin(list(AGENDA_SOURCES)))
                  .groupby([dim, "theme_id"])["_a"].mean())
        tab["agenda_share"] = [float(agenda.get((g, t), np.nan))
                               for g, t in zip(tab["group"], tab["theme_id"], strict=True)]
        parts.append(tab)
    return pd.concat(parts, ignore_index=True)


@dataclass
class RepresentationSummary:
    """``test_lines``: one plain Danish sentence per grouping (no statistics' symbols);
    ``method_lines``: the same with the test figures, for the methods appendix;
    ``notable``: the cells that stand out, with a plain verdict."""

    test_lines: list[str]
    notable: pd.DataFrame
    method_lines: list[str] = field(default_factory=list)


AGENDA_VERDICT = "oftere, men det følger af mødernes dagsorden"


def verdict(direction: str, agenda_share: float) -> str:
    """The committee's word for a marked cell: 'oftere end forventet', 'sjældnere end
    forventet', or, when the voices came mostly from meetings and workshops whose agenda
    set the themes, that it follows from the agenda (never 'overrepræsenteret')."""
    if direction == "overrepræsenteret":
        share = 0.0 if agenda_share is None or math.isnan(agenda_share) else agenda_share
        return AGENDA_VERDICT if share >= AGENDA_LIMIT else "oftere end forventet"
    if direction == "underrepræsenteret":
        return "sjældnere end forventet"
    return direction


def representation_summary(representation: pd.DataFrame) -> RepresentationSummary:
    """What a committee reads of ``coverage.representation``: one plain sentence per
    grouping, and only the group x theme cells that stand out.

    The full table (lift, residual, expected counts for every cell) stays in the Excel
    workbook; the test figures go to the methods appendix (``method_lines``). A cell
    stands out when ``representation_table`` marked it (test significant and residual
    beyond the limit; small cells are never marked). A group that mentions a theme more
    often only because its voices came from meetings or workshops that had the theme on
    their agenda is said to follow the agenda, not to be over-represented.
    """
    rep = representation
    lines, method = [], []
    for label, g in rep.groupby("dimension_label", sort=False):
        first = g.iloc[0]
        p = first["p_value"]
        if pd.isna(p):
            lines.append(f"{label}: for få grupper eller temaer til at sammenligne.")
            method.append(f"{label}: {first['test_note'] or 'ingen test'}.")
            continue
        sure = p < P_LIMIT
        lines.append(f"{label}: grupperne fordeler sig forskelligt på temaerne (se tabellen "
                     "nedenfor)." if sure else
                     f"{label}: ingen sikker forskel på, hvilke temaer grupperne nævner.")
        text = (f"{label}: χ² = {fmt_num(first['chi2'], 1)} med {first['dof']} frihedsgrader, "
                f"p = {fmt_num(p, 3)}, Cramérs V = {fmt_num(first['cramers_v'], 2)}")
        text += f"; {first['test_note']}." if first["test_note"] else "."
        method.append(text)
    hit = rep[rep["direction"].isin(["overrepræsenteret", "underrepræsenteret"])]
    agenda = hit["agenda_share"] if "agenda_share" in hit else pd.Series(np.nan, hit.index)
    notable = pd.DataFrame({
        "inddeling": hit["dimension_label"], "gruppe": hit["group_label"],
        "tema": hit["theme_label"], "stemmer": hit["voices"].astype(int),
        "forventet": hit["expected_voices"].round(1), "løft": hit["lift_text"],
        "vurdering": [verdict(d, a) for d, a in zip(hit["direction"], agenda, strict=True)],
    })
    return RepresentationSummary(lines, notable.reset_index(drop=True), method)
