"""Meeting notes (.docx, .md, .txt): one record per bullet or paragraph, plus attendance.

Why blocks first, records second: the three formats differ only in how headings and
bullets are marked. Each is turned into the same list of blocks (heading of level n,
bullet, paragraph), and one function turns blocks into records and participants, so a
meeting reads the same whether it was typed in Word or in a text editor.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.records import RecordSink, slug
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
TXT_GROUP = re.compile(r"^\s*(bord|tema|gruppe|table|punkt|dagsordenspunkt)\s*\d+\b.*$",
                       re.IGNORECASE)
SPEAKER = re.compile(r"^\s*([^:\n]{2,70}?)\s*:\s+(\S.*)$", re.DOTALL)
ORG_WORDS = re.compile(
    r"\b(kommune|regionskommune|region|a/s|aps|i/s|amba|forsyning|forening|foreningen|"
    r"forbund|selskab|universitet|universitets|styrelse|styrelsen|direktorat|"
    r"direktoratet|ministerium|ministeriet|dsb|movia|hofor|novafos|banedanmark|kkr|kl|"
    r"erhvervshus|industri|fond|råd|rådet|akademi|skole|hospital)\b", re.IGNORECASE)
MAX_SPEAKER_WORDS = 6


@dataclass
class Block:
    kind: str            # heading | bullet | para | row
    text: str
    locator: str
    level: int = 0       # heading level
    row: str = ""        # table cell paragraphs: the locator of their table row
    cells: list[str] = field(default_factory=list)   # kind == "row": a table row's cells


@dataclass
class Participant:
    organisation: str
    line: str
    locator: str


# --- text and markdown ------------------------------------------------------------------

def text_blocks(text: str, markdown: bool) -> list[Block]:
    """Blocks of a .md/.txt file; locator ``line=N`` is the block's first line.

    Headings: ``#`` lines, setext underlines; in .txt without any ``#`` heading, the first
    line is the meeting (level 1) and ``Deltagere`` / ``Bord 3: ...`` lines are level 2.
    Bullets: ``-``, ``*``, ``•``, ``1.``; a following indented/unmarked line continues the
    bullet. Paragraphs: runs of non-blank lines.
    """
    lines = normalise_newlines(text).split("\n")
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
                (PARTICIPANT_HEADINGS.match(stripped.rstrip(":")) and len(stripped) < 40)
                or (TXT_GROUP.match(stripped) and len(stripped) < 120
                    and not BULLET.match(stripped))):
            heading = (2, stripped.rstrip(":"))
        first_text_seen = True
        if heading:
            blocks.append(Block("heading", heading[1].strip(), f"line={n}", level=heading[0]))
            cur = None
            continue
        b = BULLET.match(line)
        if b:
            cur = Block("bullet", b[1].strip(), f"line={n}")
            blocks.append(cur)
        elif cur is not None:
            cur.text += "\n" + stripped
        else:
            cur = Block("para", stripped, f"line={n}")
            blocks.append(cur)
    return blocks


# --- docx -------------------------------------------------------------------------------

def docx_blocks(path: Path, ctx: FileContext) -> list[Block]:
    """Blocks of a .docx in document order: body paragraphs and table cells.

    Headings by built-in style (Heading/Overskrift 1-3, Title = 1), bullets by a List
    style or numbering. Table cell paragraphs become paragraphs
    (``table=T;row=R;col=C;para=P``) and each table row is also kept whole (kind "row"):
    participant tables and "organisation | statement" tables are read by row.
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
            k = 0
            for r, tr in enumerate(child.iterchildren(qn("w:tr")), start=1):
                row_loc = f"table={n_table};row={r}"
                cells = ["\n".join(_p_text(p) for p in tc.iter(qn("w:p"))).strip()
                         for tc in tr.iterchildren(qn("w:tc"))]
                blocks.append(Block("row", ", ".join(c for c in cells if c), row_loc,
                                    cells=cells))
                for c, tc in enumerate(tr.iterchildren(qn("w:tc")), start=1):
                    for k, p in enumerate(tc.iter(qn("w:p")), start=1):
                        text = _p_text(p).strip()
                        if text:
                            blocks.append(Block("para", text, f"{row_loc};col={c};para={k}",
                                                row=row_loc))
    return blocks


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
        return Block("bullet", bullet[1].strip(), locator)
    return Block("para", text, locator)


# --- blocks -> records and attendance ----------------------------------------------------

@dataclass
class NotesResult:
    participants: list[Participant] = field(default_factory=list)
    n_skipped: int = 0   # paragraphs outside any table group (e.g. intro under the title)
    encoding: str = ""


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

    ``Organisation – rolle`` (dash) or ``Navn, rolle, Organisation`` (commas); whichever
    part looks most like an organisation wins, ties go to the documented position.
    """
    line = line.strip().rstrip(".")
    parts = re.split(r"\s+[–—-]\s+", line)
    if len(parts) > 1:
        default = 0
    else:
        parts = [p.strip() for p in line.split(",")]
        default = len(parts) - 1
    scores = [_org_score(p, known, resolve) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], i == default))
    return parts[best].strip()


def speaker_of(text: str, known: set[str], resolve: Resolve) -> tuple[str, str] | None:
    """(speaker, rest) when ``text`` starts with an organisation followed by a colon."""
    m = SPEAKER.match(text)
    if not m:
        return None
    who = m[1].strip()
    if len(who.split()) > MAX_SPEAKER_WORDS or who.endswith((".", "?", "!")):
        return None
    if _org_score(who, known, resolve) < 2:
        return None
    return who, m[2]


def blocks_to_records(blocks: list[Block], sink: RecordSink, ctx: FileContext,
                      known_orgs: set[str], resolve: Resolve) -> NotesResult:
    """Records from bullets/paragraphs under a table group; participants from Deltagere.

    ``question`` is the heading path (meeting > group > subgroup); ``question_id`` the
    slug of the group path below the meeting. A leading ``Organisation:`` becomes the
    record's organisation (and municipality_raw when it names a municipality) and is
    taken off the text.
    """
    out = NotesResult()
    path: dict[int, str] = {}
    in_participants = False
    known = {k.lower() for k in known_orgs}
    # Participants first: they make speaker prefixes recognisable.
    for b in blocks:
        if b.kind == "heading":
            in_participants = bool(PARTICIPANT_HEADINGS.match(b.text)) and b.level >= 2
            continue
        if in_participants and b.kind in ("bullet", "para", "row") and b.text:
            if b.row or (b.kind == "row" and _is_header_row(b.cells)):
                continue   # cells are taken whole from their row; header rows are no one
            org = participant_org(b.text, known, resolve)
            if org:
                out.participants.append(Participant(org, b.text, b.locator))
                known.add(org.lower())
    in_participants = False
    speaker_rows: set[str] = set()
    for b in blocks:
        if b.kind == "heading":
            for lvl in [k for k in path if k >= b.level]:
                del path[lvl]
            path[b.level] = b.text
            in_participants = bool(PARTICIPANT_HEADINGS.match(b.text)) and b.level >= 2
            continue
        if in_participants or b.row in speaker_rows:
            continue
        if b.kind == "row":
            # A two-cell row "Organisation | statement" is one statement by a speaker.
            filled = [c for c in b.cells if c.strip()]
            if len(filled) == 2 and path and any(k >= 2 for k in path) and \
                    len(filled[0].split()) <= MAX_SPEAKER_WORDS and \
                    _org_score(filled[0], known, resolve) >= 2:
                speaker_rows.add(b.locator)
                b = Block("para", f"{filled[0]}: {filled[1]}", b.locator)
            else:
                continue
        groups = [path[k] for k in sorted(path) if k >= 2]
        if not groups:
            out.n_skipped += 1
            log.info("%s %s: text outside any table group skipped: %.60s", ctx.where,
                     b.locator, b.text)
            continue
        question = " > ".join(path[k] for k in sorted(path))
        organisation = municipality = ""
        text = b.text
        sp = speaker_of(text, known, resolve)
        if sp:
            organisation, text = sp
            res = resolve(organisation)
            if res.code and (res.method in {"exact", "alias", "code"}
                             or re.search(r"\bkommune\b", organisation, re.IGNORECASE)):
                municipality = organisation
        sink.add(b.locator, text, question_id=slug(" ".join(groups)), question=question,
                 municipality_raw=municipality, organisation=organisation)
    return out


def read_meeting(path: Path, fmt: str, ctx: FileContext, sink: RecordSink,
                 known_orgs: set[str], resolve: Resolve) -> NotesResult:
    if fmt == "docx":
        blocks = docx_blocks(path, ctx)
        encoding = ""
    else:
        dec = decode_bytes(path.read_bytes(), ctx)
        blocks = text_blocks(dec.text, markdown=(fmt == "md"))
        encoding = dec.encoding
    if not any(b.text.strip() for b in blocks):
        ctx.problem("empty_file", "the meeting notes hold no text")
        raise FileRejected
    res = blocks_to_records(blocks, sink, ctx, known_orgs, resolve)
    res.encoding = encoding
    log.info("%s: %d blocks, %d records, %d participants, encoding=%s", ctx.where,
             len(blocks), len(sink), len(res.participants), encoding or "-")
    if not len(sink):
        ctx.problem("no_records", "no bullets or paragraphs under a table group (Heading 2 "
                    "such as 'Bord 1: ...') were found", severity="warning")
    return res
