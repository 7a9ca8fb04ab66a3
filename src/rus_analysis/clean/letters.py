"""Letter furniture: greetings at the top, the signature block and contact lines.

Why: what follows "Med venlig hilsen" is name, title and contact details, not input to the
strategy, and a greeting is not a statement. Pure ``str -> str`` so it can be tested alone.
"""

from __future__ import annotations

import re

_GREETING = re.compile(
    r"(?i)^(?:kære|hej|hejsa|goddag|dear|att\.?|attention|til)\b[^\n]{0,80}$")
_GREETING_TIL_OK = re.compile(
    r"^[Tt]il\s+(?:(?i:region|regionen|regionsrådet|sekretariatet|rus|hvem)\b|"
    r"[A-ZÆØÅ][\w\-]*\s+[Kk]ommune|[A-ZÆØÅ])")
_SUBJECT = re.compile(r"(?i)^(?:vedr\.?|vedrørende|emne|re|sag|j\.?\s*nr\.?|dato)\s*[:.]")
_CLOSING = re.compile(
    r"(?im)(?:^|(?<=[.!?])[ \t]+|(?<=\n))[ \t]*(?:med\s+venlig(?:st)?\s+hilsen|"
    r"venlig(?:st)?\s+hilsen|de\s+bedste\s+hils(?:e)?ner|bedste\s+hils(?:e)?ner|"
    r"mange\s+hils(?:e)?ner|mvh\.?|vh\.?|kh\.?)(?=[\s,.:!]|$)")
_CLOSING_ANYWHERE = re.compile(r"(?i)\b(?:med\s+venlig(?:st)?\s+hilsen|venlig(?:st)?\s+hilsen)\b")
_CONTACT_LINE = re.compile(
    r"(?im)^[ \t]*(?:•[ \t]*)?(?:kontaktperson(?:er)?|kontakt|tlf|telefon|telefonnr|mobil|"
    r"direkte(?:\s+tlf)?|e-?mail|mail|navn|sagsbehandler|cvr(?:-?nr)?|adresse|www)\b\.?"
    r"[ \t]*[:.][^\n]*(?:\n|$)")


def strip_letter_furniture(text: str, greetings: bool = True) -> str:
    """Remove greetings at the top and the signature block at the end.

    Greetings ("Kære ...", "Til Region Hovedstaden", "Vedr.: ...") are removed only from
    the first lines; the signature from the first closing formula ("Med venlig hilsen",
    "Venlig hilsen", "Mvh") to the end, since what follows is name, title and contact
    details, not input to the strategy. Contact-field lines ("Kontaktperson: ...",
    "Tlf.: ...") are removed wherever they stand.
    """
    if not text:
        return text
    m = _CLOSING.search(text) or _CLOSING_ANYWHERE.search(text)
    if m:
        text = text[: m.start()]
    text = _CONTACT_LINE.sub("", text)
    lines = text.split("\n")
    while lines and greetings:
        first = lines[0].strip()
        if not first:
            lines.pop(0)
            continue
        is_greeting = bool(_GREETING.match(first)) and (
            not first.lower().startswith("til") or bool(_GREETING_TIL_OK.match(first))
        ) and (first.endswith((",", "!", ":")) or len(first) < 60)
        if is_greeting and not first.lower().startswith(("til gengæld", "til slut")) \
                or _SUBJECT.match(first):
            lines.pop(0)
            continue
        break
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
