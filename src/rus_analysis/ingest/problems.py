"""Problems found while reading input, and the strict-mode exception.

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
        message = " ".join(str(message).split())  # one line, always
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


@dataclass
class FileContext:
    """What a reader needs to report a problem about the file it is reading."""

    round_id: str
    source_file: str
    problems: ProblemLog

    @property
    def where(self) -> str:
        """How messages name the file: the path in the round folder and the round."""
        return f"{self.source_file} (round {self.round_id})"

    def problem(self, code: str, detail: str, *, severity: str = "error",
                locator: str = "", action: str | None = None) -> None:
        self.problems.add(self.round_id, self.source_file, code, f"{self.where}: {detail}",
                          severity=severity, locator=locator, action=action)


class FileRejected(Exception):  # noqa: N818 - control flow, not an error type users see
    """Raised inside a reader after it has reported why the file cannot be read."""
