"""The analyst's review: every decision is one signed, dated line in the overrides file,
and the next run applies it (ids kept, moved statements where the analyst put them,
accepted labels unchanged when the input grows by a round)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from rus_analysis.config import Config, load_config
from rus_analysis.pipeline import run_pipeline
from rus_analysis.processed import RunTables
from rus_analysis.review import ReviewSession
from rus_analysis.review.widgets import card_html, review_panel
from rus_analysis.themes.overrides import (
    OverrideError,
    append_override,
    load_overrides,
)
from support import CONFIG, DEMO, ROOT

EXTRA_ROUND = """bord,overskrift,tekst,kommune
1,Vand,PFAS i grundvandet bekymrer os i Hillerød,Hillerød
1,Trafik,Vi ønsker flere busser mellem Helsinge og Hillerød om aftenen,Gribskov
2,Byggeri,Byggeriet skal bruge flere genbrugte materialer,Gladsaxe
2,Turisme,Turister på Bornholm skal kunne komme rundt uden bil,Bornholm
3,Uddannelse,Flere lærepladser til unge i Ishøj,Ishøj
"""


def _cfg(base: Path, raw: Path | None = None) -> Config:
    return load_config(CONFIG, overrides={"paths": {
        "raw": str(raw or DEMO), "processed": str(base / "processed"),
        "state": str(base / "state"), "cache": str(base / "cache"),
        "overrides": str(base / "state" / "theme_overrides.yaml")},
        "nlp": {"embedding_backend": "lexical"}})


def _raw_with_extra_round(base: Path) -> Path:
    raw = base / "raw"
    for rnd in ("2022-23", "2025"):
        shutil.copytree(DEMO / rnd, raw / rnd)
    extra = raw / "2099-test"
    extra.mkdir()
    (extra / "postits.csv").write_text(EXTRA_ROUND, encoding="utf-8")
    (extra / "manifest.yaml").write_text(yaml.safe_dump({
        "round": "2099-test", "title": "Ekstra runde", "invited_municipalities": ["alle"],
        "sources": [{"file": "postits.csv", "type": "workshop", "name": "Post-its",
                     "date": "2099-01-10"}]}, allow_unicode=True), encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, RunTables]:
    cfg = _cfg(tmp_path_factory.mktemp("review"))
    return cfg, run_pipeline(cfg)


def _primary(tables: RunTables) -> pd.Series:
    a = tables.assignments
    return a[a["rank"] == 0].set_index("statement_id")["theme_id"]


def _emergent(tables: RunTables) -> list[str]:
    th = tables.themes
    return sorted(th.loc[th["kind"] == "emergent", "theme_id"].astype(str))


def test_every_decision_is_one_signed_dated_line(demo, tmp_path: Path) -> None:
    _, tables = demo
    path = tmp_path / "theme_overrides.yaml"
    shutil.copy(ROOT / "data" / "state" / "theme_overrides.yaml", path)
    header = path.read_text(encoding="utf-8").split("overrides:")[0]
    s = ReviewSession.from_tables(tables, path, reviewer="Analytiker A")
    e1, e2 = _emergent(tables)[:2]
    sid = _primary(tables).index[0]
    s.apply([{"action": "accept", "theme": e1}, {"action": "rename", "theme": e2, "name": "Nyt navn: »x«"},
             {"action": "merge", "themes": [e1, e2]},
             {"action": "split", "theme": "drikkevand", "keyword": "pfas", "name": "PFAS"},
             {"action": "move", "statement": sid, "to": "klima"},
             {"action": "reviewed", "statement": sid},
             {"action": "position", "statement": sid, "position": "bekymring"}])
    text = path.read_text(encoding="utf-8")
    assert text.startswith(header)               # the analyst's comments stay as they were
    lines = [ln for ln in text.splitlines() if ln.startswith("  - {")]
    assert len(lines) == 7                       # one line per decision
    entries = load_overrides(path)
    assert [e["action"] for e in entries] == ["accept", "rename", "merge", "split", "move",
                                              "reviewed", "position"]
    assert all(e["by"] == "Analytiker A" and "T" in str(e["at"]) for e in entries)
    assert entries[0]["label"] == tables.themes.set_index("theme_id").at[e1, "label"]
    assert entries[4] == {**entries[4], "statement": sid, "to": "klima"}  # id and target
    assert entries[5]["theme"] == _primary(tables)[sid]                # reviewed where it was


def test_a_decision_that_cannot_be_read_is_refused_and_nothing_written(demo, tmp_path):
    _, tables = demo
    path = tmp_path / "o.yaml"
    s = ReviewSession.from_tables(tables, path, reviewer="a")
    with pytest.raises(ValueError, match="position"):
        s.position(_primary(tables).index[0], "ja")
    with pytest.raises(KeyError, match="not in this run"):
        s.accept("E999")
    with pytest.raises(KeyError, match="not in this run"):
        s.move("nope:00", "klima")
    assert not path.exists()
    with pytest.raises(OverrideError, match="did you mean 'statement'"):
        append_override(path, {"action": "move", "statment": "x", "to": "klima"})
    path.write_text("version: 1\noverrides:\n  - {action: accept, theme: klima, at: igår}\n",
                    encoding="utf-8")
    with pytest.raises(OverrideError, match="override 1 .*ISO time"):
        load_overrides(path)


def test_flow_style_file_is_rewritten_with_every_entry(tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("version: 1\noverrides: [{action: accept, theme: klima}]\n", encoding="utf-8")
    append_override(path, {"action": "rename", "theme": "E001", "name": "Navn"})
    assert [e["action"] for e in load_overrides(path)] == ["accept", "rename"]


def test_decisions_apply_on_the_next_run_and_survive_a_new_round(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, _raw_with_extra_round(tmp_path / "in"))
    two = load_config(CONFIG, overrides={"paths": {**{k: str(getattr(cfg.paths, k)) for k in (
        "raw", "processed", "state", "cache", "overrides")}, "rounds": ["2022-23", "2025"]},
        "nlp": {"embedding_backend": "lexical"}})
    first = run_pipeline(two)
    prim = _primary(first)
    labels = first.themes.set_index("theme_id")["label"]
    e1, e2, e3, e4 = _emergent(first)[:4]
    reps = first.statements[first.statements["is_representative"]].set_index("statement_id")
    moved = next(s for s in prim.index if s in reps.index and prim[s] == "klima")
    kept = next(s for s in prim.index if s in reps.index and prim[s] == "drikkevand")
    group = first.statements.set_index("statement_id")["dup_group"]
    s = ReviewSession.from_tables(first, cfg.paths.overrides, reviewer="test")
    s.accept(e1)
    s.rename(e2, "Analytikerens navn")
    s.merge([e3, e4], into=e3)
    # split by a word the theme's statements use (the model decides which statements it
    # holds; the analyst splits what is there)
    trafik = first.statements.set_index("statement_id").loc[prim.index[prim == "kollektiv_trafik"],
                                                           "text"]
    word = next(w for w in ("metro", "letbane", "busser", "bus", "tog")
                if trafik.str.contains(w, case=False).any())
    s.split("kollektiv_trafik", word, "Metroen")
    s.move(moved, "infrastruktur")
    s.reviewed(kept)
    s.position(kept, "forslag")

    second = run_pipeline(two)
    rep = second.override_report
    assert list(rep["action"]) == ["accept", "rename", "merge", "split", "move", "reviewed",
                                   "position"]
    assert rep["matched"].tolist() == [True] * 7
    pos = second.positions.set_index("statement_id")
    assert pos.loc[kept, "position"] == "forslag" and pos.loc[kept, "position_source"] == "analyst"
    assert (pos.drop(index=kept)["position_source"] == "model").all()
    assert (rep["by"] == "test").all() and rep["at"].str.contains("T").all()
    lab2 = second.themes.set_index("theme_id")["label"]
    assert lab2[e1] == labels[e1] and lab2[e2] == "Analytikerens navn"
    assert e4 not in lab2.index
    p2 = _primary(second)
    assert (p2[prim.index[prim == e4]] == e3).all()       # merged statements moved over
    split_id = rep.loc[rep["action"] == "split", "message"].iloc[0].split()[-1]
    assert lab2[split_id] == "Metroen"
    assert p2[moved] == "infrastruktur" and p2[kept] == "drikkevand"
    same_group = group.index[group == group[moved]]
    assert (p2[same_group] == "infrastruktur").all()      # the duplicate group moves along

    third = run_pipeline(cfg)                             # the input grows by a round
    assert "2099-test" in set(third.statements["round"])
    lab3 = third.themes.set_index("theme_id")["label"]
    p3 = _primary(third)
    assert lab3[e1] == labels[e1] and lab3[e2] == "Analytikerens navn"   # ids and labels kept
    assert lab3[split_id] == "Metroen" and e4 not in lab3.index
    assert p3[moved] == "infrastruktur" and p3[kept] == "drikkevand"
    assert (p3[p2.index] == p2).all()                     # earlier statements stay put


def test_widgets_take_every_decision_without_a_browser(demo, tmp_path: Path) -> None:
    _, tables = demo
    path = tmp_path / "o.yaml"
    s = ReviewSession.from_tables(tables, path, reviewer="widget")
    panel = review_panel(s, n_uncertain=3)
    e1, e2 = _emergent(tables)[:2]
    panel.theme.value = e1
    assert tables.themes.set_index("theme_id").at[e1, "label"] in panel.card.value
    assert len(panel.rows) == 3
    panel.accept.click()
    panel.new_name.value = "Et nyt navn"
    panel.rename.click()
    panel.merge_with.value = e2
    panel.merge.click()
    panel.keyword.value = "cykel"
    panel.split_name.value = "Cykler"
    panel.split.click()
    row = panel.rows[0]
    row.target.value = "klima"
    row.move.click()
    panel.rows[1].reviewed.click()
    assert "Anvendes ved næste kørsel" in panel.message.value
    entries = load_overrides(path)
    assert [e["action"] for e in entries] == ["accept", "rename", "merge", "split", "move",
                                              "reviewed"]
    assert entries[2]["themes"] == [e1, e2] and entries[4]["to"] == "klima"
    assert entries[4]["statement"] == row.statement_id
    panel.new_name.value = "  "
    panel.rename.click()                                  # refused, said in Danish
    assert "Ikke gemt" in panel.message.value and len(load_overrides(path)) == 6


def test_least_certain_and_optional_tables(demo, tmp_path: Path) -> None:
    _, tables = demo
    prim = tables.assignments[tables.assignments["rank"] == 0]
    s = ReviewSession.from_tables(tables, tmp_path / "o.yaml", reviewer="a")
    low = s.least_certain("klima", 4)
    # the run's own review list: its least certain statements of the theme, in its order
    review = tables.review[tables.review["theme_id"] == "klima"].sort_values("rank_in_theme")
    assert low["statement_id"].tolist() == review["statement_id"].head(4).tolist()
    assert list(low["confidence"]) == sorted(low["confidence"])
    conf = prim.set_index("statement_id")["confidence"]
    assert all(conf[i] == pytest.approx(c, abs=1e-4)
               for i, c in zip(low["statement_id"], low["confidence"], strict=True))
    assert low["confidence"].iloc[0] == pytest.approx(
        prim.loc[prim["theme_id"] == "klima", "confidence"].min(), abs=1e-4)
    ids = low["statement_id"].tolist()
    sub = pd.DataFrame({"subtheme_id": ["S1", "S2"], "theme_id": ["klima", "klima"],
                        "label": ["Skybrud", "Hav<script>"], "top_terms": [[], []],
                        "size": [3, 2], "quotes": [[], []], "quote_texts": [[], []]})
    review = pd.DataFrame({"statement_id": ids[::-1], "theme_id": "klima",
                           "confidence": [0.1, 0.2, 0.3, 0.4], "rank_in_theme": [1, 2, 3, 4]})
    positions = pd.DataFrame({"statement_id": ids, "position": "neutral"})
    s2 = ReviewSession(tables, tmp_path / "o.yaml", "a", subthemes=sub, positions=positions,
                       review=review)
    card = s2.card("klima", 4)
    assert card.uncertain["statement_id"].tolist() == ids[::-1]   # the run's review table
    assert card.uncertain["position"].tolist() == ["neutral"] * 4
    html = card_html(card)
    assert "Hav&lt;script&gt;" in html and "<script>" not in html
    with pytest.raises(KeyError, match="not a sub-theme"):
        s2.move(ids[0], "drikkevand", "S1")
    s2.move(ids[0], "klima", "S2")
    panel = review_panel(s2, n_uncertain=2)
    panel.theme.value = "klima"
    panel.rows[0].position.value = "modstand"
    panel.rows[0].correct.click()
    assert load_overrides(tmp_path / "o.yaml")[-1]["position"] == "modstand"
    assert load_overrides(tmp_path / "o.yaml")[0]["subtheme"] == "S2"


def test_a_statement_moved_to_another_sub_theme_is_there_on_the_next_run(
        tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    first = run_pipeline(cfg)
    a = first.assignments[first.assignments["rank"] == 0]
    subs = first.subthemes
    reps = set(first.statements.loc[first.statements["is_representative"], "statement_id"])
    # a theme with two sub-themes; a statement of one moves to the other
    two = subs.groupby("theme_id").filter(lambda g: len(g) >= 2)
    tid = str(two["theme_id"].iloc[0])
    s1, s2 = two.loc[two["theme_id"] == tid, "subtheme_id"].astype(str).tolist()[:2]
    sid = next(s for s in a.loc[a["subtheme_id"] == s1, "statement_id"] if s in reps)
    session = ReviewSession.from_tables(first, cfg.paths.overrides, reviewer="test")
    session.move(sid, tid, s2)
    second = run_pipeline(cfg)
    b = second.assignments[second.assignments["rank"] == 0].set_index("statement_id")
    assert b.loc[sid, "theme_id"] == tid and b.loc[sid, "subtheme_id"] == s2
    line = second.override_report.iloc[-1]
    assert line["matched"] and f"sub-theme {s2}" in line["message"]
