"""Statements that routing left out but that plainly belong to a strategy theme.

Why (issue 16, second round): group routing (``themes.routing``) keeps a strategy theme
from absorbing a topic nobody wrote down, but it decides per fine group, and most fine
groups are claimed by no anchor. On the development corpora only 37-48 % of the
statements stayed in strategy themes with a complete taxonomy, and on the demo "Rent
drikkevand" held 27 of its 74 statements: the committee would read false gaps. Two
cases come back here, both decided on the statement's own fit *and* on what the rest of
the input offers:

1. **Strong own fit.** A statement whose standardised evidence for its best theme (the
   theme its posterior ranks first, ``seeding.seed_evidence``: prototype similarity
   z-scored over the input, plus theme words) is at least ``STRONG_OWN_FIT`` standard
   deviations above the input as a whole, and whose description fit agrees (the same
   theme is also the best by evidence alone, without the learned model), fits that theme
   far better than the rest of the input does. It goes to the theme whatever its group.
   A left-out theme's statements rarely reach 3 standard deviations on a remaining theme
   (benchmarks/themes_eval.md, issue 16 second round: the trade-off curve).
   "Own fit" is *specific* (issue 16, sixth round): the evidence for the best theme less
   the statement's typical evidence for the other themes (their median) when that is
   positive, as ``routing.specific_fit`` does for groups. A long general statement fits
   every theme of a taxonomy about society somewhat, and without it a wrong taxonomy
   took 4-8 % of a round through this case alone.
2. **Leftover groups.** The statements still left are clustered into emergent themes.
   A real new topic is *coherent* (its members are each other's nearest neighbours) and
   *unexplained* (its members fit no strategy theme, or all lean to the same one). A
   leftover group is either incoherent (most of its members' kNN links lead out of it:
   ``inside_share`` below ``MIN_COHERENCE``) or explained piecemeal (its members' best
   themes are spread: the most common one is the best theme of fewer than
   ``MIN_CONCENTRATION`` of them), e.g. short post-its from a dozen strategy themes that
   are each other's neighbours because they are short. Members of a leftover group whose
   own fit to their best theme is at least ``LEFTOVER_FIT`` (and whose description
   agrees) go back to that theme; the rest stay emergent. In a loosely knit group whose
   members lean to *one* theme, the bar is higher (issue 16, fourth round): a member
   goes back only when it fits that theme at least ``routing.EXTEND_RATIO`` as well as
   the statements the theme already holds typically do (``held_fit``; both fits specific,
   ``specific_evidence``). Why: a distinct
   topic leaning to a theme looks just like that. The demo's housing statements (35 in
   one group, 71 % leaning to "Uddannelse og beskæftigelse" through "studerende" and
   "medarbejdere") fit it at 1.3-4.6 standard deviations, the theme's own statements at
   a median of about 3.8; with the 1-sd bar 17 of them went back, and the theme reported
   1.33 times its true size. The same test as for a group elsewhere
   (``routing.extend_homes``), on single statements.
3. **Scattered rest** (``scattered_rest``). What is left of a group explained piecemeal,
   when its members' best themes are still spread, is no new topic either: it goes to
   "Øvrige" with its reason rather than becoming an emergent theme named after three
   unrelated words. On the demo this was "Stop, natbus og unge" (63 post-its of six
   strategy themes and two planted topics); on capcas with its own taxonomy, 238 of
   1,959 statements from five mixed groups (largest label 19-37 %); on sib200 and DAST,
   and on every corpus with the RUS taxonomy, none. The suite's figures do not change
   (an emergent statement and an "Øvrige" one are both misses of the strategy themes).

Everything is measured in the input's own units (standard deviations of its evidence,
shares of its kNN links): the same constants on every corpus, nothing reads a label.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from rus_analysis.themes.routing import EXTEND_RATIO, specific_fit

# a statement goes to its best strategy theme on its own when its specific evidence for it
# (best_agreeing: less its typical evidence for the other themes) is this many standard
# deviations above the input as a whole and the description agrees
STRONG_OWN_FIT = 3.0
# an emergent group is incoherent when fewer than this share of its members' kNN links
# stay inside it (the mean over members, symmetrised graph)
MIN_COHERENCE = 0.4
# a group whose most common best theme is the best theme of fewer than this share of its
# members is explained piecemeal by several strategy themes
MIN_CONCENTRATION = 0.3
# members of a leftover group go back to their best theme from this fit on
LEFTOVER_FIT = 1.0


def best_agreeing(posterior: np.ndarray, evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the theme its posterior ranks first, and its specific evidence for that
    theme (its evidence less the median of its evidence for the other themes when that
    is positive; -inf where the description fit alone prefers another theme: the learned
    model and the description must agree before a statement is sent back)."""
    n = len(posterior)
    if posterior.shape[1] == 0:
        return np.zeros(n, dtype=int), np.full(n, -np.inf)
    best = posterior.argmax(axis=1)
    fit = specific_evidence(evidence, best)
    fit[evidence.argmax(axis=1) != best] = -np.inf
    return best, fit


def specific_evidence(evidence: np.ndarray, theme: np.ndarray) -> np.ndarray:
    """Per row: its evidence for ``theme[row]`` less the median of its evidence for the
    other themes when that is positive (``routing.specific_fit``, row by row)."""
    n = len(evidence)
    return specific_fit(np.asarray(evidence, dtype=float))[np.arange(n), theme]


def strong_fit(route: np.ndarray, posterior: np.ndarray, evidence: np.ndarray,
               threshold: float = STRONG_OWN_FIT) -> np.ndarray:
    """``route`` (seed index per row, -1 none) plus the unrouted rows whose own fit to
    their best theme is at least ``threshold`` (case 1 of the module docstring)."""
    out = np.asarray(route).copy()
    best, fit = best_agreeing(posterior, evidence)
    back = (out < 0) & (fit >= threshold)
    out[back] = best[back]
    return out


def held_fit(route: np.ndarray, evidence: np.ndarray) -> np.ndarray:
    """Per theme: the median specific evidence of the statements ``route`` holds in it
    for it (0 for a theme that holds none): how a statement of the theme typically fits
    it, in the units of ``best_agreeing``'s fit it is compared with."""
    out = np.zeros(evidence.shape[1])
    route = np.asarray(route)
    held = np.flatnonzero(route >= 0)
    fit = specific_evidence(evidence[held], route[held])
    for j in np.unique(route[held]):
        out[j] = float(np.median(fit[route[held] == j]))
    return out


def inside_share(graph: sp.csr_matrix, labels: np.ndarray) -> dict[int, float]:
    """Group -> mean share of its members' kNN links (symmetrised, weighted) that stay in
    the group; rows labelled -1 are no group."""
    w = sp.csr_matrix(graph, dtype=np.float64)
    w = w.maximum(w.T).tocsr()
    deg = np.asarray(w.sum(axis=1)).ravel()
    out: dict[int, float] = {}
    for g in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == g)
        inside = np.zeros(len(labels))
        inside[members] = 1.0
        links = np.asarray(w[members] @ inside).ravel()
        out[int(g)] = float(np.mean(np.where(deg[members] > 0,
                                             links / np.maximum(deg[members], 1e-12), 1.0)))
    return out


def return_leftovers(route: np.ndarray, groups: np.ndarray, graph: sp.csr_matrix,
                     posterior: np.ndarray, evidence: np.ndarray,
                     min_coherence: float = MIN_COHERENCE,
                     threshold: float = LEFTOVER_FIT,
                     min_concentration: float = MIN_CONCENTRATION,
                     lean_ratio: float = EXTEND_RATIO
                     ) -> tuple[np.ndarray, dict[int, float]]:
    """Case 2 of the module docstring: members of leftover emergent groups (incoherent,
    or with spread best themes) go back to their best theme when they fit it at least
    ``threshold``; in an incoherent group whose members lean to one theme, each member
    also at least ``lean_ratio`` of how the statements its own best theme holds fit that
    theme (``held_fit`` of ``route``).

    ``groups``: emergent group per row (-1 for rows already in a strategy theme);
    ``graph``: the kNN graph of all rows. Returns the new route and every group's
    ``inside_share``.
    """
    out = np.asarray(route).copy()
    coherence = inside_share(graph, groups)
    if np.asarray(evidence).shape[1] == 0:   # no strategy theme: nothing to return to
        return out, coherence
    best, fit = best_agreeing(posterior, evidence)
    bar = np.maximum(threshold, lean_ratio * held_fit(out, evidence))
    for g, share in coherence.items():
        members = groups == g
        concentration = np.bincount(best[members]).max() / members.sum()
        if share >= min_coherence and concentration >= min_concentration:
            continue
        leaning = concentration >= min_concentration
        back = members & (out < 0) & (fit >= (bar[best] if leaning else threshold))
        out[back] = best[back]
    return out, coherence


def scattered_rest(route: np.ndarray, groups: np.ndarray, posterior: np.ndarray,
                   evidence: np.ndarray, min_concentration: float = MIN_CONCENTRATION
                   ) -> np.ndarray:
    """Rows of a leftover group explained piecemeal that stay after ``return_leftovers``
    and are still piecemeal: no topic of their own, so no emergent theme (case 3).

    Why: a group of 2-4-word post-its ("Billigere billetter!", "Urørt skov", "Psykolog
    uden ventetid") is coherent only because its members are short, and their best
    themes are spread over the taxonomy. Members that fit their theme go back to it
    (case 2); the ones left fit no theme clearly, and if their best themes are still
    spread (the most common one is the best theme of fewer than ``min_concentration``
    of them), calling them a new theme would give the committee a theme named after
    three unrelated words ("Stop, natbus og unge") and a map of where it was "raised".
    They go to "Øvrige" with their reason instead, where the analyst reviews them. A
    remainder that concentrates on one theme's neighbourhood stays an emergent theme.
    """
    out = np.zeros(len(route), dtype=bool)
    best, _ = best_agreeing(posterior, evidence)
    for g in np.unique(groups[groups >= 0]):
        members = groups == g
        if np.bincount(best[members]).max() / members.sum() >= min_concentration:
            continue
        rest = members & (np.asarray(route) < 0)
        if rest.sum() and np.bincount(best[rest]).max() / rest.sum() < min_concentration:
            out |= rest
    return out
