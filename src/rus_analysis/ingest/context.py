"""What a reader of one input file needs to report a problem about it.

``FileContext`` names the file the same way in every message and collects the private
persons' names the reader finds; ``FileRejected`` stops a reader after it has reported
why the file cannot be read (control flow inside ingest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rus_analysis import pii
from rus_analysis.problems import ProblemLog


@dataclass
class FileContext:
    """What a reader needs to report a problem about the file it is reading.

    ``private_names``: the run's private persons' names found so far (an e-mail's
    private sender, a meeting's listed participant). One set per run, shared by the
    files it reads, handed on as ``IngestResult.private_names``; never written anywhere.
    """

    round_id: str
    source_file: str
    problems: ProblemLog
    private_names: set[str] = field(default_factory=set, repr=False)
    # the organisations the round knows (``pii.organisation_keys`` of the manifest's
    # senders and invited organisations, the regional actors) and the stakeholder
    # patterns: a sender named like a person who is one of them is no private person
    organisations: frozenset[str] = field(default=frozenset(), repr=False)
    organisation_patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False)
    # the manifest declares the file's sender a private person ("Privatperson"): a sender
    # named like a person is one, whatever the first name (``is_private_sender_name``)
    private_source: bool = False

    def is_private_name(self, name: str) -> bool:
        """Is a sender's name a private person's (``pii.is_private_name``)?"""
        return pii.is_private_name(name, self.organisations, self.organisation_patterns)

    def is_private_sender_name(self, name: str) -> bool:
        """Is the name an e-mail or a letter gives its sender a private person's? In a
        file the manifest declares private, any name that looks like a person's is (a
        leaked name cannot be taken back); else the shared decision ``is_private_name``
        (a first name, no known organisation), so that "Hovedstadens Letbane" sending for
        Metroselskabet is not redacted from every letter of the run."""
        if self.private_source:
            return pii.looks_like_private_person(pii.strip_private_mark(name))
        return self.is_private_name(name)

    def is_unknown_person_like(self, name: str) -> bool:
        """Could a sender's name be a person's, and is it no organisation the round
        knows (``pii.is_unknown_person_like``)?"""
        return pii.is_unknown_person_like(name, self.organisations,
                                          self.organisation_patterns)

    def private_name(self, *names: str) -> None:
        """A private person's name: redacted wherever the run shows it, and looked for
        by the final guard (``pii.name_list`` decides what counts as a name)."""
        self.private_names.update(pii.name_list(names))

    def known_names(self) -> frozenset[str]:
        """The names found so far (most rounds have none: no copy then)."""
        return frozenset(self.private_names) if self.private_names else pii.NO_NAMES

    @property
    def where(self) -> str:
        """How messages name the file: the path in the round folder and the round."""
        return f"{self.source_file} (round {self.round_id})"

    def problem(self, code: str, detail: str, *, severity: str = "error",
                locator: str = "", action: str | None = None, value: str = "") -> None:
        # a message may quote the input: a name of the run found so far goes too
        names = self.known_names()
        self.problems.add(self.round_id, self.source_file, code,
                          f"{self.where}: {pii.redact_known_names(detail, names)}",
                          severity=severity, locator=locator, action=action,
                          value=pii.redact_known_names(value, names))


class FileRejected(Exception):  # noqa: N818 - control flow, not an error type users see
    """Raised inside a reader after it has reported why the file cannot be read."""
