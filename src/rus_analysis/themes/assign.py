"""``assign_themes``: the pipeline step from statements to theme tables.

Fits ``ThemeModel`` on each distinct text once (the representatives of duplicate groups),
gives stable ids through the registry, applies the analyst's overrides, and hands every
member of a duplicate group its representative's themes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from rus_analysis.config import REGISTRY_FILE, Config
from rus_analysis.consent import quotable
from rus_analysis.nlp import Embedder, lemmatize, make_embedder, text_hash, tokenize
from rus_analysis.problems import ProblemLog
from rus_analysis.schema import ASSIGNMENT_COLUMNS, STATEMENT_COLUMNS, THEME_COLUMNS, check_columns
from rus_analysis.themes.examples import examples_from_overrides
from rus_analysis.themes.labels import scattered_label
from rus_analysis.themes.model import MIN_GROUP, OTHER, REASON_TINY, ThemeModel
from rus_analysis.themes.overrides import (
    NO_POSITIONS,
    NO_SUBTHEMES,
    OverrideOutcome,
    load_overrides,
)
from rus_analysis.themes.registry import Registry


@dataclass(frozen=True)
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
    problems: what the run decided about the registry, as problem lines
        (``problems.PROBLEM_COLUMNS``): a held emergent theme retired because it shrank
        below ``MIN_GROUP`` statements ("theme_retired"), or kept small by an analyst's
        decision ("small_theme_kept").
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
    problems: pd.DataFrame | None = None


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

    ``registry_path``: the id registry (default ``<paths.state>/theme_registry.json``).
    ``embedder``: default ``make_embedder(cfg)`` (cached on disk under cfg.paths.cache).
    """
    check_columns(statements, STATEMENT_COLUMNS, "statements")
    emb = embedder if embedder is not None else make_embedder(cfg)
    reg_path = Path(registry_path) if registry_path is not None \
        else cfg.paths.state / REGISTRY_FILE
    registry = Registry.load(reg_path)
    registered = {tid for tid, info in registry.themes.items()
                  if info.get("kind") == "emergent" and not registry.is_retired(tid)}
    t = cfg.themes
    reps = _representatives(statements)
    rep_hashes = [text_hash(str(x)) for x in reps["text"].tolist()]
    overrides = load_overrides(cfg.paths.overrides)
    # an analyst's decision on a retired theme brings it back, with its statements
    protected = _named_by_overrides(overrides, registry)
    for tid in sorted(protected):
        if registry.restore(tid):
            registered.add(tid)
    # the analyst's moves to a strategy theme are that theme's examples on this run
    taxonomy = examples_from_overrides(
        t.taxonomy, overrides, dict(zip(statements["statement_id"].astype(str).tolist(),
                                        statements["text"].astype(str).tolist(), strict=True)))
    model = ThemeModel(n_themes=t.n_themes, taxonomy=taxonomy, embedder=emb,
                       stop_words=cfg.nlp.stop_words, min_seed_score=t.min_seed_score,
                       max_secondary=t.max_secondary, n_quotes=cfg.report.quotes_per_theme,
                       random_state=t.random_state)
    # a refusing respondent's answer is themed like any other, never quoted; its text is
    # quotable through a quotable statement with the same text (a copy, a campaign)
    ok = quotable(statements)
    all_texts = statements["text"].astype(str)
    ok_texts = set(all_texts[ok].tolist())
    model.fit(reps["text"].astype(str).tolist(),
              quotable=[x in ok_texts for x in reps["text"].astype(str).tolist()])
    hashes = model.hashes_
    seeds = {s.id for s in t.taxonomy}

    # stable ids for discovered clusters
    clusters = {k: {hashes[i] for i in np.flatnonzero(model.primary_ == k)}
                for k in sorted({str(p) for p in model.primary_ if str(p).startswith("C")})}
    ids = registry.match_clusters(clusters)
    primary = np.array([ids.get(str(p), str(p)) for p in model.primary_], dtype=object)
    # a seeded id no longer in the taxonomy is not valid: its statements are re-assigned
    valid = seeds | {OTHER} | {tid for tid, info in registry.themes.items()
                               if info.get("kind") == "emergent" and "retired" not in info}
    held = np.zeros(len(hashes), dtype=bool)
    changed = np.zeros(len(hashes), dtype=bool)
    for i, h in enumerate(hashes):  # earlier statements keep their earlier theme
        old = registry.statements.get(h)
        if old is not None and old in valid and "merged_into" not in registry.themes.get(old, {}):
            held[i], changed[i] = True, primary[i] != old
            primary[i] = old
    rep_of = _rep_index(statements, reps, rep_hashes, hashes)
    st_idx = np.array([rep_of[str(sid)] for sid in statements["statement_id"].tolist()],
                      dtype=int)
    problems = ProblemLog()
    rounds = "+".join(sorted(set(statements["round"].astype(str)) - {""}))
    retired = _retire_small(
        primary, held, changed, model, ids, registry, registered, protected, seeds=seeds,
        rounds=rounds,
        copies=np.bincount(st_idx, minlength=len(hashes)),
        names={s.id: s.name for s in t.taxonomy}, source=reg_path.name, log=problems)
    second = model.assignments_[model.assignments_["rank"] > 0].copy()
    second["theme_key"] = [ids.get(k, k) for k in second["theme_key"]]
    second = second[~second["theme_key"].isin(retired)]

    # analyst overrides
    outcome = OverrideOutcome()
    names: dict[str, str] = {}
    pinned: dict[str, str] = {}
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
    # a quote names a statement that may be quoted: the representative, or else the
    # first quotable statement with the same text
    quoted_as = (statements.loc[ok, ["statement_id"]].assign(_t=all_texts[ok])
                 .sort_values("statement_id").drop_duplicates("_t")
                 .set_index("_t")["statement_id"].astype(str).to_dict())
    ok_ids = set(statements.loc[ok, "statement_id"].astype(str).tolist())

    def quote_id(i: int) -> str:
        sid = str(rep_sid[hashes[i]])
        return sid if sid in ok_ids else quoted_as.get(model.texts_[i], sid)

    themes["quotes"] = [[quote_id(i) for i in q] for q in themes["quote_index"]]
    text_of = dict(zip(statements["statement_id"].astype(str).tolist(),
                       statements["text"].astype(str).tolist(),
                       strict=True))
    for qs, qt in zip(themes["quotes"], themes["quote_texts"], strict=True):
        for sid, q in zip(qs, qt, strict=True):
            if q not in text_of[sid]:  # verbatim: an exact substring of the cleaned text
                raise RuntimeError(f"internal error: the quote chosen for {sid} is not "
                                   "verbatim; please report it")
    themes = themes[[*THEME_COLUMNS, "name", "quotes", "quote_texts", "nearest_seed"]]
    _report_homeless(model, themes, rounds, reg_path.name, problems)

    registry.record({hashes[i]: str(primary[i]) for i in range(len(hashes))},
                    dict(zip(themes["theme_id"], themes["label"], strict=True)),
                    dict(zip(themes["theme_id"], themes["kind"], strict=True)))
    registry.save()
    per_statement, subthemes, review = _second_level(model, primary, ids, statements, st_idx,
                                                     rep_sid, hashes)
    subthemes = scattered_subtheme_labels(subthemes, themes)
    assignments = _with_second_level(assignments, per_statement)
    # after the themes' own tables and sub-themes, so a move can name a sub-theme
    assignments = apply_subtheme_moves(assignments, overrides, rep_of, outcome, subthemes)
    subthemes = _subtheme_quotes(subthemes, assignments, statements, text_of, ok_ids)
    report = outcome.frame()
    return ThemeResult(assignments=assignments, themes=themes.reset_index(drop=True),
                       backend=model.backend_, override_report=report,
                       n_discovered=int(model.k_), model=model,
                       held=int(held[st_idx].sum()), held_changed=int(changed[st_idx].sum()),
                       statement_themes=per_statement, subthemes=subthemes, review=review,
                       problems=problems.frame())


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
    # a model sub-theme whose statements all kept an earlier theme (or went to "Øvrige")
    # holds nothing in this run's themes: no row, or the table names a theme that is not
    # in the themes table
    desc = desc[desc["size"] > 0]
    subthemes = desc[["subtheme_id", "theme_id", "label", "top_terms", "size"]]
    rows = []
    for tid in sorted(set(primary.tolist()) - {OTHER}):
        idx = np.flatnonzero(primary == tid)
        order = idx[np.lexsort((idx, model.confidence_[idx]))][:per_theme]
        for rank, i in enumerate(order, start=1):
            rows.append({"statement_id": str(rep_sid[hashes[i]]), "theme_id": tid,
                         "rank_in_theme": rank,
                         "subtheme_id": sub_arr[i],
                         "confidence": round(float(model.confidence_[i]), 4),
                         "confident": bool(model.confident_[i]), "text": model.texts_[i]})
    review = pd.DataFrame(rows, columns=["statement_id", "theme_id", "rank_in_theme",
                                         "subtheme_id", "confidence", "confident", "text"])
    return per_statement, subthemes.reset_index(drop=True), review


def scattered_subtheme_labels(subthemes: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """A sub-theme without a shared word (no top terms) is labelled as such, after its
    theme's final label (the analyst's name or pinned label when there is one):
    "Øresund, regering og usa: spredte udsagn uden fælles ord" names where it belongs and
    that its statements have nothing in common, where a word of one of them would mislead
    (and "Uden betegnelse", the earlier label, told a reader nothing)."""
    label_of = dict(zip(themes["theme_id"].astype(str), themes["label"].astype(str),
                        strict=True))
    bare = [len(t) == 0 for t in subthemes["top_terms"]]
    if not any(bare):
        return distinct_labels(subthemes)
    labels = [scattered_label(label_of.get(str(tid))) if b else lab
              for lab, tid, b in zip(subthemes["label"], subthemes["theme_id"], bare,
                                     strict=True)]
    return distinct_labels(subthemes.assign(label=labels))


def distinct_labels(subthemes: pd.DataFrame) -> pd.DataFrame:
    """Sub-themes of one theme that would carry the same label (two scattered groups,
    or two groups whose top terms tie) are numbered, largest first: "…: spredte udsagn
    uden fælles ord (1)", "(2)". The analyst picks a sub-theme by its label in the
    report's filter and the workbook; two equal labels in one theme are two entries
    nobody can tell apart. Ties in size go by sub-theme id, so the numbers are stable."""
    if subthemes.empty:
        return subthemes
    key = subthemes["theme_id"].astype(str) + "\x00" + subthemes["label"].astype(str)
    dup = key.duplicated(keep=False)
    if not dup.any():
        return subthemes
    labels = subthemes["label"].astype(str).tolist()
    pos = {i: n for n, i in enumerate(subthemes.index)}
    for _, grp in subthemes[dup].groupby(key[dup], sort=True):
        order = grp.assign(_id=grp["subtheme_id"].astype(str)).sort_values(
            ["size", "_id"], ascending=[False, True], kind="stable")
        for n, i in enumerate(order.index, start=1):
            labels[pos[i]] = f"{labels[pos[i]]} ({n})"
    return subthemes.assign(label=labels)


def _with_second_level(assignments: pd.DataFrame, per_statement: pd.DataFrame
                       ) -> pd.DataFrame:
    """The rank-0 rows gain ``subtheme_id``, ``confidence`` and ``confident`` (secondary
    rows keep <NA>): one table says where a statement is, at both levels, and how sure."""
    extra = per_statement.set_index(per_statement["statement_id"].astype(str))
    out = assignments.copy()
    first = out["rank"] == 0
    sid = out.loc[first, "statement_id"].astype(str)
    out["subtheme_id"] = pd.array([pd.NA] * len(out), dtype="string")
    out.loc[first, "subtheme_id"] = sid.map(extra["subtheme_id"]).astype("string").to_numpy()
    out["confidence"] = np.nan
    out.loc[first, "confidence"] = sid.map(extra["confidence"]).astype(float).to_numpy()
    out["confident"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out.loc[first, "confident"] = sid.map(extra["confident"]).astype(bool).to_numpy()
    return out


def _subtheme_quotes(subthemes: pd.DataFrame, assignments: pd.DataFrame,
                     statements: pd.DataFrame, text_of: dict[str, str],
                     quotable_ids: set[str] | None = None, n: int = 3) -> pd.DataFrame:
    """Each sub-theme's size after the analyst's moves, and up to ``n`` quotes: its most
    confident representative statements (ties by id), verbatim; only statements in
    ``quotable_ids`` (None: all) are quoted (the respondents' consent)."""
    first = assignments[assignments["rank"] == 0]
    reps = set(statements.loc[statements["is_representative"].fillna(False).astype(bool),
                              "statement_id"].astype(str))
    if quotable_ids is not None:
        reps &= quotable_ids
    first = first.assign(_rep=first["statement_id"].astype(str).isin(reps))
    sizes = first["subtheme_id"].value_counts()
    quotes, texts = [], []
    for sub in subthemes["subtheme_id"].astype(str):
        g = first[(first["subtheme_id"] == sub) & first["_rep"]]
        g = g.sort_values(["confidence", "statement_id"], ascending=[False, True]).head(n)
        ids = g["statement_id"].astype(str).tolist()
        quotes.append(ids)
        texts.append([text_of[i] for i in ids])
    return subthemes.assign(size=[int(sizes.get(s, 0)) for s in subthemes["subtheme_id"]],
                            quotes=quotes, quote_texts=texts)


def _rep_index(statements: pd.DataFrame, reps: pd.DataFrame, rep_hashes: list[str],
               hashes: list[str]) -> dict[str, int]:
    """statement_id -> index of its representative's distinct text (``rep_hashes``: the
    text hash of each row of ``reps``; ``hashes``: the model's distinct-text order)."""
    pos = {h: i for i, h in enumerate(hashes)}
    rep_hash = dict(zip(reps["dup_group"].astype(str).tolist(), rep_hashes, strict=True))
    return {str(s): pos[rep_hash[str(g)]]
            for s, g in zip(statements["statement_id"].tolist(),
                            statements["dup_group"].tolist(), strict=True)}


def _split_key(ov: dict[str, Any]) -> str:
    """The registry key of a split's theme: the same split gets the same id on every run."""
    kws = ov["keyword"] if isinstance(ov["keyword"], list) else [ov["keyword"]]
    return f"split:{ov['theme']}:{'|'.join(sorted(str(k).lower() for k in kws))}"


def _named_by_overrides(overrides: list[dict[str, Any]], registry: Registry) -> dict[str, int]:
    """Theme ids an analyst's decision names -> the number of the first such decision.

    An analyst who accepted, renamed, pinned the label of, merged, split or moved a
    statement to a theme owns it: a small such theme is kept, never retired silently. A
    statement marked ``reviewed`` does not: ticking one statement is no decision about
    the theme.
    """
    named: dict[str, int] = {}
    for n, ov in enumerate(overrides, start=1):
        action = ov["action"]
        tids: list[Any] = []
        if action in ("accept", "rename", "pin_label", "split"):
            tids = [ov["theme"]]
        elif action == "merge":
            tids = [*ov["themes"], ov.get("into")]
        elif action == "move":
            tids = [ov["to"]]
        if action == "split":
            key = _split_key(ov)
            tids += [t for t, info in sorted(registry.themes.items()) if info.get("key") == key]
        for tid in tids:
            if tid:
                named.setdefault(str(tid), n)
    return named


def _retire_small(primary: np.ndarray, held: np.ndarray, changed: np.ndarray,
                  model: ThemeModel, ids: dict[str, str], registry: Registry,
                  registered: set[str], protected: dict[str, int], *, seeds: set[str],
                  rounds: str,
                  copies: np.ndarray, names: dict[str, str], source: str,
                  log: ProblemLog) -> set[str]:
    """Retire the held emergent themes this run would show with fewer than ``MIN_GROUP``
    distinct statements; returns their ids (``primary``, ``held``, ``changed`` in place).

    Why: holding earlier statements in their theme (the registry) keeps a theme alive that
    today's data no longer supports, so the same input would give a different report
    depending on the registry's history, and the committee would read a card about two
    statements. A retired theme's statements get what today's model gives them (as new
    statements would); where that is the retired theme itself (its cluster shrank below
    the minimum too) they go to "Øvrige" with the too-small reason, as a new group that
    small would. The theme's id is never handed out again. A theme an analyst's decision
    names (``protected``) stays, and a problem line says so. Seeded themes never retire.
    ``copies``: statements per distinct text (duplicates counted), for the problem line.
    """
    keys, counts = np.unique(primary.astype(str), return_counts=True)
    # a theme is judged on all its statements: those of rounds this run does not read
    # (``--rounds`` one round) still support it, or a run on a subset would retire
    # themes the whole input holds
    today = set(model.hashes_)
    held_by: dict[str, set[str]] = {}          # theme -> its registered statements
    for h, t in registry.statements.items():
        held_by.setdefault(t, set()).add(h)
    absent = {t: len(hs - today) for t, hs in held_by.items()}
    small = [(str(k), int(c)) for k, c in zip(keys, counts, strict=True)
             if str(k) in registered and c + absent.get(str(k), 0) < MIN_GROUP]
    # every small theme's statements before any is moved (one's statements must not be
    # counted as another's)
    members = {tid: np.flatnonzero(primary == tid) for tid, _ in small}
    retired: set[str] = set()
    targets: set[str] = set()
    for tid, n_texts in small:
        idx = members[tid]
        label = str(registry.themes.get(tid, {}).get("label", ""))
        n_st = int(copies[idx].sum())
        what = (f"emergent theme {tid} '{label}' holds {n_texts} distinct statement(s) "
                f"({n_st} with copies) in this run, fewer than the {MIN_GROUP} a theme "
                "is made of")
        if tid in protected:
            log.add(rounds, source, "small_theme_kept",
                    f"{what}; kept because override {protected[tid]} names it",
                    severity="info", locator=f"theme={tid}",
                    value=f"{tid} {label}: {n_st} udsagn, beholdt af beslutning "
                          f"{protected[tid]}")
            continue
        retired.add(tid)
        for i in idx:
            key = str(model.primary_[i])
            now = ids.get(key, key)
            if now == tid or now in members or registry.is_retired(now):
                now = OTHER
                model.other_reasons_[int(i)] = REASON_TINY
            primary[i] = now
            targets.add(now)
            held[i] = changed[i] = False
        # all its statements, also those of rounds this run does not read, so that an
        # analyst's later decision on it (``Registry.restore``) brings it back whole
        registry.retire(tid, sorted(held_by.get(tid, set()) | {model.hashes_[i] for i in idx}),
                        rounds,
                        f"{n_texts} distinct statement(s), fewer than {MIN_GROUP}")
        moved: Counter[str] = Counter()
        for i in idx:
            moved[str(primary[i])] += int(copies[i])
        where = sorted(moved.items(), key=lambda kv: (-kv[1], kv[0]))
        en = ", ".join(f"{c} to {t}" for t, c in where)
        da = ", ".join(f"{c} til {_theme_name(t, names, registry)}" for t, c in where)
        log.add(rounds, source, "theme_retired",
                f"{what}: retired, its id is not used again; {n_st} statement(s) moved: "
                f"{en}", severity="warning", locator=f"theme={tid}",
                action=f"nothing, if the theme is no longer needed; to keep it, add "
                       f"{{action: accept, theme: {tid}}} to the overrides file and run "
                       "again: it comes back with its statements",
                value=f"{tid} {label}: {n_st} udsagn flyttet, {da}")
    # a theme new in this run that only the moved statements make is itself too small:
    # "Øvrige", as any group under the minimum (not a card the next run retires)
    for tid in sorted(targets - {OTHER} - seeds - set(protected) - registered):
        rows = np.flatnonzero(primary == tid)
        if len(rows) < MIN_GROUP:
            primary[rows] = OTHER
            for i in rows:
                model.other_reasons_[int(i)] = REASON_TINY
    return retired


def _report_homeless(model: ThemeModel, themes: pd.DataFrame, rounds: str, source: str,
                     log: ProblemLog) -> None:
    """A problem line per strategy theme that no group of the round fits
    (``ThemeModel.homeless_``, ``routing.anchor_homes``).

    Why: such a theme holds only the statements that reach it one by one (a strong own
    fit, a leftover return, an analyst's move), and the map would show it as barely
    raised. That is the right answer when the round
    does not speak to it, and a sign of a description in other words than the
    stakeholders' when it does; only the analyst can tell which.
    """
    size = dict(zip(themes["theme_id"], themes["size"], strict=True))
    name = dict(zip(themes["theme_id"], themes["label"], strict=True))
    for sid in model.homeless_:
        n = int(size.get(sid, 0))
        log.add(rounds, source, "theme_without_home",
                f"strategy theme {sid} '{name.get(sid, sid)}': no group of statements in "
                f"this round fits its description (its description and keywords land among "
                f"statements about something else); it holds {n} statement(s)",
                severity="info", locator=f"theme={sid}",
                value=f"{sid} {name.get(sid, sid)}: {n} udsagn")


def _theme_name(tid: str, names: dict[str, str], registry: Registry) -> str:
    """A theme as the committee knows it: taxonomy name, last label, or "Øvrige"."""
    if tid == OTHER:
        return "Øvrige"
    return names.get(tid) or str(registry.themes.get(tid, {}).get("label") or tid)


def _apply(n: int, ov: dict[str, Any], primary: np.ndarray, model: ThemeModel,
           registry: Registry, rep_of: dict[str, int], names: dict[str, str],
           pinned: dict[str, str], out: OverrideOutcome, seeds: set[str]) -> None:
    """Apply one override in place; record whether it matched."""
    action = ov["action"]
    present = set(primary.tolist())
    if action in ("rename", "pin_label", "accept"):
        tid = str(ov["theme"])
        hit = int((primary == tid).sum()) if tid in present else 0
        if action == "accept":
            # an accepted theme keeps the label it had when the analyst accepted it, also
            # when a new round changes its top terms; its id is kept by the registry
            label = ov.get("label") or registry.themes.get(tid, {}).get("label")
            if hit and label:
                pinned[tid] = str(label)
        elif hit:
            target, key = (names, "name") if action == "rename" else (pinned, "label")
            target[tid] = str(ov[key])
        out.add(n, action, tid, hit, "ok" if hit else f"theme {tid} not found in this run", ov)
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
                "ok" if moved else "none of the themes to merge has statements", ov)
    elif action == "split":
        tid = str(ov["theme"])
        kws = ov["keyword"] if isinstance(ov["keyword"], list) else [ov["keyword"]]
        kws = [str(k).lower() for k in kws]
        lemmas = {lemmatize(w) for k in kws for w in tokenize(k)}
        sel = [i for i in np.flatnonzero(primary == tid)
               if any(k in model.texts_[i].lower() for k in kws)
               or lemmas & set(model.terms_[i])]
        key = _split_key(ov)
        # on a later run the split's statements are already in its theme (the registry
        # holds them there): the split still stands, and keeps its name
        earlier = next((t for t, info in sorted(registry.themes.items())
                        if info.get("key") == key), None)
        held_there = int((primary == earlier).sum()) if earlier else 0
        if sel or held_there:
            new = registry.id_for_key(key)
            primary[sel] = new
            if "name" in ov:
                names[new] = str(ov["name"])
            msg = f"ok: new theme {new}"
        else:
            msg = f"no statement of theme {tid} contains {kws}"
        out.add(n, action, tid, len(sel) + held_there, msg, ov)
    elif action in ("move", "reviewed"):
        sid = str(ov["statement"])
        to = str(ov.get("to", ov.get("theme", "")) or "")
        known = (to in seeds or to == OTHER or to in present
                 or registry.themes.get(to, {}).get("kind") == "emergent")
        if sid not in rep_of:
            out.add(n, action, sid, 0, "statement not found", ov)
        elif not to:            # reviewed without a theme: only the flag
            out.add(n, action, sid, 1, "ok: reviewed", ov)
        elif registry.is_retired(to):   # a "reviewed" does not keep a theme (a move does)
            out.add(n, action, sid, 1, f"reviewed in {to}, a theme retired for its size: "
                    f"the statement stays in {primary[rep_of[sid]]}", ov)
        elif known:             # moved, or kept in the theme the analyst reviewed it in
            primary[rep_of[sid]] = to
            verb = "moved to" if action == "move" else "reviewed in"
            out.add(n, action, sid, 1, f"ok: {verb} {to}", ov)
        else:
            out.add(n, action, sid, 0, f"theme {to} unknown", ov)
    elif action == "position":  # applied to the positions table (apply_position_overrides)
        out.add(n, action, str(ov["statement"]), 0, NO_POSITIONS, ov)


def apply_subtheme_moves(assignments: pd.DataFrame, overrides: list[dict[str, Any]],
                         rep_of: dict[str, int], out: OverrideOutcome,
                         subthemes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Put statements (with their duplicate groups) into the sub-theme the analyst chose.

    Needs the ``subtheme_id`` column of the rank-0 assignments (issue 16); without it the
    entry's report line says the sub-theme part was skipped (its theme move stands). A
    sub-theme must belong to the statement's primary theme (``subthemes.theme_id``).
    ``rep_of``: statement id -> its distinct text (members of a duplicate group share one).
    """
    wanted = [(n, ov) for n, ov in enumerate(overrides, start=1)
              if ov["action"] in ("move", "reviewed") and ov.get("subtheme")]
    if not wanted:
        return assignments
    rows = {r["n"]: r for r in out.rows}
    if "subtheme_id" not in assignments.columns:
        for n, _ in wanted:
            if rows[n]["matched"]:
                rows[n]["message"] += f"; sub-theme {NO_SUBTHEMES.removeprefix('skipped: ')}"
        return assignments
    members: dict[int, list[str]] = {}
    for s, i in rep_of.items():
        members.setdefault(i, []).append(s)
    owner = ({} if subthemes is None else
             dict(zip(subthemes["subtheme_id"].astype(str), subthemes["theme_id"].astype(str),
                      strict=True)))
    out_a = assignments.copy()
    first = (out_a["rank"] == 0).to_numpy()
    sub = out_a["subtheme_id"].astype(object).to_numpy(copy=True)
    theme = out_a["theme_id"].astype(str).to_numpy()
    row_of = {s: i for i, s in zip(np.flatnonzero(first),
                                   out_a.loc[first, "statement_id"].astype(str), strict=True)}
    for n, ov in wanted:
        row = rows[n]
        if not row["matched"]:
            continue
        sid, st = str(ov["statement"]), str(ov["subtheme"])
        tid = theme[row_of[sid]]
        if subthemes is not None and owner.get(st) != tid:
            row["message"] += f"; sub-theme {st} is not a sub-theme of {tid}, not applied"
            continue
        for member in members[rep_of[sid]]:
            sub[row_of[member]] = st
        row["message"] += f", sub-theme {st}"
    out_a["subtheme_id"] = pd.array(sub, dtype="string")
    return out_a
