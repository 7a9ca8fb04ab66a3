"""Statements that carry no input: empty, non-answers, no words, too short.

Why a reason code per rejected statement: a committee member may ask why an answer is not
in the report; the rejects table says why, in Danish, for each one.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_TAGS = re.compile(r"\[(?:EMAIL|TELEFON|CPR|NAVN)\]")


_WS = re.compile(r"\s+")
_NOT_WORD_SPACE_SLASH = re.compile(r"[^\w\s/]")
_LETTER = re.compile(r"[^\W\d_]")


def normalise_answer(text: str) -> str:
    """Casefold and strip punctuation/whitespace at the edges: "Ved ikke." -> "ved ikke"."""
    t = _WS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    return _PUNCT_EDGES.sub("", t)


# Words that turn a configured non-answer into a longer one: "nej" -> "nej tak",
# "intet" -> "intet at tilføje", "ingen" -> "ingen yderligere kommentarer".
_FILLER = re.compile(
    r"^(?:\s+(?:tak|at\s+tilføje|at\s+bemærke|yderligere|herfra|fra\s+min\s+side|"
    r"fra\s+vores\s+side|til\s+dette|til\s+spørgsmålet|på\s+nuværende\s+tidspunkt|"
    r"kommentarer|bemærkninger|svar|relevant))+$")


def is_non_answer(text: str, non_answers: frozenset[str]) -> bool:
    """True for configured non-answers, case/punctuation-insensitive, also with fillers
    ("Nej tak", "Intet at tilføje") and for text of punctuation only ("...", "-")."""
    stripped = text.strip()
    if not stripped:
        return False
    low = _WS.sub(" ", stripped.casefold())
    norm = normalise_answer(stripped)
    if low in non_answers or not norm or norm in non_answers:
        return True
    words = _NOT_WORD_SPACE_SLASH.sub(" ", norm)
    words = _WS.sub(" ", words).strip()
    return any(na and words.startswith(na) and _FILLER.match(words[len(na):])
               for na in non_answers)


def reject_reason(text: str, non_answers: frozenset[str], min_chars: int) -> str:
    """Reason code for a statement that carries no input, or "" when it is kept."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if is_non_answer(stripped, non_answers):
        return "non_answer"
    if not _LETTER.search(_TAGS.sub("", stripped)):
        return "no_text"
    if len(stripped) < min_chars:
        return "too_short"
    return ""


# reason_code -> the reason in Danish: the rejects table is read by the analysts and its
# reasons are counted in the committee's report; the codes are the stable English keys
REASONS: dict[str, str] = {
    "empty": "Tom tekst efter rensning",
    "non_answer": "Ikke-svar (fx 'ved ikke', '-')",
    "no_text": "Ingen ord, kun tegn, tal eller fjernede personoplysninger",
    "too_short": "For kort til at være et udsagn",
}
