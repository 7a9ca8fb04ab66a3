"""Paragraphs from a document's layout: PDF pages, plain text, Word paragraphs.

Why layout first: a PDF has no paragraphs, only lines at positions. Read as plain text, a
two-page letter became three "statements" of 1,700, 230 and 1,500 characters, one cut at
the page break, with the running header glued on. pypdf's layout mode keeps the vertical
gaps as blank lines; from those we rebuild paragraphs, drop the running header, footer
and page numbers (lines at the top or bottom of every page), join a paragraph that
continues across a page break, and repair words hyphenated across lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "Side 1 af 2", "Page 3 of 7", "- 2 -", "2/5", "3"
PAGE_NUMBER = re.compile(r"(?i)^(?:side|page|s\.)?\s*[-–]?\s*\d{1,4}\s*(?:(?:af|of|/)\s*\d{1,4})?"
                         r"\s*[-–]?$")
BULLET_LINE = re.compile(r"^\s*(?:[-*+•·▪◦–●]|\d{1,2}[.)])\s+\S")
SENTENCE_END = re.compile(r"[.!?:;»”\"')]\s*$")
# "regio-" + "nale": a hyphen after a lower-case letter at the end of a line
HYPHEN_END = re.compile(r"(?<=[a-zæøåéü])-$")
MIN_LINES_WITH_EDGES = 4   # a page this short has no running header or footer to drop
# two columns: the right column starts at one position (within COLUMN_SLACK characters)
# after a gap of at least COLUMN_GAP spaces, on at least COLUMN_MIN_LINES lines and on
# at least half of the lines that reach that far, ...
COLUMN_GAP = 4
COLUMN_SLACK = 1
COLUMN_MIN_LINES = 3
COLUMN_FILL = 0.6   # ... and where the left column's lines fill at least this share of it
_GAP = re.compile(r"\S( {" + str(COLUMN_GAP) + r",})(?=\S)")


@dataclass
class Para:
    """A paragraph: its lines as laid out, where it starts, and what it is."""

    lines: list[str]
    locator: str
    page: int = 0
    kind: str = ""            # "" = body; else the furniture kind ("signature", ...)
    pages: set[int] = field(default_factory=set)
    # labels beside the paragraph ({"Afsnit/side": "Afsnit 2, side 4"} for a table cell)
    context: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The paragraph as one line of text, with words hyphenated across lines joined."""
        return join_lines(self.lines)

    @property
    def bullet(self) -> bool:
        return bool(self.lines) and bool(BULLET_LINE.match(self.lines[0]))


def split_columns(page_text: str) -> tuple[str, int | None]:
    """A page laid out in two columns, read column by column: (text, column start) or the
    page unchanged and None.

    Why: pypdf's layout mode keeps a two-column page's lines side by side ("Region
    Hovedstaden bør prioritere …      Grundvandet skal beskyttes …"), so each paragraph
    came out as the two columns' lines woven together: one blob about two topics.

    Two columns are recognised only where they look like running text: many lines
    (``COLUMN_MIN_LINES``, and half of those that reach so far) have text on both sides
    of a wide gap that ends at one position, and the left column fills its width (the
    median left part is at least ``COLUMN_FILL`` of it). A form ("Navn:  Jens Hansen"),
    a table of short cells or a sender block does not, and stays as it is: splitting a
    label from its value would also take a name out of the field redaction knows. The
    stretch from the first to the last line with right-column text (and the left
    column's lines that run on directly below it) is emitted as its left column, a
    blank line, and its right column; a line that runs across the gutter ends a stretch
    and stays where it stands, and so does everything before and after the stretch
    (a closing formula below the columns stays below both).
    """
    lines = page_text.split("\n")
    gaps: list[list[tuple[int, int]]] = [
        [(m.start(1), m.end(1)) for m in _GAP.finditer(ln)] for ln in lines]
    starts: dict[int, int] = {}
    for g in gaps:
        for _, x in g:
            starts[x] = starts.get(x, 0) + 1
    if not starts:
        return page_text, None
    width = max(len(ln.rstrip()) for ln in lines)
    best, votes = None, 0
    for x in sorted(starts):
        v = sum(c for y, c in starts.items() if abs(y - x) <= COLUMN_SLACK)
        if v > votes and 0.25 * width <= x <= 0.75 * width:
            best, votes = x, v
    if best is None or votes < COLUMN_MIN_LINES:
        return page_text, None
    x = best - COLUMN_SLACK
    reaching = sum(1 for ln in lines if len(ln.rstrip()) > x + COLUMN_SLACK)
    lefts = sorted(a for g in gaps for a, b in g if abs(b - best) <= COLUMN_SLACK)
    if votes * 2 < reaching or lefts[len(lefts) // 2] < COLUMN_FILL * best:
        return page_text, None

    def right_text(ln: str) -> bool:
        head, tail = ln[:x], ln[x:]
        return bool(tail.strip()) and (not head.strip() or head.endswith("  "))

    rows = [i for i, ln in enumerate(lines) if right_text(ln)]
    first, last = rows[0], rows[-1]
    while last + 1 < len(lines) and lines[last + 1].strip() and \
            not lines[last + 1][x:].strip():
        last += 1                  # the left column runs on below the right one
    out: list[str] = lines[:first]
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        if left or right:
            out.extend([*left, "", *right, ""])
            left.clear()
            right.clear()

    for ln in lines[first:last + 1]:
        head, tail = ln[:x], ln[x:]
        if not ln.strip():
            left.append("")
            right.append("")
        elif tail.strip() and not right_text(ln):
            flush()             # runs across the gutter: a full-width line
            out.append(ln)
        else:
            if head.strip():
                left.append(head.rstrip())
            if tail.strip():
                right.append(tail.strip())
    flush()
    out.extend(lines[last + 1:])
    return "\n".join(out), best


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one text; "regio-" + "nale" -> "regionale" (a hyphen
    after a digit or capital, as in "CO2-" or "EU-", stays)."""
    out = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if out and HYPHEN_END.search(out) and line[:1].islower():
            out = out[:-1] + line
        elif out:
            out = f"{out} {line}"
        else:
            out = line
    return out


def text_paragraphs(text: str, prefix: str = "line") -> list[Para]:
    """Paragraphs of plain text: runs of non-blank lines; a bullet line starts a new one.

    Locator ``line=N``: the paragraph's first line (1-based).
    """
    paras: list[Para] = []
    cur: Para | None = None
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            cur = None
            continue
        if cur is None or BULLET_LINE.match(line):
            cur = Para([line.rstrip()], f"{prefix}={n}")
            paras.append(cur)
        else:
            cur.lines.append(line.rstrip())
    return paras


def pdf_paragraphs(page_texts: list[str], breaks: frozenset[int] = frozenset(),
                   content: re.Pattern[str] | None = None
                   ) -> tuple[list[Para], list[tuple[str, str]]]:
    """Paragraphs of a PDF from the layout text of its pages (pypdf layout mode).

    Returns the paragraphs (locator ``page=P;para=N``, N counted per page) and the lines
    left out as running header/footer or page number, as (kind, locator). ``breaks``:
    pages (1-based) on which a new document starts (a bundle's next response), where no
    paragraph of the page before continues: the last line of a signature ("Center for
    Teknik og Miljø") ends no sentence, and the next sender's heading was glued to it.
    ``content``: lines that are never a running header or footer however often they
    recur at a page's edge: in a bundle, every response may end with "Med venlig
    hilsen" at the foot of its page, and dropped as a footer it took the signature's
    recognition (and the signer's name's redaction) with it.
    """
    pages = [[ln.rstrip() for ln in t.split("\n")] for t in page_texts]
    repeated = _repeated_edges(pages)
    furniture: list[tuple[str, str]] = []
    paras: list[Para] = []
    for p, lines in enumerate(pages, start=1):
        filled = [i for i, ln in enumerate(lines) if ln.strip()]
        # a running header or footer is a short line above or below the page's text
        edges = {i for i in filled[:2] + filled[-2:]
                 if len(filled) >= MIN_LINES_WITH_EDGES and len(lines[i].strip()) <= 80}
        n_para = 0
        cur: Para | None = None
        first_on_page = True
        for i, line in enumerate(lines):
            s = " ".join(line.split())
            if not s:
                cur = None
                continue
            if i in edges and (PAGE_NUMBER.match(s) or _edge_key(s) in repeated) and \
                    not (content and content.match(s)):
                kind = "page_number" if PAGE_NUMBER.match(s) else "running_header"
                furniture.append((kind, f"page={p}"))
                cur = None
                continue
            if cur is None and first_on_page and paras and p not in breaks and \
                    _continues(paras[-1], line):
                cur = paras[-1]      # the paragraph goes on across the page break
                cur.pages.add(p)
            if cur is None or BULLET_LINE.match(line):
                n_para += 1
                cur = Para([], f"page={p};para={n_para}", page=p, pages={p})
                paras.append(cur)
            cur.lines.append(line.strip())
            first_on_page = False
    return _reflow_if_flat(paras), furniture


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Texts of the first/last lines that recur on at least two pages (running header
    or footer); digits are folded, so "Side 1" and "Side 2" are the same line."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        filled = [ln for ln in lines if ln.strip()]
        for s in {_edge_key(x) for x in filled[:2] + filled[-2:]}:
            seen[s] = seen.get(s, 0) + 1
    return {s for s, n in seen.items() if n >= 2}


def _continues(prev: Para, line: str) -> bool:
    """Does the first line of a page continue the last paragraph of the page before?"""
    if not prev.lines or prev.kind:
        return False
    last = prev.lines[-1].rstrip()
    return not SENTENCE_END.search(last) or line.strip()[:1].islower()


def _reflow_if_flat(paras: list[Para]) -> list[Para]:
    """A PDF without vertical gaps between paragraphs gives one paragraph per page; split
    such a block where a line ends a sentence and is clearly shorter than full lines."""
    out: list[Para] = []
    for para in paras:
        if len(para.lines) < 8:
            out.append(para)
            continue
        full = sorted(len(ln) for ln in para.lines)[int(0.8 * (len(para.lines) - 1))]
        part = Para([], para.locator, page=para.page, pages=set(para.pages))
        k = 0
        for i, ln in enumerate(para.lines):
            part.lines.append(ln)
            nxt = para.lines[i + 1] if i + 1 < len(para.lines) else ""
            if nxt and SENTENCE_END.search(ln) and len(ln) < 0.75 * full and \
                    (nxt[:1].isupper() or BULLET_LINE.match(nxt)):
                out.append(part)
                k += 1
                part = Para([], f"{para.locator}.{k}", page=para.page, pages=set(para.pages))
        if part.lines:
            out.append(part)
    return out
