"""Example statements of taxonomy themes: what the analyst has shown the model.

A taxonomy theme may carry example statements (``ThemeSeed.examples``: in the config,
or the analyst's "move" overrides of an earlier run, see ``examples_from_overrides``).
They are used three ways, all of them per theme, so one theme's examples do not change
how another theme is described:

* a statement's similarity to the theme's nearest example, standardised per theme like
  the prototype similarity, is added to the theme's evidence
  (``seeding.example_evidence``; averaging the examples into the prototype was worse on
  two of the three development corpora, benchmarks/themes_eval.md);
* an example that is a statement of the input is labelled: the self-training keeps it in
  its theme's training set in every round (``seeding.seed_scores(labelled=...)``), and
  its posterior is its theme;
* every example claims the fine group it lands in (``routing.anchor_homes``), so a
  strand of a theme its description does not name can still be held by the theme; an
  example that is a statement of the input always claims its own group, one that is not
  only a group that fits its theme (the bar of a description, issue 16 sixth round).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.preprocessing import normalize

from rus_analysis.config import ThemeSeed
from rus_analysis.nlp import text_hash


@dataclass(frozen=True)
class Examples:
    """Examples of a taxonomy, resolved against the fitted statements.

    ``seed``: seed index per example; ``texts``: the example texts; ``rows``: the row of
    the example among the fitted statements (hash order) or None when it is not one of
    them; ``labelled``: row -> seed index for the examples that are statements (a row
    given as an example of two themes is left out: the analyst's intent is unclear).
    """

    seed: tuple[int, ...]
    texts: tuple[str, ...]
    rows: tuple[int | None, ...]
    labelled: dict[int, int]

    def __len__(self) -> int:
        return len(self.seed)


def resolve(taxonomy: Sequence[ThemeSeed], hashes: Sequence[str]) -> Examples:
    """Match every theme's examples to the fitted statements by text hash."""
    pos = {h: i for i, h in enumerate(hashes)}
    seed, texts, rows = [], [], []
    owners: dict[int, set[int]] = {}
    for j, s in enumerate(taxonomy):
        seen: set[str] = set()
        for e in getattr(s, "examples", ()) or ():
            e = str(e)
            h = text_hash(e)
            if h in seen:
                continue
            seen.add(h)
            row = pos.get(h)
            seed.append(j)
            texts.append(e)
            rows.append(row)
            if row is not None:
                owners.setdefault(row, set()).add(j)
    labelled = {r: next(iter(js)) for r, js in sorted(owners.items()) if len(js) == 1}
    return Examples(tuple(seed), tuple(texts), tuple(rows), labelled)


def example_vectors(ex: Examples, embeddings: np.ndarray, embed) -> np.ndarray:
    """Embeddings of the examples (rows of ``embeddings`` where the example is a statement,
    ``embed(texts)`` for the others), normalised."""
    if not len(ex):
        return np.zeros((0, embeddings.shape[1]))
    out = np.zeros((len(ex), embeddings.shape[1]))
    missing = [i for i, r in enumerate(ex.rows) if r is None]
    for i, r in enumerate(ex.rows):
        if r is not None:
            out[i] = embeddings[r]
    if missing:
        out[missing] = np.asarray(embed([ex.texts[i] for i in missing]), dtype=np.float64)
    return normalize(out)


def examples_from_overrides(taxonomy: Sequence[ThemeSeed], overrides: Sequence[dict],
                            text_of: dict[str, str]) -> tuple[ThemeSeed, ...]:
    """The taxonomy with the analyst's "move" overrides to a seeded theme added as
    examples (``text_of``: statement id -> text). A move to another kind of theme, or of
    a statement not in ``text_of``, adds nothing."""
    extra: dict[str, list[str]] = {}
    ids = {s.id for s in taxonomy}
    for ov in overrides:
        if ov.get("action") != "move":
            continue
        to, sid = str(ov.get("to")), str(ov.get("statement"))
        if to in ids and sid in text_of:
            extra.setdefault(to, []).append(text_of[sid])
    if not extra:
        return tuple(taxonomy)
    return tuple(replace(s, examples=tuple(getattr(s, "examples", ())) + tuple(extra.get(s.id, ())))
                 for s in taxonomy)

