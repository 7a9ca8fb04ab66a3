"""Seeded-mapping variants on the two development corpora (a development check, not a test).

Usage: .venv/bin/python benchmarks/seeded_variants.py
Prints macro-F1 and accuracy on capcas and sib200 for the current seeded mapping
(``seeding.seed_scores``), the nearest-prototype baseline of BASELINES.md and the variants
tried for issue #4 (benchmarks/themes_eval.md, "more variants tried"). Uses the e5
embedding cache of ``config/rus.yaml`` (``.cache/``); the first run embeds ~3,000 texts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import MultinomialNB

from rus_analysis.config import load_config
from rus_analysis.nlp import EmbedderOptions, lemmatize_texts, make_embedder, text_hash
from rus_analysis.themes import discovery as disc
from rus_analysis.themes import seeding as S
from rus_analysis.themes.evaluation import read_taxonomy

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
Data = dict[str, Any]


def load(name: str) -> Data:
    """Distinct texts in hash order (as ThemeModel fits them), vectors, theme words."""
    cfg = load_config(ROOT / "config" / "rus.yaml")
    if name == "capcas":
        df = pd.read_csv(EVAL / "capcas_danish_local_agendas.csv")
        df = df[df["label"].astype(str) != "0"]
    else:
        df = pd.read_csv(EVAL / "sib200_dan.csv")
    tax = read_taxonomy(EVAL / f"{name}_taxonomy.yaml")
    seeds, to_label = tax.seeds, tax.to_label
    texts = df["text"].astype(str).tolist()
    hashes = [text_hash(t) for t in texts]
    uniq = sorted(set(hashes))
    pos = {h: i for i, h in enumerate(uniq)}
    by_hash = dict(zip(hashes, texts, strict=True))
    distinct = [by_hash[h] for h in uniq]
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend="e5", cache=cache,
                                        stop_words=cfg.nlp.stop_words))
    x = emb.embed(distinct).astype(np.float64)
    lem = lemmatize_texts(distinct, cfg.nlp.stop_words)
    terms = [S.seed_terms(s, cfg.nlp.stop_words) for s in seeds]
    return {"x": x, "xc": disc.center(x), "kw": S.keyword_evidence(lem, terms),
            "protos": emb.embed([S.prototype_text(s) for s in seeds]).astype(np.float64),
            "rows": np.array([pos[h] for h in hashes]),
            "y": df["label"].astype(str).to_numpy(),
            "labs": np.array([to_label[s.id] for s in seeds]),
            "bow": CountVectorizer(analyzer=lambda v: v, binary=True, min_df=2)
            .fit_transform(lem)}


def prior(d: Data) -> tuple[np.ndarray, np.ndarray]:
    """Evidence logits and logits + EM priors (no self-training)."""
    logits = S.BETA * S.seed_evidence(d["x"], d["protos"], d["kw"])
    return logits, logits + S.em_priors(logits)


def self_train(d: Data, *, rounds: int = 2, ew: float = S.EVIDENCE_WEIGHT, c: float = 1.0,
               weights: str | float = "balanced", view: str = "lr", nb_weight: float = 0.0,
               scale: str = "common") -> np.ndarray:
    """Self-training as in ``seeding._self_train`` with the knobs that were varied.

    ``weights``: "balanced", "none" or a power p of the balanced weights; ``view``: "lr"
    (z-scored decision values), "logproba" (log-probabilities minus the training prior)
    or "nb" (multinomial NB on lemmas); ``nb_weight`` adds NB on lemmas next to LR;
    ``scale``: "common" (``seeding._common_scale``, current) or "theme" (z-score per theme,
    the default until 2026-11-27 session 4).
    """
    logits, cur = prior(d)
    for _ in range(rounds):
        a = cur.argmax(axis=1)
        conf = S.confident_half(cur)
        cls, cnt = np.unique(a[conf], return_counts=True)
        if weights == "balanced":
            cw: Any = "balanced"
        elif weights == "none":
            cw = None
        else:
            cw = {k: (conf.sum() / (len(cls) * n)) ** float(weights)
                  for k, n in zip(cls, cnt, strict=True)}
        acc = ew * logits[:, cls]
        if view == "nb":
            nb = MultinomialNB(fit_prior=False).fit(d["bow"][conf], a[conf])
            acc = acc + S.BETA * S.zscore(nb.predict_joint_log_proba(d["bow"]))
        else:
            lr = LogisticRegression(C=c, max_iter=3000, class_weight=cw, random_state=2024)
            lr.fit(d["xc"][conf], a[conf])
            if view == "logproba":
                acc = acc + lr.predict_log_proba(d["xc"]) - np.log(cnt / cnt.sum())
            else:
                dec = lr.decision_function(d["xc"])
                acc = acc + S.BETA * (S.zscore(dec) if scale == "theme"
                                      else S._common_scale(dec))
            if nb_weight:
                nb = MultinomialNB(fit_prior=False).fit(d["bow"][conf], a[conf])
                acc = acc + nb_weight * S.BETA * S.zscore(nb.predict_joint_log_proba(d["bow"]))
        out = np.full_like(logits, -1e3)
        out[:, cls] = acc
        cur = out + S.em_priors(out)
    return cur


def rocchio(d: Data, alpha: float, rounds: int = 1) -> np.ndarray:
    """Prototypes moved toward the mean of their confident members, then EM priors."""
    p = d["protos"].copy()
    _, cur = prior(d)
    for _ in range(rounds):
        a = cur.argmax(axis=1)
        conf = S.confident_half(cur)
        for j in range(len(p)):
            if (a == j).sum() >= 3:
                m = d["x"][(a == j) & conf].mean(axis=0)
                q = alpha * p[j] + (1 - alpha) * m / np.linalg.norm(m)
                p[j] = q / np.linalg.norm(q)
        logits = S.BETA * S.seed_evidence(d["x"], p, d["kw"])
        cur = logits + S.em_priors(logits)
    return cur


def knn_spread(d: Data, k: int = 10, alpha: float = 0.8, iterations: int = 30) -> np.ndarray:
    """Label spreading (Zhou et al. 2004) of the prior posteriors on a symmetric kNN graph."""
    xn = d["xc"] / np.linalg.norm(d["xc"], axis=1, keepdims=True)
    sim = xn @ xn.T
    np.fill_diagonal(sim, -np.inf)
    idx = np.argpartition(-sim, k, axis=1)[:, :k]
    rows = np.repeat(np.arange(len(xn)), k)
    w = np.zeros_like(sim)
    w[rows, idx.ravel()] = np.maximum(sim[rows, idx.ravel()], 0)
    w = np.maximum(w, w.T)
    deg = 1 / np.sqrt(np.maximum(w.sum(axis=1), 1e-12))
    g = deg[:, None] * w * deg[None, :]
    y = softmax(prior(d)[1], axis=1)
    f = y.copy()
    for _ in range(iterations):
        f = alpha * g @ f + (1 - alpha) * y
    return np.log(f + 1e-12)


def soft_self_train(d: Data, rounds: int = 2, top: int = 2) -> np.ndarray:
    """Self-training on every statement's top themes, weighted by posterior (soft EM)."""
    logits, cur = prior(d)
    m = logits.shape[1]
    for _ in range(rounds):
        p = softmax(cur, axis=1)
        best = np.argsort(-p, axis=1)[:, :top]
        y = best.ravel()
        w = np.take_along_axis(p, best, axis=1).ravel()
        total = np.bincount(y, weights=w, minlength=m)
        w = w * w.sum() / (m * np.maximum(total[y], 1e-9))
        lr = LogisticRegression(max_iter=3000, random_state=2024)
        lr.fit(np.repeat(d["xc"], top, axis=0), y, sample_weight=w)
        out = np.full_like(logits, -1e3)
        out[:, lr.classes_] = (S.BETA * S._common_scale(lr.decision_function(d["xc"]))
                               + S.EVIDENCE_WEIGHT * logits[:, lr.classes_])
        cur = out + S.em_priors(out)
    return cur


def variants() -> dict[str, Callable[[Data], np.ndarray]]:
    v: dict[str, Callable[[Data], np.ndarray]] = {
        "current (seeding.seed_scores)":
            lambda d: S.seed_scores(d["x"], d["xc"], d["protos"], d["kw"], random_state=2024),
        "nearest prototype (baseline)": lambda d: d["x"] @ d["protos"].T,
        "prior only": lambda d: prior(d)[1],
        "decision values z-scored per theme (before)":
            lambda d: self_train(d, scale="theme"),
        "label spreading of the prior, k=10, alpha=0.8": knn_spread,
        "soft self-training (top 2, posterior weights)": soft_self_train,
        "self-training, 1 round": lambda d: self_train(d, rounds=1),
        "self-training, LR without class weights": lambda d: self_train(d, weights="none"),
        "self-training, co-training + NB on lemmas": lambda d: self_train(d, nb_weight=0.5),
        "NB on lemmas instead of LR": lambda d: self_train(d, view="nb"),
    }
    for p in (0.25, 0.5):
        v[f"self-training, balanced^{p}"] = lambda d, p=p: self_train(d, weights=p)
    for c in (0.1, 0.3):
        v[f"self-training, C={c}"] = lambda d, c=c: self_train(d, c=c)
    for ew in (1.0, 2.0):
        v[f"self-training, evidence weight {ew}"] = lambda d, ew=ew: self_train(d, ew=ew)
    for ew in (0.5, 1.0):
        v[f"LR log-proba likelihood, evidence {ew}"] = \
            lambda d, ew=ew: self_train(d, view="logproba", ew=ew, weights="none")
    for a in (0.3, 0.5, 0.7):
        v[f"Rocchio alpha={a}"] = lambda d, a=a: rocchio(d, a)
    for w in (0.3, 0.5, 0.7):
        v[f"ensemble prior-only weight {w}"] = lambda d, w=w: (
            w * log_softmax(prior(d)[1], axis=1)
            + (1 - w) * log_softmax(self_train(d), axis=1))
    return v


def main() -> int:
    data = {name: load(name) for name in ("capcas", "sib200")}
    print(f"{'variant':48s} {'capcas F1':>9s} {'acc':>6s} {'sib200 F1':>9s} {'acc':>6s}")
    for tag, fn in variants().items():
        cells = []
        for d in data.values():
            pred = d["labs"][fn(d).argmax(axis=1)][d["rows"]]
            cells += [f1_score(d["y"], pred, average="macro", zero_division=0),
                      accuracy_score(d["y"], pred)]
        print(f"{tag:48s} {cells[0]:9.3f} {cells[1]:6.3f} {cells[2]:9.3f} {cells[3]:6.3f}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
