"""Reading round folders: manifests, files, records, invitations, attendance, problems.

Why this shape: the evidence base is only as trustworthy as its accounting. Every file of
a round is declared in its manifest; every declared file becomes one row of ``files``
(read, or why not); every non-empty answer, bullet, post-it or letter becomes one record
with a stable id (the same record gets the same id on every run); every problem becomes
one row of ``problems`` that names the file and says what to do. Nothing is silently
skipped, and no bad file stops the others unless strict mode asks for that.

API: ``read_round(round_dir, cfg, strict=None)``, ``read_rounds(paths, cfg, strict=None)``
and ``read_configured(cfg)``; all return an ``IngestResult``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from rus_analysis.config import Config
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.letters import letter_text
from rus_analysis.ingest.manifest import FORMATS, MANIFEST, Manifest, SourceSpec, load_manifest
from rus_analysis.ingest.notes import read_meeting
from rus_analysis.ingest.records import RecordSink, empty_records
from rus_analysis.ingest.safety import check_ooxml, check_size, sha256_of
from rus_analysis.ingest.survey import FileStats, read_survey, read_workshop
from rus_analysis.problems import PROBLEM_CODES, PROBLEM_COLUMNS, IngestError, ProblemLog
from rus_analysis.reference import Resolution
from rus_analysis.schema import ATTENDANCE_COLUMNS, INVITATION_COLUMNS, RECORD_COLUMNS

__all__ = [
    "FILE_COLUMNS", "PROBLEM_CODES", "PROBLEM_COLUMNS", "IngestError", "IngestResult",
    "read_configured", "read_round", "read_rounds",
]

log = logging.getLogger("rus_analysis.ingest")

FILE_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "source_type", "format", "encoding", "delimiter", "header_row",
    "sheet", "sha256", "size_bytes", "n_records", "n_empty_cells", "n_skipped", "status",
)
FILE_COUNT_COLUMNS: tuple[str, ...] = ("header_row", "size_bytes", "n_records", "n_empty_cells",
                                       "n_skipped")
IGNORED_NAMES = {MANIFEST.lower(), "readme.md"}
_DIGITS = re.compile(r"(\d+)")
ALL_WORDS = {"alle", "all", "alle kommuner", "all municipalities"}


@dataclass(frozen=True)
class IngestResult:
    """Everything the ingest stage read, and everything it could not.

    records:     schema.RECORD_COLUMNS, sorted by round, source_file, natural locator order
    invitations: schema.INVITATION_COLUMNS (source_file "" = invited to the round as a whole)
    attendance:  schema.ATTENDANCE_COLUMNS, from participant lists of meeting notes
    problems:    PROBLEM_COLUMNS
    files:       FILE_COLUMNS, one row per declared or undeclared file; header_row,
                 size_bytes, n_records, n_empty_cells, n_skipped are Int64 (<NA> where
                 unknown), the rest text. n_empty_cells: empty answer cells / post-its
                 (no record); n_skipped: meeting-note paragraphs outside any table group
                 (e.g. an intro under the title; no record)
    """

    records: pd.DataFrame
    invitations: pd.DataFrame
    attendance: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame

    @property
    def ok(self) -> bool:
        """True when no problem of severity error was found."""
        return not (self.problems["severity"] == "error").any()


class _Resolver:
    """The municipality resolver, with a cache: the same names recur thousands of times."""

    def __init__(self, reference_dir: Path | None) -> None:
        from rus_analysis import reference

        self._ref = reference
        self._dir = reference_dir if reference_dir is not None and (
            reference_dir / reference.REFERENCE_CSV).is_file() else None
        self._r = reference.get_resolver(self._dir)
        self._cache: dict[str, Resolution] = {}

    def __call__(self, text: str) -> Resolution:
        if text not in self._cache:
            self._cache[text] = self._r.resolve(text)
        return self._cache[text]

    def capital_region(self) -> pd.DataFrame:
        return self._ref.capital_region(self._dir)


def _natural_key(locator: str) -> tuple:
    """Sort "row=10" after "row=9": split the locator into text and numbers."""
    return tuple(int(t) if t.isdigit() else t for t in _DIGITS.split(locator))


def _sort_records(df: pd.DataFrame) -> pd.DataFrame:
    """Deterministic order: round, file, then locator in natural order (plain lists: a
    pandas lookup per row would cost minutes on a million records)."""
    if df.empty:
        return df.reset_index(drop=True)
    rounds = df["round"].tolist()
    files = df["source_file"].tolist()
    keys = [_natural_key(x) for x in df["locator"].tolist()]
    order = sorted(range(len(df)), key=lambda i: (rounds[i], files[i], keys[i]))
    if order == list(range(len(df))):
        return df.reset_index(drop=True)
    return df.take(order).reset_index(drop=True)


def _frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns)).astype("string")


def _round_files(round_dir: Path) -> list[str]:
    """Every file in the round folder (recursively), as posix paths relative to it."""
    out = []
    for p in sorted(round_dir.rglob("*")):
        if p.is_file() and p.name.lower() not in IGNORED_NAMES:
            out.append(p.relative_to(round_dir).as_posix())
    return out


def _invitations(m: Manifest, resolve: _Resolver, problems: ProblemLog) -> list[dict]:
    rows: list[dict] = []
    entries: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
        ("", "", m.invited_municipalities, m.invited_organisations)]
    entries += [(s.file, f"sources[{s.index}].", s.invited_municipalities,
                 s.invited_organisations) for s in m.sources]
    for source_file, key, munis, orgs in entries:
        for item in munis:
            if item.lower() in ALL_WORDS:
                for r in resolve.capital_region().itertuples(index=False):
                    rows.append({"round": m.round, "source_file": source_file,
                                 "municipality_code": r.kommunekode, "organisation": r.navn})
                continue
            res = _resolve_item(item, resolve)
            shown = item.removeprefix("int:")
            if res.code is None:
                problems.add(m.round, MANIFEST, "unknown_municipality",
                             f"manifest.yaml (round {m.round}): {key}invited_municipalities "
                             f"'{shown}' is not one of Region Hovedstaden's 29 municipalities "
                             f"({res.reason})", severity="warning",
                             locator=f"key={key}invited_municipalities")
                continue
            rows.append({"round": m.round, "source_file": source_file,
                         "municipality_code": res.code,
                         "organisation": res.name if shown.isdigit() else shown})
        for item in orgs:
            shown = item.removeprefix("int:")
            res = _resolve_item(item, resolve)
            if shown.isdigit() and res.code:
                shown = res.name or shown   # a code: name the municipality, not "65"
            code = _org_municipality(shown, res)
            rows.append({"round": m.round, "source_file": source_file,
                         "municipality_code": code, "organisation": shown})
    return _dedupe(rows)


def _org_municipality(organisation: str, res: Resolution) -> str | None:
    """The municipality an organisation name stands for, if it is one.

    Exact, alias and code matches count; a fuzzy match only when the name says
    "Kommune" - otherwise "Movia" or "Novafos" could be fuzzily taken for a town.
    """
    if res.code and (res.method in {"exact", "alias", "code"}
                     or re.search(r"\bkommune\b", organisation, re.IGNORECASE)):
        return res.code
    return None


def _resolve_item(item: str, resolve: _Resolver) -> Resolution:
    """Resolve a manifest name or code; YAML reads unquoted 0101 as octal 65, so an int
    that is no code is tried again as its octal digits."""
    if item.startswith("int:"):
        n = int(item[4:])
        res = resolve(str(n))
        if res.code is None:
            res = resolve(format(n, "o"))
        return res
    return resolve(item)


def _read_source(round_dir: Path, spec: SourceSpec, m: Manifest, cfg: Config,
                 problems: ProblemLog, resolve: _Resolver, known_orgs: set[str]
                 ) -> tuple[dict, pd.DataFrame, list[dict]]:
    """Read one declared file; returns its files-row, its records and its attendance."""
    path = round_dir / spec.file
    ctx = FileContext(m.round, spec.file, problems)
    row = {"round": m.round, "source_file": spec.file, "source_type": spec.type,
           "format": spec.format, "encoding": "", "delimiter": "", "header_row": "",
           "sheet": "", "sha256": "", "size_bytes": "", "n_records": "0",
           "n_empty_cells": "0", "n_skipped": "0", "status": "error"}
    attendance: list[dict] = []
    sink = RecordSink(m.round, spec.file, spec.type, spec.name, spec.date)
    if not path.is_file():
        ctx.problem("missing_file", f"declared in manifest.yaml (sources[{spec.index}]) but "
                    "not found in the round folder")
        row["status"] = "missing"
        return row, empty_records(), attendance
    try:
        size = check_size(path, ctx, cfg.ingest.max_file_mb)
        row["size_bytes"] = str(size)
        row["sha256"] = sha256_of(path)
        if spec.format not in FORMATS[spec.type]:
            ctx.problem("unknown_format", f"'.{spec.format}' is not a supported format for "
                        f"a {spec.type} source (supported: "
                        f"{', '.join('.' + f for f in FORMATS[spec.type])})")
            raise FileRejected
        if spec.format in ("xlsx", "docx"):
            check_ooxml(path, ctx, cfg.ingest.max_file_mb, spec.format)
        stats = FileStats()
        if spec.type == "survey":
            stats = read_survey(path, spec, ctx, sink, cfg.ingest.max_file_mb)
        elif spec.type == "workshop":
            stats = read_workshop(path, spec, ctx, sink, cfg.ingest.max_file_mb)
        elif spec.type == "meeting":
            res = read_meeting(path, spec.format, ctx, sink, known_orgs, resolve)
            stats.encoding = res.encoding
            row["n_skipped"] = str(res.n_skipped)
            for p in res.participants:
                code = _org_municipality(p.organisation, resolve(p.organisation))
                attendance.append({"round": m.round, "source_file": spec.file,
                                   "municipality_code": code, "organisation": p.organisation})
        else:
            text, stats.encoding = letter_text(path, spec.format, ctx)
            sink.add("letter", text, organisation=spec.organisation,
                     municipality_raw=spec.municipality)
        row.update(encoding=stats.encoding, delimiter=stats.delimiter,
                   header_row="" if stats.header_row is None else str(stats.header_row),
                   sheet=stats.sheet, n_empty_cells=str(stats.n_empty_cells))
        row["status"] = "warning" if any(
            p["source_file"] == spec.file and p["round"] == m.round
            for p in problems.rows) else "ok"
    except FileRejected:
        return row, empty_records(), []
    except IngestError:
        raise
    except MemoryError:
        ctx.problem("too_large", "the file needs more memory than is available to read")
        return row, empty_records(), []
    except Exception as exc:  # the promise: never a raw traceback for bad input
        log.debug("unexpected error reading %s", path, exc_info=True)
        ctx.problem("read_failed", f"the file could not be read ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        return row, empty_records(), []
    df = sink.frame()
    row["n_records"] = str(len(df))
    return row, df, attendance


def read_round(round_dir: Path, cfg: Config, strict: bool | None = None) -> IngestResult:
    """Read one round folder (it holds manifest.yaml) into an IngestResult.

    ``strict`` None takes ``cfg.ingest.strict``; when strict, the first problem of
    severity error raises IngestError with that problem's one-line message.
    """
    problems = ProblemLog(strict=cfg.ingest.strict if strict is None else strict)
    return _read_rounds([Path(round_dir)], cfg, problems, set())


def read_rounds(paths: Sequence[Path], cfg: Config, strict: bool | None = None
                ) -> IngestResult:
    """Read several round folders and/or collection folders (folders of rounds).

    A path that holds manifest.yaml is a round; any other folder is a collection whose
    sub-folders with a manifest.yaml are its rounds (others are logged and passed over).
    Rounds are read in sorted path order; results are sorted, so output is deterministic.
    """
    problems = ProblemLog(strict=cfg.ingest.strict if strict is None else strict)
    rounds: list[Path] = []
    for p in paths:
        p = Path(p)
        if (p / MANIFEST).is_file():
            rounds.append(p)
        elif p.is_dir():
            subs = [d for d in sorted(p.iterdir()) if d.is_dir() and (d / MANIFEST).is_file()]
            for d in sorted(p.iterdir()):
                if d.is_dir() and d not in subs and not d.name.startswith("."):
                    log.info("%s: no manifest.yaml, not a round folder; passed over", d)
            if not subs:
                problems.add(p.name, MANIFEST, "manifest_missing",
                             f"{p}: neither a round folder (no manifest.yaml) nor a folder of "
                             "round folders")
            rounds += subs
        else:
            problems.add(p.name, "", "missing_file", f"{p}: the round folder does not exist",
                         action="check the path (config paths.raw / paths.rounds)")
    uniq = sorted({r.resolve() for r in rounds})
    return _read_rounds(uniq, cfg, problems, set())


def read_configured(cfg: Config, strict: bool | None = None) -> IngestResult:
    """Read the rounds the config names: ``paths.raw``, limited to ``paths.rounds``."""
    raw = cfg.paths.raw
    if cfg.paths.rounds and not (raw / MANIFEST).is_file():
        return read_rounds([raw / r for r in cfg.paths.rounds], cfg, strict)
    return read_rounds([raw], cfg, strict)


def _read_rounds(round_dirs: Sequence[Path], cfg: Config, problems: ProblemLog,
                 seen_ids: set[str]) -> IngestResult:
    resolve = _Resolver(cfg.paths.reference)
    records: list[pd.DataFrame] = []
    files: list[dict] = []
    invitations: list[dict] = []
    attendance: list[dict] = []
    for rd in round_dirs:
        _read_one(rd, cfg, problems, resolve, seen_ids, records, files, invitations,
                  attendance)
    recs = pd.concat(records, ignore_index=True) if records else empty_records()
    recs = _sort_records(recs[list(RECORD_COLUMNS)])
    files_df = _frame(files, FILE_COLUMNS)
    for col in FILE_COUNT_COLUMNS:   # counts as numbers, so the accounting can sum them
        files_df[col] = pd.to_numeric(files_df[col].replace("", pd.NA)).astype("Int64")
    if not files_df.empty:
        files_df = files_df.sort_values(["round", "source_file"], kind="stable"
                                        ).reset_index(drop=True)
    att = _frame(_dedupe(attendance), ATTENDANCE_COLUMNS)
    return IngestResult(records=recs, invitations=_frame(invitations, INVITATION_COLUMNS),
                        attendance=att, problems=problems.frame(), files=files_df)


def _dedupe(rows: list[dict]) -> list[dict]:
    seen: set[tuple] = set()
    out = []
    for r in rows:
        k = tuple(r.values())
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _read_one(rd: Path, cfg: Config, problems: ProblemLog, resolve: _Resolver,
              seen_ids: set[str], records: list[pd.DataFrame], files: list[dict],
              invitations: list[dict], attendance: list[dict]) -> None:
    if not rd.is_dir():
        problems.add(rd.name, "", "missing_file", f"{rd}: the round folder does not exist",
                     action="check the path (config paths.raw / paths.rounds)")
        return
    m = load_manifest(rd, problems)
    if m is None:
        return
    if m.round in seen_ids:
        problems.add(m.round, MANIFEST, "duplicate_round", f"{rd / MANIFEST}: round id "
                     f"'{m.round}' is already used by another round folder; this folder was "
                     "not read")
        return
    seen_ids.add(m.round)
    if m.round != rd.name:
        log.info("%s: round id '%s' differs from the folder name", rd, m.round)
    invitations += _invitations(m, resolve, problems)
    declared = {s.file for s in m.sources} | m.rejected_files
    known_orgs = set(m.invited_organisations) | {s.organisation for s in m.sources
                                                 if s.organisation}
    for f in sorted(m.rejected_files):
        files.append({"round": m.round, "source_file": f, "source_type": "",
                      "format": PurePosixPath(f).suffix.lower().lstrip("."),
                      "encoding": "", "delimiter": "", "header_row": "", "sheet": "",
                      "sha256": "", "size_bytes": "", "n_records": "0", "n_empty_cells": "0",
                      "n_skipped": "0", "status": "skipped"})
    for spec in m.sources:
        row, df, att = _read_source(rd, spec, m, cfg, problems, resolve, known_orgs)
        files.append(row)
        if not df.empty:
            records.append(df)
        attendance.extend(att)
    declared_lower = {d.lower() for d in declared}
    for f in _round_files(rd):
        if f in declared:
            continue
        hint = " (the manifest declares a file whose name differs only in case)" \
            if f.lower() in declared_lower else ""
        path = rd / f
        problems.add(m.round, f, "undeclared_file",
                     f"{f} (round {m.round}): the file is in the round folder but not "
                     f"declared in manifest.yaml{hint}; it was not read", severity="warning")
        files.append({"round": m.round, "source_file": f, "source_type": "",
                      "format": PurePosixPath(f).suffix.lower().lstrip("."), "encoding": "",
                      "delimiter": "", "header_row": "", "sheet": "",
                      "sha256": sha256_of(path) if path.stat().st_size <=
                      cfg.ingest.max_file_mb * 1024 * 1024 else "",
                      "size_bytes": str(path.stat().st_size), "n_records": "0",
                      "n_empty_cells": "0", "n_skipped": "0", "status": "undeclared"})

