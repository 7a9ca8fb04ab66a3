"""The report's title page and methods appendix (Markdown cells of the merged notebook)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from rus_analysis.config import Config
from rus_analysis.danish import fmt_int
from rus_analysis.processed import RunTables
from rus_analysis.report.signoff import signoff_appendix
from rus_analysis.runmeta import git_commit, versions
from rus_analysis.schema import source_type_da


def title_page(cfg: Config, tables: RunTables, started: dt.datetime) -> str:
    """The title page: title, organisation, rounds, date, and the basis in one line."""
    rounds = ", ".join(tables.meta.rounds)
    st = tables.statements
    return (
        f"<div style=\"padding:48px 0 24px 0\">\n\n"
        f"# {html.escape(cfg.report.title)}\n\n"
        f"**{html.escape(cfg.report.organisation)}** · Regional udviklingsstrategi (RUS)\n\n"
        f"Runder: **{html.escape(rounds)}** · Udarbejdet {started:%d.%m.%Y}\n\n"
        f"Grundlag: {fmt_int(len(st))} udsagn fra {fmt_int(st['voice_id'].nunique())} stemmer."
        + "\n\nRapporten er dannet automatisk af rus_analysis ud fra de indkomne input. "
        "Citater er gengivet ordret, men personoplysninger (navne i underskrifter, "
        "e-mails, telefonnumre og CPR-numre) er fjernet.\n\n</div>")


def appendix(cfg: Config, tables: RunTables, params: dict[str, Any], started: dt.datetime,
             seconds: dict[str, float]) -> str:
    files = tables.files
    lines = ["# Metode og datagrundlag", "",
             "## Parametre", "", "| parameter | værdi |", "|---|---|"]
    for k, v in params.items():
        lines.append(f"| {html.escape(str(k))} | {html.escape(str(v))} |")
    lines += [f"| tekstrepræsentation (embeddings) | "
              f"{html.escape(str(tables.meta.embedding_backend))} |",
              f"| konfiguration | {html.escape(str(cfg.source))} |", "",
              "## Inputfiler", "", "| runde | fil | type | poster | SHA-256 |", "|---|---|---|---|---|"]
    for r in files.itertuples(index=False):
        d = r._asdict()
        lines.append(f"| {html.escape(str(d.get('round')))} | {html.escape(str(d.get('source_file')))}"
                     f" | {html.escape(source_type_da(d.get('source_type')))} | "
                     f"{d.get('n_records', '')} | "
                     f"`{html.escape(str(d.get('sha256', '')))}` |")
    acc = tables.accounting
    tot = {c: int(acc[c].sum()) for c in ("records_in", "kept", "merged", "rejected")
           if c in acc}
    lines += ["", "## Optælling", "",
              f"Rå poster: {tot.get('records_in', 0)}; beholdt: {tot.get('kept', 0)}; "
              f"slået sammen som dubletter: {tot.get('merged', 0)}; afvist: "
              f"{tot.get('rejected', 0)}. Udsagn i analysen: {len(tables.statements)}; "
              f"afviste udsagn og filer: {len(tables.rejects)}.", "",
              "## Metode", "",
              "Input læses fra rundens mappe og manifest, renses (tegnfejl, hilsner og "
              "underskrifter, personoplysninger), deles i udsagn, og dubletter og kampagner "
              "samles, så de tæller som én stemme. Temaer findes ved at sammenligne udsagnenes "
              "betydning (sætnings-embeddings) med strategiens temaer; udsagn, der ikke passer, "
              "grupperes i nye temaer. Kommuner tælles som hørt, når de var inviteret, deltog "
              "eller bidrog. Tal under " + str(cfg.report.min_cell) + " vises ikke som andele.",
              "", signoff_appendix(tables),
              "", "## Software og kørsel", "", "| | |", "|---|---|",
              f"| git-commit | `{html.escape(git_commit())}` |",
              f"| start | {started:%Y-%m-%d %H:%M:%S} |"]
    for k, v in seconds.items():
        lines.append(f"| tid: {html.escape(k)} | {v:.1f} s |")
    for k, v in versions().items():
        lines.append(f"| {html.escape(k)} | {html.escape(v)} |")
    return "\n".join(lines)
