"""manifest.yaml: reading and validating a round's declaration of its files.

Why validate by hand (and suggest spellings): the manifest is typed by analysts. A key
typed as ``colums`` would otherwise be ignored without a word, the column mapping lost,
and the answers of a whole survey read from the wrong columns. Every problem names
manifest.yaml, the key path (``sources[2].colums``) and what to write instead, and a
problem with a source entry is filed under that source's file, so the file appears in
the accounting as rejected, with the reason, instead of disappearing.

Why a source type follows what the material is, not its file format: a workshop summary
may be a Word file or a PDF, post-its may be a CSV or a workbook, a consultation
response may be an e-mail. ``FORMATS`` lists which formats each type can be read from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from rus_analysis.problems import ProblemLog
from rus_analysis.yamlcheck import YamlFileError, did_you_mean, read_yaml, unknown_key

MANIFEST = "manifest.yaml"

FORMATS: dict[str, tuple[str, ...]] = {
    "survey": ("xlsx", "csv"),
    "meeting": ("docx", "md", "txt", "pdf"),
    # post-its as a table (csv, xlsx), or a written summary of the tables
    "workshop": ("csv", "xlsx", "docx", "md", "txt", "pdf"),
    "written": ("txt", "docx", "pdf", "eml", "md"),
}
TABLE_FORMATS = ("csv", "xlsx")
# what to do with a file in a format no reader reads: the program that opens it and the
# format to save it in (a consultation reaches the region as Outlook mails, LibreOffice
# and WordPad documents too)
_AS_DOCX = ("open it in Word or LibreOffice and save it as .docx (or print it to PDF), "
            "then declare that file instead")
_AS_XLSX = "open it in Excel or LibreOffice and save it as .xlsx, then declare that file instead"
SAVE_AS: dict[str, str] = {
    "msg": "an Outlook message: in Outlook save it as text (.txt) or print it to PDF (Outlook "
           "on the web and other mail programs save an e-mail as .eml); if the response is "
           "an attachment, save the attachment; then declare that file instead",
    "odt": _AS_DOCX, "rtf": _AS_DOCX, "doc": _AS_DOCX, "pages": _AS_DOCX, "wpd": _AS_DOCX,
    "ods": _AS_XLSX, "xls": _AS_XLSX, "xlsm": _AS_XLSX, "numbers": _AS_XLSX,
}
# words analysts write for a type; offered as "did you mean" (never accepted silently)
TYPE_SYNONYMS: dict[str, str] = {
    "spørgeskema": "survey", "spoergeskema": "survey", "questionnaire": "survey",
    "undersøgelse": "survey", "møde": "meeting", "moede": "meeting", "referat": "meeting",
    "minutes": "meeting", "dialogmøde": "meeting", "postits": "workshop",
    "post-its": "workshop", "post-it": "workshop", "høringssvar": "written",
    "hoeringssvar": "written", "brev": "written", "letter": "written", "email": "written",
    "e-mail": "written", "mail": "written", "response": "written",
}
LAYOUTS = ("wide", "long")
TOP_KEYS = ("round", "title", "period", "invited_municipalities", "invited_organisations",
            "sources")
SOURCE_KEYS = ("file", "type", "name", "date", "invited_municipalities",
               "invited_organisations", "columns", "sheet", "organisation", "municipality",
               "encoding", "delimiter", "header_row", "layout", "background", "participants")
COLUMN_ROLES = ("respondent_id", "date", "municipality", "organisation_type", "organisation")
LONG_ROLES = ("question_id", "question", "answer")
COLUMN_KEYS = (*COLUMN_ROLES, *LONG_ROLES, "questions", "exclude")
# background questions of a long export: roles, "contact" (never read), or attributes
CONTACT_ROLE = "contact"
MONTHS_DA = {"januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3,
             "april": 4, "apr": 4, "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
             "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
             "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}


@dataclass(frozen=True)
class SourceSpec:
    """One entry of ``sources:`` after validation."""

    index: int
    file: str
    type: str
    name: str
    date: str = ""
    invited_municipalities: tuple[str, ...] = ()
    invited_organisations: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)     # role -> header
    questions: dict[str, str] = field(default_factory=dict)   # header -> short id
    exclude: tuple[str, ...] = ()                             # headers / question ids
    sheet: str | None = None
    organisation: str = ""
    municipality: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None    # 1-based row of the header, when given
    layout: str | None = None        # wide | long; None = detect
    background: dict[str, str] = field(default_factory=dict)  # role -> question id (long)
    participants: tuple[str, ...] = ()   # meeting participants declared in the manifest

    @property
    def format(self) -> str:
        return PurePosixPath(self.file).suffix.lower().lstrip(".")

    @property
    def label(self) -> str:
        """The file, with the sheet when the entry names one (one entry per sheet)."""
        return f"{self.file} [sheet {self.sheet}]" if self.sheet else self.file


@dataclass
class Manifest:
    """A round's manifest: what the round is and which files it holds."""

    round: str
    title: str = ""
    period_start: str = ""
    period_end: str = ""
    invited_municipalities: tuple[str, ...] = ()
    invited_organisations: tuple[str, ...] = ()
    sources: list[SourceSpec] = field(default_factory=list)
    # files named by entries that failed validation: declared (not "undeclared"), not read
    rejected_files: set[str] = field(default_factory=set)


class _Issues:
    """Reports manifest problems; a problem of a source entry is filed under its file."""

    def __init__(self, round_id: str, problems: ProblemLog, path: Path) -> None:
        self.round_id = round_id
        self.problems = problems
        self.path = path
        self.n = 0
        self.file = MANIFEST    # the file the next problems are about

    def __call__(self, key: str, detail: str, severity: str = "error",
                 value: str = "") -> None:
        self.n += severity == "error"
        where = f"manifest.yaml (round {self.round_id})"
        self.problems.add(self.round_id, self.file, "manifest_invalid",
                          f"{where}: key '{key}' {detail}" if key else f"{where}: {detail}",
                          severity=severity, locator=f"key={key}" if key else "",
                          value=value)


def parse_date(value: Any) -> tuple[str | None, bool]:
    """(ISO date, was it ISO already) of a manifest or cell date; (None, False) if none.

    ISO ``2026-03-12`` is the documented form; the Danish forms people type
    (``12-03-2026``, ``12.03.2026``, ``12/3-2026``, ``12. marts 2026``) are unambiguous
    (day first) and read too, so a date typo never costs a file.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), True
    if isinstance(value, dt.date):
        return value.isoformat(), True
    if not isinstance(value, str):
        return None, False
    t = value.strip()
    try:
        return dt.date.fromisoformat(t).isoformat(), True
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./ ]\s*(\d{4})", t)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat(), False
        m = re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})", t.lower())
        if m and m[2] in MONTHS_DA:
            return dt.date(int(m[3]), MONTHS_DA[m[2]], int(m[1])).isoformat(), False
    except ValueError:
        return None, False
    return None, False


def _name_list(value: Any, key: str, issue: _Issues) -> tuple[str, ...] | None:
    """A list of names/codes; "alle" alone may be written without brackets.

    Integers are kept as digits; YAML 1.1 reads an unquoted 0101 as the octal number 65,
    so ints are passed on as "int:<n>" for the caller to try as decimal and octal.
    """
    if value is None:
        return ()
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        issue(key, f"must be a list of municipality/organisation names, got {value!r}")
        return None
    out: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, str | int):
            issue(f"{key}[{i}]", f"must be a name or a code, got {item!r}")
            return None
        out.append(f"int:{item}" if isinstance(item, int) else item.strip())
    return tuple(x for x in out if x)


def load_manifest(round_dir: Path, problems: ProblemLog) -> Manifest | None:
    """Read and validate ``round_dir/manifest.yaml``; None when the round cannot be read.

    Invalid source entries are reported under their file and left out (their files count
    as declared but rejected); top-level problems that leave the round unreadable return
    None.
    """
    fallback_id = round_dir.name
    path = round_dir / MANIFEST
    issue = _Issues(fallback_id, problems, path)
    if not path.is_file():
        problems.add(fallback_id, MANIFEST, "manifest_missing",
                     f"{round_dir}: the round folder has no manifest.yaml; no file in it "
                     "was read")
        return None
    try:
        data = read_yaml(path)
    except YamlFileError as exc:
        issue("", str(exc).removeprefix(f"{path}:").strip())
        return None
    if not isinstance(data, dict):
        issue("", "must be a mapping with the keys round, title, period, sources")
        return None
    rid = data.get("round")
    if isinstance(rid, bool) or not isinstance(rid, str | int | float) or not str(rid).strip():
        issue("round", "is required: a short unique id of the round such as \"2025\"")
        return None
    round_id = str(rid).strip()
    issue.round_id = round_id
    for key in data:
        if key not in TOP_KEYS:
            issue(str(key), unknown_key(str(key), TOP_KEYS))
    m = Manifest(round=round_id)
    title = data.get("title", "")
    m.title = str(title) if title is not None else ""
    period = data.get("period")
    if period is not None:
        if not isinstance(period, dict) or set(period) - {"start", "end"}:
            issue("period", "must be a mapping {start: YYYY-MM-DD, end: YYYY-MM-DD}")
        else:
            for k in ("start", "end"):
                if k in period:
                    setattr(m, f"period_{k}", _date_value(period[k], f"period.{k}", issue))
    for k in ("invited_municipalities", "invited_organisations"):
        names = _name_list(data.get(k), k, issue)
        setattr(m, k, names or ())
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        issue("sources", "is required: a list of the files of the round (file, type, name)")
        return m
    seen: set[tuple[str, str | None]] = set()
    for i, entry in enumerate(sources):
        spec = _source(i, entry, issue, round_dir, seen)
        issue.file = MANIFEST
        if isinstance(spec, SourceSpec):
            m.sources.append(spec)
            seen.add((spec.file, spec.sheet))
        elif isinstance(spec, str):
            m.rejected_files.add(spec)
    m.rejected_files -= {s.file for s in m.sources}
    return m


def _date_value(value: Any, key: str, issue: _Issues) -> str:
    """A manifest date as ISO text; a Danish form is read with a warning, an unreadable
    one reported (the file is still read, without a date)."""
    if value is None:
        return ""
    iso, was_iso = parse_date(value)
    if iso is None:
        issue(key, f"must be an ISO date YYYY-MM-DD, got {value!r}; the file was read "
              "without a date", severity="warning", value=str(value))
        return ""
    if not was_iso:
        issue(key, f"is written {value!r}; read as {iso} (day first). Write the ISO date "
              f"YYYY-MM-DD ({iso}) to silence this", severity="warning", value=str(value))
    return iso


def _type_hint(stype: Any) -> str:
    word = str(stype).strip().lower()
    if word in TYPE_SYNONYMS:
        return f"did you mean '{TYPE_SYNONYMS[word]}'? "
    return did_you_mean(word, FORMATS)


def _source(i: int, entry: Any, issue: _Issues, round_dir: Path,
            seen: set[tuple[str, str | None]]) -> SourceSpec | str | None:
    """Validate one source entry; return it, or the file it names when it is invalid."""
    key = f"sources[{i}]"
    if not isinstance(entry, dict):
        issue(key, "must be a mapping with at least file, type and name")
        return None
    before = issue.n
    file_ = entry.get("file")
    if not isinstance(file_, str) or not file_.strip():
        issue(f"{key}.file", "is required: the file's path relative to the round folder")
        return None
    file_ = PurePosixPath(file_.strip().replace("\\", "/")).as_posix()
    key = f"sources[{i}] ({file_})"
    resolved = (round_dir / file_).resolve()
    if PurePosixPath(file_).is_absolute() or not resolved.is_relative_to(round_dir.resolve()):
        issue(f"{key}.file", "must be a path inside the round folder")
        return None
    issue.file = file_
    sheet = entry.get("sheet")
    if (file_, None if sheet is None else str(sheet)) in seen or (
            sheet is None and any(f == file_ for f, _ in seen)):
        issue(f"{key}.file", "declares the same file a second time; declare each file once "
              "(a workbook may be declared once per sheet, each entry with its own 'sheet:')")
        return None
    for k in entry:
        if k not in SOURCE_KEYS:
            issue(f"{key}.{k}", unknown_key(str(k), SOURCE_KEYS) + "; the file was not read")
    stype = entry.get("type")
    if stype not in FORMATS:
        issue(f"{key}.type", f"must be one of {', '.join(FORMATS)}, got {stype!r}; "
              f"{_type_hint(stype)}the file was not read", value=str(stype))
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        issue(f"{key}.name", f"must be text, got {name!r}")
    date = _date_value(entry.get("date"), f"{key}.date", issue)
    inv_m = _name_list(entry.get("invited_municipalities"), f"{key}.invited_municipalities",
                       issue)
    inv_o = _name_list(entry.get("invited_organisations"), f"{key}.invited_organisations",
                       issue)
    columns, questions, exclude = _columns(entry.get("columns"), stype, key, issue)
    fmt = PurePosixPath(file_).suffix.lower().lstrip(".")
    if sheet is not None and (fmt != "xlsx" or not isinstance(sheet, str | int)):
        issue(f"{key}.sheet", "must be a sheet name, and is only used for .xlsx files")
    org = entry.get("organisation")
    if stype == "written" and (not isinstance(org, str) or not org.strip()):
        issue(f"{key}.organisation", "is required for written responses: the sender "
              "organisation of the letter (\"Privatperson\" for a private person)")
    elif org is not None and not isinstance(org, str):
        issue(f"{key}.organisation", f"must be text, got {org!r}")
    muni = entry.get("municipality")
    if muni is not None and not isinstance(muni, str | int):
        issue(f"{key}.municipality", f"must be a name or code, got {muni!r}")
    header_row = entry.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or isinstance(
            header_row, bool) or header_row < 1):
        issue(f"{key}.header_row", f"must be a row number (1 = first row), got {header_row!r}")
        header_row = None
    for k in ("encoding", "delimiter"):
        if entry.get(k) is not None and not isinstance(entry[k], str):
            issue(f"{key}.{k}", f"must be text, got {entry[k]!r}")
    if entry.get("delimiter") not in (None, ";", ",", "\t", "tab", "\\t"):
        issue(f"{key}.delimiter", "must be ';', ',' or 'tab'")
    layout = entry.get("layout")
    if layout is not None and layout not in LAYOUTS:
        issue(f"{key}.layout", f"must be 'wide' (one row per respondent) or 'long' (one row "
              f"per answer), got {layout!r}; {did_you_mean(str(layout), LAYOUTS)}")
    background = _background(entry.get("background"), key, issue)
    participants = _name_list(entry.get("participants"), f"{key}.participants", issue)
    if participants and stype not in ("meeting", "workshop"):
        issue(f"{key}.participants", "is only used for meetings and workshops")
    if issue.n > before or inv_m is None or inv_o is None or participants is None:
        return file_
    return SourceSpec(
        index=i, file=file_, type=stype, name=(name or file_), date=date,
        invited_municipalities=inv_m, invited_organisations=inv_o, columns=columns,
        questions=questions, exclude=exclude,
        sheet=str(sheet) if sheet is not None else None,
        organisation=(org or "").strip() if isinstance(org, str) else "",
        municipality=str(muni).strip() if muni is not None else "",
        encoding=entry.get("encoding"), delimiter=entry.get("delimiter"),
        header_row=header_row, layout=layout, background=background,
        participants=tuple(p.removeprefix("int:") for p in participants),
    )


def _columns(cols: Any, stype: Any, key: str, issue: _Issues
             ) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """``columns:``: roles -> headers, ``questions`` (header -> id), ``exclude``."""
    columns: dict[str, str] = {}
    questions: dict[str, str] = {}
    exclude: list[str] = []
    if cols is None:
        return columns, questions, ()
    if stype != "survey":
        issue(f"{key}.columns", "is only used for surveys")
        return columns, questions, ()
    if not isinstance(cols, dict):
        issue(f"{key}.columns", "must be a mapping of roles to column headers")
        return columns, questions, ()
    for role, header in cols.items():
        if role not in COLUMN_KEYS:
            issue(f"{key}.columns.{role}", unknown_key(str(role), COLUMN_KEYS))
        elif role == "questions":
            if not isinstance(header, dict) or not header:
                issue(f"{key}.columns.questions", "must be a mapping of question header -> "
                      "short id")
                continue
            for q, qid in header.items():
                if not isinstance(q, str) or not isinstance(qid, str | int):
                    issue(f"{key}.columns.questions", f"has an invalid entry {q!r}: {qid!r}; "
                          "write \"<column header>\": <short id>")
                else:
                    questions[q.strip()] = str(qid)
            if len(set(questions.values())) != len(questions):
                issue(f"{key}.columns.questions", "gives two questions the same id")
        elif role == "exclude":
            items = [header] if isinstance(header, str) else header
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                issue(f"{key}.columns.exclude", "must be a list of column headers (or, in a "
                      "long export, question ids) not to read as statements")
                continue
            exclude += [x.strip() for x in items if x.strip()]
        elif not isinstance(header, str) or not header.strip():
            issue(f"{key}.columns.{role}", f"must be a column header, got {header!r}")
        else:
            columns[role] = header.strip()
    return columns, questions, tuple(exclude)


def _background(value: Any, key: str, issue: _Issues) -> dict[str, str]:
    """``background:`` of a long export: what a background question's answer is (a role
    such as municipality, ``contact`` - never read - or an attribute name) -> question id."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int) for k, v in value.items()):
        issue(f"{key}.background", "must be a mapping such as {municipality: kommune, "
              "contact: kontakt, age: alder} (what the answer is -> question id)")
        return {}
    return {k.strip(): str(v).strip() for k, v in value.items()}
