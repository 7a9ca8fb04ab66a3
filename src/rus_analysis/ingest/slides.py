"""Results question by question (an audience-response tool's export, e.g. Mentimeter).

The rows come in blocks separated by blank rows: a question, its slide type ("Open
Ended", "Word Cloud", "Multiple Choice", "Scales", "Ranking"), then either one answer per
row or one count per option (``Meget enig | 12``). Open answers are statements; counts per
option are aggregated votes, reported and never read as statements (they are not
anybody's words); the question is the statement's question.

Why a second cell of an answer row is read only when it reads like an answer (a sentence,
or three words or more): an export (or a person tidying it) can put two answers side by
side in one row, and reading only the first cell lost the second with no trace; but the
cells beside an answer are mostly the tool's own columns: the participant's name, a time,
"5 upvotes", "Besvaret". Those are no statements: a name is never read (a private
person's name joins the run's private names, so it is redacted wherever it stands), and
every cell not read is named in a ``cells_not_read`` line (names by their place, never
quoted), so nothing goes silently. A row with one answer keeps the locator ``row=N`` (so
its record id is stable); a row with several has one record per cell, ``row=N;col=B``.

Why a block without a slide type is judged by its wording: the slide type row is what
tells a question from an answer, and some exports (or hand-made copies) lack it. After a
blank row, a block whose first row is one cell with rows below it is either a new
question or more answers to the question above. Its wording decides ("Nævn ...",
"Hvad ...", an ending ":" or "?", counts below: a question; a sentence ending in "." or
"!": an answer); when the wording does not decide, the block is read as a new question,
as the brief layout suggests, and a ``question_guess`` warning names both readings so the
analyst can check, rather than the reader guessing silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from rus_analysis import pii
from rus_analysis.ingest.context import FileContext
from rus_analysis.ingest.records import RecordSink, context_json, slug
from rus_analysis.ingest.tables import Table, sheet_loc, sheet_txt

# a slide type line of question-block results; choice types give counts, not answers
OPEN_SLIDES = {"open ended", "open-ended", "word cloud", "wordcloud", "q&a", "åbent spørgsmål",
               "ordsky", "åben tekst", "open text"}
CHOICE_SLIDES = {"multiple choice", "scales", "scale", "ranking", "quiz", "100 points",
                 "2 x 2 grid", "2x2 grid", "pin on image", "select answer", "type answer",
                 "flervalg", "skala", "rangering"}
SLIDE_TYPES = OPEN_SLIDES | CHOICE_SLIDES
# words of two letters or more: a cell of three or more is a participant's kind of text
WORDS = re.compile(r"[^\W\d_]{2,}")
# slides whose answers are themselves questions from the audience
ASKING_SLIDES = {"q&a"}
RESULT_HEADERS = re.compile(r"(?i)^\s*(voting\s+results|results|responses|svar|resultater|"
                            r"stemmer|votes|answers|antal)\s*:?\s*$")
NUMBER = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*%?\s*$")
# the first word of a question or a task put to the audience (Danish and English)
QUESTION_START = re.compile(
    r"(?i)^(hvad|hvilke[nt]?|hvordan|hvorfor|hvornår|hvor|hvem|nævn|beskriv|giv|skriv|"
    r"angiv|del|foreslå|prioritér|prioriter|ranger|vælg|forklar|fortæl|kom med|what|which|"
    r"how|why|where|who|when|name|describe|list|give|share|suggest|rank|choose|tell)\b")

# a tool's own cells beside an answer: a count of votes or likes, an answer's status
COUNT_CELL = re.compile(r"(?i)^\s*\d+\s+(?:up-?votes?|votes?|likes?|stemmer?|point|points|"
                        r"reactions?|reaktioner)\s*$")
STATUS_CELLS = frozenset({"besvaret", "ubesvaret", "answered", "unanswered", "arkiveret",
                          "archived", "fastgjort", "pinned", "skjult", "hidden", "godkendt",
                          "approved", "afvist", "rejected", "ny", "new", "live"})
NAME_KINDS = ("name", "name-like")
# why each kind of cell was not read, and whether the analyst must look (a severity)
UNREAD = {
    "name": ("participants' names (or 'Anonym'), redacted wherever they stand", "info"),
    "name-like": ("two or three capitalised words that may be names (not quoted here)",
                  "warning"),
    "time": ("times, dates or ids", "info"),
    "count": ("counts of votes or likes", "info"),
    "status": ("an answer's status", "info"),
    "text": ("short texts (fewer than three words, no sentence)", "warning"),
}

Rows = list[tuple[int, list[str]]]


@dataclass
class _State:
    """What the reader knows so far on one sheet."""

    question: str = ""
    kind: str = ""
    qkey: tuple[str, int] = ("", 0)
    answered: int = 0                       # answers and options of the current question
    n_answers: int = 0
    furniture: list[str] = field(default_factory=list)
    counts: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # cells of answer rows not read, by kind: (row, column letter, its text; "" for a name)
    unread: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)

    def open(self, question: str, kind: str, row: int) -> None:
        self.question, self.kind, self.qkey, self.answered = question, kind, (question, row), 0
        self.counts[self.qkey] = []


def blocks(rows: Rows) -> Iterator[Rows]:
    """Runs of non-blank rows."""
    cur: Rows = []
    for rowno, row in rows:
        cells = [c.strip() for c in row]
        if any(cells):
            cur.append((rowno, cells))
        elif cur:
            yield cur
            cur = []
    if cur:
        yield cur


def _filled(row: list[str]) -> list[str]:
    return [c for c in row if c]


def _is_count(row: list[str]) -> bool:
    cells = _filled(row)
    return len(cells) > 1 and any(NUMBER.match(c) for c in cells[1:])


def _guess(text: str, below: Rows, st: _State) -> tuple[bool, str]:
    """Whether a one-cell row after a blank row opens a new question, and the severity of
    the line that says so ("" for none): see the module docstring."""
    asks = text.endswith("?")
    worded = asks or text.endswith(":") or bool(QUESTION_START.match(text))
    if worded and st.kind in ASKING_SLIDES:    # the audience's questions are its answers
        return False, "warning"
    question = worded or all(_is_count(r) for _, r in below)
    answer = text.endswith((".", "!"))
    if question and not answer:
        return True, "" if asks else "info"
    if answer and not question:
        return False, "info" if st.answered else ""
    if not st.answered:        # answers below a slide type, after a blank row
        return False, "warning" if question else ""
    return True, "warning"


def _report_guess(ctx: FileContext, table: Table, block: Rows, st: _State, new: bool,
                  severity: str) -> None:
    row, text = block[0][0], _filled(block[0][1])[0]
    where = f"sheet '{table.sheet}' " if table.sheet else ""
    lo, hi = block[1][0], block[-1][0]
    rows = f"row {lo}" if lo == hi else f"rows {lo}-{hi}"
    if new:
        what = (f"was read as a new question, and {rows} as its answers, not as answers to "
                f"the question above ('{st.question}')")
    else:
        what = f"and {rows} below it were read as more answers to '{st.question}'"
    ctx.problem("question_guess", f"{where}row {row} ('{text}') stands after a blank row "
                f"with no slide type row under it; it {what}", severity=severity,
                value=text[:200], locator=f"{sheet_loc(table)}row={row}")


def _read_row(n: int, row: list[str], table: Table, st: _State, ctx: FileContext,
              sink: RecordSink) -> None:
    """One row of a question's body: a results header, a count per option, or answers."""
    cells = _filled(row)
    loc = f"{sheet_loc(table)}row={n}"
    if len(cells) == 1 and RESULT_HEADERS.match(cells[0]):
        st.furniture.append(loc)
        return
    numbers = [c for c in cells[1:] if NUMBER.match(c)]
    st.answered += 1
    if st.kind in CHOICE_SLIDES or (numbers and st.kind not in OPEN_SLIDES):
        st.counts[st.qkey].append(f"{cells[0]} {' '.join(cells[1:])}".strip())
        return
    texts = _answer_cells(row, ctx, st, n)
    info = context_json({"slide": st.kind, "antal": " ".join(numbers)})
    for i, text in texts:
        st.n_answers += 1
        sink.add(loc if len(texts) == 1 else f"{loc};col={get_column_letter(i + 1)}", text,
                 question_id=slug(st.question), question=st.question, context=info)


def _answer_cells(row: list[str], ctx: FileContext, st: _State,
                  n: int) -> list[tuple[int, str]]:
    """The answers of a row, by column: the first filled cell (as before, even a number
    or a short word) and every other cell that reads like an answer; a name is never one
    (not even the first cell, when another cell holds the answer). The other cells go to
    ``st.unread`` by kind."""
    filled = [(i, c) for i, c in enumerate(row) if c]
    kinds = {i: _cell_kind(c, ctx) for i, c in filled}
    answers = [(i, c) for i, c in filled[1:] if kinds[i] == "answer"]
    lead, text = filled[0]
    if not answers or kinds[lead] not in NAME_KINDS:
        answers.insert(0, (lead, text))
    for i, c in filled:
        if (i, c) in answers or NUMBER.match(c):     # a number is kept as the context's count
            continue
        if kinds[i] == "name":
            ctx.private_name(c)
        st.unread.setdefault(kinds[i], []).append(
            (n, get_column_letter(i + 1), "" if kinds[i] in NAME_KINDS else c))
    return answers


def _cell_kind(text: str, ctx: FileContext) -> str:
    """What a cell beside an answer is: "name" (a private person's, by the run's shared
    decision, or "Anonym"), "name-like" (two or three capitalised words the decision does
    not take for a person: not read, not quoted, not redacted), "time" (no words), "count"
    ("5 upvotes"), "status" ("Besvaret"), "answer" (a sentence, or three words or more),
    or "text" (anything shorter)."""
    if pii.is_private_sender(text) or ctx.is_private_name(text):
        return "name"
    if pii.looks_like_private_person(text) and not pii.is_known(text, ctx.organisations):
        return "name-like"
    words = WORDS.findall(text)
    if not words:
        return "time"
    if len(words) >= 3 or (len(words) >= 2 and text.endswith((".", "!", "?"))):
        return "answer"
    if COUNT_CELL.match(text):
        return "count"
    return "status" if text.strip(" .").casefold() in STATUS_CELLS else "text"


def read_blocks(rows: Rows, table: Table, ctx: FileContext, sink: RecordSink) -> bool:
    """Results question by question; False when the rows are not in that shape.

    A block is a question when its second row is a slide type (a question row without
    one, ending in "?", also counts; after a blank row, see ``_guess``). A block above the
    first question (the session's name and date) is furniture. In a choice slide, or under
    a results header, a row of a label and a number is a count per option: reported, not
    read.
    """
    st = _State()
    for block in blocks(rows):
        first = _filled(block[0][1])
        second = " ".join(_filled(block[1][1])).lower() if len(block) > 1 else ""
        typed = second in SLIDE_TYPES
        single = len(first) == 1 and len(block) > 1
        if typed or (not st.question and single and first[0].endswith("?")):
            new = True
        elif not st.question:     # above the first question: the session's name and date
            st.furniture += [f"{sheet_loc(table)}row={n}" for n, _ in block]
            continue
        elif single:
            new, severity = _guess(first[0], block[1:], st)
            if severity:
                _report_guess(ctx, table, block, st, new, severity)
        else:                     # a blank row inside a question's answers
            new = False
        head = (2 if typed else 1) if new else 0
        if new:
            st.open(first[0], second if typed else "", block[0][0])
            st.furniture += [f"{sheet_loc(table)}row={n}" for n, _ in block[:head]]
        for n, row in block[head:]:
            _read_row(n, row, table, st, ctx, sink)
    if not st.counts:
        return False
    _report(ctx, table, st)
    return True


def _report(ctx: FileContext, table: Table, st: _State) -> None:
    """The furniture of a sheet, its counts per option, and a sheet without answers."""
    furniture = st.furniture
    if furniture:
        ctx.problem("furniture", f"{len(furniture)} row(s) are session titles, questions, "
                    f"slide types and result headers, not statements: "
                    f"{', '.join(furniture[:8])}{' and more' if len(furniture) > 8 else ''}",
                    severity="info", value="question blocks",
                    action="nothing; the question and slide type of each answer are kept as "
                           "its question and context")
    where = sheet_txt(table)
    for (q, qrow), options in st.counts.items():
        if options:
            ctx.problem("aggregated_results", f"{where}question '{q}' (row {qrow}): "
                        f"{len(options)} "
                        f"option(s) with their counts ({'; '.join(options)}) are aggregated "
                        "votes, not anybody's words; not read as statements",
                        severity="info", value="; ".join(options)[:200],
                        locator=f"{sheet_loc(table)}row={qrow}")
    for kind, (what, severity) in UNREAD.items():
        if cells := st.unread.get(kind):
            _report_unread(ctx, table, kind, what, severity, cells)
    if not st.n_answers and not any(st.counts.values()):
        ctx.problem("no_records", f"{where}the questions ({len(st.counts)}) have no answers",
                    severity="warning")


def _report_unread(ctx: FileContext, table: Table, kind: str, what: str, severity: str,
                   cells: list[tuple[int, str, str]]) -> None:
    """One line per kind of cell beside the answers that was not read: the cells, and
    their texts unless they may be names."""
    where = sheet_txt(table)
    at = ", ".join(f"{c}{n}" for n, c, _ in cells[:10]) + (" and more" if len(cells) > 10
                                                           else "")
    texts = sorted({t for _, _, t in cells if t})
    quoted = f" ({'; '.join(texts[:6])}{' ...' if len(texts) > 6 else ''})" if texts else ""
    ctx.problem("cells_not_read", f"{where}{len(cells)} cell(s) beside the answers are "
                f"{what}{quoted}, not answers; not read: {at}", severity=severity,
                value=kind, locator=f"{sheet_loc(table)}row={cells[0][0]};col={cells[0][1]}")
