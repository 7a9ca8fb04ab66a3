"""Is a Danish sentence a question? With or without a question mark.

Why more than "?": post-its, survey cells and letters often drop the mark. Danish marks a
question by word order, which a few rules see without a parser:

- a question word first ("Hvorfor skal vi ...", "Hvordan sikres ..."); "hvor" + "!" is an
  exclamation ("Hvor er det godt!") and is not counted;
- verb first, subject second ("Er der en plan for ...", "Kan regionen ...", "Skal vi
  virkelig ..."): a main clause that opens with its finite verb and a subject is a
  yes/no question (an imperative opens with a verb too, but not with verb + subject);
- indirect questions ("Jeg vil gerne vide om ...", "Jeg undrer mig over ...", "Er der
  nogen der ved ...").
"""

from __future__ import annotations

from rus_analysis.position.cues import Cue, CueLexicon, cue_lexicon

__all__ = ["question_cues", "is_question_sentence", "W_MARK", "W_ORDER"]

W_MARK = 2.5
"""Weight of a sentence that ends in "?"."""
W_ORDER = 2.0
"""Weight of a question by word order alone (no "?")."""


def _word_order_question(toks: list[str], lex: CueLexicon) -> str | None:
    words = [t for t in toks if t[0].isalnum()]
    if not words:
        return None
    first = words[0]
    if first in lex.question_words:
        if first == "hvor" and toks[-1] == "!":
            return None
        return first
    if first in lex.v1_verbs and len(words) > 1 and words[1] in lex.v1_subjects:
        return f"{first} {words[1]}"
    return None


def is_question_sentence(toks: list[str], lex: CueLexicon | None = None) -> bool:
    """True for "?" at the end or a question word order (see module docstring)."""
    lex = lex or cue_lexicon()
    return (bool(toks) and toks[-1] == "?") or _word_order_question(toks, lex) is not None


def question_cues(toks: list[str], lex: CueLexicon | None = None) -> list[Cue]:
    """The question cues of one sentence (at most one per kind)."""
    lex = lex or cue_lexicon()
    out: list[Cue] = []
    order = _word_order_question(toks, lex)
    if toks and toks[-1] == "?":
        said = f"{order} …?" if order else "?"
        out.append(Cue("spørgsmål", W_MARK + (0.5 if order else 0.0), said, len(toks) - 1))
    elif order is not None:
        out.append(Cue("spørgsmål", W_ORDER, f"{order} …", 0))
    n_tok = len(toks)
    best = None
    for i in range(n_tok):
        for n in range(min(lex.max_len, n_tok - i), 0, -1):
            phrase = " ".join(toks[i:i + n])
            w = lex.indirect_questions.get(phrase)
            if w is not None:
                if best is None or w > best.weight:
                    best = Cue("spørgsmål", w, phrase, i)
                break
    if best is not None:
        out.append(best)
    return out
