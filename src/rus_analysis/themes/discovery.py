"""Theme discovery: spectral clustering of a kNN graph, k chosen by graph modularity.

Why this method (measured on the two labelled Danish corpora, see benchmarks/themes_eval.md):
e5 similarities sit in a narrow band, so distances are weak evidence on their own but
*neighbour ranks* are reliable. A k-nearest-neighbour graph keeps only the ranks; its
spectral embedding (top eigenvectors of the normalised adjacency) straightens the clusters,
and k-means on the row-normalised eigenvectors cuts them (Ng, Jordan & Weiss 2002).

The number of themes, when not given, is the k whose partition has the highest
Newman-Girvan modularity on that same kNN graph: the share of graph edges inside themes
minus the share expected by chance. It needs no threshold on similarities and grows with
the data's real structure, not with the number of statements.

Everything is deterministic: rows arrive sorted by content hash, the eigen-solver starts
from a fixed vector, k-means uses a fixed seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits


def center(x: np.ndarray) -> np.ndarray:
    """Subtract the corpus mean and re-normalise.

    Why: all e5 vectors share a large common component (hence the 0.83-0.90 band);
    removing it spreads the cosines and makes neighbour ranks sharper.
    """
    x = np.asarray(x, dtype=np.float64)
    if len(x) < 2:
        return normalize(x)
    return normalize(x - x.mean(axis=0))


def default_neighbors(n: int) -> int:
    """Neighbours per statement: 10 up to ~1,600 statements, then growing with sqrt(n)/4.

    10 was the best of 10/15/20/40 on both development corpora; larger corpora need more
    neighbours to keep the graph connected at the same resolution.
    """
    return int(max(2, min(n - 1, max(10, round(np.sqrt(n) / 4)))))


def knn_graph(xc: np.ndarray, n_neighbors: int) -> sp.csr_matrix:
    """Symmetric kNN graph: weight 1 for a one-way neighbour, 2 for a mutual one (then /2)."""
    n = len(xc)
    nn = min(n_neighbors, n - 1)
    rows_all: list[np.ndarray] = []
    cols_all: list[np.ndarray] = []
    step = 2048  # blocks keep memory at O(step * n) for large corpora
    for start in range(0, n, step):
        sims = xc[start:start + step] @ xc.T
        for i in range(sims.shape[0]):
            sims[i, start + i] = -np.inf
        # stable sort: ties broken by row position, i.e. by content hash, not input order
        idx = np.argsort(-sims, axis=1, kind="stable")[:, :nn]
        rows_all.append(np.repeat(np.arange(start, start + sims.shape[0]), nn))
        cols_all.append(idx.ravel())
    rows = np.concatenate(rows_all)
    cols = np.concatenate(cols_all)
    a = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return ((a + a.T) / 2).tocsr()


def spectral_vectors(w: sp.csr_matrix, n_vectors: int) -> np.ndarray:
    """Top eigenvectors of D^-1/2 W D^-1/2 (largest eigenvalues first)."""
    n = w.shape[0]
    d = np.asarray(w.sum(axis=1)).ravel()
    d[d == 0] = 1.0
    dinv = sp.diags(1.0 / np.sqrt(d))
    a = (dinv @ w @ dinv).tocsr()
    k = min(n_vectors, n - 1)
    if n <= 300 or k >= n - 2:
        vals, vecs = np.linalg.eigh(a.toarray())
    else:
        vals, vecs = eigsh(a, k=k, which="LA", v0=np.ones(n) / np.sqrt(n), tol=1e-8)
    order = np.argsort(-vals, kind="stable")[:k]
    vecs = vecs[:, order]
    # fix the sign of each vector so that the result does not depend on the solver
    signs = np.sign(vecs[np.argmax(np.abs(vecs), axis=0), np.arange(vecs.shape[1])])
    signs[signs == 0] = 1.0
    return vecs * signs


def modularity(w: sp.csr_matrix, labels: np.ndarray) -> float:
    """Newman-Girvan modularity of a partition of the weighted graph ``w``."""
    m2 = float(w.sum())
    if m2 == 0:
        return 0.0
    deg = np.asarray(w.sum(axis=1)).ravel()
    q = 0.0
    coo = w.tocoo()
    same = labels[coo.row] == labels[coo.col]
    inside = np.bincount(labels[coo.row][same], weights=coo.data[same],
                         minlength=labels.max() + 1)
    tot = np.bincount(labels, weights=deg, minlength=labels.max() + 1)
    q = float(np.sum(inside / m2 - (tot / m2) ** 2))
    return q


def link_ratios(w: sp.csr_matrix, labels: np.ndarray, n_groups: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Observed / expected edge weight between every pair of groups of the kNN graph.

    Entry (a, b) is the weight of edges between groups a and b divided by what the
    configuration model expects from their degree volumes (1 = chance); the diagonal is
    a group's internal coherence. Also returns the groups' volumes (sums of degrees).
    """
    n = w.shape[0]
    g = sp.csr_matrix((np.ones(n), (np.arange(n), labels)), shape=(n, n_groups))
    between = np.asarray((g.T @ (w @ g)).todense())
    volume = np.asarray(g.T @ np.asarray(w.sum(axis=1)).ravel()).ravel()
    expected = np.outer(volume, volume) / max(float(w.sum()), 1e-12)
    return between / np.maximum(expected, 1e-12), volume


def _cut(vecs: np.ndarray, k: int, random_state: int, n_init: int) -> np.ndarray:
    u = normalize(vecs[:, :k])
    # One OpenMP thread: on small inputs scikit-learn's threaded Lloyd loop spends its
    # time spin-waiting (measured here: 2.5 s -> 0.05 s per fit on 650 rows, 2 cores).
    with threadpool_limits(limits=1, user_api="openmp"):
        km = KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(u)
    return _relabel(km.labels_)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters by their first row (rows are hash-sorted): canonical labels."""
    mapping: dict[int, int] = {}
    for lab in labels:
        mapping.setdefault(int(lab), len(mapping))
    return np.array([mapping[int(x)] for x in labels], dtype=int)


@dataclass(frozen=True)
class Discovery:
    """Result of ``discover``: labels per row (hash order), chosen k and the criterion."""

    labels: np.ndarray
    k: int
    scores: dict[int, float]   # k -> modularity (empty when k was given)
    n_neighbors: int


def discover(x: np.ndarray, n_themes: int | str = "auto", *, random_state: int = 0,
             n_neighbors: int | None = None, k_min: int = 2, k_max: int | None = None,
             n_init: int = 10) -> Discovery:
    """Cluster rows of ``x`` (already normalised, in canonical hash order).

    ``n_themes="auto"`` tries k = k_min..k_max (default max: 40, at most n/5) and keeps the
    k with the highest modularity on the kNN graph.
    """
    n = len(x)
    if n == 0:
        return Discovery(np.zeros(0, dtype=int), 0, {}, 0)
    if n < 4:
        return Discovery(np.zeros(n, dtype=int), 1, {}, 0)
    xc = center(x)
    nn = n_neighbors or default_neighbors(n)
    w = knn_graph(xc, nn)
    upper = k_max if k_max is not None else max(k_min, min(40, n // 5))
    if isinstance(n_themes, int):
        k_fixed = max(1, min(n_themes, n - 1))
        if k_fixed == 1:
            return Discovery(np.zeros(n, dtype=int), 1, {}, nn)
        vecs = spectral_vectors(w, k_fixed + 1)
        return Discovery(_cut(vecs, k_fixed, random_state, n_init), k_fixed, {}, nn)
    upper = max(k_min, min(upper, n - 2))
    vecs = spectral_vectors(w, upper + 1)
    scores: dict[int, float] = {}
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(k_min, upper + 1):
        # all k-means starts also in the sweep: the modularity curve is flat near its
        # top, and fewer starts (measured: 3) let noise move the chosen k (sib200: 7 -> 9)
        labels = _cut(vecs, k, random_state, n_init)
        q = modularity(w, labels)
        scores[k] = round(q, 6)
        if best is None or q > best[0] + 1e-9:
            best = (q, k, labels)
    assert best is not None
    return Discovery(best[2], best[1], scores, nn)
