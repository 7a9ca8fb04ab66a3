"""Building the records table column by column.

Why columns and not a list of dicts: a survey export can have a million answers; a dict
per record costs ~1 KB, fourteen lists of shared strings a fraction of that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from rus_analysis.danish import ascii_slug
from rus_analysis.schema import RECORD_COLUMNS

LONG_TEXT_CHARS = 32_767   # Excel's cell limit: longer text did not come from a person


def record_id(round_id: str, source_file: str, locator: str) -> str:
    """Stable id: the same round, file and place give the same id on every run."""
    key = f"{round_id}\x1f{source_file}\x1f{locator}".encode()
    return hashlib.sha1(key, usedforsecurity=False).hexdigest()[:16]


def slug(text: str, max_len: int = 48) -> str:
    """Short ASCII id of a heading ("Bord 3: Kollektiv trafik" -> "bord-3-kollektiv-trafik")."""
    return ascii_slug(text, "-", max_len=max_len)


@dataclass
class RecordSink:
    """Collects the records of one file; fixed columns are set once per file."""

    round_id: str
    source_file: str
    source_type: str
    source_name: str
    source_date: str
    cols: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in RECORD_COLUMNS})

    def add(self, locator: str, text: str, *, respondent_id: str = "", question_id: str = "",
            question: str = "", municipality_raw: str = "", organisation: str = "",
            organisation_type_raw: str = "", source_date: str | None = None,
            voice_key: str = "", context: str = "") -> None:
        c = self.cols
        c["record_id"].append(record_id(self.round_id, self.source_file, locator))
        c["round"].append(self.round_id)
        c["source_file"].append(self.source_file)
        c["source_type"].append(self.source_type)
        c["source_name"].append(self.source_name)
        c["source_date"].append(source_date or self.source_date)
        c["locator"].append(locator)
        c["respondent_id"].append(respondent_id)
        c["question_id"].append(question_id)
        c["question"].append(question)
        c["municipality_raw"].append(municipality_raw)
        c["organisation"].append(organisation)
        c["organisation_type_raw"].append(organisation_type_raw)
        c["text_raw"].append(text)
        c["voice_key"].append(voice_key)
        c["context"].append(context)

    def __len__(self) -> int:
        return len(self.cols["record_id"])

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.cols, columns=list(RECORD_COLUMNS), dtype="string")


def context_json(items: dict[str, str], keep: Collection[str] = ()) -> str:
    """A record's context as JSON text ("" when there is none); keys in the given order.

    Empty values are left out, except for the keys in ``keep`` (a consent question the
    respondent left empty: the empty answer is what withholds their quotes).
    """
    kept = {k: ("" if v is None else v) for k, v in items.items()
            if v not in (None, "") or k in keep}
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def empty_records() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in RECORD_COLUMNS})
