"""Workshop exports as tables: post-its, digital boards, and question-by-question results.

Why a layout is detected and not declared: the minimal manifest says only ``type:
workshop``, and the digital tools a region uses in its dialogue meetings export their
input in three shapes, none of which is the post-it transcription (``bord | overskrift |
tekst``) this project started with:

* **notes tables** (a board's or a wall's export): one row per item, a text column
  (``Content``, ``Body``, ``Subject``), often an item type (``sticky_note``, ``frame``,
  ``shape``, ``connector``), a group (``Frame``, ``Parent``, ``Section``), tags, an
  author and a time. Notes are statements; a frame item names a group; shapes,
  connectors and text labels are no statements; the author is a private person and is
  never read (the names are redacted wherever they recur in the run).
* **question blocks** (an audience-response tool's results): rows of one text column,
  in blocks separated by blank rows: a question, the slide type ("Open Ended", "Word
  Cloud", "Multiple Choice", "Scales", "Ranking"), then either one answer per row or one
  count per option (``Meget enig | 12``). Open answers are statements; counts per option
  are aggregated votes, reported and never read as statements (they are not anybody's
  words); the question is the statement's question.
* anything else is rejected with one line that names what was found and what to do
  (before, the post-it reader reported "bord, overskrift, tekst not found" and a
  workbook's sheets after the first were never looked at).

Every sheet of a workbook is read (a slide per sheet is common); a sheet that holds
nothing is reported.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.manifest import SourceSpec
from rus_analysis.ingest.records import RecordSink, context_json, slug
from rus_analysis.ingest.survey import WORKSHOP_ALIASES, FileStats, read_workshop
from rus_analysis.ingest.tables import Table, norm_header, open_csv, open_xlsx, sheet_names

if TYPE_CHECKING:
    from rus_analysis.reference import Resolution

Resolve = Callable[[str], "Resolution"]

# notes tables: header aliases (normalised, see norm_header) per role
NOTE_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("content", "contents", "body", "indhold", "tekst", "text", "note", "post",
             "besked", "message"),
    "subject": ("subject", "title", "titel", "emne"),
    "type": ("type", "item type", "widget type", "element", "elementtype"),
    "group": ("frame", "parent", "section", "sektion", "gruppe", "group", "kolonne",
              "column", "lane", "bord"),
    "tags": ("tags", "tag", "labels", "etiketter", "mærker"),
    "author": ("author", "forfatter", "created by", "creator", "oprettet af", "owner",
               "author name", "navn", "name"),
    "attachment": ("attachment", "vedhæftning", "vedhæftet fil", "link", "url", "image"),
    "municipality": ("kommune", "municipality"),
}
# item types that are a participant's note; a group (frame) names the notes inside it
NOTE_TYPES = {"sticky note", "sticky", "card", "note", "post", "post it",
              "postit", "kort", "seddel"}
GROUP_TYPES = {"frame", "section", "group", "sektion", "gruppe", "ramme"}
# a slide type line of question-block results; choice types give counts, not answers
OPEN_SLIDES = {"open ended", "open-ended", "word cloud", "wordcloud", "q&a", "åbent spørgsmål",
               "ordsky", "åben tekst", "open text"}
CHOICE_SLIDES = {"multiple choice", "scales", "scale", "ranking", "quiz", "100 points",
                 "2 x 2 grid", "2x2 grid", "pin on image", "select answer", "type answer",
                 "flervalg", "skala", "rangering"}
RESULT_HEADERS = re.compile(r"(?i)^\s*(voting\s+results|results|responses|svar|resultater|"
                            r"stemmer|votes|answers|antal)\s*:?\s*$")
NUMBER = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s*%?\s*$")


def read_workshop_table(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                        max_mb: float, resolve: Resolve) -> FileStats:
    """A workshop's table export in whichever of its layouts (see the module docstring)."""
    sheets = [spec.sheet] if spec.format != "xlsx" or spec.sheet else sheet_names(path)
    stats = FileStats()
    for sheet in sheets:
        one = dataclasses.replace(spec, sheet=sheet)
        stats = _read_one(path, one, ctx, sink, max_mb, resolve, several=len(sheets) > 1)
    stats.sheet = spec.sheet or ("" if len(sheets) > 1 else stats.sheet)
    return stats


def _open(path: Path, spec: SourceSpec, ctx: FileContext, wanted: set[str], max_mb: float,
          header_row: int | None) -> Table:
    if spec.format == "xlsx":
        return open_xlsx(path, ctx, wanted, sheet=spec.sheet, header_row=header_row)
    return open_csv(path, ctx, wanted, encoding=spec.encoding, delimiter=spec.delimiter,
                    header_row=header_row, max_mb=max_mb)


def _aliases(*groups: dict[str, tuple[str, ...]]) -> set[str]:
    return {a for g in groups for names in g.values() for a in names}


def _roles(keys: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for role, names in aliases.items():
        i = next((i for i, k in enumerate(keys) if k in names), None)
        if i is not None and i not in out.values():
            out[role] = i
    return out


def _read_one(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
              max_mb: float, resolve: Resolve, several: bool) -> FileStats:
    try:
        table = _open(path, spec, ctx, _aliases(WORKSHOP_ALIASES, NOTE_ALIASES), max_mb,
                      spec.header_row)
    except FileRejected:
        if several:     # an empty sheet of a workbook: the others are still read
            return FileStats(sheet=spec.sheet or "")
        raise
    keys = [norm_header(h) for h in table.header]
    postit = _roles(keys, WORKSHOP_ALIASES)
    if table.close:
        table.close()
    if all(r in postit for r in ("bord", "overskrift", "tekst")):
        return read_workshop(path, spec, ctx, sink, max_mb)
    notes = _roles(keys, NOTE_ALIASES)
    if "text" in notes or "subject" in notes:
        table = _open(path, spec, ctx, _aliases(NOTE_ALIASES), max_mb, spec.header_row)
        return _read_notes_table(table, ctx, sink, notes, resolve)
    table = _open(path, spec, ctx, set(), max_mb, spec.header_row or 1)
    rows = [(table.header_row, table.header), *table.rows]
    if table.close:
        table.close()
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=None, sheet=table.sheet)
    if _read_blocks(rows, table, ctx, sink):
        return stats
    found = ", ".join(f"'{h}'" for h in table.header if h) or "none"
    where = f"sheet '{table.sheet}': " if table.sheet else ""
    ctx.problem("missing_column", f"{where}not a workshop layout this reader knows: neither "
                "post-its (columns bord, overskrift, tekst), nor a board's notes (a "
                "Content/Body column, optionally Type, Frame/Section, Tags), nor results "
                "question by question (a question, its slide type, then one answer per row); "
                f"first row: {found}",
                action="if the file is one row per respondent, declare it as type: survey; "
                       "else save the notes as a table with the columns bord, overskrift, "
                       "tekst (and kommune)", locator=f"{_loc(table)}row={table.header_row}")
    raise FileRejected


def _loc(table: Table) -> str:
    return f"sheet={table.sheet};" if table.sheet else ""


def _cell(row: list[str], i: int | None) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


def _municipality(tags: str, resolve: Resolve) -> str:
    """The one tag that names a municipality ("Gribskov Kommune"), else ""."""
    found = []
    for tag in re.split(r"[,;|]", tags):
        res = resolve(tag.strip()) if tag.strip() else None
        if res is not None and res.code and (res.method in {"exact", "alias"} or re.search(
                r"\bkommune\b", tag, re.IGNORECASE)):
            found.append(tag.strip())
    return found[0] if len(set(found)) == 1 else ""


def _read_notes_table(table: Table, ctx: FileContext, sink: RecordSink, col: dict[str, int],
                      resolve: Resolve) -> FileStats:
    """One statement per note; groups from the group column or a group item; the author
    column is never read (the names go to the run's list of private names)."""
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row, sheet=table.sheet)
    furniture: dict[str, list[str]] = {}
    attachments: list[str] = []
    authors: set[str] = set()
    for rowno, row in table.rows:
        if not any(c.strip() for c in row):
            continue
        loc = f"{_loc(table)}row={rowno}"
        authors.add(_cell(row, col.get("author")))
        kind = norm_header(_cell(row, col.get("type"))).replace("_", " ")
        subject, body = _cell(row, col.get("subject")), _cell(row, col.get("text"))
        text = _post_text(subject, body)
        if kind in GROUP_TYPES:
            furniture.setdefault(f"group item ({kind})", []).append(loc)
            continue
        if kind and kind not in NOTE_TYPES:
            furniture.setdefault(f"{kind} item", []).append(loc)
            continue
        if not text:
            if _cell(row, col.get("attachment")):
                attachments.append(loc)
            else:
                stats.n_empty_cells += 1
            continue
        group = _cell(row, col.get("group"))
        # a table group ("Bord 2: Klima") is a voice; a board's column ("Løsninger") is not
        m = re.match(r"(?i)^\s*((?:bord|gruppe|table|group)\s*\d+)\b", group)
        label = m[1] if m else ""
        tags = _cell(row, col.get("tags"))
        muni = _cell(row, col.get("municipality")) or _municipality(tags, resolve)
        sink.add(loc, text, question_id=slug(group), question=group,
                 municipality_raw=muni, voice_key=f"group:{label}" if label else "",
                 context=context_json({"bord": label, "gruppe": group, "tags": tags}))
    authors.discard("")
    if authors:
        ctx.private_name(*sorted(authors))
        ctx.problem("contact_column", f"{_loc(table).rstrip(';') or 'the file'}: the author "
                    f"column '{table.header[col['author']]}' names "
                    f"{len(authors)} person(s); it was not read and the names are redacted "
                    "wherever they stand", severity="info", value=table.header[col["author"]],
                    action="nothing: the authors of notes are private persons, never read")
    if furniture:
        parts = "; ".join(f"{k} ({', '.join(v[:6])}{' and more' if len(v) > 6 else ''})"
                          for k, v in furniture.items())
        ctx.problem("furniture", f"{sum(len(v) for v in furniture.values())} board item(s) "
                    f"are not participants' notes and were not read as statements: {parts}",
                    severity="info", action="nothing, if they are frames, shapes, connectors "
                    "and labels; if one holds a participant's input, give it the type of a "
                    "note (sticky_note) in a copy of the export and declare that copy",
                    value=", ".join(furniture))
    if attachments:
        ctx.problem("attachment_not_read", f"{len(attachments)} post(s) hold only an "
                    f"attachment (an image, a file or a link), no text: "
                    f"{', '.join(attachments)}", severity="warning", value=str(len(attachments)))
    if not len(sink):
        ctx.problem("no_records", "no notes with text were found", severity="warning")
    return stats


def _post_text(subject: str, body: str) -> str:
    """A post's title and body as one text: "Ressourcer. De havde ..."; the title ends as a
    sentence, so it is not read into the body's first words."""
    if subject and body:
        end = "" if subject.endswith((".", "!", "?", ":")) else "."
        return f"{subject}{end} {body}"
    return subject or body


def _blocks(rows: list[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    """Runs of non-blank rows."""
    cur: list[tuple[int, list[str]]] = []
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


def _read_blocks(rows: list[tuple[int, list[str]]], table: Table, ctx: FileContext,
                 sink: RecordSink) -> bool:
    """Results question by question; False when the rows are not in that shape.

    A block is a question when its second row is a slide type (a question row without
    one, ending in "?", also counts). A block above the first question (the session's
    name and date) is furniture. In a choice slide, or under a results header, a row of
    a label and a number is a count per option: reported, not read.
    """
    furniture: list[str] = []
    counts: dict[tuple[str, int], list[str]] = {}   # (question, its row) -> options
    question = kind = ""
    qkey = ("", 0)
    n_answers = 0
    for block in _blocks(rows):
        first = _filled(block[0][1])
        second = " ".join(_filled(block[1][1])).lower() if len(block) > 1 else ""
        typed = second in OPEN_SLIDES | CHOICE_SLIDES
        if typed or (len(first) == 1 and first[0].endswith("?") and len(block) > 1):
            question, kind = first[0] if first else "", second if typed else ""
            qkey = (question, block[0][0])
            counts[qkey] = []
            furniture += [f"{_loc(table)}row={n}" for n, _ in block[:2 if typed else 1]]
            body = block[2:] if typed else block[1:]
        elif not question:     # above the first question: the session's name and date
            furniture += [f"{_loc(table)}row={n}" for n, _ in block]
            continue
        else:                  # a blank row inside a question's answers
            body = block
        options = counts[qkey]
        for n, row in body:
            cells = _filled(row)
            loc = f"{_loc(table)}row={n}"
            if len(cells) == 1 and RESULT_HEADERS.match(cells[0]):
                furniture.append(loc)
                continue
            numbers = [c for c in cells[1:] if NUMBER.match(c)]
            if kind in CHOICE_SLIDES or (numbers and kind not in OPEN_SLIDES):
                options.append(f"{cells[0]} {' '.join(cells[1:])}".strip())
                continue
            n_answers += 1
            sink.add(loc, cells[0], question_id=slug(question), question=question,
                     context=context_json({"slide": kind, "antal": " ".join(numbers)}))
    if not counts:
        return False
    if furniture:
        ctx.problem("furniture", f"{len(furniture)} row(s) are session titles, questions, "
                    f"slide types and result headers, not statements: "
                    f"{', '.join(furniture[:8])}{' and more' if len(furniture) > 8 else ''}",
                    severity="info", value="question blocks",
                    action="nothing; the question and slide type of each answer are kept as "
                           "its question and context")
    where = f"sheet '{table.sheet}': " if table.sheet else ""
    for (q, qrow), options in counts.items():
        if options:
            ctx.problem("aggregated_results", f"{where}question '{q}' (row {qrow}): "
                        f"{len(options)} "
                        f"option(s) with their counts ({'; '.join(options)}) are aggregated "
                        "votes, not anybody's words; not read as statements",
                        severity="info", value="; ".join(options)[:200],
                        locator=f"{_loc(table)}row={qrow}")
    if not n_answers and not any(counts.values()):
        ctx.problem("no_records", f"{where}the questions ({len(counts)}) have no answers",
                    severity="warning")
    return True
