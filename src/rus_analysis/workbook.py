"""The analysts' workbook in Danish: which sheets, which columns, which words.

Why a module of its own: the Parquet tables keep their code names (``is_representative``,
``share``) for programs; the workbook is for analysts who live in Excel and reads like
the report. One row per statement with its theme, sub-theme, position, confidence,
municipality, stakeholder group, voice, source file and locator, and whether it may be
quoted (the respondent's consent: the workbook keeps every text, it is the analysts'
working material, and says which ones the report withholds); one sheet per coverage
table; shares as numbers formatted as percent; booleans as "ja"/"nej"; lists as text;
a first sheet that says what each sheet holds and that its figures are exact and not for
publication. ``excel.write_excel`` writes it (text as text, no live formula).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rus_analysis.consent import quotable
from rus_analysis.excel import PERCENT, Sheet
from rus_analysis.schema import SOURCE_TYPE_DA

if TYPE_CHECKING:
    from rus_analysis.processed import RunTables

README = "Om arbejdsbogen"
STATEMENTS = "Udsagn"

# Run tables in the workbook: table -> sheet, in this order after the statements.
RUN_SHEETS: dict[str, str] = {"themes": "Temaer", "subthemes": "Undertemaer",
                              "override_report": "Analytikerens beslutninger",
                              "rejects": "Afviste", "accounting": "Regnskab",
                              "problems": "Problemer", "files": "Inputfiler"}

SHEET_NOTES: dict[str, str] = {
    STATEMENTS: "Ét udsagn pr. række med tema, undertema, holdning, sikkerhed, kommune, "
                "interessentgruppe, stemme, kildefil og placering i filen. Filtrér på tema "
                "og kommune for at se, hvad der ligger bag et tal i dækningsarkene. "
                "'Må citeres' er nej, når respondenten ikke har sagt ja uden forbehold til "
                "at blive citeret (et ja med en betingelse, fx 'Ja, men ikke med navn', "
                "tæller som nej): udsagnet tælles og analyseres, men rapporten citerer det "
                "aldrig.",
    "Temaer": "Ét tema pr. række: navn, type, beskrivelse, nøgleord, antal udsagn og citater.",
    "Undertemaer": "Temaernes undertemaer med nøgleord og antal udsagn.",
    "Analytikerens beslutninger": "Analytikerens beslutninger (godkend, omdøb, slå sammen, "
                                  "del, flyt, gennemgået, holdning) og om de passede på "
                                  "denne kørsel.",
    "Afviste": "Udsagn og filer, der ikke indgår, med begrundelse.",
    "Regnskab": "Pr. fil: poster ind, beholdt, slået sammen som dubletter og afvist.",
    "Problemer": "Alt, hvad indlæsningen og rensningen bemærkede, med fil, sted og hvad du "
                 "kan gøre.",
    "Inputfiler": "Hver inputfil med type, format, antal poster og SHA-256.",
    "Tema x kommune": "Tema gange de 29 kommuner: tilstand (ikke hørt / hørt, tema ikke rejst "
                      "/ tema rejst), antal udsagn og stemmer og andel.",
    "Tema x landsdel": "Tema gange landsdel.",
    "Tema x interessentgruppe": "Tema gange interessentgruppe.",
    "Tema x kildetype": "Tema gange kildetype (møde, workshop, spørgeskema, høringssvar).",
    "Tema x runde": "Tema gange runde med ændring fra runden før.",
    "Tværgående aktører": "Tema for aktører uden en kommune (tværgående og ukendt kommune).",
    "Over- og underrepræsentation": "Grupper, der nævner et tema oftere eller sjældnere end "
                                    "forventet, med test.",
    "Huller i dækningen": "Kommuner og grupper, der ikke blev hørt eller ikke rejste et tema.",
    "Pr. indbygger": "Udsagn pr. 10.000 indbyggere.",
    "Kommuner i alt": "Hver kommune: inviteret, deltog, bidrog, antal udsagn og temaer.",
    "Kommune x runde": "Hver kommune i hver runde.",
    "Kommune x interessentgruppe": "Hver kommune fordelt på interessentgrupper.",
    "Noter": "Runder, mindste celle og andre noter til dækningsarkene.",
}

COLUMNS_DA: dict[str, str] = {
    # statements and shared ids
    "statement_id": "udsagn-id", "record_id": "post-id", "round": "runde",
    "source_file": "kildefil", "source_type": "kildetype", "source_name": "kilde",
    "source_date": "dato", "locator": "placering i filen", "respondent_id": "respondent-id",
    "question_id": "spørgsmål-id", "question": "spørgsmål", "organisation": "organisation",
    "stakeholder_type": "interessentgruppe", "municipality_code": "kommunekode",
    "municipality_name": "kommune", "is_regional_actor": "tværgående aktør",
    "voice_id": "stemme", "text": "tekst", "dup_group": "dubletgruppe",
    "dup_count": "antal i dubletgruppen", "is_representative": "repræsentant for gruppen",
    "status": "status",
    # themes
    "theme_id": "tema-id", "theme_label": "tema", "label": "tema", "kind": "type",
    "description": "beskrivelse", "top_terms": "nøgleord", "size": "udsagn",
    "name": "navn", "quotes": "citerede udsagn (id)", "quote_texts": "citater",
    "subtheme_id": "undertema-id",
    # override report
    "n": "nr. i filen", "action": "beslutning", "target": "gælder", "matched": "anvendt",
    "affected": "udsagn berørt", "message": "besked", "by": "af", "at": "tidspunkt",
    # rejects, accounting, problems, files
    "reason_code": "årsagskode", "reason": "årsag", "records_in": "poster ind",
    "kept": "beholdt", "merged": "dubletter", "rejected": "afvist",
    "statements_kept": "udsagn beholdt", "statements_merged": "udsagn som dubletter",
    "statements_rejected": "udsagn afvist", "file_problem": "filproblem",
    "balanced": "regnskab stemmer", "severity": "alvor", "code": "kode",
    "format": "format", "encoding": "tegnsæt", "delimiter": "skilletegn",
    "header_row": "overskriftsrække", "sheet": "ark", "sha256": "SHA-256",
    "size_bytes": "størrelse (bytes)", "n_records": "poster", "n_empty_cells": "tomme celler",
    "n_skipped": "sprunget over",
    # coverage
    "kommunekode": "kommunekode", "navn": "navn", "landsdel_kode": "landsdelskode",
    "landsdel": "landsdel", "consulted": "hørt", "state": "tilstand",
    "statements": "udsagn", "voices": "stemmer", "sources": "kilder",
    "municipality_statements": "kommunens udsagn", "municipality_voices": "kommunens stemmer",
    "share": "andel", "suppressed": "under grænsen", "region_share": "andel i regionen",
    "landsdel_statements": "landsdelens udsagn", "municipalities": "kommuner",
    "municipalities_consulted": "kommuner hørt", "municipalities_raised": "kommuner med temaet",
    "round_statements": "rundens udsagn", "previous_round": "forrige runde",
    "change_pp": "ændring (procentpoint)", "source_label": "kildetype",
    "group_statements": "gruppens udsagn", "theme_statements": "temaets udsagn",
    "share_of_theme": "andel af temaet", "share_of_theme_suppressed": "andel af temaet under grænsen",
    "count": "antal", "names": "navne", "sentence": "sætning", "group": "gruppe-kode",
    "group_label": "gruppe", "organisations": "organisationer", "dimension_label": "dimension",
    "group_voices": "gruppens stemmer", "theme_voices": "temaets stemmer",
    "total_voices": "stemmer i alt", "expected_voices": "forventede stemmer",
    "observed_share": "observeret andel", "expected_share": "forventet andel",
    "lift": "forhold (observeret/forventet)", "residual": "residual", "direction": "retning",
    "chi2": "chi²", "dof": "frihedsgrader", "p_value": "p-værdi", "cramers_v": "Cramérs V",
    "test_note": "note til testen", "invited": "inviteret", "attended": "deltog",
    "contributed": "bidrog", "n_rounds_consulted": "runder hørt",
    "rounds_consulted": "hørt i runder", "themes_raised": "temaer rejst",
    "population": "indbyggere", "year": "år", "per_10000": "pr. 10.000 indbyggere",
    "emne": "emne", "tekst": "tekst",
}
# Columns a reader of the workbook does not need: the text twin of a number column (the
# number is there, formatted), codes next to their Danish words, internal indices.
DROP = frozenset({"share_text", "share_of_theme_text", "lift_text", "change_text",
                  "state_code", "dimension", "quote_index"})
PERCENT_COLUMNS = frozenset({"share", "region_share", "share_of_theme", "observed_share",
                             "expected_share", "confidence", "sikkerhed"})
VALUES_DA: dict[str, dict[str, str]] = {
    "source_type": dict(SOURCE_TYPE_DA),
    "status": {"kept": "beholdt", "merged": "dublet", "ok": "ok", "read": "læst",
               "rejected": "afvist", "empty": "tom", "skipped": "sprunget over"},
    "kind": {"seeded": "strategitema", "emergent": "nyt tema", "other": "øvrige",
             "exact": "ens tekst", "near": "næsten ens tekst", "campaign": "kampagne",
             "kommune_ikke_hoert": "kommune ikke hørt",
             "kommune_tema_ikke_rejst": "kommune hørt, tema ikke rejst",
             "gruppe_ikke_hoert": "gruppe ikke hørt"},
    "severity": {"error": "fejl", "warning": "advarsel", "info": "oplysning"},
    "action": {"accept": "godkend", "rename": "omdøb", "merge": "slå sammen", "split": "del",
               "move": "flyt", "reviewed": "gennemgået", "position": "holdning",
               "pin_label": "lås etiket"},
    "position_source": {"model": "analysen", "analyst": "analytiker"},
}
REVIEW_DA = {"move": "flyttet", "position": "holdning rettet", "reviewed": "gennemgået"}


def _text(value: Any) -> Any:
    """Lists (terms, quotes) as one readable text, booleans as ja/nej; others as they are."""
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nej"
    return value


def danish_sheet(df: pd.DataFrame) -> Sheet:
    """A run or coverage table as the workbook shows it: Danish column names and words,
    booleans as ja/nej, lists as text, shares formatted as percent."""
    keep = [c for c in df.columns if c not in DROP]
    out = pd.DataFrame(index=df.index)
    formats: dict[str, str] = {}
    for col in keep:
        s = df[col]
        if pd.api.types.is_bool_dtype(s):
            s = s.map({True: "ja", False: "nej"}).astype("string")
        elif col in VALUES_DA:
            words = VALUES_DA[col]
            s = s.astype("string").map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
        elif s.dtype == object:
            s = s.map(_text)
        name = COLUMNS_DA.get(col, str(col).replace("_", " "))
        while name in out.columns:
            name += " (2)"
        out[name] = s
        if col in PERCENT_COLUMNS:
            formats[name] = PERCENT
    return Sheet(out.reset_index(drop=True), formats)


def statement_rows(tables: RunTables) -> pd.DataFrame:
    """One row per statement with everything an analyst filters on, in Danish."""
    st = tables.statements
    a = tables.assignments
    # plain dicts and list lookups: Series.map, groupby(...).agg(join) and to_dict cost
    # 2-3 s at 100,000 statements (benchmarks/workbook_bench.py)
    first = a[a["rank"] == 0].drop_duplicates("statement_id")
    ids0 = first["statement_id"].astype(str).tolist()
    labels = dict(zip(tables.themes["theme_id"].astype(str).tolist(),
                      tables.themes["label"].astype(str).tolist(), strict=True))
    sids = st["statement_id"].astype(str).tolist()

    def per_statement(values: dict[str, Any]) -> list[Any]:
        return [values.get(s) for s in sids]

    theme_of = dict(zip(ids0, first["theme_id"].astype(str).tolist(), strict=True))
    theme = per_statement(theme_of)
    conf_col = "confidence" if "confidence" in first.columns else "score"
    conf = per_statement(dict(zip(ids0, first[conf_col].astype(float).tolist(), strict=True)))
    sub: list[Any] = [None] * len(sids)
    if "subtheme_id" in first.columns:
        subthemes = getattr(tables, "subthemes", None)
        sub_label = ({} if subthemes is None else dict(zip(
            subthemes["subtheme_id"].astype(str), subthemes["label"].astype(str), strict=True)))
        sub_of = {i: (None if v is None or v is pd.NA else sub_label.get(str(v), str(v)))
                  for i, v in zip(ids0, first["subtheme_id"].astype(object).tolist(),
                                  strict=True)}
        sub = per_statement(sub_of)
    second = a[a["rank"] > 0].sort_values(["statement_id", "rank"], kind="stable")
    secondary: dict[str, list[str]] = {}
    for sid, tid in zip(second["statement_id"].astype(str).tolist(),
                        second["theme_id"].astype(str).tolist(), strict=True):
        secondary.setdefault(sid, []).append(labels.get(tid, tid))
    positions = getattr(tables, "positions", None)
    pos_of: dict[str, Any] = {}
    pos_src: dict[str, Any] = {}
    if positions is not None and len(positions):
        p = positions.drop_duplicates("statement_id")
        pids = p["statement_id"].astype(str).tolist()
        pos_of = dict(zip(pids, p["position"].astype(str).tolist(), strict=True))
        if "position_source" in p.columns:
            words = VALUES_DA["position_source"]
            pos_src = {i: words.get(v, v) for i, v in zip(
                pids, p["position_source"].astype(str).tolist(), strict=True)}
    rep = tables.override_report
    touched: dict[str, set[str]] = {}
    if len(rep):
        ok = rep[rep["matched"].astype(bool) & rep["action"].isin(list(REVIEW_DA))]
        for sid, action in zip(ok["target"].astype(str), ok["action"], strict=True):
            touched.setdefault(sid, set()).add(REVIEW_DA[action])
    regional = st["is_regional_actor"].fillna(False).astype(bool)
    rows = {
        "udsagn-id": sids,
        "tekst": st["text"],
        "må citeres": quotable(st).map({True: "ja", False: "nej"}),
        "tema": [labels.get(t, t) if t is not None else None for t in theme],
        "tema-id": theme,
        "undertema": sub,
        "holdning": per_statement(pos_of),
        "sikkerhed": pd.array(conf, dtype="Float64"),
        "sekundære temaer": ["; ".join(secondary[s]) if s in secondary else None
                             for s in sids],
        "kommune": st["municipality_name"],
        "kommunekode": st["municipality_code"],
        "landsdel": st["landsdel"],
        "tværgående aktør": regional.map({True: "ja", False: "nej"}),
        "interessentgruppe": st["stakeholder_type"],
        "organisation": st["organisation"],
        "stemme": st["voice_id"],
        "kildetype": st["source_type"].map(SOURCE_TYPE_DA).fillna(st["source_type"]),
        "kilde": st["source_name"],
        "dato": st["source_date"],
        "runde": st["round"],
        "kildefil": st["source_file"],
        "placering i filen": st["locator"],
        "respondent-id": st["respondent_id"],
        "spørgsmål": st["question"],
        "dubletgruppe": st["dup_group"],
        "antal i dubletgruppen": st["dup_count"].astype(int),
        "repræsentant for gruppen": st["is_representative"].fillna(False).astype(bool).map(
            {True: "ja", False: "nej"}),
        "status": st["status"].map(VALUES_DA["status"]).fillna(st["status"]),
        "analytiker": [", ".join(sorted(touched[s])) if s in touched else None for s in sids],
    }
    if pos_src:
        rows["holdning sat af"] = per_statement(pos_src)
    out = pd.DataFrame({k: v.to_numpy() if isinstance(v, pd.Series) else v
                        for k, v in rows.items()})
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].astype("string")
    return out.reset_index(drop=True)


def readme_rows(sheets: list[str], min_cell: int, rounds: list[str]) -> pd.DataFrame:
    """The first sheet: what each sheet holds, and what the figures may be used for."""
    lines = [
        ("Til analytikere", "Arbejdsbogen er analysens grundlag til brug for analytikere. Tallene "
         "er eksakte: også antal under " + str(min_cell) + " står her, som rapporten til udvalget "
         "ikke viser. Arbejdsbogen er derfor ikke til offentliggørelse; brug rapporten til "
         "udvalget, når tal skal videre."),
        ("Eksakte tal", "Antal udsagn, stemmer og kilder er eksakte optællinger. Andele er tal "
         "formateret som procent; en andel er tom, når tallet bag den er under "
         f"{min_cell} (kolonnen 'under grænsen' siger ja)."),
        ("Runder", ", ".join(rounds)),
        ("Personoplysninger", "E-mails, telefonnumre, CPR-numre og navne i underskrifter er "
         "erstattet af [EMAIL], [TELEFON], [CPR] og [NAVN], før noget blev skrevet her."),
        ("Tekst, der ligner formler", "Tekst, der begynder med =, +, - eller @, er gemt som tekst "
         "og regnes aldrig som en formel."),
    ]
    lines += [(f"Ark: {s}", SHEET_NOTES.get(s, "")) for s in sheets]
    return pd.DataFrame(lines, columns=["emne", "forklaring"]).astype("string")


def analyst_workbook(tables: RunTables, coverage: Mapping[str, pd.DataFrame]
                     ) -> dict[str, Sheet]:
    """Every sheet of the analysts' workbook, in order: the explanation first, then the
    statements, the run tables and one sheet per coverage table."""
    sheets: dict[str, Sheet] = {STATEMENTS: Sheet(statement_rows(tables), {"sikkerhed": PERCENT},
                                                  {"tekst": 80})}
    for name, sheet in RUN_SHEETS.items():
        df = getattr(tables, name, None)
        if df is not None:
            sheets[sheet] = danish_sheet(df)
    for name, df in coverage.items():
        if df is not None:
            sheets[name] = danish_sheet(df)
    readme = readme_rows(list(sheets), int(tables.meta.min_cell), list(tables.meta.rounds))
    return {README: Sheet(readme, widths={"emne": 28, "forklaring": 110}), **sheets}
