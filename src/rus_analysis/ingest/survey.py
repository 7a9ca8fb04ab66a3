"""Survey exports (.xlsx, .csv; wide or long) and post-it tables (.csv, .xlsx).

Why one record per non-empty answer, whatever it says: whether "ved ikke" or "-" is an
answer is a cleaning decision that must show up in the accounting; if ingest dropped it,
nobody could count it. Empty cells make no record but are counted per file.

Why every free-text column is read: the manifest an analyst writes first has no
``columns:`` block, and survey tools add columns nobody announced. ``columns.judge_column``
decides from the values; a column that is not read as a question (fixed choices,
contact details, excluded) is named in a problem line with the reason. Fixed-choice
answers become the respondent's attributes (``context``), never statements.

Two layouts, as Danish survey tools export them: wide (one row per respondent, one column
per question) and long (one row per answer, with respondent, question and answer columns,
as SurveyXact and Enalyzer can export). A long export is turned into the same questions
and respondents, so both are judged and read by the same code.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

from rus_analysis.consent import (
    answer_kind,
    is_consent_header,
    mentions_quoting,
)
from rus_analysis.ingest.columns import SAMPLE_ROWS, is_open_answer, judge_column
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.manifest import COLUMN_ROLES, CONTACT_ROLE, SourceSpec, parse_date
from rus_analysis.ingest.records import LONG_TEXT_CHARS, RecordSink, context_json, slug
from rus_analysis.ingest.tables import (
    FIGURE,
    Table,
    norm_header,
    open_csv,
    open_xlsx,
    sheet_loc,
    sheet_txt,
)

log = logging.getLogger("rus_analysis.ingest")

# Header names (normalised, see norm_header) that say which role a column has.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent id", "respondentid", "respondent", "id", "svar id", "svarid",
                      "besvarelses id", "besvarelse id", "besvarelsesid", "response id",
                      "responseid", "respondent nr", "respondentnummer", "løbenummer", "nr",
                      "respondent no", "deltager id", "deltagerid"),
    "date": ("besvarelsesdato", "dato", "date", "svardato", "indsendt", "submitted",
             "submitted at", "timestamp", "tidsstempel", "tidspunkt", "afsluttet",
             "besvaret", "response date", "end date", "start date", "startdato", "slutdato",
             "fuldførelsestidspunkt", "completion time"),   # Microsoft Forms: submitted
    "municipality": ("kommune", "municipality", "hvilken kommune", "din kommune",
                     "kommunenavn", "hjemkommune", "kommune by", "by kommune",
                     "bopælskommune"),
    "organisation_type": ("organisationstype", "organisation type", "organization type",
                          "type af organisation", "organisationens type", "aktørtype",
                          "aktør type", "type", "rolle", "din rolle", "role"),
    "organisation": ("organisation", "organization", "organisationens navn",
                     "navn på organisation", "organisationsnavn", "virksomhed", "myndighed",
                     "organisation navn", "afsender", "arbejdsplads"),
}
# Role columns asked as questions ("Hvilken kommune repræsenterer du?"): matched by how the
# header starts, and only when the header is short, so a free-text question that merely
# mentions a municipality is not taken for the municipality column.
ROLE_PREFIXES: dict[str, tuple[str, ...]] = {
    "organisation_type": ("hvilken type organisation", "hvilken type af organisation",
                          "type af organisation", "what type of organisation",
                          "what type of organization", "hvad er din rolle"),
    "municipality": ("hvilken kommune", "which municipality", "din kommune",
                     "i hvilken kommune", "hvor bor du", "bopæl", "where do you live"),
    "organisation": ("hvilken organisation", "navn på din organisation",
                     "organisationens navn", "which organisation", "which organization"),
}
MAX_ROLE_QUESTION = 70
# long exports: the columns that make a row an answer (Netigate and Enalyzer write the
# names in one word: "QuestionText", "AnswerText")
LONG_ALIASES: dict[str, tuple[str, ...]] = {
    "question_id": ("spørgsmål id", "spørgsmålsid", "spørgsmåls id", "question id",
                    "questionid", "variabel", "variable", "spm id", "item id"),
    "question": ("spørgsmål", "spørgsmålstekst", "question", "question text", "questiontext",
                 "tekst", "label"),
    "answer": ("svar", "answer", "besvarelse", "værdi", "value", "response", "svartekst",
               "answertext", "answer text", "svar tekst"),
}
WORKSHOP_ALIASES: dict[str, tuple[str, ...]] = {
    "bord": ("bord", "bordnummer", "bord nr", "table", "gruppe"),
    "overskrift": ("overskrift", "tema", "heading", "theme", "emne"),
    "tekst": ("tekst", "text", "post it", "postit", "post it tekst", "note"),
    "kommune": ("kommune", "municipality"),
}


@dataclass
class FileStats:
    """What the per-file info table reports about a read."""

    encoding: str = ""
    delimiter: str = ""
    header_row: int | None = None
    sheet: str = ""
    n_empty_cells: int = 0


@dataclass
class Question:
    """A column (wide) or a question id (long) that is read as free-text answers."""

    key: int | str          # column index (wide) or question id (long)
    qid: str                # short id in locators and ``question_id``
    text: str               # the question as the respondent saw it


# a choice column as _classify found it: its label, locator and why it holds choices
Choice = tuple[str, str, str]
# a choice column some answered with sentences: the question they answer, and its options
OpenChoice = tuple[Question, frozenset[str]]


@dataclass
class Layout:
    """What each column (or question id) of a survey is."""

    roles: dict[str, int | str] = field(default_factory=dict)
    questions: list[Question] = field(default_factory=list)
    attributes: dict[int | str, str] = field(default_factory=dict)   # key -> name


def _all_aliases(aliases: dict[str, tuple[str, ...]]) -> set[str]:
    return {a for names in aliases.values() for a in names}


def _open(path: Path, spec: SourceSpec, ctx: FileContext, wanted: set[str], max_mb: float,
          sheet: str | None = None) -> Table:
    if spec.format == "xlsx":
        return open_xlsx(path, ctx, wanted, sheet=sheet or spec.sheet,
                         header_row=spec.header_row)
    return open_csv(path, ctx, wanted, encoding=spec.encoding, delimiter=spec.delimiter,
                    header_row=spec.header_row, max_mb=max_mb)


def _missing(ctx: FileContext, table: Table, what: str) -> None:
    found = ", ".join(f"'{h}'" for h in table.header if h) or "none"
    sheet = f"sheet '{table.sheet}', " if table.sheet else ""
    ctx.problem("missing_column", f"{sheet}header row {table.header_row}: {what}; "
                f"columns found: {found}", locator=f"row={table.header_row}")
    raise FileRejected


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> str | None:
    """Respondent date as ISO text: ISO, or the Danish forms (dd-mm-yyyy, 2/2-2026,
    "28. jan. 2026"); a time after the date is ignored."""
    t = text.strip()
    m = re.match(r"\d{4}-\d{2}-\d{2}", t)
    if m:
        return parse_date(m.group(0))[0]
    t = re.sub(r"\s+(kl\.?\s*)?\d{1,2}[:.]\d{2}(:\d{2})?$", "", t)
    return parse_date(t)[0]


def read_survey(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                max_mb: float, sheet: str | None = None,
                labels: dict[str, str] | None = None) -> FileStats:
    """Read one survey table (one sheet of a workbook): one record per non-empty answer.

    Column roles come from the manifest's ``columns:`` mapping where given, else from
    header names (ROLE_ALIASES). A long export (respondent, question, answer columns) is
    read as its questions. ``source_date`` is the respondent's date where there is one.
    ``labels``: coded header -> question text, from the workbook's codebook sheet
    (``codebook.find_codebooks``); a header the manifest names keeps its code.
    """
    wanted = {norm_header(h) for h in (*spec.columns.values(), *spec.questions)}
    table = _open(path, spec, ctx, wanted, max_mb, sheet)
    if labels:
        named = wanted | {norm_header(h) for h in spec.exclude}
        table.header = [h if norm_header(h) in named else labels.get(h) or h
                        for h in table.header]
    table.rows = _without_totals(table.rows, table, ctx)
    try:
        if table.sub_header_row is not None:
            ctx.problem("two_header_rows", f"{sheet_txt(table)}rows {table.header_row} and "
                        f"{table.sub_header_row} are one header: a question over several "
                        "columns and its sub-items below; each of those columns is read as "
                        "'<question> - <sub-item>'", severity="info",
                        locator=sheet_loc(table) + f"rows={table.header_row}-"
                        f"{table.sub_header_row}", value=f"header_row={table.header_row}")
        if table.header_row > 1 and table.title:
            ctx.problem("title_rows", f"{sheet_txt(table)}the header is row "
                        f"{table.header_row}; {table.header_row - 1} row(s) above it hold a "
                        f"title ('{table.title[:60]}'), not answers", severity="info",
                        locator=sheet_loc(table) + f"rows=1-{table.header_row - 1}",
                        value=f"header_row={table.header_row}")
        keys = [norm_header(h) for h in table.header]
        long = _long_columns(keys, spec)
        if long is not None:
            return _read_long(table, keys, long, spec, ctx, sink)
        return _read_wide(table, keys, spec, ctx, sink)
    finally:
        if table.close:
            table.close()


# the label of an export's total row: "I alt", "Total", "Sum", "Antal svar"
TOTAL_LABEL = re.compile(r"(?i)^(?:i alt|total[t]?|sum|samlet|antal(?: svar| besvarelser)?|"
                         r"grand total|n)\s*:?$")


def _without_totals(rows: Iterator[tuple[int, list[str]]], table: Table, ctx: FileContext
                    ) -> Iterator[tuple[int, list[str]]]:
    """The table's rows without a total row, each one reported (``total_row``).

    Why: Excel exports end with a row "I alt" and the count of answers per column; read
    as a respondent, its counts ("23") became answers to every free-text question. A
    total row is its label ("I alt", ``TOTAL_LABEL``) in the first filled cell and only
    counts or percentages in every other filled cell; it is nobody's answer.
    """
    for rowno, row in rows:
        filled = [c.strip() for c in row if c.strip()]
        if len(filled) >= 2 and TOTAL_LABEL.match(filled[0]) and \
                all(FIGURE.match(c) for c in filled[1:]):
            ctx.problem("total_row", f"{sheet_txt(table)}row {rowno} is a total row "
                        f"('{filled[0]}' and {len(filled) - 1} counts); it is not a "
                        "respondent and was not read", severity="info",
                        locator=sheet_loc(table) + f"row={rowno}", value=filled[0])
            continue
        yield rowno, row


# "Q1. Hvor bor du?", "3) Kommune", "Spørgsmål 2: ...": numbering is no part of a header
QUESTION_NUMBER = re.compile(r"^(?:q|spm|spørgsmål|question)?\s*\d+[a-z]?(?:\s|[._):-])+",
                             re.IGNORECASE)


def _unnumbered(key: str) -> str:
    return QUESTION_NUMBER.sub("", key).strip()


def _find_roles(keys: list[str], headers: list[str], spec: SourceSpec, ctx: FileContext,
                table: Table, skip: set[int]) -> dict[str, int]:
    """Role -> column index: the manifest's mapping, then header aliases and prefixes
    (question numbering such as "Q1." left out)."""
    role_col: dict[str, int] = {}
    for role, header in spec.columns.items():
        if role not in COLUMN_ROLES:
            continue
        k = norm_header(header)
        if k not in keys:
            _missing(ctx, table, f"the column '{header}' (columns.{role} in manifest.yaml) "
                     "is not in the file")
        role_col[role] = keys.index(k)
    taken = set(role_col.values()) | skip
    declared = {norm_header(q) for q in spec.questions}
    keys = [_unnumbered(k) for k in keys]
    for role in COLUMN_ROLES:
        if role in role_col:
            continue
        for i, k in enumerate(keys):
            if k in ROLE_ALIASES[role] and i not in taken and k not in declared:
                role_col[role] = i
                taken.add(i)
                break
    for role, prefixes in ROLE_PREFIXES.items():
        if role in role_col:
            continue
        for i, k in enumerate(keys):
            if (i not in taken and len(k) <= MAX_ROLE_QUESTION and k.startswith(prefixes)
                    and k not in declared):
                role_col[role] = i
                taken.add(i)
                break
    return role_col


def _classify(ctx: FileContext, table: Table, items: list[tuple[int | str, str, list[str]]],
              spec: SourceSpec, where: str
              ) -> tuple[list[Question], dict[int | str, str], dict[int | str, Choice],
                         set[int | str], dict[int | str, OpenChoice]]:
    """Questions and attributes among non-role columns (``items``: key, header, sample).

    Manifest ``columns.questions`` are read as they are named; every other column is
    judged by its values and reported unless it is read as a question the manifest
    names. ``where`` prefixes the locator (the sheet). Choice columns are returned, not
    reported: their problem line counts the answers kept as attributes, which is known
    only when all rows are read (``_report_choices``). The last item is the columns of
    people's names (Microsoft Forms' "Navn"): the caller adds every value to the run's
    private names, so a respondent who signs an answer is redacted there too. Choice
    columns that some answered with a sentence (``columns.is_open_answer``) are returned
    with their question and options, so the caller reads those cells as statements.
    """
    declared = {norm_header(h): qid for h, qid in spec.questions.items()}
    excluded = {norm_header(h) for h in spec.exclude}
    used_ids = set(declared.values())
    questions: list[Question] = []
    attributes: dict[int | str, str] = {}
    choices: dict[int | str, Choice] = {}
    names: set[int | str] = set()
    opens: dict[int | str, OpenChoice] = {}
    n = 0
    for key, header, sample in items:
        k = norm_header(header)
        label = header or f"column {key}"
        loc = f"{where}col={label}"
        if k in declared:
            questions.append(Question(key, declared[k], header))
            continue
        if k in excluded or (isinstance(key, str) and key in spec.exclude):
            ctx.problem("column_excluded", f"{sheet_txt(table)}column '{label}' is listed "
                        "under columns.exclude in manifest.yaml; it was not read",
                        severity="info", locator=loc, value=label)
            continue
        verdict = judge_column(header, sample)
        if verdict.kind == "contact":
            if verdict.names:
                names.add(key)
            ctx.problem("contact_column", f"{sheet_txt(table)}column '{label}' holds "
                        f"contact details ({verdict.why}); it was not read, so no personal "
                        "data reaches the outputs", severity="info", locator=loc, value=label)
            continue
        if verdict.kind == "choice":
            choices[key] = (label, loc, verdict.why)
            attributes[key] = header or str(key)
            if verdict.options is None:
                continue
        elif not header and not any(v.strip() for v in sample):
            continue   # an empty column without a header: nothing to read
        if isinstance(key, str) and not spec.questions:
            qid = key   # a long export's own question id
        elif spec.questions:
            qid = slug(header) or f"col{key}"
            ctx.problem("undeclared_column", f"{sheet_txt(table)}column '{label}' is not "
                        "listed under columns.questions in manifest.yaml but holds free "
                        f"text; it was read as question '{qid}'", severity="info",
                        locator=loc, value=label)
        else:
            n += 1
            while f"q{n}" in used_ids:
                n += 1
            qid = f"q{n}"
        used_ids.add(qid)
        if verdict.options is not None:
            opens[key] = (Question(key, qid, header), verdict.options)
        else:
            questions.append(Question(key, qid, header))
    _report_unread_consent(ctx, table, items, attributes)
    return questions, attributes, choices, names, opens


def _report_choices(ctx: FileContext, table: Table, choices: dict[int | str, Choice],
                    counts: dict[int | str, int]) -> None:
    """One problem line per choice column, with the number of answers not read.

    Why the count: "its answers are kept as attributes" does not tell the analyst that 40
    answers are not statements; a number they can check against the file does.
    """
    for key, (label, loc, why) in choices.items():
        k = counts.get(key, 0)
        ctx.problem("choice_column", f"{sheet_txt(table)}column '{label}' holds fixed "
                    f"choices ({why}); its {k} answer{'s' if k != 1 else ''} are kept as "
                    "respondent attributes and were not read as statements",
                    severity="info", locator=loc, value=label)


def _consent_names(attributes: dict[int | str, str]) -> list[str]:
    """The attribute names that hold consent to quote (``consent.is_consent_header``)."""
    return [name for name in attributes.values() if is_consent_header(name)]


def _report_consent(ctx: FileContext, table: Table, names: list[str],
                    answers: list[dict[str, str]]) -> None:
    """One problem line per file that asks for consent to quote: the column, and how many
    respondents (of those whose answers were read) did not give it.

    Why a line even when everyone said yes: the analyst should know the report withholds
    quotes because of this column, and that an empty answer counts as no. A yes with a
    condition ("Ja, men ikke med navn") is counted on its own, with examples: it is the
    answer an analyst is most likely to expect quoted.
    """
    if not names:
        return
    kinds = Counter(_respondent_consent([a.get(n, "") for n in names]) for a in answers)
    refused = len(answers) - kinds["yes"]
    cols = " and ".join(f"'{n}'" for n in names)
    # counts only, never the answers' words: a condition can name a person ("Ja, men nævn
    # ikke Jens Hansen"), and this line reaches run.log
    cond = (f", {kinds['conditional']} gave a yes with a condition (such as 'Ja, men ikke "
            "med navn' or 'Ja, anonymt'), which counts as no since the tool cannot keep it"
            if kinds["conditional"] else "")
    ctx.problem(
        "quote_consent",
        f"{sheet_txt(table)}column {cols} asks for consent to quote; {refused} of "
        f"{len(answers)} respondent{'s' if len(answers) != 1 else ''} with answers did not "
        f"consent ({kinds['no']} answered no or not clearly yes{cond}, {kinds['empty']} left "
        "it empty); their answers are counted and analysed but never quoted in the report, "
        "the municipality profiles or the høringsnotat (the workbook keeps the text and "
        "says 'må citeres: nej')", severity="info",
        locator=sheet_loc(table) + f"col={names[0]}", value=names[0])


def _respondent_consent(values: list[str]) -> str:
    """One respondent's consent over the file's consent columns: "yes" when every answer
    is, "empty" when none was given, "conditional" when the only answers short of a yes
    are conditional ones, else "no" (as ``consent.quotable`` decides)."""
    kinds = {answer_kind(v) for v in values}
    for kind in ("no", "conditional"):
        if kind in kinds:
            return kind
    return "yes" if kinds == {"yes"} else "empty" if kinds == {"empty"} else "no"


def _report_unread_consent(ctx: FileContext, table: Table,
                           items: list[tuple[int | str, str, list[str]]],
                           attributes: dict[int | str, str]) -> None:
    """A warning for each column whose header speaks of quoting but which is not read as
    the consent column (``consent.mentions_quoting``).

    Why a warning: a consent question that ``consent.is_consent_header`` does not
    recognise is read as an ordinary question, and every respondent who said no is then
    quoted; that cannot be undone once the report is shared, so the analyst must see it.
    """
    for key, header, _sample in items:
        if not mentions_quoting(header) or (key in attributes and
                                            is_consent_header(attributes[key])):
            continue
        read_as = ("its header is not read as the consent question"
                   if not is_consent_header(header) else
                   "most of its answers are sentences, not ticks, so it is read as a "
                   "question")
        ctx.problem("consent_not_read", f"{sheet_txt(table)}column '{header}' speaks of "
                    f"quoting, but {read_as}; so no answer in it withholds a quote: "
                    "every respondent of this file may be quoted", severity="warning",
                    locator=f"{sheet_loc(table)}col={header or key}", value=header)


def _read_wide(table: Table, keys: list[str], spec: SourceSpec, ctx: FileContext,
               sink: RecordSink) -> FileStats:
    headers = table.header
    for header, _qid in spec.questions.items():
        if norm_header(header) not in keys:
            _missing(ctx, table, f"the question column '{header}' (columns.questions in "
                     "manifest.yaml) is not in the file")
    role_col = _find_roles(keys, headers, spec, ctx, table, set())
    sample = list(islice(table.rows, SAMPLE_ROWS))
    rows: Iterator[tuple[int, list[str]]] = chain(sample, table.rows)
    width = max([len(headers), *(len(r) for _, r in sample)], default=0)
    items = []
    role_idx = set(role_col.values())
    for i in range(width):
        if i in role_idx:
            continue
        header = headers[i] if i < len(headers) else ""
        items.append((i, header, [r[i] for _, r in sample if i < len(r)]))
    questions, attributes, choices, name_cols, opens = _classify(ctx, table, items, spec,
                                                                 sheet_loc(table))
    if not questions and not opens:
        _missing(ctx, table, "no free-text question column (a column of free-text answers, "
                 "or one listed under columns.questions in manifest.yaml)")
    log.info("%s: roles %s, questions %s", ctx.where,
             {r: headers[c] for r, c in role_col.items()}, [q.qid for q in questions])
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row, sheet=table.sheet)
    sheet = sheet_loc(table)
    merged = table.merged
    qcols = {int(q.key) for q in questions}
    tops = set(merged.values())
    top_value: dict[tuple[int, int], str] = {}
    role_items = list(role_col.items())
    attr_items = list(attributes.items())
    attr_count: Counter[int | str] = Counter()
    open_count: Counter[int | str] = Counter()
    consent = _consent_names(attributes)
    consent_answers: list[dict[str, str]] = []   # per respondent whose answers were read
    for rowno, row in rows:
        n = len(row)
        if not any(row) or not "".join(row).strip():
            continue
        roles: dict[str, str] = {}
        for role, c in role_items:
            v = row[c] if c < n else ""
            if merged:
                if (rowno, c + 1) in tops:
                    top_value[(rowno, c + 1)] = v
                elif not v.strip() and (rowno, c + 1) in merged:
                    # A merged cell (e.g. one municipality for several respondents) holds
                    # its value in the top-left cell only; it belongs to every row it spans.
                    v = top_value.get(merged[(rowno, c + 1)], "")
            roles[role] = v.strip()
        for c in name_cols:
            if int(c) < n and row[int(c)].strip():
                ctx.private_name(row[int(c)].strip())
        attrs = {name: row[int(c)].strip() if int(c) < n else "" for c, name in attr_items}
        answers = [(q, row[int(q.key)] if int(q.key) < n else "") for q in questions]
        for c, (q, options) in opens.items():
            v = row[int(c)] if int(c) < n else ""
            if is_open_answer(v, options):
                answers.append((q, v))
                attrs[attributes[c]] = ""    # a statement, not also an attribute
                open_count[c] += 1
        for c, name in attr_items:
            if attrs.get(name):
                attr_count[c] += 1
        respondent = roles.get("respondent_id", "")
        voice = f"resp:{table.sheet}:{respondent or f'row={rowno}'}"
        context = context_json(attrs, keep=consent)
        date = _respondent_date(roles, ctx, f"{sheet}row={rowno}")
        before = len(sink)
        for q, text in answers:
            c = int(q.key)
            if not text or text.isspace():
                if merged and (rowno, c + 1) in merged and \
                        (merged[(rowno, c + 1)][1] - 1) in qcols:
                    continue   # covered by a merged answer to its left/above
                stats.n_empty_cells += 1
                continue
            locator = f"{sheet}row={rowno};col={q.qid}"
            _long_text(ctx, table, text, rowno, q.text, locator)
            sink.add(locator, text, respondent_id=respondent, question_id=q.qid,
                     question=q.text, municipality_raw=roles.get("municipality", ""),
                     organisation=roles.get("organisation", ""),
                     organisation_type_raw=roles.get("organisation_type", ""),
                     source_date=date, voice_key=voice, context=context)
        if consent and len(sink) > before:
            consent_answers.append(attrs)
    _report_choices(ctx, table, choices, attr_count)
    _report_open(ctx, table, opens, open_count)
    _report_consent(ctx, table, consent, consent_answers)
    _no_records(ctx, table, sink, stats)
    return stats


def _report_open(ctx: FileContext, table: Table, opens: dict[int | str, OpenChoice],
                 counts: Counter[int | str]) -> None:
    """One problem line per choice column some respondents answered with sentences."""
    for c, (q, _) in opens.items():
        ctx.problem("open_answers", f"{sheet_txt(table)}column '{q.text or c}' holds fixed "
                    f"choices, but {counts[c]} answer(s) are sentences a respondent "
                    f"wrote; those were read as statements of question '{q.qid}'",
                    severity="info", locator=sheet_loc(table) + f"col={q.text or c}",
                    value=str(counts[c]))


def _respondent_date(roles: dict[str, str], ctx: FileContext, locator: str) -> str | None:
    if not roles.get("date"):
        return None
    date = _iso_date(roles["date"])
    if date is None:
        ctx.problem("date_not_understood", f"{locator}: the date '{roles['date'][:40]}' is "
                    "not a date this reader knows; the source's date was used",
                    severity="warning", locator=locator, value=roles["date"][:40])
    return date


def _long_text(ctx: FileContext, table: Table, text: str, rowno: int, qtext: str,
               locator: str) -> None:
    if len(text) > LONG_TEXT_CHARS:
        ctx.problem("long_text", f"{sheet_txt(table)}row {rowno}, column '{qtext[:60]}': "
                    f"the answer is {len(text):,} characters long; it was kept",
                    severity="warning", locator=locator)


def _no_records(ctx: FileContext, table: Table, sink: RecordSink, stats: FileStats) -> None:
    if not len(sink):
        ctx.problem("no_records", f"{sheet_txt(table)}no answers found below the header "
                    f"(row {table.header_row}); {stats.n_empty_cells} empty answer cells",
                    severity="warning")


# --- long exports --------------------------------------------------------------------------

def _long_columns(keys: list[str], spec: SourceSpec) -> dict[str, int] | None:
    """Column indexes of question id / question / answer when the table is a long export."""
    if spec.layout == "wide":
        return None
    found: dict[str, int] = {}
    for role in ("question_id", "question", "answer"):
        header = spec.columns.get(role)
        if header is not None and norm_header(header) in keys:
            found[role] = keys.index(norm_header(header))
            continue
        for i, k in enumerate(keys):
            if k in LONG_ALIASES[role] and i not in found.values():
                found[role] = i
                break
    if "answer" in found and ("question_id" in found or "question" in found):
        return found
    return None


def _read_long(table: Table, keys: list[str], long: dict[str, int], spec: SourceSpec,
               ctx: FileContext, sink: RecordSink) -> FileStats:
    """One row per answer: pivot to questions, judge them, read the free-text answers."""
    headers = table.header
    role_col = _find_roles(keys, headers, spec, ctx, table, set(long.values()))
    qid_c = long.get("question_id", long.get("question"))
    qtext_c = long.get("question", qid_c)
    ans_c = long["answer"]
    rows = [(n, r) for n, r in table.rows if any(c.strip() for c in r)]

    def cell(r: list[str], c: int | None) -> str:
        return r[c].strip() if c is not None and c < len(r) else ""

    texts: dict[str, str] = {}
    values: dict[str, list[str]] = {}
    for _, r in rows:
        q = cell(r, qid_c)
        if not texts.get(q):   # the first non-empty question text names the question
            texts[q] = cell(r, qtext_c)
        values.setdefault(q, []).append(r[ans_c] if ans_c < len(r) else "")
    background = {qid: role for role, qid in spec.background.items()}
    by_text = {norm_header(t): q for q, t in texts.items()}
    for header, qid in spec.questions.items():
        if qid not in texts and norm_header(header) not in by_text:
            _missing(ctx, table, f"the question '{header}' (columns.questions in "
                     "manifest.yaml) is not among the questions of the export")
    # background questions (municipality, organisation, ...) found by their text
    for q, t in texts.items():
        if q in background:
            continue
        k = norm_header(t)
        for role, prefixes in ROLE_PREFIXES.items():
            if len(k) <= MAX_ROLE_QUESTION and k.startswith(prefixes) and \
                    role not in background.values():
                background[q] = role
    for qid, role in spec.background.items():
        if role not in texts:
            ctx.problem("missing_column", f"background.{qid} names the question id '{role}', "
                        "which is not among the questions of the export",
                        severity="warning", locator=f"key=background.{qid}")
    loc_of = {q: f"question={q};" for q in texts}
    items = [(q, texts[q] or q, values[q]) for q in texts if q not in background]
    # the manifest may name a long export's question by its text or by its id
    spec_long = SourceSpec(**{**spec.__dict__, "questions": {
        (texts.get(v) or k): v for k, v in spec.questions.items()}})
    questions, attributes, choices, name_qs, opens = _classify(ctx, table, items,
                                                               spec_long, "")
    for q in name_qs:
        ctx.private_name(*(v.strip() for v in values[q] if v.strip()))

    def is_open(q: str, text: str) -> bool:
        return q in opens and is_open_answer(text, opens[q][1])

    _report_choices(ctx, table, choices, {q: sum(1 for v in values[q] if v.strip() and
                                                 not is_open(q, v)) for q in choices})
    for q, role in background.items():
        if role == CONTACT_ROLE:
            ctx.problem("contact_column", f"question '{q}' ({texts.get(q, '')[:60]}) is "
                        "declared as contact details (background.contact); its answers were "
                        "not read", severity="info", locator=loc_of.get(q, ""), value=q)
        elif role not in COLUMN_ROLES:
            attributes[q] = role
    # respondent -> roles and attributes, from every row of the respondent
    resp_c = role_col.get("respondent_id")
    date_c = role_col.get("date")
    info: dict[str, dict[str, str]] = {}
    attrs: dict[str, dict[str, str]] = {}
    for n, r in rows:
        rid = cell(r, resp_c) or f"line={n}"
        d = info.setdefault(rid, {})
        for role, c in role_col.items():
            if role not in ("respondent_id",) and cell(r, c):
                d.setdefault(role, cell(r, c))
        q = cell(r, qid_c)
        role = background.get(q)
        if role in COLUMN_ROLES and cell(r, ans_c):
            d.setdefault(role, cell(r, ans_c))
        if q in attributes and cell(r, ans_c) and not is_open(q, cell(r, ans_c)):
            attrs.setdefault(rid, {})[attributes[q]] = cell(r, ans_c)
    consent = _consent_names(attributes)
    answered: dict[str, dict[str, str]] = {}   # respondents whose answers were read
    by_key = {q.key: q for q in questions}
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row, sheet=table.sheet)
    sheet = sheet_loc(table)
    for n, r in rows:
        text = r[ans_c] if ans_c < len(r) else ""
        q = by_key.get(cell(r, qid_c))
        if q is None and is_open(cell(r, qid_c), text):
            q = opens[cell(r, qid_c)][0]
        if q is None:
            continue
        if not text.strip():
            stats.n_empty_cells += 1
            continue
        rid = cell(r, resp_c) or f"line={n}"
        roles = info.get(rid, {})
        locator = f"{sheet}line={n};respondent={rid};question={q.qid}"
        _long_text(ctx, table, text, n, q.text, locator)
        date = _respondent_date({"date": cell(r, date_c)} if date_c is not None else roles,
                                ctx, locator)
        sink.add(locator, text, respondent_id=cell(r, resp_c), question_id=q.qid,
                 question=q.text, municipality_raw=roles.get("municipality", ""),
                 organisation=roles.get("organisation", ""),
                 organisation_type_raw=roles.get("organisation_type", ""),
                 source_date=date, voice_key=f"resp:{table.sheet}:{rid}",
                 context=context_json({**attrs.get(rid, {}), **{
                     k: "" for k in consent if k not in attrs.get(rid, {})}}, keep=consent))
        answered.setdefault(rid, attrs.get(rid, {}))
    _report_open(ctx, table, opens, Counter(q for q in opens for v in values[q]
                                            if is_open(q, v)))
    _report_consent(ctx, table, consent, list(answered.values()))
    _no_records(ctx, table, sink, stats)
    return stats


# --- post-its ------------------------------------------------------------------------------

def read_workshop(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                  max_mb: float) -> FileStats:
    """Post-its (.csv/.xlsx): one record per row with text; table and heading form the
    question; the table is the voice (a table group)."""
    table = _open(path, spec, ctx, _all_aliases(WORKSHOP_ALIASES), max_mb)
    keys = [norm_header(h) for h in table.header]
    col: dict[str, int] = {}
    for role, aliases in WORKSHOP_ALIASES.items():
        for i, k in enumerate(keys):
            if k in aliases:
                col[role] = i
                break
    need = [r for r in ("bord", "overskrift", "tekst") if r not in col]
    if need:
        _missing(ctx, table, f"required column(s) {', '.join(need)} not found (a post-it "
                 "file needs bord, overskrift, tekst and optionally kommune)")
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row, sheet=table.sheet)
    for rowno, row in table.rows:
        if not any(c.strip() for c in row):
            continue

        def get(role: str, row: list[str] = row) -> str:
            i = col.get(role)
            return row[i] if i is not None and i < len(row) else ""

        text = get("tekst")
        if not text.strip():
            stats.n_empty_cells += 1
            continue
        bord, heading = get("bord").strip(), get("overskrift").strip()
        label = f"Bord {bord}" if bord[:1].isdigit() else bord
        question = " > ".join(p for p in (label, heading) if p)
        sink.add(f"{sheet_loc(table)}row={rowno}", text, question_id=slug(question),
                 question=question, municipality_raw=get("kommune").strip(),
                 voice_key=f"group:{label}" if label else "",
                 context=context_json({"bord": label}))
    if not len(sink):
        ctx.problem("no_records", f"no post-its found below the header (row "
                    f"{table.header_row})", severity="warning")
    return stats
