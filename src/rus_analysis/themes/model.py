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
from rus_analysis.themes import discovery as disc
from rus_analysis.themes import labels as lab
from rus_analysis.themes import seeding

OTHER = "other"
OTHER_LABEL = "Øvrige"
SECONDARY_MIN_PROBA = 0.2   # a second theme must hold >= 20 % of the statement's posterior
TOPIC_TERMS = 3             # a theme's label terms: used to test that a group shares words
WRITTEN_SAMPLE = 2000       # statements per theme read for the written form of top terms
REASON_NO_CONTENT = "ingen indholdsord (kun fyldord, tal eller tegn)"
REASON_TINY = "for lille gruppe: færre end 3 udsagn ligner hinanden"


class ThemeModel(BaseEstimator):
    """Themes for a set of statements.

    Parameters
    ----------
    n_themes : "auto" or int
        Number of discovered themes; "auto" picks the k with the highest modularity of the
        statements' kNN graph (see ``themes.discovery``). With a taxonomy it applies to
        the clustering from which emergent themes are taken.
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
    random_state : seed of every stochastic step.
    """

    def __init__(self, n_themes: int | str = "auto", taxonomy: Sequence[ThemeSeed] = (),
                 embedder: Embedder | None = None, stop_words: Sequence[str] = (),
                 min_seed_score: float | None = None, max_secondary: int = 2,
                 n_quotes: int = 4, n_neighbors: int | None = None,
                 random_state: int = 2024) -> None:
        self.n_themes = n_themes
        self.taxonomy = taxonomy
        self.embedder = embedder
        self.stop_words = stop_words
        self.min_seed_score = min_seed_score
        self.max_secondary = max_secondary
        self.n_quotes = n_quotes
        self.n_neighbors = n_neighbors
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, texts: Sequence[str], y: Any = None) -> ThemeModel:
        """Learn themes for ``texts`` (one per statement; duplicates are fitted once)."""
        texts = [str(t) for t in texts]
        hashes = [text_hash(t) for t in texts]
        uniq = sorted(set(hashes))
        pos = {h: i for i, h in enumerate(uniq)}
        by_hash = dict(zip(hashes, texts, strict=True))
        self.texts_ = [by_hash[h] for h in uniq]
        self.hashes_ = uniq
        self.row_index_ = np.array([pos[h] for h in hashes], dtype=int)
        n = len(self.texts_)

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
        # one kNN graph per fit: the finer cut and the emergent-theme tests reuse it
        self.graph_ = found.graph
        self.clusters_ = found.labels
        self.k_ = found.k
        self.k_scores_ = found.scores
        self.timings_["discover"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self.seed_ids_ = [s.id for s in self.taxonomy]
        if self.taxonomy and n:
            self._fit_seeded(embedder, x, lemmas)
        else:
            self.seed_proba_ = np.zeros((n, 0))
            self.seed_best_ = np.array([], dtype=object)
            self.emergent_clusters_: list[int] = sorted(set(self.clusters_.tolist()))
            primary = np.array([f"C{c}" for c in self.clusters_], dtype=object)
            self.primary_ = primary
        self._other_bucket()
        self.timings_["seed"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        self._secondary()
        self.__dict__.pop("themes_", None)  # a refit describes its own themes
        self.timings_["label"] = time.perf_counter() - t0
        self.labels_ = self.primary_[self.row_index_]
        return self

    def _fit_seeded(self, embedder: Embedder, x: np.ndarray,
                    lemmas: list[list[str]]) -> None:
        """Seeded posteriors, then emergent themes from clusters that fit no seed."""
        protos = embedder.embed([seeding.prototype_text(s) for s in self.taxonomy])
        protos = protos.astype(x.dtype)
        terms = [seeding.seed_terms(s, self.stop_words) for s in self.taxonomy]
        kw = seeding.keyword_evidence(lemmas, terms)
        self.seed_proba_ = seeding.seed_scores(x, self.centered_, protos, kw,
                                               random_state=self.random_state)
        best = self.seed_proba_.argmax(axis=1)
        self.seed_best_ = np.array([self.seed_ids_[j] for j in best], dtype=object)
        if self.min_seed_score is not None:
            # expert mode: a fixed cosine, judged per cluster of a clustering at least as
            # fine as the taxonomy
            confirmed = kw[np.arange(len(x)), best] > 0
            fine = self._fine_clusters(x)
            unfit = (x @ protos.T).max(axis=1) < self.min_seed_score
            self.emergent_threshold_ = float(self.min_seed_score)
            emergent = [int(c) for c in np.unique(fine) if unfit[fine == c].mean() > 0.5]
            self.fine_clusters_ = fine
            primary = self.seed_best_.copy()
            for c in emergent:
                primary[np.flatnonzero((fine == c) & ~confirmed)] = f"C{c}"
            self.emergent_clusters_ = emergent
            self.primary_ = primary
            return
        self._fit_emergent(x, protos, kw)

    def _fit_emergent(self, x: np.ndarray, protos: np.ndarray, kw: np.ndarray) -> None:
        """Emergent themes: cluster the statements no seed explains, keep distinct groups.

        0. First the whole-corpus rule (``_fine_cluster_rule``); the steps below only move
           statements that are still in a seeded theme after it.
        1. Residual: statements whose best standardised fit to any seed (prototype z-score
           plus theme words) is below ``seeding.RESIDUAL_Z`` standard deviations.
        2. The residual is clustered on its own (same spectral + modularity auto-k), so
           several new topics can appear instead of one grab-bag.
        3. Each residual cluster becomes a candidate class next to the seeds, with its
           centroid as prototype; self-training lets seeds and candidates compete for
           every statement (emergent statements that a seed had absorbed come back, seeded
           statements that were only weakly fitted go back to their seed).
        4. A candidate is kept when (a) on the statements' kNN graph it is no more tied
           to its nearest seeded theme than the seeded themes are to each other (largest
           observed/expected edge ratio between two seeds, at least chance = 1),
           (b) it is as coherent as a typical seed (edge ratio inside >= the seeds'
           median), and (c) it shares words like a theme: the share of its members using one of its
           top-3 c-TF-IDF terms is at least the seeded themes' median share (e5 also
           groups statements by form, e.g. short slogans, which share no words).
           Both margins are learned from the seeded themes of the same run.
        """
        m = len(protos)
        evidence = seeding.seed_evidence(x, protos, kw)
        residual = np.flatnonzero(evidence.max(axis=1) < seeding.RESIDUAL_Z)
        self.emergent_clusters_ = []
        self.emergent_threshold_ = float(seeding.RESIDUAL_Z)
        self.primary_ = self.seed_best_.copy()
        self._fine_cluster_rule(x, protos, kw)
        if len(residual) < seeding.MIN_RESIDUAL:
            return
        base = self.centered_ if self.reduced_ else x
        found = disc.discover(base[residual], "auto", random_state=self.random_state,
                              n_neighbors=self.n_neighbors)
        xc = self.centered_
        groups = [residual[found.labels == c] for c in range(found.k)]
        n_cand = len(groups)
        cents = np.array([xc[g].mean(axis=0) for g in groups])
        cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
        cand_ev = seeding.BETA * seeding.zscore(xc @ cents.T)
        joint = np.hstack([seeding.BETA * evidence, cand_ev])
        current = joint + seeding.em_priors(joint)
        for _ in range(seeding.SELF_TRAIN_ROUNDS):
            current = seeding.self_train(xc, current, joint, self.random_state,
                                          scale="theme")
        assigned = current.argmax(axis=1)
        w = self.graph_.full
        ratio, volume = disc.link_ratios(w, assigned, m + n_cand)
        seeds_present = [j for j in range(m) if volume[j] > 0]
        if len(seeds_present) < 2:
            return
        between = ratio[np.ix_(seeds_present, seeds_present)].copy()
        np.fill_diagonal(between, -np.inf)
        # chance level (1) is always allowed: a group no more linked to any seed than
        # chance is distinct even when the seeds themselves are far apart
        max_link = max(1.0, float(between.max()))
        coverage = self._term_coverage(assigned, m + n_cand)
        min_coverage = float(np.median(coverage[seeds_present]))
        min_coherence = float(np.median([ratio[j, j] for j in seeds_present]))
        self.emergent_threshold_ = max_link
        primary = self.primary_
        for c in range(n_cand):
            members = np.flatnonzero(assigned == m + c)
            if len(members) < 3:
                continue
            separated = ratio[m + c, :m].max() <= max_link
            coherent = ratio[m + c, m + c] >= min_coherence
            members = members[np.isin(primary[members], self.seed_ids_)]
            if len(members) < 3:
                continue
            if separated and coherent and coverage[m + c] >= min_coverage:
                key = f"C{self.n_fine_ + c}"
                self.emergent_clusters_.append(key)
                primary[members] = key
        self.primary_ = primary

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

    def _fine_clusters(self, x: np.ndarray) -> np.ndarray:
        """A clustering at least as fine as the taxonomy (two themes more), on the fit's graph."""
        k_fine = max(self.k_, len(self.taxonomy) + 2)
        if k_fine == self.k_:
            return self.clusters_
        return disc.discover(x, k_fine, random_state=self.random_state,
                             n_neighbors=self.n_neighbors, graph=self.graph_).labels

    def _fine_cluster_rule(self, x: np.ndarray, protos: np.ndarray, kw: np.ndarray) -> None:
        """Whole-corpus rule: a cluster no seed is matched to and fitting every seed worse
        than the worst matched cluster is emergent (members confirmed by a theme word
        stay seeded)."""
        from scipy.optimize import linear_sum_assignment

        best = self.seed_proba_.argmax(axis=1)
        confirmed = kw[np.arange(len(x)), best] > 0
        fine = self._fine_clusters(x)
        self.fine_clusters_ = fine
        keys = np.unique(fine)
        self.n_fine_ = int(keys.max()) + 1
        mu = x.mean(axis=0)
        pc = protos - mu
        pc /= np.linalg.norm(pc, axis=1, keepdims=True)
        cents = np.array([x[fine == c].mean(axis=0) - mu for c in keys])
        cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
        fit = cents @ pc.T
        rows, _ = linear_sum_assignment(-fit)
        owners = set(rows.tolist())
        thr = float(min(fit.max(axis=1)[list(owners)]))
        for i in range(len(keys)):
            if i not in owners and fit[i].max() < thr:
                c = int(keys[i])
                self.emergent_clusters_.append(f"C{c}")
                self.primary_[np.flatnonzero((fine == c) & ~confirmed)] = f"C{c}"

    def _term_coverage(self, groups: np.ndarray, n_groups: int,
                       n_terms: int = TOPIC_TERMS) -> np.ndarray:
        """Share of each group's members that use one of the group's top c-TF-IDF terms.

        A theme shares vocabulary; a group held together only by form (short slogans,
        one-line answers) does not, however close its embeddings are.
        """
        keys = [str(g) for g in groups]
        top = lab.ctfidf_terms(self.terms_, keys, n_terms=n_terms)
        out = np.zeros(n_groups)
        for g in range(n_groups):
            members = np.flatnonzero(groups == g)
            words = {t for t, _ in top.get(str(g), [])}
            if len(members) and words:
                out[g] = np.mean([bool(words & set(self.terms_[i])) for i in members])
        return out

    def _other_bucket(self) -> None:
        """Explicit "Øvrige" with a reason: no content words, or a group under 3 members."""
        self.other_reasons_: dict[int, str] = {}
        for i, terms in enumerate(self.terms_):
            if not terms:
                self.other_reasons_[i] = REASON_NO_CONTENT
        keys, counts = np.unique(self.primary_.astype(str), return_counts=True)
        tiny = {k for k, c in zip(keys, counts, strict=True) if c < 3 and k.startswith("C")}
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
    def describe(self, primary: np.ndarray, names: dict[str, str] | None = None,
                 pinned: dict[str, str] | None = None) -> pd.DataFrame:
        """One row per theme: key, kind, label, name, description, top_terms, size, quotes.

        Called by ``fit`` and again after analyst overrides changed the membership.
        """
        names = names or {}
        pinned = pinned or {}
        primary = np.asarray(primary, dtype=object)
        seeds = {s.id: s for s in self.taxonomy}
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
            label = pinned.get(key, names.get(key, label))
            quotes = ([] if key == OTHER else
                      lab.pick_quotes(self.texts_, self.centered_, members, self.n_quotes))
            rows.append({"theme_key": key, "kind": kind, "label": label,
                         "name": names.get(key, label), "description": desc,
                         "top_terms": top[:8], "size": int(len(members)),
                         "quote_index": quotes,
                         "quote_texts": [self.texts_[i] for i in quotes]})
        return pd.DataFrame(rows)

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
