"""The respondents' consent to be quoted: which survey column asks it, which answers say no,
and which statements may therefore be quoted in anything readers outside the analysis
team get (the report, the municipality profiles, the høringsnotat).

Why one definition shared by every stage: ingest names the consent column in a problem
line, the themes stage must not pick a refusing respondent's answer as a theme's quote,
the report shows a placeholder instead of the text and its guard refuses a file that
still quotes one, and the analysts' workbook says per statement whether it may be
quoted. If each decided on its own, one of them would quote what another withheld.

The decisions, and why:

- A consent column is found by its header: a question that asks permission ("må", "kan vi",
  "tilladelse", "samtykke", "may", "consent"...) to quote ("citere", "citat", "citeres",
  "quote"), or consent to use the answer ("Giver du samtykke til, at vi bruger dit
  svar?"). Either half alone is an ordinary question ("Har du et citat, du vil dele?",
  "Giver du samtykke til at blive kontaktet?") and is not a consent column.
- Only a clear yes consents ("Ja", "Ja, gerne", "Ja, anonymt", "Yes", "1", "True"). A no
  ("Nej", "Nej tak", "No", "Ønsker ikke", "0", "False"), an answer this module cannot
  read as yes ("Ved ikke", "Kun internt") and an empty answer in a survey that asked do
  not: quoting someone who did not say yes cannot be undone, withholding a quote costs
  only a quote (the answer is still counted and analysed).
- A statement from a source without any consent column may be quoted: letters and
  meeting notes are public consultation input, and a survey that never asked has no
  answer to respect. Whether a source asked is decided per input file (round and file):
  a respondent who skipped the question has no value in their ``context``, but their
  file asked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

# "Må vi citere dit svar?", "Må dit svar citeres?", "Citattilladelse", "May we quote you?"
_PERMISSION = re.compile(
    r"(?i)\b(?:må|maa|kan (?:vi|jeg)|tillad\w*|samtykk\w*|accept\w*|lov|ok|okay|may|"
    r"can (?:we|i)|permission\w*|consent\w*|agree\w*|allow\w*)\b")
_QUOTE = re.compile(r"(?i)\b(?:citer\w*|citat\w*|quot(?:e|es|ed|ing|ation|ations))\b")
_QUOTE_COMPOUND = re.compile(r"(?i)\bcitat(?:tilladelse|samtykke)\b")
# "Giver du samtykke til, at vi bruger dit svar?", "Do you consent to us using your answer"
_USE_ANSWER = re.compile(
    r"(?i)\b(?:samtykk\w*|consent\w*)\b.*\b(?:brug\w*|anvend\w*|use|using)\b.*"
    r"\b(?:svar\w*|besvarelse\w*|answers?|responses?)\b")
# a clear yes; a yes with a no in it ("Ja, men ikke med navn" is a yes: quotes never name
# a private person; "Ja - nej" is not clear) is decided by the negation words
_YES = re.compile(r"(?i)^\s*(?:ja|j|yes|y|1|true|sand|gerne|ok|okay)\b")
_NEGATION = re.compile(r"(?i)\b(?:nej|no|not|never|aldrig|ønsker ikke|vil ikke)\b")
MAX_ANSWER_CHARS = 60   # a consent answer is a tick, not a sentence
# what readers outside the analysis team see in place of a text that may not be quoted
PLACEHOLDER = "(svaret må ikke citeres)"


def is_consent_header(header: object) -> bool:
    """Whether a column header (or a long export's question text) asks for consent to
    quote the respondent's answer (see the module doc for what counts)."""
    h = "" if header is None else str(header)
    if _QUOTE_COMPOUND.search(h):
        return True
    return bool(_QUOTE.search(h) and _PERMISSION.search(h)) or bool(_USE_ANSWER.search(h))


def is_consent_column(header: object, values: Iterable[str]) -> bool:
    """A consent header whose filled cells are all short ticks (a free-text question whose
    header happens to mention quoting is read as answers)."""
    return is_consent_header(header) and all(
        len(v.strip()) <= MAX_ANSWER_CHARS for v in values if v and v.strip())


def answer_kind(value: object) -> str:
    """A consent answer as "yes", "no" (a no, or an answer that is not a clear yes) or
    "empty"."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text.strip():
        return "empty"
    return "yes" if _YES.match(text) and not _NEGATION.search(text) else "no"


def consents(value: object) -> bool:
    """Whether one consent answer allows a quote: only a clear yes does."""
    return answer_kind(value) == "yes"


def consent_answers(context: object) -> dict[str, str]:
    """The consent answers in a statement's ``context`` JSON: header -> answer ("" when
    the respondent left it empty and the reader kept the key); {} when none or no JSON."""
    if not isinstance(context, str) or not context.strip().startswith("{"):
        return {}
    try:
        items = json.loads(context)
    except ValueError:
        return {}
    if not isinstance(items, Mapping):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in items.items()
            if is_consent_header(k)}


def quotable(statements: pd.DataFrame) -> pd.Series:
    """Per statement (same index): True when its text may be quoted to readers outside the
    analysis team.

    Pass the whole statements table, then select: whether a file asked is seen from all
    its statements. Needs the columns ``context``, ``round`` and ``source_file``;
    a table without ``context`` has no consent answers, so everything is quotable. A
    statement is not quotable when its file asked for consent (any of the file's
    statements carries a consent answer) and its own answers are not all a clear yes.
    """
    if "context" not in statements.columns or statements.empty:
        return pd.Series(True, index=statements.index, name="quotable", dtype=bool)
    ctx = statements["context"].astype("object")
    parsed: dict[object, dict[str, str]] = {}   # most statements share a few contexts
    answers = []
    for c in ctx.tolist():
        if c not in parsed:
            parsed[c] = consent_answers(c)
        answers.append(parsed[c])
    asked_row = [bool(a) for a in answers]
    files = list(zip(statements["round"].astype(str).tolist(),
                     statements["source_file"].astype(str).tolist(), strict=True))
    asked_files = {f for f, asked in zip(files, asked_row, strict=True) if asked}
    ok = [f not in asked_files or (bool(a) and all(consents(v) for v in a.values()))
          for f, a in zip(files, answers, strict=True)]
    return pd.Series(ok, index=statements.index, name="quotable", dtype=bool)


def quotable_ids(statements: pd.DataFrame) -> frozenset[str]:
    """The ids of the statements that may be quoted (see ``quotable``)."""
    ok = quotable(statements)
    return frozenset(statements.loc[ok, "statement_id"].astype(str).tolist())


def quotable_texts(statements: pd.DataFrame) -> frozenset[str]:
    """The texts some quotable statement has: a refusing respondent's text that is also a
    quotable statement's text (a copy of a letter, a campaign) is quotable through it."""
    ok = quotable(statements)
    return frozenset(statements.loc[ok, "text"].astype(str).tolist())

