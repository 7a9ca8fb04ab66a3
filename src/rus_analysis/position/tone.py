"""Tone of a Danish statement: positiv / neutral / negativ, with a score in (-1, 1).

Why rules on a lexicon and not a trained model: the only Danish sentiment data that may
train shipped weights is LCC (498 news sentences), and the statements the product reads
(consultation responses, post-its, survey answers) look nothing like it; a lexicon with
Danish grammar on top carries over to text nobody has labelled. The score is AFINN's sum
of word valences, made aware of Danish:

- negation ("ikke godt", "ingen grund til bekymring") turns a word's valence round and
  weakens it (x -0.75: "ikke dårligt" is mildly positive, not glowing);
- intensifiers before a word ("meget", "særdeles", "dybt") scale it up, downtoners
  ("lidt", "forholdsvis") scale it down;
- "for"/"alt for" + an adjective of degree ("for langsomt", "alt for få") is a
  complaint, whatever that adjective's own valence;
- in "X, men Y" the second half carries the point (x1.5, the first half x0.5);
- a capitalised word inside a sentence is a name ("Lykke Friis", "Gode Råd") and is
  not scored: Danish capitalises only names and sentence starts.

``tone_score`` is the sum squashed to (-1, 1) by ``s / sqrt(s^2 + 15)`` (the
normalisation VADER uses); the label is the sign of the sum (0 -> neutral), the same
decision rule as the AFINN baseline so the two are comparable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rus_analysis.position.lexicon import Lexicon, default_lexicon, load_modifiers
from rus_analysis.position.negation import negation_scope
from rus_analysis.position.tokens import CLAUSE_BREAKS, Token, tokenize

__all__ = ["ToneConfig", "ToneResult", "score_tone", "score_tokens", "tone_label", "TONES",
           "NEGATION_FACTOR"]

TONES: tuple[str, ...] = ("positiv", "neutral", "negativ")
NEGATION_FACTOR = -0.75

_MOD = load_modifiers()
_INTENS: dict[str, float] = {k: float(v) for k, v in _MOD["intensifiers"].items()}
_DOWN: dict[str, float] = {k: float(v) for k, v in _MOD["downtoners"].items() if " " not in k}
_EXCESS: frozenset[str] = frozenset(_MOD["excess"]["words"])
_EXCESS_VALUE = float(_MOD["excess"]["value"])
_GODT_AFTER: frozenset[str] = frozenset(_MOD["particle_godt"]["after"])
_GODT_BEFORE: frozenset[str] = frozenset(_MOD["particle_godt"]["before"])
# "kan jo godt", "ved man godt": a particle or a pronoun may stand between
_GODT_BETWEEN = frozenset({"ikke", "jo", "nu", "også", "man", "jeg", "du", "vi", "det"})
_NOT_ONLY = frozenset({"kun", "bare", "blot", "mindst", "alene"})
_NEG_WORDS = frozenset({"ikke", "ingen", "uden", "aldrig"})
_CONTRAST: frozenset[str] = frozenset(_MOD["contrast"])
_W_BEFORE = float(_MOD["contrast_before_weight"])
_W_AFTER = float(_MOD["contrast_after_weight"])


@dataclass(frozen=True)
class ToneConfig:
    """Switches for the Danish rules (all on by default; off reproduces plain AFINN)."""

    negation: bool = True
    intensifiers: bool = True
    excess: bool = True
    contrast: bool = True
    own_words: bool = True
    inflection: bool = True
    compounds: bool = True
    names: bool = True
    particles: bool = True
    threshold: float = 0.0

    def lexicon(self) -> Lexicon:
        return default_lexicon(self.inflection, self.compounds, self.own_words)


@dataclass
class ToneResult:
    """Raw valence sum, squashed score, and the words that made it (for the analyst)."""

    raw: float
    score: float
    cues: list[str] = field(default_factory=list)


def _is_verb_like(word: str) -> bool:
    """A present or past tense form ("støtter", "hjælper", "virkede", "lykkedes"): the
    only words a following "ikke" can negate from behind. Adjectives ("godt ikke")
    are left alone."""
    return word.endswith(("er", "ede", "te", "des", "es")) and len(word) > 3


def _particle_godt(toks: list[str], i: int) -> bool:
    """'godt' as a modal particle or quantity: after a modal or cognitive verb ('kan
    godt', 'ved godt'), before 'nok'/'og vel' or before a number ('godt 100')."""
    prev = toks[i - 1] if i > 0 else ""
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if prev in _GODT_AFTER or (i > 1 and toks[i - 2] in _GODT_AFTER and prev in _GODT_BETWEEN):
        return True
    return nxt in _GODT_BEFORE or nxt[:1].isdigit()


def _sentence_weights(toks: list[str], use: bool) -> list[float]:
    """Weight per token: in a sentence with "men", before it x0.5, after it x1.5."""
    w = [1.0] * len(toks)
    if not use:
        return w
    start = 0
    for i, t in enumerate(toks + ["."]):
        if i == len(toks) or t in {".", "!", "?", ";", "...", "…"}:
            cut = next((k for k in range(start, i) if toks[k] in _CONTRAST and k > start), None)
            if cut is not None:
                for k in range(start, cut):
                    w[k] = _W_BEFORE
                for k in range(cut + 1, i):
                    w[k] = _W_AFTER
            start = i + 1
    return w


def score_tone(text: str, config: ToneConfig = ToneConfig()) -> ToneResult:
    """Valence of ``text`` under ``config``; see the module docstring for the rules."""
    return score_tokens(tokenize(text), config)


def score_tokens(tokens: list[Token], config: ToneConfig = ToneConfig()) -> ToneResult:
    """Valence of a token sequence (a whole text, or one sentence of it)."""
    toks = [t.text for t in tokens]
    is_name = [t.name and config.names for t in tokens]
    lex = config.lexicon()
    neg = negation_scope(toks) if config.negation else {}
    weights = _sentence_weights(toks, config.contrast)
    total = 0.0
    cues: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        # "for"/"alt for" + degree adjective: a complaint ("for langsomt", "alt for få")
        if config.excess and t == "for" and i + 1 < len(toks) and toks[i + 1] in _EXCESS \
                and not (i > 0 and toks[i - 1] in {"tak", "takke", "takker", "inden", "uden"}):
            # ("inden for få år" is a time span, not excess)
            v = _EXCESS_VALUE * (1.3 if i > 0 and toks[i - 1] == "alt" else 1.0)
            if i in neg:
                v *= NEGATION_FACTOR
            total += v * weights[i]
            cues.append(("alt " if i > 0 and toks[i - 1] == "alt" else "") + f"for {toks[i + 1]}")
            i += 2
            continue
        hit = None if is_name[i] else lex.match(toks, i)
        if hit is None:
            i += 1
            continue
        n, v, _form = hit
        if n == 1 and t == "godt" and config.particles and _particle_godt(toks, i):
            i += 1
            continue
        if v == 0:
            i += n
            continue
        label = " ".join(toks[i:i + n])
        if config.intensifiers:
            for k in (i - 1, i - 2):
                if k < 0 or toks[k] in CLAUSE_BREAKS:
                    break
                if toks[k] in _INTENS:
                    v *= _INTENS[toks[k]]
                    label = f"{toks[k]} {label}"
                    break
                if toks[k] in _DOWN:
                    v *= _DOWN[toks[k]]
                    label = f"{toks[k]} {label}"
                    break
        negator = next((neg[j] for j in range(i, i + n) if j in neg), None)
        # Danish main clauses put "ikke" after the finite verb: "vi støtter ikke", "det
        # hjælper ikke" negate the word before them
        after = toks[i + n] if i + n < len(toks) else ""
        after2 = toks[i + n + 1] if i + n + 1 < len(toks) else ""
        if negator is None and config.negation and after in {"ikke", "aldrig"} \
                and after2 not in _NOT_ONLY and _is_verb_like(toks[i + n - 1]):
            negator = i + n
        if negator is not None and not any(toks[j] in _NEG_WORDS for j in range(i, i + n)):
            v *= NEGATION_FACTOR
            label = f"{label} {toks[negator]}" if negator >= i + n else f"{toks[negator]} … {label}"
        total += v * weights[i]
        cues.append(label)
        i += n
    score = total / math.sqrt(total * total + 15.0) if total else 0.0
    return ToneResult(raw=total, score=score, cues=cues)


def tone_label(raw: float, threshold: float = 0.0) -> str:
    """positiv above ``threshold``, negativ below ``-threshold``, else neutral."""
    if raw > threshold:
        return "positiv"
    if raw < -threshold:
        return "negativ"
    return "neutral"
