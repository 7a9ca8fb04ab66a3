"""A theme's quotes are never the answer of a respondent who did not consent to be quoted;
those answers are themed and counted exactly as before."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from consent_round import make_round, quotable_texts, refused_texts
from rus_analysis.config import Config
from rus_analysis.nlp import CachedEmbedder
from rus_analysis.pipeline import run_pipeline
from rus_analysis.processed import RunTables
from rus_analysis.themes import ThemeModel
from rus_analysis.themes.labels import pick_quotes


def test_pick_quotes_passes_over_texts_that_may_not_be_quoted() -> None:
    texts = [f"Flere busser til område {i} hver time" for i in range(6)]
    vectors = np.ones((6, 2))
    vectors[:, 1] = np.arange(6) * 1e-3
    allowed = np.array([False, True, False, True, True, True])
    picked = pick_quotes(texts, vectors, np.arange(6), n_quotes=4, quotable=allowed)
    assert picked and all(allowed[i] for i in picked)
    assert pick_quotes(texts, vectors, np.arange(6), quotable=np.zeros(6, bool)) == []


def test_fit_takes_a_flag_per_text_and_a_copy_makes_a_text_quotable(
        lexical: CachedEmbedder, data: pd.DataFrame) -> None:
    texts = data["text"].astype(str).tolist()
    refused = set(texts[::3])
    flags = [t not in refused for t in texts]
    texts.append(texts[0])          # the first refused text again, from someone who agreed
    flags.append(True)
    model = ThemeModel(n_themes=4, embedder=lexical, random_state=7).fit(texts,
                                                                         quotable=flags)
    quoted = {q for qs in model.themes_["quote_texts"] for q in qs}
    assert quoted and not (quoted & (refused - {texts[0]}))
    assert model.quotable_[model.row_index_[0]]             # quotable through its copy
    plain = ThemeModel(n_themes=4, embedder=lexical, random_state=7).fit(texts)
    assert (plain.primary_ == model.primary_).all()        # consent changes no theme
    with pytest.raises(ValueError, match="flags"):
        ThemeModel(n_themes=4, embedder=lexical).fit(texts, quotable=flags[:-1])


def _own_state(cfg: Config, base: Path) -> Config:
    """The config with its own theme registry (two runs must not hold each other's ids)."""
    return dataclasses.replace(cfg, paths=dataclasses.replace(cfg.paths, state=base / "state"))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, lexical_cfg: Config) -> RunTables:
    base = tmp_path_factory.mktemp("consent")
    return run_pipeline(_own_state(lexical_cfg, base), [make_round(base / "2027")])


def test_no_theme_or_subtheme_quotes_a_refusing_respondent(run: RunTables) -> None:
    refused = set(refused_texts())
    st = run.statements
    assert refused <= set(st["text"])                      # their answers are statements
    for table in (run.themes, run.subthemes):
        quoted = {q for qs in table["quote_texts"] for q in qs}
        assert quoted and not (quoted & refused)
        ids = {i for qs in table["quotes"] for i in qs}
        assert not (set(st.loc[st["text"].isin(refused), "statement_id"]) & ids)
    assert {q for qs in run.themes["quote_texts"] for q in qs} & set(quotable_texts())


def test_themes_and_counts_are_the_same_as_without_consent(
        run: RunTables, lexical_cfg: Config, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import rus_analysis.themes.assign as assign

    monkeypatch.setattr(assign, "quotable",
                        lambda st: pd.Series(True, index=st.index, dtype=bool))
    plain = run_pipeline(_own_state(lexical_cfg, tmp_path), [make_round(tmp_path / "2027")])
    cols = ["statement_id", "theme_id", "rank"]
    pd.testing.assert_frame_equal(run.assignments[cols].reset_index(drop=True),
                                  plain.assignments[cols].reset_index(drop=True))
    assert run.themes["size"].tolist() == plain.themes["size"].tolist()
    quoted = {q for qs in plain.themes["quote_texts"] for q in qs}
    assert quoted & set(refused_texts())     # without the flag they were quoted
