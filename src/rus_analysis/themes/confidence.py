"""How sure the model is of each statement's theme: independent views that must agree.

A posterior probability alone is a poor confidence here: the self-trained model is
sure of itself exactly where it amplified its first mistake (issue 16). So a statement's
confidence combines views of its theme that are computed differently:

* ``posterior``: the seeded posterior of its strategy theme (self-trained model);
* ``forced``: its strategy theme is also the theme the posterior ranks first over the
  whole taxonomy (routing can only restrict the choice to the themes its group holds);
* ``prototype``: its strategy theme is the one whose description (standardised
  similarity plus theme words) it fits best, without any learning;
* ``neighbours``: share of its neighbours in the statements' kNN graph that have the
  same primary theme (the data's own view, also defined for emergent themes).

The confidence is the mean of the views that exist for the assignment (the four above
for a strategy theme; for an emergent theme the neighbour share). The same rule on every
input; no label is used to fit it. ``confident`` marks assignments on which every view
agrees (``CONFIDENT_MIN``): measured on the development corpora in
benchmarks/themes_eval.md (calibration table).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

CONFIDENT_MIN = 0.75   # confidence from which an assignment is marked confident


def neighbour_share(graph: sp.csr_matrix | None, keys: np.ndarray) -> np.ndarray:
    """Weighted share of each row's kNN-graph neighbours with the same key."""
    n = len(keys)
    if graph is None or n == 0:
        return np.ones(n)
    _, code = np.unique(keys.astype(str), return_inverse=True)
    onehot = sp.csr_matrix((np.ones(n), (np.arange(n), code)), shape=(n, int(code.max()) + 1))
    votes = graph @ onehot
    same = np.asarray(votes[np.arange(n), code]).ravel()
    deg = np.asarray(graph.sum(axis=1)).ravel()
    return np.where(deg > 0, same / np.maximum(deg, 1e-12), 1.0)


def assignment_confidence(primary: np.ndarray, seed_index: np.ndarray, posterior: np.ndarray,
                          evidence: np.ndarray, graph: sp.csr_matrix | None,
                          labelled: dict[int, int] | None = None
                          ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Confidence (0-1), the confident flag and the views, per row.

    ``seed_index``: the row's strategy theme (index into the taxonomy) or -1 for an
    emergent theme; ``labelled``: rows the analyst gave as examples (confidence 1).
    """
    n = len(primary)
    nb = neighbour_share(graph, np.asarray(primary))
    post = np.full(n, np.nan)
    forced = np.full(n, np.nan)
    proto = np.full(n, np.nan)
    seeded = seed_index >= 0
    if seeded.any() and posterior.shape[1]:
        rows = np.flatnonzero(seeded)
        j = seed_index[rows]
        post[rows] = posterior[rows, j]
        forced[rows] = (posterior[rows].argmax(axis=1) == j).astype(float)
        if evidence.shape[1]:
            proto[rows] = (evidence[rows].argmax(axis=1) == j).astype(float)
    parts = pd.DataFrame({"posterior": post, "forced": forced, "prototype": proto,
                          "neighbours": nb})
    value = np.array(parts.mean(axis=1, skipna=True).to_numpy(), dtype=float)
    for r in (labelled or {}):
        value[r] = 1.0
    return value, value >= CONFIDENT_MIN, parts
