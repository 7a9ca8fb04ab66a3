"""Theme sections, the statements table and the summary against the contracts of issues 16
(sub-themes) and 17 (positions), on the hand-made coverage fixture: the parts that need
them appear only when the tables are there, and count what the tables hold."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from rus_analysis.coverage import STATES, TOTAL_STATES
from rus_analysis.report import sections
from rus_analysis.report.statements import FILTERS, StatementFilter, statement_rows, statements_table
from rus_analysis.report.synopsis import synopsis, synopsis_html
from support import coverage_fixture, load_coverage_fixture


def fixture_tables(with_contracts: bool) -> SimpleNamespace:
    f = load_coverage_fixture()
    st = f["statements"].astype({"municipality_code": "object"})
    th = f["themes"].assign(top_terms=f["themes"]["top_terms"].str.split(";"),
                            quotes=[["k1", "f1"], ["k7"], ["f2"]])
    a = f["assignments"]
    t = SimpleNamespace(statements=st, themes=th, assignments=a,
                        files=pd.DataFrame({"source_file": st["source_file"].unique()}))
    if with_contracts:
        prim = a["rank"] == 0
        sub = pd.Series(pd.NA, index=a.index, dtype="object")
        sub[prim & (a["theme_id"] == "trafik")] = [
            "trafik_bus" if i % 2 else "trafik_tog" for i in range(int((prim & (
                a["theme_id"] == "trafik")).sum()))]
        t.assignments = a.assign(subtheme_id=sub, confidence=0.8, confident=True)
        t.subthemes = pd.DataFrame({
            "subtheme_id": ["trafik_bus", "trafik_tog"], "theme_id": ["trafik", "trafik"],
            "label": ["Busser", "Tog"], "top_terms": [["bus"], ["tog"]], "size": [6, 6],
            "quotes": [[x] for x in (t.assignments.loc[sub == "trafik_bus", "statement_id"]
                                     .iloc[:1].tolist() + t.assignments.loc[
                                         sub == "trafik_tog", "statement_id"].iloc[:1].tolist())],
            "quote_texts": [["x"], ["y"]]})
        pos = ["forslag", "bekymring", "støtte", "modstand"]
        t.positions = pd.DataFrame({
            "statement_id": st["statement_id"], "position": [pos[i % 4] for i in range(len(st))],
            "position_score": [0.5 + (i % 5) / 10 for i in range(len(st))],
            "position_cues": "", "tone": "neutral", "tone_score": 0.0,
            "position_source": "model"})
    return t


def test_without_sub_themes_and_positions_those_parts_are_absent() -> None:
    t = fixture_tables(False)
    cov = coverage_fixture()
    assert sections.key_points(t, cov) == {} and sections.sides(t, cov) == {}
    rows = statement_rows(t, cov)
    assert (rows["undertema"] == "").all() and (rows["holdning"] == "").all()
    html = str(statements_table(rows))
    assert 'data-filter="holdning"' not in html and 'data-filter="undertema"' not in html
    # who raised each theme: the four state words, names from the table
    who = sections.who_raised(cov, STATES)["vand"]
    assert "har rejst temaet" in who and "København" in who and "Gribskov" in who


def test_key_points_cover_the_sub_themes_with_their_voices() -> None:
    t = fixture_tables(True)
    cov = coverage_fixture()
    kp = sections.key_points(t, cov)
    assert set(kp) == {"trafik"}
    prim = t.assignments[t.assignments["rank"] == 0].merge(
        t.statements[["statement_id", "voice_id"]], on="statement_id")
    for sid, label in (("trafik_bus", "Busser"), ("trafik_tog", "Tog")):
        n = prim.loc[prim["subtheme_id"] == sid, "voice_id"].nunique()
        assert f"<b>{label}</b> <span class=\"n\">nævnt af {n} stemme" in kp["trafik"]
        assert f"undertema={sid}" in kp["trafik"]


def test_sides_quote_the_surest_statement_of_each_position() -> None:
    t = fixture_tables(True)
    cov = coverage_fixture()
    sd = sections.sides(t, cov)["trafik"]
    for title in ("Støtte", "Modstand", "Bekymringer", "Forslag"):
        assert f"<h4>{title} (" in sd
    assert "holdning=støtte" in sd
    # the statements table gains the two filters, and a filter selects what it says
    rows = statement_rows(t, cov)
    html = str(statements_table(rows))
    assert 'data-filter="holdning"' in html and 'data-filter="undertema"' in html
    f = StatementFilter({"tema": "trafik", "holdning": "støtte"})
    sel = f.select(rows)
    assert len(sel) and set(sel["holdning"]) == {"støtte"} and set(sel["theme_id"]) == {"trafik"}
    assert f.href() == "#udsagn?tema=trafik&holdning=støtte"
    assert {k for k, *_ in FILTERS} >= {"tema", "undertema", "holdning", "sted"}


def test_summary_shows_the_position_split_when_positions_exist() -> None:
    cov = coverage_fixture()
    plain = synopsis(fixture_tables(False), cov)
    assert (plain.themes["positions"] == "").all()
    s = synopsis(fixture_tables(True), cov)
    assert s.themes.set_index("theme_id").loc["trafik", "positions"].count("%") >= 3
    html = str(synopsis_html(s, TOTAL_STATES))
    assert "Holdning:" in html and "Siden sidste runde" in html
    # rounds R1 -> R2 of the fixture: the changes are the coverage table's sentences
    assert set(s.changes) <= set(cov.round_changes["sentence"])


def test_confidence_sentence_counts_sure_and_unsure_statements() -> None:
    import pandas as pd

    from rus_analysis.report.summaries import confidence_sentence

    a = pd.DataFrame({"statement_id": ["a", "b", "c", "c"], "theme_id": ["x", "x", "y", "x"],
                      "rank": [0, 0, 0, 1], "confident": [True, False, False, pd.NA]})
    s = confidence_sentence(a)
    assert s.startswith("1 udsagn er placeret med høj sikkerhed; 2 er usikre")
    assert confidence_sentence(a.drop(columns="confident")) == ""


def test_the_summary_says_what_a_theme_is_about_in_words_that_name_a_topic() -> None:
    """"Oftest om måde, behøver og normale" told the committee nothing: the sentence
    skips the theme's own words and words that name no topic (``danish.GENERIC_WORDS``,
    the list a theme's label skips), as the label does."""
    from rus_analysis.report.synopsis import theme_sentence

    row = SimpleNamespace(kind="emergent", label="Rejser, drikke og besøg", statements=67,
                          voices=44, municipalities=21)
    terms = ["måde", "rejser", "behøver", "drikke", "normale", "besøg", "flyselskaber",
             "flyve"]
    sentence = theme_sentence(row, terms, 29)
    assert sentence.endswith("oftest om flyselskaber og flyve.")
    # nothing but generic words: no "oftest om" at all
    assert "oftest om" not in theme_sentence(row, ["måde", "behøver"], 29)
