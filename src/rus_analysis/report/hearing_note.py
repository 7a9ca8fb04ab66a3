"""The høringsnotat: for each respondent its main points, with theme and position, and the
list of who was invited and who answered; as HTML and as a Word document.

Why this format: a Danish committee reads consultation input as a høringsnotat, one
section per respondent (municipality, organisation, or citizens as one anonymised group),
in the order of the list of respondents at its top. The main points are the respondent's
own words, one per theme it raised (its most typical statement there), shortened at a
sentence or word boundary; personal data was redacted before, and the HTML is scanned
again by the report's guard. A respondent who did not consent to be quoted
(``consent.quotable``) keeps their points (theme, position, counts), each with
``consent.PLACEHOLDER`` for the words, unless a quotable statement of theirs on the same
theme can stand for it; the guard refuses a note that still quotes them. Both files
are built from one ``HearingNote``, so they say the same.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis.atomic import atomic_write, write_text
from rus_analysis.config import STAKEHOLDER_TYPES
from rus_analysis.consent import PLACEHOLDER, quotable
from rus_analysis.danish import fmt_int, join_da
from rus_analysis.pii import (
    NAME_TAG,
    is_known,
    is_marked_private,
    is_private_sender,
    organisation_key,
)
from rus_analysis.processed import RunTables
from rus_analysis.reference import capital_region
from rus_analysis.schema import source_type_da

HTML_FILE = "hoeringsnotat.html"
DOCX_FILE = "hoeringsnotat.docx"
CITIZENS = "Borgere (anonymiseret)"
OTHERS = "Øvrige deltagere uden angivet organisation"
MAX_POINTS = 5
POINT_CHARS = 280
KIND_ORDER = {"kommune": 0, "organisation": 1, "borgere": 2, "deltagere": 3}
_DA_LETTERS = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def _da_key(text: str) -> str:
    """Sort key in Danish alphabetical order (æ, ø, å after z)."""
    return str(text).casefold().translate(_DA_LETTERS)


@dataclass(frozen=True)
class Point:
    theme: str
    position: str | None
    text: str
    source: str
    more: int            # further statements of the respondent on the same theme


@dataclass(frozen=True)
class Respondent:
    key: str
    name: str
    kind: str            # kommune | organisation | borgere | deltagere
    group: str           # stakeholder group (Danish word of the config)
    statements: int
    sources: str         # what it sent: "Skriftligt høringssvar, Møde"
    points: list[Point]
    more_themes: int     # themes beyond the points shown


@dataclass
class HearingNote:
    title: str
    rounds: list[str]
    respondents: list[Respondent]
    municipalities: pd.DataFrame     # kommune, inviteret, deltog i møde, svaret, udsagn
    organisations: pd.DataFrame      # organisation, inviteret, deltog i møde, svaret, udsagn
    has_positions: bool
    notes: list[str] = field(default_factory=list)


def _municipality_names(st: pd.DataFrame) -> dict[str, str]:
    """Code -> the name the municipality signs with ("Københavns Kommune")."""
    names = dict(zip(capital_region()["kommunekode"], capital_region()["navn"], strict=True))
    out = {code: f"{name} Kommune" for code, name in names.items()}
    kom = st[(st["stakeholder_type"] == "kommune") & st["municipality_code"].notna()]
    orgs = kom["organisation"].fillna("").astype(str).str.split(",").str[0].str.strip()
    signed = orgs[orgs.str.contains("ommune", na=False)]
    for code, series in signed.groupby(kom.loc[signed.index, "municipality_code"]):
        counts = series.value_counts()
        out[str(code)] = str(sorted(counts.index, key=lambda n: (-counts[n], n))[0])
    return out


def respondent_of(st: pd.DataFrame) -> pd.DataFrame:
    """For each statement: its respondent's key, name and kind (see the module doc)."""
    names = _municipality_names(st)
    org = st["organisation"].fillna("").astype(str).str.strip()
    kind, key, name = [], [], []
    for o, group, code in zip(org, st["stakeholder_type"].astype(str),
                              st["municipality_code"].astype(object), strict=True):
        has_code = isinstance(code, str) and code in names
        if group == "kommune" and has_code:
            kind.append("kommune"), key.append(f"kommune:{code}"), name.append(names[code])
        elif (is_private_sender(o) and (o or group == "borger")) or NAME_TAG in o \
                or is_marked_private(o) or (group == "borger" and not is_known(o, frozenset())):
            # a private sender ("Privat", "Anonym", a redacted name, "Borger, Jens Holm",
            # a "borger" sender whose name says no organised body: "Borger i Gilleleje",
            # "Pensionist") is never named. A citizens' association ("Borgergruppen for ...") or an
            # organisation of no known group ("Niels Brock") is: it answered, and the
            # note lists who answered
            kind.append("borgere"), key.append("borgere"), name.append(CITIZENS)
        elif o:
            kind.append("organisation"), key.append(f"org:{organisation_key(o)}"), name.append(o)
        else:
            kind.append("deltagere"), key.append("deltagere"), name.append(OTHERS)
    return pd.DataFrame({"statement_id": st["statement_id"].astype(str).to_numpy(),
                         "respondent": key, "respondent_name": name, "respondent_kind": kind})


def _date_da(value: Any) -> str:
    """An ISO date as Danes write it (2025-01-12 -> 12.01.2025); anything else as is."""
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value or "")


def _shorten(text: str, limit: int = POINT_CHARS) -> str:
    """At most ``limit`` characters, cut after a sentence or else a word, with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 2:
        return cut[: end + 1] + " …"
    return cut[: cut.rfind(" ")].rstrip(",;:") + " …"


def hearing_note(tables: RunTables, title: str, max_points: int = MAX_POINTS) -> HearingNote:
    """The høringsnotat of a run (positions are shown when the run has them)."""
    st = tables.statements.reset_index(drop=True)
    who = respondent_of(st)
    a = tables.assignments
    prim = a[a["rank"] == 0].drop_duplicates("statement_id").set_index("statement_id")
    labels = dict(zip(tables.themes["theme_id"].astype(str), tables.themes["label"].astype(str),
                      strict=True))
    theme_order = {t: i for i, t in enumerate(tables.themes["theme_id"].astype(str))}
    positions = getattr(tables, "positions", None)
    pos_of: dict[str, str] = {}
    if positions is not None and len(positions):
        pos_of = dict(zip(positions["statement_id"].astype(str),
                          positions["position"].astype(str), strict=False))
    df = st.assign(respondent=who["respondent"].to_numpy(),
                   respondent_name=who["respondent_name"].to_numpy(),
                   respondent_kind=who["respondent_kind"].to_numpy(),
                   theme=st["statement_id"].astype(str).map(prim["theme_id"].astype(str)),
                   score=st["statement_id"].astype(str).map(prim["score"].astype(float)),
                   _quotable=quotable(st).to_numpy())
    respondents = []
    for key, rows in df.groupby("respondent", sort=False):
        # distinct texts: a campaign or duplicate counts once within its sender
        distinct = rows.drop_duplicates("dup_group")
        counts = distinct.groupby("theme").size()
        themes = sorted(counts.index, key=lambda t: (-counts[t], theme_order.get(t, 1e9), t))
        points = []
        for tid in themes[:max_points]:
            mine = distinct[distinct["theme"] == tid].sort_values(
                ["score", "statement_id"], ascending=[False, True])
            may = mine[mine["_quotable"].astype(bool)]
            best = (may if len(may) else mine).iloc[0]
            points.append(Point(
                theme=labels.get(tid, tid), position=pos_of.get(str(best["statement_id"])),
                text=_shorten(best["text"]) if len(may) else PLACEHOLDER,
                source=f"{source_type_da(best['source_type'])}, {_date_da(best['source_date'])}",
                more=len(mine) - 1))
        first = rows.iloc[0]
        groups = rows["stakeholder_type"].astype(str).value_counts()
        respondents.append(Respondent(
            key=str(key), name=str(first["respondent_name"]), kind=str(first["respondent_kind"]),
            group=str(groups.index[0]), statements=len(distinct),
            sources=", ".join(sorted({source_type_da(s) for s in rows["source_type"]})),
            points=points, more_themes=max(0, len(themes) - max_points)))
    group_rank = {g: i for i, g in enumerate(STAKEHOLDER_TYPES)}
    respondents.sort(key=lambda r: (KIND_ORDER[r.kind], group_rank.get(r.group, 99),
                                    _da_key(r.name)))
    munis, orgs = _invited_and_answered(tables, respondents)
    notes = [] if pos_of else ["Holdninger er ikke beregnet i denne kørsel; de vises, når "
                               "analysen har dem."]
    notes += _files_without_statements(tables)
    return HearingNote(title=title, rounds=list(tables.meta.rounds), respondents=respondents,
                       municipalities=munis, organisations=orgs, has_positions=bool(pos_of),
                       notes=notes)


def _files_without_statements(tables: RunTables) -> list[str]:
    """A line naming the input files from which no statement reached the note (an empty
    letter still is an answer the reader should know about)."""
    acc = tables.accounting
    if not len(acc) or not {"kept", "merged", "source_file"} <= set(acc.columns):
        return []
    empty = acc[(acc["kept"] == 0) & (acc["merged"] == 0)]
    if empty.empty:
        return []
    rej = tables.rejects
    # by round and file: the same file name ("spoergeskema.xlsx") is in several rounds
    why = rej.assign(round=rej["round"].astype(str), source_file=rej["source_file"].astype(
        str)).groupby(["round", "source_file"])["reason"].first().to_dict() if len(rej) else {}
    items = [f"{r.source_file} (runde {r.round}: "
             f"{why.get((str(r.round), str(r.source_file))) or 'afvist'})"
             for r in empty.sort_values(["round", "source_file"]).itertuples(index=False)]
    return ["Filer, hvorfra intet udsagn indgår, og som derfor ikke står herunder: "
            + "; ".join(items) + ". Se rapportens regnskab og de afviste udsagn."]


def _invited_and_answered(tables: RunTables, respondents: list[Respondent]
                          ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every municipality of the region, and every invited or answering organisation."""
    inv, att = tables.invitations, tables.attendance
    invited_codes = set(inv["municipality_code"].dropna().astype(str))
    attended_codes = set(att["municipality_code"].dropna().astype(str))
    # one key for invited, attending and answering organisations ("Novafos." = "Novafos")
    attended_orgs = {organisation_key(str(o)) for o in att.loc[
        att["municipality_code"].isna(), "organisation"].dropna()}
    answered = {r.key: r for r in respondents}
    cap = capital_region()
    munis = pd.DataFrame({
        "kommune": cap["navn"].astype(str),
        "inviteret": ["ja" if c in invited_codes else "nej" for c in cap["kommunekode"]],
        "deltog i møde": ["ja" if c in attended_codes else "nej" for c in cap["kommunekode"]],
        "svaret": ["ja" if f"kommune:{c}" in answered else "nej" for c in cap["kommunekode"]],
        "udsagn": [answered[f"kommune:{c}"].statements if f"kommune:{c}" in answered else 0
                   for c in cap["kommunekode"]]})
    munis = munis.iloc[sorted(range(len(munis)), key=lambda i: _da_key(munis["kommune"][i]))]
    org_inv = inv[inv["municipality_code"].isna() | (inv["municipality_code"] == "")]
    names: dict[str, str] = {}
    for o in org_inv["organisation"].dropna().astype(str).str.strip():
        if o:
            names.setdefault(organisation_key(o), o)
    invited = set(names)
    for r in respondents:
        if r.kind == "organisation":
            names.setdefault(r.key.removeprefix("org:"), r.name)
    keys = sorted(names, key=lambda k: _da_key(names[k]))
    orgs = pd.DataFrame({
        "organisation": [names[k] for k in keys],
        "inviteret": ["ja" if k in invited else "nej" for k in keys],
        "deltog i møde": ["ja" if k in attended_orgs else "nej" for k in keys],
        "svaret": ["ja" if f"org:{k}" in answered else "nej" for k in keys],
        "udsagn": [answered[f"org:{k}"].statements if f"org:{k}" in answered else 0
                   for k in keys]})
    return munis.reset_index(drop=True), orgs


def _intro(note: HearingNote) -> str:
    kinds = pd.Series([r.kind for r in note.respondents]).value_counts()
    n_m, n_o = int(kinds.get("kommune", 0)), int(kinds.get("organisation", 0))
    parts = [f"{fmt_int(n_m)} {'kommune' if n_m == 1 else 'kommuner'}",
             f"{fmt_int(n_o)} {'organisation' if n_o == 1 else 'organisationer'}"]
    if kinds.get("borgere"):
        parts.append("borgere")
    if kinds.get("deltagere"):
        parts.append("deltagere uden angivet organisation")
    return (f"Notatet samler de input, der er kommet til {note.title} i "
            f"{'runden' if len(note.rounds) == 1 else 'runderne'} {join_da(note.rounds)}: "
            f"fra {join_da(parts)}. For hver part gengives hovedpunkterne med tema"
            f"{' og holdning' if note.has_positions else ''}, med partens egne ord (forkortet); "
            "borgere er samlet i én anonymiseret gruppe, og personoplysninger er fjernet. "
            "Parterne står i samme rækkefølge som i listen herunder: kommuner, organisationer "
            "efter interessentgruppe, borgere.")


def _points_line(r: Respondent) -> str:
    extra = f"; desuden {fmt_int(r.more_themes)} andre temaer" if r.more_themes else ""
    return (f"{fmt_int(r.statements)} udsagn via {r.sources.lower()} · "
            f"interessentgruppe: {r.group}{extra}")


_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #24292f;
  max-width: 900px; margin: 24px auto; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 4px; } h2 { margin-top: 28px; }
h3 { margin: 18px 0 2px 0; font-size: 1.1em; break-after: avoid; }
.meta { color: #57606a; font-size: .9em; margin: 0 0 6px 0; }
ol.points li { margin: 4px 0; } .theme { font-weight: 600; } .pos { color: #57606a; }
.src { color: #57606a; font-size: .85em; }
table { border-collapse: collapse; font-size: .9em; margin: 8px 0; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td.num { text-align: right; } section.respondent { break-inside: avoid; }
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _html_table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{_esc(c)}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td class=\"num\">{fmt_int(v)}</td>" if isinstance(v, int | float)
                         and not isinstance(v, bool) else f"<td>{_esc(v)}</td>" for v in row)
        + "</tr>" for row in df.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _position_da(p: Point, has: bool) -> str:
    return f" · holdning: {p.position}" if has and p.position else (" · holdning: –" if has
                                                                        else "")


def to_html(note: HearingNote, created: dt.datetime | None = None) -> str:
    """The høringsnotat as one self-contained, escaped HTML page (A4 when printed)."""
    when = f" · udarbejdet {created:%d.%m.%Y}" if created else ""
    out = [f"<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\">"
           f"<title>Høringsnotat – {_esc(note.title)}</title><style>{_CSS}</style></head><body>",
           f"<h1>Høringsnotat</h1><p class=\"meta\">{_esc(note.title)} · runder "
           f"{_esc(', '.join(note.rounds))}{when}</p>",
           f"<p>{_esc(_intro(note))}</p>", *[f"<p class=\"meta\">{_esc(n)}</p>" for n in note.notes],
           "<h2>Parter, der har givet input</h2><ol class=\"respondents\">",
           *[f"<li>{_esc(r.name)}</li>" for r in note.respondents], "</ol>",
           "<h2>Hovedpunkter pr. part</h2>"]
    for i, r in enumerate(note.respondents, start=1):
        items = "".join(
            f"<li><span class=\"theme\">{_esc(p.theme)}</span>"
            f"<span class=\"pos\">{_esc(_position_da(p, note.has_positions))}</span>: "
            f"»{_esc(p.text)}« <span class=\"src\">({_esc(p.source)}"
            f"{'; ' + fmt_int(p.more) + ' udsagn mere om temaet' if p.more else ''})</span></li>"
            for p in r.points)
        out.append(f"<section class=\"respondent\"><h3>{i}. {_esc(r.name)}</h3>"
                   f"<p class=\"meta\">{_esc(_points_line(r))}</p>"
                   f"<ol class=\"points\">{items}</ol></section>")
    out += ["<h2>Inviterede og svar</h2><h3>Kommuner</h3>", _html_table(note.municipalities),
            "<h3>Organisationer</h3>", _html_table(note.organisations), "</body></html>"]
    return "\n".join(out)


def to_docx(note: HearingNote, path: Path, created: dt.datetime | None = None) -> Path:
    """The høringsnotat as a Word document (python-docx), the same text as the HTML."""
    from docx import Document
    from docx.shared import Pt

    def write(tmp: Path) -> None:
        doc = Document()
        doc.core_properties.title = f"Høringsnotat – {note.title}"
        doc.core_properties.language = "da-DK"
        doc.styles["Normal"].font.size = Pt(10.5)
        doc.add_heading("Høringsnotat", level=0)
        when = f" · udarbejdet {created:%d.%m.%Y}" if created else ""
        doc.add_paragraph(f"{note.title} · runder {', '.join(note.rounds)}{when}")
        doc.add_paragraph(_intro(note))
        for n in note.notes:
            doc.add_paragraph(n)
        doc.add_heading("Parter, der har givet input", level=1)
        for r in note.respondents:
            doc.add_paragraph(r.name, style="List Number")
        doc.add_heading("Hovedpunkter pr. part", level=1)
        for i, r in enumerate(note.respondents, start=1):
            doc.add_heading(f"{i}. {r.name}", level=2)
            doc.add_paragraph(_points_line(r))
            for p in r.points:
                par = doc.add_paragraph(style="List Bullet")
                par.add_run(p.theme).bold = True
                more = f"; {fmt_int(p.more)} udsagn mere om temaet" if p.more else ""
                par.add_run(f"{_position_da(p, note.has_positions)}: »{p.text}« "
                            f"({p.source}{more})")
        doc.add_heading("Inviterede og svar", level=1)
        for heading, df in (("Kommuner", note.municipalities),
                            ("Organisationer", note.organisations)):
            doc.add_heading(heading, level=2)
            table = doc.add_table(rows=1, cols=len(df.columns))
            table.style = "Table Grid"
            for cell, col in zip(table.rows[0].cells, df.columns, strict=True):
                cell.text = str(col)
            for row in df.itertuples(index=False):
                for cell, v in zip(table.add_row().cells, row, strict=True):
                    cell.text = fmt_int(v) if isinstance(v, int) else str(v)
        doc.save(str(tmp))

    return atomic_write(Path(path), write)


def write_hearing_note(tables: RunTables, out_dir: Path, title: str,
                       created: dt.datetime | None = None, withheld: Any = None
                       ) -> tuple[Path, Path]:
    """Write ``hoeringsnotat.html`` and ``hoeringsnotat.docx`` into ``out_dir``; the HTML
    passes the report's personal-data guard first, with the run's private names
    (``tables.private_names``; none for tables read from disk) and the words of the
    statements that may not be quoted, as the Word file holds the same text.
    ``withheld``: those words when the caller has them already (``guard.Withheld``; the
    report run computes them once for the report, the note and the profiles)."""
    from rus_analysis.report.guard import guard, withheld_passages

    note = hearing_note(tables, title)
    html_path = write_text(Path(out_dir) / HTML_FILE, to_html(note, created))
    guard(html_path, tables.private_names,
          withheld if withheld is not None else withheld_passages(tables.statements))
    return html_path, to_docx(note, Path(out_dir) / DOCX_FILE, created)
