"""Sign-off in the report: the summary says whether an analyst signed the themes off, and
the methods appendix counts the themes and statements reviewed, accepted and changed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from rus_analysis.config import load_config
from rus_analysis.pipeline import run_pipeline
from rus_analysis.report.signoff import signoff_appendix, signoff_counts, signoff_sentence
from rus_analysis.review import ReviewSession
from support import CONFIG

THEMES = pd.DataFrame({"theme_id": ["klima", "E001", "E002", "E009", "other"],
                       "kind": ["seeded", "emergent", "emergent", "emergent", "other"]})


def _tables(rows: list[tuple]) -> SimpleNamespace:
    rep = pd.DataFrame(rows, columns=["n", "action", "target", "matched", "affected", "message"])
    return SimpleNamespace(override_report=rep, themes=THEMES)


def test_counts_what_this_run_applied() -> None:
    t = _tables([(1, "accept", "klima", True, 9, "ok"),
                 (2, "rename", "E001", True, 4, "ok"),
                 (3, "split", "E001", True, 2, "ok: new theme E009"),
                 (4, "accept", "E777", False, 0, "theme E777 not found in this run"),
                 (5, "move", "a:00", True, 1, "ok: moved to klima"),
                 (6, "reviewed", "a:00", True, 1, "ok: reviewed in klima"),
                 (7, "reviewed", "b:00", True, 1, "ok: reviewed in klima"),
                 (8, "position", "c:00", False, 0, "skipped: no positions table")])
    s = signoff_counts(t)
    assert (s.themes, s.themes_accepted, s.themes_changed, s.themes_reviewed) == (4, 1, 2, 3)
    assert (s.statements_reviewed, s.statements_moved, s.positions_corrected) == (2, 1, 0)
    assert s.not_applied == 2 and not s.signed_off
    assert signoff_sentence(t).startswith("Temaerne er kun delvist godkendt")
    assert "3 af 4 temaer" in signoff_sentence(t)
    text = signoff_appendix(t)
    assert "## Analytikerens gennemgang" in text and "| udsagn gennemgået | 2 |" in text


def test_no_decisions_says_not_signed_off() -> None:
    assert signoff_sentence(_tables([])).startswith("Temaerne er ikke godkendt")


def test_every_theme_accepted_is_signed_off_in_the_next_run(tmp_path: Path) -> None:
    cfg = load_config(CONFIG, overrides={"paths": {
        "processed": str(tmp_path / "p"), "state": str(tmp_path / "s"),
        "cache": str(tmp_path / "c"), "overrides": str(tmp_path / "s" / "o.yaml")},
        "nlp": {"embedding_backend": "lexical"}})
    first = run_pipeline(cfg)
    s = ReviewSession.from_tables(first, cfg.paths.overrides, reviewer="t")
    for tid, kind in zip(first.themes["theme_id"], first.themes["kind"], strict=True):
        if kind != "other":
            s.accept(tid)
    s.reviewed(first.statements["statement_id"].iloc[0])
    second = run_pipeline(cfg)
    counts = signoff_counts(second)
    assert counts.signed_off and counts.statements_reviewed == 1
    assert signoff_sentence(second).startswith("Temaerne er gennemgået og godkendt")
    from rus_analysis.report.summaries import theme_summary

    assert "godkendt af en analytiker" in theme_summary(second).headline_html
