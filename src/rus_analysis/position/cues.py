"""The Danish cue lexicon for positions, and the matcher that finds cues in a sentence.

Why a lexicon: what makes a statement a proposal, a worry, support or opposition is
said with a small, closed set of Danish words ("bør", "foreslår", "bekymret", "bakker op",
"er imod"), and an analyst can read and correct a lexicon. The words and their weights
live in ``data/cues_da.json`` (hand-written, MIT); a weight says how strongly a cue alone
decides, 1.5 being the least that decides (``MIN_DECISIVE`` in ``stance``).

Negation changes a cue's class: negated support is opposition ("ikke enig", "støtter
ikke"), negated opposition is weak support ("ikke imod"), a negated worry or proposal
says nothing ("ingen problemer", "ingen grund til bekymring"). Danish puts "ikke" after
the finite verb in a main clause ("vi støtter ikke"), so a negator right after a verbal
cue counts as well as one before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from rus_analysis.position.lexicon import DATA_DIR, load_modifiers
from rus_analysis.position.negation import NEGATORS, negation_scope

__all__ = ["Cue", "CueLexicon", "cue_lexicon", "find_cues", "in_main_clause", "reply_particle_cue",
           "CLASSES_WITH_CUES"]

CLASSES_WITH_CUES: tuple[str, ...] = ("forslag", "bekymring", "støtte", "modstand")

# what a negated cue of each class becomes (None: the cue is dropped)
_NEGATED = {"støtte": "modstand", "modstand": "støtte", "bekymring": None, "forslag": None}
_NEGATED_FACTOR = {"støtte": 1.0, "modstand": 0.7}
# "for"/"alt for" + a degree word is a complaint ("for langsomt", "alt for få")
_EXCESS: frozenset[str] = frozenset(load_modifiers()["excess"]["words"])


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue found in a text: its class, weight, the words, and where it stood."""

    position: str
    weight: float
    words: str
    index: int


@dataclass(frozen=True)
class CueLexicon:
    """Phrase table (phrase -> (class, weight)) plus the special word lists."""

    phrases: dict[str, tuple[str, float]]
    initial: dict[str, float]
    final: dict[str, float]
    bekymring_heads: frozenset[str]
    indirect_questions: dict[str, float]
    question_words: frozenset[str]
    v1_verbs: frozenset[str]
    v1_subjects: frozenset[str]
    yes: frozenset[str]
    no: frozenset[str]
    conclusion: frozenset[str]
    reply_particles: dict[str, float]
    asked_for: dict[str, frozenset[str]]
    max_len: int
    finite_verbs: frozenset[str] = frozenset()
    subordinators: frozenset[str] = frozenset()
    problem_words: frozenset[str] = frozenset()
    proposal_questions: tuple[str, ...] = ()
    main_clause_skal: float = 2.0
    stop_project: dict = field(default_factory=dict)
    not_a_fragment: frozenset[str] = frozenset()
    initial_adjectives: frozenset[str] = frozenset()
    near_future: tuple[str, ...] = ()
    past_simple: frozenset[str] = frozenset()
    own_concern: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """Load ``data/cues_da.json`` once."""
    raw = json.loads((DATA_DIR / "cues_da.json").read_text(encoding="utf-8"))
    phrases: dict[str, tuple[str, float]] = {}
    for cls in CLASSES_WITH_CUES:
        for k, v in raw[cls].items():
            if not k.startswith("_"):
                phrases[k.lower()] = (cls, float(v))
    for k, v in raw["negated_deontic"].items():
        phrases[k.lower()] = ("modstand", float(v))
    num = lambda d: {k.lower(): float(v) for k, v in d.items() if not k.startswith("_")}  # noqa: E731
    indirect = num(raw["spørgsmål_indirect"])
    all_phr = list(phrases) + list(indirect)
    return CueLexicon(
        phrases=phrases,
        initial=num(raw["forslag_initial"]),
        final=num(raw["forslag_final"]),
        bekymring_heads=frozenset(raw["bekymring_heads"]),
        indirect_questions=indirect,
        question_words=frozenset(raw["question_words"]),
        v1_verbs=frozenset(raw["v1_verbs"]),
        v1_subjects=frozenset(raw["v1_subjects"]),
        yes=frozenset(raw["yes"]),
        no=frozenset(raw["no"]),
        conclusion=frozenset(raw["conclusion"]),
        reply_particles=num(raw["reply_particles"]),
        asked_for={k: frozenset(v) for k, v in raw["asked_for"].items() if not k.startswith("_")},
        max_len=max(len(p.split()) for p in all_phr),
        finite_verbs=frozenset(raw["finite_verbs"]["words"]),
        subordinators=frozenset(raw["subordinators"]["words"]),
        problem_words=frozenset(raw["problem_words"]["words"]),
        proposal_questions=tuple(raw["proposal_question_idioms"]["phrases"]),
        main_clause_skal=float(raw["deontic_main_clause"]["skal"]),
        stop_project=raw["stop_project"],
        not_a_fragment=frozenset(raw["not_a_fragment"]["words"]),
        initial_adjectives=frozenset(raw["forslag_initial_adjectives"]["words"]),
        near_future=tuple(raw["near_future"]["phrases"]),
        past_simple=frozenset(raw["past_simple"]["words"]),
        own_concern=frozenset(raw["own_concern"]["words"]),
    )


def _compound_worry(word: str, heads: frozenset[str]) -> str | None:
    """The worry head a compound ends in ("trafikproblemer" -> "problemer"), if any."""
    for k in range(3, len(word) - 3):
        if word[k:] in heads:
            return word[k:]
    return None


# where a clause may start: punctuation, and the coordinators that join two main clauses
_CLAUSE_START: frozenset[str] = frozenset({",", ";", ":", "(", ")", "–", "—", "-", '"', "“", "”",
                                           "«", "»", "og", "men", "eller", "så"})


def _expletive_der(toks: list[str], i: int) -> bool:
    """"der" at ``i`` is the expletive ("Der skal være ...", "..., så der mangler ...")
    and not a relative pronoun ("unge, der skal hjem", "busser der kører")."""
    return i == 0 or toks[i - 1] in {"og", "men", "så", "eller", "at", "hvis", "når", "fordi", "nu",
                                     "derfor", "her", "også", "stadig", "jo"}


def in_main_clause(toks: list[str], i: int, lex: CueLexicon) -> bool:
    """Whether the finite verb at ``i`` belongs to a main clause: no subordinator or
    relative pronoun between it and the start of its clause ("Akutberedskabet skal
    sikres" yes; "unge, der skal hjem", "hvis vi skal nå målet" no). A clause-initial
    "der" is relative inside a sentence but the expletive at its start ("Der skal være
    ...") or after a coordinator ("..., så der skal være hjælp")."""
    j = i - 1
    while j >= 0 and toks[j] not in _CLAUSE_START:
        if toks[j] in lex.subordinators and not (toks[j] == "der" and _expletive_der(toks, j)):
            return False
        j -= 1
    return True


def reply_particle_cue(toks: list[str], lex: CueLexicon | None = None) -> Cue | None:
    """Agreement by a particle that opens the sentence and stands alone ("Præcis.",
    "Helt rigtigt, ..."), or None."""
    lex = lex or cue_lexicon()
    for n in (3, 2, 1):
        if len(toks) >= n and " ".join(toks[:n]) in lex.reply_particles:
            nxt = toks[n] if len(toks) > n else "."
            if not nxt[0].isalnum():
                return Cue("støtte", lex.reply_particles[" ".join(toks[:n])], " ".join(toks[:n]), 0)
            return None
    return None


def find_cues(toks: list[str], lex: CueLexicon | None = None) -> list[Cue]:
    """Proposal / worry / support / opposition cues in one sentence's tokens.

    Longest phrase first; a cue inside a negation's scope, or a verbal cue followed
    directly by a negator, is turned into its negated class (see the module docstring).
    Questions and bare yes/no answers are found elsewhere (``questions``, ``answers``).
    """
    lex = lex or cue_lexicon()
    neg = negation_scope(toks)
    out: list[Cue] = []
    i = 0
    n_tok = len(toks)
    while i < n_tok:
        hit = None
        for n in range(min(lex.max_len, n_tok - i), 0, -1):
            phrase = " ".join(toks[i:i + n])
            if phrase in lex.phrases:
                if n > 1 and toks[i] == "der" and not _expletive_der(toks, i):
                    continue  # "unge, der skal hjem": a relative clause, no demand
                hit = (n, phrase, *lex.phrases[phrase])
                break
        if hit is None and toks[i] == "for" and i + 1 < n_tok and toks[i + 1] in _EXCESS \
                and not (i > 0 and toks[i - 1] in {"tak", "takke", "takker", "inden", "uden"}):
            alt = i > 0 and toks[i - 1] == "alt"
            hit = (2, ("alt " if alt else "") + f"for {toks[i + 1]}", "bekymring", 2.0)
        if hit is None and toks[i] == "nok" and "ikke" in toks[max(0, i - 3):i]:
            # insufficiency: "ikke hurtigt nok", "ikke godt nok", "ikke stor nok"
            hit = (1, "ikke … nok", "bekymring", 2.0)
        if hit is None:
            head = _compound_worry(toks[i], lex.bekymring_heads) if len(toks[i]) > 7 else None
            if head is not None:
                hit = (1, toks[i], "bekymring", 1.5)
        if hit is None:
            i += 1
            continue
        n, phrase, cls, w = hit
        if "skal" in phrase.split() and not in_main_clause(toks, i, lex):
            w = min(w, 1.0)  # "hvis vi skal nå målet": a condition, no demand
        elif phrase.split()[0] == "skal" and in_main_clause(toks, i, lex) \
                and not (i > 0 and toks[i - 1] == "du") and not (i == 1 and toks[0] == "i") \
                and not any(f" {p} " in f" {' '.join(toks)} " for p in lex.near_future):
            # "du skal have pas" / "I skal" address the reader: an instruction, no demand;
            # "skal i morgen mødes": a schedule
            w = max(w, lex.main_clause_skal)
        has_neg_inside = any(t in NEGATORS for t in phrase.split()) or phrase == "ikke … nok"
        negator = None
        if not has_neg_inside:
            if i in neg:
                negator = toks[neg[i]]
            elif i + n < n_tok and toks[i + n] in {"ikke", "aldrig"} and cls in ("støtte", "forslag") \
                    and not (i + n + 1 < n_tok and toks[i + n + 1] in {"kun", "bare", "blot", "mindst"}):
                negator = toks[i + n]
        if negator is not None:
            new = _NEGATED.get(cls)
            if new is not None:
                said = f"{negator} … {phrase}" if i in neg else f"{phrase} {negator}"
                out.append(Cue(new, w * _NEGATED_FACTOR.get(cls, 1.0), said, i))
        else:
            out.append(Cue(cls, w, phrase, i))
        i += n
    return out
