"""Tokens and clauses of a Danish statement, as the stance and tone rules need them.

Why a tokenizer of its own (and not ``rus_analysis.nlp.tokenize``): the product's tokenizer
drops punctuation, and here punctuation carries meaning — a "?" makes a question, a comma
or "men" ends a negation's scope, a full stop ends a sentence. No stop word is ever
removed: spaCy's Danish stop list holds "ikke", "imod", "ingen", the very words a
position turns on. Everything is lowercased; the original text is kept by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize", "sentences", "sentence_tokens", "CLAUSE_BREAKS", "SENTENCE_ENDS"]

# words (with inner hyphen or apostrophe: "co2-udledning", "s-tog"), numbers, and the
# punctuation that structures a statement. URLs and Reddit quote markers are dropped first.
_URL = re.compile(r"https?://\S+|www\.\S+")
# abbreviations whose full stops are no sentence end ("f.eks.", "bl.a.", "ca.")
_ABBREV = re.compile(
    r"\b(f\.eks|bl\.a|m\.m|m\.fl|o\.l|d\.v\.s|osv|dvs|ca|evt|pga|mht|jf|inkl|ekskl|nr|kl|ift|vha|iht|mv|stk|hhv|vedr|ang|el|tlf|mio|mia|mrd|ex|bla|fx)\.",
    re.IGNORECASE,
)
# an ordinal's full stop ("12. januar", "hver 10. min", "det 3. år") ends no sentence
_ORDINAL = re.compile(r"\b(\d{1,4})\.(?=[ \t]+[a-zæøå])")
_TOKEN = re.compile(
    r"\?+!+[?!]*|![!]*\?+[?!]*|[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+(?:[.,]\d+)?(?:-[^\W\d_]+)?|\?+|!+|\.\.\.|…|[.,;:()\"“”«»–—-]|\+1",
    re.UNICODE,
)

SENTENCE_ENDS: frozenset[str] = frozenset({".", "!", "?", "...", "…", ";"})
"""Tokens that close a sentence (a run of "?" or "!" is normalised to one mark)."""

# a quotation inside a block: straight or curly double quotes (Danish often writes ”...”
# with the same mark on both sides) or guillemets; unclosed marks quote nothing
_QUOTE = re.compile(r'["“”„][^"“”„\n]{1,400}["“”„]|«[^«»\n]{1,400}»|»[^«»\n]{1,400}«')

# after these a capital letter starts a new sentence or a quotation, not a name
_OPENERS: frozenset[str] = frozenset({":", '"', "“", "”", "«", "»", "(", "-", "–", "—", "."})

CLAUSE_BREAKS: frozenset[str] = SENTENCE_ENDS | frozenset(
    {",", ":", "(", ")", "–", "—", "-", '"', "“", "”", "«", "»"})
"""Tokens where a negation's or an intensifier's scope ends."""


@dataclass(frozen=True, slots=True)
class Token:
    """One lowercased token, its sentence index (0-based), and whether it was written
    as a name: capitalised ("Lykke", "Glad") but not first in its sentence. Danish
    capitalises nothing but names and sentence starts, so such a word is a name
    ("Lykke Friis", "Gode Råd") and carries no tone. ``quoted``: inside quotation marks
    or on a quoted line ("> ..." in a reply): someone else's words, not the writer's."""

    text: str
    sent: int
    name: bool = False
    quoted: bool = False


def _normalise(tok: str) -> str:
    if "?" in tok and "!" in tok:
        # "?!" / "!?" (the interrobang) is indignation or alarm, not a request for an
        # answer: "PFAS?!" exclaims; a question by word order ("Hvorfor?!") still asks
        return "!"
    if tok.startswith("?"):
        return "?"
    if tok.startswith("!"):
        return "!"
    return tok


def tokenize(text: str) -> list[Token]:
    """Lowercased tokens of ``text`` with the index of the sentence each is in.

    Sentences end at ".", "!", "?", ";", "..." and at blank lines (post-its and survey
    cells often have no full stop). A full stop inside a common abbreviation ("f.eks.",
    "bl.a.", "ca.") or after an ordinal ("12. januar") is removed first, so it is no
    sentence end.
    """
    text = _URL.sub(" ", str(text or "")).replace("&gt;", ">")
    text = _ABBREV.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _ORDINAL.sub(r"\1", text)
    out: list[Token] = []
    sent = 0
    for block in re.split(r"\n\s*\n|\n(?=\s*[-*•>])", text):
        if out and out[-1].text not in SENTENCE_ENDS:
            sent += 1
        first = True
        quote_line = block.lstrip().startswith(">")
        spans = [m.span() for m in _QUOTE.finditer(block)]
        for m in _TOKEN.finditer(block):
            raw = m.group(0)
            quoted = quote_line or any(a <= m.start() < b for a, b in spans)
            tok = _normalise(raw.lower())
            is_name = (not first and raw[:1].isupper() and raw[1:2].islower()
                       and (not out or out[-1].text not in _OPENERS))
            out.append(Token(tok, sent, is_name, quoted))
            first = False
            if tok in SENTENCE_ENDS:
                sent += 1
                first = True
    # renumber so that sentence ids are consecutive
    ids: dict[int, int] = {}
    return [Token(t.text, ids.setdefault(t.sent, len(ids)), t.name, t.quoted) for t in out]


def sentence_tokens(tokens: list[Token], own_words_only: bool = False) -> list[list[Token]]:
    """The tokens of each sentence, in order (end punctuation included).

    ``own_words_only``: leave out quoted tokens (a reply quoting "> Regionen bør ..."
    does not itself propose anything); a sentence that was all quotation disappears.
    """
    out: list[list[Token]] = []
    for t in tokens:
        if own_words_only and t.quoted:
            continue
        while len(out) <= t.sent:
            out.append([])
        out[t.sent].append(t)
    return [s for s in out if s]


def sentences(tokens: list[Token], own_words_only: bool = False) -> list[list[str]]:
    """The token texts of each sentence (see ``sentence_tokens``)."""
    return [[t.text for t in s] for s in sentence_tokens(tokens, own_words_only)]
