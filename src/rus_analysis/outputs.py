"""Writing the processed tables: Parquet for the pipeline, one Excel workbook for analysts.

Why atomic writes: the report stage and analysts read ``data/processed`` while a new run
may be writing it. Every file is written to a temporary file in the same folder and then
moved into place with ``os.replace`` (atomic on one file system), so a reader sees the old
file or the new one, never half of one, and a crash leaves the previous run intact.

Why formula neutralising: statements are text typed by the public. A cell that starts
with ``=``, ``+``, ``-`` or ``@`` is run by Excel as a formula (CSV/formula injection), so
such values get a leading apostrophe and are shown as the text they are.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis import pii

EXCEL_NAME = "rus_analysis.xlsx"
SHEETS: dict[str, str] = {"statements": "Udsagn", "rejects": "Afviste", "accounting": "Regnskab"}
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


def _atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write via a temporary file in the same folder, then ``os.replace`` onto ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Atomically write raw bytes (e.g. run metadata JSON)."""
    return _atomic(Path(path), lambda p: p.write_bytes(data))


def write_parquet(df: pd.DataFrame, path: Path) -> Path:
    """Atomically write one table as Parquet (pyarrow, no index)."""
    return _atomic(path, lambda p: df.reset_index(drop=True).to_parquet(p, index=False,
                                                                        engine="pyarrow"))


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Atomically write one table as UTF-8 CSV with BOM (opens right in Danish Excel)."""
    safe = df.map(neutralise_formula) if len(df) else df
    return _atomic(path, lambda p: safe.to_csv(p, index=False, encoding="utf-8-sig"))


def _excel_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.reset_index(drop=True).copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.StringDtype) or out[c].dtype == object:
            out[c] = out[c].astype(object).where(out[c].notna(), None).map(neutralise_formula)
    out.columns = [str(neutralise_formula(str(c))) for c in out.columns]
    return out


def write_excel(tables: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Atomically write one workbook: a sheet per table, header frozen, widths readable."""
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
                    sample = [_cell_len(v) for v in frame[col].head(500).tolist()]
                    width = max([len(str(col)), *sample])
                    ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)

    return _atomic(path, write)


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


def _check_no_pii(name: str, df: pd.DataFrame) -> None:
    """Final guard: refuse to write a table in which a text column still holds PII."""
    for col in ("text", "organisation", "respondent_id", "reason"):
        if col not in df.columns:
            continue
        for value in df[col].dropna().astype(str).unique():
            found = pii.scan_pii(value)
            if found:
                raise ValueError(f"refusing to write {name}: column {col!r} still holds "
                                 f"personal data ({', '.join(sorted(set(found)))})")


def write_processed(result: Any, processed_dir: str | Path,
                    extra_tables: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Path]:
    """Write statements, rejects, accounting (Parquet, + accounting.csv) and the workbook.

    ``result`` is a ``clean.CleanResult``; ``extra_tables`` (sheet name -> table, e.g.
    coverage) are added to the workbook after the three standard sheets. Returns the
    written paths by short name.
    """
    out = Path(processed_dir)
    tables = {"statements": result.statements, "rejects": result.rejects,
              "accounting": result.accounting}
    for name, df in tables.items():
        _check_no_pii(name, df)
    paths: dict[str, Path] = {}
    for name, df in tables.items():
        paths[name] = write_parquet(df, out / f"{name}.parquet")
    groups = getattr(result, "duplicate_groups", None)
    if groups is not None:
        paths["duplicate_groups"] = write_parquet(groups, out / "duplicate_groups.parquet")
    paths["accounting_csv"] = write_csv(result.accounting, out / "accounting.csv")
    sheets = {SHEETS[k]: v for k, v in tables.items()}
    for name, df in (extra_tables or {}).items():
        sheets[name] = df
    paths["excel"] = write_excel(sheets, out / EXCEL_NAME)
    return paths
