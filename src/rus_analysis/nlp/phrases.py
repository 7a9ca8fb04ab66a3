"""Two-word phrases ("rent drikkevand", "kollektiv trafik") found by PMI among adjacent words.

Why only words written side by side: a phrase nobody wrote ("midler tager") must never
become a theme term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np


def find_phrases(lemma_lists: Sequence[Sequence[str]], bigram_lists: Sequence[Sequence[str]],
                 min_count: int = 3, min_pmi: float = 3.0,
                 max_phrases: int = 2000) -> tuple[str, ...]:
    """Bigrams of side-by-side content words that occur together more than by chance.

    ``bigram_lists``: the candidates, ``adjacent_bigrams`` of the same texts (see there
    why not neighbours in the lemma lists). Criterion: at least ``min_count`` occurrences
    and pointwise mutual information >= ``min_pmi`` bits (a bigram seen 8x more often than
    its words' frequencies in ``lemma_lists`` predict), which keeps "kollektiv trafik"
    and drops chance neighbours. Returned sorted so the result does not depend on input
    order.
    """
    uni: Counter[str] = Counter()
    for lem in lemma_lists:
        uni.update(lem)
    bi: Counter[str] = Counter()
    for pairs in bigram_lists:
        bi.update(pairs)
    n = max(sum(uni.values()), 1)
    scored = []
    for pair, c in bi.items():
        a, _, b = pair.partition(" ")
        if c < min_count or a == b or not uni[a] or not uni[b]:
            continue
        pmi = np.log2(c * n / (uni[a] * uni[b]))
        if pmi >= min_pmi:
            scored.append((-c, pair))
    scored.sort()
    return tuple(sorted(p for _, p in scored[:max_phrases]))


def apply_phrases(lemmas: Sequence[str], phrases: Iterable[str],
                  bigrams: Sequence[str]) -> list[str]:
    """Lemmas plus the known phrases among the text's ``bigrams`` (``adjacent_bigrams``)."""
    ph = phrases if isinstance(phrases, set | frozenset) else set(phrases)
    return [*lemmas, *(p for p in bigrams if p in ph)]
