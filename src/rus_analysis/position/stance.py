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
from rus_analysis.position.cues import (
    Cue,
    CueLexicon,
    cue_lexicon,
    find_cues,
    reply_particle_cue,
)
from rus_analysis.position.lexicon import DATA_DIR
from rus_analysis.position.negation import negation_scope
from rus_analysis.position.questions import is_question_sentence, question_cues
from rus_analysis.position.tokens import Token, sentence_tokens, sentences, tokenize
from rus_analysis.position.tone import score_tokens

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


def _clause_weights(toks: list[str], first: bool, lex: CueLexicon,
                    contrast: bool = True) -> list[float]:
    """Weight of each token by its clause: "men" (conceded before, point after), a
    sentence opening with "Men", and the conclusion after "derfor"/"altså"."""
    w = [1.0] * len(toks)
    words = [i for i, t in enumerate(toks) if t[0].isalnum()]
    if contrast and words and toks[words[0]] == "men" and not first:
        w = [W_POINT] * len(toks)
    men = next((i for i in words[1:] if toks[i] == "men"), None) if contrast else None
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


_MODALS = frozenset({"kan", "kunne", "skal", "skulle", "bør", "burde", "må", "vil", "ville"})


def _adjective_proposes(toks: list[str], lex: CueLexicon) -> bool:
    """An opening adjective ("Flere", "Bedre", "Gratis") proposes in a phrase without a
    finite verb ("Flere cykelstier") or before a modal ("Mere grønt i byerne kan ..."),
    not in a description ("Flere virksomheder flytter ud") or a comparison ("Flere end
    100 mennesker ...")."""
    if len(toks) > 1 and toks[1] == "end":
        return False
    if not _has_finite_verb(toks, lex):
        return True
    first_verb = next((t for i, t in enumerate(toks) if i > 0 and (t in lex.finite_verbs)), None)
    return first_verb in _MODALS


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
    elif words[0] in lex.initial and lex.initial[words[0]] > 0 \
            and (words[0] not in lex.initial_adjectives or _adjective_proposes(toks, lex)):
        found.append(Cue("forslag", lex.initial[words[0]], words[0], 0))
    if len(words) <= 5 and words[-1] in lex.final and lex.final[words[-1]] > 0:
        found.append(Cue("forslag", lex.final[words[-1]], f"… {words[-1]}", len(toks) - 1))
    ex = _EXCLAIM
    if toks[-1] == "!" and len(words) <= ex["max_words"] and words[0] not in ex["not_after"]:
        found.append(Cue("forslag", float(ex["weight"]), "… !", len(toks) - 1))
    return max(found, key=lambda c: c.weight) if found else None


PHRASE_SOURCES: frozenset[str] = frozenset({"survey", "workshop"})
"""Source types where people answer in bare phrases (post-its, survey cells), so that a
phrase naming a measure or a goal is a wish. Minutes and letters use verbless lines for
headings and notes."""


def classify_position(text: str, target: str | None = None, source: str | None = None
                      ) -> PositionResult:
    """Position of ``text`` (optionally relative to ``target``, from a ``source`` type such
    as "workshop"); see the module docstring."""
    if target_kind(target) == "statement":
        return _classify_reply(text, target)
    return _classify_by_sentence(text, target, source)


def _classify_reply(text: str, target: str | None) -> PositionResult:
    """A reply to a headline or claim: cue density over the whole text (module docstring)."""
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


PRIORITY: tuple[str, ...] = ("forslag", "modstand", "spørgsmål", "bekymring", "støtte")
"""Which position a statement takes when its sentences do different things: an explicit
proposal carries the point, and the worries, support and descriptions around it
motivate or frame it; without a proposal, opposition, then a question, then a worry
decides."""
MAX_FRAGMENT_WORDS = 6
"""A verbless text of at most this many words is a bare phrase (a post-it, a survey cell)."""
NEGATIVE_STATE = -2.0
"""A sentence without cues whose tone sum is at most this (one clearly negative word,
"dårlig", "umuligt") describes a bad state: a problem."""


def _sentence_cues(toks: list[str], si: int, target: str | None, kind: str, n_words: int,
                   lex: CueLexicon) -> list[Cue]:
    """Every cue of one sentence, weighted by the "derfor" conclusion (not by "men": the
    men-clauses are decided one by one in ``_decide_sentence``)."""
    weights = _clause_weights(toks, True, lex, contrast=False)
    found: list[Cue] = find_cues(toks, lex) + question_cues(toks, lex)
    if si == 0:
        rp = reply_particle_cue(toks, lex) if kind != "statement" else None
        if rp is not None:
            found.append(rp)
        ans = answer_cue(toks, target, n_words, lex)
        if ans is not None:
            found.append(ans)
    init = _initial_cue(toks, lex)
    if init is not None:
        found.append(init)
    return [Cue(c.position, c.weight * weights[min(c.index, len(weights) - 1)], c.words, c.index)
            for c in found]


def _decide_part(cues: list[Cue]) -> tuple[str, float, list[str]] | None:
    """The position of one clause part: the first in PRIORITY whose cues reach
    MIN_DECISIVE, unless a "no" to an open question (a neutral vote) outweighs it."""
    sums: dict[str, float] = defaultdict(float)
    for c in cues:
        sums[c.position] += c.weight
    for p in PRIORITY:
        if sums[p] >= MIN_DECISIVE and sums[p] > sums["neutral"]:
            words = [c.words for c in sorted(cues, key=lambda c: -c.weight) if c.position == p]
            return p, sums[p], words
    return None


def _decide_sentence(toks: list[str], cues: list[Cue], lex: CueLexicon, tone_after: float = 0.0
                     ) -> tuple[str, float, list[str]] | None:
    """The position one sentence takes by its cues, or None.

    A question asks, whatever modal it holds ("Bør regionen investere i letbanen?"),
    unless it is a proposing idiom ("Hvorfor ikke ...?"). In "X, men Y" the part after
    "men" carries the point; the part before decides only when the rest says nothing.
    """
    text = " ".join(toks)
    if any(c.position == "spørgsmål" for c in cues) and is_question_sentence(toks, lex):
        if any(f" {p} " in f" {text} " for p in lex.proposal_questions):
            return "forslag", MIN_DECISIVE, [p for p in lex.proposal_questions if p in text][:1]
        q = [c for c in cues if c.position == "spørgsmål"]
        return "spørgsmål", sum(c.weight for c in q), [c.words for c in q]
    words = [i for i, t in enumerate(toks) if t[0].isalnum()]
    men = next((i for i in words[1:] if toks[i] == "men"), None)
    if men is None:
        return _decide_part(cues)
    after = _decide_part([c for c in cues if c.index > men])
    if after is not None:
        return after
    rest = toks[men + 1:]
    if rest[:1] == ["ikke"] and rest[1:2] not in (["kun"], ["bare"], ["blot"]):
        # "Telemedicin kan aflaste, men ikke erstatte ...": the limit is the point
        return "modstand", MIN_DECISIVE, ["men ikke"]
    before = _decide_part([c for c in cues if c.index < men])
    rest_words = [t for t in rest if t[0].isalnum()]
    if before is not None and before[0] in ("forslag", "støtte") and len(rest_words) >= 3 \
            and tone_after <= 0:
        # "Forureneren skal betale, men ofte findes virksomheden ikke længere": the
        # counter-point after "men" is a reservation, i.e. a problem
        return "bekymring", MIN_DECISIVE, ["men …"]
    return before


def _stop_project(sent: list[Token], lex: CueLexicon) -> Cue | None:
    """"Stop Lynetteholm", "Nej til luksusbyggeri": rejecting a named project or a kind of
    development is opposition (``stop_project`` in the lexicon); "Stop sprøjtegift" (a
    practice) stays a demand."""
    words = [t for t in sent if t.text[0].isalnum()]
    sp = lex.stop_project
    for opener in sp["openers"]:
        n = len(opener.split())
        if len(words) > n and " ".join(t.text for t in words[:n]) == opener:
            obj = words[n]
            head = next((h for h in sp["heads"] if obj.text == h or (len(obj.text) > len(h) + 2
                                                                      and obj.text.endswith(h))), None)
            if obj.name or head is not None:
                return Cue("modstand", float(sp["weight"]), f"{opener} {obj.text}", 0)
    return None


_SUBJECT_END = ("en", "et", "ne", "erne")
_NOT_SUBJECT = frozenset({"ingen", "en", "den", "hen", "igen", "men", "et", "egne", "mange", "alle",
                          "gamle", "unge", "ene", "sene", "tynde", "rene", "grønne", "nye", "store"})
_AFTER_VERB = frozenset({"i", "på", "til", "fra", "med", "om", "af", "for", "ud", "op", "ned", "ind",
                         "ikke", "sig", "den", "det", "de", "en", "et", "ofte", "stadig", "nu",
                         "altid", "aldrig", "også", "allerede", "igen", "hver", "meget", "mere"})


def _has_finite_verb(toks: list[str], lex: CueLexicon) -> bool:
    """A finite verb in the main clause (before a relative "der"/"som": "Busser der passer
    med toget" is a noun phrase): a form from the closed list, a passive or deponent in
    -es ("sikres", "mistrives"), or a present/past form in -er/-ede/-te between a definite
    subject and an adverbial ("Letbanen åbnede i 2025", "Unge flytter fra byen"), where
    an adjective or a plural noun would not stand."""
    for i, t in enumerate(toks):
        if i > 0 and t in {"der", "som"}:
            return False
        if t in lex.finite_verbs or (i > 0 and len(t) >= 6 and t.endswith(("es", "des"))
                                     and not t.endswith(("pres", "ses", "tes")) and t.isalpha()):
            return True
        if 0 < i < len(toks) - 1 and t.endswith(("er", "ede", "te")) and len(t) > 4 \
                and (toks[i + 1] in _AFTER_VERB or i == 1) \
                and ((toks[i - 1].endswith(_SUBJECT_END) and toks[i - 1] not in _NOT_SUBJECT)
                     or toks[i - 1] in lex.v1_subjects):
            # verb second after a definite subject ("Virksomheden mistede mange kunder")
            return True
    return False


def _is_fragment(toks: list[str], lex: CueLexicon) -> bool:
    """A bare phrase: at most MAX_FRAGMENT_WORDS words, no finite verb, no question, and no
    thanks, greeting or interjection ("Tak!", "Mvh. Bo")."""
    words = [t for t in toks if t[0].isalnum()]
    return (0 < len(words) <= MAX_FRAGMENT_WORDS and not _has_finite_verb(toks, lex)
            and words[0] not in lex.v1_subjects and words[0] not in lex.not_a_fragment
            and toks[-1] != "?")


def _names_problem(toks: list[str], lex: CueLexicon) -> str | None:
    """The word that names a harm or hazard ("PFAS", "stormflod", "grundvandsforurening"),
    unless negated: "Ingen pesticider ved boringer" wants the harm gone."""
    neg = negation_scope(toks)
    for i, t in enumerate(toks):
        if i in neg:
            continue
        if t in lex.problem_words:
            return t
        if len(t) > 7 and any(t.endswith(w) for w in lex.problem_words if len(w) >= 5):
            return t
    return None


def _fallback(sent: list[Token], toks: list[str], lex: CueLexicon, asked: str | None,
              fragment: bool, wish_phrases: bool) -> tuple[str, str] | None:
    """A sentence without cues: a bare phrase (no finite verb) that names a problem ("PFAS
    i jorden", "Stormflod!") or sounds negative is a problem; any other bare phrase names
    something wanted ("Rene boringer", "Psykolog uden ventetid") where bare phrases are
    how people answer (``wish_phrases``: post-its, survey cells; in a list of headlines
    or titles a noun phrase wants nothing). A clause whose tone is clearly negative
    describes a bad state ("Mobildækningen er dårlig på strækningen"), unless it reports
    a past event. A clause that names a harm is a problem when the harm is the writer's
    own or persists ("Vi har haft oversvømmede kældre", "Der er stadig mange grunde med
    gammel forurening"); otherwise it is information ("Oversvømmelser er almindelige i
    regntiden"). Returns (position, cue) or None (neutral)."""
    words = [t for t in toks if t[0].isalnum()]
    if not words:
        return None
    scored = score_tokens(sent)
    tone, tone_cues = scored.raw, scored.cues
    problem = _names_problem(toks, lex)
    if fragment:
        if problem is not None:
            return "bekymring", f"stikord om problem: {problem}"
        if tone < 0:
            return "bekymring", "stikord, negativ tone"
        if len(words) == 1 and asked == "bekymring":
            return None  # "Trafikken." answering "Hvilke udfordringer ...?": the question decides
        if wish_phrases:
            return "forslag", "stikord"
        return None
    if _reports_past(toks, lex):
        return None  # an event reported ("Ulykken skete ...") is information
    if problem is not None and tone <= 0 and any(t in lex.own_concern for t in toks):
        return "bekymring", f"nævner problem: {problem}"
    if tone <= NEGATIVE_STATE and not _only_hazard_words(tone_cues, lex):
        return "bekymring", "negativ tilstand"
    return None


def _only_hazard_words(tone_cues: list[str], lex: CueLexicon) -> bool:
    """Whether the negative tone comes from nothing but named hazards ("Oversvømmelser er
    almindelige i regntiden"): naming a hazard is information, judging a state is not
    (a hazard verb is a judgement of the subject's state: "Unge mistrives")."""
    return bool(tone_cues) and all(_names_problem([c], lex) is not None
                                   and c not in lex.finite_verbs for c in tone_cues)


def _reports_past(toks: list[str], lex: CueLexicon) -> bool:
    """Whether the sentence's first finite verb is in the past simple: it reports an
    event ("Vejret var dårligt hele ugen") rather than a condition that is still there.
    (The present perfect, "Vi har lukket tre boringer", reaches into the present.)"""
    for i, t in enumerate(toks):
        if t in lex.past_simple and i > 0:
            return True
        if t in lex.finite_verbs:
            return False
    return False


def _classify_by_sentence(text: str, target: str | None, source: str | None) -> PositionResult:
    """Consultation input (no target, or a question as target): each sentence is decided
    on its own, and the statement takes the first position in PRIORITY that one of its
    sentences has; sentences without cues fall back to ``_fallback``; a statement with
    no position at all answering an open question takes what the question asks for."""
    lex = cue_lexicon()
    kind = target_kind(target)
    sents_t = sentence_tokens(tokenize(text), own_words_only=True)
    sents = [[t.text for t in s] for s in sents_t]
    n_words = sum(1 for s in sents for t in s if t[0].isalnum())
    decided: dict[str, tuple[float, list[str]]] = {}
    sums: dict[str, float] = defaultdict(float)
    asked = asked_for(target) if kind == "open" else None
    wish_phrases = source in PHRASE_SOURCES or (asked is not None and asked[0] == "forslag")
    # the bare-phrase reading is for a post-it or a cell that is nothing but phrases; a
    # verbless line inside a paragraph is a heading, a sign-off or an aside
    all_fragments = bool(sents) and all(_is_fragment(t, lex) for t in sents)
    for si, (sent, toks) in enumerate(zip(sents_t, sents, strict=True)):
        cues = _sentence_cues(toks, si, target, kind, n_words, lex)
        stop = _stop_project(sent, lex)
        if stop is not None:
            cues = [c for c in cues if c.index != 0 or c.position != "forslag"] + [stop]
        if toks[-1] == "!" and _names_problem(toks, lex) is not None:
            # "Stormflod!", "PFAS?!": an exclamation that names a harm is an alarm
            cues = [c for c in cues if c.words != "… !"]
        for c in cues:
            sums[c.position] += c.weight
        men = next((i for i, t in enumerate(toks) if i > 0 and t == "men"), None)
        tone_after = score_tokens(sent[men + 1:]).raw if men is not None else 0.0
        hit = _decide_sentence(toks, cues, lex, tone_after)
        if hit is None and not any(c.position == "neutral" for c in cues):
            fb = _fallback(sent, toks, lex, asked[0] if asked else None, all_fragments,
                           wish_phrases)
            if fb is not None:
                hit = (fb[0], MIN_DECISIVE, [fb[1]])
        if hit is not None and hit[0] not in decided:
            decided[hit[0]] = (hit[1], hit[2])
    for p in PRIORITY:
        if p in decided:
            top, words = decided[p]
            second = max([w for q, (w, _) in decided.items() if q != p] + [0.0])
            return PositionResult(p, top / (top + second + 1.0), words[:4], dict(sums))
    if asked is not None and not sums.get("neutral"):
        return PositionResult(asked[0], MIN_DECISIVE / (MIN_DECISIVE + 1.0),
                              [f"svar på: {asked[1]}"], dict(sums))
    strongest = max([s for p, s in sums.items() if p != "neutral"] + [0.0])
    return PositionResult("neutral", 1.0 / (1.0 + strongest), [], dict(sums))
