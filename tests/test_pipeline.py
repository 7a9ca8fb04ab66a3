"""The library chain on the demo input, measured against its truth file.

Fitted once per module (e5 when it loads, embeddings cached under .cache); the
determinism test refits on shuffled rows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from rus_analysis.config import load_config
from rus_analysis.pipeline import coverage_of, find_round_dirs, load_run, run_pipeline, write_run
from rus_analysis.themes import assign_themes
from support import ROOT

TRUTH = ROOT / "data" / "raw" / "demo" / "truth"


@pytest.fixture(scope="module")
def cfg(tmp_path_factory: pytest.TempPathFactory):
    # a private processed folder: the theme id registry of the project is not touched
    processed = tmp_path_factory.mktemp("processed")
    return load_config(ROOT / "config" / "rus.yaml",
                       overrides={"paths": {"processed": str(processed),
                                            "state": str(processed / "state")}})


@pytest.fixture(scope="module")
def run(cfg):
    return run_pipeline(cfg)


def test_finds_the_three_demo_rounds_and_refuses_unknown_ones(cfg) -> None:
    assert [p.name for p in find_round_dirs(cfg.paths.raw)] == ["2022-23", "2025", "2026"]
    assert [p.name for p in find_round_dirs(cfg.paths.raw, ["2025"])] == ["2025"]
    with pytest.raises(FileNotFoundError, match="2031"):
        find_round_dirs(cfg.paths.raw, ["2031"])


def test_every_raw_record_is_accounted_for(run) -> None:
    acc = run.accounting
    assert acc["balanced"].all()
    assert (acc["records_in"] == acc["kept"] + acc["merged"] + acc["rejected"]).all()
    n_kept_or_merged = run.statements["record_id"].nunique()
    n_rejected_only = len(set(run.rejects["record_id"].dropna()) - {""} -
                          set(run.statements["record_id"]))   # "": a file-level reject
    assert n_kept_or_merged + n_rejected_only == int(acc["records_in"].sum())


def test_every_statement_has_exactly_one_primary_theme(run) -> None:
    prim = run.assignments[run.assignments["rank"] == 0]
    assert prim["statement_id"].is_unique
    assert set(prim["statement_id"]) == set(run.statements["statement_id"])
    assert set(prim["theme_id"]) <= set(run.themes["theme_id"])
    seeded = set(run.themes.loc[run.themes["kind"] == "seeded", "theme_id"])
    assert {"kollektiv_trafik", "drikkevand", "klima"} <= seeded


def _coverage_truth() -> dict:
    """The coverage truth of all three demo rounds: the 2022-23/2025 file and the 2026
    file, combined (invited or contributing in any round)."""
    rounds: dict = {}
    for path in (TRUTH / "coverage.yaml", TRUTH / "2026" / "coverage.yaml"):
        rounds.update(yaml.safe_load(path.read_text(encoding="utf-8"))["rounds"])
    invited = set().union(*[set(r["invited"]) for r in rounds.values()])
    contributed = set().union(*[set(r["contributed"]) for r in rounds.values()])
    return {"rounds": rounds, "contributed": contributed,
            "invited_silent": invited - contributed}


def test_coverage_states_match_the_truth_files_of_three_rounds(run) -> None:
    truth = _coverage_truth()
    assert set(truth["rounds"]) == {"2022-23", "2025", "2026"}
    cov = coverage_of(run)
    bm = cov.by_municipality
    assert bm.groupby("theme_id").size().eq(29).all()  # all 29, every theme
    assert "0411" not in set(bm["kommunekode"])
    assert "0265" not in set(bm["kommunekode"])         # Roskilde answered: not one of the 29
    never = set(bm["kommunekode"]) - set().union(*[set(r["invited"])
                                                   for r in truth["rounds"].values()])
    for code in never:
        assert set(bm.loc[bm["kommunekode"] == code, "state"]) == {"ikke inviteret"}
    for code in truth["invited_silent"]:
        assert set(bm.loc[bm["kommunekode"] == code, "state"]) == {
            "inviteret, men intet input"}
    raised = set(bm.loc[bm["state"] == "har rejst temaet", "kommunekode"])
    assert raised == truth["contributed"]
    # totals reconcile with the accounting of the ingest step
    assert int(bm.groupby("kommunekode")["municipality_statements"].first().sum()) <= len(
        run.statements)
    assert len(run.statements) == int(run.accounting["statements_kept"].sum()
                                      + run.accounting["statements_merged"].sum())


def test_a_campaign_counts_as_one_voice(run) -> None:
    planted = pd.read_csv(TRUTH / "planted.csv", dtype=str, keep_default_na=False)
    members = planted[planted["group"] == "camp-1"]
    assert len(members) >= 8
    st = run.statements
    camp = st[st["text"].str.contains("Borgergruppen for Bedre Trafik", regex=False)
              | st["text"].str.startswith("Vi er en gruppe borgere i Halsnæs")]
    assert len(camp) == len(members)
    assert camp["voice_id"].nunique() == 1
    assert camp["dup_count"].max() == len(members)
    assert camp["is_representative"].sum() == 1


def test_theme_assignment_ignores_row_order(run, cfg, tmp_path: Path) -> None:
    st = run.statements
    shuffled = st.sample(frac=1.0, random_state=np.random.RandomState(11)).reset_index(drop=True)
    again = assign_themes(shuffled, cfg, registry_path=tmp_path / "fresh_registry.json")
    key = ["statement_id", "rank"]
    a = run.assignments.sort_values(key).reset_index(drop=True)
    b = again.assignments.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a[["statement_id", "theme_id", "rank"]],
                                  b[["statement_id", "theme_id", "rank"]])
    assert list(run.themes["theme_id"]) == list(again.themes["theme_id"])
    assert list(run.themes["label"]) == list(again.themes["label"])


def test_written_tables_read_back_and_excel_is_safe(run, tmp_path: Path) -> None:
    import openpyxl

    written = write_run(run, tmp_path)
    assert written.workbook is None  # written at once, not in the background
    back = load_run(tmp_path)
    assert len(back.statements) == len(run.statements)
    assert list(back.themes["theme_id"]) == list(run.themes["theme_id"])
    wb = openpyxl.load_workbook(written.files["excel"], read_only=True)
    assert {"Udsagn", "Afviste", "Regnskab", "Temaer", "Tema x kommune"} <= set(wb.sheetnames)
    for row in wb["Udsagn"].iter_rows(values_only=True):
        for cell in row:
            assert not (isinstance(cell, str) and cell[:1] in "=+-@"), cell


def test_every_stage_output_keeps_its_contract(run) -> None:
    from rus_analysis.schema import (
        ASSIGNMENT_SCHEMA,
        ATTENDANCE_SCHEMA,
        INVITATION_SCHEMA,
        REJECT_SCHEMA,
        STATEMENT_SCHEMA,
        THEME_SCHEMA,
        check_table,
    )

    for df, contract, name in [(run.statements, STATEMENT_SCHEMA, "statements"),
                               (run.rejects, REJECT_SCHEMA, "rejects"),
                               (run.invitations, INVITATION_SCHEMA, "invitations"),
                               (run.attendance, ATTENDANCE_SCHEMA, "attendance"),
                               (run.assignments, ASSIGNMENT_SCHEMA, "assignments"),
                               (run.themes, THEME_SCHEMA, "themes")]:
        check_table(df, contract, name)


@pytest.fixture(scope="module")
def truth_themes(run) -> pd.DataFrame:
    """Truth theme and predicted primary theme of every truth statement found in the run
    (the first statement of its file that holds the snippet's first 40 characters)."""
    truth = pd.concat([pd.read_csv(TRUTH / "statements.csv", dtype=str, keep_default_na=False),
                       pd.read_csv(TRUTH / "2026" / "statements.csv", dtype=str,
                                   keep_default_na=False)], ignore_index=True)
    st = run.statements.merge(run.assignments[run.assignments["rank"] == 0], on="statement_id")
    st["norm"] = st["text"].str.split().str.join(" ")
    rows = []
    for r in truth.itertuples():
        hit = st[(st["source_file"] == r.file)
                 & st["norm"].str.contains(" ".join(r.snippet.split())[:40], regex=False)]
        if len(hit):
            rows.append((r.theme, hit.iloc[0]["theme_id"]))
    return pd.DataFrame(rows, columns=["truth", "pred"])


def test_post_its_of_many_strategy_themes_make_no_emergent_theme(run, truth_themes) -> None:
    """The demo's 2-4-word post-its ("Billigere billetter!", "Urørt skov") are each
    other's neighbours because they are short. Those that fit a strategy theme go to it;
    the rest, still spread over the taxonomy, are "Øvrige" with their reason, not an
    emergent theme named after three unrelated words (issue 16: no grab-bag, measured
    against the truth files: an emergent theme whose truth-matched statements are more
    than half strategy-theme statements from three or more strategy themes)."""
    df = truth_themes
    kinds = dict(zip(run.themes["theme_id"], run.themes["kind"], strict=True))
    seeded = {t for t, k in kinds.items() if k == "seeded"}
    assert len(df) > 900
    for tid in (t for t, k in kinds.items() if k == "emergent"):
        counts = df[df["pred"] == tid]["truth"].value_counts()
        strat = counts[counts.index.isin(seeded)]
        grab_bag = strat.sum() > 0.5 * counts.sum() and (strat >= 2).sum() >= 3
        assert not grab_bag, f"{tid} mixes strategy themes: {counts.head(5).to_dict()}"
    other = run.themes[run.themes["kind"] == "other"]
    assert len(other) == 1 and "spredt" in other["description"].iloc[0]
    assert (df["pred"] == "other").sum() >= 10


def test_no_strategy_theme_reports_more_than_1_3_times_its_true_size(run, truth_themes) -> None:
    """Issue 16: a strategy theme must not take in a topic nobody wrote down. The demo's
    planted housing topic leans to "Uddannelse og beskæftigelse" ("boliger til
    studerende", "medarbejdere kan ikke finde en bolig"); the theme reported 1.33 times
    its true size before a loosely knit group leaning to it had to fit it like its own
    statements do (themes.leftovers). No planted topic is mostly absorbed by strategy
    themes, and housing and youth wellbeing are each the largest truth group of an
    emergent theme."""
    df = truth_themes
    kinds = dict(zip(run.themes["theme_id"], run.themes["kind"], strict=True))
    for tid in (t for t, k in kinds.items() if k == "seeded"):
        true_n, pred_n = int((df["truth"] == tid).sum()), int((df["pred"] == tid).sum())
        assert true_n >= 40 and pred_n <= 1.3 * true_n, (tid, true_n, pred_n)
    for topic in PLANTED:
        in_strategy = (df.loc[df["truth"] == topic, "pred"].map(kinds) == "seeded").mean()
        assert in_strategy < 0.5, (topic, in_strategy)
    largest = _largest_truth_of_emergent(df, kinds)
    for topic in ("emergent:boliger", "emergent:unges_trivsel"):
        assert topic in largest.values(), topic


PLANTED = ("emergent:boliger", "emergent:natur_biodiversitet", "emergent:sundhed_naerhed",
           "emergent:unges_trivsel")


def _largest_truth_of_emergent(df: pd.DataFrame, kinds: dict[str, str]) -> dict[str, str]:
    emergent = df[df["pred"].map(kinds) == "emergent"]
    return {t: g["truth"].value_counts().index[0] for t, g in emergent.groupby("pred")}


@pytest.mark.xfail(strict=False, reason=(
    "issue 16, open: on an Intel Xeon the planted nature topic shares an emergent theme "
    "with housing (housing 13, nature 12 of its 40 statements; 10 more are in 'Klima og "
    "klimatilpasning', 8 in Øvrige); housing, health and youth have themes of their own. "
    "With earlier code nature had one on stop 23's machine (AMD EPYC) and not on the Xeon; "
    "that machine dependence is not found (1e-6 noise on the embeddings changes nothing)"))
def test_every_planted_topic_is_the_largest_truth_group_of_an_emergent_theme(
        run, truth_themes) -> None:
    """Issue 16's target: the planted housing, nature, health and youth topics surface as
    emergent themes of their own. Kept as an expected failure so the gap stays visible in
    every test run (``x``/``X``) without blocking the tests that do hold."""
    kinds = dict(zip(run.themes["theme_id"], run.themes["kind"], strict=True))
    largest = _largest_truth_of_emergent(truth_themes, kinds)
    for topic in PLANTED:
        assert topic in largest.values(), topic


def test_ovrige_is_reported_as_no_theme(run) -> None:
    """"Øvrige" holds statements no theme takes: the committee's summary says so (not
    "raised by 19 of 29 municipalities"), lists it after the themes, and no gap or
    representation sentence treats it as a topic someone was not heard on."""
    from rus_analysis.report.synopsis import synopsis

    cov = coverage_of(run)
    assert "other" in set(run.themes["theme_id"])
    assert "other" not in set(cov.gaps["theme_id"])
    assert "other" not in set(cov.representation["theme_id"].astype(str))
    tc = synopsis(run, cov).themes
    assert tc["theme_id"].iloc[-1] == "other"
    sentence = tc.loc[tc["theme_id"] == "other", "sentence"].iloc[0]
    assert "passer ikke klart til et tema" in sentence and "rejst af" not in sentence
