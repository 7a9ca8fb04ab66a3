"""Stable theme ids across reruns and rounds: a small JSON registry next to the outputs.

Seeded themes keep their taxonomy ids. Emergent themes get ids "E001", "E002", ... that are
never reused: the registry remembers every id it has handed out and which statements (by
text hash) each theme held. On the next run:

- a discovered cluster takes the id of the registered theme whose earlier statements it
  holds the most of (at least half of its earlier statements), so a rerun on the same
  input gives the same ids;
- statements seen in an earlier run keep their earlier theme (a new round does not
  reshuffle what was already reported), unless an analyst override moves them;
- clusters made of new statements get new ids;
- a held emergent theme that this run would show with fewer statements than a theme
  needs (``model.MIN_GROUP``) is *retired* by ``assign_themes``: it is marked here with
  the run's rounds, the reason and its statements, its id is never handed out again, and
  an analyst's decision naming it (``accept``, ``rename``, ...) brings it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rus_analysis.atomic import write_text

REGISTRY_VERSION = 1


@dataclass
class Registry:
    """In-memory registry; ``load`` / ``save`` read and write the JSON file."""

    themes: dict[str, dict[str, Any]] = field(default_factory=dict)   # id -> identity
    statements: dict[str, str] = field(default_factory=dict)           # text hash -> id
    next_emergent: int = 1
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None) -> Registry:
        if path is None or not Path(path).is_file():
            return cls(path=Path(path) if path is not None else None)
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != REGISTRY_VERSION:
            raise ValueError(f"{path}: theme registry version {data.get('version')!r} is not "
                             f"{REGISTRY_VERSION}; move the file away to start a new one")
        return cls(themes=dict(data.get("themes", {})),
                   statements=dict(data.get("statements", {})),
                   next_emergent=int(data.get("next_emergent", 1)), path=Path(path))

    def is_retired(self, tid: str) -> bool:
        return "retired" in self.themes.get(tid, {})

    def retire(self, tid: str, hashes: list[str], rounds: str, reason: str) -> None:
        """Mark an emergent theme retired; its statements are kept with the mark, so an
        analyst's later decision on it (``restore``) can bring the theme back whole."""
        self.themes.setdefault(tid, {"kind": "emergent"})["retired"] = {
            "rounds": rounds, "reason": reason, "statements": sorted(hashes)}

    def restore(self, tid: str) -> list[str]:
        """Undo ``retire``: the theme's statements are registered in it again (so they are
        held there on this run); returns their hashes ([] when the theme is not retired)."""
        mark = self.themes.get(tid, {}).pop("retired", None)
        if not mark:
            return []
        hashes = [str(h) for h in mark.get("statements", [])]
        self.statements.update(dict.fromkeys(hashes, tid))
        return hashes

    def new_id(self) -> str:
        """A fresh emergent id; ids are never reused, even for removed themes."""
        tid = f"E{self.next_emergent:03d}"
        self.next_emergent += 1
        return tid

    def id_for_key(self, key: str) -> str:
        """Stable id for an identity key (e.g. a split "split:E002:letbane")."""
        for tid, info in sorted(self.themes.items()):
            if info.get("key") == key:
                return tid
        tid = self.new_id()
        self.themes[tid] = {"kind": "emergent", "key": key}
        return tid

    def match_clusters(self, clusters: dict[str, set[str]]) -> dict[str, str]:
        """Map cluster keys (C0, C1, ...) to registry ids by overlap of earlier statements."""
        owners: dict[str, set[str]] = {}
        for h, tid in self.statements.items():
            if tid.startswith("E") and not self.is_retired(tid):
                owners.setdefault(tid, set()).add(h)
        pairs = []
        for key, members in clusters.items():
            known = {h for h in members if h in self.statements}
            for tid, old in owners.items():
                ov = len(members & old)
                if ov and ov * 2 >= len(known):
                    pairs.append((-ov, tid, key))
        pairs.sort()
        out: dict[str, str] = {}
        used: set[str] = set()
        for _, tid, key in pairs:
            if key not in out and tid not in used:
                out[key] = tid
                used.add(tid)
        # new clusters: ids in canonical order of their smallest member hash
        for key in sorted((k for k in clusters if k not in out),
                          key=lambda k: min(clusters[k]) if clusters[k] else k):
            tid = self.new_id()
            self.themes[tid] = {"kind": "emergent", "key": f"cluster:{min(clusters[key], default=key)}"}
            out[key] = tid
        return out

    def record(self, primary: dict[str, str], labels: dict[str, str],
               kinds: dict[str, str] | None = None) -> None:
        """Remember every statement's final theme and each theme's kind and label."""
        self.statements.update(primary)
        kinds = kinds or {}
        for tid, label in labels.items():
            kind = kinds.get(tid, "emergent" if tid.startswith("E") else "seeded")
            self.themes.setdefault(tid, {"kind": kind})["label"] = label

    def save(self) -> None:
        if self.path is None:
            return
        data = {"version": REGISTRY_VERSION, "next_emergent": self.next_emergent,
                "themes": self.themes, "statements": dict(sorted(self.statements.items()))}
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
