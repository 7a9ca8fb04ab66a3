"""Position of one Danish statement: forslag, bekymring, støtte, modstand, spørgsmål, neutral.

How it decides (so that an analyst can follow it in ``position_cues``):

1. Quoted words (inside quotation marks, or "> ..." lines of a reply) are left out:
   they are someone else's. Every sentence is searched for cues (``cues``), question forms (``questions``),
   proposals by form (a sentence opening with "Flere"/"Bedre" or an imperative:
   "Beskyt grundvandet"), and, in the first sentence, a bare "Ja"/"Nej" or a standalone
   agreement particle ("Præcis.") read against the target (``answers``).
2. Cues are weighted by where they stand: in "X, men Y" the part after "men" carries
   the point (x1.5) and the part before it is conceded (x0.5); a sentence that opens
   with "Men" counts x1.5; after "derfor"/"altså" comes the conclusion (x1.5); a
   question inside a longer argument (neither first nor last sentence) is rhetorical
   and counts at most ``W_INNER_QUESTION``.
3. The weights of each position are summed and divided by sqrt(number of sentences)
   (``LENGTH_EXPONENT``); the largest sum wins if it reaches ``MIN_DECISIVE`` (1.5,
   one clear cue); otherwise the statement is neutral (information, description).
   An answer to an open target question that asks for something ("Hvilke
   udfordringer ...?", "Hvilke initiativer foreslår I?") gets that kind as a vote of
   exactly ``MIN_DECISIVE``: "Stormflod." answering the first is a worry, "Bedre
   busser" still a proposal, "Vi støtter letbanen" still support.

Stance is not sentiment: tone plays no part here ("Situationen er katastrofal, så vi
støtter letbanen" is support in a negative tone), and a complaint without a worry word
("Trafikken er elendig") stays neutral in position while ``classify_tones`` calls it
negative; an analyst can read the two columns together. A tone fallback (negative
tone -> bekymring) was measured and dropped (RESULTS.md).
``position_score`` in (0, 1): the winner's share against the runner-up,
``top / (top + second + 1)``; for neutral ``1 / (1 + strongest cue)``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from rus_analysis.position.answers import answer_cue, asked_for, target_kind
from rus_analysis.position.cues import Cue, CueLexicon, cue_lexicon, find_cues, reply_particle_cue
from rus_analysis.position.lexicon import DATA_DIR
from rus_analysis.position.questions import question_cues
from rus_analysis.position.tokens import sentences, tokenize

__all__ = ["PositionResult", "classify_position", "POSITIONS", "MIN_DECISIVE"]

POSITIONS: tuple[str, ...] = ("forslag", "bekymring", "støtte", "modstand", "spørgsmål", "neutral")
MIN_DECISIVE = 1.5
"""The least summed cue weight that decides a position (one clear cue such as "bør")."""

W_CONCEDED = 0.5
W_POINT = 1.5
W_INNER_QUESTION = 1.0
"""A question between the first and the last sentence is part of an argument
(rhetorical), not what the statement asks: it counts at most this much."""
LENGTH_EXPONENT = 0.5
"""Sums are divided by (number of sentences) ** LENGTH_EXPONENT: a position is what a
statement mainly does, so one "bør" in a ten-sentence comment decides less than in a
one-line post-it (square root: density, without punishing a paragraph that argues)."""


@dataclass
class PositionResult:
    """The decision for one text: position, score (0-1), deciding words, and the summed
    (density-normalised) weight of every position, for inspection."""

    position: str
    score: float
    cues: list[str]
    sums: dict[str, float]


def _clause_weights(toks: list[str], first: bool, lex: CueLexicon) -> list[float]:
    """Weight of each token by its clause: "men" (conceded before, point after), a
    sentence opening with "Men", and the conclusion after "derfor"/"altså"."""
    w = [1.0] * len(toks)
    words = [i for i, t in enumerate(toks) if t[0].isalnum()]
    if words and toks[words[0]] == "men" and not first:
        w = [W_POINT] * len(toks)
    men = next((i for i in words[1:] if toks[i] == "men"), None)
    if men is not None:
        for k in range(men):
            w[k] *= W_CONCEDED
        for k in range(men + 1, len(toks)):
            w[k] *= W_POINT
    concl = next((i for i in words if toks[i] in lex.conclusion), None)
    if concl is not None:
        for k in range(concl + 1, len(toks)):
            w[k] *= W_POINT
    return w


_EXCLAIM = json.loads((DATA_DIR / "cues_da.json").read_text(encoding="utf-8"))["exclamation_fragment"]


def _initial_cue(toks: list[str], lex: CueLexicon) -> Cue | None:
    """Proposal by form: a sentence opening with a comparative or an imperative
    ("Flere cykelstier", "Beskyt grundvandet"), a short phrase ending in "nu"
    ("Kystsikring nu"), or a short exclamation that is no interjection ("Grønne tage!")."""
    words = [t for t in toks if t[0].isalnum()]
    if not words:
        return None
    if toks[-1] == "?":
        return None
    two = " ".join(words[:2])
    found: list[Cue] = []
    if two in lex.initial:
        found.append(Cue("forslag", lex.initial[two], two, 0))
    elif words[0] in lex.initial and lex.initial[words[0]] > 0:
        found.append(Cue("forslag", lex.initial[words[0]], words[0], 0))
    if len(words) <= 5 and words[-1] in lex.final and lex.final[words[-1]] > 0:
        found.append(Cue("forslag", lex.final[words[-1]], f"… {words[-1]}", len(toks) - 1))
    ex = _EXCLAIM
    if toks[-1] == "!" and len(words) <= ex["max_words"] and words[0] not in ex["not_after"]:
        found.append(Cue("forslag", float(ex["weight"]), "… !", len(toks) - 1))
    return max(found, key=lambda c: c.weight) if found else None


def classify_position(text: str, target: str | None = None) -> PositionResult:
    """Position of ``text`` (optionally relative to ``target``); see the module docstring."""
    lex = cue_lexicon()
    kind = target_kind(target)
    sents = sentences(tokenize(text), own_words_only=True)
    n_words = sum(1 for s in sents for t in s if t[0].isalnum())
    sums: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for si, toks in enumerate(sents):
        weights = _clause_weights(toks, si == 0, lex)
        found: list[Cue] = find_cues(toks, lex) + question_cues(toks, lex)
        rp = reply_particle_cue(toks, lex) if si == 0 and kind != "statement" else None
        if rp is not None:
            found.append(rp)
        init = _initial_cue(toks, lex)
        if init is not None:
            found.append(init)
        if si == 0:
            ans = answer_cue(toks, target, n_words, lex)
            if ans is not None:
                found.append(ans)
        inner = 0 < si < len(sents) - 1
        for c in found:
            if inner and c.position == "spørgsmål":
                c = Cue(c.position, min(c.weight, W_INNER_QUESTION), c.words, c.index)
            w = c.weight * weights[min(c.index, len(weights) - 1)]
            sums[c.position] += w
            evidence[c.position].append((w, c.words))
    norm = max(1, len(sents)) ** LENGTH_EXPONENT
    sums = defaultdict(float, {p: s / norm for p, s in sums.items()})
    evidence = {p: [(w / norm, c) for w, c in ev] for p, ev in evidence.items()}
    asked = asked_for(target) if kind == "open" else None
    if asked is not None:
        # an answer to "Hvilke udfordringer ...?" is a worry unless it says otherwise
        sums[asked[0]] += MIN_DECISIVE
        evidence.setdefault(asked[0], []).append((MIN_DECISIVE, f"svar på: {asked[1]}"))
    ranked = sorted(((s, p) for p, s in sums.items() if p != "neutral"), reverse=True)
    neutral_vote = sums.get("neutral", 0.0)
    if ranked and ranked[0][0] >= MIN_DECISIVE and ranked[0][0] > neutral_vote:
        top, pos = ranked[0]
        second = max([ranked[1][0] if len(ranked) > 1 else 0.0, neutral_vote])
        cues = [w for _, w in sorted(evidence[pos], key=lambda x: -x[0])[:4]]
        return PositionResult(pos, top / (top + second + 1.0), cues, dict(sums))
    strongest = max([s for s, _ in ranked] + [0.0])
    cues = [w for _, w in evidence.get("neutral", [])][:2]
    return PositionResult("neutral", 1.0 / (1.0 + strongest), cues, dict(sums))
