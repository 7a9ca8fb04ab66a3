"""The analysts' Excel workbook and CSV files, written fast, atomically and safely.

Why text cells, not apostrophes: statements are text typed by the public, and a cell that
starts with ``=``, ``+``, ``-`` or ``@`` would be run by a spreadsheet as a formula
(CSV/formula injection). In the workbook every text is stored as a text cell (an inline
string, never a formula) with Excel's ``quotePrefix`` style, so Excel shows it as typed,
without an apostrophe, and keeps it text when the cell is edited. A CSV file has no cell
types, so there such values get a leading apostrophe (``neutralise_formula``).
"""

from __future__ import annotations

import contextlib
import datetime
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rus_analysis.atomic import atomic_write

EXCEL_MAX_CELL = 32_767
_FORMULA_START = re.compile(r"^[\s]*[=+\-@]|^[\t\r]")
# characters openpyxl refuses (XML 1.0 illegal control characters)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PERCENT = "0.0%"
_EXCEL_MAX_ROWS = 1_048_576
_EXCEL_MAX_COLS = 16_384
_DATETIME_FORMAT = "YYYY-MM-DD HH:MM:SS"
_DATE_FORMAT = "YYYY-MM-DD"


def _fit(value: str) -> str:
    """Text as a cell can hold it: no XML-illegal characters, at most 32,767 characters."""
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > EXCEL_MAX_CELL:
        value = value[: EXCEL_MAX_CELL - 20] + " …[afkortet]"
    return value


def formula_like(value: str) -> bool:
    """True for text a spreadsheet would read as a formula when typed in."""
    return bool(_FORMULA_START.match(value))


def neutralise_formula(value: Any) -> Any:
    """For CSV: prefix ``'`` to text a spreadsheet would run as a formula; others as is."""
    if not isinstance(value, str):
        return value
    value = _fit(value)
    return "'" + value if formula_like(value) else value


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Atomically write one table as UTF-8 CSV with BOM (opens right in Danish Excel)."""
    safe = df.map(neutralise_formula) if len(df) else df
    return atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8-sig"))


@dataclass(frozen=True)
class Sheet:
    """A table and how its columns look: number formats (e.g. ``PERCENT``) and widths."""

    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    widths: Mapping[str, float] = field(default_factory=dict)


def write_excel(tables: Mapping[str, pd.DataFrame | Sheet], path: Path) -> Path:
    """Atomically write one workbook: a sheet per table, bold frozen header row, filters
    on, column widths set, number formats per column, text always as text.

    Why not ``DataFrame.to_excel``: it builds an openpyxl cell object for every value
    (~70 s and ~1.5 GB for 100,000 statements) and turns text starting with "=" into a
    live formula. openpyxl (write-only mode) writes the workbook, its styles, sheets,
    views, widths, filters and header rows; the data rows of sheets of text, numbers and
    booleans are then streamed into the sheet XML as text, ~10x faster. A sheet with
    anything else (dates) is written cell by cell by openpyxl, with the same rules.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    names = _unique([_sheet_name(sheet) for sheet in tables])

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        streamed: list[tuple[Any, list[list[Any]], list[str]]] = []
        for name, table in zip(names, tables.values(), strict=True):
            sheet = table if isinstance(table, Sheet) else Sheet(table)
            frame = sheet.frame.reset_index(drop=True)
            n_rows, n_cols = frame.shape
            if n_rows > _EXCEL_MAX_ROWS or n_cols > _EXCEL_MAX_COLS:
                raise ValueError(f"sheet '{name}' has {n_rows:,} rows and {n_cols:,} columns; "
                                 f"Excel holds at most {_EXCEL_MAX_ROWS:,} x {_EXCEL_MAX_COLS:,}"
                                 "; use the Parquet table of the same name instead")
            ws = wb.create_sheet(name)
            header = [_fit(str(c)) for c in frame.columns]
            columns = [_cell_values(frame.iloc[:, j]) for j in range(n_cols)]
            # a write-only sheet writes its view and columns before the first row
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = sheet.widths.get(
                    col, _column_width(header[i - 1], columns[i - 1]))
            if not n_cols:
                continue
            ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"
            bold = Font(bold=True)
            ws.append([_text_cell(ws, h, font=bold) for h in header])
            formats = [sheet.formats.get(c, "") for c in frame.columns]
            if n_rows and all(map(_plain, columns)):
                streamed.append((ws, columns, formats))
            else:
                for row in zip(*columns, strict=True):
                    ws.append([_cell(ws, v, f) for v, f in zip(row, formats, strict=True)])
        styled = []             # style ids are the book's: registered before it is saved
        for ws, cols, fmts in streamed:
            styles = _StyleIds(ws)
            styled.append((ws, cols, [styles.number(f) for f in fmts], styles.text()))
        wb.save(tmp)            # a sheet's path is known once the book is saved
        if styled:
            _stream_rows(tmp, [(ws.path.lstrip("/"), *rest) for ws, *rest in styled])

    return atomic_write(path, write)


def write_workbook(sheets: Mapping[str, pd.DataFrame | Sheet], path: str | Path) -> Path:
    """The analysts' workbook from any sheets (name -> table); see ``write_excel``."""
    return write_excel(sheets, Path(path))


class _StyleIds:
    """Style ids (``s="..."``) of the formats the streamed rows use, registered in the
    workbook before it is saved, so that its styles part lists them."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self._ws = ws                  # any sheet of the workbook: styles are the book's
        self._cell = WriteOnlyCell
        self._ids: dict[str, int] = {}

    def number(self, fmt: str) -> int:
        if not fmt:
            return 0
        if fmt not in self._ids:
            cell = self._cell(self._ws, value=0)
            cell.number_format = fmt
            self._ids[fmt] = cell.style_id
        return self._ids[fmt]

    def text(self) -> int:
        if "@quote" not in self._ids:
            cell = self._cell(self._ws, value="x")
            cell.quotePrefix = True
            self._ids["@quote"] = cell.style_id
        return self._ids["@quote"]


def _text_cell(ws: Any, value: str, font: Any = None) -> Any:
    """A text cell that stays text: never a formula or an error code."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value="x")
    cell._value, cell.data_type = value, "s"
    if formula_like(value):
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    return cell


def _cell(ws: Any, value: Any, fmt: str) -> Any:
    """One value of a sheet written by openpyxl (not streamed)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, str):
        return _text_cell(ws, value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = fmt or _DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = fmt or _DATE_FORMAT
    elif fmt:
        cell.number_format = fmt
    return cell


def _plain(values: list[Any]) -> bool:
    """True if every value is text, a number, a boolean or empty (streamable)."""
    return set(map(type, values)) <= {str, int, float, bool, type(None)}


def _xml_text(v: str) -> str:
    """Text as lxml writes it: &, <, > as entities, and \\r as a character reference (an
    XML parser would read a literal one as \\n)."""
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _rows_xml(columns: list[list[Any]], letters: list[str], first_row: int,
              number_styles: list[int], quote_style: int) -> str:
    """``<row>`` elements for plain values, as openpyxl's cell writer renders them
    (empty values are left out, so number columns stay numbers)."""
    out: list[str] = []
    num_attr = [f' s="{s}"' if s else "" for s in number_styles]
    for r, row in enumerate(zip(*columns, strict=True), start=first_row):
        out.append(f'<row r="{r}">')
        for letter, v, na in zip(letters, row, num_attr, strict=True):
            cls = v.__class__
            if cls is str:
                if not v:
                    continue
                style = f' s="{quote_style}"' if _FORMULA_START.match(v) else ""
                space = ' xml:space="preserve"' if v != v.strip() else ""
                out.append(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t{space}>'
                           f'{_xml_text(v)}</t></is></c>')
            elif v is None:
                continue
            elif cls is bool:
                out.append(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
            else:
                out.append(f'<c r="{letter}{r}"{na} t="n"><v>{_number(v)}</v></c>')
        out.append("</row>")
    return "".join(out)


def _number(v: int | float) -> str:
    """A number as the XML holds it (``repr`` of a float reads back as the same float)."""
    return repr(v) if v.__class__ is float else str(v)


def _stream_rows(xlsx: Path, sheets: list[tuple[str, list[list[Any]], list[int], int]],
                 chunk: int = 5_000) -> None:
    """Insert data rows 2.. into sheets that openpyxl wrote with their header row only."""
    import shutil
    import zipfile

    from openpyxl.utils import get_column_letter

    todo = {path: (cols, nums, quote) for path, cols, nums, quote in sheets}
    src_path = xlsx.with_name(xlsx.name + ".header")
    os.replace(xlsx, src_path)
    try:
        with zipfile.ZipFile(src_path) as src, \
                zipfile.ZipFile(xlsx, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename not in todo:
                    with src.open(info) as fin, dst.open(info, "w") as fout:
                        shutil.copyfileobj(fin, fout)
                    continue
                columns, nums, quote = todo[info.filename]
                n_rows, letters = len(columns[0]), [get_column_letter(i + 1)
                                                    for i in range(len(columns))]
                head, tail = src.read(info).decode("utf-8").split("</sheetData>", 1)
                head = _with_dimension(head, f"A1:{letters[-1]}{n_rows + 1}")
                with dst.open(info.filename, "w", force_zip64=True) as fout:
                    fout.write(head.encode("utf-8"))
                    for s in range(0, n_rows, chunk):
                        part = [c[s:s + chunk] for c in columns]
                        # non-ASCII as character references, as openpyxl (lxml) writes it
                        fout.write(_rows_xml(part, letters, s + 2, nums, quote).encode(
                            "ascii", "xmlcharrefreplace"))
                    fout.write(("</sheetData>" + tail).encode("utf-8"))
    finally:
        with contextlib.suppress(OSError):
            src_path.unlink()


def _with_dimension(head: str, ref: str) -> str:
    """The sheet's used range in its ``<dimension>`` (after ``<sheetPr>``, as the schema
    orders it): readers in read-only mode (pandas) size every row by it."""
    if "<dimension " in head:
        return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', head, count=1)
    tag = f'<dimension ref="{ref}"/>'
    if "</sheetPr>" in head:
        return head.replace("</sheetPr>", "</sheetPr>" + tag, 1)
    return re.sub(r"(<worksheet[^>]*>)", r"\1" + tag, head, count=1)


def _column_width(header: str, values: list[Any]) -> float:
    """Width from the header and the first 500 values, between 8 and 60 characters."""
    sample = [_cell_len(v) for v in values[:500]]
    width = max([len(header), *sample])
    return min(max(width + 2, 8), 60)


def _cell_values(series: pd.Series) -> list[Any]:
    """The cells of one column: text fitted to a cell, numbers as Python numbers, missing
    values as None (an empty cell), lists as "a; b; c", dates as dates."""
    values = series.array
    if isinstance(values, np.ndarray | pd.arrays.NumpyExtensionArray) and \
            values.dtype.kind in "iub":
        return series.tolist()
    if isinstance(series.dtype, pd.StringDtype):
        cache: dict[str, str] = {}   # text repeats (round, file, municipality): fit once
        return [None if v is None else cache[v] if v in cache else cache.setdefault(v, _fit(v))
                for v in series.to_numpy(dtype=object, na_value=None)]
    return [_value(v) for v in series.tolist()]


def _value(val: Any) -> Any:
    """One value as a cell holds it."""
    if val is None:
        return None
    if isinstance(val, str):
        return _fit(val)
    if isinstance(val, bool | np.bool_):
        return bool(val)
    if isinstance(val, int | np.integer):
        return int(val)
    if isinstance(val, float | np.floating):
        f = float(val)
        if math.isnan(f):
            return None
        return f if math.isfinite(f) else ("inf" if f > 0 else "-inf")
    if isinstance(val, list | tuple | np.ndarray):
        return _fit("; ".join(str(v) for v in val))
    if val is pd.NA or val is pd.NaT:
        return None
    if getattr(val, "tzinfo", None) is not None:
        raise ValueError("Excel does not support datetimes with timezones; make them "
                         "timezone-unaware before writing")
    if isinstance(val, pd.Timestamp):
        return val.to_pydatetime()
    if isinstance(val, datetime.date | datetime.datetime):
        return val
    if isinstance(val, datetime.timedelta):
        return val.total_seconds() / 86400
    if isinstance(val, Decimal):
        return float(val)
    return _fit(str(val))


def _cell_len(value: Any) -> int:
    """Display length of a cell, capped: a long statement wraps rather than widening."""
    if value is None:
        return 0
    return min(len(str(value)), 80)


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Ark"


def _unique(names: list[str]) -> list[str]:
    """Sheet names made unique (Excel compares them case-insensitively): "Ark (2)"."""
    seen: set[str] = set()
    out = []
    for name in names:
        cand, i = name, 2
        while cand.lower() in seen:
            suffix = f" ({i})"
            cand, i = name[: 31 - len(suffix)] + suffix, i + 1
        seen.add(cand.lower())
        out.append(cand)
    return out
