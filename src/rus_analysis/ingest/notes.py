"""Meeting notes and workshop summaries (.docx, .md, .txt, .pdf): records and attendance.

Why blocks first, records second: the formats differ only in how headings and bullets are
marked. Each is turned into the same list of blocks (heading of level n, bullet,
paragraph, table), and one function turns blocks into records and participants, so a
meeting reads the same whether it was typed in Word, in a text editor or printed to PDF.

Why document furniture is recognised here: minutes carry headings, "Sted:/Tid:/Formål:/
Deltagere:" paragraphs, lead-in lines ("Pointer, som flere borde fremhævede:"), table
header rows and label columns, and a "Næste skridt" section. None of it is input to the
strategy; themed and quoted as evidence it misleads. Table labels become context of the
statement beside them (``context``: the table group); participant lists are read from
headings, paragraphs and tables; what was left out is listed per file in one problem line.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rus_analysis import pii
from rus_analysis.ingest.agenda import (
    ItemParts,
    agenda_headings,
    below_title,
    is_agenda_item,
    split_item_block,
)
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.entries import looks_like_list_entry
from rus_analysis.ingest.layout import Para, pdf_paragraphs
from rus_analysis.ingest.records import RecordSink, context_json, slug
from rus_analysis.ingest.textfile import decode_bytes, normalise_newlines

if TYPE_CHECKING:
    from docx.document import Document

    from rus_analysis.reference import Resolution

log = logging.getLogger("rus_analysis.ingest")

# A municipality resolver: free text -> reference.Resolution (cached by the caller).
Resolve = Callable[[str], "Resolution"]

PARTICIPANT_HEADINGS = re.compile(
    r"^\s*(deltagere|deltagerliste|tilstede|til stede|fremmødte|participants|attendees)\b",
    re.IGNORECASE)
HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[-*+•·▪◦–]|\d{1,2}[.)])\s+(.*)$")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_EMPHASIS = re.compile(r"(?<!\w)(?:\*\*|__)(.+?)(?:\*\*|__)(?!\w)")
TXT_GROUP = re.compile(r"^\s*(bord|tema|gruppe|table|punkt|dagsordenspunkt)\s*\d+\b.*$",
                       re.IGNORECASE)
# a table group whose label is a voice: "Bord 1: Mobilitet" -> "Bord 1"
GROUP_LABEL = re.compile(r"(?i)^\s*((?:bord|gruppe|table|group)\s*\d+)\b")
SPEAKER = re.compile(r"^\s*([^:\n]{2,70}?)\s*:\s+(\S.*)$", re.DOTALL)
NAMED = re.compile(r"^(?P<name>[^()]{2,50}?)\s*\((?P<org>[^()]{2,80})\)$")
ORG_WORDS = re.compile(
    r"\b(kommune|regionskommune|region|a/s|aps|i/s|amba|forsyning|forening|foreningen|"
    r"forbund|selskab|universitet|universitets|styrelse|styrelsen|direktorat|"
    r"direktoratet|ministerium|ministeriet|dsb|movia|hofor|novafos|banedanmark|kkr|kl|"
    r"erhvervshus|industri|fond|råd|rådet|akademi|skole|hospital)\b", re.IGNORECASE)
MAX_SPEAKER_WORDS = 6
# "Sted: ...", "Deltagere: ...": a label paragraph is document furniture
LABEL_PARA = re.compile(
    r"(?i)^(?:sted|tid|dato|tid og sted|tidspunkt|mødested|formål|deltagere|deltagerliste|"
    r"til stede|tilstede|fremmødte|afbud|fraværende|referent|referat|mødeleder|ordstyrer|"
    r"facilitator|bordvært|bordværter|ved bordet|j\.?\s*nr|sagsnr|journalnr)\.?\s*:")
PARTICIPANT_LABEL = re.compile(
    r"(?is)^(?:deltagere|deltagerliste|til stede|tilstede|fremmødte|ved bordet|"
    r"participants|attendees)\s*:\s*(?P<list>.+)$")
# sections about the process, not the input: next steps, practicalities
NEXT_STEPS = re.compile(
    r"(?i)^\s*(?:\d+\.?\s*)?(?:næste\s+skridt|videre\s+proces|det\s+videre\s+forløb|"
    r"opfølgning|eventuelt|evt\.?|praktisk(?:e)?\s*(?:oplysninger)?|næste\s+møde|"
    r"aftaler|beslutninger|next\s+steps)\s*:?\s*$")
ADMIN = re.compile(
    r"(?i)\b(?:udarbejdet\s+af|referatet\s+(?:sendes|godkendes)|invitation\s+følger|"
    r"næste\s+møde\s+(?:afholdes|holdes)|mødet\s+(?:sluttede|afsluttedes|blev\s+hævet)|"
    r"tak\s+for\s+(?:i\s+dag|et\s+godt\s+møde)|bød\s+(?:alle\s+)?velkommen)")
EVENTUELT = re.compile(r"(?i)\b(?:eventuelt|evt)\b")
MIN_SENTENCE_WORDS = 5      # "Intet." / "Ingen bemærkninger." say nothing
# "Drøftelse af udkast (Gribskov Kommune)": the speaker named after the point
TRAILING_SPEAKER = re.compile(r"^(?P<text>.+?)\s*\((?P<org>[^()]{2,80})\)\s*$", re.DOTALL)
MAX_LEAD_IN_CHARS = 150
MAX_LABEL_CHARS = 40         # a table label cell ("Bord 1", "Tema") is short


@dataclass
class Block:
    kind: str            # heading | bullet | para | table
    text: str
    locator: str
    level: int = 0       # heading level
    number: str = ""     # a number typed before the text ("2. Drøftelse ..." -> "2")
    rows: list[list[str]] = field(default_factory=list)   # kind == "table": cells per row


@dataclass
class Participant:
    organisation: str
    line: str
    locator: str
    person: str = ""


# --- text and markdown ------------------------------------------------------------------

def text_blocks(text: str, markdown: bool) -> list[Block]:
    """Blocks of a .md/.txt file; locator ``line=N`` is the block's first line.

    Headings: ``#`` lines, setext underlines; in .txt without any ``#`` heading, the first
    line is the meeting (level 1) and ``Deltagere`` / ``Bord 3: ...`` lines are level 2.
    Bullets: ``-``, ``*``, ``•``, ``1.``; a following indented/unmarked line continues the
    bullet. Paragraphs: runs of non-blank lines.
    """
    text = normalise_newlines(text)
    if markdown:   # **Deltagere:** -> Deltagere: (emphasis is no part of the words)
        text = MD_EMPHASIS.sub(r"\1", text)
    lines = text.split("\n")
    has_hash = any(MD_HEADING.match(x) for x in lines)
    plain_txt = not markdown and not has_hash
    blocks: list[Block] = []
    cur: Block | None = None
    first_text_seen = False
    for n, line in enumerate(lines, start=1):
        stripped = line.strip()
        nxt = lines[n].strip() if n < len(lines) else ""
        if not stripped:
            cur = None
            continue
        if re.fullmatch(r"[=\-]{3,}", stripped) and blocks and blocks[-1].kind == "heading" \
                and blocks[-1].locator == f"line={n - 1}":
            continue   # the underline of a setext heading already taken
        heading: tuple[int, str] | None = None
        m = MD_HEADING.match(stripped)
        if m:
            heading = (len(m[1]), m[2])
        elif nxt and re.fullmatch(r"={3,}", nxt) and cur is None:
            heading = (1, stripped)
        elif nxt and re.fullmatch(r"-{3,}", nxt) and cur is None:
            heading = (2, stripped)
        elif plain_txt and not first_text_seen:
            heading = (1, stripped)
        elif plain_txt and cur is None and (
                (PARTICIPANT_HEADINGS.match(stripped.rstrip(":")) and len(stripped) < 40
                 and not PARTICIPANT_LABEL.match(stripped))    # "Deltagere: A, B" lists
                or (TXT_GROUP.match(stripped) and len(stripped) < 120
                    and not BULLET.match(stripped))
                or (NEXT_STEPS.match(stripped) and len(stripped) < 40)):
            heading = (2, stripped.rstrip(":"))
        first_text_seen = True
        if heading:
            blocks.append(Block("heading", heading[1].strip(), f"line={n}", level=heading[0]))
            cur = None
            continue
        b = BULLET.match(line)
        if b:
            cur = Block("bullet", b[1].strip(), f"line={n}", number=_typed_number(line))
            blocks.append(cur)
        elif cur is not None:
            cur.text += "\n" + stripped
        else:
            cur = Block("para", stripped, f"line={n}")
            blocks.append(cur)
    return blocks


def pdf_blocks(path: Path, ctx: FileContext) -> tuple[list[Block], list[tuple[str, str]]]:
    """Blocks of notes printed to PDF: its paragraphs, read as plain text notes."""
    from rus_analysis.ingest.letters import pdf_page_texts

    paras, furniture = pdf_paragraphs(pdf_page_texts(path, ctx))
    text = "\n\n".join(("- " + p.text[2:].lstrip()) if p.bullet else p.text for p in paras)
    blocks = text_blocks(text, markdown=False)
    # locators of the PDF paragraphs, in order (text_blocks numbers lines of the join)
    by_line = {}
    line = 1
    for p in paras:
        by_line[f"line={line}"] = p.locator
        line += 2
    for b in blocks:
        b.locator = by_line.get(b.locator, b.locator)
    return blocks, furniture


# --- docx -------------------------------------------------------------------------------

def docx_blocks(path: Path, ctx: FileContext) -> list[Block]:
    """Blocks of a .docx in document order: body paragraphs and tables.

    Headings by built-in style (Heading/Overskrift 1-3, Title = 1), bullets by a List
    style or numbering. A table is one block with its rows' cell texts (``table=T``).
    """
    doc = open_docx(path, ctx)
    from docx.oxml.ns import qn

    names = {s.style_id: s.name for s in doc.styles}
    body = doc.element.body
    blocks: list[Block] = []
    n_para = n_table = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            n_para += 1
            blk = _para_block(child, names, f"para={n_para}")
            if blk:
                blocks.append(blk)
        elif child.tag == qn("w:tbl"):
            n_table += 1
            rows = [["\n".join(_p_text(p) for p in tc.iter(qn("w:p"))).strip()
                     for tc in tr.iterchildren(qn("w:tc"))]
                    for tr in child.iterchildren(qn("w:tr"))]
            blocks.append(Block("table", "", f"table={n_table}", rows=rows))
    return blocks


def docx_paragraphs(path: Path, ctx: FileContext
                    ) -> tuple[list[Para], list[tuple[str, str]]]:
    """A Word letter as paragraphs (``para=N``) and its furniture (kind, locator).

    Bullets keep a bullet sign. Headings are furniture: a title or section heading is
    not something the sender said. A table (a region's "høringsskema": ``Afsnit/side |
    Bemærkning | Forslag til ændring``, one row per remark) is read as the notes read
    theirs: the header row and the short label cells are furniture and become the
    ``context`` of each content cell of their row, which is a paragraph of its own
    (``table=T;row=R;col=C``); before, the header and every label cell were quoted as
    statements. Unlike notes, every column that is not a label is content: a remark and
    the change it proposes are both input.
    """
    out: list[Para] = []
    furniture: list[tuple[str, str]] = []
    for b in docx_blocks(path, ctx):
        if b.kind == "table":
            out.extend(_letter_table(b, furniture))
        elif b.kind == "heading" and b.text.strip():
            furniture.append(("heading", b.locator))
        elif b.text.strip():
            text = f"• {b.text}" if b.kind == "bullet" else b.text
            out.append(Para(text.split("\n"), b.locator))
    return out, furniture


def _letter_table(b: Block, furniture: list[tuple[str, str]]) -> list[Para]:
    """A letter's table: one paragraph per content cell, its row's labels as context."""
    shape = _table_shape(b.rows)
    if shape is None:
        furniture.append(("table_of_labels", b.locator))
        return []
    if shape.header is not None:
        furniture.append(("table_header", f"{b.locator};row=1"))
    out: list[Para] = []
    first = 2 if shape.header is not None else 1
    for r, row in enumerate(b.rows[first - 1:], start=first):
        labels = _row_labels(shape, row)
        if labels:
            furniture.append(("table_label", f"{b.locator};row={r}"))
        for c, cell in enumerate(row):
            if c in shape.labels or not cell.strip():
                continue
            context = {**labels, "kolonne": _column_name(shape, c)} \
                if shape.header is not None else labels
            out.append(Para(cell.split("\n"), f"{b.locator};row={r};col={c + 1}",
                            context=context))
    return out


def open_docx(path: Path, ctx: FileContext) -> Document:
    """Open with python-docx, turning its many failure modes into one clear problem."""
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # lxml, zipfile, KeyError, ValueError from python-docx
        msg = str(exc)
        if "depth" in msg.lower() or "huge" in msg.lower():
            ctx.problem("corrupt_file", "the document is nested too deeply (e.g. tables "
                        "inside tables many levels down) to be read safely",
                        action="simplify the document (no nested tables) and save it again")
        elif isinstance(exc, zipfile.BadZipFile | EOFError):
            ctx.problem("corrupt_file", f"the docx file is damaged or truncated ({msg[:200]})")
        else:
            ctx.problem("corrupt_file", f"the docx file cannot be opened; it is damaged or "
                        f"not a real Word document ({type(exc).__name__}: {msg[:200]})")
        raise FileRejected from None


def _p_text(p: Any) -> str:   # p: python-docx CT_P (lxml element)
    try:
        return p.text or ""
    except Exception:  # a malformed run; fall back to raw text nodes
        return "".join(t for t in p.itertext())


def _para_block(p: Any, names: dict[str, str], locator: str) -> Block | None:
    text = _p_text(p).strip()
    if not text:
        return None
    style_id = p.style or ""
    name = names.get(style_id, style_id)
    for s in (name, style_id):
        m = HEADING_STYLE.match(s.replace("Heading", "Heading ").replace("  ", " "))
        if m:
            return Block("heading", text, locator, level=int(m[1]))
    if name.lower() == "title":
        return Block("heading", text, locator, level=1)
    numbered = p.pPr is not None and p.pPr.numPr is not None
    if numbered or re.search(r"list|liste|opstilling", name, re.IGNORECASE):
        return Block("bullet", text, locator)
    bullet = BULLET.match(text)
    if bullet:
        return Block("bullet", bullet[1].strip(), locator, number=_typed_number(text))
    return Block("para", text, locator)


def _typed_number(text: str) -> str:
    """The number typed before a line ("2. Drøftelse" -> "2"), "" for a bullet sign."""
    m = re.match(r"^\s*(\d{1,2})[.)]\s", text)
    return m[1] if m else ""


# --- participants and speakers ----------------------------------------------------------

HEADER_WORDS = {"navn", "name", "organisation", "organization", "rolle", "role", "titel",
                "title", "kommune", "stilling", "deltager", "funktion"}


def _is_header_row(cells: list[str]) -> bool:
    filled = [c.strip().lower() for c in cells if c.strip()]
    return bool(filled) and all(c in HEADER_WORDS for c in filled)


def _org_score(part: str, known: set[str], resolve: Resolve) -> int:
    p = part.strip()
    if not p:
        return -1
    if p.lower() in known:
        return 3
    if re.search(r"\bkommune\b", p, re.IGNORECASE):
        return 3
    res = resolve(p)
    if res.code and res.method in {"exact", "alias"}:
        return 2
    if ORG_WORDS.search(p):
        return 2
    return 0


def participant_org(line: str, known: set[str], resolve: Resolve) -> str:
    """The organisation in a participant line.

    ``Organisation – rolle`` (dash), ``Navn (Organisation, rolle)`` (brackets) or
    ``Navn, rolle, Organisation`` (commas); whichever part looks most like an
    organisation wins, ties go to the documented position.
    """
    line = line.strip().rstrip(".")
    m = NAMED.match(line)
    if m:
        return m["org"].split(",")[0].strip()
    parts = re.split(r"\s+[–—-]\s+", line)
    if len(parts) > 1:
        default = 0
    else:
        parts = [p.strip() for p in line.split(",")]
        default = len(parts) - 1
    scores = [_org_score(p, known, resolve) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], i == default))
    return parts[best].strip()


def split_participants(text: str) -> list[str]:
    """"A (X), B (Y, referent) og C" -> ["A (X)", "B (Y, referent)", "C"]: commas and
    "og" outside brackets separate participants."""
    items, depth, cur = [], 0, ""
    for ch in text.strip().rstrip("."):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    out: list[str] = []
    for item in items:
        out += [x.strip() for x in re.split(r"\s+og\s+(?![^()]*\))", item) if x.strip()]
    return out


def speaker_of(text: str, known: set[str], resolve: Resolve) -> tuple[str, str] | None:
    """(speaker, rest) when ``text`` starts with an organisation followed by a colon."""
    m = SPEAKER.match(text)
    if not m:
        return None
    who = m[1].strip()
    if len(who.split()) > MAX_SPEAKER_WORDS + 3 or who.endswith((".", "?", "!")):
        return None
    named = NAMED.match(who)
    if named and _org_score(named["org"].split(",")[0], known, resolve) >= 2:
        return who, m[2]
    if len(who.split()) > MAX_SPEAKER_WORDS or _org_score(who, known, resolve) < 2:
        return None
    return who, m[2]


# the organiser presents the case ("Region Hovedstaden har sendt udkastet i høring")
ORGANISER_SUBJECT = re.compile(r"(?i)^region(?:en)?\b")


def names_speaker(text: str, known: set[str], people: dict[str, str], resolve: Resolve
                  ) -> bool:
    """True when a point names who raised it: a leading speaker ("Rudersdal Kommune: ..."
    or "Sara Friis: ..." of the list), a speaker in brackets at the end, or an
    organisation as the subject of its first sentence ("Gribskov Kommune pegede på ...").

    Why: such a point is what a participant said, never the organiser's case
    presentation, whatever label stands above it.
    """
    if speaker_of(text, known, resolve) or _trailing_speaker(text, known, resolve):
        return True
    m = SPEAKER.match(text)
    if m and m[1].strip().casefold() in people:
        return True
    words = text.split()
    for n in range(1, min(len(words), MAX_SPEAKER_WORDS)):
        if not words[n - 1][:1].isupper():
            break
        subject = " ".join(words[:n])
        if words[n][:1].islower() and not ORGANISER_SUBJECT.match(subject) \
                and _org_score(subject, known, resolve) >= 2:
            return True
    return False


# A participant in a public role keeps the name (the role is public; see rus_analysis.pii)
_PUBLIC_ROLE = re.compile(r"(?i)\b(?:borgmester|viceborgmester|rådmand|regionsrådsformand|"
                          r"regionsrådsmedlem|folketingsmedlem|minister|statsminister|"
                          r"udvalgsformand|formand\s+for)\w*")


# --- blocks -> records and attendance ----------------------------------------------------

@dataclass
class NotesResult:
    participants: list[Participant] = field(default_factory=list)
    n_skipped: int = 0   # paragraphs outside any table group (e.g. intro under the title)
    furniture: list[tuple[str, str]] = field(default_factory=list)   # (kind, locator)
    encoding: str = ""
    eventuelt: list[str] = field(default_factory=list)   # sentences set aside there


@dataclass
class _Table:
    """A table read as statements: the content column, label columns, the header row."""

    header: list[str] | None
    content: list[int]
    labels: list[int]


def _table_shape(rows: list[list[str]]) -> _Table | None:
    """Which column holds statements and which are labels; None for a table of labels
    only (a schedule, a list of names)."""
    width = max((len(r) for r in rows), default=0)
    if not width:
        return None

    def mean_len(c: int, rs: list[list[str]]) -> float:
        vals = [r[c].strip() for r in rs if c < len(r) and r[c].strip()]
        return sum(len(v) for v in vals) / len(vals) if vals else 0.0

    def words(c: int, rs: list[list[str]]) -> float:
        vals = [r[c].strip() for r in rs if c < len(r) and r[c].strip()]
        return sum(len(v.split()) for v in vals) / len(vals) if vals else 0.0

    header = None
    data = rows
    if len(rows) >= 2:
        first = rows[0]
        rest_len = [mean_len(c, rows[1:]) for c in range(width)]
        short = all(len(x.strip()) <= MAX_LABEL_CHARS and not x.strip().endswith(".")
                    for x in first)
        best = max(range(width), key=lambda c: rest_len[c])
        cell = first[best].strip() if best < len(first) else ""
        if short and (len(cell) < 0.5 * rest_len[best] or _is_header_row(first)):
            header, data = first, rows[1:]
    lens = [mean_len(c, data) for c in range(width)]
    best = max(range(width), key=lambda c: lens[c])
    if words(best, data) < 3:
        return None
    labels = [c for c in range(width) if c != best and 0 < lens[c] <= MAX_LABEL_CHARS]
    return _Table(header, [best], labels)


def blocks_to_records(blocks: list[Block], sink: RecordSink, ctx: FileContext,
                      known_orgs: set[str], resolve: Resolve,
                      declared: tuple[str, ...] = ()) -> NotesResult:
    """Records from bullets, paragraphs and table cells; participants; furniture.

    ``question`` is the heading path (meeting > group > subgroup); ``question_id`` the
    slug of the group path below the meeting. A leading ``Organisation:`` becomes the
    record's organisation (and municipality_raw when it names a municipality) and is
    taken off the text; ``Navn (Organisation):`` also names the participant (a voice of
    its own, kept as a hash). Bullets under a table group heading ("Bord 1: ...") have
    the table group as their voice.
    """
    out = NotesResult()
    known = {k.lower() for k in known_orgs}
    people: dict[str, str] = {}     # participant name (casefolded) -> organisation
    for item in declared:
        org = participant_org(item, known, resolve)
        out.participants.append(Participant(org, item, "manifest"))
    _collect_participants(blocks, out, known, people, resolve, ctx)
    parts = ItemParts(lambda text: names_speaker(text, known, people, resolve))
    blocks, in_agenda = _split_agenda_items(blocks, parts.names_speaker)
    # "Deltagere" and "Næste skridt" group no input: text under the title of notes whose
    # only other headings are those is the meeting's, not outside a group
    has_groups = any(b.kind == "heading" and b.level >= 2 and not _furniture_heading(b.text)
                     for b in blocks)
    path: dict[int, str] = {}
    admin_level: int | None = None
    eventuelt = False
    participants = _ListSection()
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            parts.section = ""
            for lvl in [k for k in path if k >= b.level]:
                del path[lvl]
            path[b.level] = b.text
            participants.heading(b)
            if admin_level is not None and b.level <= admin_level:
                admin_level = None
            if NEXT_STEPS.match(b.text) and b.level >= 2:
                admin_level = b.level
                eventuelt = bool(EVENTUELT.search(b.text))
            out.furniture.append(("heading", b.locator))
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        listed = participants.listed(b)
        # a point that names its speaker is what a participant said, under "Eventuelt"
        # and "Næste skridt" too ("Furesø Kommune foreslog, at ..."); "Referent: ..." not
        in_admin = admin_level is not None and (
            b.kind == "table" or bool(LABEL_PARA.match(b.text.strip()))
            or not parts.names_speaker(b.text))
        text, section = b.text, ""
        if b.kind != "table" and not in_admin and not listed:
            kind, text, section = parts.read(b.text, in_agenda[i])
            if kind:
                out.furniture.append((kind, b.locator))
                continue
        kind = _furniture_kind(b, nxt, listed, in_admin)
        if kind == "next_steps" and eventuelt and _holds_sentences(b.text):
            out.eventuelt.append(b.locator)
        if kind:
            out.furniture.append((kind, b.locator))
            continue
        groups = [path[k] for k in sorted(path) if k >= 2]
        if not groups and has_groups:
            out.n_skipped += 1
            out.furniture.append(("outside_group", b.locator))
            continue
        if not groups:
            groups = [path[k] for k in sorted(path)][:1] or [""]
        question = " > ".join(path[k] for k in sorted(path))
        qid = slug(" ".join(groups))
        group = next((GROUP_LABEL.match(g)[1] for g in groups if GROUP_LABEL.match(g)), "")
        if b.kind == "table":
            _table_records(b, sink, out, question, qid, group, known, people, resolve)
            continue
        part = {"afsnit": section.capitalize()} if section else {}
        _add(sink, b.locator, text, question, qid, group, part, known, people, resolve)
    return out


def _split_agenda_items(blocks: list[Block], speaker: Callable[[str], bool]
                        ) -> tuple[list[Block], list[bool]]:
    """The blocks, those inside an agenda item cut into its parts
    (``agenda.split_item_block``), and for each whether it stands inside an agenda item:
    only there does a "Sagsfremstilling:" / "Baggrund:" label mark the organiser's text."""
    out: list[Block] = []
    inside: list[bool] = []
    path: dict[int, bool] = {}
    # numbered level-1 headings in a row are the items of minutes without a title; a
    # single one is the title ("2. dialogmøde om RUS"); ``below_title`` did the rest
    top_items = sum(b.kind == "heading" and b.level == 1 and is_agenda_item(b.text)
                    for b in blocks) >= 2
    for b in blocks:
        if b.kind == "heading":
            for lvl in [k for k in path if k >= b.level]:
                del path[lvl]
            path[b.level] = is_agenda_item(b.text) and (b.level >= 2 or top_items)
            out.append(b)
            inside.append(False)
            continue
        pieces = split_item_block(b, speaker) if any(path.values()) else [b]
        out.extend(pieces)
        inside.extend([any(path.values())] * len(pieces))
    return out, inside


def _furniture_kind(b: Block, nxt: Block | None, in_participants: bool, in_admin: bool
                    ) -> str:
    """The furniture kind of a non-heading block, or "" when it may hold input."""
    if in_participants:
        return "participants"
    if in_admin:
        return "next_steps"
    if b.kind == "table":
        return ""
    text = b.text.strip()
    if LABEL_PARA.match(text):
        return "participants" if PARTICIPANT_LABEL.match(text) else "label"
    if b.kind == "para" and text.endswith(":") and len(text) <= MAX_LEAD_IN_CHARS and \
            nxt is not None and nxt.kind in ("bullet", "table"):
        return "lead_in"
    if b.kind == "para" and ADMIN.search(text) and len(text) <= 2 * MAX_LEAD_IN_CHARS:
        return "administrative"
    return ""


def _holds_sentences(text: str) -> bool:
    """True for text that says something ("Flere ønskede en fælles indsats for rent
    grundvand."), not "Intet." or an administrative line ("Næste møde afholdes ...")."""
    return len(text.split()) >= MIN_SENTENCE_WORDS and not ADMIN.search(text)


def _collect_participants(blocks: list[Block], out: NotesResult, known: set[str],
                          people: dict[str, str], resolve: Resolve, ctx: FileContext) -> None:
    """Participants from a Deltagere heading (bullets, paragraphs, table rows) and from
    "Deltagere:" / "Ved bordet:" paragraphs; they make speakers recognisable. A listed
    private person's name joins the run's list (``ctx.private_name``)."""

    def add(line: str, locator: str) -> None:
        org = participant_org(line, known, resolve)
        if not org:
            return
        named = NAMED.match(line.strip().rstrip("."))
        person = named["name"].strip() if named else ""
        if not named and "," in line:
            head = line.split(",")[0].strip()
            person = head if head != org and _org_score(head, known, resolve) < 2 else ""
        out.participants.append(Participant(org, line, locator, person))
        known.add(org.lower())
        if person:
            people[person.casefold()] = org
            if not _PUBLIC_ROLE.search(line):
                # a listed participant's name is redacted wherever it stands in the run
                # ("..., siger Kenneth Madsen"); the voice keeps it only as a hash
                ctx.private_name(person)

    section = _ListSection()
    for b in blocks:
        if b.kind == "heading":
            section.heading(b)
            continue
        m = PARTICIPANT_LABEL.match(b.text.strip()) if b.kind != "table" else None
        if m:
            for item in split_participants(m["list"]):
                if looks_like_list_entry(item):
                    add(item, b.locator)
            continue
        if not section.listed(b) and not section.active:
            continue
        if b.kind == "table":
            for r, row in enumerate(b.rows, start=1):
                if _is_header_row(row) or not any(c.strip() for c in row):
                    continue
                add(", ".join(c for c in row if c.strip()), f"{b.locator};row={r}")
            continue
        for line in _entry_lines(b):
            if looks_like_list_entry(line):
                add(line, b.locator)


def _entry_lines(b: Block) -> list[str]:
    """The candidate entries of a block: a bullet is one (its lines wrap), a paragraph
    typed as lines holds one per line."""
    if b.kind == "bullet":
        return [" ".join(b.text.split())]
    return [x for x in b.text.split("\n") if x.strip()]


def _is_list_block(b: Block) -> bool:
    """A block under a participant heading that is (part of) the list, not discussion."""
    lines = _entry_lines(b)
    return bool(lines) and all(looks_like_list_entry(x) for x in lines)


@dataclass
class _ListSection:
    """Whether a block stands in the participant list under a "Deltagere" heading.

    Why the list ends before the next heading: minutes go on with the discussion below
    the list, and a point that happens to look like an entry ("Movia", "Gribskov Kommune
    – borgmester.") after a sentence of the discussion is no longer the list. So the
    section ends at the next heading, or at the first block that is not the list once
    the list has begun (a lead-in such as "Følgende deltog:" before it does not end it).
    """

    active: bool = False
    begun: bool = False

    def heading(self, b: Block) -> None:
        self.active = bool(PARTICIPANT_HEADINGS.match(b.text)) and b.level >= 2
        self.begun = False

    def listed(self, b: Block) -> bool:
        """True for a block of the list (a table, or lines that are all entries)."""
        if not self.active:
            return False
        if b.kind == "table" or _is_list_block(b):
            self.begun = True
            return True
        self.active = not self.begun
        return False


def _column_name(shape: _Table, c: int) -> str:
    """A column's header text, or "kolonne N" where the table has none."""
    head = shape.header or []
    return head[c].strip() if c < len(head) and head[c].strip() else f"kolonne {c + 1}"


def _row_labels(shape: _Table, row: list[str]) -> dict[str, str]:
    """A row's label cells by their column's name: the context of its content cells."""
    return {_column_name(shape, c): row[c].strip() for c in shape.labels
            if c < len(row) and row[c].strip()}


def _table_records(b: Block, sink: RecordSink, out: NotesResult, question: str, qid: str,
                   group: str, known: set[str], people: dict[str, str],
                   resolve: Resolve) -> None:
    """A table: each content cell is a statement; label cells are its context."""
    shape = _table_shape(b.rows)
    if shape is None:
        out.furniture.append(("table_of_labels", b.locator))
        return
    if shape.header is not None:
        out.furniture.append(("table_header", f"{b.locator};row=1"))
    first = 2 if shape.header is not None else 1
    for r, row in enumerate(b.rows[first - 1:], start=first):
        labels = _row_labels(shape, row)
        if labels:
            out.furniture.append(("table_label", f"{b.locator};row={r}"))
        for c in shape.content:
            text = row[c].strip() if c < len(row) else ""
            if not text:
                continue
            label = next(iter(labels.values()), "")
            speaker = ""
            if label and len(label.split()) <= MAX_SPEAKER_WORDS and \
                    _org_score(label, known, resolve) >= 2:
                speaker = label      # "Organisation | statement": the organisation spoke
            row_group = GROUP_LABEL.match(label)[1] if label and GROUP_LABEL.match(label) \
                else group
            text = f"{speaker}: {text}" if speaker else text
            _add(sink, f"{b.locator};row={r};col={c + 1}", text, question, qid, row_group,
                 labels, known, people, resolve)


def _add(sink: RecordSink, locator: str, text: str, question: str, qid: str, group: str,
         context: dict[str, str], known: set[str], people: dict[str, str],
         resolve: Resolve) -> None:
    """One record; a leading speaker is taken off the text and becomes its voice."""
    organisation = municipality = voice = ""
    sp = speaker_of(text, known, resolve)
    if sp is None:
        m = SPEAKER.match(text)
        if m and m[1].strip().casefold() in people:      # "Sara Friis: ..." of the list
            sp = (f"{m[1].strip()} ({people[m[1].strip().casefold()]})", m[2])
    if sp is None:
        sp = _trailing_speaker(text, known, resolve)
    if sp:
        who, text = sp
        named = NAMED.match(who)
        if named:
            organisation = named["org"].split(",")[0].strip()
            voice = pii.person_key(sink.round_id, sink.source_file,
                                   named["name"].strip())
        else:
            organisation = who
        res = resolve(organisation)
        if res.code and (res.method in {"exact", "alias", "code"}
                         or re.search(r"\bkommune\b", organisation, re.IGNORECASE)):
            municipality = organisation
    if not voice and not organisation and group:
        voice = f"group:{group}"
    ctx_items = {"bord": group} if group else {}
    ctx_items.update(context)
    sink.add(locator, text, question_id=qid, question=question,
             municipality_raw=municipality, organisation=organisation, voice_key=voice,
             context=context_json(ctx_items))


def _trailing_speaker(text: str, known: set[str], resolve: Resolve
                      ) -> tuple[str, str] | None:
    """(organisation, text) when a point ends with its speaker's organisation in brackets
    ("... bedre busforbindelser (Gribskov Kommune)"), as minutes often note who raised
    it; a bracket that names no organisation ("(se bilag 2)") stays in the text."""
    m = TRAILING_SPEAKER.match(text)
    if not m or len(m["org"].split()) > MAX_SPEAKER_WORDS:
        return None
    if _org_score(m["org"], known, resolve) < 2:
        return None
    return m["org"].strip(), m["text"].strip()


def _furniture_heading(text: str) -> bool:
    """A participant or next-steps heading: it groups no input ("Deltagere", "3. Eventuelt")."""
    return bool(PARTICIPANT_HEADINGS.match(text) or NEXT_STEPS.match(text))


# what the analyst can do when all of a file's paragraphs went to one kind of furniture
NO_RECORDS_ACTIONS = {
    "outside_group": "text above the first group is not read: give each group a heading "
                     "(Heading 2 'Bord 1: ...') or type the agenda items as '1. ...', "
                     "'2. ...' on lines of their own",
    "case_presentation": "the paragraphs after 'Sagsfremstilling:' / 'Baggrund:' are read "
                         "as the organiser's case presentation: put what the meeting said "
                         "under 'Drøftelse:', or name its speaker ('Gribskov Kommune: ...')",
    "participants": "a participant list runs to the next heading: give the discussion a "
                    "heading of its own",
    "next_steps": "'Næste skridt' / 'Eventuelt' sections are not read: move input out of "
                  "them",
}


def _no_records(furniture: list[tuple[str, str]]) -> tuple[str, str, str]:
    """(message, action, value) of a notes file that gave no statement: what happened
    to the paragraphs that were found, counted by furniture kind.

    Why: "no paragraphs under a table group were found" was shown when they were found
    and all set aside (as case presentation, outside any group, as the participant
    list), which sent the analyst looking for a fault that was not there.
    """
    counts: dict[str, int] = {}
    for kind, _ in furniture:
        if kind != "heading":
            counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return ("no statement was read: the notes hold headings only, no bullets, "
                "paragraphs or tables under them", "check that the file holds the minutes "
                "themselves, not only their outline", "")
    value = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in counts.items())
    actions = [NO_RECORDS_ACTIONS[k] for k in counts if k in NO_RECORDS_ACTIONS]
    return (f"no statement was read: all {sum(counts.values())} paragraph(s) found were "
            f"set aside as document furniture ({value}; listed in the furniture line)",
            "; ".join(actions) or "check the furniture line: if a part listed there holds "
            "input, give it a group heading", value)


def read_notes(path: Path, fmt: str, ctx: FileContext, sink: RecordSink,
               known_orgs: set[str], resolve: Resolve, declared: tuple[str, ...] = (),
               need_participants: bool = True) -> NotesResult:
    """Meeting notes or a workshop summary in any of its formats."""
    furniture: list[tuple[str, str]] = []
    encoding = ""
    if fmt == "docx":
        blocks = docx_blocks(path, ctx)
    elif fmt == "pdf":
        blocks, furniture = pdf_blocks(path, ctx)
    else:
        dec = decode_bytes(path.read_bytes(), ctx)
        blocks = text_blocks(dec.text, markdown=(fmt == "md"))
        encoding = dec.encoding
    if not any(b.text.strip() or b.rows for b in blocks):
        ctx.problem("empty_file", "the notes hold no text")
        raise FileRejected
    blocks = agenda_headings(below_title(blocks, _furniture_heading), _furniture_heading)
    res = blocks_to_records(blocks, sink, ctx,
                            known_orgs, resolve, declared)
    res.encoding = encoding
    res.furniture = furniture + res.furniture
    log.info("%s: %d blocks, %d records, %d participants, encoding=%s", ctx.where,
             len(blocks), len(sink), len(res.participants), encoding or "-")
    if not len(sink):
        detail, action, value = _no_records(res.furniture)
        ctx.problem("no_records", detail, severity="warning", action=action, value=value)
    if res.eventuelt:
        ctx.problem("eventuelt_not_read", f"{len(res.eventuelt)} paragraph(s) under "
                    f"'Eventuelt' were not read as statements: they hold sentences but name "
                    f"no speaker ({', '.join(res.eventuelt)})", severity="warning",
                    value=", ".join(res.eventuelt))
    if need_participants and not res.participants:
        ctx.problem("participants_not_found", "no participant list was found (a 'Deltagere' "
                    "heading or paragraph, 'Ved bordet:' lines, or participants: in "
                    "manifest.yaml); attendance of this meeting is unknown",
                    severity="warning")
    return res


read_meeting = read_notes   # the old name
