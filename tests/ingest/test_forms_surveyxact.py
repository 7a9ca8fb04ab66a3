"""Microsoft Forms and SurveyXact exports as the tools write them, with the minimal manifest.

Why these two: Danish regions and municipalities collect most survey input with them, and
neither layout was in the demo. Microsoft Forms ("Åbn i Excel") puts ``ID``, start and
completion times, ``Mail`` ("anonymous") and ``Navn`` (the signed-in person) before the
questions, and joins multiple-choice ticks with ";". SurveyXact exports coded headers
(``s_1``, ``s_4_2``) with the question texts on a second sheet, or label headers in a
Danish-Excel CSV, with a status column ("Gennemført") and scales with "Vil ikke svare".
A probe with such files found private names read as statements, timestamps called "a
scale", the label sheet read as 34 statements, the municipality of every coded
SurveyXact answer lost, the "Kollektiv trafik og mobilitet" option taken for a phone
column, and the status and "Vil ikke svare" scale read as statements.

The sentences are real, quoted verbatim from FLORES-200 Danish as annotated in SIB-200
(Adelani et al.; text CC BY-SA 4.0; index ids in ``SIB``); layouts, people and contact
details are invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rus_analysis.config import Config
from rus_analysis.ingest.columns import judge_column
from rus_analysis.pipeline import run_pipeline

SIB = {  # SIB-200 index_id -> verbatim sentence
    18: "Der var protester over hele verden, adskillige retsforfølgelser, og lederne af "
        "Islands og Pakistans regeringer trådte begge tilbage.",
    93: "Dette modsiger de tidligere beretninger, som sagde, at det ville have været imod "
        "forfatningen at aflyse genvalget.",
    130: "Udmeldelsen i dag udvidede også regeringens forpligtelse fra marts i år om at "
         "finansiere ekstra vogne.",
    138: "Mennesker kan blive påvirket ved at indånde det forurenede vand, der føres gennem "
         "luften med vind og bølger.",
    181: "Den irske regering understreger, at det haster med parlamentarisk lovgivning for at "
         "rette op på situationen.",
    168: "Ledsaget af disse embedsmænd forsikrede han indbyggerne i Texas om, at "
         "foranstaltninger blev foretaget for at beskytte borgernes sikkerhed.",
    203: "Noget af nedbøren var ledsaget af tordenvejr og hyppige lynnedslag.",
    211: "Ingen store skader er rapporteret, men mindst fem af de personer, der var til "
         "stede, da eksplosionen skete, blev behandlet for choksymptomer.",
    214: "Det planlægges at både golf og rugby vender tilbage til de olympiske lege.",
    225: "Mørk energi er en helt usynlig kraft, der konstant virker i universet.",
    226: "Den kendes kun på grund af dens effekter på udvidelsen af universet.",
    229: "Denne teori modstrider en påstand om, at der slet ikke findes geologisk aktivitet "
         "på månen.",
    260: "Der var ingen forsinkelser på grund af stærk trafik på ringvejen, som var byens "
         "alternative rute.",
    497: "De blev dygtige til at amputere for at redde patienter fra koldbrand og til at "
         "bruge årepressere og arterieklemmer til at reducere blodgennemstrømningen.",
    498: "Gennem flere århundreder førte Romerriget til store fremskridt inden for medicin og "
         "dannede meget af den viden, vi kender i dag.",
    523: "Det er lige så udmattende, som hvis du vågnede hver tyvende eller tredivte minut og "
         "så fjernsyn.",
    524: "Effekten afhænger af, hvor ofte din hjerne forsøger at drømme lucide drømme om "
         "natten.",
    536: "Strande, forlystelsesparker og lejrpladser er ofte de mest besøgte steder af "
         "ferieturister.",
    538: "Turister kan besøge forskellige vartegn i et bestemt land, eller de kan vælge at "
         "fokusere på bare et enkelt område.",
    560: "For at tjekke offeret, skal du først undersøge området for at sikre din egen "
         "sikkerhed.",
}
NAMES = ["Mette Holm", "Lars Bo Jensen", "Sara Friis"]
Q_CHALLENGE = "Hvad er den største udfordring for jeres område frem mod 2035?"
SX_LABELS = {
    "respondent": "Respondent", "statustext": "Status", "Startdato": "Startdato",
    "Slutdato": "Slutdato", "s_1": "Hvilken kommune repræsenterer du?",
    "s_3": "Organisationens navn",
    "s_4_1": "Hvilke temaer er vigtigst for jer? - Kollektiv trafik og mobilitet",
    "s_4_2": "Hvilke temaer er vigtigst for jer? - Rent drikkevand",
    "s_4_5": "Hvilke temaer er vigtigst for jer? - Andet",
    "s_4_5_other": "Andet, nemlig:",
    "s_5": "Hvad er de største udfordringer for jeres område frem mod 2035?",
    "s_6": "Hvor enig er du i, at regionen skal prioritere kollektiv trafik?",
    "s_7": "Må vi citere dit svar?",
}


def _forms(path: Path) -> list[str]:
    """A Danish Microsoft Forms export (sheet "Ark1"); returns the free-text answers."""
    header = ["ID", "Starttidspunkt", "Fuldførelsestidspunkt", "Mail", "Navn",
              "Tidspunkt for sidste ændring", "Hvilken kommune repræsenterer du?",
              "Hvilken organisation repræsenterer du?", "Hvilke temaer er vigtigst for jer?",
              Q_CHALLENGE, "Må vi citere dit svar?"]
    rows = [  # mail, name, kommune, organisation, temaer, answer, consent
        ("anonymous", None, "Kbh", "Københavns Kommune", "Kollektiv trafik;Klima;",
         SIB[18], "Ja"),
        ("mette.holm@gribskov.dk", NAMES[0], "Gribskov", "Gribskov Kommune", "Klima;",
         SIB[93] + " Ring til mig på 22 33 44 55.", "Ja"),
        ("anonymous", None, "Frederiksberg", "Frederiksberg Kommune", "Klima;", SIB[130],
         "Nej"),
        ("lars.bo@novafos.dk", NAMES[1], "Egedal", "Novafos", "Rent drikkevand;", SIB[138],
         "Ja"),
        ("anonymous", None, "Lyngby-Taarbæk", "Lyngby-Taarbæk Kommune",
         "Kollektiv trafik;", SIB[181], "Ja"),
        ("sara.friis@movia.dk", NAMES[2], None, "Movia", "Kollektiv trafik;Klima;",
         SIB[203] + " (Sara Friis, Movia)", "Ja"),
        ("anonymous", None, "Bornholm", "Bornholms Regionskommune", "Klima;", SIB[214],
         "Ja"),
        ("anonymous", None, "Halsnæs", "Halsnæs Kommune", "Kollektiv trafik;", None, "Nej"),
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark1"
    ws.append(header)
    t0 = dt.datetime(2027, 1, 11, 9, 2, 11)
    for i, r in enumerate(rows, start=1):
        start = t0 + dt.timedelta(hours=7 * i, minutes=13 * i, seconds=17 * i)
        ws.append([i, start, start + dt.timedelta(minutes=5, seconds=i), r[0], r[1], None,
                   r[2], r[3], r[4], r[5], r[6]])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
        for c in row:
            c.number_format = "m/d/yy h:mm:ss"
    wb.save(path)
    return [r[5] for r in rows if r[5]]


def _sx_rows() -> list[dict]:
    spec = [  # status, kommune, organisation, ticks, andet, answer, scale, consent
        ("Gennemført", "Kbh", "Københavns Kommune", "101", "", SIB[225], "Meget enig", "Ja"),
        ("Gennemført", "Gribskov", "Gribskov Kommune", "010", "", SIB[226], "Enig", "Ja"),
        ("Gennemført", "Bornholm", "Bornholms Regionskommune", "101",
         "Færgeforbindelser til Bornholm", SIB[229], "Vil ikke svare", "Nej"),
        ("Gennemført", "Egedal", "Novafos", "010", "", SIB[498], "Uenig", "Ja"),
        ("Gennemført", "Hillerød", "Hillerød Kommune", "100", "", SIB[523], "Enig", "Ja"),
        ("Gennemført", "Halsnæs", "Halsnæs Kommune", "100", "", SIB[524], "Meget enig",
         "Ja"),
        ("Delvist gennemført", "Ishøj", "Ishøj Kommune", "", "", SIB[536], "", ""),
        ("Ikke påbegyndt", "", "", "", "", "", "", ""),
    ]
    out = []
    for i, r in enumerate(spec):
        start = dt.datetime(2027, 3, 2, 8, 15) + dt.timedelta(hours=9 * i) \
            if r[0] != "Ikke påbegyndt" else None
        d = {"respondent": 4810231 + 17 * i, "statustext": r[0], "Startdato": start,
             "Slutdato": start + dt.timedelta(minutes=7) if r[0] == "Gennemført" else None,
             "s_1": r[1], "s_3": r[2], "s_4_5_other": r[4], "s_5": r[5], "s_6": r[6],
             "s_7": r[7]}
        for k, tick in zip(("s_4_1", "s_4_2", "s_4_5"), r[3] or "   ", strict=True):
            d[k] = int(tick) if tick.strip() else None
        out.append(d)
    return out


def _surveyxact_coded(path: Path) -> list[str]:
    """A SurveyXact workbook: coded headers on "Dataset", the question texts on "Labels"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dataset"
    ws.append(list(SX_LABELS))
    rows = _sx_rows()
    for d in rows:
        ws.append([d[c] if d[c] != "" else None for c in SX_LABELS])
    labels = wb.create_sheet("Labels")
    labels.append(["Variabel", "Label"])
    for code, label in SX_LABELS.items():
        labels.append([code, label])
    wb.save(path)
    return [d[k] for d in rows for k in ("s_4_5_other", "s_5") if d[k]]


def _surveyxact_csv(path: Path) -> list[str]:
    """SurveyXact's label-header CSV for Danish Excel (";", cp1252), completed answers."""
    rows = _sx_rows()[:6]
    answers = [SIB[i] for i in (538, 560, 211, 168, 497, 260)]
    with open(path, "w", encoding="cp1252", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["Respondent-ID", *(SX_LABELS[c] for c in list(SX_LABELS)[1:])])
        for d, answer in zip(rows, answers, strict=True):
            d = {**d, "s_5": answer, "s_4_5_other": ""}
            w.writerow(["" if d[c] is None else d[c].strftime("%d-%m-%Y %H:%M")
                        if isinstance(d[c], dt.datetime) else d[c] for c in SX_LABELS])
    return answers


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = tmp_path_factory.mktemp("forms_sx") / "2027"
    rd.mkdir()
    want = {"forms.xlsx": _forms(rd / "forms.xlsx"),
            "sx_coded.xlsx": _surveyxact_coded(rd / "sx_coded.xlsx"),
            "sx_labels.csv": _surveyxact_csv(rd / "sx_labels.csv")}
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n'
        '  - {file: forms.xlsx, type: survey, name: "Dialog (Forms)"}\n'
        '  - {file: sx_coded.xlsx, type: survey, name: "Partnerskema"}\n'
        '  - {file: sx_labels.csv, type: survey, name: "Partnerskema, tekst"}\n',
        encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean"), want


def _statements(run, file: str) -> pd.DataFrame:  # noqa: ANN001
    st = run.statements
    return st[st["source_file"] == file]


def _codes(run, code: str) -> set[str]:  # noqa: ANN001
    p = run.problems
    return set(p.loc[p["code"] == code, "value"])


def _everything(run) -> str:  # noqa: ANN001
    tables = (run.statements, run.rejects, run.problems)
    return "\n".join(t[c].astype(str).str.cat(sep="\n") for t in tables for c in t.columns)


def test_forms_reads_each_free_text_answer_once_and_no_tool_column(probe) -> None:  # noqa: ANN001
    run, want = probe
    st = _statements(run, "forms.xlsx")
    assert len(st) == len(want["forms.xlsx"]) and set(st["question"]) == {Q_CHALLENGE}
    for answer in want["forms.xlsx"]:
        assert (st["text"].str.contains(answer[:50], regex=False)).sum() == 1, answer
    assert {"Mail", "Navn"} <= _codes(run, "contact_column")
    choice = run.problems[run.problems["code"] == "choice_column"]
    start = choice[choice["value"] == "Starttidspunkt"]
    assert len(start) == 1 and "dates and times" in start["message"].iloc[0]
    # the completion time is the respondent's date; municipality variants are resolved
    row2 = st[st["locator"].str.startswith("sheet=Ark1;row=2;")].iloc[0]
    assert row2["source_date"] == "2027-01-11" and row2["municipality_name"] == "København"
    assert set(st["municipality_name"].dropna()) == {
        "København", "Gribskov", "Frederiksberg", "Egedal", "Lyngby-Taarbæk", "Bornholm"}
    ctx = json.loads(row2["context"])
    assert ctx["Må vi citere dit svar?"] == "Ja" and "Navn" not in ctx and "Mail" not in ctx


def test_forms_names_never_reach_any_table(probe) -> None:  # noqa: ANN001
    run, _ = probe
    text = _everything(run)
    for secret in [*NAMES, "mette.holm@gribskov.dk", "22 33 44 55", "sara.friis@movia.dk"]:
        assert secret not in text, secret
    # a name from the Navn column is redacted where the respondent signs an answer
    signed = run.statements[run.statements["text"].str.startswith(SIB[203][:40])]
    assert signed["text"].iloc[0].endswith("([NAVN], Movia)")


def test_surveyxact_codebook_names_the_coded_columns(probe) -> None:  # noqa: ANN001
    run, want = probe
    st = _statements(run, "sx_coded.xlsx")
    assert sorted(st["text"]) == sorted(want["sx_coded.xlsx"])
    assert set(st["question"]) == {SX_LABELS["s_5"], SX_LABELS["s_4_5_other"]}
    assert not st["locator"].str.contains("sheet=Labels").any()
    assert "Labels" in _codes(run, "sheet_not_read")
    by_text = st.set_index("text")
    assert by_text.loc[SIB[229], "municipality_name"] == "Bornholm"
    assert by_text.loc["Færgeforbindelser til Bornholm", "municipality_name"] == "Bornholm"
    assert by_text.loc[SIB[498], "organisation"] == "Novafos"
    assert by_text.loc[SIB[536], "municipality_name"] == "Ishøj"   # partially completed


def test_surveyxact_csv_status_scale_and_mobility_option_are_choices(probe) -> None:  # noqa: ANN001
    run, want = probe
    st = _statements(run, "sx_labels.csv")
    assert sorted(st["text"]) == sorted(want["sx_labels.csv"])
    assert set(st["question"]) == {SX_LABELS["s_5"]}
    choices = _codes(run, "choice_column")
    assert {"Status", SX_LABELS["s_6"], SX_LABELS["s_4_1"]} <= choices
    assert SX_LABELS["s_4_1"] not in _codes(run, "contact_column")
    assert run.rejects[run.rejects["source_file"] == "sx_labels.csv"].empty


@pytest.mark.parametrize(("header", "values", "kind"), [
    ("Navn", ["Mette Holm", "Lars Bo Jensen"], "contact"),
    ("Name", ["Mette Holm"], "contact"),
    ("Dit navn (valgfrit)", ["Mette Holm"], "contact"),
    ("Hvad skal det nye navn på strategien være?", ["Grøn region", "Sammen om fremtiden"],
     "question"),
    ("Hvad mener du om mobilitet i din kommune?", ["Flere busser", "Bedre cykelstier"],
     "question"),
    ("Mobilnummer", ["22 33 44 55"], "contact"),
    ("Completion time", ["2027-01-11 16:15:28", "2027-01-12 06:42:02"], "choice"),
    ("Slutdato", ["02-03-2027 08:21", "03-03-2027 02:45"], "choice"),
])
def test_judge_column_names_times_and_mobility(header: str, values: list[str],
                                               kind: str) -> None:
    assert judge_column(header, values).kind == kind
