"""``classify_positions`` and ``classify_tones``: the position and tone of each text.

The rules themselves live in ``stance`` (position) and ``tone``; these functions take a
sequence of texts (and targets) and return one row per text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from rus_analysis.position.stance import classify_position
from rus_analysis.position.tone import ToneConfig, score_tone, tone_label


def _as_list(texts: Sequence[str] | pd.Series) -> list[str]:
    return ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]


def _targets(targets: Sequence[str | None] | str | None, n: int) -> list[str | None]:
    if targets is None or isinstance(targets, str):
        return [targets] * n
    out = [None if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in targets]
    if len(out) != n:
        raise ValueError(f"targets/sources has {len(out)} entries for {n} texts")
    return out


def _check_vectors(vectors: np.ndarray | None, n: int) -> None:
    if vectors is not None and len(vectors) != n:
        raise ValueError(f"vectors has {len(vectors)} rows for {n} texts")


def classify_positions(texts: Sequence[str] | pd.Series,
                       targets: Sequence[str | None] | str | None = None,
                       vectors: np.ndarray | None = None,
                       sources: Sequence[str | None] | str | None = None) -> pd.DataFrame:
    """Position of each statement.

    Parameters
    ----------
    texts: the statements (Danish).
    targets: what each statement answers — the survey question, the proposal a letter
        responds to, the submission a reply is under. One string for all, a sequence
        aligned with ``texts``, or None. Used to read bare "Ja"/"Nej" answers.
    vectors: optional e5 vectors, one row per text (not used by the current rules).
    sources: the source type of each text (``survey``, ``workshop``, ``meeting``,
        ``written``; one for all, a sequence, or None = unknown). Where people answer in
        bare phrases (post-its, survey cells) a phrase naming a measure ("Rene
        boringer") is a wish; elsewhere a noun phrase (a title, a heading) is not.

    Returns
    -------
    DataFrame indexed like ``texts`` (a Series keeps its index) with ``position`` (one of
    ``POSITIONS``), ``position_score`` (0-1, see ``stance``) and ``position_cues`` (the
    deciding words, "; "-joined, e.g. "bør; der er brug for").
    """
    items = _as_list(texts)
    tg = _targets(targets, len(items))
    src = _targets(sources, len(items))
    _check_vectors(vectors, len(items))
    rows = []
    for text, target, source in zip(items, tg, src, strict=True):
        r = classify_position(text, target, source)
        rows.append((r.position, round(float(r.score), 4), "; ".join(r.cues)))
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.DataFrame(rows, columns=["position", "position_score", "position_cues"], index=index)


def classify_tones(texts: Sequence[str] | pd.Series, vectors: np.ndarray | None = None) -> pd.DataFrame:
    """Tone of each statement.

    Returns a DataFrame with ``tone`` (one of ``TONES``), ``tone_score`` in (-1, 1)
    (the AFINN-style valence sum with Danish negation, intensifiers, "for"+degree and
    "men"-clauses, squashed by s/sqrt(s^2+15); its sign is the label, 0 is neutral) and
    ``tone_cues`` (the words that carried it).
    """
    items = _as_list(texts)
    _check_vectors(vectors, len(items))
    cfg = ToneConfig()
    rows = []
    for text in items:
        r = score_tone(text, cfg)
        rows.append((tone_label(r.raw, cfg.threshold), round(float(r.score), 4), "; ".join(r.cues[:6])))
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.DataFrame(rows, columns=["tone", "tone_score", "tone_cues"], index=index)
