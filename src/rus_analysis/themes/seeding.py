"""Seeded themes: map statements onto the strategy's taxonomy, transductively.

Why not nearest prototype: e5 cosines sit in a narrow band, and a theme whose description
is generic is "near" everything. So the raw similarity to each theme's prototype
("name: description, keywords" as an e5 query) is standardised per theme (z-score over
the statements), keyword evidence from lemmas is added (a theme word found in a statement,
also inside a compound: "skolestruktur" carries "skole"), and theme sizes are then learned
from the data by EM on the class priors: a theme that few statements are about stops
absorbing the uncertain ones. Finally the assignment is refined on the data's own
structure: a linear model trained on the confident half of each theme's members
re-scores all statements (self-training), blended with the prototype evidence so that the
analyst's descriptions keep their weight.

Constants below were chosen on the two development corpora as a compromise that does not
favour either (see benchmarks/themes_eval.md), not tuned per corpus.

All steps are deterministic functions of the (hash-sorted) data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import softmax

from rus_analysis.config import ThemeSeed
from rus_analysis.nlp import lemmatize, stop_words, tokenize

BETA = 2.0           # inverse temperature on z-scores (z of 1 = factor e^2 in odds)
KEYWORD_WEIGHT = 1.0  # one matched theme word counts like one standard deviation
EM_ITERATIONS = 30
SELF_TRAIN_ROUNDS = 2
EVIDENCE_WEIGHT = 0.5  # weight of prototype + keyword evidence next to the learned model
# a statement whose best seed evidence (z-score + theme words) is under one standard
# deviation is "not confidently seeded": candidate material for emergent themes
RESIDUAL_Z = 1.0
MIN_RESIDUAL = 10      # fewer such statements: no emergent themes are looked for
# the self-trained model learns from at most this many confident statements (an even
# sample in hash order above it): enough for 384-2,048 features and a few dozen themes,
# and it keeps 100,000 statements from costing minutes (benchmarks/results/FINDINGS.md)
SELF_TRAIN_MAX = 10000


def prototype_text(seed: ThemeSeed) -> str:
    """The text embedded for a seeded theme: "name: description" plus keywords."""
    text = f"{seed.name}: {seed.description}"
    if seed.keywords:
        text += " (" + ", ".join(seed.keywords) + ")"
    return text


def seed_terms(seed: ThemeSeed, extra_stops: Sequence[str] = ()) -> tuple[str, ...]:
    """Content lemmas of a theme's name, description and keywords (3+ letters)."""
    stops = stop_words(extra_stops)
    words = tokenize(" ".join([seed.name, seed.description, *seed.keywords]))
    out = {lemmatize(w) for w in words if len(w) >= 3 and w not in stops}
    return tuple(sorted(t for t in out if len(t) >= 3 and t not in stops))


def keyword_evidence(lemma_lists: Sequence[Sequence[str]],
                     terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Statement x theme matrix of matched theme words.

    A statement lemma matches a theme word when equal, or, for words of 4+ letters, when
    the lemma starts or ends with it (Danish compounds: "skolestruktur", "vandforsyningsplan").
    A word shared by several themes counts 1/len(themes) for each, and each word is
    weighted by its idf among the statements (2 log(n/df)/log n): a word in every
    statement is no evidence.
    """
    owners: dict[str, list[int]] = {}
    for j, ts in enumerate(terms):
        for t in ts:
            owners.setdefault(t, []).append(j)
    long_terms = sorted(t for t in owners if len(t) >= 4)
    k = np.zeros((len(lemma_lists), len(terms)))
    memo: dict[str, set[str]] = {}
    hits_of: list[set[str]] = []
    for lemmas in lemma_lists:
        found: set[str] = set()
        for lemma in set(lemmas):
            if lemma not in memo:
                hit = {lemma} if lemma in owners else set()
                hit |= {t for t in long_terms
                        if t != lemma and (lemma.startswith(t) or lemma.endswith(t))}
                memo[lemma] = hit
            found |= memo[lemma]
        hits_of.append(found)
    n = max(len(lemma_lists), 2)
    dfreq: dict[str, int] = {}
    for found in hits_of:
        for t in found:
            dfreq[t] = dfreq.get(t, 0) + 1
    # idf weight in (0, 2]: a theme word found in most statements says little
    weight = {t: 2.0 * np.log(n / dfreq[t]) / np.log(n) if t in dfreq else 0.0
              for t in owners}
    for i, found in enumerate(hits_of):
        for t in sorted(found):
            for j in owners[t]:
                k[i, j] += weight[t] / len(owners[t])
    return k


def seed_evidence(x: np.ndarray, prototypes: np.ndarray, keywords: np.ndarray) -> np.ndarray:
    """Standardised prototype similarity plus keyword evidence, statement x seed."""
    return _zscore(x @ prototypes.T) + KEYWORD_WEIGHT * keywords


def example_evidence(xc: np.ndarray, example_vecs: np.ndarray, example_seed: Sequence[int],
                     n_themes: int) -> np.ndarray:
    """Statement x theme: similarity to the theme's nearest example, standardised per theme
    over the statements (like the prototype similarity); 0 for themes without examples.

    ``xc`` and ``example_vecs`` in the same centred space. The nearest example, not the
    examples' mean: a theme's examples can come from different strands of it.
    """
    out = np.zeros((len(xc), n_themes))
    if len(example_vecs) == 0 or len(xc) == 0:
        return out
    sims = np.asarray(xc, dtype=np.float64) @ np.asarray(example_vecs, dtype=np.float64).T
    owner = np.asarray(example_seed)
    for j in range(n_themes):
        cols = np.flatnonzero(owner == j)
        if len(cols):
            out[:, j] = _zscore(sims[:, cols].max(axis=1, keepdims=True))[:, 0]
    return out


def _zscore(s: np.ndarray) -> np.ndarray:
    sd = s.std(axis=0)
    sd[sd == 0] = 1.0
    return (s - s.mean(axis=0)) / sd


def em_priors(logits: np.ndarray, iterations: int = EM_ITERATIONS) -> np.ndarray:
    """Log class priors learned by EM on fixed per-class log-likelihoods (Saerens et al.).

    The likelihoods are exponentiated once; each step is then two matrix-vector products
    (the posterior's column means are ``pi * E.T @ (1 / E @ pi) / n``) instead of a
    softmax over the whole n x m matrix (30 softmaxes cost 6 s at 100,000 statements).
    """
    n, m = logits.shape
    if n == 0:
        return np.full(m, -np.log(m))
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    pi = np.full(m, 1.0 / m)
    for _ in range(iterations):
        pi = pi * (e.T @ (1.0 / np.maximum(e @ pi, 1e-300))) / n + 1e-6
        pi = pi / pi.sum()
    return np.log(pi)


def seed_scores(x: np.ndarray, xc: np.ndarray, prototypes: np.ndarray,
                keywords: np.ndarray, random_state: int = 0,
                refine: bool = True, labelled: dict[int, int] | None = None,
                extra_evidence: np.ndarray | None = None) -> np.ndarray:
    """Posterior probabilities statement x seeded theme (rows sum to 1).

    ``x``: normalised statement embeddings; ``xc``: the same, centred (see discovery.center);
    ``prototypes``: normalised theme embeddings; ``keywords``: ``keyword_evidence`` output;
    ``labelled``: row -> theme index of statements the analyst gave as examples: they
    are in their theme's training set in every self-training round and their posterior
    is their theme; ``extra_evidence``: more statement x theme evidence on the same
    standardised scale (the examples', ``example_evidence``).
    """
    n, m = len(x), len(prototypes)
    if n == 0 or m == 0:
        return np.zeros((n, m))
    if m == 1:
        return np.ones((n, 1))
    labelled = labelled or {}
    evidence = seed_evidence(x, prototypes, keywords)
    if extra_evidence is not None:
        evidence = evidence + extra_evidence
    logits = BETA * evidence
    prior = logits + em_priors(logits)
    if refine and n >= 5 * m:
        for _ in range(SELF_TRAIN_ROUNDS):
            prior = _self_train(xc, prior, logits, random_state, labelled=labelled)
    out = softmax(prior, axis=1)
    for r, j in labelled.items():
        out[r] = 0.0
        out[r, j] = 1.0
    return out


def confident_half(current: np.ndarray) -> np.ndarray:
    """Rows in the confident half of their theme: margin between the best and the
    second-best score at or above the median margin of the theme's current members."""
    a = current.argmax(axis=1)
    srt = np.sort(current, axis=1)
    margin = srt[:, -1] - srt[:, -2]
    confident = np.zeros(len(a), dtype=bool)
    for j in np.unique(a):
        idx = np.flatnonzero(a == j)
        confident[idx[margin[idx] >= np.median(margin[idx])]] = True
    return confident


def _self_train(xc: np.ndarray, current: np.ndarray, evidence: np.ndarray,
                random_state: int, scale: str = "common",
                labelled: dict[int, int] | None = None) -> np.ndarray:
    """One round of self-training: fit on each theme's confident half, blend with evidence.

    The linear model sees the centred embeddings of the confident half of each theme's
    current members (by margin between best and second-best theme), with balanced class
    weights so that small themes are not swallowed; its decision values (centred per theme,
    on one common scale) are added to half the prototype/keyword evidence, and class priors
    are re-learned by EM.

    ``scale="theme"`` z-scores the decision values per class instead: used where the
    classes are candidate clusters competing with the seeds (``ThemeModel._fit_emergent``).
    There every candidate is a group the data formed, and whether it is kept is decided
    afterwards by graph and word tests, so candidates compete on an equal footing; a
    common scale would let a 8-statement new topic lose to the seeds before being tested.
    For the taxonomy's own themes (``seed_scores``) nothing tests them afterwards, so the
    learned model's confidence has to stay in the scale.
    """
    from sklearn.linear_model import LogisticRegression

    a = current.argmax(axis=1)
    confident = confident_half(current)
    if labelled:
        rows = np.fromiter(labelled.keys(), dtype=int)
        a[rows] = np.fromiter(labelled.values(), dtype=int)
        confident[rows] = True
    classes = np.unique(a[confident])
    if len(classes) < 2:
        return current
    train = np.flatnonzero(confident)
    if len(train) > SELF_TRAIN_MAX:
        # stratified: every theme keeps its share (at least 20 rows), evenly in hash order
        keep = []
        for j in classes:
            idx = train[a[train] == j]
            size = max(20, round(SELF_TRAIN_MAX * len(idx) / len(train)))
            keep.append(idx[np.unique(np.linspace(0, len(idx) - 1, min(size, len(idx)))
                                      .round().astype(int))])
        train = np.sort(np.concatenate(keep))
        if labelled:   # the analyst's examples always stay in the training set
            train = np.union1d(train, np.fromiter(labelled.keys(), dtype=int))
    lr = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced",
                            random_state=random_state)
    lr.fit(xc[train], a[train])
    dec = lr.decision_function(xc)
    if dec.ndim == 1:
        dec = np.column_stack([-dec, dec])
    out = np.full_like(evidence, -1e3)
    learned = _common_scale(dec) if scale == "common" else _zscore(dec)
    out[:, lr.classes_] = BETA * learned + EVIDENCE_WEIGHT * evidence[:, lr.classes_]
    return out + em_priors(out)


def _common_scale(dec: np.ndarray) -> np.ndarray:
    """Decision values centred per theme and divided by ONE standard deviation.

    Why not a z-score per theme (as for the prototype similarities): the learned model's
    scale is its confidence. A theme it learned from a handful of statements has flat,
    low-variance decision values; dividing them by their own small deviation stretched
    them to the same spread as a well-learned theme, and a 3-statement theme then claimed
    dozens of statements (capcas: "Internationale forhold" 3 true -> 46 predicted).
    """
    c = dec - dec.mean(axis=0)
    sd = c.std()
    return c / sd if sd > 0 else c


zscore = _zscore
self_train = _self_train
