#!/usr/bin/env python3
"""Generate the bundled SYNTHETIC demo input for rus_analysis (data/raw/demo/).

Everything written here is invented: people, e-mails, phone numbers, CPR-like numbers,
answers and letters. The organisations and municipalities are real names, but every
statement attributed to them is fictitious.

Deterministic: seeded with random.Random(2024), no network access, fixed document
metadata and fixed zip timestamps, so running it twice gives byte-identical files.

    python scripts/make_demo_data.py            # writes data/raw/demo/
    python scripts/make_demo_data.py --out DIR  # writes somewhere else

Requires: python-docx, openpyxl, fpdf2 (and pyyaml/pypdf only for checking).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import re
import shutil
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXED_DT = dt.datetime(2024, 1, 15, 12, 0, 0)
ZIP_DT = (2024, 1, 15, 12, 0, 0)

rng = random.Random(2024)

# --------------------------------------------------------------------------------------
# Municipalities of Region Hovedstaden (code -> canonical name)
# --------------------------------------------------------------------------------------
MUNI = {
    "0101": "København", "0147": "Frederiksberg", "0151": "Ballerup", "0153": "Brøndby",
    "0155": "Dragør", "0157": "Gentofte", "0159": "Gladsaxe", "0161": "Glostrup",
    "0163": "Herlev", "0165": "Albertslund", "0167": "Hvidovre", "0169": "Høje-Taastrup",
    "0173": "Lyngby-Taarbæk", "0175": "Rødovre", "0183": "Ishøj", "0185": "Tårnby",
    "0187": "Vallensbæk", "0190": "Furesø", "0201": "Allerød", "0210": "Fredensborg",
    "0217": "Helsingør", "0219": "Hillerød", "0223": "Hørsholm", "0230": "Rudersdal",
    "0240": "Egedal", "0250": "Frederikssund", "0260": "Halsnæs", "0270": "Gribskov",
    "0400": "Bornholm",
}
NEVER_INVITED = ["0187"]            # Vallensbæk: never invited, never heard
INVITED_SILENT = ["0155", "0183"]   # Dragør, Ishøj: invited, but contribute nothing


def kommune_name(code: str) -> str:
    if code == "0101":
        return "Københavns Kommune"
    if code == "0400":
        return "Bornholms Regionskommune"
    return f"{MUNI[code]} Kommune"


# free-text variants of municipality names as respondents type them (non-canonical)
ALIASES = {
    "0101": ["Kbh.", "Københavns Kommune", "kbh", "KØBENHAVN", "Kobenhavn"],
    "0147": ["Frb.", "Frederiksbjerg", "frederiksberg", "Frederiksberg kommune"],
    "0169": ["Hoeje Taastrup", "Høje Taastrup", "høje-taastrup"],
    "0173": ["Lyngby", "Lyngby-Tårbæk"],
    "0185": ["Taarnby", "tårnby"],
    "0400": ["Bornholms Regionskommune"],
    "0217": ["Helsingøer", "helsingør"],
    "0219": ["Hilerød", "HILLERØD", "Hillerød kommune"],
    "0159": ["Gladsaxe kommune", "GLADSAXE"],
    "0157": ["gentofte", "Gentofte kommune"],
    "0260": ["Halsnaes", "Halsnæs kommune"],
    "0270": ["Gribskov kommune"],
    "0190": ["Furesoe"],
}

# --------------------------------------------------------------------------------------
# Content banks. {by}/{by2}/{by3} are filled with place names.
# --------------------------------------------------------------------------------------
TOWNS = ["Hillerød", "Helsingør", "Frederikssund", "Hundested", "Gilleleje", "Ballerup",
         "Lyngby", "Farum", "Ølstykke", "Taastrup", "Rønne", "Nexø", "Slangerup",
         "Frederiksværk", "Birkerød", "Hørsholm", "Allerød", "Værløse", "Skovlunde",
         "Espergærde", "Helsinge", "Stenløse", "Fredensborg", "Humlebæk"]
METRO_TOWNS = ["Hvidovre", "Brønshøj", "Lyngby", "Herlev", "Rødovre", "Gladsaxe", "Tårnby"]
LS_TOWNS = ["Hillerød", "Lyngby", "Bispebjerg", "Ballerup", "Måløv", "Bagsværd"]

# --------------------------------------------------------------------------------------
# Position (stance) annotation of the banks, used only for truth/statements.csv.
# Every bank sentence/phrase, opener, closer and fixed text carries the position a human
# annotator gives it on its own (guideline: README, truth section). A composed statement's
# position is derived from the positions of its pieces by resolve_position(). Nothing here
# draws from rng, so the generated input files are unchanged.
# --------------------------------------------------------------------------------------
POSITIONS = ("forslag", "bekymring", "støtte", "modstand", "spørgsmål", "neutral")
# tie-break between the sentences of one statement: the first present in this order wins
POSITION_PRIORITY = ("forslag", "modstand", "spørgsmål", "bekymring", "støtte", "neutral")
TEMPLATE_POS = {}  # bank template (before {by} filling) -> position
# compose() may drop a post-it's final "!"/"?": the position is kept, except where the "?" was the only
# stance cue ("Ring 5." is then a bare project name, i.e. a wish like "Tunnel til Helsingborg")
STRIPPED_POS = {"Ring 5?": "forslag"}
PIECE_POS = {}     # exact text piece as written into the input -> position (None: no stance, e.g. contact details)


def labelled(entries):
    """[(position, template), ...] -> [template, ...]; records the positions in TEMPLATE_POS."""
    out = []
    for pos, s in entries:
        assert pos in POSITIONS, (pos, s)
        assert TEMPLATE_POS.get(s, pos) == pos, f"conflicting positions for {s!r}"
        TEMPLATE_POS[s] = pos
        out.append(s)
    return out


def piece(text, pos):
    """Register an exact text piece with its position and return the text unchanged."""
    assert pos is None or pos in POSITIONS, (pos, text)
    key = text.strip()
    assert PIECE_POS.get(key, pos) == pos, f"conflicting positions for {key!r}"
    PIECE_POS[key] = pos
    return text


def resolve_position(positions):
    """Position of a statement from the positions of its pieces (in text order).

    Pieces without stance (None) are ignored. An explicit proposal carries the point of a statement
    (worries, support and descriptions around it motivate or frame it); otherwise opposition, then a
    question, then a worry, then support; neutral only when nothing else is present."""
    present = {p for p in positions if p}
    for p in POSITION_PRIORITY:
        if p in present:
            return p
    return "neutral"


def segment(text):
    """Split a statement text into registered pieces (exact matches, whitespace between them).
    Returns the list of pieces; raises if the text cannot be covered completely."""
    index = {}
    for k in PIECE_POS:
        index.setdefault(k[:4], []).append(k)
    for ks in index.values():
        ks.sort(key=len, reverse=True)

    def walk(i):
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return []
        for k in index.get(text[i:i + 4], ()):
            if text.startswith(k, i):
                rest = walk(i + len(k))
                if rest is not None:
                    return [k] + rest
        return None

    parts = walk(0)
    if parts is None:
        raise ValueError(f"statement not covered by annotated pieces: {text!r}")
    return parts


def position_of(text):
    return resolve_position([PIECE_POS[k] for k in segment(text)])


S = {}   # sentences per theme
P = {}   # post-it phrases per theme
TOPIC = {}  # noun phrases used in letter openers

S["kollektiv_trafik"] = labelled([
    ("bekymring", "S-togene kører for sjældent om aftenen, og det gør det svært at undvære bilen."),
    ("bekymring", "Bussen til Hundested er stort set den eneste forbindelse for mange ældre, og den er blevet skåret ned to gange."),
    ("forslag", "Vi har brug for bedre sammenhæng mellem tog og bus i {by}, så skiftetiden ikke er 25 minutter."),
    ("bekymring", "Movias besparelser rammer yderområderne hårdest."),
    ("forslag", "Det kræver en fælles regional plan for busnettet, ikke en plan kommune for kommune."),
    ("bekymring", "Pendlere fra {by} bruger over en time hver vej, hvis de tager kollektiv trafik til København."),
    ("forslag", "Lokalbanerne i Nordsjælland skal moderniseres og have højere frekvens."),
    ("forslag", "Letbanen på Ring 3 giver nye muligheder, men tilbringerbusserne skal tænkes med fra start."),
    ("bekymring", "Billetpriserne er for høje til, at unge vælger toget frem for knallerten."),
    ("forslag", "Flextrafik og telebusser kan være en løsning i de tyndt befolkede områder."),
    ("bekymring", "Der mangler ordentlige cykelparkeringer ved stationerne, især i {by}."),
    ("forslag", "Supercykelstierne bør forlænges, så de forbinder flere stationer og arbejdspladser."),
    ("forslag", "Regionen skal fortsat prioritere de regionale buslinjer på tværs af kommunegrænserne."),
    ("bekymring", "Mange af vores borgere oplever, at det er nemmere at køre i bil end at tage toget til hospitalet."),
    ("forslag", "En metro til {by2} bør undersøges seriøst."),
    ("forslag", "Vi vil gerne samarbejde om mobilitetsknudepunkter med delebiler, cykler og bus samme sted."),
    ("støtte", "Natbusserne er afgørende for unge, der skal hjem fra byen."),
    ("bekymring", "Ventetiden ved skift i {by} er blevet længere efter den nye køreplan."),
    ("forslag", "Elbusser på alle regionale linjer inden 2030 er realistisk, hvis finansieringen er på plads."),
    ("forslag", "Den kollektive trafik skal være rygraden i den grønne omstilling af transporten."),
    ("bekymring", "Ældre og borgere med handicap har svært ved at komme til sygehuset uden bil."),
    ("bekymring", "Det er for dyrt for kommunerne alene at holde busdriften oppe i landdistrikterne."),
    ("bekymring", "Togbusser og sporarbejde gør pendlingen uforudsigelig, og folk giver op og køber bil."),
    ("forslag", "Hellere færre linjer med høj frekvens end mange linjer, der kører hver anden time."),
    ("bekymring", "Rejsekortet og de mange billettyper er for indviklede for turister og ældre."),
    ("forslag", "Vi foreslår, at R-busserne får egne busbaner på de mest belastede strækninger."),
    ("støtte", "Buskørsel efter behov har fungeret godt i vores landsbyer."),
])
P["kollektiv_trafik"] = labelled([
    ("forslag", "Flere cykelstier"), ("forslag", "Hyppigere S-tog"), ("forslag", "Billigere billetter!"),
    ("forslag", "Bus hver 10. min"), ("forslag", "Natbus til {by}"), ("forslag", "Bedre skift tog/bus"),
    ("forslag", "Letbane til {by}"), ("forslag", "Gratis cykel i toget"),
    ("forslag", "Delebiler ved stationen"), ("forslag", "Bevar lokalbanen"), ("forslag", "Elbusser"),
    ("forslag", "Pendlerparkering"), ("forslag", "Busser der passer med toget"),
    ("forslag", "Flere R-busser"), ("forslag", "Cykelparkering ved st."),
])
TOPIC["kollektiv_trafik"] = ["busbetjeningen af yderområderne", "sammenhængen mellem tog og bus",
                             "den kollektive trafik", "mobiliteten i regionen"]

S["drikkevand"] = labelled([
    ("bekymring", "Grundvandet er under pres fra både sprøjtemidler og PFAS, og vi kan ikke tage rent drikkevand for givet."),
    ("bekymring", "Vi har lukket tre boringer de seneste år på grund af pesticidrester."),
    ("forslag", "Der bør udlægges flere boringsnære beskyttelsesområder, og landbruget skal kompenseres ordentligt."),
    ("bekymring", "PFAS-fundene i {by} har skabt stor utryghed blandt borgerne."),
    ("forslag", "Forsyningerne skal samarbejde på tværs om kildepladserne, så vi ikke konkurrerer om det samme vand."),
    ("bekymring", "Vandforbruget i hovedstadsområdet er større end det, grundvandet kan levere i længden."),
    ("forslag", "Truslerne mod grundvandet skal kortlægges hurtigere, især omkring de gamle lossepladser."),
    ("forslag", "Vi skal turde tale om at bruge regnvand til toiletskyl og vaskemaskiner."),
    ("forslag", "Rent vand direkte fra hanen er en af Danmarks største styrker, og det skal vi værne om."),
    ("forslag", "Private haveejere bruger stadig sprøjtemidler, og det kræver en informationsindsats."),
    ("bekymring", "Der mangler et fælles overblik over vandindvindingen i hele hovedstadsregionen."),
    ("bekymring", "Nedsivning af forurenet overfladevand truer grundvandet på sigt."),
    ("bekymring", "Vi mangler viden om nye stoffer, som vi i dag slet ikke måler for."),
    ("forslag", "Skovrejsning over de vigtige grundvandsområder giver både rent vand og mere natur."),
    ("bekymring", "De små vandværker har ikke ressourcer til at håndtere de nye krav til analyser."),
    ("bekymring", "Vandprisen vil stige markant, hvis vi skal rense os ud af problemerne i stedet for at forebygge."),
    ("forslag", "Beskyttelsen af drikkevandet er et fælles ansvar, også for kommuner uden egen indvinding."),
    ("forslag", "Vandværkerne bør samarbejde med universiteterne om nye rensemetoder."),
    ("bekymring", "Klimaforandringerne ændrer grundvandsspejlet, og det påvirker både indvindingen og kældrene."),
    ("forslag", "Vi foreslår et regionalt partnerskab om grundvandsbeskyttelse med forsyninger, landbrug og kommuner."),
    ("bekymring", "Desphenyl-chloridazon og andre nedbrydningsprodukter dukker op i flere og flere boringer."),
    ("forslag", "Der bør være forbud mod sprøjtning på alle offentlige arealer over sårbart grundvand."),
])
P["drikkevand"] = labelled([
    ("forslag", "Rent vand fra hanen"), ("forslag", "Stop sprøjtegift"), ("bekymring", "PFAS?!"),
    ("forslag", "Beskyt grundvandet"), ("forslag", "Flere drikkevandsskove"), ("forslag", "Test brøndene"),
    ("forslag", "Regnvand til toiletskyl"), ("forslag", "Vandværker skal samarbejde"),
    ("forslag", "Ingen pesticider ved boringer"), ("forslag", "Spar på vandet"),
    ("forslag", "Rene boringer"),
])
TOPIC["drikkevand"] = ["beskyttelsen af grundvandet", "forsyningssikkerheden for drikkevand",
                       "rent drikkevand", "vandindvindingen"]

S["baeredygtigt_byggeri"] = labelled([
    ("forslag", "Genbrug af byggematerialer skal være normen og ikke undtagelsen."),
    ("bekymring", "Der mangler standarder for, hvordan man dokumenterer genbrugte mursten og vinduer."),
    ("forslag", "Kommunerne kan gå forrest som bygherrer og stille krav om lavt CO2-aftryk i udbuddene."),
    ("bekymring", "Træbyggeri bør fremmes, men brandkravene og forsikringsreglerne gør det svært."),
    ("bekymring", "De private bygherrer er klar, men lovgivningen halter efter."),
    ("forslag", "Nedrivning burde kræve en begrundelse, for renovering er næsten altid mere bæredygtigt."),
    ("forslag", "Byggeriet står for en stor del af CO2-udledningen, og det skal tænkes ind allerede i lokalplanerne."),
    ("forslag", "Regionen kan samle kommunerne om fælles krav til bæredygtigt byggeri, så markedet får ens spilleregler."),
    ("forslag", "Der er brug for flere materialebanker, hvor byggeaffald kan sorteres og sælges videre."),
    ("bekymring", "Livscyklusvurderinger er stadig for dyre for de mindre byggeprojekter."),
    ("forslag", "Det bør være nemmere at bygge med biogene materialer som halm og hamp."),
    ("støtte", "Vi har gode erfaringer med at stille krav om DGNB-certificering i vores egne projekter."),
    ("forslag", "Renoveringen af de almene boliger er en oplagt mulighed for at afprøve cirkulære løsninger."),
    ("bekymring", "Entreprenørerne mangler medarbejdere, der kan arbejde med de nye materialer."),
    ("forslag", "Hvis vi skal nå klimamålene, skal betonforbruget ned."),
    ("forslag", "Byggepladserne skal være fossilfri, og det kræver ladeinfrastruktur til maskinerne."),
    ("forslag", "Vi ser gerne et regionalt videnscenter for bæredygtigt byggeri."),
    ("bekymring", "Små håndværksvirksomheder har svært ved at følge med i de mange nye krav."),
    ("forslag", "Grønne tage og facader bør indtænkes i alt nybyggeri i de tætte byområder."),
    ("forslag", "Klimakravene i bygningsreglementet er et godt første skridt, men grænseværdien skal sænkes hurtigere."),
])
P["baeredygtigt_byggeri"] = labelled([
    ("forslag", "Genbrug mursten"), ("forslag", "Byg i træ"), ("forslag", "Grønne tage!"),
    ("forslag", "Renover frem for nedriv"), ("forslag", "CO2-krav i udbud"),
    ("forslag", "Fossilfri byggepladser"), ("forslag", "Materialebank i {by}"), ("forslag", "Mindre beton"),
    ("forslag", "Halmhuse"), ("forslag", "Ens krav i alle kommuner"), ("forslag", "Cirkulært byggeri"),
])
TOPIC["baeredygtigt_byggeri"] = ["bæredygtigt byggeri", "klimakravene til byggeriet",
                                 "genbrug i byggeriet", "byggeriets CO2-aftryk"]

S["jordforurening"] = labelled([
    ("bekymring", "Der er stadig mange grunde med gammel forurening, som ingen har penge til at rydde op."),
    ("bekymring", "Oprydningen efter den gamle kemikaliefabrik i {by} har stået stille i årevis."),
    ("forslag", "Indsatsen mod jordforurening skal have flere midler, ellers tager det hundrede år."),
    ("bekymring", "Forurenet jord under boligområder skaber bekymring hos børnefamilierne."),
    ("bekymring", "PFAS fra de gamle brandøvelsespladser er et problem, vi først nu er begyndt at forstå."),
    ("bekymring", "Vi mangler klare regler for, hvornår let forurenet jord kan genanvendes lokalt."),
    ("forslag", "Kortlægningen af forurenede grunde skal gøres mere tilgængelig for borgerne."),
    ("forslag", "De grunde, hvor forureningen truer grundvandet, skal prioriteres først."),
    ("bekymring", "Gamle lossepladser langs kysten kan blive skyllet ud, når havet stiger."),
    ("forslag", "Der skal være bedre dialog med grundejerne, når deres grund bliver kortlagt."),
    ("bekymring", "Jordflytning mellem kommunerne er bøvlet og dyr, og der mangler en fælles løsning."),
    ("forslag", "Der er brug for nye metoder til at rense jorden på stedet i stedet for at grave den op."),
    ("bekymring", "Vi har fem byggeprojekter, der er forsinket på grund af uventet forurening."),
    ("bekymring", "Forureneren skal betale, men ofte findes virksomheden ikke længere."),
    ("bekymring", "Regionen gør et vigtigt stykke arbejde med de forurenede grunde, men tempoet er for lavt."),
    ("bekymring", "Klorerede opløsningsmidler fra gamle renserier ligger stadig under mange byområder."),
    ("bekymring", "Borgere, der har fået deres grund kortlagt på V2, oplever, at huset er svært at sælge."),
])
P["jordforurening"] = labelled([
    ("forslag", "Ryd op i giftgrunde"), ("bekymring", "PFAS i jorden"),
    ("forslag", "Mere til jordoprydning"), ("bekymring", "Gamle lossepladser!"),
    ("forslag", "Kortlægning online"), ("forslag", "Rens jorden lokalt"),
    ("forslag", "Forureneren betaler"), ("forslag", "Tjek gamle renserier"),
])
TOPIC["jordforurening"] = ["jordforureningen", "oprydningen af forurenede grunde",
                           "de gamle forureninger", "jordhåndteringen"]

S["groen_omstilling"] = labelled([
    ("forslag", "Den grønne omstilling kræver, at vi får udbygget vedvarende energi langt hurtigere."),
    ("forslag", "Solceller på alle offentlige tage burde være en selvfølge."),
    ("forslag", "Fjernvarmen skal udvides til de områder, der stadig har gasfyr."),
    ("bekymring", "Vi mangler kapacitet i elnettet til både varmepumper og ladestandere."),
    ("forslag", "Havvindmøller ud for kysten kan få lokal opbakning, hvis borgerne får del i gevinsten."),
    ("forslag", "Borgerne skal inddrages i energifællesskaber, så omstillingen ikke kun er noget, der sker for dem."),
    ("forslag", "Der skal være flere ladestandere i boligområderne og ikke kun ved indkøbscentrene."),
    ("forslag", "Omstillingen må ikke blive et projekt for de velhavende, så der skal være hjælp til dem med små indkomster."),
    ("bekymring", "Energirenovering af parcelhusene fra 60'erne og 70'erne er en enorm opgave."),
    ("forslag", "Power-to-X og overskudsvarme fra datacentre er en stor mulighed for regionen."),
    ("forslag", "Landbruget og transporten er de sværeste sektorer at omstille, og det bør strategien adressere."),
    ("forslag", "De mindre kommuner har brug for hjælp til at lave strategiske energiplaner."),
    ("forslag", "Vi vil gerne have fælles indkøb af grøn strøm på tværs af kommunerne."),
    ("bekymring", "Sagsbehandlingen af solcelleparker er alt for lang."),
    ("modstand", "Biogas kan spille en rolle, men ikke hvis det går ud over fødevareproduktionen."),
    ("forslag", "Vi bør sætte et fælles mål om en fossilfri hovedstadsregion i 2035."),
    ("forslag", "Varmepumper til landsbyerne uden for fjernvarmen skal have tilskud."),
    ("forslag", "Mere fart på den grønne omstilling i de små kommuner, ikke kun i København."),
    ("forslag", "Kommunernes bilflåder kan være helt elektriske inden for få år."),
])
P["groen_omstilling"] = labelled([
    ("forslag", "Solceller på skolerne"), ("forslag", "Mere vindenergi"),
    ("forslag", "Fjernvarme til alle"), ("forslag", "Ladestandere!"), ("forslag", "grøn omstilling nu"),
    ("forslag", "Energifællesskaber"), ("forslag", "Stop gasfyr"), ("forslag", "Tilskud til varmepumper"),
    ("forslag", "Fossilfri 2035"), ("forslag", "Solceller på alle tage"),
])
TOPIC["groen_omstilling"] = ["den grønne omstilling", "energiforsyningen", "udbygningen af vedvarende energi"]

S["ressourcer"] = labelled([
    ("bekymring", "Vi smider alt for mange ressourcer ud, som kunne genbruges."),
    ("bekymring", "Sorteringen i ti fraktioner fungerer, men borgerne mangler at se, hvad det fører til."),
    ("forslag", "Cirkulær økonomi skal ind i alle offentlige indkøb."),
    ("forslag", "Madspild i storkøkkener og kantiner kan nemt halveres med bedre planlægning."),
    ("forslag", "Genbrugspladserne bør blive til genbrugscentre, hvor man også kan hente ting med hjem."),
    ("bekymring", "Tekstilaffald er den næste store udfordring, og der mangler afsætningsmuligheder."),
    ("forslag", "Vi vil gerne samarbejde med nabokommunerne om fælles sortering og afsætning af plast."),
    ("forslag", "Reparationscaféer og delebiblioteker bør støttes, fordi de skaber fællesskab og mindre affald."),
    ("forslag", "Virksomhederne efterspørger mere viden om, hvordan de kan gøre deres produktion cirkulær."),
    ("forslag", "Industriel symbiose, hvor en virksomheds affald er en andens råvare, kan udbredes meget mere."),
    ("bekymring", "Forbrændingsanlæggene har overkapacitet, og det modarbejder genanvendelsen."),
    ("forslag", "Slam og organisk affald skal bruges til biogas og gødning i stedet for at blive brændt."),
    ("bekymring", "Det er svært for små virksomheder at finde ud af, hvem der kan aftage deres restprodukter."),
    ("bekymring", "Genanvendelsen er for lav i etageboligerne, hvor der er begrænset plads til spande."),
    ("forslag", "Offentlige institutioner kan gå forrest ved at købe brugte møbler og brugt it-udstyr."),
    ("bekymring", "Elektronikaffald indeholder værdifulde metaller, som vi sender ud af landet."),
])
P["ressourcer"] = labelled([
    ("forslag", "Mindre madspild"), ("forslag", "Repair café i hver by"), ("forslag", "Genbrug møbler"),
    ("forslag", "Sorter plast bedre"), ("forslag", "Delebibliotek"), ("forslag", "Cirkulære indkøb"),
    ("forslag", "Stop brug-og-smid-væk"), ("forslag", "Genbrugsbutik på genbrugspladsen"),
    ("forslag", "Pant på mere"),
])
TOPIC["ressourcer"] = ["ressourceforbruget", "den cirkulære økonomi", "affaldshåndteringen"]

S["erhverv_vaekst"] = labelled([
    ("forslag", "Life science-klyngen omkring {by3} er en styrke, vi skal bygge videre på."),
    ("forslag", "Turismen i Nordsjælland kan udvikles meget mere, men det kræver bedre transport til kysten."),
    ("bekymring", "Små og mellemstore virksomheder har svært ved at finde kvalificeret arbejdskraft."),
    ("forslag", "Erhvervsfremmen skal være enkel, så virksomhederne ikke skal rundt til fem forskellige aktører."),
    ("neutral", "Hovedstadsregionen konkurrerer med Stockholm og Hamborg om de internationale virksomheder."),
    ("forslag", "Vi ønsker flere iværksættermiljøer uden for København."),
    ("forslag", "Greater Copenhagen-samarbejdet over Øresund skal styrkes, især grænsependlingen."),
    ("forslag", "Bornholm har brug for en særlig indsats for erhvervslivet og turismen uden for højsæsonen."),
    ("forslag", "Der skal være plads til produktionsvirksomheder, selvom grundpriserne stiger."),
    ("neutral", "Kongresturisme og erhvervsturisme giver mange arbejdspladser i hele regionen."),
    ("forslag", "Forskerparkerne ved universiteterne bør knyttes tættere til de lokale virksomheder."),
    ("bekymring", "Vi mangler erhvervsarealer tæt på motorvejen."),
    ("neutral", "Digitalisering og kunstig intelligens bliver afgørende for virksomhedernes konkurrenceevne."),
    ("forslag", "Grøn vækst og eksport af klimaløsninger er regionens største erhvervspotentiale."),
    ("bekymring", "Det er svært at tiltrække udenlandske specialister, fordi der mangler boliger og internationale skolepladser."),
    ("forslag", "Vi foreslår et fælles erhvervsfremmeprogram for grønne startups i regionen."),
    ("bekymring", "Detailhandlen i de små bymidter har det svært, og det smitter af på bylivet."),
])
P["erhverv_vaekst"] = labelled([
    ("forslag", "Flere iværksættere"), ("forslag", "Styrk life science"), ("forslag", "Turisme hele året"),
    ("forslag", "Erhvervsjord ved motorvejen"), ("forslag", "Tiltræk talenter"),
    ("støtte", "Greater Copenhagen!"), ("forslag", "Grøn eksport"), ("forslag", "Lokale arbejdspladser"),
    ("forslag", "Liv i bymidten"),
])
TOPIC["erhverv_vaekst"] = ["erhvervsudviklingen", "vækst og beskæftigelse i erhvervslivet",
                           "regionens konkurrenceevne"]

S["klima"] = labelled([
    ("bekymring", "Skybrud som i 2011 kan ske igen, og mange områder er stadig ikke sikret."),
    ("forslag", "Kystbeskyttelsen langs Køge Bugt og Nordkysten skal ses i sammenhæng på tværs af kommunerne."),
    ("forslag", "Lynetteholm skal både beskytte mod stormflod og undgå at forringe vandmiljøet."),
    ("bekymring", "Vi har haft oversvømmede kældre tre gange på fem år."),
    ("forslag", "Klimatilpasning skal kombineres med rekreative områder, så regnvandsbassiner også bliver parker."),
    ("bekymring", "CO2-udledningen fra transporten falder slet ikke hurtigt nok."),
    ("bekymring", "Stormfloden i {by} viste, hvor sårbare vi er."),
    ("bekymring", "Der mangler en klar fordeling af udgifterne til kystbeskyttelse mellem stat, kommune og grundejere."),
    ("bekymring", "Stigende grundvand er en overset klimarisiko for mange boligområder."),
    ("forslag", "Vi har brug for fælles data om havvandsstigninger og risikoområder."),
    ("forslag", "Kommunernes klimaplaner bør koordineres, så vi ikke bare flytter vandet over til naboen."),
    ("forslag", "Regionen kan facilitere et samarbejde om klimatilpasning i vandoplandene."),
    ("bekymring", "Erosionen på kysten ved {by} er blevet voldsom de seneste år."),
    ("forslag", "Klimatilpasning handler også om hedebølger og tørke, ikke kun om vand."),
    ("bekymring", "Klimaet er den største udfordring for vores generation, og politikerne handler for langsomt."),
    ("forslag", "Mere grønt i byerne kan både opsuge regnvand og sænke temperaturen."),
    ("bekymring", "Kloakkerne kan ikke følge med, når det regner som nu."),
])
P["klima"] = labelled([
    ("forslag", "Sikr mod skybrud"), ("forslag", "Kystsikring nu"), ("modstand", "Stop Lynetteholm"),
    ("forslag", "Regnvand i parkerne"), ("forslag", "Klimasikring af kældre"), ("forslag", "Mindre CO2"),
    ("bekymring", "Stormflod!"), ("forslag", "Klimaet først"), ("forslag", "Diger langs kysten"),
])
TOPIC["klima"] = ["klimatilpasningen", "kystbeskyttelsen", "klimaindsatsen"]

S["infrastruktur"] = labelled([
    ("forslag", "Ring 5 skal afklares, hvis ikke trængslen omkring København skal blive værre."),
    ("støtte", "Forlængelsen af Hillerødmotorvejen er vigtig for hele Nordsjælland."),
    ("bekymring", "Dele af regionen har stadig ikke ordentligt bredbånd og mobildækning."),
    ("bekymring", "Vejene omkring {by} er slidte, og vedligeholdelsesefterslæbet vokser."),
    ("forslag", "En fast forbindelse mellem Helsingør og Helsingborg vil binde Greater Copenhagen bedre sammen."),
    ("neutral", "Kronprinsesse Marys Bro over Roskilde Fjord har allerede ændret pendlingsmønstrene."),
    ("forslag", "Dobbeltsporet på Nordbanen og opgraderingen af Kystbanen skal prioriteres."),
    ("bekymring", "Mobildækningen er dårlig på dele af strækningen mellem {by} og {by}."),
    ("bekymring", "Trafikken på Ring 3 og Ring 4 står stille i myldretiden."),
    ("forslag", "Nye infrastrukturprojekter skal planlægges med klimaet og naturen for øje."),
    ("bekymring", "Vi mangler en samlet plan for vejnettet på tværs af kommunerne."),
    ("forslag", "Frederikssundsmotorvejen skal gøres færdig hurtigst muligt."),
    ("forslag", "Østlig Ringvej har været diskuteret i 30 år, og nu må der komme en afklaring."),
    ("forslag", "Bedre bredbånd i landdistrikterne gør det muligt at arbejde hjemmefra og bo i yderområderne."),
    ("forslag", "Cykelbroer og tunneller under de store veje vil gøre en stor forskel for trafiksikkerheden."),
    ("støtte", "Havnene og færgeforbindelsen til Bornholm er kritisk infrastruktur for hele øen."),
])
P["infrastruktur"] = labelled([
    ("forslag", "Bredbånd til alle"), ("forslag", "Færdiggør Frederikssundsmotorvejen"),
    ("forslag", "Tunnel til Helsingborg"), ("forslag", "Bedre mobildækning"),
    ("bekymring", "Huller i vejen!"), ("spørgsmål", "Ring 5?"), ("forslag", "Cykelbro over motorvejen"),
    ("forslag", "Billigere færge til Bornholm"),
])
TOPIC["infrastruktur"] = ["infrastrukturen", "vej- og banenettet", "den digitale infrastruktur"]

S["uddannelse_beskaeftigelse"] = labelled([
    ("bekymring", "Vi mangler faglærte inden for byggeri, el og VVS, og det bremser den grønne omstilling."),
    ("bekymring", "Der er for få praktikpladser, især for eleverne på erhvervsuddannelserne."),
    ("bekymring", "Unge fra {by} har meget lang transporttid til erhvervsskolerne."),
    ("bekymring", "Sundhedsvæsenet mangler sygeplejersker og SOSU-assistenter, og det bliver kun værre."),
    ("forslag", "Flere unge skal vælge en erhvervsuddannelse efter folkeskolen."),
    ("forslag", "Efteruddannelse af ledige til grønne job bør være en fælles regional indsats."),
    ("forslag", "Universiteterne og erhvervsskolerne skal samarbejde mere om grønne kompetencer."),
    ("forslag", "Udenlandsk arbejdskraft er nødvendig, men kræver bedre modtagelse og danskundervisning."),
    ("bekymring", "Mange virksomheder vil gerne tage lærlinge, men administrationen er for tung."),
    ("bekymring", "Uddannelsesinstitutionerne i yderområderne har svært ved at holde på eleverne."),
    ("bekymring", "Manglen på arbejdskraft er den største barriere for vækst i vores kommune."),
    ("forslag", "Vi foreslår et regionalt praktikpladscenter, der matcher elever og virksomheder."),
    ("forslag", "Der skal være flere voksenlærlinge og bedre vilkår for omskoling midt i arbejdslivet."),
    ("forslag", "Unge uden uddannelse skal have en hånd i ryggen, før de falder helt ud."),
    ("bekymring", "Lærere og pædagoger er også en mangelvare, ikke kun håndværkere."),
    ("bekymring", "Gymnasiernes optagelsesområder betyder, at mange unge skal pendle langt."),
])
P["uddannelse_beskaeftigelse"] = labelled([
    ("forslag", "Flere praktikpladser"), ("forslag", "Faglærte!"), ("forslag", "Erhvervsskole tættere på"),
    ("forslag", "Voksenlærlinge"), ("forslag", "Grønne job"), ("bekymring", "Mangel på SOSU'er"),
    ("forslag", "Uddannelse til alle unge"), ("forslag", "Opkvalificering af ledige"),
])
TOPIC["uddannelse_beskaeftigelse"] = ["uddannelse og beskæftigelse", "manglen på arbejdskraft",
                                      "adgangen til kvalificeret arbejdskraft"]

S["emergent:unges_trivsel"] = labelled([
    ("bekymring", "Mange unge mistrives, og det fylder mere end noget andet, når vi taler med skolerne."),
    ("bekymring", "Der mangler mødesteder for unge i de mindre byer."),
    ("bekymring", "Presset på unge for at præstere er for stort, og det ses i stigende angst og stress."),
    ("bekymring", "Der er lange ventelister til psykolog for unge."),
    ("bekymring", "Fritidsjob og foreninger er vigtige for unges trivsel, men det er svært at komme rundt uden bil."),
    ("forslag", "Ensomhed blandt unge er en udfordring, som bør tænkes ind i den regionale strategi."),
    ("forslag", "Unge skal inddrages direkte, når der laves strategier, der handler om deres fremtid."),
    ("bekymring", "Sociale medier og skærmtid påvirker unges søvn og trivsel mere, end vi troede."),
    ("bekymring", "Ungdomsklubberne er blevet sparet væk, og det kan mærkes i gadebilledet."),
    ("bekymring", "Vi ser flere unge, der dropper ud af gymnasiet på grund af mistrivsel."),
    ("forslag", "Kommunerne og regionen bør samarbejde om en tidlig indsats for unge med psykisk sårbarhed."),
    ("bekymring", "Klimaangst er reel for mange unge."),
    ("bekymring", "Mine børn har det svært efter corona, og der er ingen hjælp at hente i nærheden."),
])
P["emergent:unges_trivsel"] = labelled([
    ("bekymring", "Unge mistrives"), ("forslag", "Flere ungdomsklubber"),
    ("forslag", "Psykolog uden ventetid"), ("forslag", "Lyt til de unge!"),
    ("forslag", "Mødesteder for unge"), ("forslag", "Mindre præstationspres"),
])
TOPIC["emergent:unges_trivsel"] = ["de unges trivsel", "børn og unges mentale sundhed"]

S["emergent:boliger"] = labelled([
    ("bekymring", "Boligpriserne i København gør det umuligt for almindelige familier at bo der."),
    ("bekymring", "Vi mangler billige boliger til unge og studerende."),
    ("bekymring", "Sygeplejersker og pædagoger har ikke råd til at bo tæt på deres arbejde."),
    ("bekymring", "Der bygges mange luksuslejligheder, men for få almene boliger."),
    ("forslag", "Seniorbofællesskaber er efterspurgte og kan frigive parcelhuse til børnefamilierne."),
    ("forslag", "Ny boligudbygning kræver kollektiv trafik fra dag ét."),
    ("bekymring", "Huslejen i de nye byggerier er for høj til, at de kan fungere som startboliger."),
    ("bekymring", "Mange landsbyer har tomme huse, mens der er boligmangel i byerne."),
    ("forslag", "Almene boliger skal være en del af alle nye byudviklingsprojekter."),
    ("bekymring", "Udenlandske medarbejdere kan ikke finde en bolig, og nogle takker derfor nej til jobbet."),
    ("bekymring", "Boligmanglen er blevet en barriere for virksomhedernes rekruttering."),
    ("bekymring", "Der er 15 års venteliste til en almen bolig i vores område."),
])
P["emergent:boliger"] = labelled([
    ("forslag", "Billige boliger!"), ("forslag", "Flere almene boliger"), ("forslag", "Boliger til unge"),
    ("forslag", "Seniorbofællesskaber"), ("modstand", "Stop luksusbyggeri"), ("forslag", "Flere kollegier"),
])
TOPIC["emergent:boliger"] = ["boligsituationen", "adgangen til betalelige boliger"]

S["emergent:natur_biodiversitet"] = labelled([
    ("forslag", "Vi har brug for mere vild natur, også tæt på byerne."),
    ("forslag", "Biodiversiteten er under pres, og den bør have sin egen plads i strategien."),
    ("forslag", "Nationalpark Kongernes Nordsjælland skal have flere midler til naturpleje."),
    ("forslag", "Grønne korridorer mellem skovene vil hjælpe både dyr og mennesker."),
    ("bekymring", "Byggeriet presser de sidste grønne områder i omegnskommunerne."),
    ("forslag", "Kommunernes egne arealer kan drives mere vildt, så lad græsset gro og drop sprøjtningen."),
    ("forslag", "Vådområder binder CO2 og giver plads til fugle og padder."),
    ("forslag", "Vi foreslår en regional naturplan på tværs af kommunegrænserne."),
    ("støtte", "Naturen er en vigtig del af vores sundhed og trivsel, det viste coronatiden."),
    ("forslag", "Urørt skov bør udvides, også i de statslige skove."),
    ("forslag", "Invasive arter som kæmpebjørneklo kræver en fælles indsats."),
    ("bekymring", "Strandengene langs fjorden er truet af både byggeri og havstigning."),
    ("bekymring", "Der er næsten ingen sommerfugle tilbage i min have."),
])
P["emergent:natur_biodiversitet"] = labelled([
    ("forslag", "Mere vild natur"), ("forslag", "Plant flere træer"), ("forslag", "Lad græsset gro"),
    ("forslag", "Bier og sommerfugle"), ("forslag", "Grønne korridorer"), ("forslag", "Urørt skov"),
    ("forslag", "Flere vådområder"),
])
TOPIC["emergent:natur_biodiversitet"] = ["naturen og biodiversiteten", "de grønne områder"]

S["emergent:sundhed_naerhed"] = labelled([
    ("forslag", "Det nære sundhedsvæsen skal styrkes, så borgerne ikke skal køre langt for at blive behandlet."),
    ("bekymring", "Vi mangler praktiserende læger i flere af vores byer."),
    ("forslag", "Lægevagten skal være tilgængelig inden for rimelig afstand, også på Bornholm."),
    ("forslag", "Kommunerne og regionen skal samarbejde bedre om udskrivningen af ældre patienter."),
    ("bekymring", "Den nye sygehusstruktur giver længere transport for mange, og det er svært uden bil."),
    ("støtte", "Sundhedshuse med læger, fysioterapeuter og kommunale tilbud samlet ét sted er en god model."),
    ("bekymring", "Psykiatrien mangler kapacitet, og ventetiden er uacceptabel."),
    ("forslag", "Forebyggelse og sund livsstil bør fylde mere i strategien."),
    ("forslag", "Ældre borgere har brug for, at sundhedstilbuddene ligger i nærheden."),
    ("modstand", "Telemedicin kan aflaste, men ikke erstatte den personlige kontakt."),
    ("forslag", "Akutberedskabet i yderområderne skal sikres."),
    ("bekymring", "Min mor på 84 skal have tre busser for at komme til ambulatoriet."),
])
P["emergent:sundhed_naerhed"] = labelled([
    ("forslag", "Flere læger"), ("forslag", "Sundhedshus i {by}"), ("forslag", "Kortere ventetid"),
    ("forslag", "Lægevagt tæt på"), ("forslag", "Nært sundhedsvæsen"), ("forslag", "Psykiatri nu!"),
])
TOPIC["emergent:sundhed_naerhed"] = ["det nære sundhedsvæsen", "adgangen til læge og behandling"]

STRATEGY_THEMES = ["kollektiv_trafik", "drikkevand", "baeredygtigt_byggeri", "jordforurening",
                   "groen_omstilling", "ressourcer", "erhverv_vaekst", "klima", "infrastruktur",
                   "uddannelse_beskaeftigelse"]
EMERGENT = ["emergent:unges_trivsel", "emergent:boliger", "emergent:natur_biodiversitet",
            "emergent:sundhed_naerhed"]
ALL_THEMES = STRATEGY_THEMES + EMERGENT
THEME_WEIGHTS = {t: 3 for t in STRATEGY_THEMES}
THEME_WEIGHTS.update({"kollektiv_trafik": 6, "klima": 4, "groen_omstilling": 4})
THEME_WEIGHTS.update({t: 2 for t in EMERGENT})

CLOSERS = labelled([
    ("støtte", "Det vil vi meget gerne bidrage til."),
    ("støtte", "Vi deltager gerne i det videre arbejde."),
    ("forslag", "Her kan regionen spille en vigtig rolle som koordinator."),
    ("forslag", "Det bør fremgå tydeligere af strategien."),
    ("forslag", "Vi opfordrer derfor regionen til at prioritere området højt."),
    ("støtte", "Vi har gode erfaringer at bygge videre på."),
    ("bekymring", "Det kræver dog, at finansieringen er på plads."),
    ("bekymring", "Det er ikke noget, den enkelte kommune kan løse alene."),
])
OPENERS = labelled([
    ("neutral", "{org} vil gerne knytte nogle bemærkninger til {topic}."),
    ("neutral", "For {org} er {topic} et centralt emne."),
    ("neutral", "Vi har særligt fokus på {topic}."),
    ("neutral", "Dernæst vil vi pege på {topic}."),
    ("neutral", "Et andet område, vi ønsker at fremhæve, er {topic}."),
    ("bekymring", "{org} ser store udfordringer, når det gælder {topic}."),
])


def fill(s: str) -> str:
    used = []
    while "{by}" in s:
        t = rng.choice([x for x in TOWNS if x not in used])
        used.append(t)
        s = s.replace("{by}", t, 1)
    if "{by2}" in s:
        s = s.replace("{by2}", rng.choice(METRO_TOWNS))
    if "{by3}" in s:
        s = s.replace("{by3}", rng.choice(LS_TOWNS))
    return s


class Bank:
    """Cycles through shuffled sentence lists so repeats are spread out."""

    def __init__(self, src):
        self.src = src
        self.pool = {}

    def take(self, theme):
        pool = self.pool.get(theme)
        if not pool:
            pool = list(self.src[theme])
            rng.shuffle(pool)
            self.pool[theme] = pool
        template = pool.pop()
        return piece(fill(template), TEMPLATE_POS[template])


SB = Bank(S)
PB = Bank(P)


def pick_theme(pref=None, p_pref=0.65):
    if pref and rng.random() < p_pref:
        return rng.choice(pref)
    themes = list(THEME_WEIGHTS)
    return rng.choices(themes, weights=[THEME_WEIGHTS[t] for t in themes])[0]


def compose(pref=None, mode=None):
    """Return (text, theme, secondary) for a survey answer / meeting bullet."""
    theme = pick_theme(pref)
    r = rng.random() if mode is None else mode
    if r < 0.15:
        t = PB.take(theme)
        if rng.random() < 0.4:
            t = piece(t.rstrip("!?") + ".", STRIPPED_POS.get(t, PIECE_POS[t]))
        return t, theme, ""
    if r < 0.55:
        return SB.take(theme), theme, ""
    if r < 0.85:
        return SB.take(theme) + " " + SB.take(theme), theme, ""
    sec = pick_theme(None)
    while sec == theme:
        sec = pick_theme(None)
    return SB.take(theme) + " " + SB.take(sec), theme, sec


def mojibake(s: str) -> str:
    return s.encode("utf-8").decode("cp1252")


# --------------------------------------------------------------------------------------
# Recording of truth
# --------------------------------------------------------------------------------------
STATEMENTS = []  # dicts
PLANTED = []     # dicts


def snippet_of(text: str) -> str:
    text = text.split("\n")[0].strip()
    if len(text) <= 80:
        return text
    cut = text.rfind(" ", 40, 81)
    if cut == -1:
        cut = 80
    return text[:cut].rstrip(" ,;:")


def add_stmt(rnd, file, locator, text, theme, sec, code, org, stype, planted=()):
    STATEMENTS.append(dict(round=rnd, file=file, locator=locator, snippet=snippet_of(text), text=text,
                           theme=theme, secondary_theme=sec, municipality_code=code or "",
                           organisation=org or "", stakeholder_type=stype, planted=list(planted)))
    return STATEMENTS[-1]


def add_planted(kind, rnd, file, locator, value, group=""):
    PLANTED.append(dict(kind=kind, round=rnd, file=file, locator=locator, value=value, group=group))


def muni_cell(code, rnd, file, row, allow_alias=True, p_alias=0.3):
    """Return the municipality free-text cell for a respondent and plant alias records."""
    name = MUNI[code]
    r = rng.random()
    if allow_alias and r < p_alias and code in ALIASES:
        v = rng.choice(ALIASES[code])
    elif r < p_alias + 0.12:
        v = kommune_name(code)
    else:
        v = name
    if v != name:
        add_planted("municipality_alias", rnd, file, f"row={row};col=kommune", v)
    return v


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------
def normalise_zip(path: Path, fixed_iso: str = "2024-01-15T12:00:00Z",
                  zip_dt: tuple[int, ...] = ZIP_DT):
    """Rewrite a docx/xlsx zip with fixed timestamps and fixed core-property dates
    (shared with make_demo_round_2026.py, which passes its own date)."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                txt = data.decode("utf-8")
                txt = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                             r"\g<1>" + fixed_iso + r"\3", txt)
                data = txt.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=zip_dt)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            z.writestr(zi, data)
    path.write_bytes(buf.getvalue())


def set_docx_props(doc, title):
    cp = doc.core_properties
    cp.author = "Region Hovedstaden (syntetisk demo)"
    cp.last_modified_by = "make_demo_data.py"
    cp.title = title
    cp.created = FIXED_DT
    cp.modified = FIXED_DT
    cp.last_printed = FIXED_DT
    cp.revision = 1
    cp.comments = "SYNTETISKE DATA - opdigtet til demo"


def write_meeting_docx(path: Path, title, participants, groups):
    from docx import Document
    doc = Document()
    set_docx_props(doc, title)
    doc.add_paragraph(title, style="Heading 1")
    doc.add_paragraph("Deltagere", style="Heading 2")
    for p in participants:
        doc.add_paragraph(p, style="List Bullet")
    for heading, items in groups:
        doc.add_paragraph(heading, style="Heading 2")
        for kind, text in items:
            doc.add_paragraph(text, style="List Bullet" if kind == "bullet" else "Normal")
    doc.save(path)
    normalise_zip(path)


def write_meeting_md(path: Path, title, participants, groups):
    lines = [f"# {title}", "", "## Deltagere", ""]
    lines += [f"- {p}" for p in participants]
    for heading, items in groups:
        lines += ["", f"## {heading}", ""]
        for kind, text in items:
            if kind == "bullet":
                lines.append(f"- {text}")
            else:
                if lines[-1] != "":
                    lines.append("")
                lines += [text, ""]
        while lines and lines[-1] == "":
            lines.pop()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def letter_blocks(letter):
    """Yield (kind, text) blocks: greeting, body paragraphs/bullets, signature lines."""
    return letter["greeting"], letter["body"], letter["signature"]


def write_letter_txt(path: Path, letter):
    greeting, body, sig = letter_blocks(letter)
    out = [greeting, ""]
    for _i, (kind, text) in enumerate(body):
        out.append(("- " if kind == "bullet" else "") + text)
        out.append("")
    out += sig
    path.write_text("\n".join(out) + "\n", encoding="utf-8", newline="\n")


def write_letter_docx(path: Path, letter):
    from docx import Document
    greeting, body, sig = letter_blocks(letter)
    doc = Document()
    set_docx_props(doc, "Høringssvar - " + letter["org"])
    doc.add_paragraph(greeting)
    for kind, text in body:
        doc.add_paragraph(text, style="List Bullet" if kind == "bullet" else "Normal")
    # signature: one paragraph per line
    for line in sig:
        if line:
            doc.add_paragraph(line)
    doc.save(path)
    normalise_zip(path)


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def write_letter_pdf(path: Path, letter):
    from fpdf import FPDF
    greeting, body, sig = letter_blocks(letter)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DT.replace(tzinfo=dt.UTC))
    pdf.set_creator("make_demo_data.py")
    pdf.set_producer("make_demo_data.py")
    pdf.set_title("Høringssvar - " + letter["org"])
    pdf.set_author(letter["org"])
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    if os.path.exists(FONT):
        pdf.add_font("DejaVu", "", FONT)
        pdf.set_font("DejaVu", size=11)
    else:  # latin-1 core font fallback
        pdf.set_font("Helvetica", size=11)
    w = pdf.epw
    pdf.multi_cell(w, 6, greeting, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for kind, text in body:
        if kind == "bullet":
            pdf.multi_cell(w, 6, "• " + text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(w, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    for line in sig:
        if line:
            pdf.multi_cell(w, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(4)
    pdf.output(str(path))


def write_survey_xlsx(path: Path, header, rows):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws.title = "Besvarelser"
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for c in row:
            c.number_format = "dd-mm-yyyy"
    for col, width in zip("ABCDEFGHI", [13, 15, 22, 24, 34, 60, 60, 60, 60], strict=False):
        ws.column_dimensions[col].width = width
    p = wb.properties
    p.creator = "SurveyXact eksport (syntetisk demo)"
    p.lastModifiedBy = "make_demo_data.py"
    p.title = "Spørgeskema - strategidialog (SYNTETISK)"
    p.created = FIXED_DT
    p.modified = FIXED_DT
    wb.save(path)
    normalise_zip(path)


def write_survey_csv(path: Path, header, rows):
    with open(path, "w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else (v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v)
                        for v in r])


def write_workshop_csv(path: Path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["bord", "overskrift", "tekst", "kommune"])
        w.writerows(rows)


# --------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------
ORGS = {  # name -> (stakeholder_type, preferred themes, participant role)
    "DSB": ("trafikselskab", ["kollektiv_trafik", "infrastruktur"], "strategichef"),
    "Movia": ("trafikselskab", ["kollektiv_trafik"], "planlægningschef"),
    "Novafos": ("forsyning", ["drikkevand", "klima", "jordforurening"], "direktør"),
    "HOFOR": ("forsyning", ["drikkevand", "klima", "groen_omstilling"], "chef for vandforsyning"),
    "Bygherreforeningen": ("brancheorganisation", ["baeredygtigt_byggeri", "ressourcer"], "direktør"),
    "MTHøjgaard": ("virksomhed", ["baeredygtigt_byggeri", "jordforurening", "uddannelse_beskaeftigelse"],
                   "bæredygtighedschef"),
    "Dansk Industri": ("brancheorganisation", ["erhverv_vaekst", "uddannelse_beskaeftigelse"], "regionsdirektør"),
    "DTU": ("uddannelse og forskning", ["uddannelse_beskaeftigelse", "groen_omstilling", "erhverv_vaekst"],
            "prorektor"),
    "Københavns Universitet": ("uddannelse og forskning", ["uddannelse_beskaeftigelse", "drikkevand"],
                               "institutleder"),
    "Københavns Professionshøjskole": ("uddannelse og forskning", ["uddannelse_beskaeftigelse"], "rektor"),
    "Danmarks Naturfredningsforening": ("interesseorganisation",
                                       ["emergent:natur_biodiversitet", "drikkevand", "klima"], "formand"),
    "Cyklistforbundet": ("interesseorganisation", ["kollektiv_trafik", "infrastruktur"], "politisk konsulent"),
    "Ældre Sagen": ("interesseorganisation", ["emergent:sundhed_naerhed", "kollektiv_trafik"], "konsulent"),
    "Dansk Ungdoms Fællesråd": ("interesseorganisation", ["emergent:unges_trivsel", "uddannelse_beskaeftigelse"],
                                "konsulent"),
    "BL – Danmarks Almene Boliger": ("brancheorganisation", ["emergent:boliger"], "kredsformand"),
    "Banedanmark": ("stat", ["infrastruktur", "kollektiv_trafik"], "projektchef"),
    "Vejdirektoratet": ("stat", ["infrastruktur"], "vejchef"),
    "Miljøstyrelsen": ("stat", ["jordforurening", "drikkevand"], "kontorchef"),
    "Region Hovedstaden": ("region", [], "regionsrådsformand"),
}
OTYPE_TEXT = {  # stakeholder_type -> Organisationstype as typed in the survey
    "kommune": ["Kommune"], "forsyning": ["Forsyningsselskab", "Forsyning"],
    "trafikselskab": ["Trafikselskab"], "virksomhed": ["Virksomhed", "Privat virksomhed"],
    "brancheorganisation": ["Brancheorganisation"], "interesseorganisation": ["Interesseorganisation", "Forening"],
    "uddannelse og forskning": ["Uddannelses- og forskningsinstitution"], "stat": ["Statslig myndighed"],
    "borger": ["Borger", "Privatperson"], "region": ["Region"], "ukendt": ["", "Andet"],
}
FORVALTNINGER = ["Teknik- og Miljøforvaltningen", "Center for Plan og Miljø", "Økonomiforvaltningen",
                 "Erhverv og Beskæftigelse", "By og Miljø", "Klimasekretariatet"]
NAMES = ["Jens Hansen", "Mette Jensen", "Søren Nielsen", "Anne Larsen", "Lars Pedersen", "Karen Andersen",
         "Peter Christensen", "Hanne Rasmussen", "Ole Sørensen", "Birthe Jørgensen", "Niels Madsen",
         "Kirsten Kristensen", "Morten Olsen", "Lone Thomsen", "Henrik Poulsen", "Susanne Johansen",
         "Thomas Møller", "Pia Mortensen", "Michael Knudsen", "Inge Jakobsen", "Rasmus Dahl", "Camilla Lund"]


def email_of(name, domain="example.dk"):
    tr = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
    return name.lower().translate(tr).replace(" ", ".") + "@" + domain


def speaker_info(name):
    """(municipality code, stakeholder type) of a speaker/organisation display name."""
    for code in MUNI:
        if kommune_name(code) == name:
            return code, "kommune"
    return "", ORGS[name][0]


NONANSWERS = ["ved ikke", "Ved ikke.", "-", "nej", "Ingen kommentarer", "n/a", "?", "Nej tak", "...",
              "Intet at tilføje", "Ingen"]


# --------------------------------------------------------------------------------------
# Survey
# --------------------------------------------------------------------------------------
def build_survey(rnd, fname, respondents, questions, date_from, n_days, id_start, p_empty, p_non):
    """respondents: list of dicts(code, stype, org, pref, forced{qid: text}). Returns header, rows, cellmap."""
    header = ["Respondent-ID", "Besvarelsesdato", "Kommune", "Organisationstype", "Organisation"] + \
             [q for q, _ in questions]
    rows, cellmap = [], {}
    for i, r in enumerate(respondents, start=1):
        code, stype = r.get("code", ""), r["stype"]
        if r.get("muni_cell") is not None:
            mcell = r["muni_cell"]
        elif code:
            mcell = muni_cell(code, rnd, fname, i)
        else:
            mcell = ""
        otype = r.get("otype", rng.choice(OTYPE_TEXT[stype]))
        org = r.get("org", "")
        date = date_from + dt.timedelta(days=rng.randrange(n_days))
        row = [id_start + i * 7 + rng.randrange(5), date, mcell, otype, org]
        for qi, (_qtext, qid) in enumerate(questions):
            loc = f"row={i};col={qid}"
            forced = r.get("forced", {})
            if qid in forced:
                val = forced[qid]
                if val is None:
                    row.append(None)
                    add_planted("empty", rnd, fname, loc, "")
                    continue
                text, theme, sec, planted = val
                row.append(text)
                if theme:
                    st = add_stmt(rnd, fname, loc, text, theme, sec, code, org, stype, planted)
                    cellmap[(i, qid)] = (st, len(row) - 1)
                continue
            x = rng.random()
            if x < p_empty[qi]:
                v = rng.choice([None, None, None, " "])
                row.append(v)
                add_planted("empty", rnd, fname, loc, v or "")
                continue
            if x < p_empty[qi] + p_non[qi]:
                v = rng.choice(NONANSWERS)
                row.append(v)
                add_planted("non_answer", rnd, fname, loc, v)
                continue
            text, theme, sec = compose(r.get("pref"))
            row.append(text)
            st = add_stmt(rnd, fname, loc, text, theme, sec, code, org, stype)
            cellmap[(i, qid)] = (st, len(row) - 1)
        rows.append(row)
    return header, rows, cellmap


def inject(rows, cellmap, key, suffix, kinds_values, rnd, fname):
    """Append a PII suffix to an existing answer and plant it."""
    st, col = cellmap[key]
    piece(suffix, None)  # contact details / PII carry no position
    rows[key[0] - 1][col] = rows[key[0] - 1][col] + suffix
    st["text"] += suffix
    loc = st["locator"]
    for kind, value in kinds_values:
        add_planted(kind, rnd, fname, loc, value)
        if kind not in st["planted"]:
            st["planted"].append(kind)


def answer_keys(cellmap, rows, min_len=40, need_dk=False):
    keys = []
    for k, (st, col) in sorted(cellmap.items()):
        t = rows[k[0] - 1][col]
        if len(t) >= min_len and not st["planted"] and (not need_dk or re.search("[æøåÆØÅ]", t[:60])):
            keys.append(k)
    return keys


def make_mojibake(rows, cellmap, key, rnd, fname):
    st, col = cellmap[key]
    raw = mojibake(rows[key[0] - 1][col])
    rows[key[0] - 1][col] = raw
    st["planted"].append("mojibake")
    add_planted("mojibake", rnd, fname, st["locator"], raw)


# --------------------------------------------------------------------------------------
# Meetings and workshops
# --------------------------------------------------------------------------------------
def build_meeting(rnd, fname, speakers, groups, p_speaker=0.78, p_para=0.12, specials=None):
    """speakers: list of display names (weighted by repetition). groups: [(heading, themes, n)].
    specials: {(group_index, item_index): (speaker, text, theme, sec, planted, role_value)}"""
    specials = specials or {}
    out, para = [], 0
    for gi, (heading, themes, n) in enumerate(groups):
        items = []
        for ii in range(n):
            para += 1
            loc = f"para={para}"
            kind = "para" if rng.random() < p_para else "bullet"
            if (gi, ii) in specials:
                spk, text, theme, sec, planted, extra = specials[(gi, ii)]
            else:
                spk = rng.choice(speakers) if rng.random() < p_speaker else ""
                mode = 0.15 + rng.random() * 0.85
                pref = themes
                if spk and spk in ORGS and ORGS[spk][1]:
                    pref = themes + ORGS[spk][1]
                text, theme, sec = compose(pref, mode)
                planted, extra = [], None
            code, stype = speaker_info(spk) if spk else ("", "ukendt")
            raw = f"{spk}: {text}" if spk else text
            items.append((kind, raw))
            add_stmt(rnd, fname, loc, text, theme, sec, code, spk if stype != "kommune" else spk, stype, planted)
            if extra:
                for k, v in extra:
                    add_planted(k, rnd, fname, loc, v)
        out.append((heading, items))
    return out


def build_workshop(rnd, fname, boards, muni_weights, p_muni=0.7, extra_rows=()):
    rows, n = [], 0
    codes = list(muni_weights)
    for bord, overskrift, themes, count in boards:
        for _ in range(count):
            n += 1
            theme = rng.choice(themes) if rng.random() < 0.8 else pick_theme()
            text = PB.take(theme) if rng.random() < 0.75 else SB.take(theme)
            code, cell = "", ""
            if rng.random() < p_muni:
                code = rng.choices(codes, weights=[muni_weights[c] for c in codes])[0]
                r = rng.random()
                if r < 0.25 and code in ALIASES:
                    cell = rng.choice(ALIASES[code])
                elif r < 0.35:
                    cell = MUNI[code].lower()
                else:
                    cell = MUNI[code]
                if cell != MUNI[code]:
                    add_planted("municipality_alias", rnd, fname, f"para={n};col=kommune", cell)
            rows.append([str(bord), overskrift, text, cell])
            add_stmt(rnd, fname, f"para={n}", text, theme, "", code, "", "kommune" if code else "ukendt")
    return rows


# --------------------------------------------------------------------------------------
# Letters
# --------------------------------------------------------------------------------------
def letter_para(org_label, theme, sec="", opener=True, n=(2, 3), closer=0.4):
    parts = []
    if opener:
        op = rng.choice(OPENERS)
        parts.append(piece(op.format(org=org_label, topic=rng.choice(TOPIC[theme])), TEMPLATE_POS[op]))
    for _ in range(rng.randint(*n)):
        parts.append(SB.take(theme))
    if sec:
        parts.append(SB.take(sec))
    if rng.random() < closer:
        cl = rng.choice(CLOSERS)
        parts.append(piece(cl, TEMPLATE_POS[cl]))
    return " ".join(parts)


def signature(name, title, org, phone, email, greet="Med venlig hilsen", contact=None):
    sig = [greet, "", name, title, org]
    values = [("person_name", name)]
    if phone:
        sig.append(phone[0])
        values.append(("phone", phone[1]))
    if email:
        sig.append(f"E-mail: {email}")
        values.append(("email", email))
    if contact:
        cname, crole, cphone = contact
        sig += ["", f"Kontaktperson: {cname}, {crole}, {cphone}"]
        values += [("person_name", cname), ("phone", cphone)]
    return sig, values


def emit_letter(rnd, fname, letter, fmt, planted_extra=(), group=""):
    code = letter.get("code", "")
    for i, (_kind, text, theme, sec, planted) in enumerate(letter["parts"], start=1):
        pl = list(planted) + list(planted_extra)
        add_stmt(rnd, fname, f"para={i}", text, theme, sec, code, letter["org"], letter["stype"], pl)
    for kind, value in letter["sig_planted"]:
        add_planted(kind, rnd, fname, "signature", value)
    for kind, loc, value in letter.get("body_planted", []):
        add_planted(kind, rnd, fname, loc, value)
    if group:
        add_planted("exact_duplicate", rnd, fname, "", fname, group)
    if not letter["parts"]:
        add_planted("greeting_only_letter", rnd, fname, "", letter["greeting"])
    letter = dict(letter, body=[(k, t) for k, t, *_ in letter["parts"]])
    {"txt": write_letter_txt, "docx": write_letter_docx, "pdf": write_letter_pdf}[fmt](OUT / rnd / fname, letter)


def parts_from(org_label, specs):
    parts = []
    for j, sp in enumerate(specs):
        theme, sec = sp[0], sp[1] if len(sp) > 1 else ""
        parts.append(("para", letter_para(org_label, theme, sec, opener=(j == 0 or rng.random() < 0.5)),
                      theme, sec, []))
    return parts


def long_paragraph(org_label):
    parts = [piece(f"{org_label} vil indledningsvis understrege, at mobiliteten er en af de helt afgørende "
                   f"forudsætninger for, at hovedstadsregionen også i 2035 er et attraktivt sted at bo og arbejde.",
                   "neutral")]
    text = " ".join(parts)
    pool = [s for s in S["kollektiv_trafik"] if "{" not in s]
    rng.shuffle(pool)
    i = 0
    while len(text) < 1300:
        text += " " + piece(pool[i], TEMPLATE_POS[pool[i]])
        i += 1
    text += piece(" Samtidig skal vi huske, at trafikken er en af de største kilder til CO2-udledning, og at "
                  "skybrud og stigende havvand allerede i dag oversvømmer veje og stationer.", "bekymring")
    return text


def make_letters():
    L = {}
    # ---------------- 2022-23 ----------------
    org = "Københavns Kommune"
    parts = [("para", long_paragraph(org), "kollektiv_trafik", "klima", [])]
    parts += parts_from(org, [("infrastruktur",), ("emergent:boliger",), ("klima",)])
    parts += [("bullet", SB.take("baeredygtigt_byggeri"), "baeredygtigt_byggeri", "", []),
              ("bullet", SB.take("ressourcer"), "ressourcer", "", []),
              ("bullet", SB.take("uddannelse_beskaeftigelse"), "uddannelse_beskaeftigelse", "", [])]
    sig, sp = signature("Lars Pedersen", "Overborgmester", org, ("Tlf. 33 66 33 66", "33 66 33 66"), None,
                        contact=("Anne Larsen", "specialkonsulent", "tlf. 23 45 67 89"))
    sp.append(("email", "anne.larsen@kk.example.dk"))
    sig[-1] += ", anne.larsen@kk.example.dk"
    L["kbh"] = dict(org=org, code="0101", stype="kommune", greeting="Kære Region Hovedstaden", parts=parts,
                    signature=sig, sig_planted=sp)

    org = "Gentofte Kommune"
    parts = parts_from(org, [("kollektiv_trafik",), ("klima", "groen_omstilling"), ("groen_omstilling",),
                             ("emergent:sundhed_naerhed",)])
    sig, sp = signature("Mette Jensen", "Kommunaldirektør", org, ("Tlf.: +45 39 98 00 00", "+45 39 98 00 00"),
                        "mette.jensen@gentofte.example.dk")
    L["gentofte"] = dict(org=org, code="0157", stype="kommune", greeting="Til Region Hovedstaden,",
                         parts=parts, signature=sig, sig_planted=sp)

    org = "Hillerød Kommune"
    parts = parts_from(org, [("infrastruktur",), ("kollektiv_trafik",), ("erhverv_vaekst",), ("drikkevand",),
                             ("emergent:sundhed_naerhed", "kollektiv_trafik")])
    sig, sp = signature("Søren Nielsen", "Borgmester", org, ("Mobil: 12345678", "12345678"),
                        "soeren.nielsen@example.dk", greet="Venlig hilsen")
    L["hilleroed"] = dict(org=org, code="0219", stype="kommune", greeting="Kære Region Hovedstaden",
                          parts=parts, signature=sig, sig_planted=sp)

    org = "Halsnæs Kommune"
    p1 = (piece("Bussen til Hundested og lokalbanen er livsnerven i vores kommune.", "støtte") + " " +
          piece("Som formanden for Teknik- og "
                "Miljøudvalget understregede på dialogmødet i januar, er det afgørende, at den regionale busbetjening "
                "ikke beskæres yderligere.", "forslag") + " " + SB.take("kollektiv_trafik"))
    parts = [("para", p1, "kollektiv_trafik", "", ["role_not_pii"])]
    parts += parts_from(org, [("klima",), ("erhverv_vaekst",), ("uddannelse_beskaeftigelse",)])
    sig, sp = signature("Hanne Rasmussen", "Borgmester", org, ("Tlf. +4512345678", "+4512345678"),
                        "hanne.rasmussen@example.dk")
    L["halsnaes"] = dict(org=org, code="0260", stype="kommune", greeting="Til Region Hovedstaden",
                         parts=parts, signature=sig, sig_planted=sp,
                         body_planted=[("role_not_pii", "para=1", "formanden for Teknik- og Miljøudvalget")])

    org = "DSB"
    parts = parts_from(org, [("kollektiv_trafik",), ("kollektiv_trafik", "infrastruktur"), ("kollektiv_trafik",),
                             ("infrastruktur",), ("groen_omstilling",)])
    sig, sp = signature("Peter Christensen", "Strategichef", org, ("Tlf. 24 68 10 12", "24 68 10 12"),
                        "pchr@dsb.example.dk")
    L["dsb"] = dict(org=org, code="", stype="trafikselskab", greeting="Kære Region Hovedstaden",
                    parts=parts, signature=sig, sig_planted=sp)

    org = "Novafos"
    parts = parts_from(org, [("drikkevand",), ("drikkevand", "jordforurening"), ("drikkevand",),
                             ("jordforurening",), ("klima",)])
    sig, sp = signature("Niels Madsen", "Direktør", org, ("Tlf.: 45 67 89 01", "45 67 89 01"),
                        "niels.madsen@novafos.example.dk")
    L["novafos"] = dict(org=org, code="", stype="forsyning", greeting="Til Region Hovedstaden,",
                        parts=parts, signature=sig, sig_planted=sp)

    org = "Bygherreforeningen"
    parts = parts_from(org, [("baeredygtigt_byggeri",), ("baeredygtigt_byggeri", "ressourcer"),
                             ("baeredygtigt_byggeri",), ("ressourcer",), ("uddannelse_beskaeftigelse",)])
    sig, sp = signature("Kirsten Kristensen", "Direktør", org, ("Tlf. 31 41 59 26", "31 41 59 26"),
                        "kk@bygherre.example.dk")
    L["bygherre"] = dict(org=org, code="", stype="brancheorganisation", greeting="Kære Region Hovedstaden",
                         parts=parts, signature=sig, sig_planted=sp)

    org = "DTU"
    parts = parts_from(org, [("uddannelse_beskaeftigelse",), ("erhverv_vaekst",), ("groen_omstilling",),
                             ("drikkevand",)])
    sig, sp = signature("Morten Olsen", "Prorektor", "Danmarks Tekniske Universitet",
                        ("Tlf. 45 25 25 25", "45 25 25 25"), "morol@dtu.example.dk")
    L["dtu"] = dict(org=org, code="", stype="uddannelse og forskning", greeting="Til Region Hovedstaden",
                    parts=parts, signature=sig, sig_planted=sp)

    org = "Danmarks Naturfredningsforening"
    parts = parts_from("Danmarks Naturfredningsforening", [("emergent:natur_biodiversitet",),
                                                          ("emergent:natur_biodiversitet", "klima"),
                                                          ("drikkevand",), ("klima",)])
    sig, sp = signature("Lone Thomsen", "Formand, DN Hovedstaden", org, ("tlf. 23 45 67 89", "tlf. 23 45 67 89"),
                        "lone.thomsen@example.dk", greet="Med venlig hilsen")
    L["dn"] = dict(org=org, code="", stype="interesseorganisation", greeting="Kære udvalg for trafik og regional udvikling",
                   parts=parts, signature=sig, sig_planted=sp)

    org = "Dansk Industri"
    parts = parts_from("DI Hovedstaden", [("erhverv_vaekst",), ("erhverv_vaekst", "emergent:boliger"),
                                          ("uddannelse_beskaeftigelse",), ("infrastruktur",)])
    sig, sp = signature("Henrik Poulsen", "Regionsdirektør", "DI Hovedstaden",
                        ("Tlf. +45 33 77 33 77", "+45 33 77 33 77"), "hepo@di.example.dk")
    L["di"] = dict(org=org, code="", stype="brancheorganisation", greeting="Kære Region Hovedstaden",
                   parts=parts, signature=sig, sig_planted=sp)

    # ---------------- 2025 ----------------
    org = "Movia"
    parts = parts_from(org, [("kollektiv_trafik",), ("kollektiv_trafik",), ("kollektiv_trafik", "groen_omstilling"),
                             ("groen_omstilling",)])
    sig, sp = signature("Thomas Møller", "Planlægningschef", org, ("Tlf. 36 13 14 00", "36 13 14 00"),
                        "thomas.moeller@movia.example.dk")
    L["movia"] = dict(org=org, code="", stype="trafikselskab", greeting="Kære Region Hovedstaden",
                      parts=parts, signature=sig, sig_planted=sp)

    org = "HOFOR"
    parts = parts_from(org, [("drikkevand",), ("klima",), ("klima", "drikkevand"), ("groen_omstilling",)])
    sig, sp = signature("Susanne Johansen", "Chef for Vandforsyning", org, ("Tlf. 27 95 27 95", "27 95 27 95"),
                        "sujo@hofor.example.dk")
    L["hofor"] = dict(org=org, code="", stype="forsyning", greeting="Til Region Hovedstaden,",
                      parts=parts, signature=sig, sig_planted=sp)

    org = "MTHøjgaard"
    parts = parts_from(org, [("baeredygtigt_byggeri",), ("baeredygtigt_byggeri",), ("uddannelse_beskaeftigelse",),
                             ("jordforurening",)])
    sig, sp = signature("Michael Knudsen", "Bæredygtighedschef", "MTHøjgaard Danmark A/S",
                        ("Tlf. +45 22 33 44 55", "+45 22 33 44 55"), "mikn@mth.example.dk")
    L["mth"] = dict(org=org, code="", stype="virksomhed", greeting="Kære Region Hovedstaden",
                    parts=parts, signature=sig, sig_planted=sp)

    org = "Frederiksberg Kommune"
    parts = parts_from(org, [("emergent:unges_trivsel",), ("emergent:boliger",), ("klima",), ("ressourcer",)])
    sig, sp = signature("Inge Jakobsen", "Borgmester", org, ("Tlf. 38 21 21 21", "38 21 21 21"),
                        "inge.jakobsen@frb.example.dk",
                        contact=("Rasmus Dahl", "chefkonsulent", "+45 28 28 28 28"))
    L["frb"] = dict(org=org, code="0147", stype="kommune", greeting="Til Region Hovedstaden", parts=parts,
                    signature=sig, sig_planted=sp)

    org = "Privatperson"
    parts = [
        ("para", piece("Jeg bor i Gilleleje og har ikke bil.", "neutral") + " " +
                 piece("Siden busruten blev lagt om, tager det mig næsten to timer at "
                       "komme til Hillerød, og om søndagen går der kun en bus hver anden time.", "bekymring") + " " +
                 piece("Det er ikke rimeligt, at man "
                       "skal flytte for at kunne passe sit arbejde.", "bekymring"), "kollektiv_trafik", "", []),
        ("para", piece("Jeg er også bekymret for afstanden til sygehuset, når det nye hospital åbner.", "bekymring") +
                 " " + piece("Min mand er kronisk "
                             "syg og skal til kontrol hver måned, og vi har ikke råd til taxa hver gang.", "bekymring"),
         "emergent:sundhed_naerhed", "kollektiv_trafik", []),
        ("para", piece("Til sidst vil jeg bede jer om at passe på naturen i Gribskov.", "forslag") + " " +
                 piece("Skovene og strandengene er det, der "
                       "gør det værd at bo her, og der bliver bygget mere og mere på de grønne områder.", "bekymring"),
         "emergent:natur_biodiversitet", "", []),
    ]
    sig = ["Venlig hilsen", "Birthe Jørgensen", "Tlf. 20304050"]
    sp = [("person_name", "Birthe Jørgensen"), ("phone", "20304050")]
    L["borger"] = dict(org=org, code="", stype="borger", greeting="Hej Region Hovedstaden", parts=parts,
                       signature=sig, sig_planted=sp)

    org = "Københavns Universitet"
    sig, sp = signature("Ole Sørensen", "Institutleder", org, ("Tlf. 35 32 26 26", "35 32 26 26"),
                        "ole.soerensen@ku.example.dk")
    L["ku"] = dict(org=org, code="", stype="uddannelse og forskning", greeting="Kære Region Hovedstaden",
                   parts=[], signature=sig, sig_planted=sp)
    return L


LETTER_FILES = {  # key -> (round, filename, format)
    "kbh": ("2022-23", "hoeringssvar_koebenhavns_kommune.docx", "docx"),
    "gentofte": ("2022-23", "hoeringssvar_gentofte_kommune.pdf", "pdf"),
    "hilleroed": ("2022-23", "hoeringssvar_hilleroed_kommune.txt", "txt"),
    "halsnaes": ("2022-23", "hoeringssvar_halsnaes_kommune.docx", "docx"),
    "dsb": ("2022-23", "hoeringssvar_dsb.pdf", "pdf"),
    "novafos": ("2022-23", "hoeringssvar_novafos.txt", "txt"),
    "bygherre": ("2022-23", "hoeringssvar_bygherreforeningen.docx", "docx"),
    "dtu": ("2022-23", "hoeringssvar_dtu.pdf", "pdf"),
    "dn": ("2022-23", "hoeringssvar_danmarks_naturfredningsforening.txt", "txt"),
    "di": ("2022-23", "hoeringssvar_dansk_industri.txt", "txt"),
    "di_dup": ("2022-23", "hoeringssvar_dansk_industri_scan.pdf", "pdf"),
    "movia": ("2025", "hoeringssvar_movia.docx", "docx"),
    "hofor": ("2025", "hoeringssvar_hofor.pdf", "pdf"),
    "mth": ("2025", "hoeringssvar_mthoejgaard.txt", "txt"),
    "frb": ("2025", "hoeringssvar_frederiksberg_kommune.docx", "docx"),
    "borger": ("2025", "hoeringssvar_borger_gilleleje.txt", "txt"),
    "ku": ("2025", "hoeringssvar_koebenhavns_universitet.txt", "txt"),
}


# --------------------------------------------------------------------------------------
# Rounds
# --------------------------------------------------------------------------------------
Q2022 = [("Hvad er de største udfordringer for jeres område frem mod 2035?", "q1"),
         ("Hvilke løsninger eller indsatser bør den regionale udviklingsstrategi prioritere?", "q2"),
         ("Hvor ser I de største muligheder for samarbejde på tværs af kommuner, region og andre aktører?", "q3"),
         ("Har I øvrige kommentarer eller input til den regionale udviklingsstrategi?", "q4")]
Q2025 = [("Hvordan oplever I udviklingen inden for strategiens indsatsområder det seneste år?", "q1"),
         ("Hvilke fælles udfordringer bør region og kommuner samarbejde om i 2025-2026?", "q2"),
         ("Hvilke konkrete initiativer eller partnerskaber foreslår I?", "q3"),
         ("Øvrige kommentarer", "q4")]


def municipal_respondents(counts):
    out = []
    for code, n in counts.items():
        for _ in range(n):
            out.append(dict(code=code, stype="kommune", org=f"{kommune_name(code)}, {rng.choice(FORVALTNINGER)}",
                            pref=None))
    return out


def org_respondents(names):
    return [dict(code="", stype=ORGS[n][0], org=n, pref=ORGS[n][1] or None) for n in names]


def citizens(codes, prefs=("emergent:unges_trivsel", "emergent:boliger", "emergent:natur_biodiversitet",
                           "emergent:sundhed_naerhed", "kollektiv_trafik")):
    return [dict(code=c, stype="borger", org="", pref=list(prefs)) for c in codes]


def survey_2022():
    rnd, fname = "2022-23", "spoergeskema_strategidialog_2022.xlsx"
    resp = municipal_respondents({"0101": 5, "0147": 4, "0157": 4, "0219": 5, "0159": 2, "0173": 2, "0169": 2,
                                  "0217": 2, "0260": 1, "0270": 2, "0250": 2, "0190": 1, "0230": 2, "0240": 1,
                                  "0151": 1, "0185": 1, "0400": 2, "0210": 1, "0167": 1, "0175": 1, "0153": 1,
                                  "0223": 1})
    resp += org_respondents(["Novafos", "HOFOR", "Movia", "Banedanmark", "Vejdirektoratet", "Dansk Industri",
                             "Bygherreforeningen", "Københavns Professionshøjskole", "Cyklistforbundet",
                             "Ældre Sagen", "Dansk Ungdoms Fællesråd", "BL – Danmarks Almene Boliger",
                             "Miljøstyrelsen"])
    resp += citizens(["0101", "0101", "0147", "0219", "0157", "0270", "0400", "0217", "0173", "0159", "0169"])
    resp += [dict(code="0219", stype="forsyning", org="Hillerød Forsyning", pref=["drikkevand", "klima"]),
             dict(code="0270", stype="interesseorganisation", org="Gilleleje Handelsstandsforening",
                  pref=["erhverv_vaekst", "kollektiv_trafik"]),
             dict(code="0400", stype="virksomhed", org="Bornholms Turistkontor ApS", pref=["erhverv_vaekst"]),
             dict(code="", stype="ukendt", org="", pref=None, muni_cell=""),
             dict(code="", stype="ukendt", org="", pref=None, muni_cell="?"),
             dict(code="", stype="ukendt", org="", pref=None, muni_cell="")]
    rng.shuffle(resp)
    # planted exact duplicate: the same q2 answer from two respondents
    dup = piece("Bedre busforbindelser til hospitalet i Hillerød, især om aftenen og i weekenderne.", "forslag")
    a = next(i for i, r in enumerate(resp) if r["stype"] == "borger")
    b = next(i for i, r in enumerate(resp) if r["stype"] == "borger" and i > a)
    for i in (a, b):
        resp[i].setdefault("forced", {})["q2"] = (dup, "kollektiv_trafik", "emergent:sundhed_naerhed",
                                                  ["exact_duplicate"])
    # planted HTML/script answer
    h = next(i for i, r in enumerate(resp) if r["stype"] == "kommune" and r["code"] == "0219")
    html = (piece("Vi mangler sammenhængende cykelstier mellem Hillerød og Allerød.", "bekymring") + " " +
            piece("Se <b>vores plan</b> "
                  "<script>alert('xss')</script> for detaljer om cykelstier", "neutral"))
    resp[h].setdefault("forced", {})["q2"] = (html, "kollektiv_trafik", "infrastruktur", ["html_script"])
    # planted mojibake municipality cells
    for code in ("0101", "0219", "0169"):
        i = next(i for i, r in enumerate(resp) if r["code"] == code and "muni_cell" not in r)
        resp[i]["muni_cell"] = mojibake(MUNI[code])
        add_planted("mojibake", rnd, fname, f"row={i + 1};col=kommune", resp[i]["muni_cell"])
        resp[i]["mojibake_cell"] = True
    header, rows, cellmap = build_survey(rnd, fname, resp, Q2022, dt.datetime(2022, 10, 3), 43, 104200,
                                         p_empty=[0.06, 0.12, 0.22, 0.40], p_non=[0.02, 0.04, 0.07, 0.14])
    for i, r in enumerate(resp, start=1):
        if r.get("mojibake_cell"):
            for st in STATEMENTS:
                if st["file"] == fname and st["locator"].startswith(f"row={i};"):
                    st["planted"].append("mojibake")
        elif r.get("code") and rows[i - 1][2] != MUNI[r["code"]]:
            for st in STATEMENTS:
                if st["file"] == fname and st["locator"].startswith(f"row={i};"):
                    st["planted"].append("municipality_alias")
    for i in (a, b):
        add_planted("exact_duplicate", rnd, fname, f"row={i + 1};col=q2", dup, "dup-S1")
    add_planted("html_script", rnd, fname, f"row={h + 1};col=q2", html)
    # PII inside answers
    keys = answer_keys(cellmap, rows, 50)
    rng.shuffle(keys)
    inject(rows, cellmap, keys[0], " Skriv til mig på jens.hansen@example.dk, hvis I vil vide mere.",
           [("email", "jens.hansen@example.dk")], rnd, fname)
    inject(rows, cellmap, keys[1], " Ring gerne på +45 12 34 56 78.", [("phone", "+45 12 34 56 78")], rnd, fname)
    inject(rows, cellmap, keys[2], " Mit CPR-nr. er 010203-1234, hvis I skal bruge det.",
           [("cpr", "010203-1234")], rnd, fname)
    inject(rows, cellmap, keys[3], " Mvh. Karen Andersen, tlf. 23 45 67 89",
           [("person_name", "Karen Andersen"), ("phone", "tlf. 23 45 67 89")], rnd, fname)
    inject(rows, cellmap, keys[4], " Kontakt: pia.mortensen@example.com / 87654321",
           [("email", "pia.mortensen@example.com"), ("phone", "87654321")], rnd, fname)
    # mojibake answers
    mk = [k for k in answer_keys(cellmap, rows, 40, need_dk=True) if k not in keys[:5]]
    rng.shuffle(mk)
    for k in mk[:5]:
        make_mojibake(rows, cellmap, k, rnd, fname)
    write_survey_xlsx(OUT / rnd / fname, header, rows)
    return fname


CAMPAIGN = ("Vi er en gruppe borgere i Halsnæs, der er dybt bekymrede over forringelserne af den kollektive trafik. "
            "Lokalbanen mellem Hillerød og Hundested er livsnerven for vores område, og omlægningen af de regionale "
            "busser har gjort det endnu sværere at komme på arbejde og til sygehuset. {S3} "
            "Venlig hilsen {name}, Borgergruppen for Bedre Trafik i Halsnæs")
CAMPAIGN_S3 = ["Vi opfordrer regionen til at sikre halvtimesdrift hele dagen og bevare de regionale busser.",
               "Vi opfordrer regionen til at sikre halvtimesdrift hele dagen og bevare de regionale busser.",
               "Vi opfordrer regionen til at sikre halvtimesdrift hele dagen og bevare de regionale busser.",
               "Vi kræver, at regionen sikrer kvarterdrift i myldretiden og bevarer de regionale busser.",
               "Vi opfordrer regionen til at sikre halvtimesdrift hele dagen, også i weekenden."]
TYPOS = [("kollektive", "kolektive"), ("sygehuset", "sygehust"), ("opfordrer", "opfodrer"),
         ("bekymrede", "bekymret"), ("livsnerven", "livsnerve"), ("endnu sværere", "endnu svære")]


def survey_2025():
    rnd, fname = "2025", "spoergeskema_aarligt_dialogmoede_2025.csv"
    resp = municipal_respondents({"0101": 3, "0147": 3, "0157": 2, "0219": 3, "0260": 1, "0270": 1, "0165": 1,
                                  "0163": 1, "0161": 1, "0201": 1, "0217": 1, "0250": 1, "0240": 1, "0230": 1,
                                  "0159": 1})
    resp += org_respondents(["Novafos", "Movia", "DSB", "Bygherreforeningen", "Danmarks Naturfredningsforening",
                             "Dansk Ungdoms Fællesråd"])
    resp += citizens(["0101", "0147", "0219", "0173", "0250"])
    resp += [dict(code="", stype="ukendt", org="", pref=None, muni_cell=""),
             dict(code="", stype="ukendt", org="", pref=None, muni_cell="-")]
    rng.shuffle(resp)
    # near-duplicate campaign, inserted as a block the way a mass mobilisation arrives
    camp_names = ["Birthe", "Poul", "Grethe", "Jørgen", "Lis", "Erik", "Bent", "Hanne", "Kaj", "Else"]
    camp_cells = ["Halsnæs", "Halsnæs", "Halsnaes", "halsnæs", "Halsnæs Kommune", "Gribskov", "Halsnæs",
                  "Hillerød", "Halsnæs", "Halsnæs"]
    camp = []
    for j, (nm, cell) in enumerate(zip(camp_names, camp_cells, strict=False)):
        txt = CAMPAIGN.format(S3=CAMPAIGN_S3[j % len(CAMPAIGN_S3)], name=nm)
        for a, b in rng.sample(TYPOS, rng.randint(0, 2)):
            txt = txt.replace(a, b, 1)
        # worry, worry, demand ({S3}: opfordrer/kræver), signature: registered whole because of the typos
        piece(txt, resolve_position(["bekymring", "bekymring", "forslag", None]))
        code = {"Gribskov": "0270", "Hillerød": "0219"}.get(cell, "0260")
        forced = {"q1": (txt, "kollektiv_trafik", "", ["near_duplicate", "person_name"]),
                  "q2": None if j % 3 else (piece("Bevar busserne!", "forslag"), "kollektiv_trafik", "", []),
                  "q3": None, "q4": None}
        camp.append(dict(code=code, stype="borger", org="Borgergruppen for Bedre Trafik i Halsnæs",
                         otype="Borger", pref=None, muni_cell=cell, forced=forced, camp_name=nm))
    pos = 17
    resp[pos:pos] = camp
    # exact duplicate (copy-paste between two colleagues)
    dup = piece("Fælles indkøb af elbusser og ladeinfrastruktur på tværs af kommunerne; det vil give bedre priser og "
                "hurtigere omstilling.", "forslag")
    muni_idx = [i for i, r in enumerate(resp) if r["stype"] == "kommune" and "forced" not in r]
    for i in muni_idx[2:4]:
        resp[i]["forced"] = {"q3": (dup, "groen_omstilling", "kollektiv_trafik", ["exact_duplicate"])}
    header, rows, cellmap = build_survey(rnd, fname, resp, Q2025, dt.date(2025, 1, 6), 26, 553100,
                                         p_empty=[0.06, 0.12, 0.25, 0.45], p_non=[0.03, 0.04, 0.07, 0.12])
    for i, r in enumerate(resp, start=1):
        if "camp_name" in r:
            loc = f"row={i};col=q1"
            add_planted("near_duplicate", rnd, fname, loc, rows[i - 1][5], "camp-1")
            add_planted("person_name", rnd, fname, loc, r["camp_name"])
            if r["muni_cell"] != MUNI[r["code"]]:
                add_planted("municipality_alias", rnd, fname, f"row={i};col=kommune", r["muni_cell"])
        if r.get("code") and rows[i - 1][2] != MUNI[r["code"]]:
            for st in STATEMENTS:
                if st["file"] == fname and st["locator"].startswith(f"row={i};"):
                    st["planted"].append("municipality_alias")
    for i in muni_idx[2:4]:
        add_planted("exact_duplicate", rnd, fname, f"row={i + 1};col=q3", dup, "dup-S2")
    keys = answer_keys(cellmap, rows, 50)
    rng.shuffle(keys)
    inject(rows, cellmap, keys[0], " Mit cpr er 0102031234 hvis I vil kontakte mig.", [("cpr", "0102031234")],
           rnd, fname)
    inject(rows, cellmap, keys[1], " Ring på +4512345678.", [("phone", "+4512345678")], rnd, fname)
    inject(rows, cellmap, keys[2], " Skriv til mig på lars.p@example.dk", [("email", "lars.p@example.dk")], rnd, fname)
    # a multi-line answer (Alt+Enter in Excel) with ; and quotes
    st, col = cellmap[keys[3]]
    extra = piece('\nPunkt 2: "grøn mobilitet" skal med i alle lokalplaner; også i de små byer.', "forslag")
    rows[keys[3][0] - 1][col] += extra
    st["text"] += extra
    mk = [k for k in answer_keys(cellmap, rows, 40, need_dk=True) if k not in keys[:4]]
    rng.shuffle(mk)
    for k in mk[:3]:
        make_mojibake(rows, cellmap, k, rnd, fname)
    write_survey_csv(OUT / rnd / fname, header, rows)
    return fname


def meetings_2022():
    rnd = "2022-23"
    files = []
    # TRU-hosted meeting with committee chairs (trafik)
    fname = "dialogmoede_udvalgsformaend_trafik_2023-01-12.docx"
    munis = ["0219", "0260", "0250", "0270", "0173", "0151"]
    spk = [kommune_name(c) for c in munis] + ["Region Hovedstaden"]
    participants = [f"{kommune_name(c)} – {rng.choice(['formand for Teknik- og Miljøudvalget', 'formand for Plan- og Byudvalget', 'næstformand for Klima- og Miljøudvalget', 'formand for Trafikudvalget'])}"
                    for c in munis]
    participants += ["Region Hovedstaden – formand for Udvalget for trafik og regional udvikling",
                     "Jens Hansen, chefkonsulent, Region Hovedstaden"]
    add_planted("person_name", rnd, fname, "participants", "Jens Hansen")
    specials = {(0, 2): ("Gribskov Kommune",
                         piece("Ifølge borgmesteren i Gribskov er bussen til Gilleleje og Helsinge blevet så tynd, "
                               "at mange unge i stedet tager knallert eller bliver hjemme.", "bekymring"),
                         "kollektiv_trafik",
                         "emergent:unges_trivsel", ["role_not_pii"], [("role_not_pii", "borgmesteren i Gribskov")])}
    groups = build_meeting(rnd, fname, spk, [
        ("Bord 1: Kollektiv trafik og mobilitet", ["kollektiv_trafik"], 12),
        ("Bord 2: Infrastruktur og sammenhæng", ["infrastruktur", "kollektiv_trafik"], 9),
        ("Bord 3: Uddannelse og arbejdskraft", ["uddannelse_beskaeftigelse", "emergent:unges_trivsel"], 8),
        ("Opsamling i plenum", ["kollektiv_trafik", "infrastruktur", "emergent:boliger"], 5)], specials=specials)
    write_meeting_docx(OUT / rnd / fname, "Dialogmøde med udvalgsformænd om trafik og regional udvikling, "
                       "12. januar 2023", participants, groups)
    files.append((fname, "meeting", "Dialogmøde med udvalgsformænd (TRU)", "2023-01-12", munis))
    # MKU-hosted meeting with committee chairs (miljø)
    fname = "dialogmoede_udvalgsformaend_miljoe_2023-01-19.docx"
    munis = ["0101", "0147", "0157", "0159", "0230"]
    spk = [kommune_name(c) for c in munis] + ["Region Hovedstaden"]
    participants = [f"{kommune_name(c)} – {rng.choice(['formand for Teknik- og Miljøudvalget', 'formand for Klimaudvalget', 'næstformand for By- og Miljøudvalget'])}"
                    for c in munis]
    participants += ["Region Hovedstaden – formand for Miljø- og klimaudvalget",
                     "Mette Jensen, specialkonsulent, Region Hovedstaden"]
    add_planted("person_name", rnd, fname, "participants", "Mette Jensen")
    groups = build_meeting(rnd, fname, spk, [
        ("Bord 1: Jordforurening og drikkevand", ["jordforurening", "drikkevand"], 11),
        ("Bord 2: Grøn omstilling og ressourcer", ["groen_omstilling", "ressourcer"], 11),
        ("Bord 3: Klimatilpasning", ["klima", "emergent:natur_biodiversitet"], 9),
        ("Opsamling i plenum", ["klima", "groen_omstilling", "jordforurening"], 4)])
    write_meeting_docx(OUT / rnd / fname, "Dialogmøde med udvalgsformænd om miljø og klima, 19. januar 2023",
                       participants, groups)
    files.append((fname, "meeting", "Dialogmøde med udvalgsformænd (MKU)", "2023-01-19", munis))
    # administrative dialogue meetings (markdown)
    fname = "adm_dialogmoede_erhverv_klima_infrastruktur_2022-09-29.md"
    munis = ["0101", "0219", "0169", "0173", "0217", "0210", "0240", "0167"]
    orgs = ["Banedanmark", "Vejdirektoratet", "HOFOR", "Dansk Industri"]
    spk = [kommune_name(c) for c in munis] * 2 + orgs
    participants = [f"{kommune_name(c)} – {rng.choice(['teknisk direktør', 'kommunaldirektør', 'planchef', 'erhvervschef'])}"
                    for c in munis] + [f"{o} – {ORGS[o][2]}" for o in orgs] + [
                    "Søren Nielsen, enhedschef, Region Hovedstaden"]
    add_planted("person_name", rnd, fname, "participants", "Søren Nielsen")
    groups = build_meeting(rnd, fname, spk, [
        ("Erhverv og turisme", ["erhverv_vaekst"], 9),
        ("Klima og grøn omstilling", ["klima", "groen_omstilling"], 10),
        ("Infrastruktur og mobilitet", ["infrastruktur", "kollektiv_trafik"], 11)])
    write_meeting_md(OUT / rnd / fname, "Administrativt dialogmøde i KKR's embedsmandsudvalg for Erhverv, Klima og "
                     "Infrastruktur, 29. september 2022", participants, groups)
    files.append((fname, "meeting", "Administrativt dialogmøde: Erhverv, Klima og Infrastruktur", "2022-09-29", munis))
    fname = "adm_dialogmoede_vaekst_uddannelse_2022-10-13.md"
    munis = ["0101", "0147", "0157", "0250", "0190", "0400", "0175", "0153", "0185"]
    orgs = ["Københavns Professionshøjskole", "Dansk Industri", "Dansk Ungdoms Fællesråd"]
    spk = [kommune_name(c) for c in munis] * 2 + orgs
    participants = [f"{kommune_name(c)} – {rng.choice(['beskæftigelseschef', 'direktør for Børn og Unge', 'kommunaldirektør'])}"
                    for c in munis] + [f"{o} – {ORGS[o][2]}" for o in orgs]
    groups = build_meeting(rnd, fname, spk, [
        ("Uddannelse og kompetencer", ["uddannelse_beskaeftigelse"], 10),
        ("Unge og trivsel", ["emergent:unges_trivsel", "uddannelse_beskaeftigelse"], 8),
        ("Boliger og rekruttering", ["emergent:boliger", "erhverv_vaekst"], 8),
        ("Vækst og sammenhæng", ["erhverv_vaekst", "infrastruktur"], 6)])
    # plant aliased speaker prefixes ("Lyngby:", "Frb.:")
    alias_done = 0
    for gi, (_heading, items) in enumerate(groups):
        for ii, (kind, t) in enumerate(items):
            for full, alias in (("Frederiksberg Kommune: ", "Frb.: "), ("Københavns Kommune: ", "Kbh.: ")):
                if t.startswith(full) and alias_done < 4:
                    items[ii] = (kind, alias + t[len(full):])
                    para = sum(len(x[1]) for x in groups[:gi]) + ii + 1
                    add_planted("municipality_alias", rnd, fname, f"para={para}", alias[:-2])
                    for st in STATEMENTS:
                        if st["file"] == fname and st["locator"] == f"para={para}":
                            st["planted"].append("municipality_alias")
                    alias_done += 1
    write_meeting_md(OUT / rnd / fname, "Administrativt dialogmøde i KKR's embedsmandsudvalg for Vækst, Uddannelse "
                     "og Beskæftigelse, 13. oktober 2022", participants, groups)
    files.append((fname, "meeting", "Administrativt dialogmøde: Vækst, Uddannelse og Beskæftigelse", "2022-10-13",
                  munis))
    return files


def workshop_2022():
    rnd, fname = "2022-23", "workshop_postits_2022-11-24.csv"
    weights = {"0101": 6, "0147": 4, "0157": 4, "0219": 5, "0159": 2, "0173": 2, "0217": 2, "0260": 2,
               "0270": 2, "0250": 1, "0230": 1, "0400": 1, "0169": 1, "0185": 1, "0223": 1, "0190": 1}
    rows = build_workshop(rnd, fname, [
        (1, "Kollektiv trafik og mobilitet", ["kollektiv_trafik"], 18),
        (2, "Rent drikkevand", ["drikkevand"], 14),
        (3, "Bæredygtigt byggeri og ressourcer", ["baeredygtigt_byggeri", "ressourcer"], 16),
        (4, "Klima og natur", ["klima", "emergent:natur_biodiversitet"], 16),
        (5, "Fremtidens arbejdskraft", ["uddannelse_beskaeftigelse", "emergent:unges_trivsel"], 14),
        (6, "Det gode liv i hele regionen", ["emergent:boliger", "emergent:sundhed_naerhed",
                                             "emergent:unges_trivsel"], 14)], weights)
    write_workshop_csv(OUT / rnd / fname, rows)
    return fname


def meeting_2025():
    rnd, fname = "2025", "aarligt_dialogmoede_2025-02-27_referat.docx"
    mayors = ["0101", "0147", "0157", "0219", "0260", "0270", "0250", "0217", "0159", "0173", "0240", "0400"]
    partners = ["DSB", "Movia", "Novafos", "Bygherreforeningen", "MTHøjgaard"]
    participants = [f"{kommune_name(c)} – borgmester" for c in mayors]
    participants += [f"{o} – {ORGS[o][2]}" for o in partners]
    participants += ["Region Hovedstaden – regionsrådsformand", "Lone Thomsen, chefkonsulent, Region Hovedstaden",
                     "Niels Madsen, referent, Region Hovedstaden"]
    add_planted("person_name", rnd, fname, "participants", "Lone Thomsen")
    add_planted("person_name", rnd, fname, "participants", "Niels Madsen")
    spk = [kommune_name(c) for c in mayors] + partners + ["Region Hovedstaden"]
    groups = build_meeting(rnd, fname, spk, [
        ("Bord 1: Kollektiv trafik og mobilitet", ["kollektiv_trafik"], 14),
        ("Bord 2: Rent drikkevand", ["drikkevand", "jordforurening"], 12),
        ("Bord 3: Bæredygtigt byggeri", ["baeredygtigt_byggeri", "ressourcer"], 12),
        ("Bord 4: Jordforurening", ["jordforurening"], 8),
        ("Opsamling i plenum", ["kollektiv_trafik", "drikkevand", "baeredygtigt_byggeri",
                                "emergent:boliger"], 6)], p_speaker=0.85)
    write_meeting_docx(OUT / rnd / fname, "Årligt politisk og administrativt dialogmøde om den regionale "
                       "udviklingsstrategi, 27. februar 2025", participants, groups)
    return fname, mayors, partners


def workshop_2025():
    rnd, fname = "2025", "aarligt_dialogmoede_2025-02-27_postits.csv"
    weights = {"0101": 5, "0147": 4, "0157": 3, "0219": 4, "0260": 2, "0270": 2, "0250": 1, "0217": 1,
               "0159": 1, "0173": 1, "0240": 1, "0400": 1, "0201": 1}
    rows = build_workshop(rnd, fname, [
        (1, "Kollektiv trafik", ["kollektiv_trafik"], 16),
        (2, "Drikkevand", ["drikkevand"], 12),
        (3, "Bæredygtigt byggeri", ["baeredygtigt_byggeri"], 12),
        (4, "Jordforurening", ["jordforurening"], 8),
        (5, "Hvad mangler i strategien?", EMERGENT + ["klima"], 16)], weights)
    write_workshop_csv(OUT / rnd / fname, rows)
    return fname


# --------------------------------------------------------------------------------------
# Manifests, truth, README
# --------------------------------------------------------------------------------------
def yq(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def ylist(items):
    return "[" + ", ".join(yq(x) for x in items) + "]"


def survey_columns_yaml(questions):
    lines = ["    columns:", '      respondent_id: "Respondent-ID"', '      date: "Besvarelsesdato"',
             '      municipality: "Kommune"', '      organisation_type: "Organisationstype"',
             '      organisation: "Organisation"', "      questions:"]
    lines += [f"        {yq(q)}: {qid}" for q, qid in questions]
    return lines


def write_manifest(rnd, title, period, invited_codes, invited_orgs, sources):
    lines = ["# SYNTETISKE DEMODATA - genereret af scripts/make_demo_data.py. Alt indhold er opdigtet.",
             f"round: {yq(rnd)}", f"title: {yq(title)}", f"period: {{start: {period[0]}, end: {period[1]}}}",
             f"invited_municipalities: {ylist(MUNI[c] for c in invited_codes)}",
             f"invited_organisations: {ylist(invited_orgs)}", "sources:"]
    for src in sources:
        lines.append(f"  - file: {src['file']}")
        lines.append(f"    type: {src['type']}")
        lines.append(f"    name: {yq(src['name'])}")
        lines.append(f"    date: {src['date']}")
        if src.get("invited_municipalities"):
            lines.append(f"    invited_municipalities: {ylist(MUNI[c] for c in src['invited_municipalities'])}")
        if src.get("invited_organisations"):
            lines.append(f"    invited_organisations: {ylist(src['invited_organisations'])}")
        if src.get("organisation"):
            lines.append(f"    organisation: {yq(src['organisation'])}")
        if src.get("municipality"):
            lines.append(f"    municipality: {yq(src['municipality'])}")
        if src.get("questions"):
            lines += survey_columns_yaml(src["questions"])
        if src.get("sheet"):
            lines.append(f"    sheet: {yq(src['sheet'])}")
    (OUT / rnd / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def letter_sources(rnd, letters, deadline):
    out = []
    for key, (r, fname, _fmt) in LETTER_FILES.items():
        if r != rnd:
            continue
        L = letters[key.replace("_dup", "")]
        src = dict(file=fname, type="written", name=f"Høringssvar fra {L['org']}", date=deadline,
                   organisation=L["org"])
        if L["code"]:
            src["municipality"] = MUNI[L["code"]]
        out.append(src)
    return out


README = """# Demo input (SYNTHETIC DATA)

**Everything in this folder is SYNTHETIC.** It was generated by `scripts/make_demo_data.py`
(seeded, deterministic, no network). The people, names, e-mail addresses, phone numbers,
CPR-like numbers, survey answers, minutes and letters are invented. The municipalities and
organisations (DSB, Movia, Novafos, HOFOR, ...) are real names, but **none of the statements
attributed to them were ever made by them**. Do not cite this material as evidence of anything.

It models the process behind Region Hovedstaden's regional development strategy (RUS 2024)
and exists to exercise the `rus_analysis` pipeline end to end, including its cleaning steps.
The folder layout follows `docs/input-formats.md`.

Regenerate (byte-identical output):

    python scripts/make_demo_data.py          # needs python-docx, openpyxl, fpdf2

## Rounds and files

### `2022-23/` – Strategidialog om RUS 2024 (June 2022 – March 2023)
| file | type | what it is |
|---|---|---|
| `manifest.yaml` | – | declares the round and every file below |
| `spoergeskema_strategidialog_2022.xlsx` | survey | survey export, sheet `Besvarelser`, one row per respondent, 4 free-text questions |
| `dialogmoede_udvalgsformaend_trafik_2023-01-12.docx` | meeting | minutes, dialogue meeting with committee chairs (TRU host) |
| `dialogmoede_udvalgsformaend_miljoe_2023-01-19.docx` | meeting | minutes, dialogue meeting with committee chairs (MKU host); 11 municipalities across the two |
| `adm_dialogmoede_erhverv_klima_infrastruktur_2022-09-29.md` | meeting | minutes, administrative dialogue meeting (KKR officials' committee) |
| `adm_dialogmoede_vaekst_uddannelse_2022-10-13.md` | meeting | minutes, administrative dialogue meeting (KKR officials' committee) |
| `workshop_postits_2022-11-24.csv` | workshop | transcribed post-its (`bord,overskrift,tekst,kommune`, UTF-8) |
| `hoeringssvar_*.txt/.docx/.pdf` | written | consultation letters, one organisation per file |

### `2025/` – Årligt dialogmøde 2025
| file | type | what it is |
|---|---|---|
| `manifest.yaml` | – | declares the round and every file below |
| `spoergeskema_aarligt_dialogmoede_2025.csv` | survey | survey export as Danish Excel writes it: `;`, cp1252, `dd-mm-yyyy`, CRLF |
| `aarligt_dialogmoede_2025-02-27_referat.docx` | meeting | minutes of the annual dialogue meeting (12 mayors + DSB, Movia, Novafos, Bygherreforeningen, MTHøjgaard) |
| `aarligt_dialogmoede_2025-02-27_postits.csv` | workshop | post-its from the same meeting |
| `hoeringssvar_*.txt/.docx/.pdf` | written | consultation letters |

### `truth/` – answer key, used by tests only
* `statements.csv` – one row per intended statement after cleaning:
  `round,file,locator,snippet,theme,secondary_theme,municipality_code,organisation,stakeholder_type,planted,position`.
  Locators: surveys `row=<1-based data row>;col=<q1..q4>`; meeting minutes `para=<n>` where n counts
  the bullets/paragraphs under the table-group headings (the `Deltagere` list and headings are not
  counted); workshop CSVs `para=<1-based data row>`; letters `para=<n>` counting body paragraphs and
  body bullets (greeting and signature block excluded). `snippet` is the start of the statement
  (at most 80 characters, cut at a word boundary; shorter statements are given in full), taken
  after any `Speaker:` prefix, with mojibake repaired. Duplicates are listed as separate rows and
  marked in `planted`. `position` is the statement's intended position (stance), see the guideline
  below.
* `planted.csv` – every planted problem: `kind,round,file,locator,value,group`. Extra locators:
  `row=<n>;col=kommune` (survey municipality cell), `para=<n>;col=kommune` (workshop municipality
  cell), `participants` (participant list of minutes), `signature` (letter signature/contact block),
  empty locator = the whole file (duplicate letter, greeting-only letter).
* `coverage.yaml` – invited and contributing municipalities per round, invited-but-silent and
  never-invited municipalities.

#### Position guideline (`position` in `statements.csv`)

Annotated by hand before any position classifier existed; do not tune the answer key to a classifier.
Every bank sentence and post-it phrase, letter opener and closer and fixed text in
`scripts/make_demo_data.py` carries the position an annotator gives it on its own (`labelled(...)`,
`piece(...)`); the position of a composed statement is derived from its pieces by the statement
rule below (`resolve_position`). One label per statement:

| class | meaning | Danish cues and examples |
|---|---|---|
| `forslag` | proposes or demands something | "bør", "skal", "burde", "foreslår", "ønsker", "vi vil gerne (have)", "vi ser gerne", "har brug for", "der er brug for", imperatives ("Beskyt grundvandet", "Lad græsset gro"), "det kræver …" that calls for an action ("Invasive arter som kæmpebjørneklo kræver en fælles indsats.") |
| `bekymring` | states a problem or worry | "vi er bekymrede", "udfordringen er", "der mangler"/"vi mangler", "presset", "risiko", "for høje", a bad state described ("Trafikken på Ring 3 og Ring 4 står stille i myldretiden.") |
| `støtte` | agrees with, welcomes or values something | "vi bakker op", "godt initiativ", "vi støtter", "glæder os", "har fungeret godt", "er en god model", "vi deltager gerne", something existing or decided called important ("Natbusserne er afgørende for unge, der skal hjem fra byen.") |
| `modstand` | opposes something | "vi er imod", "vi kan ikke støtte", "bør ikke", "fejl at", "Stop <projekt>" ("Stop Lynetteholm"), "…, men ikke …" ("Telemedicin kan aflaste, men ikke erstatte den personlige kontakt.") |
| `spørgsmål` | asks a question, with or without "?" | "Ring 5?" (post-it) |
| `neutral` | information or description without a stance | "Kronprinsesse Marys Bro over Roskilde Fjord har allerede ændret pendlingsmønstrene."; letter openers ("Vi har særligt fokus på …") |

Rules inside one sentence or post-it:

1. *men*: the clause after "men" carries the point. "Træbyggeri bør fremmes, men brandkravene og
   forsikringsreglerne gør det svært." → `bekymring`; "Klimakravene i bygningsreglementet er et godt
   første skridt, men grænseværdien skal sænkes hurtigere." → `forslag`; "Regionen gør et vigtigt
   stykke arbejde med de forurenede grunde, men tempoet er for lavt." → `bekymring`.
2. A worry joined to an explicit ask ("og", "så", relative clause) is `forslag`: the worry only
   motivates it. "Biodiversiteten er under pres, og den bør have sin egen plads i strategien.",
   "Ensomhed blandt unge er en udfordring, som bør tænkes ind i den regionale strategi."
3. "mangler" is `bekymring` even when a wish is implied ("Vi mangler praktiserende læger i flere af
   vores byer."); "har brug for" / "der er brug for" is `forslag`.
4. "det kræver" is `forslag` only when it calls for an action; as a reservation it is `bekymring`
   ("Det kræver dog, at finansieringen er på plads.").
5. Soft and implicit proposals are `forslag`: "kan være en løsning", "kan gå forrest", "Regionen kan
   facilitere …", "er en oplagt mulighed for …", "er regionens største erhvervspotentiale", benefits
   of a measure not yet in place ("Mere grønt i byerne kan både opsuge regnvand og sænke
   temperaturen.", "Vådområder binder CO2 og giver plads til fugle og padder."), widening the scope
   ("Klimatilpasning handler også om hedebølger og tørke, ikke kun om vand.").
6. Valuing something that exists or is decided is `støtte` ("Buskørsel efter behov har fungeret godt
   i vores landsbyer.", "Forlængelsen af Hillerødmotorvejen er vigtig for hele Nordsjælland.");
   arguing for something new is `forslag` ("En fast forbindelse mellem Helsingør og Helsingborg vil
   binde Greater Copenhagen bedre sammen."); value plus "skal" is `forslag` ("Life science-klyngen …
   er en styrke, vi skal bygge videre på.").
7. Demands to keep, protect, ban or phase out are `forslag` ("Bevar lokalbanen", "Stop sprøjtegift",
   "Stop gasfyr", "Der bør være forbud mod sprøjtning …"). `modstand` rejects a specific project,
   plan or kind of development ("Stop Lynetteholm", "Stop luksusbyggeri") or a use of something
   ("Biogas kan spille en rolle, men ikke hvis det går ud over fødevareproduktionen.").
8. Post-its: a bare noun phrase naming a measure or goal is a wish, `forslag` ("Elbusser", "Fossilfri
   2035", "Rent vand fra hanen"); one naming a problem is `bekymring` ("PFAS i jorden", "Unge
   mistrives", "Mangel på SOSU'er", "Stormflod!", "PFAS?!"); a cheer for something existing is
   `støtte` ("Greater Copenhagen!"). A dropped final "!"/"?" keeps the position, except "Ring 5."
   (from "Ring 5?"), which no longer asks anything and reads as a bare project name: `forslag`.
9. A bad state described without a worry word is still `bekymring` ("Pendlere fra … bruger over en
   time hver vej, …"); `neutral` is only for information without evaluation.

Rule for a statement of several sentences (survey answers, meeting bullets, letter paragraphs):
contact details and signatures ("Ring gerne på …", "Mvh. …", "Venlig hilsen …") carry no position
and are ignored; otherwise the statement takes the first class present in the order
`forslag` > `modstand` > `spørgsmål` > `bekymring` > `støtte` > `neutral`. An explicit proposal carries the
point, and the worries, support and descriptions around it motivate or frame it, whichever comes
first ("Movias besparelser rammer yderområderne hårdest. Lokalbanerne i Nordsjælland skal moderniseres
og have højere frekvens." → `forslag`). Without a proposal, opposition, then a question, then a
worry decides ("Natbusserne er afgørende for unge, der skal hjem fra byen. Billetpriserne er for høje
til, at unge vælger toget frem for knallerten." → `bekymring`). Letter openers are neutral framing and
decide only when nothing else has a position.
"""


def resolve_invited(round_codes, sources):
    s = set(round_codes)
    for src in sources:
        s |= set(src.get("invited_municipalities") or [])
    return sorted(s)


def write_truth(coverage):
    tdir = OUT / "truth"
    tdir.mkdir(parents=True, exist_ok=True)
    with open(tdir / "statements.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        cols = ["round", "file", "locator", "snippet", "theme", "secondary_theme", "municipality_code",
                "organisation", "stakeholder_type", "planted", "position"]
        w.writerow(cols)
        for st in STATEMENTS:
            st["position"] = position_of(st["text"])
            w.writerow([st[c] if c != "planted" else ";".join(dict.fromkeys(st["planted"])) for c in cols])
    with open(tdir / "planted.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        cols = ["kind", "round", "file", "locator", "value", "group"]
        w.writerow(cols)
        for p in PLANTED:
            w.writerow([p[c] for c in cols])
    lines = ["# SYNTHETIC demo data: who was invited and who contributed (municipality codes)",
             f"invited_silent: {ylist(coverage['invited_silent'])}",
             f"never_invited: {ylist(coverage['never_invited'])}", "rounds:"]
    for rnd, d in coverage["rounds"].items():
        lines += [f"  {yq(rnd)}:", f"    invited: {ylist(d['invited'])}", f"    contributed: {ylist(d['contributed'])}"]
    (tdir / "coverage.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    global OUT
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(REPO / "data" / "raw" / "demo"))
    args = ap.parse_args()
    OUT = Path(args.out)
    for sub in ("2022-23", "2025", "truth"):
        if (OUT / sub).exists():
            shutil.rmtree(OUT / sub)
        (OUT / sub).mkdir(parents=True)

    # ---------------- round 2022-23 ----------------
    rnd = "2022-23"
    s22 = survey_2022()
    meet22 = meetings_2022()
    w22 = workshop_2022()
    letters = make_letters()
    for key, (r, fname, fmt) in LETTER_FILES.items():
        if key == "di_dup":
            continue
        emit_letter(r, fname, letters[key], fmt,
                    planted_extra=["exact_duplicate"] if key == "di" else (),
                    group="dup-L1" if key == "di" else "")
    r, fname, fmt = LETTER_FILES["di_dup"]
    emit_letter(r, fname, letters["di"], fmt, planted_extra=["exact_duplicate"], group="dup-L1")

    inv22 = [c for c in MUNI if c not in NEVER_INVITED]
    orgs22 = ["DSB", "Movia", "Novafos", "HOFOR", "Bygherreforeningen", "MTHøjgaard", "Dansk Industri", "DTU",
              "Københavns Universitet", "Danmarks Naturfredningsforening", "Banedanmark", "Vejdirektoratet",
              "Miljøstyrelsen"]
    src22 = [dict(file=s22, type="survey", name="Spørgeskema til kommuner og partnere", date="2022-11-15",
                  questions=Q2022, sheet="Besvarelser")]
    for fname, typ, name, date, munis in meet22:
        src22.append(dict(file=fname, type=typ, name=name, date=date, invited_municipalities=munis))
    src22.append(dict(file=w22, type="workshop", name="Strategiworkshop for samarbejdspartnere", date="2022-11-24",
                      invited_organisations=["DSB", "Movia", "Novafos", "HOFOR", "Bygherreforeningen"]))
    src22 += letter_sources(rnd, letters, "2023-03-31")
    write_manifest(rnd, "Strategidialog om RUS 2024", ("2022-06-20", "2023-03-31"), inv22, orgs22, src22)

    # ---------------- round 2025 ----------------
    rnd = "2025"
    s25 = survey_2025()
    m25, mayors, partners = meeting_2025()
    w25 = workshop_2025()
    inv25 = [c for c in MUNI if c not in NEVER_INVITED + ["0155"]]
    src25 = [dict(file=s25, type="survey", name="Spørgeskema forud for det årlige dialogmøde", date="2025-01-31",
                  questions=Q2025),
             dict(file=m25, type="meeting", name="Årligt dialogmøde 2025 – referat", date="2025-02-27",
                  invited_municipalities=mayors, invited_organisations=partners),
             dict(file=w25, type="workshop", name="Årligt dialogmøde 2025 – post-its", date="2025-02-27",
                  invited_organisations=partners)]
    src25 += letter_sources(rnd, letters, "2025-03-31")
    write_manifest(rnd, "Årligt dialogmøde om den regionale udviklingsstrategi 2025", ("2025-01-06", "2025-03-31"),
                   inv25, ["DSB", "Movia", "Novafos", "HOFOR", "Bygherreforeningen", "MTHøjgaard",
                           "Københavns Universitet"], src25)

    coverage = {"invited_silent": INVITED_SILENT, "never_invited": NEVER_INVITED, "rounds": {}}
    for rnd, inv, srcs in (("2022-23", inv22, src22), ("2025", inv25, src25)):
        contributed = sorted({st["municipality_code"] for st in STATEMENTS
                              if st["round"] == rnd and st["municipality_code"]})
        coverage["rounds"][rnd] = dict(invited=resolve_invited(inv, srcs), contributed=contributed)
    write_truth(coverage)
    (OUT / "README.md").write_text(README, encoding="utf-8")
    n = len(STATEMENTS)
    print(f"wrote {OUT}: {n} statements, {len(PLANTED)} planted items")


OUT = REPO / "data" / "raw" / "demo"

if __name__ == "__main__":
    main()
