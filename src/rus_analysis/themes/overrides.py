"""Analyst overrides of themes, kept in a versioned YAML file and re-applied on every run.

Format (see data/state/theme_overrides.yaml and docs/themes.md)::

    version: 1
    overrides:
      - {action: accept, theme: E003, label: "Cykelstier og pendling", by: anna, at: "..."}
      - {action: rename, theme: E003, name: "Cykelstier og pendling"}
      - {action: merge, themes: [E004, E007], into: E004}
      - {action: split, theme: E002, keyword: letbane, name: "Letbanen"}
      - {action: move, statement: "<statement_id>", to: kollektiv_trafik, subtheme: S012}
      - {action: reviewed, statement: "<statement_id>", theme: kollektiv_trafik}
      - {action: position, statement: "<statement_id>", position: bekymring}
      - {action: pin_label, theme: E001, label: "Grundvand og PFAS"}

Every entry is one decision on one line (``append_override`` writes them so), with who
made it (``by``) and when (``at``, ISO time): the file reviews and diffs in git like a
log of decisions. An override that no longer matches anything (a theme id that is gone,
a keyword found in no statement) is reported in ``override_report`` and skipped: a new
round of input must not stop the scheduled run. A file that is not valid YAML, or an
entry without its required keys or with a key nobody reads, is an error naming the entry:
the analyst's intent cannot be read at all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from rus_analysis.atomic import write_text
from rus_analysis.yamlcheck import YamlFileError, did_you_mean, read_yaml

OVERRIDES_VERSION = 1
REQUIRED: dict[str, tuple[str, ...]] = {
    "accept": ("theme",),
    "rename": ("theme", "name"),
    "merge": ("themes",),
    "split": ("theme", "keyword"),
    "move": ("statement", "to"),
    "reviewed": ("statement",),
    "position": ("statement", "position"),
    "pin_label": ("theme", "label"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "accept": ("label",),
    "rename": (),
    "merge": ("into", "name"),
    "split": ("name",),
    "move": ("subtheme",),
    "reviewed": ("theme", "subtheme"),
    "position": (),
    "pin_label": (),
}
COMMON = ("by", "at", "note")           # who, when (ISO time) and why; on every entry
# The positions of issue 17 (``positions.position``): a correction must be one of them.
POSITIONS: tuple[str, ...] = ("forslag", "bekymring", "støtte", "modstand", "spørgsmål",
                              "neutral")
REPORT_COLUMNS = ("n", "action", "target", "matched", "affected", "message", "by", "at")
NO_POSITIONS = "skipped: this run has no positions table; applied once positions are computed"
NO_SUBTHEMES = "skipped: this run has no sub-themes; the theme move was applied"
HEADER = """\
# Analyst overrides of themes (rus-analysis). Re-applied on every run, in this order of
# the list; keep this file under version control so every change is dated and reviewed.
# One decision per line, with who made it (by) and when (at); the review notebook
# (notebooks/05_gennemgang) appends to it. See docs/themes.md ("Analyst overrides").
version: 1
overrides:
"""


class OverrideError(ValueError):
    """An overrides file that cannot be read."""


@dataclass
class OverrideOutcome:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, n: int, action: str, target: str, affected: int, message: str,
            entry: Mapping[str, Any] | None = None) -> None:
        entry = entry or {}
        self.rows.append({"n": n, "action": action, "target": target,
                          "matched": affected > 0, "affected": affected,
                          "message": message, "by": str(entry.get("by", "") or ""),
                          "at": _iso(entry.get("at"))})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(REPORT_COLUMNS))


def _iso(value: Any) -> str:
    """``at`` as ISO text (YAML reads an unquoted timestamp as a datetime)."""
    if value is None or value == "":
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def load_overrides(path: Path | None) -> list[dict[str, Any]]:
    """The list of overrides in ``path`` (missing file or None: no overrides)."""
    if path is None or not Path(path).is_file():
        return []
    try:
        data = read_yaml(Path(path)) or {}
    except YamlFileError as exc:
        raise OverrideError(str(exc)) from None
    return validate_overrides(data, path)


def validate_overrides(data: Any, path: Path | str) -> list[dict[str, Any]]:
    """The overrides of a parsed file, each checked; OverrideError names the entry."""
    if not isinstance(data, dict):
        raise OverrideError(f"{path}: must be a mapping with 'version' and 'overrides'")
    version = data.get("version", OVERRIDES_VERSION)
    if version != OVERRIDES_VERSION:
        raise OverrideError(f"{path}: version {version!r} not supported (use {OVERRIDES_VERSION})")
    items = data.get("overrides") or []
    if not isinstance(items, list):
        raise OverrideError(f"{path}: 'overrides' must be a list")
    for i, item in enumerate(items, start=1):
        check_entry(item, f"{path}: override {i}")
    return items


def check_entry(item: Any, where: str) -> None:
    """Raise OverrideError (prefixed ``where``) unless ``item`` is a readable decision."""
    if not isinstance(item, dict) or item.get("action") not in REQUIRED:
        action = item.get("action") if isinstance(item, dict) else None
        hint = did_you_mean(str(action), REQUIRED) if action else ""
        raise OverrideError(f"{where} needs 'action', {hint}one of {', '.join(REQUIRED)}")
    action = item["action"]
    known = ("action", *REQUIRED[action], *OPTIONAL[action], *COMMON)
    for key in item:
        if key not in known:
            raise OverrideError(f"{where} ({action}): '{key}' is not read; "
                                f"{did_you_mean(str(key), known)}allowed: {', '.join(known)}")
    missing = [k for k in REQUIRED[action] if k not in item]
    if missing:
        raise OverrideError(f"{where} ({action}) lacks {missing}")
    if action == "merge" and (not isinstance(item["themes"], list) or len(item["themes"]) < 2):
        raise OverrideError(f"{where} (merge): 'themes' must list at least two theme ids")
    if action == "position" and item["position"] not in POSITIONS:
        raise OverrideError(f"{where} (position): {item['position']!r} is not a position; "
                            f"{did_you_mean(str(item['position']), POSITIONS)}use one of "
                            f"{', '.join(POSITIONS)}")
    at = item.get("at")
    if at not in (None, "") and not isinstance(at, dt.date):
        try:
            dt.datetime.fromisoformat(str(at))
        except ValueError:
            raise OverrideError(f"{where} ({action}): 'at' must be an ISO time such as "
                                f"2026-03-01T14:05:00+01:00, not {at!r}") from None


def entry_line(entry: Mapping[str, Any]) -> str:
    """One decision as one YAML line of the list (``  - {action: ..., by: ..., at: ...}``)."""
    text = yaml.safe_dump(dict(entry), default_flow_style=True, allow_unicode=True,
                          sort_keys=False, width=math.inf)
    return "  - " + text.strip() + "\n"


def append_override(path: Path, entry: Mapping[str, Any]) -> dict[str, Any]:
    """Append one decision to the overrides file as one line, keeping everything above it.

    Why text, not load-and-dump: the file is the analyst's log under version control;
    comments and earlier lines stay byte for byte, and a decision is a one-line diff.
    The result is parsed again and must read as the earlier entries plus this one; a file
    laid out otherwise (a flow-style list) is rewritten whole under the standard header.
    """
    entry = dict(entry)
    check_entry(entry, f"{path}: new override")
    path = Path(path)
    before = load_overrides(path)
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else HEADER
    if re.search(r"^overrides:[ \t]*\[\][ \t]*(#.*)?$", text, flags=re.M):
        text = re.sub(r"^overrides:[ \t]*\[\]", "overrides:", text, count=1, flags=re.M)
    elif not re.search(r"^overrides:", text, flags=re.M):
        text = text.rstrip("\n") + ("\n" if text.strip() else "") + "overrides:\n"
    new = text.rstrip("\n") + "\n" + entry_line(entry)
    try:
        after = validate_overrides(yaml.safe_load(new) or {}, path)
    except (yaml.YAMLError, OverrideError):
        after = None
    if after != [*before, entry]:
        new = HEADER + "".join(entry_line(e) for e in [*before, entry])
    write_text(path, new)
    return entry


def examples_from_overrides(overrides: list[dict[str, Any]]) -> pd.DataFrame:
    """Statements an analyst placed (moved, or reviewed in a theme): labelled examples.

    One row per statement, its last decision winning: ``statement_id``, ``theme_id``,
    ``subtheme_id`` (<NA> when none was given). The theme model may learn from them.
    """
    placed: dict[str, tuple[str, Any]] = {}
    for ov in overrides:
        if ov["action"] == "move":
            placed[str(ov["statement"])] = (str(ov["to"]), ov.get("subtheme"))
        elif ov["action"] == "reviewed" and ov.get("theme"):
            placed[str(ov["statement"])] = (str(ov["theme"]), ov.get("subtheme"))
    rows = [(sid, tid, None if sub is None else str(sub)) for sid, (tid, sub) in placed.items()]
    return pd.DataFrame(rows, columns=["statement_id", "theme_id", "subtheme_id"]).astype(
        {"statement_id": "string", "theme_id": "string", "subtheme_id": "string"})


def apply_position_overrides(positions: pd.DataFrame, overrides: list[dict[str, Any]],
                             report: pd.DataFrame | None = None
                             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The positions table with the analyst's corrections, and the override report.

    ``positions``: one row per statement (``statement_id``, ``position``, ...,
    ``position_source``). A corrected row gets the analyst's ``position`` and
    ``position_source = "analyst"``; a later correction of the same statement wins.
    ``report``: the run's override report, whose "position" rows (skipped while the run
    had no positions) are replaced by what happened here; without one, a report of the
    position corrections alone.
    """
    out = positions.copy()
    if "position_source" not in out.columns:
        out["position_source"] = "model"
    row_of = {str(s): i for i, s in enumerate(out["statement_id"].astype(str).tolist())}
    pos = out["position"].astype(object).to_numpy(copy=True)
    src = out["position_source"].astype(object).to_numpy(copy=True)
    outcome = OverrideOutcome()
    for n, ov in enumerate(overrides, start=1):
        if ov["action"] != "position":
            continue
        sid = str(ov["statement"])
        if sid in row_of:
            pos[row_of[sid]], src[row_of[sid]] = str(ov["position"]), "analyst"
            outcome.add(n, "position", sid, 1, f"ok: position {ov['position']}", ov)
        else:
            outcome.add(n, "position", sid, 0, "statement not found", ov)
    out["position"] = pd.array(pos, dtype="string")
    out["position_source"] = pd.array(src, dtype="string")
    mine = outcome.frame()
    if report is None:
        return out, mine
    rest = report[report["action"] != "position"]
    merged = pd.concat([rest, mine], ignore_index=True) if len(mine) else rest
    return out, merged.sort_values("n", kind="stable", ignore_index=True)
