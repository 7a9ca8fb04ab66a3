"""``ThemeModel``: discovery + seeded taxonomy + emergent themes, scikit-learn style.

Parameters live in ``__init__``, learning happens in ``fit``, learned state ends in ``_``.
The same statements in any row order give identical results: ``fit`` removes duplicate
texts and sorts them by sha256 before anything else, and every stochastic step has a seed.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import softmax
from sklearn.base import BaseEstimator
from sklearn.preprocessing import normalize

from rus_analysis.config import ThemeSeed
from rus_analysis.nlp import (
    Embedder,
    apply_phrases,
    content_tokens,
    find_phrases,
    lemmas_and_bigrams,
    make_embedder,
    text_hash,
)
from rus_analysis.themes import confidence as conf
from rus_analysis.themes import discovery as disc
from rus_analysis.themes import examples as exm
from rus_analysis.themes import labels as lab
from rus_analysis.themes import leftovers, routing, seeding

OTHER = "other"
OTHER_LABEL = "Øvrige"
# the statements no strategy theme holds are cut into as many themes as stay separated
# (discovery.discover), at most as many as the main level found in the whole input: a
# new topic is then not merged with strategy-theme strands its descriptions do not reach
EMERGENT_CRITERION = "separation"
# ... and into no more themes than leave 10 statements each on average: a small pool (what
# the strategy themes leave of a 100-statement round) is otherwise cut into pieces of 4-7
# by the separation criterion, splitting one new topic in three
EMERGENT_MIN_MEAN = 10
KEYWORD_ANCHORS = True     # each taxonomy keyword also claims the group it lands in
SECONDARY_MIN_PROBA = 0.2   # a second theme must hold >= 20 % of the statement's posterior
WRITTEN_SAMPLE = 2000       # statements per theme read for the written form of top terms
REASON_NO_CONTENT = "ingen indholdsord (kun fyldord, tal eller tegn)"
# the fewest distinct statements a discovered theme is made of: a smaller group goes to
# "Øvrige" (REASON_TINY), and a theme held from an earlier run that shrinks below it is
# retired (assign.py, docs/themes.md "Stable ids")
MIN_GROUP = 3
REASON_TINY = f"for lille gruppe: færre end {MIN_GROUP} udsagn ligner hinanden"
REASON_SCATTERED = ("spredt: ligner udsagn om flere forskellige strategitemaer og passer "
                    "ikke klart til ét af dem")


def _nested(main: np.ndarray, sub: np.ndarray) -> np.ndarray:
    """One id per (main, sub) pair, numbered by first row (rows are in hash order)."""
    mapping: dict[tuple[int, int], int] = {}
    out = np.empty(len(main), dtype=int)
    for i, key in enumerate(zip(main.tolist(), sub.tolist(), strict=True)):
        out[i] = mapping.setdefault(key, len(mapping))
    return out


class ThemeModel(BaseEstimator):
    """Themes for a set of statements, on two levels (themes and their sub-themes).

    Learned attributes (per distinct text, hash order; ``labels_`` per input row):
    ``primary_`` / ``labels_`` theme keys, ``subthemes_`` ("<key>.<n>"), ``clusters_`` and
    ``fine_clusters_`` (discovery's two levels), ``seed_proba_`` / ``seed_best_`` (the
    seeded posterior and its best theme), ``seed_route_`` (strategy theme held, -1 none),
    ``claimed_`` / ``homes_`` (fine groups each strategy theme holds), ``homeless_``
    (strategy themes that no group fits, so none is claimed: ``routing.anchor_homes``;
    always empty where no routing happens: too few statements for a graph, or the
    fixed-threshold ``min_seed_score`` mode),
    ``confidence_`` / ``confident_`` / ``confidence_parts_``, ``examples_``, ``k_``,
    ``k_scores_``, ``k_modularity_``; ``review()`` lists the least certain statements.

    Parameters
    ----------
    n_themes : "auto" or int
        Number of discovered themes; "auto": among the k whose modularity on the
        statements' kNN graph ties with the best, the largest whose themes are all
        separated (see ``themes.discovery``). With a taxonomy it applies to the
        clustering whose sub-themes the strategy themes claim (``themes.routing``).
    taxonomy : sequence of ThemeSeed
        Seeded themes (id, Danish name, description, keywords). Empty: discovery only.
    embedder : Embedder or None
        Sentence embedder; None = ``make_embedder()`` (e5, lexical fallback, no disk cache).
    stop_words : extra stop words (the config's domain list).
    min_seed_score : float or None
        None (default): which statements fit no seeded theme is learned from the data.
        A number: statements whose best cosine to a seeded theme's prototype is below it
        are treated as unfit (e5 cosines sit in 0.83-0.90: only for experts).
    max_secondary : secondary themes per statement (0 = primary only).
    n_quotes : representative statements quoted per theme (3-5).
    strong_fit : float
        A statement that no claimed group holds still goes to its best strategy theme when
        its evidence for it is this many standard deviations above the input and the
        description agrees (``themes.leftovers``; ``inf`` turns it off).
    min_coherence : float
        Emergent groups whose members keep fewer than this share of their kNN links
        inside (or whose members' best themes are spread) are leftovers: members that
        fit their best theme return to it (0 = off).
    random_state : seed of every stochastic step.
    """

    # learned attributes (set by ``fit``), typed as what they hold; "per text" = one row
    # per distinct text in hash order, "per row" = one row per input text
    texts_: list[str]                       # the distinct texts
    hashes_: list[str]                      # their sha256, the sort key
    quotable_: np.ndarray                   # per text: may be quoted (consent)
    row_index_: np.ndarray                  # per row: index of its distinct text
    backend_: str                           # embedding backend that ran
    timings_: dict[str, float]              # seconds per fit step
    embeddings_: np.ndarray                 # per text, L2-normalised
    centered_: np.ndarray                   # per text, centred (reduced when wide and many)
    reduced_: bool
    phrases_: list[str]
    terms_: list[list[str]]                 # per text: lemmas and phrases
    graph_: disc.Graph | None               # kNN graph (None for inputs too small for one)
    clusters_: np.ndarray                   # per text: discovered theme (main level)
    fine_clusters_: np.ndarray              # per text: discovered sub-theme
    k_: int
    k_scores_: dict[int, float]
    k_modularity_: dict[int, float]
    seed_ids_: list[str]
    seed_proba_: np.ndarray                 # per text x seed: posterior
    seed_best_: np.ndarray                  # per text: best seed id (forced mapping)
    seed_evidence_: np.ndarray              # per text x seed: standardised fit
    keyword_evidence_: np.ndarray
    seed_route_: np.ndarray                 # per text: seed index held, -1 none
    homes_: dict[int, set[int]]             # fine group -> seed indices its anchors name
    homeless_: list[str]                    # strategy themes no group fits (no claim)
    claimed_: dict[int, set[int]]           # fine group -> seed indices that hold it
    examples_: exm.Examples
    emergent_clusters_: list[int]
    emergent_coherence_: dict[int, float]   # emergent group -> inside share of its kNN links
    returned_: np.ndarray                   # per text: given back by themes.leftovers
    emergent_threshold_: float
    primary_: np.ndarray                    # per text: theme key (seed id, "C<n>", "other")
    subthemes_: np.ndarray                  # per text: "<key>.<n>"
    labels_: np.ndarray                     # per row: theme key
    other_reasons_: dict[int, str]          # per text in "Øvrige": why
    confidence_: np.ndarray                 # per text: 0-1
    confident_: np.ndarray                  # per text: bool
    confidence_parts_: pd.DataFrame         # per text: the views confidence averages
    assignments_: pd.DataFrame              # index, theme_key, rank, score

    def __init__(self, n_themes: int | str = "auto", taxonomy: Sequence[ThemeSeed] = (),
                 embedder: Embedder | None = None, stop_words: Sequence[str] = (),
                 min_seed_score: float | None = None, max_secondary: int = 2,
                 n_quotes: int = 4, n_neighbors: int | None = None,
                 strong_fit: float = leftovers.STRONG_OWN_FIT,
                 min_coherence: float = leftovers.MIN_COHERENCE,
                 random_state: int = 2024) -> None:
        self.n_themes = n_themes
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.stop_words = stop_words
        self.min_seed_score = min_seed_score
        self.max_secondary = max_secondary
        self.n_quotes = n_quotes
        self.n_neighbors = n_neighbors
        self.strong_fit = strong_fit
        self.min_coherence = min_coherence
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, texts: Sequence[str], y: Any = None,
            quotable: Sequence[bool] | None = None) -> ThemeModel:
        """Learn themes for ``texts`` (one per statement; duplicates are fitted once).

        ``quotable``: per text, whether it may be quoted (the respondent's consent,
        ``consent.quotable``); a fit parameter like scikit-learn's ``sample_weight``, it
        changes no theme, only which texts ``describe`` may pick as quotes. A distinct
        text is quotable when any of its rows is. None: every text may be quoted.
        """
        texts = [str(t) for t in texts]
        hashes = [text_hash(t) for t in texts]
        uniq = sorted(set(hashes))
        pos = {h: i for i, h in enumerate(uniq)}
        by_hash = dict(zip(hashes, texts, strict=True))
        self.texts_ = [by_hash[h] for h in uniq]
        self.hashes_ = uniq
        self.row_index_ = np.array([pos[h] for h in hashes], dtype=int)
        n = len(self.texts_)
        self.quotable_ = np.ones(n, dtype=bool)
        if quotable is not None:
            flags = np.asarray(list(quotable), dtype=bool)
            if len(flags) != len(texts):
                raise ValueError(f"quotable has {len(flags)} flags for {len(texts)} texts")
            self.quotable_ = np.zeros(n, dtype=bool)
            np.logical_or.at(self.quotable_, self.row_index_, flags)
        self.returned_ = np.zeros(n, dtype=bool)

        embedder = self.embedder if self.embedder is not None else make_embedder(None)
        self.backend_ = embedder.name
        self.timings_: dict[str, float] = {}

        t0 = time.perf_counter()
        self.embeddings_ = (embedder.embed(self.texts_) if n
                            else np.zeros((0, 1), dtype=np.float32))
        self.timings_["embed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        lemmas, bigrams = lemmas_and_bigrams(self.texts_, self.stop_words)
        self.phrases_ = find_phrases(lemmas, bigrams)
        phrase_set = frozenset(self.phrases_)
        self.terms_ = [apply_phrases(lem, phrase_set, bg)
                       for lem, bg in zip(lemmas, bigrams, strict=True)]
        self.timings_["lemmas"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        # large, wide inputs (the lexical backend above REDUCE_MIN_ROWS statements) keep
        # float32 and get structure vectors of bounded width: 100,000 x 2,048 float64
        # copies would cost 1.6 GB each (benchmarks/results/FINDINGS.md)
        self.reduced_ = (n > disc.REDUCE_MIN_ROWS
                         and self.embeddings_.shape[1] > disc.REDUCE_DIM)
        x = (np.asarray(self.embeddings_, dtype=np.float32) if self.reduced_
             else self.embeddings_.astype(np.float64))
        if self.reduced_:
            self.centered_ = disc.reduce(disc.center(x, dtype=np.float32), disc.REDUCE_DIM)
        else:
            self.centered_ = disc.center(x) if n else x
        found = disc.discover(x, self.n_themes, random_state=self.random_state,
                              n_neighbors=self.n_neighbors, centered=self.centered_)
        # one kNN graph per fit: the sub-themes, the strategy-theme routing, the
        # confidence and the secondary scores reuse it
        self.graph_ = found.graph
        self.clusters_ = found.labels
        self.k_ = found.k
        self.k_scores_ = found.scores
        self.k_modularity_ = found.modularity or {}
        # the fine level: the sub-themes of the discovered themes (taxonomy-free); the
        # strategy-theme routing decides per fine group
        if self.taxonomy and n:
            sub = disc.subclusters(x, self.clusters_, random_state=self.random_state,
                                   centered=self.centered_)
            self.fine_clusters_ = _nested(self.clusters_, sub)
        else:
            self.fine_clusters_ = self.clusters_.copy()
        self.timings_["discover"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self.seed_ids_ = [s.id for s in self.taxonomy]
        self.scattered_rows_ = np.zeros(0, dtype=int)
        self.homeless_: list[str] = []
        if self.taxonomy and n:
            self._fit_seeded(embedder, x, lemmas)
        else:
            self.seed_proba_ = np.zeros((n, 0))
            self.seed_best_ = np.array([], dtype=object)
            self.seed_route_ = np.full(n, -1, dtype=int)
            self.examples_ = exm.resolve((), self.hashes_)
            self.emergent_clusters_: list[str] = sorted({f"C{c}" for c in self.clusters_})
            self.primary_ = np.array([f"C{c}" for c in self.clusters_], dtype=object)
        self._other_bucket()
        self.timings_["seed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self._subthemes(x)
        self._confidence()
        self._secondary()
        self.__dict__.pop("themes_", None)  # a refit describes its own themes
        self.timings_["label"] = time.perf_counter() - t0
        self.labels_ = self.primary_[self.row_index_]
        return self

    # ------------------------------------------------------------------ seeded themes
    def _fit_seeded(self, embedder: Embedder, x: np.ndarray,
                    lemmas: list[list[str]]) -> None:
        """Seeded posteriors, the groups each strategy theme may hold, emergent themes."""
        protos = embedder.embed([seeding.prototype_text(s) for s in self.taxonomy])
        protos = np.asarray(protos, dtype=np.float64)
        protos = protos.astype(x.dtype)
        self.examples_ = exm.resolve(self.taxonomy, self.hashes_)
        ex_vecs = exm.example_vectors(self.examples_, np.asarray(self.embeddings_), embedder.embed)
        # statements and anchors (prototypes, examples) in one space
        anchors = np.vstack([protos, ex_vecs]) if len(ex_vecs) else protos
        space, avecs = self._anchor_space(x, anchors)
        extra = seeding.example_evidence(space, avecs[len(protos):], self.examples_.seed,
                                         len(protos)) if len(ex_vecs) else None
        terms = [seeding.seed_terms(s, self.stop_words) for s in self.taxonomy]
        kw = seeding.keyword_evidence(lemmas, terms)
        self.keyword_evidence_ = kw
        self.seed_proba_ = seeding.seed_scores(x, self.centered_, protos, kw,
                                               random_state=self.random_state,
                                               labelled=self.examples_.labelled,
                                               extra_evidence=extra)
        best = self.seed_proba_.argmax(axis=1)
        self.seed_best_ = np.array([self.seed_ids_[j] for j in best], dtype=object)
        self.seed_evidence_ = seeding.seed_evidence(x, protos, kw)
        if extra is not None:
            self.seed_evidence_ = self.seed_evidence_ + extra
        if self.min_seed_score is not None:
            self._fit_fixed_threshold(x, protos, kw, best)
            return
        owner = list(range(len(protos))) + list(self.examples_.seed)
        rows = [None] * len(protos) + list(self.examples_.rows)
        if self.graph_ is None:
            # too few statements for a kNN graph, so no groups to route or to cluster:
            # each statement goes to its best strategy theme (its confidence says how sure)
            self.homes_, self.claimed_ = {}, {}
            self.seed_route_ = best.copy()
            self.primary_ = self.seed_best_.copy()
            self.emergent_clusters_ = []
            return
        homes = routing.anchor_homes(avecs, owner, space, self.fine_clusters_,
                                     self.graph_.n_neighbors, rows, evidence=self.seed_evidence_)
        # each keyword the analyst listed ("name: keyword") claims its group too, but only
        # inside a discovered theme where the description or an example already has a
        # home: a keyword alone ("studerende") can sit in another topic's group
        kw_texts, kw_owner = [], []
        for j, sd in enumerate(self.taxonomy if KEYWORD_ANCHORS else ()):
            for k in sd.keywords:
                kw_texts.append(f"{sd.name}: {k}")
                kw_owner.append(j)
        if kw_texts:
            _, kvecs = self._anchor_space(x, np.asarray(embedder.embed(kw_texts), dtype=np.float64))
            kw_homes = routing.anchor_homes(kvecs, kw_owner, space, self.fine_clusters_,
                                            self.graph_.n_neighbors, evidence=self.seed_evidence_)
            homes = routing.merge_within_parent(homes, kw_homes, self.fine_clusters_,
                                                self.clusters_)
        self.claimed_ = routing.extend_homes(homes, self.seed_evidence_,
                                             self.fine_clusters_, self.clusters_)
        held = set().union(*self.claimed_.values()) if self.claimed_ else set()
        self.homeless_ = [sd.id for j, sd in enumerate(self.taxonomy) if j not in held]
        self.homes_ = homes
        self.seed_route_ = routing.route(self.seed_proba_, self.fine_clusters_, self.claimed_)
        routed = self.seed_route_ >= 0
        # a statement that fits its best theme far better than the input as a whole goes
        # to it whatever its group (themes.leftovers, case 1)
        self.seed_route_ = leftovers.strong_fit(self.seed_route_, self.seed_proba_,
                                                self.seed_evidence_, self.strong_fit)
        for r, j in self.examples_.labelled.items():   # an example is in its theme
            self.seed_route_[r] = j
        self.primary_ = self._emergent(x)
        self.returned_ = (self.seed_route_ >= 0) & ~routed
        self.returned_[list(self.examples_.labelled)] = False
        self.emergent_clusters_ = sorted({str(k) for k in self.primary_
                                          if str(k).startswith("C")})

    def _emergent(self, x: np.ndarray) -> np.ndarray:
        """Primary keys: strategy themes where routed, emergent themes for the rest.

        The statements no strategy theme holds are clustered on their own (their own kNN
        graph, the same spectral + modularity auto-k as the main level), so each new
        topic can come out as a theme of its own instead of as the remainder of a
        discovered theme that a strategy theme also took part of.
        """
        self.emergent_coherence_ = {}
        pool = np.flatnonzero(self.seed_route_ < 0)
        primary = np.array([self.seed_ids_[j] if j >= 0 else "" for j in self.seed_route_],
                           dtype=object)
        if len(pool) == 0:
            return primary
        base = self.centered_ if self.reduced_ else x
        found = disc.discover(base[pool], "auto", random_state=self.random_state,
                              n_neighbors=self.n_neighbors, criterion=EMERGENT_CRITERION,
                              k_max=max(2, min(40, len(pool) // EMERGENT_MIN_MEAN, self.k_)))
        groups = np.full(len(primary), -1, dtype=int)
        groups[pool] = found.labels
        # a leftover group (incoherent in the whole input's kNN graph, or explained
        # piecemeal by several strategy themes) gives its members back to the strategy
        # themes they fit (themes.leftovers, case 2)
        if self.min_coherence > 0 and self.graph_ is not None:
            self.seed_route_, self.emergent_coherence_ = leftovers.return_leftovers(
                self.seed_route_, groups, self.graph_.full, self.seed_proba_,
                self.seed_evidence_, self.min_coherence)
        back = pool[self.seed_route_[pool] >= 0]
        primary[back] = [self.seed_ids_[j] for j in self.seed_route_[back]]
        rest = pool[self.seed_route_[pool] < 0]
        primary[rest] = [f"C{c}" for c in groups[rest]]
        if self.min_coherence > 0:
            # what is left of a group explained piecemeal is no new topic (case 3)
            scattered = leftovers.scattered_rest(self.seed_route_, groups, self.seed_proba_,
                                                 self.seed_evidence_)
            self.scattered_rows_ = np.flatnonzero(scattered)
        return primary

    def _anchor_space(self, x: np.ndarray, anchors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Statements and anchors in one space: centred like ``centered_`` (raw, normalised
        vectors for the projected large-input route, whose projection is not kept)."""
        if self.reduced_:
            return x, normalize(np.asarray(anchors, dtype=np.float64))
        mu = np.asarray(x, dtype=np.float64).mean(axis=0)
        return self.centered_, normalize(np.asarray(anchors, dtype=np.float64) - mu)

    def _fit_fixed_threshold(self, x: np.ndarray, protos: np.ndarray, kw: np.ndarray,
                             best: np.ndarray) -> None:
        """Expert mode (``min_seed_score``): a fixed cosine, judged per fine group."""
        confirmed = kw[np.arange(len(x)), best] > 0
        fine = self.fine_clusters_
        unfit = (x @ protos.T).max(axis=1) < self.min_seed_score
        self.emergent_threshold_ = float(self.min_seed_score)
        primary = self.seed_best_.copy()
        self.seed_route_ = best.copy()
        for g in np.unique(fine):
            if unfit[fine == g].mean() > 0.5:
                rows = np.flatnonzero((fine == g) & ~confirmed)
                primary[rows] = [f"C{c}" for c in self.clusters_[rows]]
                self.seed_route_[rows] = -1
        self.primary_ = primary
        self.emergent_clusters_ = sorted({str(k) for k in primary if str(k).startswith("C")})

    def _written(self, top: list[str], members: np.ndarray) -> list[str]:
        """Top terms in the written form the theme's statements use most (see
        ``labels.surface_forms``); counted on at most ``WRITTEN_SAMPLE`` members, evenly
        spread in hash order, which is plenty for word frequencies and keeps 100,000
        statements from being tokenised twice."""
        if not top or len(members) == 0:
            return top
        if len(members) > WRITTEN_SAMPLE:
            members = members[np.linspace(0, len(members) - 1, WRITTEN_SAMPLE).astype(int)]
        forms = lab.surface_forms(top, content_tokens([self.texts_[i] for i in members],
                                                      self.stop_words))
        out: list[str] = []
        for t in top:
            if forms[t] not in out:
                out.append(forms[t])
        return out

    def _subthemes(self, x: np.ndarray) -> None:
        """Sub-themes inside every primary theme (``discovery.subclusters``): key
        "<theme key>.<n>", n = 1, 2, ... in canonical order (the sub-theme holding the
        theme's first statement in hash order is 1). "Øvrige" has no sub-themes."""
        keys = self.primary_.astype(str)
        uniq = sorted(set(keys.tolist()) - {OTHER})
        pos = {k: i for i, k in enumerate(uniq)}
        code = np.array([pos.get(k, -1) for k in keys], dtype=int)
        sub = np.zeros(len(keys), dtype=int)
        rows = np.flatnonzero(code >= 0)
        if len(rows):
            sub[rows] = disc.subclusters(x[rows], code[rows], random_state=self.random_state,
                                         centered=self.centered_[rows])
        self.subthemes_ = np.array([OTHER if k == OTHER else f"{k}.{s + 1}"
                                    for k, s in zip(keys, sub, strict=True)], dtype=object)

    def _confidence(self) -> None:
        """``confidence_`` (0-1) and ``confident_`` of every primary assignment
        (``themes.confidence``)."""
        seed_idx = {s: j for j, s in enumerate(self.seed_ids_)}
        prim_seed = np.array([seed_idx.get(str(k), -1) for k in self.primary_], dtype=int)
        self.confidence_, self.confident_, self.confidence_parts_ = conf.assignment_confidence(
            self.primary_, prim_seed, self.seed_proba_,
            getattr(self, "seed_evidence_", np.zeros((len(self.primary_), 0))),
            self.graph_.full if self.graph_ is not None else None,
            labelled=self.examples_.labelled)
        self.confident_ &= self.primary_ != OTHER
        # a statement given back on its own fit (themes.leftovers) has the description's
        # word but not its group's: it is never "confident" (capcas: 0.77 right with them)
        returned = getattr(self, "returned_", None)
        if returned is not None and len(returned) == len(self.confident_):
            self.confident_ &= ~returned
        self.confidence_[self.primary_ == OTHER] = 0.0

    def review(self, per_theme: int = 10) -> pd.DataFrame:
        """The least certain statements of every theme (lowest ``confidence_`` first),
        for an analyst to read: index, theme_key, confidence, text."""
        rows = []
        for key in sorted({str(k) for k in self.primary_} - {OTHER}):
            idx = np.flatnonzero(self.primary_ == key)
            order = idx[np.lexsort((idx, self.confidence_[idx]))][:per_theme]
            rows += [{"index": int(i), "theme_key": key, "subtheme_key": str(self.subthemes_[i]),
                      "confidence": round(float(self.confidence_[i]), 4),
                      "confident": bool(self.confident_[i]), "text": self.texts_[i]}
                     for i in order]
        return pd.DataFrame(rows, columns=["index", "theme_key", "subtheme_key", "confidence",
                                           "confident", "text"])

    def _other_bucket(self) -> None:
        """Explicit "Øvrige" with a reason: no content words, or a group under ``MIN_GROUP``."""
        self.other_reasons_ = {}
        for i, terms in enumerate(self.terms_):
            if not terms:
                self.other_reasons_[i] = REASON_NO_CONTENT
        for i in self.scattered_rows_:
            self.other_reasons_.setdefault(int(i), REASON_SCATTERED)
        keys, counts = np.unique(self.primary_.astype(str), return_counts=True)
        tiny = {k for k, c in zip(keys, counts, strict=True) if c < MIN_GROUP and k.startswith("C")}
        for i, k in enumerate(self.primary_):
            if k in tiny and i not in self.other_reasons_:
                self.other_reasons_[i] = REASON_TINY
        for i in self.other_reasons_:
            self.primary_[i] = OTHER

    def _secondary(self) -> None:
        """Primary + secondary themes with scores (posterior probabilities)."""
        n = len(self.texts_)
        # centroids of every theme (seeded ones too): an emergent statement's score is its
        # share of the softmax over all themes, comparable with seeded posteriors
        keys = sorted({str(k) for k in self.primary_ if k != OTHER})
        x = self.centered_
        cen_keys: list[str] = []
        cents = []
        for k in keys:
            idx = np.flatnonzero(self.primary_ == k)
            c = x[idx].mean(axis=0)
            cents.append(c / (np.linalg.norm(c) or 1.0))
            cen_keys.append(k)
        if cents:
            sims = x @ np.array(cents).T
            sd = sims.std(axis=0)
            sd[sd == 0] = 1.0
            q = softmax(seeding.BETA * (sims - sims.mean(axis=0)) / sd, axis=1)
        else:
            q = np.zeros((n, 0))
        rows = []
        for i in range(n):
            cand: dict[str, float] = {}
            for j, sid in enumerate(self.seed_ids_):
                cand[sid] = float(self.seed_proba_[i, j])
            if not self.seed_ids_:
                for j, k in enumerate(cen_keys):
                    cand[k] = float(q[i, j])
            p = self.primary_[i]
            if p == OTHER:
                rows.append((i, OTHER, 0, 0.0))
                continue
            score = cand.get(p, float(q[i, cen_keys.index(p)]) if p in cen_keys else 0.0)
            rows.append((i, p, 0, round(score, 6)))
            others = sorted(((-round(v, 6), k) for k, v in cand.items()
                             if k != p and v >= SECONDARY_MIN_PROBA))
            for r, (negv, k) in enumerate(others[: self.max_secondary], start=1):
                rows.append((i, k, r, -negv))
        self.assignments_ = pd.DataFrame(rows, columns=["index", "theme_key", "rank", "score"])

    @cached_property
    def themes_(self) -> pd.DataFrame:
        """``describe(primary_)``: the fit's themes, built on first use.

        Lazy because ``assign_themes`` describes the themes again after the analyst's
        overrides; describing them twice cost 2-3 s at 100,000 statements.
        """
        return self.describe(self.primary_)

    # ------------------------------------------------------------------ describe
    def describe_subthemes(self, primary: np.ndarray | None = None,
                           subthemes: np.ndarray | None = None) -> pd.DataFrame:
        """One row per sub-theme: subtheme_key, theme_key, label, top_terms, size.

        Labels come from c-TF-IDF among the sub-themes of the same theme, so they name
        what sets a strand apart from its siblings, not what the whole theme shares.
        """
        primary = self.primary_ if primary is None else np.asarray(primary, dtype=object)
        subthemes = self.subthemes_ if subthemes is None else np.asarray(subthemes, dtype=object)
        rows = []
        for key in sorted({str(k) for k in primary} - {OTHER}):
            members = np.flatnonzero(primary == key)
            subs = [str(subthemes[i]) for i in members]
            terms = lab.ctfidf_terms([self.terms_[i] for i in members], subs, n_terms=6)
            for sub in sorted(set(subs), key=lambda v: (len(v), v)):
                idx = members[np.array(subs) == sub]
                top = self._written([t for t, _ in terms.get(sub, [])], idx)
                rows.append({"subtheme_key": sub, "theme_key": key,
                             "label": lab.make_label(top), "top_terms": top[:6],
                             "size": int(len(idx))})
        return pd.DataFrame(rows, columns=["subtheme_key", "theme_key", "label", "top_terms",
                                           "size"])

    def describe(self, primary: np.ndarray, names: dict[str, str] | None = None,
                 pinned: dict[str, str] | None = None) -> pd.DataFrame:
        """One row per theme: key, kind, label, name, description, top_terms, size, quotes.

        Called by ``fit`` and again after analyst overrides changed the membership.
        """
        names = names or {}
        pinned = pinned or {}
        primary = np.asarray(primary, dtype=object)
        seeds = {s.id: s for s in self.taxonomy}
        # a strategy theme quotes the members that fit its description best: its column
        # of the standardised evidence (``labels.pick_quotes(fit=)``); emergent: none
        column = {s.id: j for j, s in enumerate(self.taxonomy)}
        evidence = getattr(self, "seed_evidence_", None)
        terms = lab.ctfidf_terms(self.terms_, [str(p) for p in primary], n_terms=10)
        keys = [s.id for s in self.taxonomy] + sorted(
            {str(p) for p in primary} - set(seeds) - {OTHER})
        if OTHER in set(primary.tolist()):
            keys.append(OTHER)
        rows = []
        for key in keys:
            members = np.flatnonzero(primary == key)
            top = self._written([t for t, _ in terms.get(key, [])], members)
            if key in seeds:
                kind, label, desc = "seeded", seeds[key].name, seeds[key].description
            elif key == OTHER:
                kind, label = "other", OTHER_LABEL
                reasons = sorted({self.other_reasons_.get(int(i), "flyttet af analytiker")
                                  for i in members})
                desc = "Udsagn uden fælles tema: " + "; ".join(reasons)
            else:
                kind, label = "emergent", lab.make_label(top)
                desc = "Nyt tema fundet i materialet (ikke i strategiens temaliste)"
            nearest = self._nearest_seed(members) if kind == "emergent" else ""
            label = pinned.get(key, names.get(key, label))
            quotes = ([] if key == OTHER else
                      lab.pick_quotes(self.texts_, self.centered_, members, self.n_quotes,
                                      quotable=getattr(self, "quotable_", None),
                                      fit=evidence[:, column[key]] if key in column
                                      and evidence is not None else None))
            rows.append({"theme_key": key, "kind": kind, "label": label,
                         "name": names.get(key, label), "description": desc,
                         "top_terms": top[:8], "size": int(len(members)),
                         "nearest_seed": nearest, "quote_index": quotes,
                         "quote_texts": [self.texts_[i] for i in quotes]})
        return pd.DataFrame(rows)

    def _nearest_seed(self, members: np.ndarray) -> str:
        """The strategy theme an emergent theme's statements lean to most (highest mean
        posterior), when most of them rank it first: a hint for the analyst, who can merge
        the theme into it or give examples from it ("" when there is no such theme)."""
        if not self.seed_ids_ or len(members) == 0 or self.seed_proba_.shape[1] == 0:
            return ""
        post = self.seed_proba_[members]
        j = int(post.mean(axis=0).argmax())
        return self.seed_ids_[j] if np.mean(post.argmax(axis=1) == j) > 0.5 else ""

    # ------------------------------------------------------------------ predict
    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Primary theme key of each text seen in ``fit`` (themes are transductive)."""
        pos = {h: i for i, h in enumerate(self.hashes_)}
        out = []
        for t in texts:
            h = text_hash(str(t))
            if h not in pos:
                raise KeyError("predict only knows statements seen in fit; refit with the "
                               "new statements (ids stay stable through the registry)")
            out.append(self.primary_[pos[h]])
        return np.array(out, dtype=object)
