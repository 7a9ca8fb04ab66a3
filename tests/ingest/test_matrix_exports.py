"""Matrix questions, two header rows, Google Forms and long exports as Danish tools write them.

Why: Enalyzer, Netigate and SurveyXact export a matrix question as one question text in
row 1 (merged, repeated, or only in its first column) over sub-items in row 2, with a
free-text "Andet, nemlig" / "Uddyb gerne dit svar" column inside the block, a total row
"I alt" at the bottom and a sheet "Grafer" of percentages beside it; Google Forms joins
checkbox ticks with ", " and stamps "12/03/2026 14:05:33"; Netigate's long export names
its columns ``QuestionText``/``AnswerText``. A probe with such files found: the answer
sheet taken for the codebook of the percentage sheet (no answer read at all), the
percentage sheet's labels read as statements, the sub-items' row taken for the header (the
question lost, the respondent and municipality columns unnamed), the total row's counts
read as answers, every checkbox cell read as a statement, the sentences in a Ja/Nej column
("Ja, men kun hvis ...") dropped as choices, and the long export read as a wide table (its
question texts as fixed choices, every answer a statement of the question "AnswerText").

The sentences are real, quoted verbatim from FLORES-200 Danish as annotated in SIB-200
(Adelani et al.; text CC BY-SA 4.0; index ids in ``SIB``); layouts, respondents and contact
details are invented.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from rus_analysis.config import Config
from rus_analysis.ingest.columns import judge_column
from rus_analysis.ingest.tables import is_aggregate, sub_header
from rus_analysis.pipeline import run_pipeline

SIB = {
    1365: "Tigerens brøl er ikke ligesom det høje brøl fra en løve, men lyder mere som en "
          "sætning af snerrende, råbte ord.",
    1623: "Amazonfloden er også verdens bredeste flod, og er nogle steder op til seks mil "
          "(ca. 9,6 km) bred.",
    1222: "Rockbandet havde planer om at turnere i USA og Canada indtil den 16. september.",
    1709: "Goma er en turistby i Den Demokratiske Republik Congo og ligger helt østpå nær "
          "Rwanda.",
    205: "Cirka ti minutter før den planlagte landing fra dens anden indflyvning, forsvandt den.",
    1991: "De indlandske vandveje kan være et godt tema at basere en ferie omkring.",
    349: "Videnskabsmænd arbejder på at fremstille en reaktor, der kan producere energi på den "
         "samme måde.",
    1639: "Atomer er så utroligt små, at billioner af dem kunne passe ind i det punktum, der "
          "afslutter denne sætning.",
    1236: "Giancarlo Fisichella mistede herredømmet over sin bil og sluttede løbet meget "
          "hurtigt efter start.",
    1736: "De fleste distrikter betjenes af små, japanske busser, som er både behagelige og "
          "robuste.",
    534: "Den mest almindelige type af turisme er nok den, de fleste folk forbinder med "
         "rejse: Fritidsturisme.",
    1217: "Internationale sanktioner har betydet, at der ikke kan købes nye fly.",
    983: "Fugleinfluenza, mere formelt kendt som aviær influenza, kan inficere både fugle og "
         "pattedyr.",
    919: "Det kan spare penge i forhold til at købe nye kort til en GPS, en separat GPS-enhed "
         "eller leje af en fra et biludlejningsfirma.",
    1521: "Han mener endda, at sådanne evner til fortolkning af menneskelig adfærd, også kan "
          "findes hos kæledyr som for eksempel hunde.",
    1696: "De fleste af de mindre øer er uafhængige nationer eller er forbundet med Frankrig og "
          "kendt for deres luksuriøse strandresorter.",
    1175: "For Springboks var det et comeback efter fem tabte kampe i træk.",
    1196: "Med kun atten tilgængelige medaljer om dagen, er der en række lande der ikke har "
          "nået medaljepodiet.",
    1722: "Som i alle sydafrikanske nationalparker er der daglige bevarelses- og adgangsgebyrer "
          "til parken.",
    1210: "I løbet af 1980'erne arbejdede han på shows som Taxi, Sams bar og The Tracey Ullman "
          "Show.",
}
TEXTS = list(SIB.values())
KOM = ["Gribskov", "Halsnæs", "Hillerød", "Helsingør", "Egedal", "Furesø"]
Q_MATRIX = "Hvor vigtige er følgende indsatser for regionens udvikling?"
Q_PRIORITY = "Hvad bør regionen prioritere de næste fire år?"
SCALE = ["Meget vigtigt", "Vigtigt", "Mindre vigtigt", "Ikke vigtigt", "Ved ikke"]
N = 20


def _enalyzer(path: Path) -> dict[tuple[int, str], str]:
    """Two header rows with real merged cells, an empty column between the blocks, a
    total row and a sheet of percentages; (row, question) -> answer expected."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Besvarelser"
    ws["A1"], ws["B1"], ws["C1"], ws["I1"] = "Respondent-ID", "Kommune", Q_MATRIX, Q_PRIORITY
    for rng in ("A1:A2", "B1:B2", "C1:G1", "I1:J1"):
        ws.merge_cells(rng)
    for col, item in zip("CDEFGIJ", ["Kollektiv trafik", "Cykelstier", "Rent drikkevand",
                                     "Andet, nemlig", "Uddyb gerne dit svar", "Svar",
                                     "Kommentar"], strict=True):
        ws[f"{col}2"] = item
    want: dict[tuple[int, str], str] = {}
    texts = iter(TEXTS)
    for i in range(N):
        r = i + 3
        ws[f"A{r}"], ws[f"B{r}"] = 100 + i, KOM[i % len(KOM)]
        for col in "CDE":
            ws[f"{col}{r}"] = SCALE[(i + ord(col)) % len(SCALE)]
        for col, item, every in (("F", "Andet, nemlig", 5), ("G", "Uddyb gerne dit svar", 4),
                                 ("I", "Svar", 2)):
            if i % every == 0:
                ws[f"{col}{r}"] = text = next(texts)
                q = Q_PRIORITY if col == "I" else Q_MATRIX
                want[(r, f"{q} - {item}")] = text
    ws.append(["I alt", None, N, N, N, 4, 5, None, 10])
    g = wb.create_sheet("Grafer")
    g.append(["Indsats", *SCALE])
    for label in ("Kollektiv trafik", "Cykelstier", "Rent drikkevand"):
        g.append([label, "20%", "35%", "25%", "15%", "5%"])
    wb.save(path)
    return want


def _netigate_csv(path: Path) -> dict[tuple[int, str], str]:
    """Two header rows in a CSV: the question only in the block's first column, or
    repeated over it; the respondent columns named in row 1 only."""
    q1, q2 = "Hvordan vurderer du disse forhold i dit lokalområde?", \
        "Hvad savner du i dit lokalområde?"
    rows = [["RespondentID", "Kommune", q1, "", "", q2, q2],
            ["", "", "Busforbindelser", "Cykelstier", "Kommentar", "Svar",
             "Uddyb gerne dit svar"]]
    want: dict[tuple[int, str], str] = {}
    texts = iter(TEXTS[::-1])
    for i in range(N):
        row = [f"N{i}", KOM[i % len(KOM)], ["God", "Dårlig", "Meget god"][i % 3],
               ["Dårlig", "God", "Ved ikke"][i % 3], "", "", ""]
        for c, q, item, every in ((4, q1, "Kommentar", 4), (5, q2, "Svar", 2),
                                  (6, q2, "Uddyb gerne dit svar", 5)):
            if i % every == 1:
                row[c] = next(texts)
                want[(i + 3, f"{q} - {item}")] = row[c]
        rows.append(row)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return want


Q_THEMES = "Hvilke temaer er vigtigst for dig?"
Q_MORE = "Vil du bruge kollektiv trafik mere,\nhvis der kommer flere afgange?"
Q_FREE = "Hvad vil du gerne sige til regionen\nom den regionale udviklingsstrategi?"
MIXED = ["Ja, men kun hvis busserne kører oftere", "Nej, jeg bor for langt fra stationen",
         "Det afhænger helt af om billetpriserne bliver sat ned for pendlere"]
THEMES = ["Kollektiv trafik", "Klima og miljø", "Uddannelse", "Erhverv og turisme"]


def _google_forms(path: Path) -> dict[tuple[int, str], str]:
    """Google Forms' CSV: Danish timestamps, e-mail, line breaks in headers, ", " ticks."""
    rows = [["Tidsstempel", "E-mailadresse", "Hvilken kommune bor du i?", Q_THEMES, Q_MORE,
             Q_FREE]]
    want: dict[tuple[int, str], str] = {}
    for i in range(N):
        r = i + 2
        ticks = ", ".join(THEMES[j] for j in range(len(THEMES)) if (i >> j) & 1 or j == i % 4)
        more = MIXED[i] if i < len(MIXED) else ["Ja", "Nej", "Ved ikke"][i % 3]
        if i < len(MIXED):
            want[(r, Q_MORE)] = more
        free = TEXTS[i] if i % 3 else ""
        if free:
            want[(r, Q_FREE)] = free
        rows.append([f"{i + 1:02d}/03/2026 14:{i:02d}:33", f"borger{i}@example.dk",
                     KOM[i % len(KOM)], ticks, more, free])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return want


PANEL = ["Ja, men kun hvis møderne holdes om aftenen"]


def _netigate_long(path: Path) -> dict[tuple[int, str], str]:
    """One row per respondent x question; choices, e-mails and free text in one column."""
    qs = {"Q1": "Hvilken kommune bor du i?", "Q2": "Hvor tilfreds er du med den kollektive "
          "trafik?", "Q3": "Hvad er den største udfordring i dit område?", "Q4": "E-mail",
          "Q5": "Vil du deltage i et borgerpanel?"}
    rows = [["RespondentID", "QuestionID", "QuestionText", "AnswerText"]]
    want: dict[tuple[int, str], str] = {}
    for i in range(12):
        for q, a in (("Q1", KOM[i % len(KOM)]), ("Q2", ["Tilfreds", "Utilfreds"][i % 2]),
                     ("Q3", TEXTS[i]), ("Q4", f"svar{i}@mail.dk"),
                     ("Q5", PANEL[i] if i < len(PANEL) else ["Ja", "Nej", "Ved ikke"][i % 3])):
            rows.append([f"R{i}", q, qs[q], a])
            if q == "Q3" or (q == "Q5" and i < len(PANEL)):
                want[(len(rows), qs[q])] = a
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return want


FILES = {"enalyzer.xlsx": _enalyzer, "netigate.csv": _netigate_csv,
         "forms.csv": _google_forms, "long.csv": _netigate_long}


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config):  # noqa: ANN201
    rd = tmp_path_factory.mktemp("matrix") / "2027"
    rd.mkdir()
    want = {name: build(rd / name) for name, build in FILES.items()}
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n' + "".join(
            f'  - {{file: {name}, type: survey, name: "{name}"}}\n' for name in FILES),
        encoding="utf-8")
    return run_pipeline(lexical_cfg, [rd], until="clean"), want


def _statements(run, file: str) -> pd.DataFrame:  # noqa: ANN001
    st = run.statements
    return st[st["source_file"] == file]


def _problems(run, file: str, code: str) -> pd.DataFrame:  # noqa: ANN001
    p = run.problems
    return p[(p["source_file"] == file) & (p["code"] == code)]


@pytest.mark.parametrize("file", list(FILES))
def test_every_free_text_answer_is_read_once_with_its_question(probe, file: str) -> None:  # noqa: ANN001
    run, want = probe
    st = _statements(run, file)
    assert len(st) == len(want[file]), st[["locator", "question", "text"]].to_string()
    for (_row, question), answer in want[file].items():
        hit = st[st["text"] == answer]
        assert len(hit) == 1, answer
        assert " ".join(hit["question"].iloc[0].split()) == " ".join(question.split())
    assert st["municipality_name"].notna().all()
    assert file not in set(run.rejects["source_file"])


def test_matrix_workbook_reports_its_header_total_row_and_percentage_sheet(probe) -> None:  # noqa: ANN001
    run, _ = probe
    assert len(_problems(run, "enalyzer.xlsx", "two_header_rows")) == 1
    total = _problems(run, "enalyzer.xlsx", "total_row")
    assert list(total["locator"]) == [f"sheet=Besvarelser;row={N + 3}"]
    sheets = _problems(run, "enalyzer.xlsx", "sheet_not_read")
    assert list(sheets["value"]) == ["Grafer"] and "aggregated" in sheets["message"].iloc[0]
    choices = set(_problems(run, "enalyzer.xlsx", "choice_column")["value"])
    assert choices == {f"{Q_MATRIX} - {s}" for s in ("Kollektiv trafik", "Cykelstier",
                                                     "Rent drikkevand")}


def test_google_forms_ticks_and_short_answers_are_attributes_and_email_never_read(probe) -> None:  # noqa: ANN001
    run, _ = probe
    st = _statements(run, "forms.csv")
    assert not st["question"].eq(Q_THEMES).any()
    assert not st["text"].isin(["Ja", "Nej", "Ved ikke"]).any()
    assert set(_problems(run, "forms.csv", "open_answers")["value"]) == {str(len(MIXED))}
    assert "E-mailadresse" in set(_problems(run, "forms.csv", "contact_column")["value"])
    # the timestamp is the respondent's date, day first; the first respondent starts on
    # line 4 of the file (two headers hold a line break)
    first = st[st["locator"].str.startswith("row=4;")]
    assert first["source_date"].tolist() == ["2026-03-01"] and first["text"].tolist() == \
        [MIXED[0]]
    everything = "\n".join(t.astype(str).to_csv() for t in (run.statements, run.rejects,
                                                            run.problems))
    assert "@example.dk" not in everything and "@mail.dk" not in everything


def test_long_export_reads_its_question_columns_and_a_sentence_among_choices(probe) -> None:  # noqa: ANN001
    run, _ = probe
    assert set(_problems(run, "long.csv", "open_answers")["value"]) == {"1"}
    choice = _problems(run, "long.csv", "choice_column")
    q5 = "Vil du deltage i et borgerpanel?"
    assert set(choice["value"]) == {"Hvor tilfreds er du med den kollektive trafik?", q5}
    assert "its 11 answers" in choice.loc[choice["value"] == q5, "message"].iloc[0]


def test_two_header_rows_are_told_from_titles_and_data() -> None:
    # a title over every column, or a header over a data row, is no matrix header
    assert sub_header(["Spørgeskema 2026", "", ""], ["ID", "Kommune", "Svar"]) is None
    assert sub_header(["ID", "Kommune", "Svar"], ["1", "Gribskov", "Flere busser"]) is None
    assert sub_header(["ID", "Q", ""], ["", "a", "b"]) == ["ID", "Q - a", "Q - b"]
    # a repeated question text over its columns, an empty column between blocks
    assert sub_header(["ID", "Q", "Q", "", "R"], ["", "a", "b", "", ""]) == \
        ["ID", "Q - a", "Q - b", "", "R"]


def test_aggregate_sheet_and_comma_ticks() -> None:
    assert is_aggregate([["Indsats", "Enig"], ["Cykelstier", "35%"], ["Busser", "12"]])
    assert not is_aggregate([["ID", "Score"], ["1", "4"], ["2", "5"]])
    assert not is_aggregate([["Navn", "Svar"], ["Busser", "Flere afgange"]])
    ticks = ["Kollektiv trafik, Klima og miljø", "Uddannelse", "Klima og miljø",
             "Kollektiv trafik, Uddannelse", "Kollektiv trafik"] * 3
    assert judge_column(Q_THEMES, ticks).kind == "choice"
    # commas in sentences are no ticks: every answer is a statement
    assert judge_column(Q_FREE, [TEXTS[i] for i in range(10)]).kind == "question"
