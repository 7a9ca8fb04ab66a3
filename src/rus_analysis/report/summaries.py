"""Small report-ready summaries the notebooks show (Danish column names).

Why not in the notebooks: every number a report shows must come from a function a test
can call. These turn the run's tables into the exact tables and sentences a notebook
displays; the notebooks only choose the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rus_analysis.consent import quotable
from rus_analysis.danish import fmt_int
from rus_analysis.problems import PROBLEM_DA, problem_da
from rus_analysis.processed import RunTables
from rus_analysis.reference import capital_region, get_resolver
from rus_analysis.report.counts import TOTAL, VOICE_NOTE, by_round_source, totals, with_total
from rus_analysis.report.present import esc
from rus_analysis.report.signoff import signoff_sentence
from rus_analysis.schema import source_type_da

REGIONAL = "Tværgående aktører"
UNKNOWN = "Kommune ukendt"


@dataclass
class InputSummary:
    headline_html: str
    by_round_source: pd.DataFrame
    by_municipality: pd.DataFrame
    accounting: pd.DataFrame
    reject_reasons: pd.DataFrame
    problem_lines: list[str] = field(default_factory=list)


def _place(statements: pd.DataFrame) -> pd.Series:
    """Municipality name, or the regional-actor / unknown bucket."""
    place = statements["municipality_name"].astype("object")
    place = place.where(place.notna(), None)
    regional = statements["is_regional_actor"].fillna(False).astype(bool)
    return place.mask(place.isna() & regional, REGIONAL).fillna(UNKNOWN)


def input_summary(tables: RunTables) -> InputSummary:
    """What came in: per round and source, per municipality, the accounting, rejects.

    Every count is one of ``counts``: the tables end with a total row that equals the
    headline (statements add up; a voice is counted once in the total).
    """
    st = tables.statements
    tot = totals(tables)
    n_voices, rounds, n_files = tot.voices, list(tot.rounds), tot.files
    acc = tables.accounting
    records_in = int(acc["records_in"].sum()) if "records_in" in acc else 0
    rejected = int(acc["rejected"].sum()) if "rejected" in acc else len(tables.rejects)
    headline = (
        f"<p><b>{fmt_int(tot.statements)}</b> udsagn fra <b>{fmt_int(n_voices)}</b> stemmer "
        f"(respondenter, organisationer og kampagner talt én gang) i "
        f"<b>{fmt_int(n_files)}</b> filer fra {len(rounds)} runde(r): "
        f"{esc(', '.join(map(str, rounds)))}"
        + (f" ({fmt_int(tot.files_read - n_files)} af de {fmt_int(tot.files_read)} indlæste "
           "filer gav ingen udsagn; se regnskabet)" if tot.files_read > n_files else "")
        + ". "
        f"{fmt_int(records_in)} rå poster læst; {fmt_int(rejected)} afvist med begrundelse.</p>"
        f'<p class="rus-note">{esc(VOICE_NOTE)}</p>')

    by_rs = by_round_source(st)

    cap = capital_region()
    place = _place(st)
    counts = (st.assign(sted=place).groupby("sted")
              .agg(udsagn=("statement_id", "size"), stemmer=("voice_id", "nunique")))
    muni = cap[["navn", "landsdel"]].rename(columns={"navn": "sted"}).set_index("sted")
    muni = muni.join(counts, how="left").fillna({"udsagn": 0, "stemmer": 0})
    extra = counts.loc[[p for p in (REGIONAL, UNKNOWN) if p in counts.index]]
    by_muni = pd.concat([muni, extra.assign(landsdel="")]).reset_index()
    by_muni = by_muni.rename(columns={"sted": "kommune / aktør"})
    by_muni[["udsagn", "stemmer"]] = by_muni[["udsagn", "stemmer"]].astype(int)
    by_muni = with_total(by_muni, ["kommune / aktør"], st)

    acc_view = acc.rename(columns={
        "round": "runde", "source_file": "fil", "records_in": "poster ind", "kept": "beholdt",
        "merged": "dubletter", "rejected": "afvist", "statements_kept": "udsagn beholdt",
        "statements_merged": "udsagn som dubletter", "statements_rejected": "udsagn afvist",
        "file_problem": "filproblem", "balanced": "balancerer"})
    acc_view["filproblem"] = acc_view["filproblem"].map(_file_problem_da)

    rej = tables.rejects
    # the committee sees the Danish reason and the count; the English code stays in the
    # rejects table and the Excel workbook for the analyst
    reasons = (rej.groupby(["reason_code", "reason"], dropna=False).size()
               .rename("antal").reset_index()
               .sort_values(["antal", "reason_code"], ascending=[False, True])
               .rename(columns={"reason": "begrundelse"})[["begrundelse", "antal"]])

    probs = tables.problems
    lines = [problem_line_da(r._asdict()) for r in probs.itertuples(index=False)] \
        if len(probs) else []
    return InputSummary(headline, by_rs, by_muni, acc_view, reasons, lines)


SEVERITY_DA = {"error": "Fejl", "warning": "Advarsel", "info": "Bemærk"}
_LOCATOR_DA = {"line": "linje", "row": "række", "col": "spørgsmål", "key": "felt",
               "sheet": "ark", "para": "afsnit", "table": "tabel", "page": "side",
               "respondent": "respondent", "question": "spørgsmål", "rows": "rækker",
               "cells": "celler", "theme": "tema"}


# locators that are one word: where the whole file is the record
_LOCATOR_WORDS_DA = {"letter": "hele brevet", "file": "hele filen"}


def locator_da(locator: str) -> str:
    """"sheet=Svar;row=12;col=q3" -> "ark Svar, række 12, spørgsmål q3"."""
    parts = []
    for item in str(locator or "").split(";"):
        key, sep, value = item.partition("=")
        parts.append(f"{_LOCATOR_DA.get(key, key)} {value}" if sep else
                     _LOCATOR_WORDS_DA.get(item, item))
    return ", ".join(p for p in parts if p)


def _file_problem_da(code: object) -> str:
    """A file-level problem code as a short Danish text for the accounting table."""
    code = "" if code is None or pd.isna(code) else str(code)
    return problem_da(code) or code


def problem_line_da(row: dict) -> str:
    """One problem as a Danish line: file (round, place): what happened. Gør: action."""
    what, action = PROBLEM_DA.get(str(row["code"]), (str(row["message"]), str(row["action"])))
    where = ", ".join(p for p in (f"runde {row['round']}", locator_da(row["locator"])) if p)
    severity = SEVERITY_DA.get(str(row["severity"]), str(row["severity"]))
    value = str(row.get("value") or "")   # older runs have no value column
    shown = f" ({value})" if value and value not in {"nan", "<NA>"} else ""
    return f"{severity}: {row['source_file']} ({where}): {what}{shown}. Gør: {action}."


# how the statements were read, for a reader who does not know what an embedding is;
# the backend's own name stays in brackets (the appendix lists it as a parameter)
BACKEND_DA: dict[str, str] = {
    "e5": "Udsagnene er læst med en flersproget sprogmodel, som kører lokalt og "
          "sammenligner betydning, ikke kun ord",
    "lexical": "Udsagnene er sammenlignet på deres ord, fordi sprogmodellen ikke kunne "
               "indlæses; udsagn, der siger det samme med andre ord, kan derfor havne i "
               "hvert sit tema",
    "sentence-transformers": "Udsagnene er læst med den lokale sprogmodel, som "
                             "konfigurationen peger på",
}


def backend_sentence(backend: str) -> str:
    """One Danish sentence on how the statements were read (the model's name stays in the
    methods appendix, with the other technical parameters)."""
    text = BACKEND_DA.get(backend, "Udsagnene er læst med tekstrepræsentationen")
    return f"{text}; metodebilaget nævner modellen."


def held_sentence(held: int, changed: int) -> str:
    """How many statements kept their theme from an earlier run, and how many of those
    today's model would place elsewhere (empty on a first run)."""
    if not held:
        return ""
    return (f" {fmt_int(held)} udsagn fra tidligere kørsler beholder deres tema, så "
            f"temaerne ikke skifter mellem rapporterne; {fmt_int(changed)} af dem "
            f"({fmt_int(round(100 * changed / held))} %) ville i dag få et andet primært tema.")


@dataclass
class ThemeSummary:
    headline_html: str
    outside_taxonomy: pd.DataFrame


def confidence_sentence(assignments: pd.DataFrame) -> str:
    """How sure the placement is: how many statements were placed with high confidence,
    and how many are uncertain and worth an analyst's look ("" for runs without it)."""
    if "confident" not in assignments.columns:
        return ""
    prim = assignments[assignments["rank"] == 0]
    sure = int(prim["confident"].fillna(False).astype(bool).sum())
    unsure = len(prim) - sure
    return (f"{fmt_int(sure)} udsagn er placeret med høj sikkerhed; {fmt_int(unsure)} er "
            "usikre og bør ses efter af en analytiker (de mindst sikre står i "
            "gennemgangen og i Excel-arbejdsbogen).")


def theme_summary(tables: RunTables, counted: pd.DataFrame | None = None) -> ThemeSummary:
    """Headline numbers of the theme step and the themes outside the strategy's list.

    ``counted`` are the theme rows the report counts (``counts.counted_assignments``);
    without it the run's assignments.
    """
    th = tables.themes
    kinds = th["kind"].value_counts().to_dict()
    n_new = int(kinds.get("emergent", 0))
    backend = tables.meta.embedding_backend or "ukendt"
    a = tables.assignments if counted is None else counted
    prim = a[a["rank"] == 0]
    multi = a.groupby("statement_id").size().gt(1).mean()
    headline = (
        f"<p><b>{fmt_int(kinds.get('seeded', 0))}</b> af strategiens temaer, "
        f"<b>{fmt_int(n_new)}</b> {'nyt tema' if n_new == 1 else 'nye temaer'} fundet i "
        "input og "
        f"{'en Øvrige-gruppe' if kinds.get('other') else 'ingen Øvrige-gruppe'}. "
        f"{fmt_int(len(prim))} udsagn har et primært tema; "
        f"{fmt_int(round(100 * float(multi)))} % berører mere end ét tema. "
        f"{backend_sentence(backend)}"
        f"{held_sentence(tables.meta.themes_held, tables.meta.themes_held_changed)} "
        f"{confidence_sentence(tables.assignments)} "
        f"{signoff_sentence(tables)}</p>")
    out = th[th["kind"].isin(["emergent", "other"])]
    view = pd.DataFrame({
        "tema": out["label"],
        "type": out["kind"].map({"emergent": "nyt tema", "other": "øvrige"}),
        "udsagn": out["size"].astype(int),
        "nøgleord": out["top_terms"].map(
            lambda v: ", ".join(list(v)[:6]) if not isinstance(v, str) else v),
    })
    return ThemeSummary(headline, view.reset_index(drop=True))


@dataclass
class MunicipalitySummary:
    kommunekode: str
    navn: str
    headline_html: str
    themes: pd.DataFrame
    quotes: list[str]


def municipality_summary(tables: RunTables, cov: Any, municipality: str
                         ) -> MunicipalitySummary:
    """One municipality, by name or code, compared with the region."""
    res = get_resolver().resolve(municipality)
    if not res.ok:
        raise ValueError(f"municipality {municipality!r} not recognised: {res.reason}. Give "
                         "one of the 29 names or its 4-digit code, e.g. 'Gribskov' or '0270'.")
    code, name = res.code, res.name
    st = tables.statements
    mine = st[st["municipality_code"] == code]
    prim = tables.assignments[tables.assignments["rank"] == 0]
    labels = tables.themes.set_index("theme_id")["label"]
    region_share = prim["theme_id"].value_counts(normalize=True)
    mine_prim = prim[prim["statement_id"].isin(mine["statement_id"])]
    mine_share = mine_prim["theme_id"].value_counts(normalize=True)
    mine_n = mine_prim["theme_id"].value_counts()
    view = pd.DataFrame({
        "tema": labels,
        "udsagn": mine_n.reindex(labels.index).fillna(0).astype(int),
        "andel i kommunen": mine_share.reindex(labels.index).fillna(0.0).round(3),
        "andel i regionen": region_share.reindex(labels.index).fillna(0.0).round(3),
    }).sort_values(["udsagn", "andel i regionen"], ascending=False).reset_index(drop=True)
    state = "har bidraget" if len(mine) else "har ikke bidraget med input"
    headline = (f"<h2>Kommuneprofil: {esc(name)}</h2><p>{esc(name)} {state}: "
                f"<b>{fmt_int(len(mine))}</b> udsagn fra <b>{fmt_int(mine['voice_id'].nunique())}"
                f"</b> stemmer i runde(r) {esc(', '.join(sorted(mine['round'].unique())) or '–')}."
                "</p>")
    # quotes only from respondents who did not refuse it (``consent.quotable``)
    may_quote = quotable(st)
    withheld = int((~may_quote[mine.index]).sum())
    if withheld:
        headline += (f"<p>{fmt_int(withheld)} af kommunens udsagn må ikke citeres (respondenten "
                     "har ikke sagt ja til at blive citeret); de tælles med i tallene, men "
                     "citeres ikke.</p>")
    reps = mine[mine["is_representative"].astype(bool) & may_quote[mine.index]].sort_values(
        "statement_id")
    quotes = [f"“{t}” ({source_type_da(s)}, {r})" for t, s, r in
              zip(reps["text"].head(8), reps["source_type"].head(8), reps["round"].head(8),
                  strict=True)]
    return MunicipalitySummary(code, name, headline, view, quotes)  # type: ignore[arg-type]


def unplaced_view(cov: Any) -> pd.DataFrame:
    """Statements without a municipality, by reason and source type, with the total row."""
    un = cov.unplaced
    view = pd.DataFrame({"begrundelse": un["reason"],
                         "kildetype": un["source_type"].map(source_type_da),
                         "udsagn": un["statements"].astype(int),
                         "stemmer": un["voices"].astype(int)})
    total = pd.DataFrame([{"begrundelse": TOTAL, "kildetype": "",
                           "udsagn": int(view["udsagn"].sum()), "stemmer": ""}])
    return pd.concat([view, total], ignore_index=True)
