"""Measuring position and tone on a labelled corpus, with the defaults a user gets.

Why a label map: a corpus has its own classes (DAST: Supporting, Denying, Querying,
Commenting; sentiment corpora: negative, neutral, positive). The map says which product
class each corpus label means; macro-F1 is taken over the mapped product classes, and a
prediction of a class the map does not name (``forslag`` on a corpus without proposals)
is simply a miss, never quietly folded into another class.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from rus_analysis.position.classify import classify_positions, classify_tones
from rus_analysis.position.stance import POSITIONS
from rus_analysis.position.tone import TONES

TASKS = ("position", "tone")


def parse_label_map(text: str, task: str) -> dict[str, str]:
    """'a=støtte,b=modstand' -> {'a': 'støtte', 'b': 'modstand'}, checked against the
    task's classes."""
    classes = POSITIONS if task == "position" else TONES
    out: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "=" not in part:
            raise ValueError(f"--label-map entry {part!r} must be corpus_label=product_class")
        label, cls = (x.strip() for x in part.split("=", 1))
        if cls not in classes:
            raise ValueError(f"--label-map: {cls!r} is not a {task} class; use one of "
                             f"{', '.join(classes)}")
        out[label] = cls
    if not out:
        raise ValueError("--label-map is empty")
    return out


def default_label_map(labels: pd.Series, task: str) -> dict[str, str]:
    """Without --label-map: labels that already are product classes, or the usual
    sentiment words (negative/neutral/positive) for tone."""
    words = {"negative": "negativ", "neutral": "neutral", "positive": "positiv"}
    classes = POSITIONS if task == "position" else TONES
    out = {}
    for label in sorted(set(labels.astype(str))):
        if label in classes:
            out[label] = label
        elif task == "tone" and label.lower() in words:
            out[label] = words[label.lower()]
    if not out:
        raise ValueError("the labels are not product classes; give --label-map")
    return out


def evaluate_task(df: pd.DataFrame, text_column: str, label_column: str, task: str,
                  label_map: Mapping[str, str], target_column: str | None = None
                  ) -> dict[str, object]:
    """Accuracy, macro-F1 and per-class F1 over the mapped classes, and the confusion."""
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}, got {task!r}")
    rows = df[df[label_column].astype(str).isin(label_map)].reset_index(drop=True)
    if len(rows) == 0:
        raise ValueError("no row has a label named in the label map")
    y = rows[label_column].astype(str).map(label_map).to_numpy()
    texts = rows[text_column].astype(str).tolist()
    if task == "position":
        targets = rows[target_column].astype(str).tolist() if target_column else None
        pred = classify_positions(texts, targets=targets)["position"].to_numpy()
        all_classes = POSITIONS
    else:
        pred = classify_tones(texts)["tone"].to_numpy()
        all_classes = TONES
    classes = [c for c in all_classes if c in set(label_map.values())]
    per_class = f1_score(y, pred, labels=classes, average=None, zero_division=0)
    shown = classes + [c for c in all_classes if c not in classes and c in set(pred)]
    cm = confusion_matrix(y, pred, labels=shown)
    return {
        "task": task, "n_texts": len(rows), "label_map": dict(label_map),
        "target_column": target_column,
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, labels=classes, average="macro",
                                         zero_division=0)), 4),
        "f1_per_class": {c: round(float(v), 4) for c, v in zip(classes, per_class,
                                                                  strict=True)},
        "confusion": {"rows_truth_cols_predicted": shown,
                      "matrix": [[int(v) for v in r] for r in cm[:len(classes)]]},
    }


def macro_f1(y: np.ndarray, p: np.ndarray, labels: Sequence[str]) -> float:
    """Macro-F1 over ``labels`` (a prediction outside them is a miss), without sklearn's
    overhead, for the bootstrap."""
    scores = []
    for c in labels:
        tp = float(np.sum((y == c) & (p == c)))
        fp = float(np.sum((y != c) & (p == c)))
        fn = float(np.sum((y == c) & (p != c)))
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def _metric(y: np.ndarray, p: np.ndarray, labels: Sequence[str] | None) -> float:
    return float(np.mean(y == p)) if labels is None else macro_f1(y, p, labels)


def bootstrap_ci(y: Sequence[str], p: Sequence[str], labels: Sequence[str] | None = None,
                 p_other: Sequence[str] | None = None, n: int = 1000, seed: int = 0
                 ) -> tuple[float, float]:
    """95 % interval of macro-F1 over ``labels`` (or of agreement when ``labels`` is None)
    with rows resampled with replacement; with ``p_other``, the interval of the paired
    difference ``metric(p) - metric(p_other)`` on the same resampled rows. The rules are
    deterministic, so sampling is the only noise there is."""
    y_, p_ = np.asarray(y, dtype=object), np.asarray(p, dtype=object)
    q_ = None if p_other is None else np.asarray(p_other, dtype=object)
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(n):
        i = rng.integers(0, len(y_), len(y_))
        v = _metric(y_[i], p_[i], labels)
        if q_ is not None:
            v -= _metric(y_[i], q_[i], labels)
        vals.append(v)
    lo, hi = np.percentile(vals, [2.5, 97.5])
    return round(float(lo), 3), round(float(hi), 3)


def _norm(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def match_demo_truth(statements: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Truth rows of a demo answer key with the statement id they mean: the statement of
    the same round and file that starts with the row's snippet, at its locator when that is
    unique. Rows without a match are left out (``statement_id``, ``round``, ``truth``)."""
    by_file = {k: g for k, g in statements.groupby(["round", "source_file"])}
    norm_text = statements.set_index("statement_id")["text"].map(_norm)
    rows = []
    for r in truth.itertuples(index=False):
        cand = by_file.get((str(r.round), str(r.file)))
        if cand is None:
            continue
        snippet = _norm(r.snippet)[:60]
        hit = cand[cand["statement_id"].map(norm_text).str.startswith(snippet)]
        at = hit[hit["locator"].astype(str).str.endswith(str(r.locator))]
        pick = at if len(at) else hit
        if len(pick):
            rows.append((pick.iloc[0]["statement_id"], str(r.round), r.position))
    out = pd.DataFrame(rows, columns=["statement_id", "round", "truth"])
    return out.drop_duplicates("statement_id")
