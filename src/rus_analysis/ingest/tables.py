"""Reading tabular files (.csv, .xlsx) into rows of text, with the header row found.

Why one layer for both: survey exports and post-it transcriptions arrive as either, and
the same questions arise for both - which row is the header (exports put a title above
it), which columns are which, what an empty cell is. Rows are streamed: a survey export
with a million rows must not be held as a million Python lists at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.safety import MB
from rus_analysis.ingest.textfile import decode_bytes, sniff_delimiter

log = logging.getLogger("rus_analysis.ingest")

HEADER_SCAN_ROWS = 30
READ_ONLY_OVER_BYTES = 20 * MB     # unpacked size above which openpyxl streams (no merges)
MAX_MERGED_CELLS = 2_000_000
MAX_DECLARED_COLUMNS = 2_000
# a count or a share as a results sheet shows it: "12", "37%", "37,5 %", "0.42"
FIGURE = re.compile(r"^-?\d+(?:[.,]\d+)?\s*%?$")


@dataclass
class Table:
    """A tabular file opened for reading: header, then data rows as they come."""

    header: list[str]
    header_row: int                         # 1-based physical row number of the header
    rows: Iterator[tuple[int, list[str]]]   # (1-based row number, cells as text)
    sheet: str = ""
    encoding: str = ""
    delimiter: str = ""
    # (row, col) of merged cells other than the top-left -> (row, col) of the top-left
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    close: Any = None
    title: str = ""                         # the first text above the header row, if any
    sub_header_row: int | None = None       # 1-based row of a matrix's sub-items, if any


def cell_text(value: Any) -> str:
    """A cell value as the text a person would see."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(
            sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_loc(table: Table) -> str:
    """The sheet part of a locator ("sheet=Resultater;"), "" for a CSV file."""
    return f"sheet={table.sheet};" if table.sheet else ""


def sheet_txt(table: Table) -> str:
    """The sheet part of a problem message ("sheet 'Resultater': "), "" for a CSV file."""
    return f"sheet '{table.sheet}': " if table.sheet else ""


def norm_header(text: str) -> str:
    """Header key for matching: lower case, punctuation and runs of space folded."""
    t = str(text).replace("\u00a0", " ").strip().lower()
    t = re.sub(r"[^\w?]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def find_header(first: list[list[str]], wanted: set[str], forced: int | None,
                min_cols: int = 2) -> int:
    """Index (0-based, in ``first``) of the header row.

    A manifest ``header_row`` wins. Else the first row that holds a header we expect
    (``wanted``: headers named in the manifest, or a post-it file's column names) and is
    wide; else the first wide row - at least 60% as wide as the widest of the first rows,
    since title rows above a header fill one or two cells. Width matters because a data
    value can equal a header name (an organisation type "Kommune").
    """
    if forced is not None:
        return forced - 1
    widths = [sum(1 for c in row if c.strip()) for row in first]
    widest = max(widths, default=0)
    wide = [w >= max(min_cols, 0.6 * widest) for w in widths]
    if wanted:
        for i, row in enumerate(first):
            # a header cell is short; a 50 MB answer cell must not be normalised here
            if wide[i] and wanted & {norm_header(c) for c in row if c.strip() and len(c) < 500}:
                return i
    for i, ok in enumerate(wide):
        if ok:
            return i
    return next((i for i, w in enumerate(widths) if w), 0)


MAX_SUB_ITEM_CHARS = 120     # a sub-item is a label ("Cykelstier"), not an answer


def sub_header(upper: list[str], lower: list[str]) -> list[str] | None:
    """The headers of a two-row header (a matrix question over its sub-items), or None.

    Why: Enalyzer, Netigate and SurveyXact export a matrix question as one question text
    in row 1, merged (or only in its first column, or repeated) over its columns, and the
    sub-items ("Kollektiv trafik", "Andet, nemlig", "Uddyb gerne dit svar") in row 2.
    Taking either row alone loses half: row 2 alone drops the question and the
    respondent columns above it; row 1 alone reads row 2 as a respondent and gives every
    sub-item the same header. The rows are a pair when the upper row has a block (a
    question followed by empty cells or repeats of it) and the lower row has a label under
    every column of the block, while the lower row is empty under at least one column
    the upper row names on its own (Respondent-ID, Kommune, merged down over both
    rows). A title row (one text over every column) has no column of its own, and a data
    row has no empty cell under such a column and labels only under the block.
    Each column of a block is named "<question> - <sub-item>".
    """
    width = max(len(upper), len(lower))
    up = [(upper[i].strip() if i < len(upper) else "") for i in range(width)]
    low = [(lower[i].strip() if i < len(lower) else "") for i in range(width)]
    if any(FIGURE.match(c) or len(c) > MAX_SUB_ITEM_CHARS for c in low if c):
        return None
    owner: list[int | None] = []     # index of the question a column belongs to
    for i, c in enumerate(up):
        prev = owner[-1] if owner else None
        if c and (prev is None or c != up[prev]):
            owner.append(i)
        elif prev is not None and low[i]:
            owner.append(prev)       # empty or repeated above, a label below: the block
        else:
            owner.append(None)       # an empty column between blocks
    blocks = {o for i, o in enumerate(owner) if o is not None and o != i}
    if not blocks:
        return None
    alone = [i for i, o in enumerate(owner) if o == i and i not in blocks]
    if any(low[i] for i in alone) or not alone:
        return None
    if any(not low[i] for i, o in enumerate(owner) if o in blocks):
        return None
    return [f"{up[o]} - {low[i]}" if o in blocks else up[i]
            for i, o in enumerate(owner)]


def _two_rows(store: list[tuple[int, list[str]]], tops: tuple[int, ...]
              ) -> tuple[int, list[str]] | None:
    """(index of the upper header row in ``store``, headers) when a row of ``tops`` and
    the row below it are a two-row header."""
    for top in tops:
        if top >= 0 and top + 1 < len(store):
            joined = sub_header(store[top][1], store[top + 1][1])
            if joined is not None:
                return top, joined
    return None


def open_csv(path: Path, ctx: FileContext, wanted: set[str], *, encoding: str | None,
             delimiter: str | None, header_row: int | None, max_mb: float) -> Table:
    """Decode and open a CSV; the text is held once, rows are parsed as they are read."""
    dec = decode_bytes(path.read_bytes(), ctx, forced=encoding)
    text = dec.text
    if not text.strip():
        ctx.problem("empty_file", "the file holds no text (only blanks or line breaks)")
        raise FileRejected
    delim = sniff_delimiter(text, delimiter)
    csv.field_size_limit(min(sys.maxsize, int(max_mb * MB) + 1))

    def reader() -> Iterator[tuple[int, list[str]]]:
        lines = io.StringIO(text, newline="").readlines()
        widths: Counter[int] = Counter()
        first_line = 0          # 0-based physical line the current parse starts at
        while True:
            rd = csv.reader(iter(lines[first_line:]), delimiter=delim)
            start = first_line + 1
            restart = None
            try:
                for row in rd:
                    # the line a record starts on (an answer may span several lines)
                    swallowed = _swallowed_row(row, widths, delim)
                    if swallowed is not None and _closes(
                            lines[start - 1:first_line + rd.line_num], delim):
                        swallowed = None  # a quoted answer over several lines, closed
                    if swallowed is not None:
                        cell, cut, offset = swallowed
                        row = [*row[:cell], row[cell][:cut].rstrip("\r\n")]
                        restart = start - 1 + offset
                        ctx.problem("unclosed_quote",
                                    f"row {start}: a quote (\") opened in column "
                                    f"{cell + 1} is not closed, so the lines after it were "
                                    f"read as one answer; line {restart + 1} looks like a row "
                                    "of its own and was read as one",
                                    severity="warning", locator=f"row={start}",
                                    value=f"row={start}")
                        yield start, row
                        break
                    if not any("\n" in c or "\r" in c for c in row):
                        widths[len(row)] += 1
                    yield start, row
                    start = first_line + rd.line_num + 1
            except csv.Error as exc:
                line = first_line + rd.line_num
                ctx.problem("corrupt_file", f"row {line}: the CSV cannot be parsed ({exc})",
                            locator=f"row={line}")
                raise FileRejected from None
            if restart is None:
                return
            first_line = restart

    it = reader()
    store: list[tuple[int, list[str]]] = []
    _take(it, HEADER_SCAN_ROWS, store)
    h = find_header([r for _, r in store], wanted, header_row)
    if h >= len(store):
        ctx.problem("missing_column", f"header row {h + 1} is beyond the end of the file")
        raise FileRejected
    h, header, sub = _header(store, h, header_row)
    header_no = store[h][0]
    rest = chain(store[h + 1 + (sub is not None):], it)
    log.info("%s: csv encoding=%s delimiter=%r header_row=%d", ctx.where, dec.encoding,
             delim, header_no)
    return Table(header=[c.strip() for c in header], header_row=header_no, rows=rest,
                 encoding=dec.encoding, delimiter=delim, title=_title(store[:h]),
                 sub_header_row=sub)


def _header(store: list[tuple[int, list[str]]], h: int, forced: int | None
            ) -> tuple[int, list[str], int | None]:
    """(index of the header row, headers, 1-based row of the sub-items or None).

    The header row found (``find_header``) may be either half: the question row is
    narrower than the data rows below, so the sub-items' row is often found first. A
    manifest ``header_row`` names the question row of a two-row header."""
    pair = _two_rows(store, (h,) if forced is not None else (h - 1, h))
    if pair is None:
        return h, store[h][1], None
    top, joined = pair
    return top, joined, store[top + 1][0]


_NEWLINE = re.compile(r"\r\n|\r|\n")
MIN_ROW_WIDTH = 3        # a line of a two-column file is too easily a row by accident


def _swallowed_row(row: list[str], widths: Counter[int], delim: str
                   ) -> tuple[int, int, int] | None:
    """Where a cell holds a line shaped like a row of this file, or None.

    Why: an unclosed quote (``2;Gribskov;"uafsluttet citat``) makes the csv module read
    every following line into that one cell; the respondents below disappear into the
    answer above and the accounting still balances. A line inside a cell with exactly as
    many fields as the file's usual row (the most common width of single-line rows seen
    so far, at least ``MIN_ROW_WIDTH``) is taken for a swallowed row. Returns the cell
    index, the character offset of that line in the cell, and the number of physical
    lines from the record's first line to it.
    """
    if not widths:
        return None
    width = widths.most_common(1)[0][0]
    if width < MIN_ROW_WIDTH:
        return None
    lines_before = 0
    for i, cell in enumerate(row):
        breaks = list(_NEWLINE.finditer(cell))
        for m in breaks:
            line_end = _NEWLINE.search(cell, m.end())
            line = cell[m.end():line_end.start() if line_end else len(cell)]
            if line.strip() and len(next(csv.reader([line], delimiter=delim))) == width:
                offset = lines_before + sum(1 for b in breaks if b.start() < m.end())
                return i, m.start(), offset
        lines_before += len(breaks)
    return None


def _closes(record_lines: list[str], delim: str) -> bool:
    """Whether the quotes of one record's physical lines all close where they should.

    Why: a line inside a quoted answer may look like a row of the file ("busser; tog;
    cykelstier" in a list of three wishes); only a quote that never closes (the record
    runs to the end of the file), or one closed by the quote of a later row (text after
    the closing quote), is an unclosed quote. The csv module's strict mode raises on
    both and accepts a correctly quoted answer.
    """
    try:
        for _ in csv.reader(io.StringIO("".join(record_lines), newline=""),
                            delimiter=delim, strict=True):
            pass
    except csv.Error:
        return False
    return True


def _title(above: list[tuple[int, list[str]]]) -> str:
    """The first text above a header row (an export's title), "" when there is none."""
    for _, row in above:
        for cell in row:
            if cell.strip():
                return " ".join(cell.split())
    return ""


def _take(it: Iterator[tuple[int, list[str]]], n: int, store: list[tuple[int, list[str]]]
          ) -> list[tuple[int, list[str]]]:
    for item in it:
        store.append(item)
        if len(store) >= n:
            break
    return store


_UNCACHED = re.compile(rb"</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>|<f\s[^>]*/>\s*</c>")


def _uncached_formulas(path: Path, index: int) -> int:
    """Formula cells of the ``index``-th sheet without a cached value.

    openpyxl with data_only=True reads such a cell as empty - an answer computed by a
    formula would vanish without a word. Best effort: any doubt gives 0.
    """
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as zf:
            ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
            ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
            sheets = ET.fromstring(zf.read("xl/workbook.xml")).iter(f"{ns_main}sheet")
            rid = [s.get(f"{ns_rel}id") for s in sheets][index]
            rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            target = next(r.get("Target") for r in rels if r.get("Id") == rid)
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return len(_UNCACHED.findall(zf.read(member)))
    except Exception:
        return 0


def open_xlsx(path: Path, ctx: FileContext, wanted: set[str], *, sheet: str | None,
              header_row: int | None) -> Table:
    """Open a workbook with cached formula values; stream big ones (read_only)."""
    import openpyxl

    with zipfile.ZipFile(path) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
    big = unpacked > READ_ONLY_OVER_BYTES
    try:
        wb = openpyxl.load_workbook(path, read_only=big, data_only=True)
    except Exception as exc:  # openpyxl raises KeyError, zip, XML and value errors alike
        ctx.problem("corrupt_file", f"the workbook cannot be opened; it is damaged or "
                    f"not a real .xlsx ({type(exc).__name__}: {str(exc)[:200]})")
        raise FileRejected from None
    names = wb.sheetnames
    if sheet is not None and sheet not in names:
        wb.close()
        ctx.problem("sheet_missing", f"the sheet '{sheet}' named in manifest.yaml is not "
                    f"in the workbook; its sheets are: {', '.join(names)}")
        raise FileRejected
    name = sheet if sheet is not None else names[0]
    ws = wb[name]
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    if not big:
        max_r, max_c = ws.max_row, ws.max_column
        for rng in ws.merged_cells.ranges:
            r0, c0 = rng.min_row, rng.min_col
            if len(merged) > MAX_MERGED_CELLS:
                ctx.problem("read_failed", f"sheet '{name}': too many merged cells; merged "
                            "ranges were ignored", severity="warning")
                merged.clear()
                break
            for r in range(r0, min(rng.max_row, max_r) + 1):
                for c in range(c0, min(rng.max_col, max_c) + 1):
                    if (r, c) != (r0, c0):
                        merged[(r, c)] = (r0, c0)
    else:
        # A streamed sheet pads every row to the declared dimension; a bogus one
        # ("A1:XFD1048576") would make each row 16,384 cells. Trust the cells instead.
        if (ws.max_column or 0) > MAX_DECLARED_COLUMNS:
            ws.reset_dimensions()
        if len(names) > 1 and sheet is None:
            log.info("%s: reading the first sheet '%s' of %s", ctx.where, name, names)

    def rows() -> Iterator[tuple[int, list[str]]]:
        i = 0
        try:
            for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield i, [cell_text(v) for v in values]
        except FileRejected:
            raise
        except Exception as exc:
            ctx.problem("corrupt_file", f"sheet '{name}': the workbook is damaged after row "
                        f"{i} ({type(exc).__name__}: {str(exc)[:200]})")
            raise FileRejected from None

    it = rows()
    store: list[tuple[int, list[str]]] = []
    _take(it, HEADER_SCAN_ROWS, store)
    if not store:
        wb.close()
        ctx.problem("empty_file", f"sheet '{name}' is empty")
        raise FileRejected
    h = find_header([r for _, r in store], wanted, header_row)
    if h >= len(store):
        wb.close()
        ctx.problem("missing_column", f"sheet '{name}': header row {h + 1} is beyond the "
                    "end of the sheet")
        raise FileRejected
    h, header, sub = _header(store, h, header_row)
    header_no = store[h][0]
    if not big:
        n = _uncached_formulas(path, names.index(name))
        if n:
            ctx.problem("formula_without_value", f"sheet '{name}': {n} formula cell(s) have "
                        "no saved result (the workbook was written by a program that does "
                        "not calculate formulas); they read as empty", severity="warning")
    log.info("%s: xlsx sheet=%r header_row=%d read_only=%s merged_cells=%d", ctx.where, name,
             header_no, big, len(merged))
    return Table(header=[c.strip() for c in header], header_row=header_no,
                 rows=chain(store[h + 1 + (sub is not None):], it), sheet=name,
                 merged=merged, close=wb.close, title=_title(store[:h]), sub_header_row=sub)


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order (read from the workbook part, cheaply)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def looks_like_table(path: Path, sheet: str, min_rows: int = 2) -> tuple[bool, str]:
    """(is the sheet a table of answers, why not): a header and at least one data row,
    each with two or more filled cells. A front sheet of notes in one column is not, nor
    a sheet of aggregated results (``is_aggregate``)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        wide = cells = 0
        rows: list[list[str]] = []
        for row in wb[sheet].iter_rows(values_only=True, max_row=HEADER_SCAN_ROWS + 20):
            texts = [cell_text(v).strip() for v in row]
            filled = sum(1 for v in texts if v)
            cells += filled
            wide += filled >= 2
            if filled >= 2:
                rows.append(texts)
        if wide < min_rows:
            return False, (f"it is not a table of answers ({cells} filled cell(s), fewer "
                           f"than {min_rows} rows with two or more columns)")
        if is_aggregate(rows):
            figure = next(c for c in rows[1][1:] if c)
            return False, ("it holds aggregated results (a label per row and only counts or "
                           f"percentages beside it, such as '{figure}'), not answers; the "
                           "answers they summarise are read from the answer sheet")
        return True, ""
    finally:
        wb.close()


def is_aggregate(rows: list[list[str]]) -> bool:
    """Whether rows (header first) are a summary: under a header, each row one label and
    nothing but counts or percentages in every other cell.

    Why: Enalyzer and SurveyXact add a sheet "Grafer"/"Oversigt" with the percentage of
    each option per question. Read as answers, its labels ("Cykelstier") became
    statements of respondents that do not exist, counted a second time beside the
    answers they summarise.
    """
    body = [r for r in rows[1:] if any(r)]
    if not body:
        return False
    for r in body:
        filled = [c for c in r if c]
        # the label is text: a sheet of respondent numbers and scores is coded answers
        if len(filled) < 2 or FIGURE.match(filled[0]) or \
                not all(FIGURE.match(c) for c in filled[1:]):
            return False
    return True
