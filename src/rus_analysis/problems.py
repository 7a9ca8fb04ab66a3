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
    "round", "source_file", "locator", "severity", "code", "message", "action",
)

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
    "read_failed": "open the file to check it; report the message to the maintainers if "
                   "the file looks fine",
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
                       "konverter filen til et understøttet format"),
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
    "read_failed": ("filen kunne ikke læses", "åbn filen for at tjekke den; meld fejlen "
                    "til vedligeholderne, hvis filen ser rigtig ud"),
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
            severity: str = "error", locator: str = "", action: str | None = None) -> None:
        """Record one problem; ``message`` must already name the file (and the place)."""
        if code not in PROBLEM_CODES:  # a programming error, not bad input
            raise KeyError(f"unknown problem code {code!r}")
        # one line, always; a message may quote a cell of the input, so it is redacted
        # like the input itself before it reaches the problem table, the log or a report
        message = pii.redact(" ".join(str(message).split()))
        row = {"round": round_id, "source_file": source_file, "locator": locator,
               "severity": severity, "code": code, "message": message,
               "action": action or PROBLEM_CODES[code]}
        self.rows.append(row)
        (log.error if severity == "error" else log.warning)("%s [%s]", message, code)
        if self.strict and severity == "error":
            raise IngestError(message)

    def has_error(self, round_id: str, source_file: str) -> bool:
        return any(r["round"] == round_id and r["source_file"] == source_file
                   and r["severity"] == "error" for r in self.rows)

    def frame(self) -> pd.DataFrame:
        df = pd.DataFrame(self.rows, columns=list(PROBLEM_COLUMNS), dtype="string")
        return df.reset_index(drop=True)
