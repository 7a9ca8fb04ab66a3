"""What the analyst reviews: per theme its label, size, terms, sub-themes, quotes and least
certain statements, and the decisions taken, with each action one library call.

Why a session object: the review notebook and its widgets need one place that knows the
run's tables, the overrides file and who is reviewing, and that checks a decision against
the run (a theme or statement that does not exist) before it is written. Tables that
newer runs add (``subthemes``, ``positions``, ``review``) are used when the run has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis.processed import RunTables
from rus_analysis.review import decisions as dec
from rus_analysis.themes.overrides import POSITIONS, load_overrides

KIND_DA = {"seeded": "strategitema", "emergent": "nyt tema", "other": "øvrige"}
STATUS_DA = {"accept": "godkendt", "rename": "omdøbt", "pin_label": "etiket låst",
             "merge": "slået sammen", "split": "delt"}
THEME_ACTIONS = tuple(STATUS_DA)
ACTION_DA = {"accept": "godkend", "rename": "omdøb", "merge": "slå sammen", "split": "del",
             "move": "flyt", "reviewed": "gennemgået", "position": "holdning",
             "pin_label": "lås etiket"}


@dataclass(frozen=True)
class ThemeCard:
    """One theme as the review shows it (``uncertain``: least certain statements first)."""

    theme_id: str
    label: str
    kind: str
    size: int
    top_terms: list[str]
    quotes: list[tuple[str, str]]
    uncertain: pd.DataFrame
    subthemes: pd.DataFrame | None
    status: str


@dataclass
class ReviewSession:
    """The run being reviewed, the overrides file decisions go to, and who decides."""

    tables: RunTables
    overrides_path: Path
    reviewer: str = field(default_factory=dec.default_reviewer)
    subthemes: pd.DataFrame | None = None
    positions: pd.DataFrame | None = None
    review: pd.DataFrame | None = None

    @classmethod
    def from_tables(cls, tables: RunTables, overrides_path: Path | str,
                    reviewer: str | None = None) -> ReviewSession:
        """A session on a run; its optional tables are taken when the run has them."""
        return cls(tables, Path(overrides_path), reviewer or dec.default_reviewer(),
                   subthemes=getattr(tables, "subthemes", None),
                   positions=getattr(tables, "positions", None),
                   review=getattr(tables, "review", None))

    # ------------------------------------------------------------------ what is shown
    @property
    def primary(self) -> pd.DataFrame:
        a = self.tables.assignments
        return a[a["rank"] == 0]

    def theme_ids(self) -> list[str]:
        return [str(t) for t in self.tables.themes["theme_id"]]

    def decisions(self) -> list[dict[str, Any]]:
        """The decisions in the overrides file, in file order."""
        return load_overrides(self.overrides_path)

    def decisions_table(self) -> pd.DataFrame:
        """The decisions in the file as a Danish table: what, on which, by whom, when."""
        rows = []
        for n, ov in enumerate(self.decisions(), start=1):
            target = (ov.get("theme") or "+".join(map(str, ov.get("themes", [])))
                      if ov["action"] in THEME_ACTIONS else ov.get("statement", ""))
            detail = {k: v for k, v in ov.items()
                      if k not in ("action", "theme", "themes", "statement", "by", "at")}
            rows.append({"nr.": n, "beslutning": ACTION_DA.get(ov["action"], ov["action"]),
                         "gælder": str(target),
                         "detaljer": ", ".join(f"{k}: {v}" for k, v in detail.items()),
                         "af": str(ov.get("by", "")), "tidspunkt": str(ov.get("at", ""))})
        return pd.DataFrame(rows, columns=["nr.", "beslutning", "gælder", "detaljer", "af",
                                           "tidspunkt"])

    def theme_status(self) -> dict[str, str]:
        """Theme id -> the latest decision on it in the file, in Danish."""
        out: dict[str, str] = {}
        for ov in self.decisions():
            if ov["action"] not in THEME_ACTIONS:
                continue
            ids = ov["themes"] if ov["action"] == "merge" else [ov["theme"]]
            for tid in ids:
                out[str(tid)] = STATUS_DA[ov["action"]]
        return out

    def overview(self) -> pd.DataFrame:
        """One row per theme: id, label, kind, size, top terms, decision (Danish columns)."""
        th = self.tables.themes
        status = self.theme_status()
        return pd.DataFrame({
            "tema-id": th["theme_id"].astype(str),
            "tema": th["label"].astype(str),
            "type": th["kind"].map(KIND_DA).fillna(th["kind"]),
            "udsagn": th["size"].astype(int),
            "nøgleord": th["top_terms"].map(lambda v: ", ".join(list(v)[:6])),
            "beslutning": [status.get(str(t), "ikke gennemgået") for t in th["theme_id"]],
        }).reset_index(drop=True)

    def least_certain(self, theme_id: str, n: int = 5) -> pd.DataFrame:
        """The theme's least certain statements (distinct texts), least certain first.

        The run's ``review`` table when it has one; else the rank-0 ``confidence`` (or,
        in older runs, the theme ``score``), lowest first, ties by statement id.
        """
        st = self.tables.statements.set_index("statement_id")
        prim = self.primary
        if self.review is not None and len(self.review):
            r = self.review[self.review["theme_id"] == theme_id].sort_values(
                ["rank_in_theme", "statement_id"])
            ids, conf = r["statement_id"].astype(str).tolist(), r["confidence"].tolist()
        else:
            mine = prim[prim["theme_id"] == theme_id]
            col = "confidence" if "confidence" in mine.columns else "score"
            mine = mine[mine["statement_id"].isin(
                st.index[st["is_representative"].fillna(False).astype(bool)])]
            mine = mine.sort_values([col, "statement_id"])
            ids, conf = mine["statement_id"].astype(str).tolist(), mine[col].tolist()
        ids, conf = ids[:n], conf[:n]
        out = pd.DataFrame({"statement_id": ids,
                            "text": [str(st.at[i, "text"]) for i in ids],
                            "confidence": [float(c) for c in conf]})
        if "subtheme_id" in prim.columns:
            sub = prim.set_index("statement_id")["subtheme_id"]
            out["subtheme_id"] = [sub.get(i) for i in ids]
        if self.positions is not None:
            pos = self.positions.set_index("statement_id")["position"]
            out["position"] = [pos.get(i) for i in ids]
        return out

    def card(self, theme_id: str, n_uncertain: int = 5) -> ThemeCard:
        """Everything the review shows about one theme."""
        th = self.tables.themes.set_index("theme_id")
        if theme_id not in th.index:
            raise KeyError(f"theme {theme_id!r} is not in this run; themes: "
                           f"{', '.join(self.theme_ids())}")
        row = th.loc[theme_id]
        subs = None
        if self.subthemes is not None:
            subs = self.subthemes[self.subthemes["theme_id"] == theme_id].reset_index(drop=True)
        quotes = list(zip([str(q) for q in row["quotes"]],
                          [str(t) for t in row["quote_texts"]], strict=True))
        return ThemeCard(theme_id=theme_id, label=str(row["label"]), kind=str(row["kind"]),
                         size=int(row["size"]), top_terms=[str(t) for t in row["top_terms"]],
                         quotes=quotes, uncertain=self.least_certain(theme_id, n_uncertain),
                         subthemes=subs,
                         status=self.theme_status().get(theme_id, "ikke gennemgået"))

    # ------------------------------------------------------------------ decisions
    def _theme(self, theme_id: str) -> str:
        if str(theme_id) not in self.theme_ids():
            raise KeyError(f"theme {theme_id!r} is not in this run; themes: "
                           f"{', '.join(self.theme_ids())}")
        return str(theme_id)

    def _statement(self, statement_id: str) -> str:
        if not self.tables.statements["statement_id"].eq(str(statement_id)).any():
            raise KeyError(f"statement {statement_id!r} is not in this run")
        return str(statement_id)

    def _subtheme(self, theme_id: str, subtheme_id: str | None) -> str | None:
        if subtheme_id is None or self.subthemes is None:
            return subtheme_id
        ok = self.subthemes[(self.subthemes["subtheme_id"] == subtheme_id)
                            & (self.subthemes["theme_id"] == theme_id)]
        if ok.empty:
            raise KeyError(f"sub-theme {subtheme_id!r} is not a sub-theme of {theme_id!r}")
        return subtheme_id

    def current_theme(self, statement_id: str) -> str:
        prim = self.primary.set_index("statement_id")["theme_id"]
        return str(prim[self._statement(statement_id)])

    def accept(self, theme_id: str, label: str | None = None) -> dict[str, Any]:
        tid = self._theme(theme_id)
        label = label or str(self.tables.themes.set_index("theme_id").at[tid, "label"])
        return dec.accept_theme(self.overrides_path, tid, label, by=self.reviewer)

    def rename(self, theme_id: str, name: str) -> dict[str, Any]:
        if not str(name).strip():
            raise ValueError("a new name cannot be empty")
        return dec.rename_theme(self.overrides_path, self._theme(theme_id), name.strip(),
                                by=self.reviewer)

    def merge(self, themes: list[str], into: str | None = None,
              name: str | None = None) -> dict[str, Any]:
        ids = [self._theme(t) for t in themes]
        if len(set(ids)) < 2:
            raise ValueError("a merge needs two different themes")
        return dec.merge_themes(self.overrides_path, ids, into=into or ids[0],
                                name=name or None, by=self.reviewer)

    def split(self, theme_id: str, keyword: str, name: str | None = None) -> dict[str, Any]:
        tid = self._theme(theme_id)
        kw = str(keyword).strip()
        if not kw:
            raise ValueError("a split needs a keyword")
        return dec.split_theme(self.overrides_path, tid, kw, name=name or None,
                               by=self.reviewer)

    def move(self, statement_id: str, theme_id: str,
             subtheme_id: str | None = None) -> dict[str, Any]:
        tid = self._theme(theme_id)
        return dec.move_statement(self.overrides_path, self._statement(statement_id), tid,
                                  self._subtheme(tid, subtheme_id), by=self.reviewer)

    def reviewed(self, statement_id: str, theme_id: str | None = None) -> dict[str, Any]:
        """Mark reviewed in its current theme (or ``theme_id``): it stays there."""
        sid = self._statement(statement_id)
        tid = self._theme(theme_id) if theme_id else self.current_theme(sid)
        return dec.mark_reviewed(self.overrides_path, sid, tid, by=self.reviewer)

    def position(self, statement_id: str, position: str) -> dict[str, Any]:
        if position not in POSITIONS:
            raise ValueError(f"{position!r} is not a position; use one of {', '.join(POSITIONS)}")
        return dec.correct_position(self.overrides_path, self._statement(statement_id),
                                    position, by=self.reviewer)

    def apply(self, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Take scripted decisions (keys as in the overrides file), in order.

        For a papermill run of the review notebook: ``actions`` is its parameter.
        """
        out = []
        for a in actions or []:
            kind = a.get("action")
            if kind == "accept":
                out.append(self.accept(a["theme"], a.get("label")))
            elif kind == "rename":
                out.append(self.rename(a["theme"], a["name"]))
            elif kind == "merge":
                out.append(self.merge(a["themes"], a.get("into"), a.get("name")))
            elif kind == "split":
                out.append(self.split(a["theme"], a["keyword"], a.get("name")))
            elif kind == "move":
                out.append(self.move(a["statement"], a["to"], a.get("subtheme")))
            elif kind == "reviewed":
                out.append(self.reviewed(a["statement"], a.get("theme")))
            elif kind == "position":
                out.append(self.position(a["statement"], a["position"]))
            else:
                raise ValueError(f"action {kind!r} unknown; use accept, rename, merge, split, "
                                 "move, reviewed or position")
        return out
