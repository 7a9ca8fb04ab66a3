"""What a reader of one input file needs to report a problem about it.

``FileContext`` names the file the same way in every message; ``FileRejected`` stops a
reader after it has reported why the file cannot be read (control flow inside ingest).
"""

from __future__ import annotations

from dataclasses import dataclass

from rus_analysis.problems import ProblemLog


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
                locator: str = "", action: str | None = None, value: str = "") -> None:
        self.problems.add(self.round_id, self.source_file, code, f"{self.where}: {detail}",
                          severity=severity, locator=locator, action=action, value=value)


class FileRejected(Exception):  # noqa: N818 - control flow, not an error type users see
    """Raised inside a reader after it has reported why the file cannot be read."""
