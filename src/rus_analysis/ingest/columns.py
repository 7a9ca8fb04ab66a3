"""What a survey column holds: a role, free-text answers, fixed choices or contact data.

Why decide from the values and not only from the manifest: the manifest an analyst writes
first has no ``columns:`` block, and survey tools add columns nobody announced ("Øvrige
kommentarer", "Andet, angiv"). A column is read as a question whenever its values are
free text; fixed-choice columns (Likert scales, scores, multiple-choice ticks, age bands)
are respondent attributes, never statements - but a column whose header asks a question
is read as answers unless its values are clearly ticked from a list
(``_clearly_choices``); contact columns are never read. Every column that is not read
as a question is named in a problem line with the reason, so no answer disappears
without a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rus_analysis import pii
from rus_analysis.consent import is_consent_column

# headers of columns that hold contact details (never read, never written); "mobil" is
# the phone ("Mobil", "Mobilnummer"), never "mobilitet" (a theme: "Kollektiv trafik og
# mobilitet" is an option of the commonest RUS question)
CONTACT_HEADER = re.compile(
    r"(?i)\b(e-?mail|mail(adresse)?|telefon\w*|tlf\.?|mobil(?:nr|nummer|telefon\w*|tlf)?|"
    r"phone|cpr|adresse|address|fulde navn|dit navn|navn på respondent|full name|your name|"
    r"kontaktoplysning\w*|kontaktperson)\b")
# a header that is only the respondent's name: Microsoft Forms exports "Navn"/"Name" (the
# signed-in person) as the fifth column; "Navn på organisation" is a role, matched first
NAME_HEADER = re.compile(
    r"(?i)^\s*(?:dit\s+(?:fulde\s+)?|fulde\s+|respondentens\s+)?(?:for|efter)?navn|"
    r"^\s*(?:your\s+|full\s+|first\s+|last\s+|respondent\s+)?name")
NAME_HEADER_END = re.compile(r"\s*(?:\([^)]*\))?\s*:?\s*$")
# answers to a scale question: every word of every choice is one of these (or a number)
SCALE_WORDS = frozenset("""
meget enig enige uenig uenige delvis delvist hverken eller ved ikke ja nej måske god godt
gode dårlig dårligt dårlige tilfreds tilfredse utilfreds utilfredse lav lavt høj højt middel
i høj grad nogen lille ingen stor slet altid ofte sommetider sjældent aldrig vigtig vigtigt
uvigtigt neutral neutralt relevant irrelevant enten mindre mere mest mindst sandsynligt
usandsynligt helt overvejende yes no agree disagree strongly neither nor somewhat very not
sure don't know vil ønsker at svare
""".split())  # noqa: SIM905 - a word list reads better as text
AGE_BAND = re.compile(r"(?i)^(?:under\s+\d+|over\s+\d+|\d+\s*[-–]\s*\d+|\d+\s*\+|\d+\s*år\s+"
                      r"eller\s+(?:ældre|yngre)|\d+\s*(?:år)?\s*og\s+(?:derover|op))"
                      r"(?:\s*år)?$")
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?\s*%?$")
ATOM_SPLIT = re.compile(r"\s*[;|\n]\s*")
# Google Forms joins a respondent's ticks with ", " ("Kollektiv trafik, Klima og miljø")
COMMA_TICKS = re.compile(r"\s*[;|\n]\s*|,\s+")
MIN_TICK_SHARE = 0.1         # cells with several ticks that make a column multiple-choice
# an answer that is a sentence in a column of short choices ("Ja, men kun hvis busserne
# kører oftere"): an option followed by more words, or many words of its own
OPTION_THEN_TEXT = re.compile(r"(?i)^(?:ja|nej|måske|ved ikke|yes|no|maybe)\b\s*[,.:;–-]\s*"
                              r"\S+\s+\S+")
MIN_OPEN_WORDS = 6
# a header that asks something: answers to it are what the respondent said, so short
# repeated answers are read unless the values are clearly fixed choices
QUESTION_HEADER = re.compile(
    r"(?i)\?\s*(?:\([^)]*\)\s*)?$|^\s*(?:\d+[.)]\s*)?(?:hvad|hvilke[nt]?|hvordan|hvorfor|"
    r"hvornår|hvor|hvem|hvis|er der|har du|har i|synes du|mener du|kan du|bør|what|which|"
    r"how|why|where|who)\b")
# a header that says the answers are ticked from a list
CHOICE_HEADER = re.compile(
    r"(?i)\b(?:flere svar mulige|sæt (?:et )?kryds|vælg (?:et|én|en|op til|gerne|de|det)|"
    r"angiv (?:ét|et|en|én) svar|select|choose|tick|multiple answers)\b")
# a choice every fixed list of options has, and a free-text answer almost never is alone
LIST_OPTION = re.compile(r"(?i)^(?:andet|andre|øvrige|ingen af (?:disse|delene|ovenstående)|"
                         r"ved ikke|ønsker ikke at svare|vil ikke svare|other|"
                         r"none of (?:these|the above)|don't know|prefer not to say)$")
# a date or a timestamp as survey tools write them ("2027-01-11 16:15:28", "02-03-2027
# 08:15", "1/11/27 4:15 PM"): when a tool started or finished, not what anyone said
DATE_TIME = re.compile(r"(?i)^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})"
                       r"(?:[ T](?:kl\.?\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?"
                       r"(?:\s*[ap]m)?)?$|^\d{1,2}:\d{2}(?::\d{2})?$")
MIN_CONSTANT = 5             # one value in every filled cell this often: a status, a flag
# a question about the respondent (where they live, what they do), not for an opinion
RESPONDENT_HEADER = re.compile(
    r"(?i)\b(?:bor du|bopæl\w*|hjemkommune|hvilken kommune|din kommune|"
    r"din beskæftigelse|beskæftigelsesstatus|din stilling(?! til)|arbejder du|"
    r"er du (?:ansat|medlem|studerende)|dit køn|din alder|din uddannelse|"
    r"uddannelsesniveau|repræsenterer du|hvem repræsenterer|svarer du på vegne|"
    r"which municipality|where do you live|your occupation|your gender)\b")
# answers about the respondent, not opinions (gender)
ATTRIBUTE_WORDS = frozenset({"kvinde", "kvinder", "mand", "mænd", "køn", "nonbinær", "andet"})
MAX_CHOICE_CHARS = 45        # a choice is a label, not a sentence
MIN_REPEATS = 2.5            # a choice recurs: occurrences per distinct choice
SAMPLE_ROWS = 2000           # rows a column is judged on (the rest is streamed)


@dataclass(frozen=True)
class Verdict:
    """What a column is: "question", "choice" or "contact", and why (for the problem)."""

    kind: str
    why: str = ""
    names: bool = False      # a contact column of people's names (private names of the run)
    # a choice column some respondents answered with a sentence: its options (the answers
    # that recur); a cell that ``is_open_answer`` is read as a statement
    options: frozenset[str] | None = None


def _atoms(values: Sequence[str], split: re.Pattern[str] = ATOM_SPLIT) -> list[str]:
    out: list[str] = []
    for v in values:
        out += [a for a in split.split(v.strip()) if a]
    return out


def _tick_split(values: Sequence[str]) -> re.Pattern[str]:
    """How the column's cells separate ticked options: ``ATOM_SPLIT`` ("A; B"), or also
    ", " when the column is Google Forms' checkboxes.

    Why not always split on commas: free text has commas ("Ja, men kun hvis ...").
    Checkbox cells are joined options: in at least ``MIN_TICK_SHARE`` of the cells there
    are several, and every part recurs in the column as an option does; a sentence's
    parts after a comma ("men kun hvis busserne kører oftere") recur nowhere.
    """
    parts = [[a for a in COMMA_TICKS.split(v.strip()) if a] for v in values]
    if sum(1 for p in parts if len(p) > 1) < max(2, MIN_TICK_SHARE * len(values)):
        return ATOM_SPLIT
    counts = Counter(a for p in parts for a in p)
    if all(n >= 2 and len(a) <= MAX_CHOICE_CHARS for a, n in counts.items()):
        return COMMA_TICKS
    return ATOM_SPLIT


def is_open_answer(value: str, options: frozenset[str]) -> bool:
    """Whether one cell of a choice column is a sentence the respondent wrote.

    Why: a question answered "Ja", "Nej", "Ved ikke" by most is a choice column, but
    "Ja, men kun hvis busserne kører oftere" is an opinion; kept as an attribute, it was
    silently never a statement. A cell is such an answer when it is none of the column's
    options (the answers that recur) nor several of them ticked together ("Klima og
    miljø, Uddannelse, Erhverv og turisme"), and is an option followed by more words, or
    has at least ``MIN_OPEN_WORDS`` words.
    """
    v = value.strip()
    if not v or v in options or all(a in options for a in COMMA_TICKS.split(v) if a):
        return False
    return bool(OPTION_THEN_TEXT.match(v)) or len(v.split()) >= MIN_OPEN_WORDS


def _is_scale(atom: str) -> bool:
    words = re.findall(r"[^\W\d_]+|\d+", atom.casefold())
    return bool(words) and all(w in SCALE_WORDS or w.isdigit() for w in words)


def judge_column(header: str, values: Sequence[str]) -> Verdict:
    """Judge one column from its header and (a sample of) its non-empty values.

    A question asking for consent to quote the answer (``consent.is_consent_column``)
    holds the respondent's permission, not an opinion: a choice column whatever its
    answers. Dates and timestamps are a survey tool's own columns (Microsoft Forms' "Starttidspunkt",
    SurveyXact's "Slutdato"): attributes, never statements. A constant column (one value
    in at least ``MIN_CONSTANT`` cells, such as SurveyXact's status "Gennemført" in an
    export of completed answers) is a choice column unless its header asks a question:
    one label repeated by every respondent is not something each of them said.
    """
    vals = [v.strip() for v in values if v and v.strip()]
    if is_name_header(header):
        return Verdict("contact", "its header asks for the respondent's name", names=True)
    if CONTACT_HEADER.search(header or ""):
        return Verdict("contact", "its header names contact details")
    if vals:
        contact = sum(1 for v in vals if pii.redact(v) != v and len(pii.redact(v)) < 12)
        if contact >= 0.6 * len(vals):
            return Verdict("contact", f"{contact} of {len(vals)} values are e-mail "
                           "addresses or phone numbers")
    if is_consent_column(header, vals):
        # "Ja, gerne" / "Nej tak" are no scale words, and the header asks a question:
        # without this they would be read as the respondents' statements; a consent
        # column nobody filled in still asked (its empty answers withhold the quotes)
        return Verdict("choice", "answers to a consent question"
                       + (f" ({_examples(vals)})" if vals else ""))
    if not vals:
        return Verdict("question")
    split = _tick_split(vals)
    atoms = _atoms(vals, split)
    if all(DATE_TIME.match(a) for a in atoms):
        return Verdict("choice", f"dates and times ({_examples(atoms)})")
    if all(NUMBER.match(a) for a in atoms):
        return Verdict("choice", f"only numbers ({_examples(atoms)})")
    if all(AGE_BAND.match(a) for a in atoms):
        return Verdict("choice", f"age bands ({_examples(atoms)})")
    if all(_is_scale(a) for a in atoms):
        return Verdict("choice", f"answers on a scale ({_examples(atoms)})")
    counts = Counter(atoms)
    mean_len = sum(len(a) for a in atoms) / len(atoms)
    if (len(counts) > 1 or len(atoms) >= MIN_CONSTANT) and mean_len <= MAX_CHOICE_CHARS and \
            len(atoms) / len(counts) >= MIN_REPEATS and \
            (not QUESTION_HEADER.search(header or "") or
             _clearly_choices(header, vals, atoms, split)):
        options = frozenset(a for a, n in counts.items() if n > 1)
        opens = sum(1 for v in vals if is_open_answer(v, options))
        what = (f"one value in every filled cell ({_examples(atoms)})" if len(counts) == 1
                else f"{len(counts) - opens} fixed choices ({_examples(atoms)})")
        if split is COMMA_TICKS:
            what += ", several ticked per cell and joined with ', '"
        return Verdict("choice", what, options=options if opens else None)
    return Verdict("question")


def is_name_header(header: str) -> bool:
    """Whether a header asks only for a person's name ("Navn", "Name", "Dit navn (valgfrit)").

    Why exact and not a search: "Navn" inside a question ("Hvad skal det nye navn på
    strategien være?") asks for an opinion. The values of such a column are private
    persons' names: never read, and redacted wherever they recur in the run.
    """
    m = NAME_HEADER.match(header or "")
    return bool(m) and bool(NAME_HEADER_END.fullmatch(header[m.end():]))


def _clearly_choices(header: str, values: Sequence[str], atoms: Sequence[str],
                     split: re.Pattern[str] = ATOM_SPLIT) -> bool:
    """Whether the repeated short answers to a question were ticked from a list.

    Why a question asks for more than repetition: "Hvad er dit vigtigste ønske for
    regionen?" answered "Flere busser" by twelve respondents is twelve opinions, and
    reading it as a choice column made every answer vanish into the respondent's
    attributes. A list shows itself: the header says so ("flere svar mulige"), a cell
    holds several ticked options ("A; B"), the list has its "Andet"/"Ved ikke" option,
    or the options describe the respondent (gender; short answers to a question about
    where the respondent lives or what they do).
    """
    if CHOICE_HEADER.search(header or ""):
        return True
    if sum(1 for v in values if len(split.split(v.strip())) > 1) >= MIN_TICK_SHARE * len(values):
        return True
    if any(LIST_OPTION.match(a) for a in atoms):
        return True
    if RESPONDENT_HEADER.search(header or "") and all(len(a.split()) <= 2 for a in atoms):
        return True   # "Hvilken kommune bor du i?" -> "Gribskov": who answers, not a view
    return all(w in ATTRIBUTE_WORDS for a in atoms for w in re.findall(r"[^\W\d_]+",
                                                                           a.casefold()))


def _examples(atoms: Sequence[str], n: int = 3) -> str:
    common = [a for a, _ in Counter(atoms).most_common(n)]
    return ", ".join(f"'{a[:30]}'" for a in common)
