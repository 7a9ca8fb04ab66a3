"""The id registry over a long life: a held emergent theme that shrank below the size a
theme is made of is retired (problem line, statements reassigned, id never reused), unless
an analyst's decision names it; reruns and row order still give identical output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import yaml

from rus_analysis.nlp import text_hash
from rus_analysis.problems import PROBLEM_COLUMNS
from rus_analysis.report.summaries import problem_line_da
from rus_analysis.themes import OTHER, assign_themes
from rus_analysis.themes.model import MIN_GROUP
from rus_analysis.themes.registry import Registry
from support import theme_config as _cfg
from support import theme_statements as _statements

OLD = "Mangler ordentlige, cykler og tog"   # the label an earlier run gave the old theme


def _primary(res) -> pd.Series:
    return res.assignments.query("rank == 0").set_index("statement_id")["theme_id"]


def _with_old_theme(reg_path: Path, st: pd.DataFrame, first) -> tuple[str, list[str]]:
    """Edit the registry as a long-lived one looks: two statements of the largest theme
    sit in an emergent theme an earlier run made (and today's model does not support).
    Returns the old theme's id and the two statements' ids."""
    reg = json.loads(reg_path.read_text(encoding="utf-8"))
    prim = _primary(first)
    big = prim[prim != OTHER].value_counts().sort_index().idxmax()
    reps = st[st["is_representative"]].set_index("statement_id")
    sids = sorted(s for s in prim[prim == big].index if s in reps.index)[:2]
    old = f"E{reg['next_emergent']:03d}"
    reg["next_emergent"] += 1
    reg["themes"][old] = {"kind": "emergent", "label": OLD, "key": "cluster:old"}
    for sid in sids:
        reg["statements"][text_hash(reps.loc[sid, "text"])] = old
    reg_path.write_text(json.dumps(reg), encoding="utf-8")
    return old, sids


def _setup(data, tmp_path: Path, lexical, overrides: list | None = None):
    path = tmp_path / "overrides.yaml"
    if overrides is not None:
        path.write_text(yaml.safe_dump({"version": 1, "overrides": overrides}), encoding="utf-8")
    cfg = _cfg(tmp_path, overrides_file=path, taxonomy=False)
    st = _statements(data["text"].tolist()[:70])
    first = assign_themes(st, cfg, embedder=lexical)
    old, sids = _with_old_theme(tmp_path / "out" / "theme_registry.json", st, first)
    return cfg, st, first, old, sids


def test_held_theme_that_shrank_is_retired_with_a_problem_line(data, tmp_path, lexical):
    cfg, st, first, old, sids = _setup(data, tmp_path, lexical)
    res = assign_themes(st, cfg, embedder=lexical)
    prim = _primary(res)
    assert old not in set(res.themes["theme_id"]) and old not in set(prim)
    # reassigned as new statements would be: today's model, here their first-run theme
    assert (prim[sids] == _primary(first)[sids]).all()
    pd.testing.assert_series_equal(prim, _primary(first))
    p = res.problems
    assert list(p.columns) == list(PROBLEM_COLUMNS)
    row = p[p["code"] == "theme_retired"].iloc[0]
    assert row["locator"] == f"theme={old}" and row["severity"] == "warning"
    assert old in row["message"] and OLD in row["message"]
    assert f"fewer than the {MIN_GROUP}" in row["message"]
    target = _primary(first)[sids[0]]
    assert f"2 statement(s) moved: 2 to {target}" in row["message"]
    assert f"{{action: accept, theme: {old}}}" in row["action"]
    line = problem_line_da(row.to_dict())
    assert f"tema {old}" in line and "nedlagt" in line and "2 udsagn flyttet" in line
    # the registry remembers the retirement: round, reason and the statements
    reg = Registry.load(tmp_path / "out" / "theme_registry.json")
    mark = reg.themes[old]["retired"]
    assert mark["rounds"] == "r1" and str(MIN_GROUP) in mark["reason"]
    assert len(mark["statements"]) == 2
    assert old not in set(reg.statements.values())


def test_retired_id_is_never_reused_by_a_later_new_cluster(data, tmp_path, lexical):
    cfg, st, first, old, _ = _setup(data, tmp_path, lexical)
    assign_themes(st, cfg, embedder=lexical)               # retires the old theme
    texts = data["text"].tolist()
    st2 = pd.concat([st, _statements(texts[70:], prefix="r2")])
    later = assign_themes(st2, cfg, embedder=lexical)
    assert old not in set(later.themes["theme_id"]) and old not in set(_primary(later))
    fresh = set(later.themes["theme_id"]) - set(first.themes["theme_id"]) - {OTHER}
    assert all(int(t[1:]) > int(old[1:]) for t in fresh)
    assert Registry.load(tmp_path / "out" / "theme_registry.json").is_retired(old)


def test_rerun_after_retirement_gives_identical_output(data, tmp_path, lexical):
    cfg, st, _, _, _ = _setup(data, tmp_path, lexical)
    once = assign_themes(st, cfg, embedder=lexical)
    twice = assign_themes(st, cfg, embedder=lexical)
    thrice = assign_themes(st, cfg, embedder=lexical)
    for a, b in ((once, twice), (twice, thrice)):
        pd.testing.assert_frame_equal(a.assignments, b.assignments)
        pd.testing.assert_frame_equal(a.themes, b.themes)
    assert twice.problems.empty and thrice.problems.empty


def test_retirement_does_not_depend_on_row_order(data, tmp_path, lexical):
    cfg, st, _, old, _ = _setup(data, tmp_path, lexical)
    reg_path = tmp_path / "out" / "theme_registry.json"
    saved = tmp_path / "registry_before.json"
    shutil.copy(reg_path, saved)
    ordered = assign_themes(st, cfg, embedder=lexical)
    shutil.copy(saved, reg_path)
    shuffled = assign_themes(st.sample(frac=1.0, random_state=7), cfg, embedder=lexical)
    key = ["statement_id", "rank"]
    pd.testing.assert_frame_equal(
        ordered.assignments.sort_values(key, ignore_index=True),
        shuffled.assignments.sort_values(key, ignore_index=True))
    pd.testing.assert_frame_equal(ordered.problems, shuffled.problems)
    assert old in ordered.problems["message"].iloc[0]


def test_theme_an_analyst_named_stays_and_the_problem_line_says_so(data, tmp_path, lexical):
    cfg, st, _, old, sids = _setup(data, tmp_path, lexical)
    path = tmp_path / "overrides.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "overrides": [
        {"action": "rename", "theme": old, "name": "Cykler og tog"}]}), encoding="utf-8")
    res = assign_themes(st, cfg, embedder=lexical)
    prim = _primary(res)
    assert (prim[sids] == old).all()
    assert res.themes.set_index("theme_id").loc[old, "label"] == "Cykler og tog"
    row = res.problems.iloc[0]
    assert (row["code"], row["severity"], row["locator"]) == ("small_theme_kept", "info",
                                                               f"theme={old}")
    assert "kept because override 1 names it" in row["message"]
    assert not Registry.load(tmp_path / "out" / "theme_registry.json").is_retired(old)


def test_accepting_a_retired_theme_brings_it_back_with_its_statements(data, tmp_path, lexical):
    cfg, st, _, old, sids = _setup(data, tmp_path, lexical)
    assign_themes(st, cfg, embedder=lexical)               # retired
    path = tmp_path / "overrides.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "overrides": [
        {"action": "accept", "theme": old}]}), encoding="utf-8")
    back = assign_themes(st, cfg, embedder=lexical)
    assert (_primary(back)[sids] == old).all()
    assert back.themes.set_index("theme_id").loc[old, "label"] == OLD   # label it had
    assert list(back.problems["code"]) == ["small_theme_kept"]


def test_seeded_themes_are_never_retired(data, tmp_path, lexical):
    """A seeded theme holding two earlier statements stays, however small it is today."""
    cfg = _cfg(tmp_path)
    st = _statements(data["text"].tolist()[:70])
    first = assign_themes(st, cfg, embedder=lexical)
    reg_path = tmp_path / "out" / "theme_registry.json"
    reg = json.loads(reg_path.read_text(encoding="utf-8"))
    seed = cfg.themes.taxonomy[-1].id
    for h in [h for h, t in reg["statements"].items() if t == seed]:
        del reg["statements"][h]
    reps = st[st["is_representative"]]
    for text in reps["text"].iloc[:2]:
        reg["statements"][text_hash(text)] = seed
    reg_path.write_text(json.dumps(reg), encoding="utf-8")
    res = assign_themes(st, cfg, embedder=lexical)
    assert (_primary(res)[reps["statement_id"].iloc[:2]] == seed).all()
    assert not (res.problems["code"] == "theme_retired").any()
    assert first.themes["theme_id"].tolist() == res.themes["theme_id"].tolist()


def test_a_run_on_part_of_the_input_retires_nothing_the_whole_input_holds(data, tmp_path, lexical):
    """``--rounds`` one round: a theme with 2 of its statements in that round is still
    supported by its statements of the other rounds; the whole input run afterwards gives
    the ids of the first whole run."""
    cfg = _cfg(tmp_path, taxonomy=False)
    st = _statements(data["text"].tolist())
    first = _primary(assign_themes(st, cfg, embedder=lexical))
    sizes = first[first.str.startswith("E")].value_counts().sort_index()
    big = sizes[sizes > 2 * MIN_GROUP].index[0]
    keep = set(first[first != big].index) | set(sorted(first[first == big].index)[:2])
    part = st[st["statement_id"].isin(keep)]
    part = part[part["is_representative"] | part["dup_group"].isin(
        part.loc[part["is_representative"], "dup_group"])]
    sub = assign_themes(part, cfg, embedder=lexical)
    assert "theme_retired" not in set(sub.problems["code"])
    # clusters whose statements all kept their earlier theme leave no empty sub-theme
    assert set(sub.subthemes["theme_id"]) <= set(sub.themes["theme_id"])
    assert (sub.subthemes["size"] > 0).all()
    assert (_primary(sub).value_counts() >= 1).all()
    again = _primary(assign_themes(st, cfg, embedder=lexical))
    pd.testing.assert_series_equal(again.sort_index(), first.sort_index())
    reg = Registry.load(tmp_path / "out" / "theme_registry.json")
    assert not [t for t in reg.themes if reg.is_retired(t)]

