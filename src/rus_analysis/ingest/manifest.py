"""manifest.yaml: reading and validating a round's declaration of its files.

Why validate by hand (and suggest spellings): the manifest is typed by analysts. A key
typed as ``colums`` would otherwise be ignored without a word, the column mapping lost,
and the answers of a whole survey read from the wrong columns. Every problem names
manifest.yaml, the key path (``sources[2].colums``) and what to write instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from rus_analysis.problems import ProblemLog
from rus_analysis.yamlcheck import YamlFileError, read_yaml, unknown_key

MANIFEST = "manifest.yaml"

FORMATS: dict[str, tuple[str, ...]] = {
    "survey": ("xlsx", "csv"),
    "meeting": ("docx", "md", "txt"),
    "workshop": ("csv",),
    "written": ("txt", "docx", "pdf"),
}
TOP_KEYS = ("round", "title", "period", "invited_municipalities", "invited_organisations",
            "sources")
SOURCE_KEYS = ("file", "type", "name", "date", "invited_municipalities",
               "invited_organisations", "columns", "sheet", "organisation", "municipality",
               "encoding", "delimiter", "header_row")
COLUMN_ROLES = ("respondent_id", "date", "municipality", "organisation_type", "organisation")
COLUMN_KEYS = (*COLUMN_ROLES, "questions")


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
    sheet: str | None = None
    organisation: str = ""
    municipality: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None    # 1-based row of the header, when given

    @property
    def format(self) -> str:
        return PurePosixPath(self.file).suffix.lower().lstrip(".")


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
    def __init__(self, round_id: str, problems: ProblemLog, path: Path) -> None:
        self.round_id = round_id
        self.problems = problems
        self.path = path
        self.n = 0

    def __call__(self, key: str, detail: str, severity: str = "error") -> None:
        self.n += severity == "error"
        where = f"manifest.yaml (round {self.round_id})"
        self.problems.add(self.round_id, MANIFEST, "manifest_invalid",
                          f"{where}: key '{key}' {detail}" if key else f"{where}: {detail}",
                          severity=severity, locator=f"key={key}" if key else "")


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


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

    Invalid source entries are reported and left out (their files count as declared but
    rejected); top-level problems that leave the round unreadable return None.
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
    for key in data:
        if key not in TOP_KEYS:
            issue(str(key), unknown_key(str(key), TOP_KEYS))
    rid = data.get("round")
    if isinstance(rid, bool) or not isinstance(rid, str | int | float) or not str(rid).strip():
        issue("round", "is required: a short unique id of the round such as \"2025\"")
        return None
    round_id = str(rid).strip()
    issue.round_id = round_id
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
                    d = _date(period[k])
                    if d is None:
                        issue(f"period.{k}", f"must be an ISO date YYYY-MM-DD, got "
                              f"{period[k]!r}")
                    else:
                        setattr(m, f"period_{k}", d)
    for k in ("invited_municipalities", "invited_organisations"):
        names = _name_list(data.get(k), k, issue)
        setattr(m, k, names or ())
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        issue("sources", "is required: a list of the files of the round (file, type, name)")
        return m
    seen: set[str] = set()
    for i, entry in enumerate(sources):
        spec = _source(i, entry, issue, round_dir, seen)
        if isinstance(spec, SourceSpec):
            m.sources.append(spec)
            seen.add(spec.file)
        elif isinstance(spec, str):
            m.rejected_files.add(spec)
    return m


def _source(i: int, entry: Any, issue: _Issues, round_dir: Path, seen: set[str]
            ) -> SourceSpec | str | None:
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
    if file_ in seen:
        issue(f"{key}.file", "declares the same file a second time; declare each file once")
        return None
    for k in entry:
        if k not in SOURCE_KEYS:
            issue(f"{key}.{k}", unknown_key(str(k), SOURCE_KEYS))
    stype = entry.get("type")
    if stype not in FORMATS:
        issue(f"{key}.type", f"must be one of {', '.join(FORMATS)}, got {stype!r}")
    name = entry.get("name")
    if name is not None and not isinstance(name, str):
        issue(f"{key}.name", f"must be text, got {name!r}")
    date = ""
    if entry.get("date") is not None:
        d = _date(entry["date"])
        if d is None:
            issue(f"{key}.date", f"must be an ISO date YYYY-MM-DD, got {entry['date']!r}")
        else:
            date = d
    inv_m = _name_list(entry.get("invited_municipalities"), f"{key}.invited_municipalities",
                       issue)
    inv_o = _name_list(entry.get("invited_organisations"), f"{key}.invited_organisations",
                       issue)
    columns: dict[str, str] = {}
    questions: dict[str, str] = {}
    cols = entry.get("columns")
    if cols is not None:
        if stype != "survey":
            issue(f"{key}.columns", "is only used for surveys")
        elif not isinstance(cols, dict):
            issue(f"{key}.columns", "must be a mapping of roles to column headers")
        else:
            for role, header in cols.items():
                if role not in COLUMN_KEYS:
                    issue(f"{key}.columns.{role}", unknown_key(str(role), COLUMN_KEYS))
                elif role == "questions":
                    if not isinstance(header, dict) or not header:
                        issue(f"{key}.columns.questions", "must be a mapping of question "
                              "header -> short id")
                        continue
                    for q, qid in header.items():
                        if not isinstance(q, str) or not isinstance(qid, str | int):
                            issue(f"{key}.columns.questions", f"has an invalid entry {q!r}: "
                                  f"{qid!r}; write \"<column header>\": <short id>")
                        else:
                            questions[q.strip()] = str(qid)
                    if len(set(questions.values())) != len(questions):
                        issue(f"{key}.columns.questions", "gives two questions the same id")
                elif not isinstance(header, str) or not header.strip():
                    issue(f"{key}.columns.{role}", f"must be a column header, got {header!r}")
                else:
                    columns[role] = header.strip()
    sheet = entry.get("sheet")
    if sheet is not None and (stype != "survey" or not isinstance(sheet, str | int)):
        issue(f"{key}.sheet", "must be a sheet name, and is only used for .xlsx surveys")
    org = entry.get("organisation")
    if stype == "written" and (not isinstance(org, str) or not org.strip()):
        issue(f"{key}.organisation", "is required for written responses: the sender "
              "organisation of the letter")
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
    if issue.n > before or inv_m is None or inv_o is None:
        return file_
    return SourceSpec(
        index=i, file=file_, type=stype, name=(name or file_), date=date,
        invited_municipalities=inv_m, invited_organisations=inv_o, columns=columns,
        questions=questions, sheet=str(sheet) if sheet is not None else None,
        organisation=(org or "").strip() if isinstance(org, str) else "",
        municipality=str(muni).strip() if muni is not None else "",
        encoding=entry.get("encoding"), delimiter=entry.get("delimiter"),
        header_row=header_row,
    )
