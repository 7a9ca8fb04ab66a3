"""The small-cell rule: a count of 1 to ``min_cell``-1 is shown as "<5", never as a share.

Why: a percentage of a handful of statements is too unstable to compare and, for small
municipalities, can point to a single person; a zero is never suppressed (it is the fact
"not raised" the committee asks about).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from rus_analysis.danish import fmt_pct


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
