"""The analysts' Excel workbook and CSV files, written fast, atomically and safely.

Why formula neutralising: statements are text typed by the public. A cell that starts
with ``=``, ``+``, ``-`` or ``@`` is run by Excel as a formula (CSV/formula injection), so
such values get a leading apostrophe and are shown as the text they are.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool, is_float, is_integer, is_scalar

from rus_analysis.atomic import atomic_write

EXCEL_MAX_CELL = 32_767
_FORMULA_START = re.compile(r"^[\s]*[=+\-@]|^[\t\r]")
# characters openpyxl refuses (XML 1.0 illegal control characters)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_formula(value: Any) -> Any:
    """Prefix ``'`` to text that a spreadsheet would run as a formula; other values as is."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL_XML.sub("", value)
    if len(value) > EXCEL_MAX_CELL:
        value = value[: EXCEL_MAX_CELL - 20] + " …[afkortet]"
    if _FORMULA_START.match(value):
        return "'" + value
    return value


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Atomically write one table as UTF-8 CSV with BOM (opens right in Danish Excel)."""
    safe = df.map(neutralise_formula) if len(df) else df
    return atomic_write(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8-sig"))


def _excel_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reset_index(drop=True).copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.StringDtype):
            # text repeats (round, file, municipality, status): neutralise each value once
            values = out[c].to_numpy(dtype=object, na_value=None)
            cache: dict[str, Any] = {}
            out[c] = pd.Series([v if v is None else cache[v] if v in cache
                                else cache.setdefault(v, neutralise_formula(v))
                                for v in values], index=out.index, dtype=object)
        elif out[c].dtype == object:
            out[c] = out[c].astype(object).where(out[c].notna(), None).map(neutralise_formula)
    out.columns = [str(neutralise_formula(str(c))) for c in out.columns]
    return out


def write_excel(tables: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Atomically write one workbook: a sheet per table, header frozen, widths readable.

    Why not ``DataFrame.to_excel``: it builds an openpyxl cell object for every value and
    took ~70 s and ~1.5 GB for 100,000 statements. openpyxl (write-only mode) still
    writes the workbook, its sheets, views, widths, filters and header rows; the data
    rows of plain sheets (text, numbers, booleans) are then streamed into the sheet XML
    as text, ~10x faster. The cells hold exactly what ``to_excel`` wrote (see
    ``_cell_value``), so the workbook reads back the same; a sheet with anything else
    (dates, formulas, error codes) is written cell by cell by openpyxl.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    names = [_sheet_name(sheet) for sheet in tables]
    if len(set(names)) < len(names):
        # two tables in one sheet (names equal after truncation): to_excel's overlay
        return _write_excel_pandas(tables, path)

    def write(tmp: Path) -> None:
        wb = Workbook(write_only=True)
        streamed: list[tuple[Any, list[list[Any]]]] = []
        for name, df in zip(names, tables.values(), strict=True):
            frame = _excel_frame(df)
            n_rows, n_cols = frame.shape
            if n_rows > _EXCEL_MAX_ROWS or n_cols > _EXCEL_MAX_COLS:
                raise ValueError(f"This sheet is too large! Your sheet size is: {n_rows}, "
                                 f"{n_cols} Max sheet size is: {_EXCEL_MAX_ROWS}, "
                                 f"{_EXCEL_MAX_COLS}")
            ws = wb.create_sheet(name)
            # a write-only sheet writes its view and columns before the first row
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = _column_width(frame, col)
            if not n_cols:
                continue
            ws.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{n_rows + 1}"
            ws.append([_cell_value(c, ws) for c in frame.columns])
            columns = [_cell_values(frame.iloc[:, j], ws) for j in range(n_cols)]
            if n_rows and all(_plain(col) for col in columns):
                streamed.append((ws, columns))
            else:
                for row in zip(*columns, strict=True):
                    ws.append(row)
        wb.save(tmp)
        if streamed:
            _stream_rows(tmp, [(ws.path.lstrip("/"), cols) for ws, cols in streamed])

    return atomic_write(path, write)


def _plain(values: list[Any]) -> bool:
    """True if openpyxl would write every value as a plain string, number or boolean.

    Not plain: strings that openpyxl turns into formulas ("=..."), error codes ("#N/A"),
    truncates (> 32,767 characters) or refuses (control characters); dates and cells
    with a number format.
    """
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    types = set(map(type, values))
    if not types <= {str, int, float, bool}:
        return False
    if str not in types:
        return True
    for v in values:
        if v.__class__ is str and v and (
                (v[0] == "=" and len(v) > 1) or v[0] == "#" and v in ERROR_CODES
                or len(v) > EXCEL_MAX_CELL or ILLEGAL_CHARACTERS_RE.search(v)):
            return False
    return True


def _xml_text(v: str) -> str:
    """Text as lxml writes it: &, <, > as entities, and \\r as a character reference (an
    XML parser would read a literal one as \\n)."""
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _rows_xml(columns: list[list[Any]], letters: list[str], first_row: int) -> str:
    """``<row>`` elements for plain values, as openpyxl's cell writer renders them."""
    from openpyxl.compat import safe_string

    out: list[str] = []
    for r, row in enumerate(zip(*columns, strict=True), start=first_row):
        out.append(f'<row r="{r}">')
        for letter, v in zip(letters, row, strict=True):
            if v.__class__ is str:
                if not v:
                    out.append(f'<c r="{letter}{r}" t="inlineStr"></c>')
                else:
                    space = ' xml:space="preserve"' if v != v.strip() else ""
                    out.append(f'<c r="{letter}{r}" t="inlineStr"><is><t{space}>'
                               f'{_xml_text(v)}</t></is></c>')
            elif v.__class__ is bool:
                out.append(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
            else:
                out.append(f'<c r="{letter}{r}" t="n"><v>{safe_string(v)}</v></c>')
        out.append("</row>")
    return "".join(out)


def _stream_rows(xlsx: Path, sheets: list[tuple[str, list[list[Any]]]],
                 chunk: int = 5_000) -> None:
    """Insert data rows 2.. into sheets that openpyxl wrote with their header row only."""
    import shutil
    import zipfile

    from openpyxl.utils import get_column_letter

    todo = dict(sheets)
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
                columns = todo[info.filename]
                n_rows, letters = len(columns[0]), [get_column_letter(i + 1)
                                                    for i in range(len(columns))]
                head, tail = src.read(info).decode("utf-8").split("</sheetData>", 1)
                head = re.sub(r'<dimension ref="[^"]*"',
                              f'<dimension ref="A1:{letters[-1]}{n_rows + 1}"', head, count=1)
                with dst.open(info.filename, "w", force_zip64=True) as fout:
                    fout.write(head.encode("utf-8"))
                    for s in range(0, n_rows, chunk):
                        part = [c[s:s + chunk] for c in columns]
                        # non-ASCII as character references, as openpyxl (lxml) writes it
                        fout.write(_rows_xml(part, letters, s + 2).encode(
                            "ascii", "xmlcharrefreplace"))
                    fout.write(("</sheetData>" + tail).encode("utf-8"))
    finally:
        with contextlib.suppress(OSError):
            src_path.unlink()


def _write_excel_pandas(tables: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """``write_excel`` through ``DataFrame.to_excel`` (kept for sheet names that clash)."""
    from openpyxl.utils import get_column_letter

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for sheet, df in tables.items():
                name = _sheet_name(sheet)
                frame = _excel_frame(df)
                frame.to_excel(xw, sheet_name=name, index=False)
                ws = xw.sheets[name]
                ws.freeze_panes = "A2"
                if len(frame.columns):
                    ws.auto_filter.ref = ws.dimensions
                for i, col in enumerate(frame.columns, start=1):
                    ws.column_dimensions[get_column_letter(i)].width = _column_width(frame, col)

    return atomic_write(path, write)


_EXCEL_MAX_ROWS = 1_048_576
_EXCEL_MAX_COLS = 16_384
_DATETIME_FORMAT = "YYYY-MM-DD HH:MM:SS"     # pandas' ExcelWriter defaults
_DATE_FORMAT = "YYYY-MM-DD"


def _column_width(frame: pd.DataFrame, col: Any) -> float:
    """Width from the header and the first 500 values, between 8 and 60 characters."""
    sample = [_cell_len(v) for v in frame[col].head(500).tolist()]
    width = max([len(str(col)), *sample])
    return min(max(width + 2, 8), 60)


def _cell_values(series: pd.Series, ws: Any) -> list[Any]:
    """The cells of one column as ``to_excel`` writes them with openpyxl.

    Missing values are "" (its ``na_rep``), infinities "inf"/"-inf", numpy scalars
    Python ones, dates and times carry pandas' number formats, anything else is
    ``str(value)``. Text, integer and boolean columns take a fast path.
    """
    values = series.array
    if isinstance(values, np.ndarray | pd.arrays.NumpyExtensionArray) and \
            values.dtype.kind in "iub":
        return series.tolist()
    return [v if v.__class__ is str else _cell_value(v, ws) for v in series]


def _cell_value(val: Any, ws: Any) -> Any:
    """One value converted like pandas' ``ExcelFormatter`` + ``ExcelWriter._value_with_fmt``."""
    if isinstance(val, str):
        return val
    if is_scalar(val) and pd.isna(val):
        return ""
    if is_float(val) and np.isinf(val):
        return "inf" if val > 0 else "-inf"
    if getattr(val, "tzinfo", None) is not None:
        raise ValueError("Excel does not support datetimes with timezones. Please ensure that "
                         "datetimes are timezone unaware before writing to Excel.")
    fmt = None
    if is_integer(val):
        return int(val)
    if is_float(val):
        return float(val)
    if is_bool(val):
        return bool(val)
    if isinstance(val, Decimal):
        return Decimal(val)
    if isinstance(val, datetime.datetime):
        fmt = _DATETIME_FORMAT
    elif isinstance(val, datetime.date):
        fmt = _DATE_FORMAT
    elif isinstance(val, datetime.timedelta):
        val, fmt = val.total_seconds() / 86400, "0"
    else:
        return str(val)
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=val)
    cell.number_format = fmt
    return cell


def write_workbook(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """The analysts' workbook from any sheets (name -> table); see ``write_excel``."""
    return write_excel(sheets, Path(path))


def _cell_len(value: Any) -> int:
    """Display length of a cell, capped: a long statement wraps rather than widening."""
    if value is None or (isinstance(value, float) and value != value):
        return 0
    return min(len(str(value)), 80)


def _sheet_name(name: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Ark"
