"""Theme discovery: spectral clustering of a kNN graph, k chosen by graph modularity.

Why this method (measured on the two labelled Danish corpora, see benchmarks/themes_eval.md):
e5 similarities sit in a narrow band, so distances are weak evidence on their own but
*neighbour ranks* are reliable. A k-nearest-neighbour graph keeps only the ranks; its
spectral embedding (top eigenvectors of the normalised adjacency) straightens the clusters,
and k-means on the row-normalised eigenvectors cuts them (Ng, Jordan & Weiss 2002).

The number of themes, when not given, starts from the Newman-Girvan modularity of each
k's partition on that same kNN graph (the share of graph edges inside themes minus the
share expected by chance). The curve is flat at its top, so the k within 0.5 % of the
best modularity are ties, and among them the largest k whose themes are all separated
(no two linked more than chance, ``separated``) is chosen (issue 16: the plain maximum
flipped between k = 8 and 11 on DAST with the random seed). No threshold on
similarities. Inside each theme, sub-themes (``subclusters``) are cut the same way.

Scale (benchmarks/results/FINDINGS.md): an exact kNN graph costs n² similarities, and the
k sweep runs k-means 39 x 10 times. So these sizes bound the work, all above a
dialogue round and the development corpora (there nothing is sampled or projected):

* above ``SWEEP_SAMPLE`` rows, each k of the sweep fits k-means on an even sample of the
  rows (every m-th in hash order, i.e. a pseudo-random one that does not depend on the
  input order) and labels the other rows with the fitted centres; the chosen k is then
  cut once on all rows;
* above ``GRAPH_SAMPLE`` rows, the graph and its spectral embedding are built on an even
  sample ("landmarks"); every other row joins the theme most of its nearest landmarks
  are in (Nyström-style out-of-sample extension). Cost then grows as n x GRAPH_SAMPLE;
* above ``REDUCE_MIN_ROWS`` rows, vectors wider than ``REDUCE_DIM`` (the lexical
  backend's) are projected on their top principal directions (``reduce``).

Everything is deterministic: rows arrive sorted by content hash, the eigen-solver starts
from a fixed vector, k-means uses a fixed seed, and neighbour ties are broken by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

SWEEP_SAMPLE = 3000    # rows k-means sees per k in the auto-k sweep
GRAPH_SAMPLE = 12000   # rows (landmarks) the kNN graph and spectral embedding are built on
REDUCE_DIM = 384       # width of wider vectors above REDUCE_MIN_ROWS rows (see ``reduce``)
REDUCE_MIN_ROWS = 3000  # rows from which rows x width dominates (see ``reduce``)
BLOCK_CELLS = 2 ** 25  # similarities held at once (~128 MB in float32)


def center(x: np.ndarray, dtype: type = np.float64) -> np.ndarray:
    """Subtract the corpus mean and re-normalise.

    Why: all e5 vectors share a large common component (hence the 0.83-0.90 band);
    removing it spreads the cosines and makes neighbour ranks sharper.
    """
    x = np.asarray(x, dtype=dtype)
    if len(x) < 2:
        return normalize(x)
    return normalize(x - x.mean(axis=0), copy=False)


def reduce(xc: np.ndarray, n_components: int) -> np.ndarray:
    """Rows projected on their top principal directions, normalised.

    Why: above REDUCE_MIN_ROWS statements the kNN graph and the self-training's linear
    model cost rows x width; the lexical backend's 2,048 hashed features are reduced to
    the width of e5 (384), keeping the directions the statements actually vary along
    (latent semantic analysis). On 10,000 labelled statements (benchmarks/themes_eval.md)
    this was faster (16 s vs 19 s) and no worse (ARI 0.066 vs 0.053). The directions come from the
    covariance of the landmark rows (``even_sample``): one width x width eigenproblem,
    exact and deterministic (a direction's sign does not change any cosine).
    """
    if xc.shape[1] <= n_components:
        return xc
    xs = np.asarray(xc[even_sample(len(xc), GRAPH_SAMPLE)], dtype=np.float64)
    _, vecs = np.linalg.eigh(xs.T @ xs)
    top = vecs[:, ::-1][:, :n_components].astype(xc.dtype)
    return normalize(np.asarray(xc @ top, dtype=np.float64), copy=False)


def default_neighbors(n: int) -> int:
    """Neighbours per statement: 10 up to ~1,600 statements, then growing with sqrt(n)/4.

    10 was the best of 10/15/20/40 on both development corpora; larger corpora need more
    neighbours to keep the graph connected at the same resolution.
    """
    return int(max(2, min(n - 1, max(10, round(np.sqrt(n) / 4)))))


def even_sample(n: int, size: int) -> np.ndarray:
    """``size`` row positions spread evenly over ``range(n)`` (all rows when n <= size).

    Rows are in content-hash order, so this is a pseudo-random sample that is the same
    whatever order the statements came in.
    """
    if n <= size:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, size).round().astype(int))


def nearest(xq: np.ndarray, xref: np.ndarray, nn: int, self_offset: int | None = None
            ) -> np.ndarray:
    """Indices of the ``nn`` rows of ``xref`` most similar to each row of ``xq``.

    Ordered by similarity, ties by row position (so by content hash, not input order).
    ``self_offset``: ``xq`` is ``xref[self_offset:...]``, and a row is not its own
    neighbour. Works in blocks of ``BLOCK_CELLS`` similarities: ``np.partition`` finds
    each row's ``nn``-th largest similarity (O(n) per row, and about three times faster
    than ``argpartition``), every entry at or above it is a candidate, and the candidates
    are sorted by (similarity, position). That equals a stable full sort, ties included.
    """
    n_ref = len(xref)
    # float32 similarities: half the time and memory of float64; ranks of the development
    # corpora's neighbours are unchanged (benchmarks/themes_eval.md)
    xq = np.asarray(xq, dtype=np.float32)
    xref = np.asarray(xref, dtype=np.float32)
    step = int(max(64, min(4096, BLOCK_CELLS // max(n_ref, 1))))
    out = np.empty((len(xq), nn), dtype=np.int64)
    for start in range(0, len(xq), step):
        sims = xq[start:start + step] @ xref.T
        b = sims.shape[0]
        rows = np.arange(b)
        if self_offset is not None:
            sims[rows, self_offset + start + rows] = -np.inf
        cut = np.partition(sims, n_ref - nn, axis=1)[:, n_ref - nn]
        r, c = np.nonzero(sims >= cut[:, None])
        order = np.lexsort((c, -sims[r, c], r))
        r, c = r[order], c[order]
        rank = np.arange(len(r)) - np.searchsorted(r, r)
        out[start:start + b] = c[rank < nn].reshape(b, nn)
    return out


def knn_graph(xc: np.ndarray, n_neighbors: int) -> sp.csr_matrix:
    """Symmetric kNN graph: weight 1 for a one-way neighbour, 2 for a mutual one (then /2)."""
    n = len(xc)
    nn = min(n_neighbors, n - 1)
    idx = nearest(xc, xc, nn, self_offset=0)
    rows = np.repeat(np.arange(n), nn)
    a = sp.csr_matrix((np.ones(len(rows)), (rows, idx.ravel())), shape=(n, n))
    return ((a + a.T) / 2).tocsr()


@dataclass(frozen=True)
class Graph:
    """The statements' kNN graph, built once per fit and shared by every step using it.

    ``landmarks``: rows the spectral graph ``core`` is built on (all rows up to
    GRAPH_SAMPLE); ``rest_nn``: for every other row, its nearest landmarks (positions in
    ``landmarks``); ``full``: an n x n graph for modularity and link ratios (core edges
    plus each other row's edges to its landmarks).
    """

    core: sp.csr_matrix
    landmarks: np.ndarray
    rest: np.ndarray
    rest_nn: np.ndarray
    full: sp.csr_matrix
    n_neighbors: int


def build_graph(xc: np.ndarray, n_neighbors: int | None = None) -> Graph:
    """kNN graph of centred, normalised rows (landmark-based above GRAPH_SAMPLE rows)."""
    n = len(xc)
    landmarks = even_sample(n, GRAPH_SAMPLE)
    nn = n_neighbors or default_neighbors(len(landmarks))
    core = knn_graph(xc[landmarks], nn)
    if len(landmarks) == n:
        return Graph(core, landmarks, np.zeros(0, dtype=np.int64),
                     np.zeros((0, nn), dtype=np.int64), core, nn)
    rest = np.setdiff1d(np.arange(n), landmarks)
    k = min(nn, len(landmarks))
    rest_nn = nearest(xc[rest], xc[landmarks], k)
    core_coo = core.tocoo()
    mapped = sp.csr_matrix((core_coo.data, (landmarks[core_coo.row], landmarks[core_coo.col])),
                           shape=(n, n))
    # each other row's one-way edges to its landmarks, symmetrised like knn_graph (1/2)
    b = sp.csr_matrix((np.full(len(rest) * k, 0.5), (np.repeat(rest, k),
                                                      landmarks[rest_nn.ravel()])), shape=(n, n))
    full = (mapped + b + b.T).tocsr()
    return Graph(core, landmarks, rest, rest_nn, full, nn)


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
    coo = w.tocoo()
    same = labels[coo.row] == labels[coo.col]
    inside = np.bincount(labels[coo.row][same], weights=coo.data[same],
                         minlength=labels.max() + 1)
    tot = np.bincount(labels, weights=deg, minlength=labels.max() + 1)
    return float(np.sum(inside / m2 - (tot / m2) ** 2))


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


def _kmeans(u: np.ndarray, k: int, random_state: int, n_init: int) -> KMeans:
    """Seeded k-means; callers hold OpenMP at one thread (see ``one_thread``)."""
    return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(u)


def one_thread() -> threadpool_limits:
    """One OpenMP thread for k-means.

    Why: on small inputs scikit-learn's threaded Lloyd loop spends its time spin-waiting
    (measured here: 2.5 s -> 0.05 s per fit on 650 rows, 2 cores); the sweep uses the
    second core by running two k at a time instead.
    """
    return threadpool_limits(limits=1, user_api="openmp")


def _cut(vecs: np.ndarray, k: int, random_state: int, n_init: int,
         fit_rows: np.ndarray | None = None, refine: bool = False) -> np.ndarray:
    """k-means on the row-normalised first k eigenvectors.

    ``fit_rows``: the starts run on these rows only; the other rows get the nearest
    centre, or, with ``refine``, Lloyd iterations on all rows start from the sample's best
    centres (one run instead of ``n_init`` k-means++ starts on all rows).
    """
    u = normalize(vecs[:, :k])
    if fit_rows is None or len(fit_rows) >= len(u):
        return _relabel(_kmeans(u, k, random_state, n_init).labels_)
    km = _kmeans(u[fit_rows], k, random_state, n_init)
    if refine:
        km = KMeans(n_clusters=k, init=km.cluster_centers_, n_init=1,
                    random_state=random_state).fit(u)
        return _relabel(km.labels_)
    return _relabel(km.predict(u))


def _sweep(vecs: np.ndarray, ks: range, random_state: int, n_init: int,
           fit_rows: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """``_cut`` for every k, two k at a time on two threads (k-means releases the GIL).

    Each cut is seeded and independent of the others, so the result is the same as a
    serial loop. The OpenMP thread limit is set inside each worker: OpenMP's thread count
    is a per-thread setting, so the caller's limit does not reach the pool's threads.
    """
    from concurrent.futures import ThreadPoolExecutor

    def cut(k: int) -> np.ndarray:
        with one_thread():
            return _cut(vecs, k, random_state, n_init, fit_rows)

    with ThreadPoolExecutor(2) as pool:
        labels = list(pool.map(cut, ks))
    return list(zip(ks, labels, strict=True))


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters by their first row (rows are hash-sorted): canonical labels."""
    mapping: dict[int, int] = {}
    for lab in labels:
        mapping.setdefault(int(lab), len(mapping))
    return np.array([mapping[int(x)] for x in labels], dtype=int)


def _extend(graph: Graph, core_labels: np.ndarray) -> np.ndarray:
    """Labels for all rows: landmarks keep theirs, other rows take their landmarks' majority.

    Votes are weighted 1 + a tiny bonus for nearer landmarks, so a tie goes to the theme
    of the nearest landmark.
    """
    n = len(graph.landmarks) + len(graph.rest)
    out = np.empty(n, dtype=int)
    out[graph.landmarks] = core_labels
    if len(graph.rest):
        votes = core_labels[graph.rest_nn]
        r, nn = votes.shape
        counts = np.zeros((r, int(core_labels.max()) + 1))
        bonus = 1.0 + 1e-6 * (nn - np.arange(nn)) / nn
        np.add.at(counts, (np.repeat(np.arange(r), nn), votes.ravel()), np.tile(bonus, r))
        out[graph.rest] = counts.argmax(axis=1)
    return _relabel(out) if len(graph.rest) else out


@dataclass(frozen=True)
class Discovery:
    """Result of ``discover``: labels per row (hash order), chosen k and the criterion."""

    labels: np.ndarray
    k: int
    scores: dict[int, float]   # k -> the criterion's score (empty when k was given)
    n_neighbors: int
    graph: Graph | None = None
    modularity: dict[int, float] | None = None   # k -> modularity of the sweep's cut


SEPARATION_ALPHA = 0.05   # family-wise level of the "linked more than chance" test
# modularity within this share of its maximum counts as a tie: k-means restarts move the
# maximum by about this much (DAST: 0.6525 vs 0.6506 at k = 11 for two random seeds)
PLATEAU = 0.005


def separated(w: sp.csr_matrix, labels: np.ndarray, k: int,
              alpha: float = SEPARATION_ALPHA) -> bool:
    """True when no two of the ``k`` groups are linked in the kNN graph more than chance.

    Counts kNN arcs (``w`` holds 1/2 per one-way and 1 per mutual neighbour pair, i.e.
    half the arcs) between every pair of groups and compares them with the configuration
    model's expectation from the groups' degree volumes: a pair is linked more than
    chance when its arcs exceed the expectation by more than z standard deviations
    (Poisson), z from a Bonferroni correction over the k(k-1)/2 pairs at level ``alpha``.
    """
    from scipy.stats import norm

    n = w.shape[0]
    g = sp.csr_matrix((np.ones(n), (np.arange(n), labels)), shape=(n, k))
    between = 2.0 * np.asarray((g.T @ (w @ g)).todense())
    volume = 2.0 * np.asarray(g.T @ np.asarray(w.sum(axis=1)).ravel()).ravel()
    expected = np.outer(volume, volume) / max(float(volume.sum()), 1e-12)
    pairs = max(1, k * (k - 1) // 2)
    z = float(norm.ppf(1.0 - alpha / pairs))
    excess = between - expected - z * np.sqrt(expected)
    np.fill_diagonal(excess, -np.inf)
    return bool(excess.max() <= 0)


def discover(x: np.ndarray, n_themes: int | str = "auto", *, random_state: int = 0,
             n_neighbors: int | None = None, k_min: int = 2, k_max: int | None = None,
             n_init: int = 10, centered: np.ndarray | None = None,
             graph: Graph | None = None, criterion: str = "plateau") -> Discovery:
    """Cluster rows of ``x`` (already normalised, in canonical hash order).

    ``n_themes="auto"`` cuts k = k_min..k_max (default max: 40, at most n/5) and keeps:

    * ``criterion="plateau"`` (the default): among the k whose modularity is within
      ``PLATEAU`` (0.5 %) of the highest - ties, since k-means restarts move the maximum
      by that much - the largest k whose themes are all ``separated`` (no two linked in
      the kNN graph more than chance); none separated: the k of highest modularity;
    * ``criterion="separation"``: the largest separated k over the whole sweep;
    * ``criterion="modularity"``: the k of highest modularity (the rule before issue 16).

    Scores (``Discovery.scores``): k if chosen-eligible else 0 for the first two, the
    modularity for the third (``Discovery.modularity`` always holds the modularity).
    ``centered`` (``center(x)``) and ``graph`` (``build_graph`` of it) can be passed in
    when the caller already has them.
    """
    n = len(x)
    if n == 0:
        return Discovery(np.zeros(0, dtype=int), 0, {}, 0)
    if n < 4:
        return Discovery(np.zeros(n, dtype=int), 1, {}, 0)
    if graph is None:
        xc = center(x) if centered is None else centered
        graph = build_graph(xc, n_neighbors)
    w = graph.core
    m = w.shape[0]
    nn = graph.n_neighbors
    upper = k_max if k_max is not None else max(k_min, min(40, n // 5))
    if isinstance(n_themes, int):
        k_fixed = max(1, min(n_themes, m - 1))
        if k_fixed == 1:
            return Discovery(np.zeros(n, dtype=int), 1, {}, nn, graph)
        vecs = spectral_vectors(w, k_fixed + 1)
        with one_thread():
            core = _cut(vecs, k_fixed, random_state, n_init)
        return Discovery(_extend(graph, core), k_fixed, {}, nn, graph)
    upper = max(k_min, min(upper, m - 2))
    vecs = spectral_vectors(w, upper + 1)
    fit_rows = even_sample(m, SWEEP_SAMPLE)
    # all k-means starts also in the sweep: the modularity curve is flat near its top,
    # and fewer starts (measured: 3) let noise move the chosen k (sib200: 7 -> 9)
    cuts = _sweep(vecs, range(k_min, upper + 1), random_state, n_init, fit_rows)
    mod: dict[int, float] = {}
    best: tuple[float, int, np.ndarray] | None = None
    for k, labels in cuts:
        q = modularity(w, labels)
        mod[k] = round(q, 6)
        if best is None or q > best[0] + 1e-9:
            best = (q, k, labels)
    if best is None:
        raise ValueError(f"no number of themes to choose from between {k_min} and {upper}")
    k_best, labels_best, scores = best[1], best[2], mod
    if criterion in ("separation", "plateau"):
        floor = best[0] - PLATEAU * abs(best[0]) if criterion == "plateau" else -np.inf
        sep: dict[int, float] = {}
        widest: tuple[int, np.ndarray] | None = None
        for k, labels in cuts:
            ok = mod[k] >= floor and separated(w, labels, k)
            sep[k] = float(k) if ok else 0.0
            if ok:
                widest = (k, labels)
        if widest is not None:
            k_best, labels_best = widest
            scores = sep
    with one_thread():
        core = (labels_best if len(fit_rows) == m else
                _cut(vecs, k_best, random_state, n_init, fit_rows, refine=True))
    return Discovery(_extend(graph, core), k_best, scores, nn, graph, mod)


SUB_K_MAX = 3      # sub-themes per theme: the two or three strands of a theme
SUB_MIN_SIZE = 20  # a theme needs this many statements to be split into sub-themes


def subclusters(x: np.ndarray, labels: np.ndarray, *, random_state: int = 0,
                centered: np.ndarray | None = None, k_max: int = SUB_K_MAX,
                min_size: int = SUB_MIN_SIZE) -> np.ndarray:
    """Sub-theme number (0, 1, ...) of every row inside its theme ``labels[row]``.

    Criterion (documented in docs/themes.md, measured in benchmarks/themes_eval.md): each
    theme with at least ``min_size`` statements gets its own kNN graph (its members only,
    centred on the theme's mean, so the strands inside it are what varies) and is cut
    by the same spectral + modularity rule as the main level, with k from 2 to
    ``k_max``. A theme is always split when it is large enough: sub-themes are for
    reading a theme's strands, and three at most keeps them readable on a theme card
    (on DAST's 33 threads, 2-3 strands per subject matched the threads better than the
    unrestricted modularity choice, which splits each theme into ~7 pieces).

    Rows are in canonical (hash) order, so the result does not depend on input order.
    ``centered``: the fit's centred rows (only used for the theme-internal centring).
    """
    out = np.zeros(len(labels), dtype=int)
    base = x if centered is None else centered
    for c in np.unique(labels):
        idx = np.flatnonzero(labels == c)
        if len(idx) < max(min_size, 4):
            continue
        found = discover(base[idx], "auto", random_state=random_state,
                         k_max=min(k_max, max(2, len(idx) // 5)), criterion="modularity")
        out[idx] = found.labels
    return out
