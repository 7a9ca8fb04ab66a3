"""The processed folder: its one writer and its one reader.

Why one writer: every command (``ingest``, ``report``, a notebook run by hand) must leave
the same set of files under the same names, checked for personal data the same way, so
that what an analyst opens in Excel, what a notebook reads and what the report shows are
one set of tables. Why ``run_meta.json`` last: it is the commit mark. The writer deletes
it first and writes it after every table, so an interrupted write leaves no metadata and
the next reader reruns instead of trusting a mix of old and new tables.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rus_analysis import pii
from rus_analysis.atomic import write_parquet, write_text
from rus_analysis.excel import write_csv, write_workbook
from rus_analysis.runmeta import RunMeta
from rus_analysis.workbook import analyst_workbook

META_FILE = "run_meta.json"
EXCEL_FILE = "rus_analysis.xlsx"
ACCOUNTING_CSV = "accounting.csv"
# Every table of a run, by file stem; ``read_processed`` reads them all back.
RUN_TABLES: tuple[str, ...] = (
    "statements", "rejects", "accounting", "problems", "files", "invitations",
    "attendance", "duplicate_groups", "positions", "assignments", "themes", "subthemes",
    "review", "override_report",
)
# Machine columns: ids, hashes, codes, dates and counts never hold personal data, and
# their digit runs would look like phone numbers to the scan.
_MACHINE = ("_id", "sha256", "dup_group", "locator", "_date", "date", "_code", "kommunekode",
            "round", "status", "kind", "severity", "code", "rank", "quotes", "representative",
            "members")
_ALWAYS = {"respondent_id"}  # typed by respondents: can be an e-mail address


@dataclass(frozen=True)
class RunTables:
    """Everything a report needs, as plain tables, with the run's metadata.

    ``private_names``: the private persons' names the run found (``CleanResult.
    private_names``), for the personal-data checks of what the run writes and exports.
    Personal data: never written (not in a table, not in ``run_meta.json``, not in a
    cache) and not in the repr. Tables read back from disk (``read_processed``, a
    notebook reading data/processed) therefore have none, and a check of them relies on
    the patterns alone.
    """

    statements: pd.DataFrame
    rejects: pd.DataFrame
    accounting: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    invitations: pd.DataFrame
    attendance: pd.DataFrame
    duplicate_groups: pd.DataFrame
    positions: pd.DataFrame
    assignments: pd.DataFrame
    themes: pd.DataFrame
    subthemes: pd.DataFrame
    review: pd.DataFrame
    override_report: pd.DataFrame
    meta: RunMeta
    private_names: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True)
class Written:
    """What ``write_processed`` wrote; ``workbook`` is pending when written in the background."""

    folder: Path
    files: Mapping[str, Path]
    workbook: Future[Path] | None = field(default=None, compare=False)


LOCK_FILE = ".lock"
_HELD: dict[tuple[Path, int], list] = {}   # (folder, thread) -> [lock file, exclusive?, depth]
_HELD_GUARD = threading.Lock()


@contextmanager
def folder_lock(folder: str | Path, exclusive: bool) -> Iterator[None]:
    """An advisory lock on the processed folder: one writer, or any number of readers.

    Why: a report run, ``rus-analysis ingest`` and notebooks opened by hand may touch the
    same folder at once; a reader must never combine one run's metadata with another
    run's tables. Each thread holds its own lock file, so threads of one process exclude
    each other as processes do. Re-entrant within a thread (a writer may read and write
    again); a thread that holds the shared lock cannot take the exclusive one (it would
    wait for itself), which is an error. Where the OS has no ``flock`` (Windows) it does
    nothing.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    key = (folder, threading.get_ident())
    with _HELD_GUARD:
        held = _HELD.get(key)
    if held is not None:
        if exclusive and not held[1]:
            raise RuntimeError(f"{folder}: the write lock was asked for while this thread "
                               "holds the read lock")
        held[2] += 1
    else:
        fh = open(folder / LOCK_FILE, "a+")  # noqa: SIM115 - closed in finally
        try:
            fcntl.flock(fh, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        except BaseException:
            fh.close()
            raise
        held = [fh, exclusive, 1]
        with _HELD_GUARD:
            _HELD[key] = held
    try:
        yield
    finally:
        held[2] -= 1
        if held[2] == 0:
            with _HELD_GUARD:
                del _HELD[key]
            fcntl.flock(held[0], fcntl.LOCK_UN)
            held[0].close()


class PersonalDataError(ValueError):
    """A table that still holds personal data: nothing of the run is written."""


def check_no_pii(name: str, df: pd.DataFrame, names: frozenset[str] = pii.NO_NAMES) -> None:
    """Refuse a table in which a text column still holds personal data (the final guard
    before anything reaches ``data/processed``, Excel or a report): the patterns, and
    the run's private persons' ``names`` as literal strings (none for tables read back
    from disk)."""
    for col in df.columns:
        c = str(col)
        if c not in _ALWAYS and (c.endswith(_MACHINE) or c in _MACHINE):
            continue
        values = df[col]
        if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
            continue
        for value in values.dropna().astype(str).unique():
            found = pii.scan_pii(value, names)
            if found:
                raise PersonalDataError(
                    f"refusing to write the processed tables: table '{name}', column '{c}' "
                    f"still holds personal data ({', '.join(sorted(set(found)))}); check the "
                    "redaction rules (rus_analysis.pii) and the input")


def write_processed(tables: RunTables, coverage: Mapping[str, pd.DataFrame],
                    coverage_files: Mapping[str, str], folder: str | Path, *,
                    background: Executor | None = None) -> Written:
    """Write every table of a run to ``folder``: Parquet, ``accounting.csv``, the
    coverage tables, ``run_meta.json`` (last) and the analysts' Excel workbook.

    ``coverage`` maps sheet name -> table, ``coverage_files`` sheet name -> Parquet file
    name. With ``background`` the workbook (no notebook reads it; ~10 s of openpyxl at
    10,000 statements) is written there, after the metadata; the caller waits for
    ``Written.workbook``. Everything is checked for personal data before the first byte,
    with the run's ``tables.private_names``; the names themselves are written nowhere.
    """
    out = Path(folder)
    run = {name: getattr(tables, name) for name in RUN_TABLES}
    for name, df in [*run.items(), *coverage.items()]:
        check_no_pii(name, df, tables.private_names)
    out.mkdir(parents=True, exist_ok=True)
    with folder_lock(out, exclusive=True):
        files = _write_tables(tables, run, coverage, coverage_files, out)
    sheets = analyst_workbook(tables, coverage)   # Danish sheets, columns and words
    if background is not None:
        return Written(out, files, background.submit(write_workbook, sheets, out / EXCEL_FILE))
    files["excel"] = write_workbook(sheets, out / EXCEL_FILE)
    return Written(out, files)


def _write_tables(tables: RunTables, run: Mapping[str, pd.DataFrame],
                  coverage: Mapping[str, pd.DataFrame], coverage_files: Mapping[str, str],
                  out: Path) -> dict[str, Path]:
    """Every table, then the metadata (the commit mark); the caller holds the lock."""
    (out / META_FILE).unlink(missing_ok=True)
    (out / EXCEL_FILE).unlink(missing_ok=True)
    for stale in out.glob("coverage_*.parquet"):  # a coverage table this run no longer has
        if stale.name not in set(coverage_files.values()):
            stale.unlink()
    files: dict[str, Path] = {}
    for name, df in run.items():
        files[name] = write_parquet(df, out / f"{name}.parquet")
    files["accounting_csv"] = write_csv(tables.accounting, out / ACCOUNTING_CSV)
    for sheet, df in coverage.items():
        files[f"coverage:{sheet}"] = write_parquet(df, out / coverage_files[sheet])
    files["meta"] = write_text(out / META_FILE, tables.meta.to_json())
    return files


def read_meta(folder: str | Path) -> RunMeta | None:
    """The metadata of the tables in ``folder``; None when there is none (or it is of
    another version, or every table it covers is not there)."""
    out = Path(folder)
    path = out / META_FILE
    if not path.is_file() or not all((out / f"{n}.parquet").is_file() for n in RUN_TABLES):
        return None
    try:
        return RunMeta.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError):
        return None


def read_processed(folder: str | Path) -> RunTables:
    """Read back what ``write_processed`` wrote, with a clear error when it is incomplete.

    Everything is read under the shared lock, so a reader waits while a run writes
    instead of failing on the metadata the writer removed first, and can never pair one
    run's metadata with another run's tables. The run's private names were never
    written: the tables read back have none (``RunTables.private_names`` is empty).
    """
    out = Path(folder)
    missing = FileNotFoundError(
        f"{out}: no complete set of processed tables (run_meta.json or a table is "
        "missing, or was written by another version); run `rus-analysis report` (or "
        "`make demo`) first")
    if not out.is_dir():
        raise missing
    with folder_lock(out, exclusive=False):   # no writer can replace tables meanwhile
        meta = read_meta(out)
        if meta is None:
            raise missing
        tables = {n: pd.read_parquet(out / f"{n}.parquet") for n in RUN_TABLES}
    return RunTables(**tables, meta=meta)
