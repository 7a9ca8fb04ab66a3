"""Bare "Ja"/"Nej" answers, read against the question or proposal they answer.

Why: survey answers often open with "Ja." or "Nej," and say nothing else about their
position; what they agree or disagree with is in the target (the survey question, the
proposal a letter answers, the submission a reply is under). "Ja" to "Bør regionen
investere i letbanen?" is support, "Nej" is opposition. When the question asks about a
problem ("Oplever I mangel på arbejdskraft?"), "Ja" confirms a worry and "Nej" denies
one. An open question ("Hvilke udfordringer ...?") cannot be answered by yes; "Nej"
there means "none" and counts as a vote for neutral. When the target is a statement (a headline, a
claim, a thread's submission) the particle answers the turn just before it — in a
thread, the comment above, not the submission — so it says nothing about the target
and is not counted. With no target at all a leading "Nej" still reads as disagreement
with what came before, "Ja" as weak agreement.
"""

from __future__ import annotations

from functools import lru_cache

from rus_analysis.position.cues import Cue, CueLexicon, cue_lexicon, find_cues
from rus_analysis.position.questions import is_question_sentence
from rus_analysis.position.tokens import sentences, tokenize

__all__ = ["answer_cue", "target_kind", "asked_for"]

W_WITH_TARGET = 3.5
W_BARE_BONUS = 1.0  # the answer is nothing but the particle ("Ja.", "Nej tak")
W_NO_TARGET = {"ja": 1.5, "nej": 2.0}
W_OPEN_QUESTION = 0.8


def target_kind(target: str | None) -> str:
    """What a "Ja"/"Nej" can answer in ``target``.

    'none' (no target), 'open' (a wh-question: "Hvilke udfordringer ...?"), 'worry' (a
    yes/no question about a problem), 'question' (any other yes/no question, or a
    proposal put as a question), 'statement' (a headline, a claim, a proposal in the
    indicative: not what a "Ja"/"Nej" answers, see the module docstring).
    """
    if target is None or not str(target).strip():
        return "none"
    return _target_kind(str(target))


@lru_cache(maxsize=4096)
def _target_kind(target: str) -> str:
    lex = cue_lexicon()
    sents = sentences(tokenize(str(target)))
    if not sents:
        return "none"
    qs = [s for s in sents if is_question_sentence(s, lex)]
    if not qs:
        return "statement"
    toks = qs[-1]
    words = [t for t in toks if t[0].isalnum()]
    if words and words[0] in lex.question_words:
        return "open"
    cues = find_cues(toks, lex)
    if any(c.position == "bekymring" for c in cues) and not any(c.position == "forslag" for c in cues):
        return "worry"
    return "question"


def answer_cue(first_sentence: list[str], target: str | None, n_words: int,
               lex: CueLexicon | None = None) -> Cue | None:
    """The cue of a leading yes/no particle, or None if the text does not open with one."""
    lex = lex or cue_lexicon()
    words = [t for t in first_sentence if t[0].isalnum()]
    if not words:
        return None
    two = " ".join(words[:2])
    if two in lex.no or words[0] in lex.no:
        pol, said = "nej", (two if two in lex.no else words[0])
    elif two in lex.yes or words[0] in lex.yes:
        pol, said = "ja", (two if two in lex.yes else words[0])
    else:
        return None
    # particles that are also adverbs ("jo mere, jo bedre", "absolut nødvendigt") count
    # only when a break follows them: "Jo.", "Absolut, ..."
    k = first_sentence.index(said.split()[-1]) + 1 if said.split()[-1] in first_sentence else 1
    nxt = first_sentence[k] if k < len(first_sentence) else "."
    if said not in {"ja", "nej", "nej tak", "ja tak", "næ", "nope", "nix"} and nxt[0].isalnum():
        return None
    kind = target_kind(target)
    if kind == "statement" or (kind == "open" and pol == "ja"):
        # "Ja"/"Nej" answer a question or the turn just before them; a headline or claim
        # given as target is not what they answer (in a thread it is the comment above)
        return None
    bare = n_words <= len(said.split()) + 1
    if kind == "none":
        w = W_NO_TARGET[pol]
        cls = "støtte" if pol == "ja" else "modstand"
    elif kind == "open":
        # "Nej" to "Hvilke udfordringer ...?" means "none": no position
        w, cls = W_OPEN_QUESTION, "neutral"
    elif kind == "worry":
        w = W_WITH_TARGET
        cls = "bekymring" if pol == "ja" else "neutral"
    else:
        w = W_WITH_TARGET
        cls = "støtte" if pol == "ja" else "modstand"
    if bare:
        w += W_BARE_BONUS
    return Cue(cls, w, said, 0)


def asked_for(target: str | None) -> tuple[str, str] | None:
    """(position, word) an open target question asks for, e.g. ("bekymring", "udfordringer")
    for "Hvilke fælles udfordringer bør vi samarbejde om?"; None for other targets.

    The first asked-for word in the question decides, so "Hvilke udfordringer bør ..."
    asks for challenges although it also contains "bør"."""
    if target_kind(target) != "open":
        return None
    return _asked_for(str(target))


@lru_cache(maxsize=4096)
def _asked_for(target: str) -> tuple[str, str] | None:
    lex = cue_lexicon()
    toks = [t.text for t in tokenize(target)]
    for t in toks:
        for pos, words in lex.asked_for.items():
            if t in words:
                return pos, t
    return None
