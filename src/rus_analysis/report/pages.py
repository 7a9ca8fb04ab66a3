"""The report's title page and methods appendix (Markdown cells of the merged notebook)."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from rus_analysis.config import Config
from rus_analysis.consent import quotable
from rus_analysis.danish import fmt_int, fmt_num
from rus_analysis.processed import RunTables
from rus_analysis.report.signoff import signoff_appendix
from rus_analysis.runmeta import git_commit, versions
from rus_analysis.schema import OTHER_KIND, source_type_da


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
        + "\n\nRapporten er dannet automatisk ud fra de indkomne input. "
        "Citater er gengivet ordret, men personoplysninger (navne i underskrifter, "
        "e-mails, telefonnumre og CPR-numre) er fjernet.\n\n</div>")


# One plain sentence for each statistic the report shows (the methods appendix).
STATISTICS_DA: dict[str, str] = {
    "løft": "Løft er gruppens andel af stemmer om temaet delt med hele regionens andel: "
            "1 betyder som regionen, 2 dobbelt så ofte, 0,5 halvt så ofte.",
    "χ²": "χ² (chi i anden) måler, hvor meget fordelingen på temaer samlet set afviger fra, "
          "hvad man ville vente, hvis alle grupper nævnte temaerne lige ofte.",
    "p": "p er sandsynligheden for at se en så stor afvigelse ved et tilfælde; under 0,05 "
         "kaldes forskellen statistisk sikker.",
    "Cramérs V": "Cramérs V angiver, hvor stærk forskellen er, fra 0 (ingen) til 1 "
                 "(grupperne nævner helt forskellige temaer).",
    "residual": "En celle markeres kun, når testen samlet er sikker, og cellen selv afviger "
                "mere end tilfældet ville give (justeret residual over 1,96).",
    "dagsorden": "Har en gruppe mest talt på møder og workshopper, hvor temaerne var sat på "
                 "dagsordenen, kaldes en hyppigere omtale ikke overrepræsentation: den følger "
                 "af dagsordenen.",
}


NO_POPULATION_HOW = ("Angiv en CSV med kolonnerne kommunekode, population og year i "
                     "konfigurationens paths.population for at få tal pr. indbygger med.")


# the run's own step names, as the appendix shows them
STEP_DA: dict[str, str] = {
    "ingest": "indlæsning", "clean": "rensning", "themes": "temaer",
    "notebooks": "notesbøger", "i alt (før eksport)": "i alt (før eksport)",
}


# what the methods appendix says of each model, for a reader who does not know the name
MODEL_DA: dict[str, str] = {
    "e5": "multilingual-e5-small (flersproget sætningsmodel, kører lokalt, 4-bit)",
    "lexical": "ordbaseret sammenligning (TF-IDF); sprogmodellen kunne ikke indlæses",
    "sentence-transformers": "lokal sentence-transformers-model fra konfigurationen",
}


# why "Øvrige" has no row in the representation tests and the gap lists (coverage.build)
OTHER_OUTSIDE_TESTS_DA = (
    "Udsagn under »Øvrige« indgår ikke i testene og ikke i oversigten over, hvem der ikke "
    "har givet input om et tema: de passer ikke klart til et tema, så en over- eller "
    "underrepræsentation der siger intet om et emne. De tæller med i rapportens samlede "
    "antal udsagn og stemmer.")


def consent_line_da(n: int) -> str:
    """Why some answers are counted but never quoted (``consent.quotable``)."""
    return (f"{fmt_int(n)} udsagn er fra respondenter, der ikke har givet tilladelse til at "
            "blive citeret (eller ikke har svaret på spørgsmålet om det). De tæller med i "
            "alle tal, temaer og kort, men deres ord vises ikke i rapporten, i "
            "kommuneprofilerne eller i høringsnotatet; analytikernes arbejdsbog har dem.")


def appendix(cfg: Config, tables: RunTables, params: dict[str, Any], started: dt.datetime,
             seconds: dict[str, float], method_lines: list[str] | None = None,
             per_capita: bool = True) -> str:
    """The methods appendix: the technical record, in Danish, with one plain sentence for
    each statistic the report shows. This is the one part of the report where model
    names, configuration keys and test figures appear."""
    files = tables.files
    backend = str(tables.meta.embedding_backend)
    lines = ["# Metode og datagrundlag", "",
             "Bilaget er den tekniske dokumentation af kørslen: parametre, filer, metode og "
             "de statistiske mål. Udvalget kan læse rapporten uden det.", "",
             "## Parametre", "", "| parameter | værdi |", "|---|---|"]
    for k, v in params.items():
        lines.append(f"| {html.escape(str(k))} | {html.escape(str(v))} |")
    lines += [f"| sprogmodel (tekstrepræsentation) | {html.escape(backend)}: "
              f"{html.escape(MODEL_DA.get(backend, backend))} |",
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
              f"Rå poster: {fmt_int(tot.get('records_in', 0))}; beholdt: "
              f"{fmt_int(tot.get('kept', 0))}; slået sammen som dubletter: "
              f"{fmt_int(tot.get('merged', 0))}; afvist: {fmt_int(tot.get('rejected', 0))}. "
              f"Udsagn i analysen: {fmt_int(len(tables.statements))}; afviste udsagn og filer: "
              f"{fmt_int(len(tables.rejects))}. En stemme er én værdi i kolonnen voice_id: "
              "én respondent, én organisation eller én kampagne.", "",
              "## Metode", "",
              "Input læses fra rundens mappe og manifest, renses (tegnfejl, hilsner og "
              "underskrifter, personoplysninger), deles i udsagn, og dubletter og kampagner "
              "samles, så de tæller som én stemme. Temaer findes ved at sammenligne udsagnenes "
              "betydning (sætnings-embeddings fra sprogmodellen ovenfor) med strategiens "
              "temaer; udsagn, der ikke passer, grupperes i nye temaer. Citaterne på et "
              "strategitema er valgt blandt den fjerdedel af temaets udsagn, der passer "
              "bedst til temaets beskrivelse. En kommune er "
              "*inviteret*, når den står i rundens manifest eller deltagerlister; den tæller "
              "som *har givet input*, når mindst ét udsagn er knyttet til den. Tal under "
              f"{cfg.report.min_cell} vises ikke som andele (heller ikke i figurernes "
              "pop-up-tekster).", "",
              "## Statistiske mål", ""]
    for name, text in STATISTICS_DA.items():
        lines.append(f"- **{html.escape(name)}**: {html.escape(text)}")
    if method_lines:
        lines += ["", "Testene i denne kørsel (over- og underrepræsentation):", ""]
        lines += [f"- {html.escape(t)}" for t in method_lines]
        themes = tables.themes
        if "kind" in themes and themes["kind"].astype(str).eq(OTHER_KIND).any():
            lines += ["", OTHER_OUTSIDE_TESTS_DA]
    withheld = int((~quotable(tables.statements)).sum()) if len(tables.statements) else 0
    if withheld:
        lines += ["", consent_line_da(withheld)]
    if not per_capita:
        lines += ["", f"Tal pr. indbygger: {html.escape(NO_POPULATION_HOW)}"]
    lines += ["", signoff_appendix(tables)]
    lines += ["", "## Software og kørsel", "", "| | |", "|---|---|",
              f"| git-commit | `{html.escape(git_commit())}` |",
              f"| start | {started:%d.%m.%Y %H:%M:%S} |"]
    for k, v in seconds.items():
        lines.append(f"| tid: {html.escape(STEP_DA.get(k, k))} | {fmt_num(v, 1)} s |")
    for k, v in versions().items():
        lines.append(f"| {html.escape(k)} | {html.escape(v)} |")
    return "\n".join(lines)
