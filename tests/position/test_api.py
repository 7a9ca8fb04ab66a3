"""The public API: columns, types, alignment, determinism, shipped data."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rus_analysis.position as position
from rus_analysis.position import POSITIONS, TONES, classify_positions, classify_tones
from rus_analysis.position.lexicon import load_afinn_da

TEXTS = [
    "Regionen bør investere i cykelstier.",
    "Vi er bekymrede for drikkevandet.",
    "Vi bakker op om forslaget.",
    "Vi er imod letbanen.",
    "Hvornår kommer der en afgørelse?",
    "Letbanen åbnede i 2025.",
]


def test_constants() -> None:
    assert POSITIONS == ("forslag", "bekymring", "støtte", "modstand", "spørgsmål", "neutral")
    assert TONES == ("positiv", "neutral", "negativ")


def test_position_frame() -> None:
    df = classify_positions(TEXTS)
    assert list(df.columns) == ["position", "position_score", "position_cues"]
    assert len(df) == len(TEXTS)
    assert set(df.position) <= set(POSITIONS)
    assert df.position_score.between(0, 1).all()
    assert df.position.tolist() == ["forslag", "bekymring", "støtte", "modstand", "spørgsmål", "neutral"]


def test_tone_frame() -> None:
    df = classify_tones(TEXTS)
    assert {"tone", "tone_score"} <= set(df.columns)
    assert set(df.tone) <= set(TONES)
    assert df.tone_score.between(-1, 1).all()
    assert (np.sign(df.tone_score) == df.tone.map({"positiv": 1, "neutral": 0, "negativ": -1})).all()


def test_series_index_is_kept() -> None:
    s = pd.Series(TEXTS, index=[f"r{i}" for i in range(len(TEXTS))])
    assert list(classify_positions(s).index) == list(s.index)
    assert list(classify_tones(s).index) == list(s.index)


def test_empty_and_missing_texts() -> None:
    assert len(classify_positions([])) == 0
    assert len(classify_tones([])) == 0
    df = classify_positions(["", None, float("nan")])
    assert df.position.tolist() == ["neutral"] * 3
    assert classify_tones([None]).tone.tolist() == ["neutral"]


def test_misaligned_inputs_raise() -> None:
    with pytest.raises(ValueError):
        classify_positions(TEXTS, targets=["a", "b"])
    with pytest.raises(ValueError):
        classify_positions(TEXTS, vectors=np.zeros((2, 384)))
    with pytest.raises(ValueError):
        classify_tones(TEXTS, vectors=np.zeros((2, 384)))


def test_vectors_are_accepted() -> None:
    v = np.random.default_rng(0).normal(size=(len(TEXTS), 384))
    assert classify_positions(TEXTS, vectors=v).equals(classify_positions(TEXTS))


def test_row_order_does_not_matter() -> None:
    order = list(range(len(TEXTS)))
    random.Random(3).shuffle(order)
    a = classify_positions(TEXTS)
    b = classify_positions([TEXTS[i] for i in order])
    assert b.reset_index(drop=True).equals(a.iloc[order].reset_index(drop=True))
    ta, tb = classify_tones(TEXTS), classify_tones([TEXTS[i] for i in order])
    assert tb.reset_index(drop=True).equals(ta.iloc[order].reset_index(drop=True))


def test_afinn_word_list_is_read_from_the_package() -> None:
    table = load_afinn_da()
    assert len(table) > 3000 and table["god"] > 0 and table["dårlig"] < 0


def test_shipped_data_has_sources() -> None:
    data = Path(position.__file__).with_name("data")
    assert (data / "SOURCES.md").exists()
    for name in ("cues_da.json", "tone_da.json", "modifiers_da.json"):
        assert (data / name).exists()
