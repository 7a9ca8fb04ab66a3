"""Evaluation of the theme model against labelled corpora: pure functions and a suite runner.

Every figure of ``benchmarks/themes_eval.md`` comes from here, computed with the model a
user gets (the product's defaults) on a DataFrame with a text and a label column:

* ``discovery_metrics``: themes found without a taxonomy (ARI, NMI, k, order stability)
  and, when the model builds them, sub-themes (against a finer ``label2`` column);
* ``seeded_metrics``: the taxonomy mapping (accuracy, macro-F1 of the best strategy theme
  of each statement and of the final primary theme, per-theme predicted share and
  precision, over-predicted themes, the nearest-prototype baseline, calibration of the
  confidence);
* ``leave_out_metrics``: honest strategy themes; every third taxonomy theme is dropped
  and the share of their statements that land in a remaining strategy theme is counted;
* ``fewshot_metrics``: N labelled examples per theme given to the model as the analyst
  would (``ThemeSeed.examples``), scored on the other statements;
* ``ceiling_metrics``: the supervised ceiling (cross-validated logistic regression on the
  product's own embeddings);
* ``kmeans_baseline``: e5 + KMeans(k) with seeds averaged, the sub-theme baseline.

``run_entry`` runs all of them on one corpus and ``run_suite`` on the corpora listed in
a small YAML file (``benchmarks/suite.yaml``)::

    corpora:
      - name: capcas
        csv: ../shared/eval/capcas_danish_local_agendas.csv
        text_column: text
        label_column: label
        drop_labels: ["0"]
        taxonomy: ../shared/eval/capcas_taxonomy.yaml
      - name: dast
        csv: ../shared/eval/dast_reddit_topics_da.csv
        label2_column: label2
        taxonomy: ../shared/eval/dast_topics_taxonomy.yaml

Relative paths are read from ``root`` (default: the current folder, i.e. the project
root for ``rus-analysis evaluate --suite benchmarks/suite.yaml``).

Nothing here depends on a corpus's label names or sizes; the metrics are those of issue
16 (see ``TARGETS``).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from rus_analysis.config import ThemeSeed

ModelFactory = Callable[..., Any]   # (taxonomy=()) -> unfitted ThemeModel

OVERPREDICTED_SHARE = 2.0   # a theme predicted for more than twice its true share ...
OVERPREDICTED_PRECISION = 0.3   # ... at a precision under this is flagged
CONFIDENT_TARGET = 0.8
CALIBRATION_BINS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CEILING_C = (0.001, 0.01, 0.1, 1.0, 10.0)
EMERGENT = "emergent/other"


@dataclass(frozen=True)
class Taxonomy:
    """Seeds of an evaluation taxonomy and the label value each seed stands for."""

    seeds: tuple[ThemeSeed, ...]
    to_label: dict[str, str]

    def subset(self, keep: Sequence[int]) -> Taxonomy:
        seeds = tuple(self.seeds[i] for i in keep)
        return Taxonomy(seeds, {s.id: self.to_label[s.id] for s in seeds})


@dataclass(frozen=True)
class EvalOptions:
    """What to measure; the defaults are what ``rus-analysis evaluate`` measures."""

    n_themes: int | str = "auto"
    shuffle_seed: int = 0
    leave_out: float = 0.0           # fraction of taxonomy themes dropped (0.34); 0 = skip
    examples_per_theme: int = 0      # N labelled examples per theme; 0 = skip
    example_seed: int = 0
    ceiling: bool = False
    label2_column: str | None = None
    kmeans_seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    order: bool = True               # refit on shuffled rows for the order-stability figures


@dataclass
class Corpus:
    """One suite entry, read: texts, labels, optional finer labels and taxonomy."""

    name: str
    frame: pd.DataFrame              # columns text, label[, label2]
    taxonomy: Taxonomy | None = None
    meta: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------- reading
def read_taxonomy(path: str | Path) -> Taxonomy:
    """An evaluation taxonomy: ``themes: [{label, name, description[, keywords][, examples]}]``.

    Seed ids are ``t000``, ``t001``, ... in file order; ``to_label`` maps them to the
    label values of the corpus.
    """
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected 'themes: [{{label, name, description}}]'")
    seeds, to_label = [], {}
    for i, item in enumerate(items):
        sid = f"t{i:03d}"
        kws = tuple(str(k).lower() for k in item.get("keywords", []) or [])
        exs = tuple(str(e) for e in item.get("examples", []) or [])
        seeds.append(ThemeSeed(id=sid, name=str(item["name"]),
                               description=str(item.get("description", "")), keywords=kws,
                               examples=exs))
        to_label[sid] = str(item["label"])
    return Taxonomy(tuple(seeds), to_label)


def read_corpus(csv: str | Path, text_column: str = "text", label_column: str = "label",
                label2_column: str | None = None, drop_labels: Sequence[str] = (),
                name: str | None = None, taxonomy: str | Path | None = None) -> Corpus:
    """A labelled CSV as ``Corpus`` (empty texts and ``drop_labels`` rows left out)."""
    csv = Path(csv)
    for needed in (csv, taxonomy):
        if needed is not None and not Path(needed).is_file():
            raise FileNotFoundError(
                f"{needed}: corpus file not found (the evaluation corpora are not shipped "
                "with the project; put them there or point the suite's csv:/taxonomy: at "
                "your copies)")
    df = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8")
    cols = [text_column, label_column] + ([label2_column] if label2_column else [])
    for col in cols:
        if col not in df.columns:
            raise ValueError(f"{csv}: no column {col!r}; columns are {list(df.columns)}")
    df = df[df[text_column].str.strip() != ""]
    if drop_labels:
        df = df[~df[label_column].isin([str(x) for x in drop_labels])]
    out = pd.DataFrame({"text": df[text_column].astype(str),
                        "label": df[label_column].astype(str)})
    if label2_column:
        out["label2"] = df[label2_column].astype(str)
    out = out.reset_index(drop=True)
    if len(out) < 4:
        raise ValueError(f"{csv}: fewer than 4 labelled texts to evaluate")
    tax = read_taxonomy(taxonomy) if taxonomy is not None else None
    return Corpus(name or csv.stem, out, tax, {"csv": str(csv)})


def load_suite(path: str | Path, root: str | Path | None = None) -> list[Corpus]:
    """The corpora of a suite YAML (see the module docstring); paths relative to ``root``."""
    path = Path(path)
    base = Path(root) if root is not None else Path.cwd()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("corpora") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected 'corpora: [{{csv, taxonomy, ...}}]'")
    def resolve(v: Any) -> Path | None:
        if v is None:
            return None
        q = Path(v)
        return q if q.is_absolute() else base / q

    out = []
    for e in entries:
        def p(key: str, e: dict[str, Any] = e) -> Path | None:
            return resolve(e.get(key))
        drops = e.get("drop_labels", e.get("drop_label", [])) or []
        if not isinstance(drops, list):
            drops = [drops]
        out.append(read_corpus(p("csv"), e.get("text_column", "text"),
                               e.get("label_column", "label"), e.get("label2_column"),
                               [str(d) for d in drops], e.get("name"), p("taxonomy")))
    return out


# ---------------------------------------------------------------------------- helpers
def _r(v: float) -> float:
    return round(float(v), 4)


def _ari_nmi(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return (_r(adjusted_rand_score(a, b)), _r(normalized_mutual_info_score(a, b)))


def _fit(factory: ModelFactory, texts: list[str], taxonomy: tuple[ThemeSeed, ...] = ()
         ) -> tuple[Any, float]:
    t0 = time.perf_counter()
    m = factory(taxonomy=taxonomy).fit(texts)
    return m, time.perf_counter() - t0


def _shuffled(factory: ModelFactory, texts: list[str], seed: int,
              taxonomy: tuple[ThemeSeed, ...] = ()) -> tuple[Any, np.ndarray]:
    perm = np.random.default_rng(seed).permutation(len(texts))
    m = factory(taxonomy=taxonomy).fit([texts[i] for i in perm])
    return m, perm


def _unshuffle(values: np.ndarray, perm: np.ndarray) -> np.ndarray:
    back = np.empty(len(values), dtype=object)
    back[perm] = values
    return back.astype(str)


def row_values(model: Any, attr: str) -> np.ndarray | None:
    """A per-distinct-text attribute of a fitted model, per input row (None if absent).

    ``labels_`` is already per row (scikit-learn's convention); the model's per-text
    primary themes are ``primary_``.
    """
    if attr == "labels_":
        return np.asarray(model.labels_)
    v = getattr(model, attr, None)
    if v is None:
        return None
    return np.asarray(v)[model.row_index_]


def f1_table(y: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> pd.DataFrame:
    """Per label: true and predicted share, precision, recall, F1 (pred may hold other values)."""
    n = max(len(y), 1)
    rows = []
    for lab in labels:
        t, p = y == lab, pred == lab
        tp = float(np.sum(t & p))
        prec = tp / p.sum() if p.sum() else 0.0
        rec = tp / t.sum() if t.sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append({"label": str(lab), "true_share": t.sum() / n, "pred_share": p.sum() / n,
                     "precision": prec, "recall": rec, "f1": f1})
    return pd.DataFrame(rows)


def macro_f1(y: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> float:
    """Macro-F1 over ``labels`` (predictions outside them count as misses)."""
    tab = f1_table(y, pred, labels)
    return float(tab["f1"].mean()) if len(tab) else 0.0


def overpredicted(tab: pd.DataFrame) -> list[str]:
    """Labels predicted for more than twice their true share at precision under 0.3."""
    bad = tab[(tab["pred_share"] > OVERPREDICTED_SHARE * tab["true_share"])
              & (tab["precision"] < OVERPREDICTED_PRECISION)]
    return bad["label"].tolist()


def calibration(confidence: np.ndarray, correct: np.ndarray,
                bins: Sequence[float] = CALIBRATION_BINS) -> list[dict[str, Any]]:
    """Confidence bins: share of assignments in the bin and their accuracy."""
    out = []
    n = max(len(confidence), 1)
    for lo, hi in zip(bins[:-1], bins[1:], strict=True):
        sel = (confidence >= lo) & ((confidence < hi) | (hi >= bins[-1]))
        out.append({"bin": f"{lo:.1f}-{hi:.1f}", "share": _r(sel.sum() / n),
                    "accuracy": _r(correct[sel].mean()) if sel.any() else None,
                    "mean_confidence": _r(confidence[sel].mean()) if sel.any() else None})
    return out


def nearest_prototype(model: Any, seeds: Sequence[ThemeSeed]) -> np.ndarray:
    """BASELINES.md's seeded baseline: each text to the seed whose "name: description"
    embedding is nearest (cosine, argmax), per input row."""
    emb = model.embedder
    protos = emb.embed([f"{s.name}: {s.description}" for s in seeds])
    x = np.asarray(model.embeddings_, dtype=np.float64)
    best = (x @ np.asarray(protos, dtype=np.float64).T).argmax(axis=1)
    return np.array([seeds[j].id for j in best], dtype=object)[model.row_index_]


# ---------------------------------------------------------------------------- discovery
def discovery_metrics(corpus: Corpus, factory: ModelFactory, opts: EvalOptions
                      ) -> dict[str, Any]:
    """Themes without a taxonomy: ARI/NMI against ``label``, k, order stability; the
    sub-theme level (``sublabels_``) against ``label2`` when the corpus has it."""
    texts = corpus.frame["text"].tolist()
    y = corpus.frame["label"].to_numpy()
    m, secs = _fit(factory, texts)
    pred = np.asarray(m.labels_).astype(str)
    ari, nmi = _ari_nmi(y, pred)
    out: dict[str, Any] = {"n_texts": len(texts), "n_labels": int(len(set(y))),
                           "backend": m.backend_, "ari": ari, "nmi": nmi,
                           "n_themes": int(m.k_), "n_other": int(np.sum(pred == "other")),
                           "k_criterion": {str(k): v for k, v in m.k_scores_.items()},
                           "seconds_fit": _r(secs)}
    sub = row_values(m, "subthemes_")
    if sub is not None:
        sub = sub.astype(str)
        out["n_subthemes"] = int(len(set(sub) - {"other"}))
        if "label2" in corpus.frame:
            y2 = corpus.frame["label2"].to_numpy()
            out["sub_ari"], out["sub_nmi"] = _ari_nmi(y2, sub)
            out["n_labels2"] = int(len(set(y2)))
    if opts.order:
        m2, perm = _shuffled(factory, texts, opts.shuffle_seed)
        back = _unshuffle(np.asarray(m2.labels_).astype(str), perm)
        out["order_ari"] = _ari_nmi(pred, back)[0]
        out["order_identical"] = bool(np.array_equal(pred, back))
        sub2 = row_values(m2, "subthemes_")
        if sub is not None and sub2 is not None:
            back2 = _unshuffle(sub2.astype(str), perm)
            out["sub_order_ari"] = _ari_nmi(sub, back2)[0]
            out["sub_order_identical"] = bool(np.array_equal(sub, back2))
    out["_model"] = m
    return out


def kmeans_baseline(x: np.ndarray, y: np.ndarray, k: int,
                    seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> dict[str, Any]:
    """e5 + KMeans(k) (scikit-learn defaults, one fit per seed): mean and sd of ARI/NMI."""
    from sklearn.cluster import KMeans

    aris, nmis = [], []
    for s in seeds:
        lab = KMeans(n_clusters=k, random_state=s, n_init="auto").fit_predict(x)
        a, n = _ari_nmi(y, lab)
        aris.append(a)
        nmis.append(n)
    return {"k": int(k), "ari_mean": _r(np.mean(aris)), "ari_sd": _r(np.std(aris)),
            "nmi_mean": _r(np.mean(nmis)), "seeds": list(seeds)}


# ---------------------------------------------------------------------------- seeded
def _seed_labels(model: Any, tax: Taxonomy, attr: str) -> np.ndarray:
    v = row_values(model, attr)
    if v is None:
        raise ValueError(f"the model has no {attr}")
    return np.array([tax.to_label.get(str(s), EMERGENT) for s in v], dtype=object)


def seeded_metrics(corpus: Corpus, factory: ModelFactory, opts: EvalOptions,
                   taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The taxonomy mapping on all rows.

    ``macro_f1`` scores the best strategy theme of each statement (``seed_best_``, what
    the nearest-prototype baseline also gives); ``macro_f1_primary`` the final primary
    theme, where a statement in an emergent theme or "Øvrige" counts as a miss.
    """
    from sklearn.metrics import accuracy_score

    tax = taxonomy or corpus.taxonomy
    if tax is None:
        raise ValueError(f"{corpus.name}: this metric needs a taxonomy")
    texts = corpus.frame["text"].tolist()
    y = corpus.frame["label"].to_numpy().astype(str)
    labels = sorted(set(tax.to_label.values()))
    m, secs = _fit(factory, texts, tax.seeds)
    best = _seed_labels(m, tax, "seed_best_")
    prim = _seed_labels(m, tax, "labels_")
    tab = f1_table(y, best, labels)
    tab_p = f1_table(y, prim, labels)
    base = np.array([tax.to_label[s] for s in nearest_prototype(m, tax.seeds)])
    out: dict[str, Any] = {
        "accuracy": _r(accuracy_score(y, best)),
        "macro_f1": _r(tab["f1"].mean()),
        "accuracy_primary": _r(accuracy_score(y, prim)),
        "macro_f1_primary": _r(tab_p["f1"].mean()),
        "seeded_share": _r(np.mean(prim != EMERGENT)),
        "n_emergent": int(len(getattr(m, "emergent_clusters_", []))),
        "baseline_macro_f1": _r(macro_f1(y, base, labels)),
        "baseline_accuracy": _r(accuracy_score(y, base)),
        "overpredicted": overpredicted(tab),
        "overpredicted_primary": overpredicted(tab_p),
        "per_theme": [{k: (_r(v) if isinstance(v, float) else v) for k, v in r.items()}
                      | {"pred_share_primary": _r(rp["pred_share"]),
                         "precision_primary": _r(rp["precision"])}
                      for r, rp in zip(tab.to_dict("records"), tab_p.to_dict("records"),
                                       strict=True)],
        "seconds_fit": _r(secs),
    }
    conf = row_values(m, "confidence_")
    if conf is not None:
        conf = conf.astype(float)
        seeded = prim != EMERGENT
        correct = prim == y
        out["calibration"] = calibration(conf[seeded], correct[seeded])
        flag = row_values(m, "confident_")
        if flag is not None:
            flag = flag.astype(bool) & seeded
            out["confident_share"] = _r(flag.mean())
            out["confident_accuracy"] = _r(correct[flag].mean()) if flag.any() else None
    if opts.order:
        m2, perm = _shuffled(factory, texts, opts.shuffle_seed, tax.seeds)
        back = _unshuffle(row_values(m2, "seed_best_"), perm)
        back_p = _unshuffle(np.asarray(m2.labels_), perm)
        out["seeded_order_ari"] = _ari_nmi(best, np.array([tax.to_label.get(s, s)
                                                          for s in back]))[0]
        out["primary_order_identical"] = bool(np.array_equal(
            np.asarray(m.labels_).astype(str), back_p))
    out["_model"] = m
    return out


# ---------------------------------------------------------------------------- leave-out
def dropped_indices(n_themes: int, fraction: float) -> list[int]:
    """Every third theme in file order, starting with the first (0, 3, 6, ...), for
    fraction 0.34; in general every round(1/fraction)-th."""
    step = max(1, round(1.0 / fraction)) if fraction > 0 else n_themes + 1
    return list(range(0, n_themes, step))


def leave_out_metrics(corpus: Corpus, factory: ModelFactory, opts: EvalOptions,
                      full_model: Any | None = None) -> dict[str, Any]:
    """Honest strategy themes: drop every third taxonomy theme and refit.

    ``absorbed_share``: share of the dropped themes' statements whose primary theme is a
    remaining strategy theme (the rest are in emergent themes or "Øvrige").
    ``kept_macro_f1``: F1 over the kept themes' labels of the primary theme, reduced
    taxonomy; ``kept_macro_f1_full``: the same themes' F1 with the full taxonomy.
    """
    tax = corpus.taxonomy
    if tax is None:
        raise ValueError(f"{corpus.name}: this metric needs a taxonomy")
    texts = corpus.frame["text"].tolist()
    y = corpus.frame["label"].to_numpy().astype(str)
    fraction = opts.leave_out or 0.34
    drop = dropped_indices(len(tax.seeds), fraction)
    keep = [i for i in range(len(tax.seeds)) if i not in drop]
    reduced = tax.subset(keep)
    dropped_labels = {tax.to_label[tax.seeds[i].id] for i in drop}
    kept_labels = sorted(set(reduced.to_label.values()))
    m, secs = _fit(factory, texts, reduced.seeds)
    prim = _seed_labels(m, reduced, "labels_")
    best = _seed_labels(m, reduced, "seed_best_")
    if full_model is None:
        full_model, _ = _fit(factory, texts, tax.seeds)
    prim_full = _seed_labels(full_model, tax, "labels_")
    best_full = _seed_labels(full_model, tax, "seed_best_")
    isd = np.isin(y, list(dropped_labels))
    absorbed = prim[isd] != EMERGENT
    into = pd.Series(prim[isd][absorbed]).value_counts()
    return {
        "dropped": sorted(dropped_labels),
        "n_dropped_statements": int(isd.sum()),
        "absorbed_share": _r(absorbed.mean()) if isd.any() else 0.0,
        "absorbed_into": {str(k): int(v) for k, v in into.items()},
        "kept_macro_f1": _r(macro_f1(y, prim, kept_labels)),
        "kept_macro_f1_full": _r(macro_f1(y, prim_full, kept_labels)),
        "kept_macro_f1_best": _r(macro_f1(y, best, kept_labels)),
        "kept_macro_f1_best_full": _r(macro_f1(y, best_full, kept_labels)),
        "kept_seeded_share": _r(np.mean(prim[~isd] != EMERGENT)),
        "n_emergent": int(len(getattr(m, "emergent_clusters_", []))),
        "seconds_fit": _r(secs),
    }


# ---------------------------------------------------------------------------- few-shot
def draw_examples(y: np.ndarray, labels: Sequence[str], n: int, seed: int = 0
                  ) -> dict[str, np.ndarray]:
    """Row positions of ``n`` examples per label, drawn with a fixed seed.

    A label with fewer than 2n rows gives half of them (at least one row stays to be
    scored). Labels are visited in sorted order, each with its own generator derived from
    ``seed``, so a label's draw does not depend on the other labels.
    """
    out: dict[str, np.ndarray] = {}
    for j, lab in enumerate(sorted(labels)):
        idx = np.flatnonzero(y == lab)
        take = min(n, len(idx) // 2)
        rng = np.random.default_rng([seed, j])
        out[lab] = np.sort(rng.choice(idx, size=take, replace=False)) if take else idx[:0]
    return out


def with_examples(tax: Taxonomy, texts: Sequence[str], picks: dict[str, np.ndarray]
                  ) -> tuple[ThemeSeed, ...]:
    """The taxonomy with each theme carrying its examples' texts."""
    return tuple(replace(s, examples=tuple(texts[i] for i in picks.get(tax.to_label[s.id], [])))
                 for s in tax.seeds)


def fewshot_metrics(corpus: Corpus, factory: ModelFactory, opts: EvalOptions,
                    full_model: Any | None = None, ceiling: float | None = None
                    ) -> dict[str, Any]:
    """N labelled examples per theme: macro-F1 on the other rows, with and without them.

    The examples are statements of the input (as the analyst's moves in the overrides
    file are), so the model sees them both as input and as examples. Both macro-F1s are
    of the best strategy theme (``seed_best_``) on the rows that are not examples.
    """
    tax = corpus.taxonomy
    if tax is None:
        raise ValueError(f"{corpus.name}: this metric needs a taxonomy")
    texts = corpus.frame["text"].tolist()
    y = corpus.frame["label"].to_numpy().astype(str)
    labels = sorted(set(tax.to_label.values()))
    picks = draw_examples(y, labels, opts.examples_per_theme, opts.example_seed)
    used = np.zeros(len(y), dtype=bool)
    for idx in picks.values():
        used[idx] = True
    # a text given as example is not scored anywhere (duplicates of it neither)
    ex_texts = {texts[i] for i in np.flatnonzero(used)}
    rest = np.array([t not in ex_texts for t in texts])
    seeds = with_examples(tax, texts, picks)
    m, secs = _fit(factory, texts, seeds)
    fs = _seed_labels(m, tax, "seed_best_")
    if full_model is None:
        full_model, _ = _fit(factory, texts, tax.seeds)
    base = _seed_labels(full_model, tax, "seed_best_")
    out = {"examples_per_theme": opts.examples_per_theme,
           "n_examples": int(used.sum()), "n_scored": int(rest.sum()),
           "macro_f1_fewshot": _r(macro_f1(y[rest], fs[rest], labels)),
           "macro_f1_seeded_rest": _r(macro_f1(y[rest], base[rest], labels)),
           "macro_f1_fewshot_primary": _r(macro_f1(y[rest], _seed_labels(m, tax, "labels_")[rest],
                                                    labels)),
           "seconds_fit": _r(secs)}
    if ceiling is not None:
        out["ceiling_macro_f1"] = ceiling
        out["halfway"] = _r((out["macro_f1_seeded_rest"] + ceiling) / 2)
    return out


def ceiling_metrics(x: np.ndarray, y: np.ndarray, random_state: int = 0,
                    folds: int = 5, inner_folds: int = 3,
                    grid: Sequence[float] = CEILING_C) -> dict[str, Any]:
    """Supervised ceiling: 5-fold cross-validated logistic regression on the embeddings.

    Features standardised (fitted inside each training fold), balanced class weights,
    C chosen by an inner cross-validation inside each training fold (macro-F1).
    Returns the macro-F1 and accuracy of the out-of-fold predictions.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    y = np.asarray(y).astype(str)
    pred = np.empty(len(y), dtype=object)
    chosen = []
    outer = StratifiedKFold(folds, shuffle=True, random_state=random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # classes with fewer members than folds
        for tr, te in outer.split(x, y):
            pipe = make_pipeline(StandardScaler(), LogisticRegression(
                class_weight="balanced", max_iter=2000))
            inner = StratifiedKFold(inner_folds, shuffle=True, random_state=random_state)
            gs = GridSearchCV(pipe, {"logisticregression__C": list(grid)}, cv=inner,
                              scoring="f1_macro", n_jobs=1)
            gs.fit(x[tr], y[tr])
            chosen.append(gs.best_params_["logisticregression__C"])
            pred[te] = gs.predict(x[te])
    return {"ceiling_macro_f1": _r(f1_score(y, pred.astype(str), average="macro")),
            "ceiling_accuracy": _r(accuracy_score(y, pred.astype(str))),
            "ceiling_C": chosen}


# ---------------------------------------------------------------------------- runners
def run_entry(corpus: Corpus, factory: ModelFactory, opts: EvalOptions) -> dict[str, Any]:
    """Every metric the options ask for, on one corpus (JSON-ready, models dropped)."""
    t0 = time.perf_counter()
    out: dict[str, Any] = {"name": corpus.name}
    disc = discovery_metrics(corpus, factory, opts)
    dmodel = disc.pop("_model")
    out["discovery"] = disc
    if "label2" in corpus.frame:
        y2 = corpus.frame["label2"].to_numpy().astype(str)
        x = np.asarray(dmodel.embeddings_, dtype=np.float64)[dmodel.row_index_]
        out["sub_kmeans_baseline"] = kmeans_baseline(x, y2, len(set(y2)), opts.kmeans_seeds)
    full = None
    if corpus.taxonomy is not None:
        seeded = seeded_metrics(corpus, factory, opts)
        full = seeded.pop("_model")
        out["seeded"] = seeded
        if opts.leave_out:
            out["leave_out"] = leave_out_metrics(corpus, factory, opts, full_model=full)
    ceiling = None
    if opts.ceiling:
        m = full if full is not None else dmodel
        x = np.asarray(m.embeddings_, dtype=np.float64)[m.row_index_]
        out["ceiling"] = ceiling_metrics(x, corpus.frame["label"].to_numpy())
        ceiling = out["ceiling"]["ceiling_macro_f1"]
    if opts.examples_per_theme and corpus.taxonomy is not None:
        out["fewshot"] = fewshot_metrics(corpus, factory, opts, full_model=full,
                                         ceiling=ceiling)
    out["seconds"] = _r(time.perf_counter() - t0)
    return out


def product_factory(embedder: Any, stop_words: Sequence[str] = (), random_state: int = 2024,
                    n_themes: int | str = "auto", **params: Any) -> ModelFactory:
    """ThemeModel with the product's defaults, sharing one embedder."""
    from rus_analysis.themes.model import ThemeModel

    def make(taxonomy: Sequence[ThemeSeed] = ()) -> Any:
        return ThemeModel(n_themes=n_themes, taxonomy=tuple(taxonomy), embedder=embedder,
                          stop_words=tuple(stop_words), random_state=random_state, **params)
    return make


def run_suite(path: str | Path, factory: ModelFactory, opts: EvalOptions,
              root: str | Path | None = None, names: Sequence[str] = ()) -> list[dict[str, Any]]:
    """``run_entry`` for every corpus of the suite file (or only those in ``names``)."""
    out = []
    for corpus in load_suite(path, root):
        if names and corpus.name not in names:
            continue
        out.append(run_entry(corpus, factory, opts))
    return out


TARGETS = {
    "discovery_ari_anchor": {"capcas": 0.117, "sib200": 0.344, "dast": 0.423},
    "discovery_ari_bertopic": {"capcas": 0.048, "sib200": 0.258, "dast": 0.150},
    "seeded_baseline_macro_f1": {"capcas": 0.340, "sib200": 0.654, "dast": 0.431},
}


def summary_rows(results: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per corpus with the headline figures (for the markdown tables)."""
    rows = []
    for r in results:
        d, s = r["discovery"], r.get("seeded", {})
        lo, fs, ce = r.get("leave_out", {}), r.get("fewshot", {}), r.get("ceiling", {})
        rows.append({
            "corpus": r["name"], "ari_auto": d["ari"], "k": d["n_themes"],
            "order_ari": d.get("order_ari"), "sub_ari": d.get("sub_ari"),
            "n_sub": d.get("n_subthemes"), "sub_order_ari": d.get("sub_order_ari"),
            "sub_kmeans": r.get("sub_kmeans_baseline", {}).get("ari_mean"),
            "macro_f1": s.get("macro_f1"), "macro_f1_primary": s.get("macro_f1_primary"),
            "seeded_share": s.get("seeded_share"), "overpred": len(s.get("overpredicted", [])),
            "confident_acc": s.get("confident_accuracy"),
            "confident_share": s.get("confident_share"),
            "absorbed": lo.get("absorbed_share"), "kept_f1": lo.get("kept_macro_f1"),
            "kept_f1_full": lo.get("kept_macro_f1_full"),
            "fewshot": fs.get("macro_f1_fewshot"), "seeded_rest": fs.get("macro_f1_seeded_rest"),
            "ceiling": ce.get("ceiling_macro_f1"),
        })
    return pd.DataFrame(rows)
