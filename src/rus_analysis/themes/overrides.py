"""Analyst overrides of themes, kept in a versioned YAML file and re-applied on every run.

Format (see data/state/theme_overrides.yaml and docs/themes.md)::

    version: 1
    overrides:
      - {action: rename, theme: E003, name: "Cykelstier og pendling"}
      - {action: merge, themes: [E004, E007], into: E004}
      - {action: split, theme: E002, keyword: letbane, name: "Letbanen"}
      - {action: move, statement: "<statement_id>", to: kollektiv_trafik}
      - {action: pin_label, theme: E001, label: "Grundvand og PFAS"}

An override that no longer matches anything (a theme id that is gone, a keyword found in
no statement) is reported in ``override_report`` and skipped: a new round of input must
not stop the scheduled run. A file that is not valid YAML, or an entry without its
required keys, is an error: the analyst's intent cannot be read at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rus_analysis.yamlcheck import YamlFileError, read_yaml

OVERRIDES_VERSION = 1
REQUIRED: dict[str, tuple[str, ...]] = {
    "rename": ("theme", "name"),
    "merge": ("themes",),
    "split": ("theme", "keyword"),
    "move": ("statement", "to"),
    "pin_label": ("theme", "label"),
}
REPORT_COLUMNS = ("n", "action", "target", "matched", "affected", "message")


class OverrideError(ValueError):
    """An overrides file that cannot be read."""


@dataclass
class OverrideOutcome:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, n: int, action: str, target: str, affected: int, message: str) -> None:
        self.rows.append({"n": n, "action": action, "target": target,
                          "matched": affected > 0, "affected": affected,
                          "message": message})


def load_overrides(path: Path | None) -> list[dict[str, Any]]:
    """The list of overrides in ``path`` (missing file or None: no overrides)."""
    if path is None or not Path(path).is_file():
        return []
    try:
        data = read_yaml(Path(path)) or {}
    except YamlFileError as exc:
        raise OverrideError(str(exc)) from None
    if not isinstance(data, dict):
        raise OverrideError(f"{path}: must be a mapping with 'version' and 'overrides'")
    version = data.get("version", OVERRIDES_VERSION)
    if version != OVERRIDES_VERSION:
        raise OverrideError(f"{path}: version {version!r} not supported (use {OVERRIDES_VERSION})")
    items = data.get("overrides") or []
    if not isinstance(items, list):
        raise OverrideError(f"{path}: 'overrides' must be a list")
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("action") not in REQUIRED:
            raise OverrideError(f"{path}: override {i} needs 'action', one of "
                                f"{', '.join(REQUIRED)}")
        missing = [k for k in REQUIRED[item["action"]] if k not in item]
        if missing:
            raise OverrideError(f"{path}: override {i} ({item['action']}) lacks {missing}")
    return items
