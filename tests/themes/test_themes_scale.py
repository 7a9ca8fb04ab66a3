"""The large-input paths of theme discovery, exercised on small data by lowering their limits.

Above ``SWEEP_SAMPLE`` rows the k sweep fits k-means on a sample, above ``GRAPH_SAMPLE``
rows the graph is built on landmarks and the other rows join by their nearest landmarks,
and the self-training learns from at most ``SELF_TRAIN_MAX`` rows. These paths run at
tens of thousands of statements (benchmarks/); here the limits are lowered so that the
same code runs in a second, and the tests check what must survive the shortcut: exact
neighbours, recovered structure, every row labelled, determinism under reordering.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from rus_analysis.nlp import CachedEmbedder, LexicalEmbedder
from rus_analysis.themes import ThemeModel, seeding
from rus_analysis.themes import discovery as disc
from support import FIXTURES, ROOT

FIXTURE = FIXTURES / "themes_small.csv"


def _blobs(n_per: int = 60, k: int = 5, dim: int = 24, seed: int = 0
           ) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, dim)) * 3
    y = np.repeat(np.arange(k), n_per)
    x = centres[y] + rng.normal(size=(len(y), dim))
    return normalize(x), y


def test_nearest_equals_a_stable_full_sort_also_with_ties():
    x, _ = _blobs(40, 4, 8)
    x = np.vstack([x, x[:30]])  # exact duplicates: ties at and around the cut-off
    xc = disc.center(x).astype(np.float32)
    for nn in (1, 5, 12):
        got = disc.nearest(xc, xc, nn, self_offset=0)
        sims = xc @ xc.T
        np.fill_diagonal(sims, -np.inf)
        want = np.argsort(-sims, axis=1, kind="stable")[:, :nn]
        np.testing.assert_array_equal(got, want)


def test_landmark_graph_labels_every_row_and_recovers_blobs(monkeypatch):
    monkeypatch.setattr(disc, "GRAPH_SAMPLE", 120)
    monkeypatch.setattr(disc, "SWEEP_SAMPLE", 60)
    x, y = _blobs()
    found = disc.discover(x, "auto", random_state=0)
    assert found.graph is not None and len(found.graph.landmarks) == 120
    assert len(found.graph.rest) == len(x) - 120
    assert found.labels.shape == (len(x),)
    assert found.k == 5
    assert adjusted_rand_score(y, found.labels) > 0.95
    # the full graph links every non-landmark row to its landmarks only, symmetrically
    full = found.graph.full
    assert (full != full.T).nnz == 0
    assert set(full[found.graph.rest[0]].indices) <= set(found.graph.landmarks.tolist())
    fixed = disc.discover(x, 5, random_state=0, graph=found.graph)
    assert adjusted_rand_score(found.labels, fixed.labels) > 0.95


def test_sweep_on_a_sample_keeps_the_chosen_k(monkeypatch):
    x, y = _blobs(80, 6)
    exact = disc.discover(x, "auto", random_state=0)
    monkeypatch.setattr(disc, "SWEEP_SAMPLE", 100)
    sampled = disc.discover(x, "auto", random_state=0)
    assert sampled.k == exact.k == 6
    assert adjusted_rand_score(exact.labels, sampled.labels) > 0.95


def test_wide_vectors_are_reduced_only_above_the_row_limit(monkeypatch):
    monkeypatch.setattr(disc, "REDUCE_DIM", 64)
    monkeypatch.setattr(disc, "REDUCE_MIN_ROWS", 60)
    texts = pd.read_csv(FIXTURE)["text"].tolist()
    emb = CachedEmbedder(LexicalEmbedder(), None)  # 2,048 wide
    small = ThemeModel(embedder=emb, n_themes=3).fit(texts[:50])
    assert not small.reduced_ and small.centered_.shape[1] == 2048
    large = ThemeModel(embedder=emb, n_themes=3).fit(texts)
    assert len(large.texts_) > 60 and large.reduced_ and large.centered_.shape[1] == 64
    assert set(large.labels_) <= {"C0", "C1", "C2", "other"}


def test_reduce_keeps_the_structure_and_the_width_is_bounded(monkeypatch):
    monkeypatch.setattr(disc, "GRAPH_SAMPLE", 150)
    x, y = _blobs(60, 5, dim=64)
    r = disc.reduce(disc.center(x), 16)
    assert r.shape == (len(x), 16)
    np.testing.assert_allclose(np.linalg.norm(r, axis=1), 1.0, rtol=1e-6)
    assert adjusted_rand_score(y, disc.discover(r, 5, random_state=0).labels) > 0.95


def test_self_training_cap_keeps_every_theme(monkeypatch):
    monkeypatch.setattr(seeding, "SELF_TRAIN_MAX", 50)
    x, y = _blobs(60, 5)
    rng = np.random.default_rng(1)
    # a noisy current assignment: the cap must learn from every theme, small ones too
    current = np.eye(5)[y] * 3 + rng.normal(size=(len(y), 5))
    out = seeding.self_train(disc.center(x), current, current, 0)
    assert set(np.unique(out.argmax(axis=1))) == set(range(5))
    assert adjusted_rand_score(y, out.argmax(axis=1)) > 0.9


def test_large_input_route_is_order_independent(monkeypatch):
    """The model with every shortcut active gives identical themes on shuffled rows."""
    monkeypatch.setattr(disc, "GRAPH_SAMPLE", 50)
    monkeypatch.setattr(disc, "SWEEP_SAMPLE", 30)
    monkeypatch.setattr(disc, "REDUCE_MIN_ROWS", 50)
    monkeypatch.setattr(disc, "REDUCE_DIM", 64)
    monkeypatch.setattr(seeding, "SELF_TRAIN_MAX", 40)
    texts = pd.read_csv(FIXTURE)["text"].tolist()
    emb = CachedEmbedder(LexicalEmbedder(), None)
    from rus_analysis.config import load_config

    cfg = load_config(ROOT / "config" / "rus.yaml")
    a = ThemeModel(taxonomy=cfg.themes.taxonomy, embedder=emb).fit(texts)
    assert a.reduced_ and a.centered_.shape[1] == 64
    assert len(a.graph_.rest) == len(a.texts_) - 50
    perm = np.random.default_rng(5).permutation(len(texts))
    b = ThemeModel(taxonomy=cfg.themes.taxonomy, embedder=emb).fit([texts[i] for i in perm])
    back = np.empty(len(texts), dtype=object)
    back[perm] = b.labels_
    assert list(back) == list(a.labels_)
    pd.testing.assert_frame_equal(a.themes_, b.themes_)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_tiny_inputs_do_not_build_a_graph(n):
    x, _ = _blobs(2, 2)
    found = disc.discover(x[:n], "auto")
    assert len(found.labels) == n


def test_em_priors_equal_the_softmax_formulation():
    # em_priors works on exp(logits) with matrix-vector steps; it must equal the textbook
    # EM (a softmax per step) it replaced, also for near-one-hot and lopsided inputs
    from scipy.special import softmax

    from rus_analysis.themes.seeding import em_priors

    def textbook(logits, iterations=30):
        log_pi = np.full(logits.shape[1], -np.log(logits.shape[1]))
        for _ in range(iterations):
            pi = softmax(logits + log_pi, axis=1).mean(axis=0) + 1e-6
            log_pi = np.log(pi / pi.sum())
        return log_pi

    rng = np.random.default_rng(3)
    for scale in (0.5, 4.0, 60.0):
        logits = rng.normal(size=(400, 7)) * scale
        logits[:300, 2] += 3.0  # one theme much larger than the rest
        np.testing.assert_allclose(em_priors(logits), textbook(logits), atol=1e-9)
    one_hot = np.full((5, 3), -1e3)
    one_hot[:, 0] = 0.0
    np.testing.assert_allclose(em_priors(one_hot), textbook(one_hot), atol=1e-9)
    assert em_priors(np.zeros((0, 4))).shape == (4,)
