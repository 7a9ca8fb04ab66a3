"""Measuring position and tone on a labelled corpus, with the defaults a user gets.

Why a label map: a corpus has its own classes (DAST: Supporting, Denying, Querying,
Commenting; sentiment corpora: negative, neutral, positive). The map says which product
class each corpus label means; macro-F1 is taken over the mapped product classes, and a
prediction of a class the map does not name (``forslag`` on a corpus without proposals)
is simply a miss, never quietly folded into another class.
"""

from __future__ import annotations

from collections.abc import Mapping

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
