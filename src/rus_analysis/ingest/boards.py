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
* **question blocks** (an audience-response tool's results): read by ``slides.py``.
* anything else is rejected with one line that names what was found and what to do
  (before, the post-it reader reported "bord, overskrift, tekst not found" and a
  workbook's sheets after the first were never looked at).

Every sheet of a workbook is read (a slide per sheet is common); a sheet that holds
nothing is reported.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.manifest import SourceSpec
from rus_analysis.ingest.records import RecordSink, context_json, slug
from rus_analysis.ingest.slides import WORDS, read_blocks
from rus_analysis.ingest.survey import WORKSHOP_ALIASES, FileStats, read_workshop
from rus_analysis.ingest.tables import (
    Table,
    norm_header,
    open_csv,
    open_xlsx,
    sheet_loc,
    sheet_names,
    sheet_txt,
)

if TYPE_CHECKING:
    from rus_analysis.reference import Resolution

Resolve = Callable[[str], "Resolution"]

# notes tables: header aliases (normalised, see norm_header) per role
NOTE_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("content", "contents", "body", "indhold", "tekst", "text", "note", "post",
             "besked", "message"),
    "subject": ("subject", "title", "titel", "emne"),
    "description": ("description", "beskrivelse", "details", "detaljer"),   # a card's
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
    if read_blocks(rows, table, ctx, sink):
        return stats
    found = ", ".join(f"'{h}'" for h in table.header if h) or "none"
    where = sheet_txt(table)
    ctx.problem("missing_column", f"{where}not a workshop layout this reader knows: neither "
                "post-its (columns bord, overskrift, tekst), nor a board's notes (a "
                "Content/Body column, optionally Type, Frame/Section, Tags), nor results "
                "question by question (a question, its slide type, then one answer per row); "
                f"first row: {found}",
                action="if the file is one row per respondent, declare it as type: survey; "
                       "else save the notes as a table with the columns bord, overskrift, "
                       "tekst (and kommune)",
                locator=f"{sheet_loc(table)}row={table.header_row}")
    raise FileRejected


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
    unread: dict[int, list[str]] = {}    # a column no role took -> rows with free text
    taken = set(col.values())
    for rowno, row in table.rows:
        if not any(c.strip() for c in row):
            continue
        loc = f"{sheet_loc(table)}row={rowno}"
        for i in _free_text_cells(row, taken):
            unread.setdefault(i, []).append(loc)
        authors.add(_cell(row, col.get("author")))
        kind = norm_header(_cell(row, col.get("type"))).replace("_", " ")
        subject, body = _cell(row, col.get("subject")), _cell(row, col.get("text"))
        text = _post_text(_post_text(subject, body), _cell(row, col.get("description")))
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
        where = sheet_loc(table).rstrip(";") or "the file"
        ctx.problem("contact_column", f"{where}: the author "
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
    for i, locs in sorted(unread.items()):
        ctx.problem("column_not_read", f"column '{table.header[i]}' is none of the columns a "
                    f"board's notes are read from, but {len(locs)} row(s) hold sentences in "
                    f"it ({', '.join(locs[:6])}{' and more' if len(locs) > 6 else ''}); "
                    "it was not read", severity="warning", value=table.header[i],
                    locator=f"{sheet_loc(table)}row={table.header_row}")
    if not len(sink):
        ctx.problem("no_records", "no notes with text were found", severity="warning")
    return stats


def _free_text_cells(row: list[str], taken: set[int]) -> list[int]:
    """Cells of columns no role took (``taken``: the columns that have a role) that hold a
    participant's kind of text (three words or more): a second text column
    (``Comments``, a second ``Text``) was never read and never reported before; times,
    colours, ids and names are shorter."""
    return [i for i, c in enumerate(row) if i not in taken and len(WORDS.findall(c)) >= 3]


def _post_text(subject: str, body: str) -> str:
    """A post's title and body as one text: "Ressourcer. De havde ..."; the title ends as a
    sentence, so it is not read into the body's first words."""
    if subject and body:
        end = "" if subject.endswith((".", "!", "?", ":")) else "."
        return f"{subject}{end} {body}"
    return subject or body
