"""Problems found in the input: one closed vocabulary, in English and Danish, for every stage.

Ingest reports files it cannot read, clean reports what resolution and cleaning found, and
the report shows both in Danish; so the codes and their texts live here, not in one stage.

Why a table of problems rather than exceptions: a round folder is prepared by people, by
hand, under deadline. One broken file must not hide the forty good ones, and the person
who fixes it needs to know which file, where in it, and what to do - in one line they can
read without a Python stack trace. Strict mode (scheduled runs that must not publish a
partial evidence base) turns the first error into an ``IngestError`` with the same line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pandas as pd

from rus_analysis import pii

log = logging.getLogger("rus_analysis.ingest")

PROBLEM_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "locator", "severity", "code", "message", "action", "value",
)
# error: a file (or part of it) could not be read; warning: read, but check it;
# info: what a reader or cleaning decided (a column read as choices, furniture left out)
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# code -> default action; every code the ingest stage emits is listed here so that the
# accounting notebook (and the tests) can rely on a closed vocabulary.
PROBLEM_CODES: dict[str, str] = {
    "manifest_missing": "add a manifest.yaml to the round folder (see docs/input-formats.md)",
    "manifest_invalid": "correct manifest.yaml as described (see docs/input-formats.md)",
    "missing_file": "add the file to the round folder or remove it from manifest.yaml",
    "undeclared_file": "declare the file in manifest.yaml (sources:) or move it out of the "
                       "round folder",
    "unknown_format": "convert the file to one of the supported formats for its type",
    "corrupt_file": "open the file in its program and save it again, or ask the sender "
                    "for a new copy",
    "encrypted_file": "remove the password (save an unprotected copy) and replace the file",
    "missing_column": "rename the column in the file or map it under 'columns:' in "
                      "manifest.yaml",
    "undecodable": "save the file again as UTF-8 (Excel: 'CSV UTF-8')",
    "mixed_encoding": "check the listed lines; save the file again as UTF-8",
    "unclosed_quote": "check the row in the file: close the quote (\") or remove it, and "
                      "check that the answers of the following rows are whole",
    "nul_bytes": "check the file; NUL bytes were removed",
    "empty_file": "replace the file with a non-empty export, or remove it from the manifest",
    "no_records": "check that the export holds the answers (not just the header)",
    "too_large": "split the file, or raise ingest.max_file_mb in the config if it is "
                 "genuine",
    "zip_bomb": "do not open the file; ask the sender for a normal export",
    "no_text": "run OCR on the PDF (e.g. ocrmypdf) and declare the OCR'd copy instead",
    "sheet_missing": "correct 'sheet:' in manifest.yaml to one of the sheets listed",
    "unknown_municipality": "write the municipality as a name or 4-digit code of one of "
                            "Region Hovedstaden's 29 municipalities",
    "formula_without_value": "open the workbook in Excel and save it again, so formulas "
                             "get their results stored",
    "long_text": "check the cell; it is longer than a spreadsheet cell can normally hold",
    "duplicate_round": "give each round folder's manifest a unique 'round:' id",
    "duplicate_locator": "check both places in the file; report the message to the "
                         "maintainers (a reader gave two parts the same place)",
    "read_failed": "open the file to check it; report the message to the maintainers if "
                   "the file looks fine",
    # what a reader decided not to read as statements
    "sheet_not_read": "declare the sheet as its own source (file + sheet:) if it holds answers",
    "undeclared_column": "nothing, if the column holds answers; list it under "
                         "columns.questions to give it a short id, or under columns.exclude "
                         "to leave it out",
    "choice_column": "nothing, if the column holds fixed choices; list it under "
                     "columns.questions to read it as free-text answers",
    "contact_column": "nothing: contact details are never read; if the column holds "
                      "answers, list it under columns.questions",
    "quote_consent": "nothing is needed. To quote a respondent who gives consent later: "
                     "keep the original export and the consent as evidence, and read a "
                     "copy of the export with the corrected answer instead (a new round "
                     "folder); there is deliberately no override for consent",
    "consent_not_read": "if the column asks whether the answers may be quoted, read a copy "
                        "of the export whose header says so plainly (e.g. 'Må vi citere dit "
                        "svar?') and whose answers are short ticks (Ja / Nej); then only a "
                        "yes is quoted. If it is an ordinary question, nothing is needed",
    "column_excluded": "remove it from columns.exclude to read it",
    "title_rows": "nothing; set header_row: in manifest.yaml if the header row is wrong",
    "two_header_rows": "nothing; set header_row: in manifest.yaml (the question row) if the "
                       "two rows are not one header",
    "total_row": "nothing, if the row sums up the answers; if it is a respondent, give it "
                 "a respondent id in a copy of the export",
    "open_answers": "nothing; the short answers are attributes and the sentences statements "
                    "of the same question",
    "pdf_columns": "check the statements of that page read as whole paragraphs; if a "
                   "column was cut wrongly, save the letter as .docx or .txt and declare that",
    "aggregated_results": "nothing; the counts per option are results of a vote, shown in "
                          "the problem line; an option's label is no statement",
    "question_guess": "check the rows named in the export: if the reading is wrong, add the "
                      "slide type row ('Open Ended') under each question in a copy of the "
                      "export and declare that copy",
    "column_not_read": "open the column named in the export: if it holds participants' "
                       "input, name its header Content (or Description) in a copy of the "
                       "export and declare that copy",
    "cells_not_read": "nothing, if the cells named are the tool's columns (a name, a "
                      "time, votes, a status); if one holds an answer, write it as a "
                      "sentence in a copy of the export and declare that copy",
    "attachment_not_read": "open the posts named; if an attachment holds input, write it "
                           "as a post of its own in a copy of the export and declare that",
    "mail_attachment_read": "nothing; check that the attachment's statements are the "
                            "response (a covering note's attachment is read as the mail's)",
    "mail_attachment_not_read": "save the attachment from the mail and declare it in "
                                "manifest.yaml as a file of its own, in a format a reader "
                                "reads (PDF, .docx, .txt)",
    "furniture": "nothing, if these are headings, dates, addresses and signatures; if one "
                 "holds input, write it as a bullet or paragraph under a heading",
    "eventuelt_not_read": "read the paragraphs named: if one is a participant's point, "
                          "start it with its speaker ('Furesø Kommune: ...') or move it "
                          "under the discussion of an agenda item",
    "participants_not_found": "add a 'Deltagere:' paragraph or list to the notes, or list "
                              "the participants under participants: in manifest.yaml",
    "date_not_understood": "write the date as YYYY-MM-DD or dd-mm-yyyy in the source file",
    "long_statements": "check the file's paragraphs: the letter may have been read as a "
                       "few long blocks (e.g. a PDF without paragraph spacing)",
    "bundle_split": "check that each response's statements carry its sender; if a part "
                    "was cut wrongly, save the responses as files of their own and "
                    "declare each with its organisation",
    "bundle_sender_person": "if this response is an organisation's, add the name to the "
                            "manifest's invited_organisations (or declare the response as "
                            "a file of its own with organisation:) and rerun",
    # what cleaning and resolution found
    "outside_region": "nothing, if the respondent lives outside the region; its statements "
                      "are kept but count for no municipality",
    "ambiguous_municipality": "write the municipality in full in the source file, or ask "
                              "the respondent",
    "blank_municipality": "nothing, if the respondent gave none; its statements count for "
                          "no municipality",
    "municipality_alias": "nothing; check that the reading is right",
    "unknown_organisation": "add a stakeholders.rules pattern for the organisation to the "
                            "config, or a regional actor",
    "html_removed": "nothing; the words are kept, the markup removed",
    "formula_neutralised": "nothing; check the answer in the source file",
    "pii_redacted": "nothing; personal data never leaves the raw folder",
    "campaign": "nothing; the campaign counts as one voice, with its copies",
    # what the theme stage decided about the id registry (themes.assign)
    "theme_retired": "nothing, if the theme is no longer needed; to keep it, add "
                     "{action: accept, theme: <id>} to the overrides file and run again: "
                     "it comes back with its statements",
    "small_theme_kept": "nothing; the analyst's decision keeps it; merge it into a larger "
                        "theme (action: merge) if it no longer needs a card of its own",
    "theme_without_home": "nothing, if the round does not speak to this theme; if it "
                          "should, reword the theme's description and keywords in the "
                          "config in the stakeholders' words, or move a few of the "
                          "round's statements to it (a move override; they become its "
                          "examples) and run again",
}


# code -> (what happened, what to do), in Danish for the report (report.summaries).
# Kept next to PROBLEM_CODES so that a new code gets both texts in one place. The English
# message and action (with every technical detail) stay in problems.parquet, the Excel
# file and the log, where the analyst who fixes the file looks; the report says it in
# the committee's language. A missing code falls back to English (tested to be complete).
PROBLEM_DA: dict[str, tuple[str, str]] = {
    "manifest_missing": ("runden mangler en manifest.yaml",
                         "tilføj manifest.yaml til rundens mappe"),
    "manifest_invalid": ("manifest.yaml kan ikke bruges som den er",
                         "ret manifest.yaml som beskrevet i docs/input-formats.md"),
    "missing_file": ("filen står i manifestet, men findes ikke i mappen",
                     "læg filen i mappen eller fjern den fra manifestet"),
    "undeclared_file": ("filen ligger i mappen, men står ikke i manifestet",
                        "tilføj filen under sources: i manifestet eller flyt den"),
    "unknown_format": ("filformatet kan ikke læses for denne kildetype",
                       "gem filen i et format, der kan læses: tekstdokumenter (.odt, .rtf, "
                       ".doc) som .docx eller PDF, regneark (.ods, .xls) som .xlsx, "
                       "Outlook-beskeder (.msg) som .txt, .eml eller PDF; skriv den nye fil "
                       "i manifestet"),
    "corrupt_file": ("filen er beskadiget og kunne ikke læses",
                     "gem filen igen i sit program eller bed afsender om en ny kopi"),
    "encrypted_file": ("filen er beskyttet med adgangskode",
                       "gem en kopi uden adgangskode og udskift filen"),
    "missing_column": ("en nødvendig kolonne mangler",
                       "omdøb kolonnen eller angiv den under columns: i manifestet"),
    "undecodable": ("filens tegnsæt kunne ikke afkodes",
                    "gem filen igen som UTF-8 (Excel: 'CSV UTF-8')"),
    "mixed_encoding": ("filen blander tegnsættene UTF-8 og Windows-1252; alle linjer er "
                       "læst, men æ, ø og å bør kontrolleres",
                       "tjek de nævnte linjer og gem filen igen som UTF-8"),
    "nul_bytes": ("filen indeholdt NUL-tegn, som er fjernet", "tjek filen"),
    "unclosed_quote": ("et anførselstegn i rækken lukkes ikke, så de følgende linjer blev "
                       "læst som ét svar; linjer, der ligner rækker, er læst som rækker",
                       "luk eller fjern anførselstegnet i filen, og tjek at svarene i de "
                       "følgende rækker er hele"),
    "empty_file": ("filen er tom", "udskift den med en udfyldt eksport eller fjern den "
                   "fra manifestet"),
    "no_records": ("filen indeholder ingen besvarelser",
                   "tjek at eksporten indeholder svarene og ikke kun overskrifter"),
    "too_large": ("filen er større end den tilladte grænse",
                  "del filen op, eller hæv ingest.max_file_mb i konfigurationen"),
    "zip_bomb": ("filen udpakkes til en mistænkeligt stor mængde data og er ikke åbnet",
                 "bed afsender om en almindelig eksport"),
    "no_text": ("PDF-filen indeholder ingen tekst (scannet billede)",
                "kør tekstgenkendelse (OCR) og brug den genkendte kopi"),
    "sheet_missing": ("det angivne ark findes ikke i regnearket",
                      "ret sheet: i manifestet til et af regnearkets ark"),
    "unknown_municipality": ("kommunen er ikke en af Region Hovedstadens 29",
                             "skriv kommunens navn eller 4-cifrede kode"),
    "formula_without_value": ("regnearket har formler uden gemte resultater",
                              "åbn projektmappen i Excel og gem den igen"),
    "long_text": ("cellen er usædvanligt lang", "tjek cellen"),
    "duplicate_round": ("to runder har samme id", "giv hver rundes manifest et unikt "
                        "round:"),
    "duplicate_locator": ("to dele af filen er læst med samme placering; begge er "
                          "beholdt, den anden med ';copy=2' i placeringen",
                          "tjek begge steder i filen; meld fejlen til vedligeholderne"),
    "read_failed": ("filen kunne ikke læses", "åbn filen for at tjekke den; meld fejlen "
                    "til vedligeholderne, hvis filen ser rigtig ud"),
    "sheet_not_read": ("arket er ikke læst, fordi det ikke er en svartabel eller ikke står i "
                       "manifestet", "angiv arket som sin egen kilde (file + sheet:), hvis "
                       "det indeholder svar"),
    "undeclared_column": ("kolonnen står ikke i manifestet, men indeholder fritekst og er "
                          "læst som et spørgsmål", "intet, hvis kolonnen indeholder svar; "
                          "angiv den under columns.questions eller columns.exclude"),
    "choice_column": ("kolonnen indeholder faste svarmuligheder og er gemt som oplysning om "
                      "respondenten, ikke som udsagn", "intet; angiv den under "
                      "columns.questions, hvis den er fritekst"),
    "quote_consent": ("spørgeskemaet spørger, om svaret må citeres; svar fra respondenter, "
                      "der ikke har sagt ja uden forbehold (et ja med en betingelse tæller "
                      "som nej), tælles og analyseres, men citeres aldrig",
                      "intet; et senere samtykke kræver en rettet kopi af eksporten"),
    "consent_not_read": ("kolonnens overskrift taler om citater, men kolonnen er ikke læst "
                         "som spørgsmålet om samtykke til citat; alle filens svar kan derfor "
                         "blive citeret",
                         "spørger kolonnen, om svaret må citeres, så læs en kopi af "
                         "eksporten, hvor overskriften siger det tydeligt (fx »Må vi citere "
                         "dit svar?«) og svarene er korte (Ja / Nej); ellers intet"),
    "contact_column": ("kolonnen indeholder kontaktoplysninger og er ikke læst",
                       "intet; kontaktoplysninger læses aldrig"),
    "column_excluded": ("kolonnen er udeladt efter manifestet (columns.exclude)",
                        "fjern den fra columns.exclude for at læse den"),
    "pdf_columns": ("siden er sat i to spalter og er læst spalte for spalte",
                    "se efter, at sidens udsagn er hele afsnit; er en spalte skåret forkert, "
                    "så gem brevet som .docx eller .txt og angiv det i stedet"),
    "title_rows": ("overskriftsrækken står under en titel; titelrækkerne er ikke læst",
                   "intet; angiv header_row: i manifestet, hvis overskriftsrækken er forkert"),
    "two_header_rows": ("overskriften står i to rækker: et spørgsmål over flere kolonner og "
                        "dets delspørgsmål under; hver kolonne er læst som 'spørgsmål - "
                        "delspørgsmål'", "intet; angiv header_row: i manifestet, hvis de "
                        "to rækker ikke er én overskrift"),
    "total_row": ("rækken er en sum (fx 'I alt' og antal svar), ikke en respondent, og er "
                  "ikke læst", "intet, hvis rækken summerer svarene"),
    "open_answers": ("kolonnen har faste svarmuligheder, men nogle respondenter har skrevet "
                     "en sætning; sætningerne er læst som udsagn, de korte svar gemt som "
                     "oplysning om respondenten", "intet"),
    "aggregated_results": ("optællingen pr. svarmulighed er et afstemningsresultat, ikke "
                           "udsagn, og er ikke læst som udsagn", "intet"),
    "question_guess": ("en række efter en tom række har ingen række med slidetype under "
                       "sig; om den er et nyt spørgsmål eller flere svar, er afgjort ud fra "
                       "ordlyden", "tjek rækkerne; er læsningen forkert, så tilføj rækken "
                       "med slidetype ('Open Ended') under hvert spørgsmål i en kopi af "
                       "eksporten og angiv kopien i manifestet"),
    "column_not_read": ("kolonnen indeholder sætninger, men er ikke en af de kolonner, "
                        "opslag læses fra, og er ikke læst", "åbn kolonnen; indeholder den "
                        "input, så kald den Content (eller Description) i en kopi af "
                        "eksporten og angiv kopien i manifestet"),
    "cells_not_read": ("cellerne ved siden af svarene er værktøjets egne kolonner (et "
                       "navn, et tidspunkt, stemmer, en status) og er ikke læst som svar; "
                       "navne er fjernet overalt", "intet, hvis cellerne er værktøjets "
                       "kolonner; står der et svar i en af dem, så skriv det som en "
                       "sætning i en kopi af eksporten og angiv kopien i manifestet"),
    "attachment_not_read": ("opslaget indeholder kun en vedhæftet fil, et billede eller et "
                            "link og er ikke læst", "åbn opslaget; indeholder filen input, så "
                            "skriv det som et opslag i en kopi af eksporten"),
    "mail_attachment_read": ("e-mailens vedhæftede fil er læst som en del af svaret, "
                             "med e-mailens afsender", "intet; tjek at filens udsagn er "
                             "svaret"),
    "mail_attachment_not_read": ("e-mailens vedhæftede fil (et billede, en zip-fil, "
                                 "winmail.dat e.l.) kunne ikke læses",
                                 "gem filen fra e-mailen, i et format der kan læses (PDF, "
                                 ".docx, .txt), og angiv den i manifestet som en fil for sig"),
    "furniture": ("overskrifter, datolinjer, adresser, indledninger, underskrifter o.l. er "
                  "ikke læst som udsagn", "intet, hvis det er dokumentets rammer; skriv "
                  "input som punkt eller afsnit under en overskrift"),
    "eventuelt_not_read": ("afsnit under 'Eventuelt' er ikke læst som udsagn; de "
                           "indeholder sætninger, men nævner ikke, hvem der sagde dem",
                           "læs de nævnte afsnit: er et af dem en deltagers pointe, så "
                           "begynd det med afsenderen ('Furesø Kommune: ...') eller flyt "
                           "det til drøftelsen under et dagsordenspunkt"),
    "participants_not_found": ("referatet har ingen deltagerliste, der kunne læses",
                               "tilføj et afsnit 'Deltagere:' eller angiv participants: i "
                               "manifestet"),
    "date_not_understood": ("datoen kunne ikke læses; kildens dato er brugt",
                            "skriv datoen som ÅÅÅÅ-MM-DD eller dd-mm-åååå i kildefilen"),
    "long_statements": ("brevets udsagn er usædvanligt lange for brevets længde; afsnittene "
                        "er måske ikke fundet", "tjek brevets afsnit (fx en PDF uden "
                        "afstand mellem afsnit)"),
    "bundle_split": ("PDF'en samler flere høringssvar; hvert svar er læst for sig med den "
                     "afsender, dets overskrift eller oplysninger nævner",
                     "tjek at hvert svars udsagn har den rigtige afsender; er et svar "
                     "skåret forkert, så gem svarene som hver sin fil og angiv dem hver "
                     "med deres organisation"),
    "bundle_sender_person": ("et svar i PDF'en har en afsender, der ligner en persons navn "
                             "og ikke er en kendt organisation; det er læst som "
                             "privatperson, og navnet er fjernet",
                             "er svaret fra en organisation, så tilføj navnet til "
                             "manifestets invited_organisations (eller gem svaret som egen "
                             "fil med organisation:) og kør igen"),
    "outside_region": ("kommunen ligger uden for Region Hovedstaden; udsagnene tæller ikke "
                       "for en af de 29 kommuner", "intet, hvis respondenten bor uden for "
                       "regionen"),
    "ambiguous_municipality": ("kommunen kan ikke afgøres entydigt; udsagnene tæller ikke for "
                               "en kommune", "skriv kommunens fulde navn i kildefilen"),
    "blank_municipality": ("kommunefeltet er tomt; udsagnene tæller ikke for en kommune",
                           "intet, hvis respondenten ikke har angivet en kommune"),
    "municipality_alias": ("kommunen er skrevet med en forkortelse eller stavemåde og læst "
                           "som den nævnte kommune", "intet; tjek at læsningen er rigtig"),
    "unknown_organisation": ("organisationen passer ikke til nogen interessentgruppe og tæller "
                             "som 'ukendt'", "tilføj et mønster under stakeholders.rules i "
                             "konfigurationen"),
    "html_removed": ("svaret indeholdt HTML-koder; koderne er fjernet, ordene bevaret",
                     "intet"),
    "formula_neutralised": ("svaret begyndte med et tegn, som regneark læser som en formel; "
                            "tegnet er fjernet, og teksten skrives som tekst",
                            "intet; tjek svaret i kildefilen"),
    "pii_redacted": ("personoplysninger (e-mail, telefon, CPR, navne) er erstattet af "
                     "pladsholdere", "intet; personoplysninger forlader aldrig rådata"),
    "campaign": ("en kampagne: samme tekst fra flere afsendere tæller som én stemme med "
                 "sine kopier", "intet"),
    "theme_retired": ("et nyt tema fra en tidligere kørsel har nu for få udsagn til at være "
                      "et tema og er nedlagt; udsagnene har fået det tema, de ville få i dag",
                      "intet, hvis temaet ikke længere er nødvendigt; vil I beholde det, så "
                      "godkend det i gennemgangen (accept) og kør igen"),
    "small_theme_kept": ("temaet har for få udsagn til at være et tema, men beholdes, fordi "
                         "en analytiker har truffet en beslutning om det",
                         "intet; læg det evt. sammen med et større tema (merge)"),
    "theme_without_home": ("ingen gruppe af udsagn i runden passer til strategitemaets "
                           "beskrivelse; temaet rummer kun de udsagn, der hver for sig "
                           "er placeret i det",
                           "intet, hvis runden ikke handler om temaet; ellers omformulér "
                           "beskrivelse og nøgleord med interessenternes ord, eller flyt "
                           "nogle af rundens udsagn til temaet, og kør igen"),
}


def problem_da(code: str) -> str | None:
    """What happened, in Danish and capitalised ("Filen er beskadiget og kunne ikke
    læses"), for a problem code; None for a code without a Danish text."""
    if code not in PROBLEM_DA:
        return None
    what = PROBLEM_DA[code][0]
    return what[0].upper() + what[1:]


class IngestError(ValueError):
    """Bad input in strict mode; the message is the problem's one-line message."""


@dataclass
class ProblemLog:
    """Collects problems; raises on the first error when strict."""

    strict: bool = False
    rows: list[dict[str, str]] = field(default_factory=list)

    def add(self, round_id: str, source_file: str, code: str, message: str, *,
            severity: str = "error", locator: str = "", action: str | None = None,
            value: str = "") -> None:
        """Record one problem; ``message`` must already name the file (and the place).

        ``value`` is the short value the problem is about ("Roskilde", a column header),
        shown with the Danish text in the report; never personal data (it is redacted).
        """
        if code not in PROBLEM_CODES:  # a programming error, not bad input
            raise KeyError(f"unknown problem code {code!r}")
        if severity not in SEVERITIES:
            raise KeyError(f"unknown severity {severity!r}")
        # one line, always; a message may quote a cell of the input, so it is redacted
        # like the input itself before it reaches the problem table, the log or a report
        message = pii.redact(" ".join(str(message).split()))
        row = {"round": round_id, "source_file": source_file, "locator": locator,
               "severity": severity, "code": code, "message": message,
               "action": action or PROBLEM_CODES[code],
               "value": pii.redact_field(" ".join(str(value).split())[:200])}
        self.rows.append(row)
        level = {"error": log.error, "warning": log.warning}.get(severity, log.info)
        level("%s [%s]", message, code)
        if self.strict and severity == "error":
            raise IngestError(message)

    def has_error(self, round_id: str, source_file: str) -> bool:
        return any(r["round"] == round_id and r["source_file"] == source_file
                   and r["severity"] == "error" for r in self.rows)

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=list(PROBLEM_COLUMNS), dtype="string")
        return df.reset_index(drop=True)


def problems_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """A problem table from rows (missing columns as ""), in PROBLEM_COLUMNS order."""
    df = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS)).fillna("")
    return df.astype("string").reset_index(drop=True)


def combine_problems(*tables: pd.DataFrame | None) -> pd.DataFrame:
    """Problem tables of several stages as one (older tables may lack ``value``)."""
    parts = [t.reindex(columns=list(PROBLEM_COLUMNS)).fillna("") for t in tables
             if t is not None and len(t)]
    if not parts:
        return problems_frame([])
    return pd.concat(parts, ignore_index=True).astype("string")
