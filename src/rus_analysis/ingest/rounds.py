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

import difflib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from rus_analysis import pii
from rus_analysis.config import Config
from rus_analysis.ingest.boards import read_workshop_table
from rus_analysis.ingest.codebook import Codebook, find_codebooks
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.letters import Letter, furniture_summary, long_statements, read_letters
from rus_analysis.ingest.manifest import (
    FORMATS,
    MANIFEST,
    SAVE_AS,
    TABLE_FORMATS,
    Manifest,
    SourceSpec,
    load_manifest,
)
from rus_analysis.ingest.notes import read_notes
from rus_analysis.ingest.records import RecordSink, context_json, empty_records, record_id
from rus_analysis.ingest.safety import check_ooxml, check_size, sha256_of
from rus_analysis.ingest.survey import FileStats, read_survey
from rus_analysis.ingest.tables import looks_like_table, sheet_names
from rus_analysis.problems import PROBLEM_CODES, PROBLEM_COLUMNS, IngestError, ProblemLog
from rus_analysis.reference import Resolution
from rus_analysis.schema import ATTENDANCE_COLUMNS, INVITATION_COLUMNS, RECORD_COLUMNS
from rus_analysis.yamlcheck import did_you_mean

__all__ = [
    "FILE_COLUMNS", "PROBLEM_CODES", "PROBLEM_COLUMNS", "IngestError", "IngestResult",
    "read_configured", "read_round", "read_rounds",
]

log = logging.getLogger("rus_analysis.ingest")

FILE_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "source_type", "format", "encoding", "delimiter", "header_row",
    "sheet", "sha256", "size_bytes", "n_records", "n_empty_cells", "n_skipped",
    "n_furniture", "status",
)
FILE_COUNT_COLUMNS: tuple[str, ...] = ("header_row", "size_bytes", "n_records", "n_empty_cells",
                                       "n_skipped", "n_furniture")
# the round's own files: the manifest, and a README a round folder may keep for people
IGNORED_NAMES = {MANIFEST.lower(), "readme.md"}
_DIGITS = re.compile(r"(\d+)")
# "alle", "Alle kommuner", "alle 29 kommuner i Region Hovedstaden": all 29 municipalities
ALL_MUNICIPALITIES = re.compile(
    r"(?i)^\s*(?:alle|all)(?:\s+(?:de\s+)?29)?(?:\s+(?:kommuner|municipalities))?"
    r"(?:\s+(?:i|in)\s+(?:region(?:en)?(?:\s+hovedstaden)?|the\s+capital\s+region))?\s*$")


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
    private_names: private persons' names the readers found (an e-mail's private sender,
                 a meeting's listed participants), for the clean stage to redact wherever
                 they stand and for the final guard. Personal data: kept in memory, never
                 written (no table, no metadata, no cache); not in the repr.
    """

    records: pd.DataFrame
    invitations: pd.DataFrame
    attendance: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    private_names: frozenset[str] = field(default=frozenset(), repr=False)

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
            if ALL_MUNICIPALITIES.match(item):
                for r in resolve.capital_region().itertuples(index=False):
                    rows.append({"round": m.round, "source_file": source_file,
                                 "municipality_code": r.kommunekode, "organisation": r.navn})
                continue
            res = _resolve_item(item, resolve)
            shown = item.removeprefix("int:")
            if res.code is None:
                hint = ("did you mean 'alle' (all 29 municipalities)? "
                        if shown.lower().startswith(("alle", "all ")) else "")
                reason = "" if hint else f" ({res.reason})"
                problems.add(m.round, source_file or MANIFEST, "unknown_municipality",
                             f"manifest.yaml (round {m.round}): {key}invited_municipalities "
                             f"'{shown}' is not one of Region Hovedstaden's 29 municipalities"
                             f"{reason}; {hint}it was left out of the invitations",
                             severity="warning", locator=f"key={key}invited_municipalities",
                             value=shown)
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


def _file_row(m: Manifest, spec: SourceSpec | None, file_: str, status: str) -> dict:
    return {"round": m.round, "source_file": file_,
            "source_type": spec.type if spec else "",
            "format": PurePosixPath(file_).suffix.lower().lstrip("."), "encoding": "",
            "delimiter": "", "header_row": "", "sheet": (spec.sheet or "") if spec else "",
            "sha256": "", "size_bytes": "", "n_records": "0", "n_empty_cells": "0",
            "n_skipped": "0", "n_furniture": "0", "status": status}


def _read_source(round_dir: Path, spec: SourceSpec, m: Manifest, cfg: Config,
                 problems: ProblemLog, resolve: _Resolver, known_orgs: set[str],
                 sheets_declared: set[str], private_names: set[str]
                 ) -> tuple[list[dict], pd.DataFrame, list[dict]]:
    """Read one declared source (a file, or a sheet of a workbook); returns its
    files-rows (one per sheet read), its records and its attendance. The private
    persons' names it finds are added to ``private_names`` (the run's)."""
    path = round_dir / spec.file
    ctx = FileContext(m.round, spec.file, problems, private_names, pii.organisation_keys(
        [*known_orgs, *cfg.stakeholders.regional_actors]),
        tuple(cfg.stakeholders.organisation_patterns()),
        private_source=spec.type == "written" and pii.is_private_sender(spec.organisation))
    row = _file_row(m, spec, spec.file, "error")
    attendance: list[dict] = []
    sink = RecordSink(m.round, spec.file, spec.type, spec.name, spec.date)
    if not path.is_file():
        ctx.problem("missing_file", f"declared in manifest.yaml (sources[{spec.index}]) but "
                    f"not found in the round folder{_close_file(round_dir, spec.file, m)}",
                    locator=f"key=sources[{spec.index}].file")
        row["status"] = "missing"
        return [row], empty_records(), attendance
    rows = [row]
    try:
        size = check_size(path, ctx, cfg.ingest.max_file_mb)
        row["size_bytes"] = str(size)
        row["sha256"] = sha256_of(path)
        if spec.format not in FORMATS[spec.type]:
            ctx.problem("unknown_format", f"'.{spec.format}' is not a supported format for "
                        f"a {spec.type} source (supported: "
                        f"{', '.join('.' + f for f in FORMATS[spec.type])})",
                        action=SAVE_AS.get(spec.format))
            raise FileRejected
        if spec.format in ("xlsx", "docx"):
            check_ooxml(path, ctx, cfg.ingest.max_file_mb, spec.format)
        stats = FileStats()
        if spec.type == "survey" and spec.format == "xlsx" and spec.sheet is None:
            rows, stats = _read_sheets(path, spec, ctx, sink, cfg, row, sheets_declared)
        elif spec.type == "survey":
            book = _codebooks(path, spec).get(spec.sheet or "")
            stats = read_survey(path, spec, ctx, sink, cfg.ingest.max_file_mb,
                                labels=book.labels if book else None)
        elif spec.type == "workshop" and spec.format in TABLE_FORMATS:
            stats = read_workshop_table(path, spec, ctx, sink, cfg.ingest.max_file_mb, resolve)
        elif spec.type in ("meeting", "workshop"):
            res = read_notes(path, spec.format, ctx, sink, known_orgs, resolve,
                             spec.participants)
            stats.encoding = res.encoding
            row["n_skipped"] = str(res.n_skipped)
            _furniture_problem(ctx, res.furniture, row)
            for p in res.participants:
                code = _org_municipality(p.organisation, resolve(p.organisation))
                attendance.append({"round": m.round, "source_file": spec.file,
                                   "municipality_code": code, "organisation": p.organisation})
        else:
            _read_letter(path, spec, ctx, sink, row, cfg.ingest.max_file_mb)
        if len(rows) == 1:
            row.update(encoding=stats.encoding, delimiter=stats.delimiter,
                       header_row="" if stats.header_row is None else str(stats.header_row),
                       sheet=stats.sheet, n_empty_cells=str(stats.n_empty_cells))
        status = "warning" if any(
            p["source_file"] == spec.file and p["round"] == m.round
            and p["severity"] in ("error", "warning") for p in problems.rows) else "ok"
        for r in rows:
            r["status"] = status if r.get("status") in ("error", "") else r["status"]
    except FileRejected:
        return rows, empty_records(), []
    except IngestError:
        raise
    except MemoryError:
        ctx.problem("too_large", "the file needs more memory than is available to read")
        return rows, empty_records(), []
    except Exception as exc:  # the promise: never a raw traceback for bad input
        log.debug("unexpected error reading %s", path, exc_info=True)
        ctx.problem("read_failed", f"the file could not be read ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        return rows, empty_records(), []
    df = sink.frame()
    if len(rows) == 1:
        row["n_records"] = str(len(df))
    return rows, df, attendance


def _read_sheets(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                 cfg: Config, row: dict, sheets_declared: set[str]
                 ) -> tuple[list[dict], FileStats]:
    """A workbook declared without ``sheet:``: every sheet that is a table of answers
    (a front sheet of notes, or a codebook that names another sheet's coded columns, is
    reported, not read)."""
    rows: list[dict] = []
    stats = FileStats()
    books = _codebooks(path, spec, sheets_declared)
    book_of = {b.sheet: b for b in books.values()}
    for name in sheet_names(path):
        if name in sheets_declared:
            continue   # declared as a source of its own
        if name in book_of:
            b = book_of[name]
            ctx.problem("sheet_not_read", f"sheet '{name}' was not read as answers: it is the "
                        f"codebook of sheet '{b.data_sheet}' (the question texts of "
                        f"{len(b.labels)} coded columns such as '{next(iter(b.labels))}'); "
                        f"those columns are named by their question texts",
                        severity="info", locator=f"sheet={name}", value=name)
            continue
        ok, why = looks_like_table(path, name)
        if not ok:
            ctx.problem("sheet_not_read", f"sheet '{name}' was not read: {why}",
                        severity="info", locator=f"sheet={name}", value=name)
            continue
        before = len(sink)
        book = books.get(name)
        stats = read_survey(path, spec, ctx, sink, cfg.ingest.max_file_mb, sheet=name,
                            labels=book.labels if book else None)
        r = {**row, "sheet": name, "encoding": stats.encoding,
             "header_row": "" if stats.header_row is None else str(stats.header_row),
             "n_empty_cells": str(stats.n_empty_cells), "n_records": str(len(sink) - before)}
        rows.append(r)
    return rows or [row], stats


def _codebooks(path: Path, spec: SourceSpec, skip: set[str] | frozenset[str] = frozenset()
               ) -> dict[str, Codebook]:
    """Data sheet -> codebook of a survey workbook with several sheets (none for a CSV).

    Best effort: a workbook that cannot be looked through here gets no codebook, and the
    reader that opens it next reports what is wrong with it, naming the sheet and row.
    """
    if spec.format != "xlsx":
        return {}
    try:
        names = [n for n in sheet_names(path) if n not in skip or n == spec.sheet]
        return find_codebooks(path, names) if len(names) > 1 else {}
    except Exception:  # noqa: BLE001 - openpyxl raises zip, XML, key and value errors alike
        return {}


def _read_letter(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                 row: dict, max_mb: float) -> None:
    """A letter (or each response of a PDF bundle): one record per body paragraph;
    furniture reported, metadata kept.

    A bundle's response is from the sender its heading or metadata block names, not the
    manifest's ``organisation:`` (the parts cover the whole file), and gets only the
    municipality its own metadata block gives ("Kommune: Helsingør"; a municipality
    sender is resolved from its name by cleaning). A single letter's municipality is
    the manifest's, else its metadata block's."""
    letters = read_letters(path, spec.format, ctx, max_mb)
    for letter in letters:
        if letter.signer and pii.is_private_sender(letter.sender or spec.organisation):
            ctx.private_name(letter.signer)   # a private sender: the name goes wherever it recurs
        if letter.names:
            ctx.private_name(*letter.names)   # the persons a metadata block names
    furniture = [f for lt in letters for f in lt.furniture]
    row["encoding"] = letters[0].encoding
    _furniture_problem(ctx, furniture, row)
    why = long_statements(Letter([p for lt in letters for p in lt.body]))
    if why:
        ctx.problem("long_statements", why, severity="warning")
    if not any(lt.body for lt in letters):
        ctx.problem("no_records", "the letter holds no body text, only letter furniture "
                    f"({furniture_summary(furniture)})", severity="warning")
        return
    for letter in letters:
        meta = context_json({k: letter.meta.get(k, "") for k in ("letter_date", "subject")})
        date = spec.date or letter.meta.get("letter_date", "")
        org = letter.sender or spec.organisation
        muni = letter.meta.get("municipality", "") if letter.sender else \
            spec.municipality or letter.meta.get("municipality", "")
        for para in letter.body:
            context = meta if not para.context else context_json(
                {**json.loads(meta or "{}"), **para.context})
            sink.add(para.locator, para.text, organisation=org, municipality_raw=muni,
                     organisation_type_raw=letter.meta.get("organisation_type", ""),
                     source_date=date or None, context=context)


def _furniture_problem(ctx: FileContext, furniture: list[tuple[str, str]], row: dict) -> None:
    """One line per file: what was left out as document furniture, and where."""
    row["n_furniture"] = str(len(furniture))
    if furniture:
        ctx.problem("furniture", f"{len(furniture)} part(s) were read as document furniture, "
                    f"not statements: {furniture_summary(furniture)}", severity="info",
                    value=", ".join(dict.fromkeys(k for k, _ in furniture)))


def _close_file(round_dir: Path, declared: str, m: Manifest) -> str:
    """"; did you mean 'x'? ..." when an undeclared file in the folder is close to it."""
    names = set(m.rejected_files) | {s.file for s in m.sources}
    others = [f for f in _round_files(round_dir) if f not in names]
    hint = did_you_mean(declared, others)
    if not hint:
        return ""
    return (f"; {hint.strip()} (that file is in the folder but not declared: correct the "
            "name in manifest.yaml)")


def read_round(round_dir: Path, cfg: Config, strict: bool | None = None) -> IngestResult:
    """Read one round folder (it holds manifest.yaml) into an IngestResult.

    ``strict`` None takes ``cfg.ingest.strict``; when strict, the first problem of
    severity error raises IngestError with that problem's one-line message.
    """
    problems = ProblemLog(strict=cfg.ingest.strict if strict is None else strict)
    return _read_rounds([Path(round_dir)], cfg, problems, set())


def read_rounds(paths: Sequence[Path], cfg: Config, strict: bool | None = None,
                *, learned: set[str] | None = None) -> IngestResult:
    """Read several round folders and/or collection folders (folders of rounds).

    A path that holds manifest.yaml is a round; any other folder is a collection whose
    sub-folders with a manifest.yaml are its rounds (others are logged and passed over).
    Rounds are read in sorted path order; results are sorted, so output is deterministic.
    ``learned``: a set the readers add each private name to the moment they find it, so
    that a caller whose run fails half-way (a strict error, a bad file) can still take the
    names out of what it logged. It may hold a name that turns out to be a known
    organisation's; ``IngestResult.private_names`` is the checked list.
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
    return _read_rounds(uniq, cfg, problems, set(), learned)


def read_configured(cfg: Config, strict: bool | None = None) -> IngestResult:
    """Read the rounds the config names: ``paths.raw``, limited to ``paths.rounds``."""
    raw = cfg.paths.raw
    if cfg.paths.rounds and not (raw / MANIFEST).is_file():
        return read_rounds([raw / r for r in cfg.paths.rounds], cfg, strict)
    return read_rounds([raw], cfg, strict)


def _read_rounds(round_dirs: Sequence[Path], cfg: Config, problems: ProblemLog,
                 seen_ids: set[str], learned: set[str] | None = None) -> IngestResult:
    resolve = _Resolver(cfg.paths.reference)
    records: list[pd.DataFrame] = []
    files: list[dict] = []
    invitations: list[dict] = []
    attendance: list[dict] = []
    # this run's private persons' names (no other run's); the caller's set when it gave one
    names: set[str] = learned if learned is not None else set()
    for rd in round_dirs:
        _read_one(rd, cfg, problems, resolve, seen_ids, records, files, invitations,
                  attendance, names)
    recs = pd.concat(records, ignore_index=True) if records else empty_records()
    recs = _sort_records(recs[list(RECORD_COLUMNS)])
    files_df = _frame(files, FILE_COLUMNS)
    for col in FILE_COUNT_COLUMNS:   # counts as numbers, so the accounting can sum them
        files_df[col] = pd.to_numeric(files_df[col].replace("", pd.NA)).astype("Int64")
    if not files_df.empty:
        files_df = files_df.sort_values(["round", "source_file"], kind="stable"
                                        ).reset_index(drop=True)
    att = _frame(_dedupe(attendance), ATTENDANCE_COLUMNS)
    inv = _frame(invitations, INVITATION_COLUMNS)
    # a sender named like a person whom a manifest declares as an organisation ("Niels
    # Brock") is no private person: the list clean keeps too
    private = pii.keep_known(names, pii.known_organisations(
        recs, cfg.stakeholders.regional_actors, inv["organisation"].dropna().astype(str)))
    return IngestResult(records=recs, invitations=inv, attendance=att,
                        problems=pii.redact_table(problems.frame(), private),
                        files=files_df, private_names=private)


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
              invitations: list[dict], attendance: list[dict], names: set[str]) -> None:
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
        row = _file_row(m, None, f, "rejected")
        if (rd / f).is_file():
            row.update(sha256=sha256_of(rd / f), size_bytes=str((rd / f).stat().st_size))
        files.append(row)
    sheets_declared: dict[str, set[str]] = {}
    for spec in m.sources:
        if spec.sheet:
            sheets_declared.setdefault(spec.file, set()).add(spec.sheet)
    by_file: dict[str, list[pd.DataFrame]] = {}
    for spec in m.sources:
        rows, df, att = _read_source(rd, spec, m, cfg, problems, resolve, known_orgs,
                                     sheets_declared.get(spec.file, set()), names)
        files.extend(rows)
        if not df.empty:
            by_file.setdefault(spec.file, []).append(df)
        attendance.extend(att)
    for parts in by_file.values():
        df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        records.append(_unique_ids(df, problems))
    _sheets_not_declared(rd, m, sheets_declared, problems)
    declared_lower = {d.lower() for d in declared}
    missing = [s.file for s in m.sources if not (rd / s.file).is_file()]
    for f in _round_files(rd):
        if f in declared:
            continue
        hint = " (the manifest declares a file whose name differs only in case)" \
            if f.lower() in declared_lower else ""
        close = difflib.get_close_matches(f, missing, n=1, cutoff=0.6)
        if close and not hint:
            hint = (f" (it looks like the file declared as '{close[0]}', which was not "
                    "found: correct the name in manifest.yaml)")
        path = rd / f
        problems.add(m.round, f, "undeclared_file",
                     f"{f} (round {m.round}): the file is in the round folder but not "
                     f"declared in manifest.yaml{hint}; it was not read", severity="warning")
        row = _file_row(m, None, f, "undeclared")
        row.update(sha256=sha256_of(path) if path.stat().st_size <=
                   cfg.ingest.max_file_mb * 1024 * 1024 else "",
                   size_bytes=str(path.stat().st_size))
        files.append(row)



def _unique_ids(df: pd.DataFrame, problems: ProblemLog) -> pd.DataFrame:
    """The records of one file, every record id distinct.

    Why no record is dropped: a record id is the hash of round, file and locator, so two
    records with one id are two parts of the file a reader gave the same place (two mail
    attachments of one name did). Keeping the first only lost the others' statements
    without a word. Each further copy is kept, its locator marked ``;copy=N`` (its id
    follows), and reported, so the analyst can check both places."""
    again = df["record_id"].duplicated(keep="first")
    if not again.any():
        return df
    df = df.copy()
    copies: dict[str, int] = {}
    for i in df.index[again]:
        row = df.loc[i]
        n = copies[row["record_id"]] = copies.get(row["record_id"], 1) + 1
        locator = f"{row['locator']};copy={n}"
        df.loc[i, ["locator", "record_id"]] = [locator, record_id(
            row["round"], row["source_file"], locator)]
        problems.add(row["round"], row["source_file"], "duplicate_locator",
                     f"{row['source_file']} (round {row['round']}): two parts of the file "
                     f"were read at the same place ({row['locator']}); both were kept, the "
                     f"second as {locator}", severity="warning", locator=locator,
                     value=row["locator"])
    return df


def _sheets_not_declared(rd: Path, m: Manifest, sheets_declared: dict[str, set[str]],
                         problems: ProblemLog) -> None:
    """A workbook declared sheet by sheet: its other sheets are named as not read."""
    for f, declared in sheets_declared.items():
        if any(s.file == f and s.sheet is None for s in m.sources) or not (rd / f).is_file():
            continue
        try:
            names = sheet_names(rd / f)
        except Exception:  # noqa: BLE001 - the sources' own reads report a broken workbook
            continue
        for name in names:
            if name not in declared:
                problems.add(m.round, f, "sheet_not_read",
                             f"{f} (round {m.round}): sheet '{name}' is not declared in "
                             "manifest.yaml (the workbook is declared sheet by sheet); it "
                             "was not read", severity="info", locator=f"sheet={name}",
                             value=name)
