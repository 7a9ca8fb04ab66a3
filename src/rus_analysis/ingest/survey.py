"""Survey exports (.xlsx, .csv, wide form) and post-it transcriptions (.csv).

Why one record per non-empty answer, whatever it says: whether "ved ikke" or "-" is an
answer is a cleaning decision that must show up in the accounting; if ingest dropped it,
nobody could count it. Empty cells make no record but are counted per file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.manifest import COLUMN_ROLES, SourceSpec
from rus_analysis.ingest.records import LONG_TEXT_CHARS, RecordSink, slug
from rus_analysis.ingest.tables import Table, norm_header, open_csv, open_xlsx

log = logging.getLogger("rus_analysis.ingest")

# Header names (normalised, see norm_header) that say which role a column has.
ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent id", "respondentid", "respondent", "id", "svar id", "svarid",
                      "besvarelses id", "besvarelse id", "besvarelsesid", "response id",
                      "responseid", "respondent nr", "respondentnummer", "løbenummer", "nr"),
    "date": ("besvarelsesdato", "dato", "date", "svardato", "indsendt", "submitted",
             "submitted at", "timestamp", "tidsstempel", "tidspunkt", "afsluttet",
             "besvaret", "response date", "end date"),
    "municipality": ("kommune", "municipality", "hvilken kommune", "din kommune",
                     "kommunenavn", "hjemkommune", "kommune by", "by kommune"),
    "organisation_type": ("organisationstype", "organisation type", "organization type",
                          "type af organisation", "organisationens type", "aktørtype",
                          "aktør type", "type"),
    "organisation": ("organisation", "organization", "organisationens navn",
                     "navn på organisation", "organisationsnavn", "virksomhed", "myndighed",
                     "organisation navn", "afsender"),
}
# Role columns asked as questions ("Hvilken kommune repræsenterer du?"): matched by how the
# header starts, and only when the header is short, so a free-text question that merely
# mentions a municipality is not taken for the municipality column.
ROLE_PREFIXES: dict[str, tuple[str, ...]] = {
    "organisation_type": ("hvilken type organisation", "hvilken type af organisation",
                          "type af organisation", "what type of organisation",
                          "what type of organization"),
    "municipality": ("hvilken kommune", "which municipality", "din kommune",
                     "i hvilken kommune"),
    "organisation": ("hvilken organisation", "navn på din organisation",
                     "organisationens navn", "which organisation", "which organization"),
}
MAX_ROLE_QUESTION = 70
WORKSHOP_ALIASES: dict[str, tuple[str, ...]] = {
    "bord": ("bord", "bordnummer", "bord nr", "table", "gruppe"),
    "overskrift": ("overskrift", "tema", "heading", "theme", "emne"),
    "tekst": ("tekst", "text", "post it", "postit", "post it tekst", "note"),
    "kommune": ("kommune", "municipality"),
}
MIN_QUESTION_HEADER = 20   # a free-text question's header is the question itself


@dataclass
class FileStats:
    """What the per-file info table reports about a read."""

    encoding: str = ""
    delimiter: str = ""
    header_row: int | None = None
    sheet: str = ""
    n_empty_cells: int = 0


def _all_aliases(aliases: dict[str, tuple[str, ...]]) -> set[str]:
    return {a for names in aliases.values() for a in names}


def _open(path: Path, spec: SourceSpec, ctx: FileContext, wanted: set[str], max_mb: float
          ) -> Table:
    if spec.format == "xlsx":
        return open_xlsx(path, ctx, wanted, sheet=spec.sheet, header_row=spec.header_row)
    return open_csv(path, ctx, wanted, encoding=spec.encoding, delimiter=spec.delimiter,
                    header_row=spec.header_row, max_mb=max_mb)


def _missing(ctx: FileContext, table: Table, what: str) -> None:
    found = ", ".join(f"'{h}'" for h in table.header if h) or "none"
    sheet = f"sheet '{table.sheet}', " if table.sheet else ""
    ctx.problem("missing_column", f"{sheet}header row {table.header_row}: {what}; "
                f"columns found: {found}", locator=f"row={table.header_row}")
    raise FileRejected


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> str | None:
    """Respondent date as ISO text: Danish exports write dd-mm-yyyy, others ISO."""
    t = text.strip()
    m = re.match(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", t)
    try:
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", t)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
    return None


def read_survey(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                max_mb: float) -> FileStats:
    """Read a wide survey export: one record per non-empty free-text answer.

    Column roles come from the manifest's ``columns:`` mapping where given, else from
    header names (ROLE_ALIASES). Question columns are those named under
    ``columns.questions``, else every other column whose header is long enough to be a
    question. ``source_date`` is the respondent's date where the export has one.
    """
    wanted = {norm_header(h) for h in (*spec.columns.values(), *spec.questions)}
    table = _open(path, spec, ctx, wanted, max_mb)
    try:
        return _survey_rows(table, spec, ctx, sink)
    finally:
        if table.close:
            table.close()


def _survey_rows(table: Table, spec: SourceSpec, ctx: FileContext, sink: RecordSink
                 ) -> FileStats:
    keys = [norm_header(h) for h in table.header]
    role_col: dict[str, int] = {}
    for role, header in spec.columns.items():
        k = norm_header(header)
        if k not in keys:
            _missing(ctx, table, f"the column '{header}' (columns.{role} in manifest.yaml) "
                     "is not in the file")
        role_col[role] = keys.index(k)
    for role in COLUMN_ROLES:
        if role in role_col:
            continue
        for i, k in enumerate(keys):
            if k in ROLE_ALIASES[role] and i not in role_col.values():
                role_col[role] = i
                break
    for role, prefixes in ROLE_PREFIXES.items():
        if role in role_col:
            continue
        for i, k in enumerate(keys):
            if (i not in role_col.values() and len(k) <= MAX_ROLE_QUESTION
                    and k.startswith(prefixes) and table.header[i] not in spec.questions):
                role_col[role] = i
                break
    questions: list[tuple[int, str, str]] = []   # (column, id, question text)
    if spec.questions:
        for header, qid in spec.questions.items():
            k = norm_header(header)
            if k not in keys:
                _missing(ctx, table, f"the question column '{header}' (columns.questions "
                         "in manifest.yaml) is not in the file")
            questions.append((keys.index(k), qid, table.header[keys.index(k)]))
    else:
        n = 0
        for i, h in enumerate(table.header):
            if i in role_col.values() or not h:
                continue
            if len(h) >= MIN_QUESTION_HEADER or h.endswith("?"):
                n += 1
                questions.append((i, f"q{n}", h))
            else:
                log.info("%s: column '%s' ignored (not a role, too short for a question)",
                         ctx.where, h)
    if not questions:
        _missing(ctx, table, "no free-text question column (a column whose header is the "
                 "question, or one listed under columns.questions in manifest.yaml)")
    log.info("%s: roles %s, questions %s", ctx.where,
             {r: table.header[c] for r, c in role_col.items()}, [q[1] for q in questions])

    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row, sheet=table.sheet)
    sheet = f"sheet={table.sheet};" if table.sheet else ""
    merged = table.merged
    qcols = {c for c, _, _ in questions}
    role_items = list(role_col.items())
    tops = set(merged.values())
    top_value: dict[tuple[int, int], str] = {}
    for rowno, row in table.rows:
        width = len(row)
        if not any(row) or not "".join(row).strip():
            continue
        roles: dict[str, str] = {}
        for role, c in role_items:
            v = row[c] if c < width else ""
            if merged:
                if (rowno, c + 1) in tops:
                    top_value[(rowno, c + 1)] = v
                elif not v.strip() and (rowno, c + 1) in merged:
                    # A merged cell (e.g. one municipality for several respondents) holds
                    # its value in the top-left cell only; it belongs to every row it spans.
                    v = top_value.get(merged[(rowno, c + 1)], "")
            roles[role] = v.strip()
        date = _iso_date(roles["date"]) if "date" in roles else None
        for c, qid, qtext in questions:
            text = row[c] if c < width else ""
            if not text or text.isspace():
                if merged and (rowno, c + 1) in merged and \
                        (merged[(rowno, c + 1)][1] - 1) in qcols:
                    continue   # covered by a merged answer to its left/above
                stats.n_empty_cells += 1
                continue
            locator = f"{sheet}row={rowno};col={qid}"
            if len(text) > LONG_TEXT_CHARS:
                where = f"sheet '{table.sheet}', " if table.sheet else ""
                ctx.problem("long_text", f"{where}row {rowno}, column '{qtext[:60]}': the "
                            f"answer is {len(text):,} characters long; it was kept",
                            severity="warning", locator=locator)
            sink.add(locator, text, respondent_id=roles.get("respondent_id", ""),
                     question_id=qid, question=qtext,
                     municipality_raw=roles.get("municipality", ""),
                     organisation=roles.get("organisation", ""),
                     organisation_type_raw=roles.get("organisation_type", ""),
                     source_date=date)
    if not len(sink):
        sheet_txt = f"sheet '{table.sheet}': " if table.sheet else ""
        ctx.problem("no_records", f"{sheet_txt}no answers found below the header (row "
                    f"{table.header_row}); {stats.n_empty_cells} empty answer cells",
                    severity="warning")
    return stats


def read_workshop(path: Path, spec: SourceSpec, ctx: FileContext, sink: RecordSink,
                  max_mb: float) -> FileStats:
    """Post-its: one record per row with text; table and heading form the question."""
    table = _open(path, spec, ctx, _all_aliases(WORKSHOP_ALIASES), max_mb)
    keys = [norm_header(h) for h in table.header]
    col: dict[str, int] = {}
    for role, aliases in WORKSHOP_ALIASES.items():
        for i, k in enumerate(keys):
            if k in aliases:
                col[role] = i
                break
    need = [r for r in ("bord", "overskrift", "tekst") if r not in col]
    if need:
        _missing(ctx, table, f"required column(s) {', '.join(need)} not found (a post-it "
                 "file needs bord, overskrift, tekst and optionally kommune)")
    stats = FileStats(encoding=table.encoding, delimiter=table.delimiter,
                      header_row=table.header_row)
    for rowno, row in table.rows:
        if not any(c.strip() for c in row):
            continue

        def get(role: str, row: list[str] = row) -> str:
            i = col.get(role)
            return row[i] if i is not None and i < len(row) else ""

        text = get("tekst")
        if not text.strip():
            stats.n_empty_cells += 1
            continue
        bord, heading = get("bord").strip(), get("overskrift").strip()
        label = f"Bord {bord}" if bord[:1].isdigit() else bord
        question = " > ".join(p for p in (label, heading) if p)
        sink.add(f"row={rowno}", text, question_id=slug(question), question=question,
                 municipality_raw=get("kommune").strip())
    if not len(sink):
        ctx.problem("no_records", f"no post-its found below the header (row "
                    f"{table.header_row})", severity="warning")
    return stats
