"""Over- and under-representation of themes per group, and the small-cell rule.

Why a module of its own: the committee will read "Bornholm talks about ferries three times
as often as the region" as a fact. Such a statement is only honest when (a) the counts
behind it are large enough to mean something, and (b) the difference is larger than
chance. So every lift here comes with the counts it rests on, is suppressed below the
configured minimum, and sits next to a chi-square test of the whole group x theme table
and an adjusted standardised residual per cell.

Also home of the Danish number formatting shared by ``coverage`` and ``charts``, so that a
number reads the same in a table cell, a hover text and a chart label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency

# |adjusted residual| above this marks a cell as over/under-represented (two-sided 5 %).
RESIDUAL_LIMIT = 1.96
P_LIMIT = 0.05

REPRESENTATION_COLUMNS: tuple[str, ...] = (
    "dimension", "dimension_label", "group", "group_label", "theme_id", "theme_label",
    "voices", "group_voices", "theme_voices", "total_voices", "expected_voices",
    "observed_share", "expected_share", "lift", "residual", "suppressed", "lift_text",
    "direction", "chi2", "dof", "p_value", "cramers_v", "test_note",
)


# --- Danish formatting -------------------------------------------------------------------

def fmt_int(value: float | int | None) -> str:
    """Whole number with Danish thousands separator: 12345 -> '12.345'; NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    return f"{int(round(float(value))):,}".replace(",", ".")


def fmt_num(value: float | None, decimals: int = 1) -> str:
    """Decimal number the Danish way: 1234.5 -> '1.234,5'; NaN -> '–'."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    s = f"{float(value):,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_pct(share: float | None, decimals: int = 1) -> str:
    """A share (0-1) as a Danish percentage: 0.125 -> '12,5 %'; NaN -> '–'."""
    if share is None or share is pd.NA or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{fmt_num(float(share) * 100, decimals)} %"


def join_da(items: Sequence[str]) -> str:
    """Danish enumeration: ['a', 'b', 'c'] -> 'a, b og c'."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " og " + items[-1]


# --- the small-cell rule --------------------------------------------------------------

def small_cell(count: pd.Series | np.ndarray, min_cell: int) -> np.ndarray:
    """True where a count is positive but below ``min_cell``.

    A zero is not suppressed: it is the fact "not raised" that the state column already
    shows, it identifies no one, and hiding it would hide exactly the gaps the committee
    asks about. A percentage of 1-4 statements is suppressed because it is too unstable
    to compare and, for small municipalities, can point to a single person.
    """
    c = np.asarray(count, dtype=float)
    return (c > 0) & (c < min_cell)


def share_texts(share: pd.Series, suppressed: pd.Series, min_cell: int,
                na_text: str = "–") -> list[str]:
    """Text of a share for tables and hovers: '12,5 %', '<5' (suppressed) or ``na_text``."""
    out = []
    for s, sup in zip(share.tolist(), suppressed.tolist(), strict=True):
        if sup:
            out.append(f"<{min_cell}")
        elif s is None or s is pd.NA or (isinstance(s, float) and math.isnan(s)):
            out.append(na_text)
        else:
            out.append(fmt_pct(s))
    return out


# --- representation ---------------------------------------------------------------------

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
    out = pd.DataFrame(rows, columns=list(REPRESENTATION_COLUMNS))
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
