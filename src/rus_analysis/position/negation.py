"""Negation scope in Danish: which tokens a "ikke", "ingen", "aldrig" or "uden" governs.

Why a window and not a parse: no Danish parser runs offline here. Danish puts the
negation right before what it negates in most clauses ("det er ikke godt", "ingen grund
til bekymring", "uden problemer", "jeg tror ikke, at ..."), so a short forward window
that stops at clause punctuation and at conjunctions ("men", "og", "fordi", ...) covers
the common cases. "ikke kun/bare/blot/mindst/alene" is not a negation ("not only",
"not least") and opens no scope.
"""

from __future__ import annotations

from rus_analysis.position.lexicon import load_modifiers
from rus_analysis.position.tokens import CLAUSE_BREAKS

__all__ = ["negation_scope", "NEGATORS", "WINDOW"]

WINDOW = 3
"""How many tokens after a negator are in its scope (stopping earlier at a clause break)."""

_MOD = load_modifiers()
NEGATORS: frozenset[str] = frozenset(_MOD["negators"])
_NOT_NEG_AFTER: frozenset[str] = frozenset(_MOD["not_negation_after"])
_BREAKS: frozenset[str] = CLAUSE_BREAKS | frozenset(_MOD["scope_breaks"])


def negation_scope(toks: list[str], window: int = WINDOW) -> dict[int, int]:
    """Map each token index inside a negation's scope to the index of its negator.

    >>> negation_scope("det er ikke godt".split())
    {3: 2}
    >>> negation_scope("ikke kun godt".split())
    {}
    """
    scope: dict[int, int] = {}
    for i, t in enumerate(toks):
        if t not in NEGATORS:
            continue
        if i + 1 < len(toks) and toks[i + 1] in _NOT_NEG_AFTER:
            continue
        for j in range(i + 1, min(len(toks), i + 1 + window)):
            if toks[j] in _BREAKS:
                break
            if toks[j] in NEGATORS:  # a second negator opens its own scope
                break
            scope.setdefault(j, i)
    return scope
