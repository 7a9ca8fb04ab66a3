"""The respondents' consent to be quoted: which survey column asks it, which answers say no,
and which statements may therefore be quoted in anything readers outside the analysis
team get (the report, the municipality profiles, the høringsnotat).

Why one definition shared by every stage: ingest names the consent column in a problem
line, the themes stage must not pick a refusing respondent's answer as a theme's quote,
the report shows a placeholder instead of the text and its guard refuses a file that
still quotes one, and the analysts' workbook says per statement whether it may be
quoted. If each decided on its own, one of them would quote what another withheld.

The decisions, and why:

- A consent column is found by its header, in one of three forms:
  a quote word ("citere", "citat", "citering", "quote") with a permission word ("må",
  "kan vi", "tilladelse", "samtykke", "may", "consent"...): "Må vi citere dit svar?";
  the respondent being quoted ("citeres", "citeret", "citere dig", "be quoted") with a
  wish or question to them ("ønsker", "vil du", "gerne", "would", "want"...): "Ønsker du
  at blive citeret?", "Vil du gerne citeres?", "Would you like to be quoted?";
  or permission to use, reproduce or publish the respondent's answer ("Må vi gengive
  dit svar i rapporten?", "Må vi bruge dit svar i rapporten?", "Giver du samtykke til,
  at vi bruger dit svar?"). A quote word or a permission word alone is an ordinary
  question ("Har du et citat, du vil dele?", "Giver du samtykke til at blive
  kontaktet?") and is not a consent column. Ingest warns about every header that
  mentions quoting ("citer", "citat", "quot", "gengiv") but is not read as the consent
  column (``mentions_quoting``): a consent question this module misses would quote every
  respondent who said no.
- Only an unconditional yes consents: a yes word ("Ja", "Yes", "1", "True", "Gerne"),
  optionally with words from a short list that add no condition ("Ja, gerne", "Ja tak",
  "Ja, selvfølgelig"). A yes with anything else is a conditional yes ("Ja, men ikke med
  navn", "Ja, hvis I ikke nævner kommunen", "Ja, kun i rapporten", and "Ja, anonymt": a
  quote names the organisation the respondent answered for), as is an answer longer than
  ``MAX_ANSWER_CHARS``, and does not consent: the tool cannot check that a condition is
  kept, and quoting against it cannot be undone. A no ("Nej", "Nej tak", "No", "Ønsker
  ikke", "0", "False"), any other answer ("Ved ikke", "Kun internt") and an empty answer
  in a survey that asked do not consent either. Withholding a quote costs only a quote:
  the answer is still counted and analysed, and ingest's ``quote_consent`` line says how
  many answered each way.
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
from functools import lru_cache

import pandas as pd

# "Må vi citere dit svar?", "Må dit svar citeres?", "Citattilladelse", "May we quote you?"
_PERMISSION = re.compile(
    r"(?i)\b(?:må|maa|kan (?:vi|jeg)|tillad\w*|samtykk\w*|accept\w*|lov|ok|okay|may|"
    r"can (?:we|i)|permission\w*|consent\w*|agree\w*|allow\w*)\b")
_QUOTE = re.compile(r"(?i)\b(?:citer\w*|citat\w*|quot(?:e|es|ed|ing|ation|ations))\b")
_QUOTE_COMPOUND = re.compile(r"(?i)\bcitat(?:tilladelse|samtykke)\b")
# the respondent being quoted: "citeres", "blive citeret", "citere dig", "be quoted"
_QUOTED = re.compile(
    r"(?i)\b(?:citer(?:es|et|ing)|quoted)\b|"
    r"\b(?:citere|citerer|quote)\s+(?:dig|jer|dit|din|dine|jeres|you|your)\b")
# a wish or a question put to the respondent: "Ønsker du ...", "Vil du gerne ...",
# "Would you like ...", "Er det i orden ..."
_WISH = re.compile(
    r"(?i)\b(?:ønsk\w*|vil|gerne|orden|would|want\w*|like|wish\w*|ok|okay|må|may)\b")
# "Giver du samtykke til, at vi bruger dit svar?", "Do you consent to us using your answer"
_USE_ANSWER = re.compile(
    r"(?i)\b(?:samtykk\w*|consent\w*)\b.*\b(?:brug\w*|anvend\w*|use|using)\b.*"
    r"\b(?:svar\w*|besvarelse\w*|answers?|responses?)\b")
# "Må vi gengive dit svar i rapporten?", "Må dit svar offentliggøres?", "May we use your
# answer in the report?": use, reproduce or publish the respondent's own answer
_USE_VERB = re.compile(
    r"(?i)\b(?:gengiv\w*|brug\w*|anvend\w*|offentliggø\w*|use|using|publish\w*|"
    r"reproduc\w*)\b")
_YOUR_ANSWER = re.compile(
    r"(?i)\b(?:dit|din|dine|jeres|your)\s+(?:svar\w*|besvarelse\w*|kommentar\w*|"
    r"answers?|responses?|comments?)\b")
# what makes a header worth a warning when it is not read as the consent column
_MENTIONS = re.compile(r"(?i)\b(?:citer\w*|citat\w*|quot\w*|gengiv\w*)")
_YES = re.compile(r"(?i)^(?:ja|j|yes|y|1|true|sand|gerne|ok|okay)$")
# words an unconditional yes may add: politeness. Not anonymity: "Ja, anonymt" from a
# municipality or an organisation asks not to be named, and a quote in the report names
# its organisation; so it is a yes with a condition, like "Ja, men uden navn"
_YES_EXTRA = frozenset({
    "gerne", "tak", "selvfølgelig", "selvfolgelig", "naturligvis", "bestemt", "absolut",
    "fint", "sure", "please", "of", "course"})
_NEGATION = re.compile(r"(?i)\b(?:nej|no|not|never|aldrig|ønsker ikke|vil ikke)\b")
_NUMBER = re.compile(r"^([01])(?:[.,]0+)?$")   # 1 / 0 as a spreadsheet writes them: "1.0"
MAX_ANSWER_CHARS = 60   # a consent answer is a tick, not a sentence
# what readers outside the analysis team see in place of a text that may not be quoted
PLACEHOLDER = "(svaret må ikke citeres)"


def is_consent_header(header: object) -> bool:
    """Whether a column header (or a long export's question text) asks for consent to
    quote the respondent's answer (see the module doc for what counts). Underscores count
    as spaces: an export's question id ("samtykke_citat", "Q9_citeres") names it too."""
    return _consent_header("" if header is None else str(header))


@lru_cache(maxsize=4096)
def _consent_header(header: str) -> bool:
    """``is_consent_header`` on a string, once per distinct header: ``quotable`` asks it
    for every context key of every table, about ten times per report."""
    h = header.replace("_", " ")
    if _QUOTE_COMPOUND.search(h) or _USE_ANSWER.search(h):
        return True
    if _QUOTE.search(h) and _PERMISSION.search(h):
        return True
    if _QUOTED.search(h) and _WISH.search(h):
        return True
    return bool(_USE_VERB.search(h) and _YOUR_ANSWER.search(h) and _PERMISSION.search(h))


def mentions_quoting(header: object) -> bool:
    """Whether a header speaks of quoting or reproducing ("citer", "citat", "quot",
    "gengiv"): one that is not read as the consent column gets a warning, since a
    consent question read as an ordinary one quotes the respondents who said no."""
    return bool(_MENTIONS.search("" if header is None else str(header).replace("_", " ")))


def is_consent_column(header: object, values: Iterable[str]) -> bool:
    """A column that holds consent to quote: its header asks for it, and at least half of
    its filled cells are short ticks (at most ``MAX_ANSWER_CHARS``).

    Why half, not all: one long answer ("Andet: kun hvis kommunen ikke nævnes") once
    turned the whole column into an ordinary question, so every "Nej" of the file was
    quoted; such an answer is no unconditional yes (``answer_kind``) and withholds its
    respondent's quotes. Why not the header alone: a strategy question can speak of
    quoting too ("Hvilke mål ønsker I citeret i den nye strategi?"); when most of its
    answers are sentences it is read as a question, and ``mentions_quoting`` warns."""
    vals = [v.strip() for v in values if v and v.strip()]
    short = sum(len(v) <= MAX_ANSWER_CHARS for v in vals)
    return is_consent_header(header) and (not vals or 2 * short >= len(vals))


def answer_kind(value: object) -> str:
    """A consent answer as "yes" (an unconditional yes), "conditional" (a yes with a
    condition: "Ja, men ikke med navn"), "no" (a no, or an answer that is no yes) or
    "empty". Only "yes" consents (see the module doc)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text.strip():
        return "empty"
    number = _NUMBER.match(text.strip())
    if number:
        return "yes" if number.group(1) == "1" else "no"
    words = re.findall(r"[^\W_]+", text.casefold())
    if not words or not _YES.match(words[0]) or _NEGATION.search(text):
        return "no"
    if len(text.strip()) > MAX_ANSWER_CHARS:   # a sentence, not a tick: a yes with terms
        return "conditional"
    return "yes" if all(w in _YES_EXTRA or _YES.match(w) for w in words[1:]) \
        else "conditional"


def consents(value: object) -> bool:
    """Whether one consent answer allows a quote: only an unconditional yes does."""
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

