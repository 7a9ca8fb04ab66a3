"""Honest strategy themes: which groups of statements a taxonomy theme may hold.

Why (issue 16): a statement-level argmax over the taxonomy sends every statement to some
strategy theme, and the standardised prototype similarity cannot tell "about this theme"
from "about a theme nobody wrote down": on a round about public health, "Rent drikkevand"
took 85 of 180 statements. Measured on the development corpora (benchmarks/themes_eval.md,
leave-themes-out), a statement's own fit separates the statements of a missing theme from
those of a present one with an AUC of only 0.65-0.72; the groups the data forms are much
clearer. So the decision is taken per group of the fine level of discovery (the
sub-themes of the discovered themes, ``discovery.subclusters``), which does not depend
on the taxonomy at all:

1. **Anchors claim their group.** Every description prototype and every example
   statement of a theme is placed among the statements like one more statement: it
   joins the fine group most of its ``n_neighbors`` nearest statements belong to (an
   example that is itself a statement of the input is in its own group). That group is
   the theme's *home*. Each anchor claims one group. A description or keyword anchor,
   and an example that is not a statement of this input, claims a group only when the
   group fits its theme specifically (``specific_fit`` at least ``HOME_FIT``); when the
   group it joins does not, it claims the best-fitting other group among its nearest
   statements' groups if that one reaches ``STRONG_FIT`` (the same number as the bar of
   a group elsewhere in step 2, here on the specific fit), else nothing (issue 16, sixth
   round). The specific fit subtracts the median over the *other* themes, so whether a
   group is a home depends a little on the rest of the taxonomy: leaving a theme out can
   lower or raise another theme's bar. Measured by leave-themes-out, the net effect is
   less absorbed, not more (benchmarks/themes_eval.md, sixth round). An anchor is always
   *somewhere*: a theme the input says nothing about lands in the nearest group of
   another topic. With the RUS taxonomy on the DAST Reddit threads, "Bedre brug af
   ressourcer" held the diet thread (280 statements, 96 % diet), a group that fits every
   RUS theme at 0.7-1.2 standard deviations.
2. **A home's siblings may follow.** A fine group that no anchor claims joins the theme
   ``j`` of a home in the same discovered theme when the group fits ``j`` better than
   the average statement does (mean evidence > 0) and at least half as well as the home
   fits it (``EXTEND_RATIO``), or ``STRONG_FIT`` = 1.5 standard deviations better than
   the input as a whole; a group in another discovered theme joins ``j`` only when it
   meets both bars: ``STRONG_FIT``, *and* at least ``EXTEND_RATIO`` of the fit of
   ``j``'s best home. (Without the second bar, the demo's housing statements, a group
   of their own that fits "Uddannelse og beskæftigelse" at 1.8 where the theme's homes
   fit it at 2.9-4.4, were held by that theme: 1.48 x its true size. The suite's figures
   are unchanged by it: every cross-theme claim there is above half its home's fit.)
   Evidence is the per-theme standardised prototype
   similarity plus theme words (``seeding.seed_evidence``): relative to the input, never
   an absolute cosine. (Measured with leave-themes-out: the groups of a left-out theme
   reached at most 1.24 on a remaining theme, the unclaimed groups of present themes up
   to 2.8; benchmarks/themes_eval.md.)
3. **Statements** of a claimed group keep the strategy theme their seeded posterior ranks
   first when the group holds that theme; all others (unclaimed groups, or a statement
   whose own best theme its group does not hold) fit no strategy theme better than the
   rest of the input does and go on to the emergent themes (``ThemeModel``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

EXTEND_RATIO = 0.5   # a sibling group must fit the theme at least half as well as its home
# a group elsewhere joins a theme that has a home when its statements fit the theme this many
# standard deviations better than the input as a whole (mean standardised evidence)
STRONG_FIT = 1.5
# a description or keyword anchor's group is its theme's home only when the group's
# statements fit the theme this many standard deviations better than they fit the
# taxonomy's typical other theme (specific_fit): an anchor with no statements of its own
# lands in the nearest group of another topic (the same 1 sd as leftovers.LEFTOVER_FIT)
HOME_FIT = 1.0


def anchor_homes(anchor_vecs: np.ndarray, anchor_seed: Sequence[int], vecs: np.ndarray,
                 fine: np.ndarray, n_neighbors: int,
                 anchor_rows: Sequence[int | None] = (), evidence: np.ndarray | None = None,
                 bar: float = HOME_FIT, elsewhere: float = STRONG_FIT) -> dict[int, set[int]]:
    """Fine group -> seeds whose anchors land in it.

    ``anchor_vecs``: anchors in the same (centred, normalised) space as ``vecs``;
    ``anchor_seed``: the seed index of each anchor; ``anchor_rows``: for anchors that are
    statements of the input, their row (they are in their own group). Ties between groups
    go to the group of the nearest statement (like ``discovery._extend``).

    ``evidence`` (rows x seeds, ``seeding.seed_evidence``): when given, an anchor that is
    not a statement claims the group its neighbours are in only when that group's
    ``specific_fit`` for its theme is at least ``bar``; else the best-fitting group among its
    neighbours' groups when that one reaches ``elsewhere``; else no group (step 1 of the
    module docstring). An anchor that is a statement (an analyst's example) keeps its
    group whatever the fit.
    """
    homes: dict[int, set[int]] = {}
    rows = list(anchor_rows) + [None] * (len(anchor_seed) - len(anchor_rows))
    if len(vecs) == 0:
        return homes
    nn = int(max(1, min(n_neighbors, len(vecs))))
    sims = np.asarray(anchor_vecs, dtype=np.float64) @ np.asarray(vecs, dtype=np.float64).T
    group_fit = None
    if evidence is not None:   # mean evidence of every group for every theme
        group_fit = np.zeros((int(fine.max()) + 1, evidence.shape[1]))
        np.add.at(group_fit, fine, evidence)
        group_fit /= np.maximum(np.bincount(fine, minlength=len(group_fit)), 1)[:, None]
        group_fit = specific_fit(group_fit)
    for a, j in enumerate(anchor_seed):
        if rows[a] is not None:
            group = int(fine[int(rows[a])])
        else:
            order = np.lexsort((np.arange(len(vecs)), -np.round(sims[a], 12)))[:nn]
            votes = fine[order]
            counts = np.bincount(votes, weights=1.0 + 1e-6 * (nn - np.arange(nn)) / nn)
            group = int(np.argmax(counts))
            if group_fit is not None:
                fit = {int(g): float(group_fit[g, j]) for g in np.unique(votes)}
                if fit[group] < bar:
                    good = [(f, -g) for g, f in fit.items() if f >= elsewhere]
                    if not good:
                        continue
                    group = -max(good)[1]
        homes.setdefault(group, set()).add(int(j))
    return homes


def specific_fit(group_fit: np.ndarray) -> np.ndarray:
    """Per group and theme: the group's mean evidence for the theme, less how well it
    fits the taxonomy's typical other theme (the median over the other themes, when
    positive).

    Why: a group of long, general statements fits every theme of a taxonomy about
    society somewhat: the DAST diet thread fits the RUS themes at 0.7-1.2 standard
    deviations each, "Bedre brug af ressourcer" a little more than the others. A group
    is about a theme when it fits it clearly better than the rest of the taxonomy.
    """
    out = group_fit.copy()
    n_seeds = group_fit.shape[1]
    for j in range(n_seeds if n_seeds > 1 else 0):
        typical = np.median(np.delete(group_fit, j, axis=1), axis=1)
        out[:, j] -= np.maximum(typical, 0.0)
    return out


def merge_within_parent(homes: dict[int, set[int]], extra: dict[int, set[int]],
                        fine: np.ndarray, parent: np.ndarray) -> dict[int, set[int]]:
    """``homes`` plus the ``extra`` claims whose group lies in a discovered theme (parent)
    where the same seed already has a home."""
    parent_of = {int(g): int(np.bincount(parent[fine == g]).argmax()) for g in np.unique(fine)}
    seed_parents: dict[int, set[int]] = {}
    for g, seeds in homes.items():
        for j in seeds:
            seed_parents.setdefault(j, set()).add(parent_of[g])
    out = {g: set(s) for g, s in homes.items()}
    for g, seeds in extra.items():
        for j in seeds:
            if parent_of[g] in seed_parents.get(j, set()):
                out.setdefault(g, set()).add(j)
    return out


def extend_homes(homes: dict[int, set[int]], evidence: np.ndarray, fine: np.ndarray,
                 parent: np.ndarray, ratio: float = EXTEND_RATIO,
                 strong: float = STRONG_FIT) -> dict[int, set[int]]:
    """Claimed groups: the homes plus sibling groups that fit a home's theme (step 2).

    ``parent``: discovered theme of every row (the fine groups are nested in them).
    """
    groups = np.unique(fine)
    mean_ev = {int(g): evidence[fine == g].mean(axis=0) for g in groups}
    parent_of = {int(g): int(np.bincount(parent[fine == g]).argmax()) for g in groups}
    home_fit: dict[int, list[tuple[int, float]]] = {}
    for g, seeds in homes.items():
        for j in seeds:
            home_fit.setdefault(j, []).append((parent_of[g], float(mean_ev[g][j])))
    out = {g: set(s) for g, s in homes.items()}
    for g in (int(v) for v in groups):
        if g in out:
            continue
        best: tuple[float, int] | None = None
        for j, fits in sorted(home_fit.items()):
            e = float(mean_ev[g][j])
            if e <= 0:
                continue
            sibling = any(p == parent_of[g] for p, _ in fits)
            if sibling:
                fits_j = e >= strong or any(p == parent_of[g] and e >= ratio * h
                                            for p, h in fits)
            else:   # elsewhere: strong, and at least `ratio` of the theme's best home fit
                fits_j = e >= strong and e >= ratio * max(h for _, h in fits)
            if fits_j and (best is None or e > best[0]):
                best = (e, j)
        if best is not None:
            out[g] = {best[1]}
    return out


def route(posterior: np.ndarray, fine: np.ndarray, claimed: dict[int, set[int]]
          ) -> np.ndarray:
    """Seed index per row, -1 where the row stays out of the strategy themes.

    A row is in strategy theme ``j`` when its group is claimed by ``j`` *and* ``j`` is
    also the theme its own posterior ranks first: the group and the statement must
    agree. (Letting a claimed group give its theme to members whose posterior prefers
    another theme absorbed 1.4-2.6 times more of a left-out theme's statements:
    benchmarks/themes_eval.md.)
    """
    out = np.full(len(fine), -1, dtype=int)
    best = posterior.argmax(axis=1) if posterior.shape[1] else np.zeros(len(fine), dtype=int)
    for g, seeds in claimed.items():
        rows = np.flatnonzero(fine == g)
        held = np.isin(best[rows], sorted(seeds))
        out[rows[held]] = best[rows[held]]
    return out
