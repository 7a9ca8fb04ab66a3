"""Personal data: find and replace e-mail addresses, phone numbers, CPR numbers and names.

Why this runs before anything is written: the evidence base is shared with a political
committee and with analysts in Excel. Stakeholder letters carry signatures, contact
persons and phone numbers that have no analytic value and must not leave the raw folder
(GDPR data minimisation). Every text column the pipeline writes goes through ``redact``;
``scan_pii`` is the independent final guard the tests and the report stage use.

What is removed, and nothing else: contact data (e-mail addresses, phone numbers, CPR
numbers) and names where they stand as contact data - after a closing formula ("Med
venlig hilsen", "Mvh."), in a contact field ("Kontaktperson:", "Navn:") or right after
"kontakt"/"ring til". Names inside an opinion are kept: they are public figures the
sender writes about ("George W. Bush", the mayor), and replacing them inside a quote
shown as verbatim falsifies it. Dates ("11-03-2024") are not phone numbers, and
organisations whose names look like a person's ("Niels Brock") are kept when they are
known (``keep``: the manifest's organisations and the config's regional actors). Role
descriptions of public office holders ("borgmesteren i Gribskov") stay as well.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

# Sender values that name no organisation: the sender is a private person, a citizen,
# never named (the clean stage's voices and the høringsnotat use this one definition).
PRIVATE_SENDERS = frozenset({"", "privatperson", "privat", "borger", "borgere", "private",
                             "citizen", "anonym", "anonymous", "anonymt"})

EMAIL_TAG = "[EMAIL]"
PHONE_TAG = "[TELEFON]"
CPR_TAG = "[CPR]"
NAME_TAG = "[NAVN]"
ADDRESS_TAG = "[ADRESSE]"
REDACTION_TAGS = (EMAIL_TAG, PHONE_TAG, CPR_TAG, NAME_TAG, ADDRESS_TAG)  # every placeholder
NO_NAMES: frozenset[str] = frozenset()   # no private names known (see ``name_list``)

# "@" and the ways people hide it from harvesters: "(at)", "[at]", "(a)", "[a]"
_AT = r"(?:@|\s?\((?:at|a)\)\s?|\s?\[(?:at|a)\]\s?)"
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+" + _AT + r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b"
)

# CPR: ddmmyy-xxxx / ddmmyy xxxx / ddmmyyxxxx / ddmmyy - xxxx; the date part must be a
# real date so that ordinary 10-digit numbers (case numbers, EAN) are not taken.
_CPR = re.compile(
    r"(?<![\d-])(\d{2})(\d{2})(\d{2})(?:[ \t]?[-\u2013][ \t]?|\s)?(\d{4})(?![\d-])")

# Danish 8-digit numbers: optional +45/0045 prefix, 8 digits with single separators
# (space, dash or dot) between groups of two or more. Without a label only the usual
# groupings are taken (8 in a row, 2-2-2-2, 4-4, 3-2-3: "12345678" too, erring on the
# side of removing), except a "yyyy-yyyy" year range; after a "tlf."/"mobil"/"ring på"
# label, or with a +45 prefix, any grouping is ("23 45 6789", "4545 45 45", "23 456 789").
_SEP = r"[ \-.\u2013]?"
_PHONE_BODY = r"\d{2}(?:" + _SEP + r"\d){6}"
_USUAL_GROUPS = ([8], [2, 2, 2, 2], [4, 4], [3, 2, 3])
_PHONE = re.compile(
    r"(?<![\d\w/])(?P<prefix>(?:\+|00)\s?45[ \-.]?|\(\+?45\)\s?)?(?P<body>" + _PHONE_BODY
    + r")(?![\d]|[.,]\d)"
)
_PHONE_LABEL = re.compile(
    r"(?<![\w])(?:tlf|telefon|telefonnr|tel|mobil|mob|direkte|dir|phone|ring)\.?"
    r"(?:\s+(?:endelig|gerne|venligst|bare|evt\.?))?"
    r"(?:\s+(?:til|på|op\s+på))?\s*(?:nr\.?|nummer)?"
    r"\s*[:.]?\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"(?i)\s*(?:kr\b|kroner|mio|mia|euro|eur\b|dkk|%|procent|m2|"
                           r"m²|kvm|km\b|ton\b|kwh|mwh|indbyggere|personer|borgere)")
_YEAR_RANGE = re.compile(r"(19|20)\d{2}\s?[-\u2013/ ]?\s?(19|20)\d{2}")

# A personal name: 1-4 capitalised words, allowing initials ("Jens B. Hansen") and
# hyphenated names ("Anne-Mette Holm-Larsen").
_CAP = r"[A-ZÆØÅÉÜÖÄ][a-zæøåéüöäß]+(?:-[A-ZÆØÅÉÜÖÄ][a-zæøåéüöäß]+)?"
_NAME = _CAP + r"(?:[ \t]+(?:[A-ZÆØÅ]\.[ \t]*)?" + _CAP + r"){0,3}"
_PERSON = re.compile(_NAME)
NAME_PATTERN = _NAME  # for the cleaning stage's speaker patterns

# Closing formulas after which a name follows.
_CLOSINGS = (r"med\s+venlig(?:st)?\s+hilsen|venlig(?:st)?\s+hilsen|"
             r"de\s+bedste\s+hils(?:e)?ner|bedste\s+hils(?:e)?ner|bedste\s+hilsen|"
             r"mange\s+hils(?:e)?ner|kærlig\s+hilsen|hilsen|mvh\.?|vh\.?|kh\.?")
_CLOSING_LINE = re.compile(
    r"(?im)(?P<closing>(?<![\w])(?:" + _CLOSINGS + r"))(?!\w)[ \t]*[,:]?[ \t]*"
    r"(?P<rest>[^\n]*)$")
# "Hilsen Kenneth og Bettina Madsen": several signers
_NAME_LIST = re.compile(_NAME + r"(?:[ \t]*(?:,|&|\bog\b)[ \t]*" + _NAME + r")*")
# "Tak! /Kenneth Madsen": a slash sign-off at the end of a line
_SLASH_SIGN = re.compile(r"(?m)(?:^|(?<=[.!?)][ \t])|(?<=[.!?)]))[ \t]*/[ \t]?(?P<name>"
                         + _NAME + r")[ \t]*$")
# Field labels whose value is a person.
_FIELD = re.compile(
    r"(?i)(?P<label>\b(?:kontaktperson(?:er)?|kontakt|navn|fulde\s+navn|sagsbehandler|"
    r"underskrevet\s+af|afsender|besvaret\s+af|udfyldt\s+af|indsendt\s+af|"
    r"name|contact\s+person)[ \t]*:[ \t]*)(?P<value>[^\n,;(]*)"
)

# Common Danish first names (Danmarks Statistik's most frequent, plus short forms). Used
# only where there is no context (a name inline in a statement, or a person in the
# organisation field), so that organisations such as "Dansk Industri" are never taken.
FIRST_NAMES: frozenset[str] = frozenset(
    """
anders andreas anette anna anne annette ane anni ann-sofie asger astrid bent birgit birgitte
bjarne bo brian britt camilla carl carsten caroline charlotte christian christina christine
claus dan daniel dennis dorte dorthe ebbe elisabeth ella ellen else emil emilie emma erik
esben eva finn frederik frank gitte grethe gustav hanne hans hans-henrik helle helen henning
henrik henriette holger ib ida inge inger ivan jacob jakob jan jane janne jens jeppe jesper
jette johan johanne johannes john jonas jonathan jørgen jørn julie karen karin karina karl
kasper katrine kim kirsten kirstine kristian kristina lars lasse laura lea lena lene leif
line lis lisa lise lisbeth lone louise lotte lykke malene maja mads magnus maria marianne
marie martin mathias mette michael mikael mikkel mogens morten nanna niels nikolaj nina ole
oliver oscar ove palle per peter pernille pia poul preben rasmus rikke rita rune sanne sara
sarah signe simon sofie sofia steen sten stig susanne svend søren thomas tina tine tobias
torben tove trine troels ulla ulrik vibeke victor viggo william asta agnes alma freja clara
ellen aksel alfred arne bodil ejner erling gunnar inga jytte kaj kurt mona preben ruth tage
tom ulf vagn yvonne ahmed ali mohammad fatima
adam albert alexander allan anton benjamin bjørn bruno casper christoffer david elias
felix filip flemming georg gert harald helge hugo jimmi jimmy joachim johnny jon kai kenn
kenneth kent keld kjeld klaus knud kristoffer lucas lukas malthe marcus mathias max
nicolai nicklas niklas nils noah oskar otto patrick peder philip rené robert rolf
sebastian silas steffen stefan sune sven theis thor tommy tonny uffe valdemar viktor
walter werner aage åge alf birger egon einar frede gorm hakon ingolf jes bjarke jannik
jesper kristoffer mogens rasmus allan
agnete aase åse alberte amalie amanda anja annemette anne-mette annelise benedikte bente
berit bettina birthe britta cecilie christel connie conny dagmar ditte edith elin elise
elna erna esther frida gerda grete gudrun hanna hannah heidi helga hilda ingrid irene
isabella janni jeanette jeannette joan josefine kamilla karla kate kathrine katja kira
kristine lærke laila lisbet liselotte majken malou margit margrethe marlene merete mia
michelle mille minna molly naja nathalie nadia nete nicoline ninna olivia randi rebekka
rigmor sabrina sanna sidsel silje simone sisse solveig stine susan sussi tanja tenna thea
tilde victoria vigga winnie yrsa jeanette charlotte lisette mai maiken
mathilde karoline nora sigrid ingeborg frederikke emilia rosa ellinor vilma liva carla
marius laurits konrad villads
mohammed muhammad muhammed mohamed mohamad ahmad ahmet mehmet mustafa omar hassan hussein
hussain ibrahim ismail yusuf yousef youssef abdullah abdul amir amin khalid karim tariq
bilal hamza samir murat emre fatma aisha ayesha amina mariam maryam leila layla yasmin
yasmina noor nour samira hanan zainab zeynep elif emine ayse asma hiba
piotr tomasz krzysztof andrzej agnieszka katarzyna magdalena oksana olena olga iryna
natalia dmytro oleksandr
""".split()  # noqa: SIM905 - a word list reads better as text
)


def is_first_name(word: str) -> bool:
    """Is a word a common first name (``FIRST_NAMES``)? A hyphenated one counts by its
    parts ("Anne-Marie", "Marie-Louise"): the list cannot hold every pair, and a
    citizen whose name was not recognised was taken for an organisation."""
    w = word.strip(".,;:()").lower()
    return w in FIRST_NAMES or ("-" in w and all(p in FIRST_NAMES for p in w.split("-")))

_ORG_WORDS = re.compile(
    r"(?i)\b(kommune|region|regionen|a/s|aps|i/s|forening|forsyning|selskab|styrelse|"
    r"ministeri\w*|universitet|skole|råd|udvalg|byråd|gruppe|netværk|center|centret|"
    r"institut\w*|fond|erhverv\w*|industri|trafik|vand|energi|partner\w*|group|"
    r"sekretariat\w*|forvaltning|hus|boligselskab|klub|lokalråd|bibliotek\w*|museum|"
    r"hospital\w*|kirke|bank|dansk|danske|danmarks|gymnasium|laug\w*)\b")
# organisation words at the end of a compound ("Naturfredningsforening", "Lokalrådet")
_ORG_END = re.compile(r"(?i)\w(?:forening|foreningen|forbund|forbundet|selskab|selskabet|"
                      r"rådet|råd|udvalg|udvalget|gruppen|center|centret|organisation|"
                      r"netværk|laug|lauget|skole|skolen|kommune)\b")

# An organisation form right after a name makes it a firm or school ("Per Aarsleff A/S");
# only directly following, so "Karen Andersen, Region Hovedstaden" still loses the name.
_ORG_SUFFIX = re.compile(r"[ \t]+(?:A/S|ApS|I/S|P/S|K/S|Holding|Group|Fond(?:en)?|Skole|"
                         r"Gymnasium|Institut\w*|Instituttet|Fabrikker)\b")

# Person names after a public role ("borgmester Jens Hansen") stay: the office holder
# speaks in that role, and the role is public (see module docstring).
_ROLE_BEFORE = re.compile(
    r"(?i)\b(borgmester(en)?|viceborgmester(en)?|rådmand(en)?|formand(en)?|"
    r"statsminister(en)?|regionsrådsmedlem(met)?|folketingsmedlem(met)?|"
    r"næstformand(en)?|regionsrådsformand(en)?|minister(en)?|direktør(en)?|"
    r"kommunaldirektør(en)?|regionsdirektør(en)?|adm\.\s*direktør)\s+$")


def _valid_cpr_date(dd: str, mm: str, yy: str) -> bool:
    try:
        date(2000 + int(yy), int(mm), int(dd))
    except ValueError:
        # 29 February in a year that is a leap year only in the 1900s
        try:
            date(1900 + int(yy), int(mm), int(dd))
        except ValueError:
            return False
    return True


def _cpr_sub(m: re.Match[str]) -> str:
    return CPR_TAG if _valid_cpr_date(m.group(1), m.group(2), m.group(3)) else m.group(0)


_DATE_SHAPE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./]((?:19|20)\d{2})")


def _is_date(body: str) -> bool:
    """"11-03-2024", "1.3.2026": a day, a month and a year, not a phone number."""
    m = _DATE_SHAPE.fullmatch(body)
    return bool(m) and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12


def _is_phone(m: re.Match[str], text: str) -> bool:
    body = m.group("body")
    digits = re.sub(r"\D", "", body)
    if len(digits) != 8:
        return False
    # "11-03-2024" would read as 11-03-20-24 with one separator left out; a phone number
    # is written in one of the usual groupings, with one kind of separator (or none)
    groups = [len(g) for g in re.split(r"\D", body)]
    if _is_date(body) or len(set(re.findall(r"\D", body))) > 1 or min(groups) < 2:
        return False
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", body) or _AMOUNT_AFTER.match(text, m.end()):
        return False   # "25.000.000 kr.": an amount in Danish thousands, not a number to call
    labelled = bool(m.group("prefix")) or bool(
        _PHONE_LABEL.search(text[max(0, m.start() - 32):m.start()]))
    if labelled:
        return True
    return groups in _USUAL_GROUPS and not _YEAR_RANGE.fullmatch(body)


def _phone_sub_factory(text: str):  # noqa: ANN202 - closure for re.sub
    def sub(m: re.Match[str]) -> str:
        return PHONE_TAG if _is_phone(m, text) else m.group(0)
    return sub


# Cheap necessary conditions, checked before the full patterns: most statements hold no
# "@", no digit and no closing formula, and scanning for one character or word is many
# times faster than trying a complex pattern at every position. They only skip work;
# a text that passes is redacted by the full patterns as before.
_DIGIT = re.compile(r"\d")
_CLOSING_WORD = re.compile(r"(?i)hils|vh|kh|/")


def redact_emails(text: str) -> str:
    """Replace e-mail addresses (also "navn(at)firma.dk", "navn(a)gmail.com") by [EMAIL]."""
    if "@" not in text and "(a" not in text and "[a" not in text:
        return text
    return _EMAIL.sub(EMAIL_TAG, text)


def redact_cpr(text: str) -> str:
    """Replace CPR-like numbers whose first six digits are a valid date by [CPR]."""
    if not _DIGIT.search(text):
        return text
    return _CPR.sub(_cpr_sub, text)


def redact_phones(text: str) -> str:
    """Replace Danish 8-digit phone numbers (with +45/0045, spaces, dashes) by [TELEFON]."""
    if not _DIGIT.search(text):
        return text
    return _PHONE.sub(_phone_sub_factory(text), text)


def _names_in(value: str) -> str:
    """Replace the person-name run(s) at the start of a field value by [NAVN]."""
    m = _PERSON.match(value.strip())
    if not m:
        return value
    lead = value[: len(value) - len(value.lstrip())]
    rest = value.strip()[m.end():]
    return lead + NAME_TAG + rest


def _signer_line(line: str, keep: frozenset[str]) -> str:
    """The line after a closing formula: the signer's name goes ("Jens Hansen",
    "Jens Hansen, formand"), an organisation or a known name stays."""
    stripped = line.strip()
    m = _NAME_LIST.fullmatch(stripped.rstrip(",."))
    if m and not _ORG_WORDS.search(stripped) and not _known(m.group(0), keep):
        return line.replace(stripped.rstrip(",."), NAME_TAG, 1)
    # "Jens Hansen, formand" on one line
    m = _PERSON.match(stripped)
    if m and stripped[m.end():m.end() + 1] in {",", " "} and \
            not _ORG_WORDS.search(m.group(0)) and " " in m.group(0):
        return line.replace(m.group(0), NAME_TAG, 1)
    return line


def redact_signature_names(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Replace names after closing formulas and in "Kontaktperson:"/"Navn:" fields.

    After "Med venlig hilsen" the next non-empty line (or the rest of the same line) is
    the signer; a title line below it is kept, it is a role, not a person.
    """
    def field_sub(m: re.Match[str]) -> str:
        value = m.group("value")
        head = _PERSON.match(value.strip())
        # "Navn: Jens Hansen fra Gribskov Kommune": the name goes, the organisation stays;
        # "Kontakt: Gribskov Kommune" is an organisation, not a person
        if not head or _ORG_WORDS.search(head.group(0)) or _known(head.group(0), keep):
            return m.group(0)
        return m.group("label") + _names_in(value)

    if ":" in text:  # every field label ends in a colon
        text = _FIELD.sub(field_sub, text)
    if not _CLOSING_WORD.search(text):  # every closing formula holds "hils" or "vh"
        return text

    out: list[str] = []
    lines = text.split("\n")
    expect_name = False
    for line in lines:
        if expect_name:
            if not line.strip():
                out.append(line)
                continue
            expect_name = False
            again = _CLOSING_LINE.search(line)
            if again and _closing_is_signature(line, again):
                pass   # "VH" then "Med venlig hilsen": the signer follows the second one
            else:
                line = _signer_line(line, keep)
                out.append(line)
                continue
        cm = _CLOSING_LINE.search(line)
        if cm and _closing_is_signature(line, cm):
            rest = cm.group("rest")
            if rest.strip():
                pm = _NAME_LIST.match(rest.strip())
                if pm and not _ORG_WORDS.search(pm.group(0)) and not _known(pm.group(0), keep):
                    line = line[: cm.start("rest")] + rest.replace(pm.group(0), NAME_TAG, 1)
                    expect_name = False
                else:
                    expect_name = False
            else:
                expect_name = True
        out.append(line)
    return _SLASH_SIGN.sub(lambda m: m.group(0) if _ORG_WORDS.search(m.group("name")) or
                           _known(m.group("name"), keep) or
                           not is_first_name(m.group("name").split()[0])
                           else m.group(0)[:m.start("name") - m.start()] + NAME_TAG,
                           "\n".join(out))


def _closing_is_signature(line: str, m: re.Match[str]) -> bool:
    """A closing formula at the start of a line, or "Med venlig hilsen" anywhere."""
    closing = m.group("closing").lower()
    before = line[: m.start("closing")].strip()
    if "venlig" in closing or "hilsner" in closing or "hilsener" in closing:
        return True
    return before == "" or before.endswith((".", "!"))


# "kontakt Karen Andersen", "ring til Jens Hansen": a name as contact data
_CONTACT_BEFORE = re.compile(
    r"(?i)\b(?:kontakt(?:person(?:en)?)?|ring\s+(?:gerne\s+)?til|skriv\s+(?:gerne\s+)?til|"
    r"henvendelse\s+til|spørgsmål\s+(?:kan\s+(?:rettes|stilles)\s+)?til|"
    r"kontakt\s+venligst|jeg\s+hedder|mit\s+navn\s+er|undertegnede)\s+$")


def redact_inline_names(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Replace "Firstname Lastname" where it stands as contact data: right after
    "kontakt", "ring til", "skriv til" (a common Danish first name starts it).

    A name anywhere else in a sentence is what the sender writes about (a public figure,
    a mayor) and stays. Names after a public role ("borgmester Jens Hansen"), names
    followed by an organisation form ("Per Aarsleff A/S") and known organisations
    (``keep``, casefolded) are kept.
    """
    def sub(m: re.Match[str]) -> str:
        run = m.group(0)
        # the name may follow other capitalised words ("Kontakt Karen Andersen",
        # "Ifølge Jens Hansen"): it starts at the first common first name
        # A name that is not in FIRST_NAMES ("Kenneth Madsen") is taken when it follows
        # the contact phrase directly and has two or more words.
        starts = [t.start() for t in re.finditer(r"\S+", run)]
        words = run.split()
        for i, word in enumerate(words):
            start = m.start() + starts[i]
            before = text[max(0, start - 40):start]
            if _CONTACT_BEFORE.search(before) and (
                    len(words) - i >= 2 or is_first_name(word)):
                break
        else:
            return run
        name = text[start:m.end()]
        if _ROLE_BEFORE.search(before):
            return run
        # "Per Aarsleff A/S", "Niels Brock Skole": a name that is part of an organisation
        if _ORG_WORDS.search(name) or _ORG_SUFFIX.match(text, m.end()) or \
                _known(name, keep):
            return run
        return run[: start - m.start()] + NAME_TAG

    if not _CONTACT_WORD.search(text):
        return text
    return _PERSON.sub(sub, text)


_CONTACT_WORD = re.compile(r"(?i)kontakt|ring|skriv|henvendelse|spørgsmål|hedder|navn|"
                           r"undertegnede")


# A street address: "Skovvej 12", "Nørregade 3B, 2. th." - taken only where it stands as
# contact data: after "bor på"/"adresse" or before a postcode ("Skovvej 12, 3200
# Helsinge"); the postcode and town stay (a place, not a person). A road named in an
# opinion ("cykelstien langs Helsingevej") has no number and stays.
_STREET = (r"(?:[A-ZÆØÅ][a-zæøåé]+[ \t-])?[A-ZÆØÅ][a-zæøåé]*(?:vej|gade|allé|alle|vænge|"
           r"vænget|stræde|boulevard|torv|plads|stien|park|parken|toften|engen|bakken|"
           r"haven|lund|høj|holm|gyde|kvarter)[ \t]+\d{1,4}(?!\d)(?:[ \t]?[A-Za-z]\b)?"
           r"(?:,?[ \t]+\d{1,2}\.[ \t]*(?:th|tv|mf|sal)\b\.?)?")
_ADDRESS = re.compile(
    r"(?P<lead>(?i:\bbor\s+(?:på|i)|\badresse(?:n)?\s*(?:er|:)?|\bbopæl\s*:?)[ \t]+)"
    r"(?P<a>" + _STREET + r")"
    r"|(?P<b>" + _STREET + r")(?=,?[ \t]+\d{4}[ \t]+[A-ZÆØÅ])")


def redact_addresses(text: str) -> str:
    """Replace a street and house number where they stand as contact data by [ADRESSE]."""
    if not _DIGIT.search(text):
        return text
    return _ADDRESS.sub(lambda m: (m.group("lead") or "") + ADDRESS_TAG, text)


# "Høringssvar fra Kenneth Madsen": an e-mail subject or a letter's subject line
_SUBJECT_FROM = re.compile(
    r"(?i:\b(?:høringssvar|svar|henvendelse|input|bemærkninger|kommentarer|indsigelse|"
    r"mail|brev)\s+fra)[ \t]+(?P<name>" + _NAME + r")")


def redact_subject(text: str, keep: frozenset[str] = frozenset(),
                   names: frozenset[str] = NO_NAMES) -> str:
    """``redact`` plus the sender's name after "Høringssvar fra ..." (context: the
    subject of a letter or an e-mail); an organisation or known name stays."""
    def sub(m: re.Match[str]) -> str:
        name = m.group("name")
        if _ORG_WORDS.search(name) or _ORG_END.search(name) or _known(name, keep) or (
                " " not in name and not is_first_name(name)):
            return m.group(0)
        return m.group(0)[: m.start("name") - m.start()] + NAME_TAG

    return _SUBJECT_FROM.sub(sub, redact(text, keep, names)) if text else text


# --- the run's own list of private persons' names -----------------------------------------
# Names found where they stand as a private person's (a sign-off, a contact phrase, a
# participant list, a private person in a survey's organisation column) are redacted
# wherever they occur in the run, and the final guard looks for them as literal strings:
# a check that does not share the patterns' blind spots. The list is data of one run: the
# stages hand it on in their results (``IngestResult.private_names`` ->
# ``CleanResult.private_names`` -> ``RunTables.private_names``); it lives in memory only
# and is never written anywhere (it is personal data itself). These two functions are
# pure: two runs in one process never see each other's names.
def name_list(names: Iterable[str]) -> frozenset[str]:
    """Private persons' names as the run keeps them: whitespace collapsed, two or more
    words (a lone first name would redact every namesake), no placeholder."""
    out = (" ".join(str(n).split()) for n in names)
    return frozenset(n for n in out if len(n.split()) >= 2 and NAME_TAG not in n)


def organisation_key(name: object) -> str:
    """An organisation's name as the whole run compares it: case, spacing and a trailing
    dot folded ("Movia.", " movia" and "MOVIA" are one sender). One definition for the
    voices, redaction's ``keep`` list, the readers and the høringsnotat, so that no two of
    them count or protect the same sender differently."""
    if name is None or (isinstance(name, float) and name != name):   # None, NaN: empty
        return ""
    return " ".join(str(name).split()).rstrip(".").rstrip().casefold()


def is_private_sender(name: object) -> bool:
    """A sender value that names no organisation ("Privat", "Borger", "Anonym", empty):
    the sender is a private person (``PRIVATE_SENDERS``)."""
    return organisation_key(name) in PRIVATE_SENDERS


def organisation_keys(names: Iterable[str]) -> frozenset[str]:
    """Known organisation names as redaction compares them (``organisation_key``):
    what ``keep`` holds. "Privat", "borger" and the like are no organisation."""
    keys = (organisation_key(n) for n in names)
    return frozenset(k for k in keys if k and not is_private_sender(k))


def known_organisations(records: Any, regional_actors: Iterable[str] = (),
                        extra: Iterable[str] = ()) -> frozenset[str]:
    """Organisation names redaction must keep even when they look like a person's
    ("Niels Brock"): the senders the manifests declare (``records``, RECORD_COLUMNS), the
    config's regional actors and ``extra`` (the manifests' invited organisations). One
    list for ingest's names and clean's, so both keep the same organisations."""
    written = records.loc[records["source_type"].astype(str).eq("written"), "organisation"]
    return organisation_keys([*written.dropna().astype(str), *regional_actors, *extra])


def redact_table(df: Any, names: frozenset[str],
                 columns: Iterable[str] = ("message", "value")) -> Any:
    """A table (problem lines) with the run's private names taken out of ``columns``:
    a line written before the run learned a name may quote it."""
    if not names or df.empty:
        return df
    return df.assign(**{c: df[c].fillna("").map(
        lambda v: redact_known_names(v, names)).astype("string") for c in columns})


def keep_known(names: Iterable[str], keep: frozenset[str]) -> frozenset[str]:
    """``names`` without known organisations (``keep``, casefolded, "niels brock"): a
    sender named like a person that the manifest declares as an organisation stays."""
    return frozenset(n for n in names if not _known(n, keep))


@lru_cache(maxsize=32)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alts = sorted((r"[ \t]+".join(map(re.escape, n.split())) for n in names), key=len,
                  reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


_ASCII_DA = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


@lru_cache(maxsize=8)
def file_name_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """The names as file names write them, in one pattern: "kenneth_madsen",
    "Kenneth-Madsen", "kenneth.madsen", "KennethMadsen", "soeren_joergensen" (any case,
    ø as oe, æ as ae, å as aa)."""
    if not names:
        return None
    def form(name: str) -> str:
        return r"[\s_.\-]*".join(
            "(?:" + "|".join(sorted({re.escape(p), re.escape(p.translate(_ASCII_DA))})) + ")"
            for p in name.split())
    alts = sorted((form(n) for n in names), key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(alts) + r")(?![^\W\d_])",
                      re.IGNORECASE)


def _private_name_hits(text: str, names: frozenset[str]) -> list[re.Match[str]]:
    """Occurrences of ``names`` in ``text``, except after a public role ("borgmester")."""
    pat = _names_pattern(names)
    if pat is None or not text:
        return []
    return [m for m in pat.finditer(text)
            if not _ROLE_BEFORE.search(text[max(0, m.start() - 40):m.start()])]


def redact_known_names(text: str, names: frozenset[str] = NO_NAMES) -> str:
    """Replace the run's private names (``names``, see ``name_list``) by [NAVN]."""
    hits = _private_name_hits(text, names)
    for m in reversed(hits):
        text = text[: m.start()] + NAME_TAG + text[m.end():]
    return text


def looks_like_private_person(value: str) -> bool:
    """Is a cell a personal name (an organisation column, a speaker): two or three
    capitalised words, no organisation word ("Kenneth Madsen", "Bettina Holm, privat")?

    Not limited to FIRST_NAMES: the caller knows the context (a survey's organisation
    column, a meeting's speaker) and checks known organisations and municipalities.
    """
    v = " ".join((value or "").split()).rstrip(".,")
    v = _PRIVATE_MARK.sub("", v).strip()
    if not v or _ORG_WORDS.search(v) or _ORG_END.search(v) or _ORG_SUFFIX.search(" " + v):
        return False
    words = v.split()
    return 2 <= len(words) <= 3 and all(re.fullmatch(_CAP, w) for w in words)


# ", privat", "(borger)": a private person says so, after the name or before it
# ("Borger, Jens Peter Holm", "Privatperson: Kirsten Holm"), as survey cells are typed
_PRIVATE_MARK = re.compile(r"(?i)[ \t]*(?:,|\(|-|–)[ \t]*(?:privat(?:person)?|borger|beboer)"
                           r"\)?$|^(?:privat(?:person)?|borger|beboer)[ \t]*(?:,|:|-|–)[ \t]*")


def is_marked_private(value: str) -> bool:
    """"Bettina Holm, privat", "Jens Hansen (borger)", "Borger, Jens Peter Holm": a cell
    that says it is a person.

    A mark *before* the words counts only when they open with a Danish first name:
    "Beboer, Ørestad Syd" and "Borger - Hovedstadens Letbane" say where or with whom the
    respondent is, and learning "Ørestad Syd" as a private name would redact the place in
    every text of the run. A mark after the words is the respondent speaking of
    themselves ("Bettina Holm, privat") and counts as before."""
    v = " ".join((value or "").split()).rstrip(".,")
    m = _PRIVATE_MARK.search(v)
    if not m:
        return False
    if m.start() == 0 and m.end() < len(v):      # the leading form
        rest = v[m.end():].split()
        return bool(rest) and is_first_name(rest[0])
    return True


def is_known(name: str, keep: frozenset[str]) -> bool:
    """Is ``name`` a known organisation (``keep``, casefolded) or does it carry an
    organisation word ("Kommune", "A/S", "...forening", "...foreningen")? With an empty
    ``keep``: does the name itself say it is an organised body."""
    return _known(name, keep) or bool(_ORG_WORDS.search(name) or _ORG_END.search(name))


def is_private_name(name: str, keep: frozenset[str] = frozenset(),
                    organisations: Iterable[re.Pattern[str]] = ()) -> bool:
    """Is a sender's or speaker's name a private person's? A person-like name no one
    knows as an organisation (``is_unknown_person_like``) that opens with a first name
    (``is_first_name``) or says it is a person ("..., privat").

    Why the first name: "Visit Nordsjælland", "Wonderful Copenhagen" and "Hovedstadens
    Letbane" are two capitalised words too; taking them for persons removes an
    organisation from every text of the run. This is the decision wherever a name
    stands in a field that asks for an organisation (a survey's organisation column, a
    meeting's speaker): there a value is an organisation unless it shows it is a person.
    A bundle's heading asks for no organisation (``is_unknown_person_like``).
    """
    marked = is_marked_private(name)
    name = strip_private_mark(name)
    if not is_unknown_person_like(name, keep, organisations):
        return False
    return marked or is_first_name(name.split()[0])


def is_unknown_person_like(name: str, keep: frozenset[str] = frozenset(),
                           organisations: Iterable[re.Pattern[str]] = ()) -> bool:
    """Could a name be a person's, and does nothing say it is an organisation? Two or
    three capitalised words, no organisation word or form, no known organisation
    (``keep``, casefolded: the manifests' senders and invited organisations, the
    regional actors), nothing ``organisations`` (the configured stakeholder patterns)
    matches - whatever the first name.

    Why without the first name, for a bundle's heading ("Høringssvar fra Mohammed
    Ali"): most responses to a consultation are citizens', and no list holds every
    first name; an unrecognised citizen was an organisation and the name reached the
    report. An organisation taken for a person loses its name until the analyst
    declares it; a name that reached the report cannot be taken back.
    """
    name = strip_private_mark(name)
    return looks_like_private_person(name) and not is_known(name, keep) and \
        not any(pat.search(name) for pat in organisations) and not _organisation_shape(name)


# words Danish bodies and brands are named with, never a person, beyond ``_ORG_WORDS``
# (which ``looks_like_private_person`` has already ruled out) and the genitive rule below:
# "Visit Nordsjælland", "Wonderful Copenhagen", "Copenhagen Capacity", "Greater Copenhagen"
_BRAND_WORDS = frozenset({
    "visit", "copenhagen", "capacity", "greater", "wonderful", "nordic", "gruppen",
    "regions", "city", "øresund", "metro", "letbane", "letbanen", "beredskab", "varme",
    "turisme", "kultur", "natur", "miljø", "fonden", "alliance", "hub", "lab", "labs",
    "akademi", "campus"})


def _organisation_shape(name: str) -> bool:
    """Evidence in the words themselves that a capitalised name is an organisation's: a
    word of ``_BRAND_WORDS``, or a first word in the genitive that is no first name
    ("Hovedstadens Letbane", "Furesøs Vandråd"). Why: a bundle's heading sender of no
    known first name is taken for a private person (privacy first), and without this
    "Wonderful Copenhagen" and "Hovedstadens Beredskab" were redacted in every letter of
    the run until the analyst declared them."""
    words = [w.casefold() for w in name.split()]
    if any(w in _BRAND_WORDS for w in words):
        return True
    first = words[0] if words else ""
    return len(first) > 3 and first.endswith("s") and not is_first_name(first) \
        and not is_first_name(first[:-1])


def strip_private_mark(value: str) -> str:
    """"Bettina Holm, privat" -> "Bettina Holm"."""
    return _PRIVATE_MARK.sub("", " ".join((value or "").split()).rstrip(".,")).strip()


def _known(name: str, keep: frozenset[str]) -> bool:
    """Is ``name`` (or its start) a known organisation ("Niels Brock", "Niels Brock.")?
    Compared as ``organisation_key`` folds it, like ``keep`` was built."""
    low = organisation_key(name)
    if not keep:
        return False
    # its first 1, 2, ... words looked up (not every key scanned: this runs for every
    # person-like name of a run); ``organisation_key`` joins words with single spaces
    words = low.split(" ")
    return any(" ".join(words[:n]) in keep for n in range(1, len(words) + 1))


def redact(text: str, keep: frozenset[str] = frozenset(),
           names: frozenset[str] = NO_NAMES) -> str:
    """Replace all personal data in ``text``; idempotent (tags are not re-matched).

    ``keep``: known organisation names (casefolded) that look like a person's name.
    ``names``: the run's private persons' names (``name_list``), replaced wherever they
    stand; without them only the patterns apply.
    """
    if not text:
        return text
    text = redact_emails(text)
    text = redact_cpr(text)
    text = redact_phones(text)
    text = redact_addresses(text)
    text = redact_signature_names(text, keep)
    text = redact_inline_names(text, keep)
    return redact_known_names(text, names)


def count_redactions(before: str, after: str) -> dict[str, int]:
    """How many placeholders of each kind ``redact`` put in (never the values)."""
    out = {}
    for tag in REDACTION_TAGS:
        n = after.count(tag) - before.count(tag)
        if n > 0:
            out[tag.strip("[]")] = n
    return out


def looks_like_person(value: str) -> bool:
    """True when a field value (organisation, respondent) is a private person's name.

    Requires 2-4 capitalised words starting with a common Danish first name and no
    organisation word, so "Dansk Industri" or "Gribskov Kommune" are never taken.
    """
    v = (value or "").strip().rstrip(".,")
    if not v or _ORG_WORDS.search(v):
        return False
    m = _PERSON.fullmatch(v)
    if not m or " " not in v:
        return False
    return is_first_name(v.split()[0])


def redact_field(value: str, keep: frozenset[str] = frozenset(),
                 names: frozenset[str] = NO_NAMES) -> str:
    """Redact a short field (organisation, respondent id): the whole value if a person,
    otherwise ``redact`` with the run's ``names`` (an e-mail typed into the organisation
    cell); a known organisation (``keep``) is kept."""
    if value is None:
        return value
    s = str(value)
    if _known(s.strip(), keep):
        return redact(s, keep, names)
    if looks_like_person(s):
        return NAME_TAG
    # "Jens Hansen, borger" / "Jens Hansen (privat)"
    head = re.split(r"[,(;/]", s, maxsplit=1)[0]
    if head != s and looks_like_person(head):
        return NAME_TAG + s[len(head):]
    # "Borger, Jens Peter Holm" / "Privatperson: Kirsten Holm": the mark stays, the name goes
    lead = _PRIVATE_MARK.match(s.strip())
    if lead and looks_like_person(s.strip()[lead.end():]):   # a first name: see above
        return s.strip()[:lead.end()] + NAME_TAG
    return redact(s, names=names)


_NAME2 = _CAP + r"(?:[ \t]+(?:[A-ZÆØÅ]\.[ \t]*)?" + _CAP + r"){1,3}"
_SCAN_NAME_FIELD = re.compile(
    r"(?i)\b(?:kontaktperson|navn)[ \t]*:[ \t]*(?!\[NAVN\])(?-i:" + _NAME + r")")
# a two-to-four-word name alone on its line (or before a comma) right after a closing
_SCAN_CLOSING = re.compile(
    r"(?im)\b(?:med\s+venlig\s+hilsen|venlig\s+hilsen)[ \t]*,?[ \t]*(?:\n[ \t]*){0,2}"
    r"(?!\[NAVN\])(?-i:" + _NAME2 + r")[ \t]*(?:$|,)")


def scan_pii(text: str, names: frozenset[str] = NO_NAMES) -> list[str]:
    """Kinds of personal data still present in ``text`` (empty list = clean).

    Returns one label per hit ("EMAIL", "TELEFON", "CPR", "NAVN", "ADRESSE") and never
    the matched text itself, so that a guard that logs its findings cannot leak what it
    found. Besides the patterns, the private names of the run (``names``) are looked for
    as literal strings: an independent check. Tables read back from disk carry no such
    list (it is never written), so a scan of them has the patterns only.
    """
    if not text:
        return []
    found: list[str] = ["NAVN"] * len(_private_name_hits(text, names))
    found += ["ADRESSE"] * len(_ADDRESS.findall(text))
    found += ["EMAIL"] * len(_EMAIL.findall(text))
    found += ["CPR" for m in _CPR.finditer(text)
              if _valid_cpr_date(m.group(1), m.group(2), m.group(3))]
    found += ["TELEFON" for m in _PHONE.finditer(text) if _is_phone(m, text)]
    for m in _SCAN_NAME_FIELD.finditer(text):
        if not _ORG_WORDS.search(m.group(0)):
            found.append("NAVN")
    for m in _SCAN_CLOSING.finditer(text):
        tail = m.group(0)
        if not _ORG_WORDS.search(tail):
            found.append("NAVN")
    return found


_TOKEN = re.compile(r"\[[A-Z]+\]|\w+|\s+|[^\w\s]")


def replaced_names(before: str, after: str) -> list[str]:
    """The texts ``redact`` replaced by [NAVN] (``after`` = ``redact(before)``), to add
    them to the run's list of private names (``name_list``). Compares word tokens, so a name and its tag
    align as one replaced run."""
    if after.count(NAME_TAG) <= before.count(NAME_TAG):
        return []
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and NAME_TAG in b[j1:j2]:
            out.append("".join(a[i1:i2]).strip(" \t\n,.;:/"))
    return [n for n in out if n]


def person_key(round_id: str, source_file: str, name: str) -> str:
    """A named person's voice key: a hash, so that the name never leaves the stage that
    read it (meeting participants, private speakers)."""
    digest = hashlib.sha1(f"{round_id}\x1f{source_file}\x1f{name.casefold()}".encode(),
                          usedforsecurity=False).hexdigest()[:12]
    return f"person:{digest}"
