"""Issue 16: honest strategy themes, two levels, confidence, examples, and the evaluation
functions that measure them (``rus_analysis.themes.evaluation``).

The e5 tests use the 97-statement Danish fixture (six topics of 16-17 statements) and are
skipped where e5 cannot load; the others use the lexical backend or synthetic vectors.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml
from sklearn.preprocessing import normalize

from rus_analysis.config import ThemeSeed, load_config
from rus_analysis.nlp import LexicalEmbedder
from rus_analysis.themes import OTHER, ThemeModel, routing
from rus_analysis.themes import discovery as disc
from rus_analysis.themes import evaluation as ev
from rus_analysis.themes import examples as exm
from rus_analysis.themes.labels import pick_quotes
from support import FIXTURES, ROOT

FIXTURE = FIXTURES / "themes_small.csv"
TOPIC = {"trafik": "kollektiv_trafik", "vand": "drikkevand", "uddannelse":
         "uddannelse_beskaeftigelse", "klima": "klima", "erhverv": "erhverv_vaekst",
         "affald": "ressourcer"}


@pytest.fixture(scope="module")
def full_fit(data, e5):
    cfg, emb = e5
    m = ThemeModel(taxonomy=cfg.themes.taxonomy, embedder=emb, stop_words=cfg.nlp.stop_words)
    return m.fit(data["text"].tolist())


# ------------------------------------------------------------- honest strategy themes
def test_a_topic_missing_from_the_taxonomy_goes_to_an_emergent_theme(data, e5):
    """Taxonomy without "Klima og klimatilpasning": the climate statements are not taken
    by the remaining strategy themes but form an emergent theme of their own."""
    cfg, emb = e5
    seeds = tuple(s for s in cfg.themes.taxonomy if s.id != "klima")
    m = ThemeModel(taxonomy=seeds, embedder=emb, stop_words=cfg.nlp.stop_words)
    m.fit(data["text"].tolist())
    lab = data["label"].to_numpy()
    klima = m.labels_[lab == "klima"]
    absorbed = np.isin(klima, [s.id for s in seeds]).mean()
    assert absorbed <= 0.25
    kinds = dict(zip(m.themes_["theme_key"], m.themes_["kind"], strict=True))
    emergent = pd.Series([k for k in klima if kinds.get(k) == "emergent"])
    home = emergent.value_counts().index[0]
    assert (klima == home).mean() >= 0.5                    # one theme holds most of them
    assert np.mean(lab[m.labels_ == home] == "klima") >= 0.6   # and it is about climate


FIXTURE_TAXONOMY = (   # one theme per topic of the fixture, as an analyst would write them
    ("trafik", "Kollektiv trafik", "busser, tog, metro og cykelstier"),
    ("vand", "Drikkevand", "grundvand, vandværker og pesticider"),
    ("uddannelse", "Uddannelse", "erhvervsuddannelser, praktikpladser og faglærte"),
    ("klima", "Klimatilpasning", "skybrud, stormflod og kystbeskyttelse"),
    ("erhverv", "Erhverv og turisme", "virksomheder, iværksættere og turister"),
    ("affald", "Affald og genbrug", "sortering, genanvendelse og madspild"),
)


def test_leaving_themes_out_does_not_grow_the_remaining_ones(data, e5):
    """Leave-themes-out on the fixture (every third theme dropped: trafik, klima): the
    dropped topics' statements stay out of the remaining strategy themes, and the kept
    themes are scored as with the full taxonomy."""
    cfg, emb = e5
    seeds = tuple(ThemeSeed(f"t{i}", n, d) for i, (_, n, d) in enumerate(FIXTURE_TAXONOMY))
    tax = ev.Taxonomy(seeds, {f"t{i}": lab for i, (lab, _, _) in enumerate(FIXTURE_TAXONOMY)})
    corpus = ev.Corpus("fixture", data[["text", "label"]].copy(), tax)
    fac = ev.product_factory(emb, cfg.nlp.stop_words)
    out = ev.leave_out_metrics(corpus, fac, ev.EvalOptions(leave_out=0.34))
    assert out["dropped"] == ["klima", "trafik"]
    assert out["absorbed_share"] <= 0.25
    assert out["kept_macro_f1"] >= out["kept_macro_f1_full"] - 0.05


def test_a_group_is_held_only_where_group_and_statement_agree():
    post = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.6, 0.4]])
    fine = np.array([0, 0, 1, 1])
    out = routing.route(post, fine, {0: {0}})
    assert list(out) == [0, -1, -1, -1]     # row 1 prefers theme 1, group 1 is unclaimed


def test_anchors_claim_the_group_their_nearest_statements_are_in():
    x = normalize(np.array([[1, 0.1], [1, 0.2], [0.1, 1], [0.2, 1]], dtype=float))
    fine = np.array([0, 0, 1, 1])
    anchor = normalize(np.array([[0.15, 1.0]]))
    assert routing.anchor_homes(anchor, [3], x, fine, 2) == {1: {3}}
    # an anchor that is a statement of the input is in its own group
    assert routing.anchor_homes(anchor, [3], x, fine, 2, anchor_rows=[0]) == {0: {3}}


def test_an_anchor_claims_only_a_group_that_fits_its_theme():
    """A description with no statements of its own lands among another topic's
    statements: the group its neighbours are in is its home only when that group fits
    the theme (specific fit >= HOME_FIT; with one theme, the mean evidence); else the
    best-fitting group
    among its neighbours' groups when that one fits strongly, else none."""
    x = normalize(np.array([[1, 0.1], [1, 0.2], [1, 0.3], [0.1, 1], [0.2, 1]], dtype=float))
    fine = np.array([0, 0, 0, 1, 1])
    anchor = normalize(np.array([[1.0, 0.25]]))          # nearest: rows 1, 2, 0 (group 0)
    ev_ = np.zeros((5, 1))
    ev_[fine == 0, 0] = 2.0
    assert routing.anchor_homes(anchor, [0], x, fine, 3, evidence=ev_) == {0: {0}}
    ev_[fine == 0, 0] = 0.4                               # group 0 does not fit the theme
    assert routing.anchor_homes(anchor, [0], x, fine, 3, evidence=ev_) == {}
    # a neighbour group is the home instead only when it fits strongly (>= STRONG_FIT,
    # the bar of a group elsewhere); neighbours: rows 2, 1, 0, 4
    ev_[fine == 1, 0] = 1.2
    assert routing.anchor_homes(anchor, [0], x, fine, 4, evidence=ev_) == {}
    ev_[fine == 1, 0] = 2.0
    assert routing.anchor_homes(anchor, [0], x, fine, 4, evidence=ev_) == {1: {0}}
    # an example that is a statement of the input keeps its own group whatever the fit
    assert routing.anchor_homes(anchor, [0], x, fine, 3, anchor_rows=[0],
                                evidence=ev_) == {0: {0}}


def test_an_anchor_whose_group_does_not_fit_takes_the_best_fitting_neighbour_group():
    """Two neighbour groups fit strongly: the better one is the home (ties: the lower
    group id, so the result does not depend on row order)."""
    x = normalize(np.array([[1, 0.1], [1, 0.2], [1, 0.3], [0.1, 1], [0.2, 1], [0.3, 1]],
                           dtype=float))
    fine = np.array([0, 0, 0, 1, 2, 2])
    anchor = normalize(np.array([[1.0, 0.25]]))    # 6 nearest: all rows, group 0 first
    ev_ = np.zeros((6, 1))
    ev_[fine == 1, 0], ev_[fine == 2, 0] = 1.8, 2.4
    assert routing.anchor_homes(anchor, [0], x, fine, 6, evidence=ev_) == {2: {0}}
    ev_[fine == 2, 0] = 1.8
    assert routing.anchor_homes(anchor, [0], x, fine, 6, evidence=ev_) == {1: {0}}


def test_a_group_that_fits_every_theme_a_little_fits_none_specifically():
    group_fit = np.array([[1.2, 0.9, 0.8, 1.0],      # long general posts: all a little
                          [2.0, -0.5, -0.3, 0.1]])   # about theme 0 only
    spec = routing.specific_fit(group_fit)
    assert spec[0, 0] < routing.HOME_FIT <= spec[1, 0]
    assert spec[1, 0] == 2.0          # a negative typical fit is no bonus
    assert np.allclose(routing.specific_fit(np.array([[1.5]])), 1.5)   # one theme
    # two themes: the other theme's fit is the typical one
    assert np.allclose(routing.specific_fit(np.array([[2.0, 0.5]])), [[1.5, -1.5]])


WRONG_TAXONOMY = (   # themes the fixture (traffic, water, education, ...) says nothing of
    ThemeSeed("kultur", "Kultur og idræt", "museer, teatre, foreningsliv og idrætshaller"),
    ThemeSeed("forsvar", "Beredskab og forsvar", "politi, brandvæsen og militær"),
)


def test_a_theme_nothing_is_about_holds_no_group(data, e5):
    """A taxonomy none of the fixture's topics is about: its anchors land in the
    nearest groups of other topics, which fit them no better than the input does, so
    the themes claim no group and hold (next to) nothing; the topics stay emergent.
    (Before the home bar, "Kultur og idræt" held 13 of the 97 statements.)"""
    cfg, emb = e5
    m = ThemeModel(taxonomy=WRONG_TAXONOMY, embedder=emb, stop_words=cfg.nlp.stop_words)
    m.fit(data["text"].tolist())
    assert m.homes_ == {}
    held = np.isin(m.labels_, [s.id for s in WRONG_TAXONOMY])
    assert held.mean() <= 0.05
    assert m.homeless_ == ["kultur", "forsvar"]


def test_the_analyst_is_told_which_strategy_theme_no_group_fits(data, tmp_path, e5):
    """assign_themes writes a problem line per strategy theme that claims no group, and
    none for a theme the round speaks to."""
    from rus_analysis.schema import STATEMENT_COLUMNS
    from rus_analysis.themes import assign_themes

    cfg, emb = e5
    rows = [{"statement_id": f"r-{i:03d}:0", "text": t, "dup_group": f"g{i}", "dup_count": 1,
             "is_representative": True, "status": "kept", "round": "2026"}
            for i, t in enumerate(data["text"])]
    st = pd.DataFrame(rows)
    for col in STATEMENT_COLUMNS:
        if col not in st.columns:
            st[col] = ""
    trafik = next(s for s in cfg.themes.taxonomy if s.id == "kollektiv_trafik")
    cfg = replace(cfg, themes=replace(cfg.themes, taxonomy=(trafik, *WRONG_TAXONOMY)),
                  paths=replace(cfg.paths, processed=tmp_path / "o", state=tmp_path / "o",
                                overrides=tmp_path / "none.yaml"))
    res = assign_themes(st[list(STATEMENT_COLUMNS)], cfg, embedder=emb)
    lines = res.problems[res.problems["code"] == "theme_without_home"]
    assert sorted(lines["locator"]) == ["theme=forsvar", "theme=kultur"]
    assert lines["message"].str.contains("'Kultur og idræt'").any()
    assert (lines["round"] == "2026").all() and (lines["severity"] == "info").all()
    sizes = res.themes.set_index("theme_id")["size"]
    assert sizes["kollektiv_trafik"] >= 10            # the theme the round speaks to



def test_a_group_elsewhere_joins_a_theme_only_when_it_fits_like_the_theme_s_home():
    # groups 0-1 are in discovered theme 0, groups 2-3 in discovered theme 1; theme 0's
    # home (group 0) fits it at 4.0
    fine = np.array([0, 0, 1, 1, 2, 2, 3, 3])
    parent = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    ev_ = np.zeros((8, 1))
    ev_[fine == 0, 0] = 4.0
    ev_[fine == 1, 0] = 1.6   # sibling: strong enough (>= STRONG_FIT) -> follows
    ev_[fine == 2, 0] = 1.8   # elsewhere: strong but under half the home's fit -> stays out
    ev_[fine == 3, 0] = 2.5   # elsewhere: strong and over half the home's fit -> joins
    claimed = routing.extend_homes({0: {0}}, ev_, fine, parent)
    assert claimed == {0: {0}, 1: {0}, 3: {0}}
    # a theme whose home fits it weakly: any strong group elsewhere may join (as before)
    ev_[fine == 0, 0] = 2.0
    assert 2 in routing.extend_homes({0: {0}}, ev_, fine, parent)

# ------------------------------------------------------------- confidence and review
def test_confident_assignments_are_mostly_right_and_review_lists_the_least_sure(data, full_fit):
    m = full_fit
    truth = data["label"].map(TOPIC).to_numpy()
    conf = m.confident_[m.row_index_]
    assert conf.sum() >= 10
    assert np.mean(m.labels_[conf] == truth[conf]) >= 0.8
    assert ((m.confidence_ >= 0) & (m.confidence_ <= 1)).all()
    assert not m.confident_[m.primary_ == OTHER].any()
    rev = m.review(per_theme=3)
    assert set(rev.columns) >= {"theme_key", "confidence", "text"}
    for key, g in rev.groupby("theme_key"):
        members = m.confidence_[m.primary_ == key]
        assert list(g["confidence"]) == sorted(g["confidence"])      # least sure first
        assert g["confidence"].iloc[0] == pytest.approx(members.min(), abs=1e-4)


# ------------------------------------------------------------- examples
def test_examples_pull_their_theme_statements_in(data, e5):
    """A theme with an uninformative description finds its statements once the analyst
    gives four examples (scored on the statements that are not examples)."""
    cfg, emb = e5
    vague = tuple(replace(s, description="Forskellige emner.", keywords=())
                  if s.id == "klima" else s for s in cfg.themes.taxonomy)
    texts = data["text"].tolist()
    klima = np.flatnonzero(data["label"].to_numpy() == "klima")
    with_ex = tuple(replace(s, examples=tuple(texts[i] for i in klima[:4]))
                    if s.id == "klima" else s for s in vague)
    before = ThemeModel(taxonomy=vague, embedder=emb, stop_words=cfg.nlp.stop_words).fit(texts)
    after = ThemeModel(taxonomy=with_ex, embedder=emb, stop_words=cfg.nlp.stop_words).fit(texts)
    rest = klima[4:]
    assert np.mean(after.labels_[rest] == "klima") > np.mean(before.labels_[rest] == "klima")
    assert np.mean(after.labels_[rest] == "klima") >= 0.75
    assert (after.labels_[klima[:4]] == "klima").all()      # an example is in its theme
    assert after.confident_[after.row_index_[klima[:4]]].all()


def test_moves_in_the_overrides_become_examples():
    seeds = (ThemeSeed("a", "A", "a"), ThemeSeed("b", "B", "b", examples=("x",)))
    out = exm.examples_from_overrides(seeds, [
        {"action": "move", "statement": "s1", "to": "b"},
        {"action": "move", "statement": "s2", "to": "E001"},     # not a strategy theme
        {"action": "move", "statement": "gone", "to": "a"},       # unknown statement
        {"action": "rename", "theme": "a", "name": "n"}], {"s1": "tekst 1", "s2": "tekst 2"})
    assert out[0].examples == () and out[1].examples == ("x", "tekst 1")


def test_examples_resolve_to_statements_by_text():
    from rus_analysis.nlp import text_hash

    texts = ["en", "to", "tre"]
    hashes = sorted(text_hash(t) for t in texts)
    seeds = (ThemeSeed("a", "A", "a", examples=("to", "fire")),
             ThemeSeed("b", "B", "b", examples=("to", "tre")))
    r = exm.resolve(seeds, hashes)
    assert r.seed == (0, 0, 1, 1) and r.rows[1] is None
    pos = {text_hash(t): i for i, t in enumerate(texts)}
    row = {t: hashes.index(text_hash(t)) for t in texts}
    assert r.labelled == {row["tre"]: 1}        # "to" is an example of both: left out
    del pos


# ------------------------------------------------------------- two levels, order
@pytest.mark.parametrize("taxonomy", [False, True])
def test_both_levels_are_identical_for_any_row_order(data, lexical, taxonomy):
    seeds = load_config(ROOT / "config" / "rus.yaml").themes.taxonomy if taxonomy else ()
    texts = data["text"].tolist()
    perm = np.random.default_rng(5).permutation(len(texts))
    a = ThemeModel(taxonomy=seeds, embedder=lexical).fit(texts)
    b = ThemeModel(taxonomy=seeds, embedder=lexical).fit([texts[i] for i in perm])
    for attr in ("labels_",):
        back = np.empty(len(texts), dtype=object)
        back[perm] = getattr(b, attr)
        assert list(back) == list(getattr(a, attr))
    assert list(a.subthemes_) == list(b.subthemes_)      # per distinct text, hash order
    assert np.array_equal(a.confidence_, b.confidence_)


def test_sub_themes_are_nested_in_their_theme_and_named_by_it(data, lexical):
    m = ThemeModel(embedder=lexical).fit(data["text"].tolist())
    for key, sub in zip(m.primary_, m.subthemes_, strict=True):
        if key == OTHER:
            assert sub == OTHER
        else:
            parent, n = str(sub).rsplit(".", 1)
            assert parent == key and 1 <= int(n) <= disc.SUB_K_MAX
    sizes = pd.Series(m.primary_).value_counts()
    for key, size in sizes.items():
        subs = set(m.subthemes_[m.primary_ == key])
        if key != OTHER and size >= disc.SUB_MIN_SIZE:
            assert len(subs) >= 2
        elif key != OTHER:
            assert subs == {f"{key}.1"}


def test_separation_keeps_blobs_apart_and_rejects_a_split_blob():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16)) * 4
    y = np.repeat(np.arange(3), 80)
    x = normalize(centres[y] + rng.normal(size=(len(y), 16)))
    g = disc.build_graph(disc.center(x))
    assert disc.separated(g.core, y, 3)
    split = y.copy()
    split[(y == 0) & (np.arange(len(y)) % 2 == 0)] = 3     # one blob cut in two at random
    assert not disc.separated(g.core, split, 4)
    found = disc.discover(x, "auto", random_state=0, graph=g)
    assert found.k >= 3 and found.scores[found.k] == found.k


# ------------------------------------------------------------- evaluation functions
def test_every_third_theme_is_dropped_starting_with_the_first():
    assert ev.dropped_indices(7, 0.34) == [0, 3, 6]
    assert ev.dropped_indices(19, 0.34) == [0, 3, 6, 9, 12, 15, 18]


def test_examples_are_drawn_with_a_fixed_seed_per_label():
    y = np.array(["a"] * 30 + ["b"] * 5 + ["c"] * 12)
    one = ev.draw_examples(y, ["a", "b", "c"], 10, seed=0)
    two = ev.draw_examples(y, ["c", "a", "b"], 10, seed=0)
    assert all(np.array_equal(one[k], two[k]) for k in one)
    assert len(one["a"]) == 10 and len(one["b"]) == 2 and len(one["c"]) == 6
    assert all((y[v] == k).all() for k, v in one.items())
    three = ev.draw_examples(np.concatenate([y, ["d"] * 40]), ["a", "b", "c", "d"], 10, 0)
    assert np.array_equal(one["a"], three["a"])   # another label does not move a's draw


def test_f1_table_and_overprediction_flags():
    y = np.array(["a"] * 8 + ["b"] * 2)
    pred = np.array(["a"] * 4 + ["b"] * 4 + ["a", "b"])
    tab = ev.f1_table(y, pred, ["a", "b"]).set_index("label")
    assert tab.loc["b", "pred_share"] == 0.5 and tab.loc["b", "precision"] == 0.2
    assert ev.overpredicted(tab.reset_index()) == ["b"]
    assert ev.macro_f1(y, np.array(["x"] * 10), ["a", "b"]) == 0.0


def test_calibration_bins_cover_every_assignment():
    conf = np.array([0.05, 0.45, 0.55, 0.95, 1.0])
    rows = ev.calibration(conf, np.array([0, 0, 1, 1, 1], dtype=bool))
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    top = [r for r in rows if r["bin"] == "0.9-1.0"][0]
    assert top["share"] == 0.4 and top["accuracy"] == 1.0


def test_ceiling_is_a_cross_validated_balanced_logistic_regression():
    rng = np.random.default_rng(1)
    y = np.repeat(["p", "q", "r"], 40)
    x = rng.normal(size=(120, 5)) + np.repeat(np.eye(3, 5) * 4, 40, axis=0)
    out = ev.ceiling_metrics(x, y)
    assert out["ceiling_macro_f1"] > 0.9 and len(out["ceiling_C"]) == 5


def test_suite_file_and_runner(tmp_path, data, lexical):
    csv = tmp_path / "c.csv"
    data.assign(label2=data["label"] + "-" + (data.index % 2).astype(str)).to_csv(csv, index=False)
    tax = tmp_path / "t.yaml"
    tax.write_text(yaml.safe_dump({"themes": [
        {"label": t, "name": n, "description": d, **({"examples": [e]} if e else {})}
        for t, n, d, e in [("trafik", "Trafik", "busser og tog", "Flere busser"),
                           ("vand", "Vand", "drikkevand og grundvand", None)]]},
        allow_unicode=True), encoding="utf-8")
    suite = tmp_path / "s.yaml"
    suite.write_text(yaml.safe_dump({"corpora": [{"name": "fx", "csv": "c.csv",
                                                  "label2_column": "label2",
                                                  "drop_labels": ["affald"],
                                                  "taxonomy": "t.yaml"}]}), encoding="utf-8")
    corpora = ev.load_suite(suite, root=tmp_path)
    assert corpora[0].taxonomy.seeds[0].examples == ("Flere busser",)
    assert "affald" not in set(corpora[0].frame["label"])
    fac = ev.product_factory(lexical)
    out = ev.run_suite(suite, fac, ev.EvalOptions(leave_out=0.34, examples_per_theme=2,
                                                  ceiling=True, kmeans_seeds=(0,)),
                       root=tmp_path)
    r = out[0]
    assert r["discovery"]["order_identical"] and r["discovery"]["sub_order_identical"]
    assert {"sub_ari", "n_subthemes"} <= set(r["discovery"])
    assert {"macro_f1", "baseline_macro_f1", "per_theme", "calibration"} <= set(r["seeded"])
    assert "absorbed_share" in r["leave_out"] and "ceiling_macro_f1" in r["ceiling"]
    assert r["fewshot"]["n_examples"] > 0 and "halfway" in r["fewshot"]
    assert len(ev.summary_rows(out)) == 1


def test_assign_themes_gives_sub_themes_confidence_and_a_review_list(data, tmp_path, lexical):
    from rus_analysis.schema import STATEMENT_COLUMNS
    from rus_analysis.themes import assign_themes

    rows = [{"statement_id": f"r-{i:03d}:0", "text": t, "dup_group": f"g{i}", "dup_count": 1,
             "is_representative": True, "status": "kept"} for i, t in enumerate(data["text"])]
    st = pd.DataFrame(rows)
    for col in STATEMENT_COLUMNS:
        if col not in st.columns:
            st[col] = ""
    cfg = load_config(ROOT / "config" / "rus.yaml", overrides={
        "nlp": {"embedding_backend": "lexical"},
        "paths": {"cache": str(tmp_path / "c"), "processed": str(tmp_path / "o"),
                  "state": str(tmp_path / "o"), "overrides": str(tmp_path / "none.yaml")}})
    res = assign_themes(st[list(STATEMENT_COLUMNS)], cfg, embedder=lexical)
    per = res.statement_themes
    assert list(per["statement_id"]) == list(st["statement_id"])
    prim = res.assignments.query("rank == 0").set_index("statement_id")["theme_id"]
    assert (per.set_index("statement_id")["theme_id"] == prim).all()
    assert all(s == OTHER or s.rsplit(".", 1)[0] == t
               for s, t in zip(per["subtheme_id"], per["theme_id"], strict=True))
    assert set(per["subtheme_id"]) - {OTHER} <= set(res.subthemes["subtheme_id"])
    assert res.subthemes["size"].sum() == int((per["theme_id"] != OTHER).sum())
    assert set(res.review["statement_id"]) <= set(st["statement_id"])
    assert res.review.groupby("theme_id").size().max() <= 10


def test_a_round_too_small_for_a_graph_still_gets_strategy_themes() -> None:
    """Three statements and a taxonomy: no kNN graph, no routing, but no crash either;
    each statement goes to its best strategy theme."""
    texts = ["Flere busser til Helsinge", "Rent grundvand i Hillerød", "Flere busser om natten"]
    tax = (ThemeSeed("trafik", "Kollektiv trafik", "busser, tog og metro", ("busser",)),
           ThemeSeed("vand", "Drikkevand", "grundvand og vandværker", ("grundvand",)))
    m = ThemeModel(taxonomy=tax, embedder=LexicalEmbedder()).fit(texts)
    assert m.graph_ is None
    assert list(m.labels_) == ["trafik", "vand", "trafik"]
    assert len(m.confidence_) == 3


# ------------------------------------------------------------- quotes on theme cards
def test_pick_quotes_with_a_fit_quotes_only_the_members_that_fit_best() -> None:
    """Eight members, the centroid nearest the four that fit the theme least: given the
    fit, the quotes are the best-fitting quarter (at least 4), nearest their own centroid."""
    texts = [f"Udsagn om {w}." for w in ("bus", "tog", "metro", "cykel", "skole", "vand",
                                          "affald", "klima")]
    vectors = normalize(np.array([[1, 0.1 * i, 0] for i in range(4)]
                                 + [[0, 1, 0.1 * i] for i in range(4)], dtype=float))
    vectors[4:] = normalize(vectors[4:] + [[0.3, 0, 0]])
    members = np.arange(8)
    fit = np.array([3.0, 2.9, 2.8, 2.7, 0.1, 0.0, -0.1, -0.2])
    plain = set(pick_quotes(texts, vectors, members, n_quotes=4))
    fitted = pick_quotes(texts, vectors, members, n_quotes=4, fit=fit)
    assert set(fitted) == {0, 1, 2, 3}
    assert plain != set(fitted)          # the centroid alone would quote the others


def test_a_strategy_theme_quotes_members_from_the_best_fitting_quarter(full_fit) -> None:
    """Every quote on a strategy theme's card is among the quarter of its members (at
    least 4) that fit its description best; emergent themes quote by centroid."""
    m = full_fit
    ids = list(m.seed_ids_)
    seeded = m.themes_[m.themes_["kind"] == "seeded"]
    checked = 0
    for row in seeded.itertuples():
        members = np.flatnonzero(m.primary_ == row.theme_key)
        if len(members) < 8 or not row.quote_index:
            continue
        fit = m.seed_evidence_[members, ids.index(row.theme_key)]
        bar = np.sort(fit)[::-1][max(4, int(np.ceil(len(members) / 4))) - 1]
        assert all(m.seed_evidence_[i, ids.index(row.theme_key)] >= bar - 1e-9
                   for i in row.quote_index)
        checked += 1
    assert checked >= 3
