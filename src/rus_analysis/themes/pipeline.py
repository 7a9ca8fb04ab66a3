"""``assign_themes``: the pipeline step from statements to theme tables.

Fits ``ThemeModel`` on each distinct text once (the representatives of duplicate groups),
gives stable ids through the registry, applies the analyst's overrides, and hands every
member of a duplicate group its representative's themes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rus_analysis.config import Config
from rus_analysis.nlp import Embedder, lemmatize, make_embedder, text_hash, tokenize
from rus_analysis.schema import ASSIGNMENT_COLUMNS, STATEMENT_COLUMNS, THEME_COLUMNS, check_columns
from rus_analysis.themes.examples import examples_from_overrides
from rus_analysis.themes.model import OTHER, ThemeModel
from rus_analysis.themes.overrides import REPORT_COLUMNS, OverrideOutcome, load_overrides
from rus_analysis.themes.registry import Registry

REGISTRY_FILE = "theme_registry.json"


@dataclass
class ThemeResult:
    """Output of ``assign_themes``.

    assignments: one row per statement x theme (ASSIGNMENT_COLUMNS), rank 0 = primary.
    themes: THEME_COLUMNS + name, quotes (statement ids), quote_texts (verbatim),
        nearest_seed (for an emergent theme: the strategy theme most of its statements
        lean to, "" if none; a hint for a merge override or examples).
    backend: embedding backend that ran ("e5", "lexical", "sentence-transformers").
    override_report: one row per override: matched or not, how many statements, why.
    n_discovered: themes discovered by the clustering (the k it chose or was given).
    held: statements that kept the theme the registry gave them in an earlier run.
    held_changed: of those, how many today's model would give another primary theme (a
        measure of drift: many means the earlier themes no longer describe the data as
        well, and the analyst may start a fresh registry for a new strategy period).
    statement_themes: one row per statement: statement_id, theme_id, subtheme_id
        ("<theme_id>.<n>"; ".0" when an analyst override moved the statement),
        confidence (0-1) and confident (see ``themes.confidence``).
    subthemes: one row per sub-theme: subtheme_id, theme_id, label, top_terms, size
        (sizes in statements, duplicates counted).
    review: the least certain statements of each theme (statement_id, theme_id,
        subtheme_id, confidence, confident, text), least certain first.
    """

    assignments: pd.DataFrame
    themes: pd.DataFrame
    backend: str
    override_report: pd.DataFrame
    n_discovered: int
    model: ThemeModel | None = field(default=None, repr=False)
    held: int = 0
    held_changed: int = 0
    statement_themes: pd.DataFrame | None = None
    subthemes: pd.DataFrame | None = None
    review: pd.DataFrame | None = None


def _representatives(statements: pd.DataFrame) -> pd.DataFrame:
    """Rows themes are fitted on; a duplicate group without a representative fits its first."""
    st = statements
    rep = st[st["is_representative"].fillna(False).astype(bool)]
    orphan_groups = set(st["dup_group"].astype(str)) - set(rep["dup_group"].astype(str))
    if orphan_groups:
        extra = (st[st["dup_group"].astype(str).isin(orphan_groups)]
                 .sort_values("statement_id").drop_duplicates("dup_group"))
        rep = pd.concat([rep, extra])
    return rep


def assign_themes(statements: pd.DataFrame, cfg: Config, registry_path: Path | None = None,
                  embedder: Embedder | None = None) -> ThemeResult:
    """Themes for the statements table (schema.STATEMENT_COLUMNS).

    ``registry_path``: the id registry (default ``<processed>/theme_registry.json``).
    ``embedder``: default ``make_embedder(cfg)`` (cached on disk under cfg.paths.cache).
    """
    check_columns(statements, STATEMENT_COLUMNS, "statements")
    emb = embedder if embedder is not None else make_embedder(cfg)
    reg_path = Path(registry_path) if registry_path is not None \
        else cfg.paths.processed / REGISTRY_FILE
    registry = Registry.load(reg_path)
    t = cfg.themes
    reps = _representatives(statements)
    rep_hashes = [text_hash(str(x)) for x in reps["text"].tolist()]
    overrides = load_overrides(cfg.paths.overrides)
    # the analyst's moves to a strategy theme are that theme's examples on this run
    taxonomy = examples_from_overrides(
        t.taxonomy, overrides, dict(zip(statements["statement_id"].astype(str).tolist(),
                                        statements["text"].astype(str).tolist(), strict=True)))
    model = ThemeModel(n_themes=t.n_themes, taxonomy=taxonomy, embedder=emb,
                       stop_words=cfg.nlp.stop_words, min_seed_score=t.min_seed_score,
                       max_secondary=t.max_secondary, n_quotes=cfg.report.quotes_per_theme,
                       random_state=t.random_state)
    model.fit(reps["text"].astype(str).tolist())
    hashes = model.hashes_
    seeds = {s.id for s in t.taxonomy}

    # stable ids for discovered clusters
    clusters = {k: {hashes[i] for i in np.flatnonzero(model.primary_ == k)}
                for k in sorted({str(p) for p in model.primary_ if str(p).startswith("C")})}
    ids = registry.match_clusters(clusters)
    primary = np.array([ids.get(str(p), str(p)) for p in model.primary_], dtype=object)
    # a seeded id no longer in the taxonomy is not valid: its statements are re-assigned
    valid = seeds | {OTHER} | {tid for tid, info in registry.themes.items()
                               if info.get("kind") == "emergent"}
    held = np.zeros(len(hashes), dtype=bool)
    changed = np.zeros(len(hashes), dtype=bool)
    for i, h in enumerate(hashes):  # earlier statements keep their earlier theme
        old = registry.statements.get(h)
        if old is not None and old in valid and "merged_into" not in registry.themes.get(old, {}):
            held[i], changed[i] = True, primary[i] != old
            primary[i] = old
    second = model.assignments_[model.assignments_["rank"] > 0].copy()
    second["theme_key"] = [ids.get(k, k) for k in second["theme_key"]]

    # analyst overrides
    outcome = OverrideOutcome()
    names: dict[str, str] = {}
    pinned: dict[str, str] = {}
    rep_of = _rep_index(statements, reps, rep_hashes, hashes)
    for n, ov in enumerate(overrides, start=1):
        _apply(n, ov, primary, model, registry, rep_of, names, pinned, outcome, seeds)

    keep = np.array([primary[i] != k for i, k in zip(second["index"], second["theme_key"],
                                                       strict=True)], dtype=bool)
    second = second.loc[keep] if len(second) else second
    themes = model.describe(primary, names=names, pinned=pinned)
    themes = themes.rename(columns={"theme_key": "theme_id"})

    # from distinct texts to statements
    # plain Python lists, not per-row pandas access: 100,000 statements made 107,000
    # DataFrame lookups here (9 s, benchmarks/results/FINDINGS.md)
    st_idx = np.array([rep_of[str(sid)] for sid in statements["statement_id"].tolist()],
                      dtype=int)
    rows = []
    sec_by: dict[int, list[tuple[str, float]]] = {}
    for i, k, s in zip(second["index"].tolist(), second["theme_key"].tolist(),
                       second["score"].tolist(), strict=True):
        sec_by.setdefault(int(i), []).append((k, float(s)))
    first = model.assignments_[model.assignments_["rank"] == 0]
    prim_score = dict(zip(first["index"].tolist(), first["score"].tolist(), strict=True))
    model_primary = model.primary_
    for sid, i in zip(statements["statement_id"].tolist(), st_idx.tolist(), strict=True):
        p = primary[i]
        same = p == model_primary[i] or ids.get(str(model_primary[i])) == p
        rows.append((sid, p, 0, float(prim_score.get(i, 0.0)) if same else 1.0))
        for r, (k, s) in enumerate(sec_by.get(i, ()), start=1):
            rows.append((sid, k, r, s))
    assignments = pd.DataFrame(rows, columns=list(ASSIGNMENT_COLUMNS))
    assignments = assignments.sort_values(["statement_id", "rank"], kind="stable",
                                          ignore_index=True)

    # sizes in statements, quotes as statement ids of representatives
    sizes = assignments[assignments["rank"] == 0]["theme_id"].value_counts()
    themes["size"] = [int(sizes.get(tid, 0)) for tid in themes["theme_id"]]
    rep_sid = (reps.assign(_h=rep_hashes)
               .sort_values("statement_id").drop_duplicates("_h").set_index("_h")["statement_id"])
    themes["quotes"] = [[str(rep_sid[hashes[i]]) for i in q] for q in themes["quote_index"]]
    text_of = dict(zip(statements["statement_id"].astype(str).tolist(),
                       statements["text"].astype(str).tolist(),
                       strict=True))
    for qs, qt in zip(themes["quotes"], themes["quote_texts"], strict=True):
        for sid, q in zip(qs, qt, strict=True):
            if q not in text_of[sid]:  # verbatim: an exact substring of the cleaned text
                raise AssertionError(f"quote for {sid} is not verbatim")
    themes = themes[[*THEME_COLUMNS, "name", "quotes", "quote_texts", "nearest_seed"]]

    registry.record({hashes[i]: str(primary[i]) for i in range(len(hashes))},
                    dict(zip(themes["theme_id"], themes["label"], strict=True)),
                    dict(zip(themes["theme_id"], themes["kind"], strict=True)))
    registry.save()
    report = pd.DataFrame(outcome.rows, columns=list(REPORT_COLUMNS))
    per_statement, subthemes, review = _second_level(model, primary, ids, statements, st_idx,
                                                     rep_sid, hashes)
    return ThemeResult(assignments=assignments, themes=themes.reset_index(drop=True),
                       backend=model.backend_, override_report=report,
                       n_discovered=int(model.k_), model=model,
                       held=int(held[st_idx].sum()), held_changed=int(changed[st_idx].sum()),
                       statement_themes=per_statement, subthemes=subthemes, review=review)


def _second_level(model: ThemeModel, primary: np.ndarray, ids: dict[str, str],
                  statements: pd.DataFrame, st_idx: np.ndarray, rep_sid: pd.Series,
                  hashes: list[str], per_theme: int = 10
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sub-theme ids, confidence and the review list in the pipeline's theme ids.

    A sub-theme id is its theme's id and the model's sub-theme number ("E003.2",
    "drikkevand.1"); a statement an override moved to another theme gets ".0" there.
    """
    sub = []
    for i in range(len(primary)):
        key = str(model.primary_[i])
        own = ids.get(key, key)
        n = str(model.subthemes_[i]).rsplit(".", 1)[-1] if key != OTHER else "0"
        sub.append(f"{primary[i]}.{n}" if own == primary[i] and primary[i] != OTHER
                   else (OTHER if primary[i] == OTHER else f"{primary[i]}.0"))
    sub_arr = np.array(sub, dtype=object)
    per_statement = pd.DataFrame({
        "statement_id": statements["statement_id"].tolist(),
        "theme_id": primary[st_idx], "subtheme_id": sub_arr[st_idx],
        "confidence": np.round(model.confidence_[st_idx], 4),
        "confident": model.confident_[st_idx]})
    desc = model.describe_subthemes(model.primary_, model.subthemes_)
    key_to_id = {}
    for r in desc.itertuples():
        parent, n = r.subtheme_key.rsplit(".", 1)
        key_to_id[r.subtheme_key] = f"{ids.get(parent, parent)}.{n}"
    desc["subtheme_id"] = desc["subtheme_key"].map(key_to_id)
    desc["theme_id"] = [ids.get(k, k) for k in desc["theme_key"]]
    sizes = per_statement["subtheme_id"].value_counts()
    desc["size"] = [int(sizes.get(s, 0)) for s in desc["subtheme_id"]]
    subthemes = desc[["subtheme_id", "theme_id", "label", "top_terms", "size"]]
    rows = []
    for tid in sorted(set(primary.tolist()) - {OTHER}):
        idx = np.flatnonzero(primary == tid)
        order = idx[np.lexsort((idx, model.confidence_[idx]))][:per_theme]
        for i in order:
            rows.append({"statement_id": str(rep_sid[hashes[i]]), "theme_id": tid,
                         "subtheme_id": sub_arr[i],
                         "confidence": round(float(model.confidence_[i]), 4),
                         "confident": bool(model.confident_[i]), "text": model.texts_[i]})
    review = pd.DataFrame(rows, columns=["statement_id", "theme_id", "subtheme_id",
                                         "confidence", "confident", "text"])
    return per_statement, subthemes.reset_index(drop=True), review


def _rep_index(statements: pd.DataFrame, reps: pd.DataFrame, rep_hashes: list[str],
               hashes: list[str]) -> dict[str, int]:
    """statement_id -> index of its representative's distinct text (``rep_hashes``: the
    text hash of each row of ``reps``; ``hashes``: the model's distinct-text order)."""
    pos = {h: i for i, h in enumerate(hashes)}
    rep_hash = dict(zip(reps["dup_group"].astype(str).tolist(), rep_hashes, strict=True))
    return {str(s): pos[rep_hash[str(g)]]
            for s, g in zip(statements["statement_id"].tolist(),
                            statements["dup_group"].tolist(), strict=True)}


def _apply(n: int, ov: dict[str, Any], primary: np.ndarray, model: ThemeModel,
           registry: Registry, rep_of: dict[str, int], names: dict[str, str],
           pinned: dict[str, str], out: OverrideOutcome, seeds: set[str]) -> None:
    """Apply one override in place; record whether it matched."""
    action = ov["action"]
    present = set(primary.tolist())
    if action in ("rename", "pin_label"):
        tid = str(ov["theme"])
        hit = int((primary == tid).sum()) if tid in present else 0
        if hit:
            target, key = (names, "name") if action == "rename" else (pinned, "label")
            target[tid] = str(ov[key])
        out.add(n, action, tid, hit, "ok" if hit else f"theme {tid} not found in this run")
    elif action == "merge":
        group = [str(x) for x in ov["themes"]]
        into = str(ov.get("into", group[0]))
        moved = 0
        for tid in group:
            if tid == into:
                continue
            idx = primary == tid
            moved += int(idx.sum())
            primary[idx] = into
            if tid in registry.themes and idx.any():
                registry.themes[tid]["merged_into"] = into
        if moved and "name" in ov:
            names[into] = str(ov["name"])
        out.add(n, action, "+".join(group), moved,
                "ok" if moved else "none of the themes to merge has statements")
    elif action == "split":
        tid = str(ov["theme"])
        kws = ov["keyword"] if isinstance(ov["keyword"], list) else [ov["keyword"]]
        kws = [str(k).lower() for k in kws]
        lemmas = {lemmatize(w) for k in kws for w in tokenize(k)}
        sel = [i for i in np.flatnonzero(primary == tid)
               if any(k in model.texts_[i].lower() for k in kws)
               or lemmas & set(model.terms_[i])]
        if sel:
            new = registry.id_for_key(f"split:{tid}:{'|'.join(sorted(kws))}")
            primary[sel] = new
            if "name" in ov:
                names[new] = str(ov["name"])
            msg = f"ok: new theme {new}"
        else:
            msg = f"no statement of theme {tid} contains {kws}"
        out.add(n, action, tid, len(sel), msg)
    elif action == "move":
        sid, to = str(ov["statement"]), str(ov["to"])
        known = (to in seeds or to == OTHER or to in present
                 or registry.themes.get(to, {}).get("kind") == "emergent")
        if sid in rep_of and known:
            primary[rep_of[sid]] = to
            out.add(n, action, sid, 1, f"ok: moved to {to}")
        else:
            why = "statement not found" if sid not in rep_of else f"theme {to} unknown"
            out.add(n, action, sid, 0, why)
