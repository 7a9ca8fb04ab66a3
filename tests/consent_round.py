"""A round whose survey asks "Må vi citere dit svar?", as Microsoft Forms exports it.

Six respondents answer two free-text questions; two of them (Frederiksberg Kommune and
Halsnæs Kommune) answer "Nej" to the consent question. A post-it table from a workshop
(no consent column: quotable) gives the themes more to work on. The sentences are
invented for this test; the layout follows Microsoft Forms' "Åbn i Excel" export (see
``tests/ingest/test_forms_surveyxact.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl

CONSENT = "Må vi citere dit svar?"
Q_TRAFFIC = "Hvad er det vigtigste for den kollektive trafik i jeres område?"
Q_OTHER = "Hvad bør regionen ellers prioritere frem mod 2035?"
# kommune, organisation, traffic answer, other answer, consent
RESPONDENTS: list[tuple[str, str, str, str, str]] = [
    ("Kbh", "Københavns Kommune",
     "Vi har brug for flere busforbindelser og hyppigere afgange mellem kommunerne i hele "
     "regionen.",
     "Grundvandet skal beskyttes bedre mod pesticider, så vi også har rent drikkevand i "
     "fremtiden.", "Ja"),
    ("Gribskov", "Gribskov Kommune",
     "Busserne i Nordsjælland kører for sjældent, og mange borgere er derfor afhængige af "
     "bilen.",
     "Skybrud oversvømmer kældre hvert år, og kommunerne mangler penge til klimatilpasning "
     "af kloakkerne.", "Ja"),
    ("Frederiksberg", "Frederiksberg Kommune",
     "Den kollektive trafik skal have flere busser og bedre forbindelser på tværs af "
     "kommunegrænserne.",
     "Rent drikkevand kræver, at regionen kortlægger forureningen af grundvandet langt "
     "hurtigere end i dag.", "Nej"),
    ("Egedal", "Novafos",
     "Vandværkerne skal have hjælp til at beskytte grundvandet, for drikkevandet er under "
     "pres.",
     "Klimatilpasning mod skybrud og stigende havvand bør planlægges sammen med "
     "nabokommunerne.", "Ja"),
    ("Halsnæs", "Halsnæs Kommune",
     "Der bør indsættes flere busser og tog i yderområderne, så unge kan komme til "
     "uddannelse uden bil.",
     "Oversvømmelser efter skybrud koster dyrt, og klimatilpasningen skal finansieres af "
     "staten og regionen.", "Nej"),
    ("Hillerød", "Hillerød Kommune",
     "Togforbindelsen mellem Hillerød og København skal styrkes med flere afgange i "
     "myldretiden.",
     "Beskyttelse af drikkevandet og grundvandet skal gå forud for nyt byggeri tæt på "
     "boringerne.", "Ja"),
]
POSTITS: list[tuple[str, str, str, str]] = [  # bord, overskrift, tekst, kommune
    ("1", "Trafik", "Flere busser om aftenen, så man kan komme hjem fra arbejde uden bil",
     "Ballerup"),
    ("1", "Trafik", "Bedre cykelstier langs de store veje mellem kommunerne", "Ballerup"),
    ("1", "Trafik", "Hyppigere tog og busser i yderområderne af regionen", "Gribskov"),
    ("2", "Vand", "Beskyt grundvandet mod forurening fra gamle lossepladser", "Egedal"),
    ("2", "Vand", "Rent drikkevand skal sikres for de næste generationer", "Egedal"),
    ("2", "Vand", "Kortlæg forureningen af grundvandet ved boringerne", "Furesø"),
    ("3", "Klima", "Klimatilpasning mod skybrud skal planlægges på tværs af kommunerne",
     "Gladsaxe"),
    ("3", "Klima", "Oversvømmelser ved kysten kræver diger og fælles finansiering",
     "Halsnæs"),
    ("3", "Klima", "Kloakkerne kan ikke tage de store regnskyl efter skybrud", "Gladsaxe"),
    ("1", "Trafik", "Busforbindelser på tværs af kommunerne mangler i dag", "Furesø"),
]


def refused_texts() -> list[str]:
    """The answers of the respondents who answered "Nej": counted, never quoted."""
    return [t for r in RESPONDENTS if r[4] == "Nej" for t in (r[2], r[3])]


def quotable_texts() -> list[str]:
    return [t for r in RESPONDENTS if r[4] == "Ja" for t in (r[2], r[3])]


def write_forms(path: Path, respondents: list[tuple[str, str, str, str, str]] = RESPONDENTS,
                consent: str = CONSENT) -> None:
    """A Danish Microsoft Forms export (sheet "Ark1") with the consent question last
    (``consent``: its header)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ark1"
    ws.append(["ID", "Starttidspunkt", "Fuldførelsestidspunkt", "Mail", "Navn",
               "Hvilken kommune repræsenterer du?", "Hvilken organisation repræsenterer du?",
               Q_TRAFFIC, Q_OTHER, consent])
    t0 = dt.datetime(2027, 1, 11, 9, 2, 11)
    for i, (kom, org, a1, a2, answer) in enumerate(respondents, start=1):
        start = t0 + dt.timedelta(hours=5 * i, minutes=7 * i)
        ws.append([i, start, start + dt.timedelta(minutes=6), "anonymous", None, kom, org,
                   a1, a2, answer or None])
    wb.save(path)


def make_round(rd: Path) -> Path:
    """The round folder ``rd`` (created): the survey, the post-its and the manifest."""
    rd.mkdir(parents=True, exist_ok=True)
    write_forms(rd / "dialog_forms.xlsx")
    with open(rd / "postits.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["bord", "overskrift", "tekst", "kommune"])
        w.writerows(POSTITS)
    (rd / "manifest.yaml").write_text(
        'round: "2027"\ntitle: "Dialog 2027"\n'
        "invited_municipalities: [København, Gribskov, Frederiksberg, Egedal, Halsnæs, "
        "Hillerød]\nsources:\n"
        '  - {file: dialog_forms.xlsx, type: survey, name: "Dialog (Forms)", '
        "date: 2027-01-20}\n"
        '  - {file: postits.csv, type: workshop, name: "Workshop", date: 2027-01-15}\n',
        encoding="utf-8")
    return rd
