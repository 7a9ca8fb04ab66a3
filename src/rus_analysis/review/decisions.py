"""The analyst's decisions, one function each, each one signed and dated line in the file.

Why functions and not widgets: a test can take every decision without a browser, and a
notebook, a script or a future web page take them the same way. The entry's keys are
those ``themes.overrides`` reads (validated before anything is written); ``by`` and
``at`` say who decided and when, so the overrides file reads as a log in ``git log -p``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rus_analysis.themes.overrides import append_override

REVIEWER_ENV = "RUS_ANALYST"


def default_reviewer() -> str:
    """Who decides: ``$RUS_ANALYST`` when set, else the login name."""
    name = os.environ.get(REVIEWER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "ukendt"


def now_iso() -> str:
    """The local time with its UTC offset, to the second (``2026-03-01T14:05:09+01:00``)."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _record(path: Path | str, entry: dict[str, Any], by: str | None, at: str | None,
            note: str | None) -> dict[str, Any]:
    """Sign, date and append one decision; returns the entry as written."""
    entry = {k: v for k, v in entry.items() if v is not None}
    entry["by"] = by or default_reviewer()
    entry["at"] = at or now_iso()
    if note:
        entry["note"] = note
    return append_override(Path(path), entry)


def accept_theme(path: Path | str, theme_id: str, label: str, *, by: str | None = None,
                 at: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Accept a theme as it is: it keeps ``label`` (and its id) on every later run."""
    return _record(path, {"action": "accept", "theme": str(theme_id), "label": str(label)},
                   by, at, note)


def rename_theme(path: Path | str, theme_id: str, name: str, *, by: str | None = None,
                 at: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Give a theme the analyst's name (and label); its id stays."""
    return _record(path, {"action": "rename", "theme": str(theme_id), "name": str(name)},
                   by, at, note)


def merge_themes(path: Path | str, themes: Sequence[str], into: str | None = None,
                 name: str | None = None, *, by: str | None = None, at: str | None = None,
                 note: str | None = None) -> dict[str, Any]:
    """Merge two or more themes into ``into`` (default the first); the others retire."""
    ids = [str(t) for t in themes]
    return _record(path, {"action": "merge", "themes": ids, "into": str(into or ids[0]),
                          "name": name}, by, at, note)


def split_theme(path: Path | str, theme_id: str, keyword: str | Sequence[str],
                name: str | None = None, *, by: str | None = None, at: str | None = None,
                note: str | None = None) -> dict[str, Any]:
    """Move the theme's statements that contain ``keyword`` (text or lemma) to a new theme
    with a stable id of its own."""
    kw: Any = str(keyword) if isinstance(keyword, str) else [str(k) for k in keyword]
    return _record(path, {"action": "split", "theme": str(theme_id), "keyword": kw,
                          "name": name}, by, at, note)


def move_statement(path: Path | str, statement_id: str, theme_id: str,
                   subtheme_id: str | None = None, *, by: str | None = None,
                   at: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Put a statement (with its duplicate group) in another theme, or sub-theme."""
    return _record(path, {"action": "move", "statement": str(statement_id),
                          "to": str(theme_id), "subtheme": subtheme_id}, by, at, note)


def mark_reviewed(path: Path | str, statement_id: str, theme_id: str | None = None,
                  subtheme_id: str | None = None, *, by: str | None = None,
                  at: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Mark a statement reviewed; with ``theme_id`` it stays in that theme on later runs."""
    return _record(path, {"action": "reviewed", "statement": str(statement_id),
                          "theme": theme_id, "subtheme": subtheme_id}, by, at, note)


def correct_position(path: Path | str, statement_id: str, position: str, *,
                     by: str | None = None, at: str | None = None,
                     note: str | None = None) -> dict[str, Any]:
    """Correct the position (forslag, bekymring, støtte, modstand, spørgsmål, neutral)."""
    return _record(path, {"action": "position", "statement": str(statement_id),
                          "position": str(position)}, by, at, note)
