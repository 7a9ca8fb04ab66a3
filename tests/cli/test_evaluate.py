"""Tests of ``rus-analysis evaluate`` on the small Danish fixture (lexical backend)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from rus_analysis import cli
from rus_analysis.cli import evaluate
from support import FIXTURES

FIXTURE = FIXTURES / "themes_small.csv"


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """Run in an empty folder: no config/rus.yaml, so the built-in defaults apply."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _taxonomy(path: Path) -> Path:
    rows = [
        ("trafik", "Kollektiv trafik", "busser, tog, metro og cykelstier"),
        ("vand", "Drikkevand", "grundvand, vandværker og pesticider"),
        ("uddannelse", "Uddannelse", "erhvervsuddannelser, praktikpladser og faglærte"),
        ("klima", "Klimatilpasning", "skybrud, stormflod og kystbeskyttelse"),
        ("erhverv", "Erhverv og turisme", "virksomheder, iværksættere og turister"),
        ("affald", "Affald og genbrug", "sortering, genanvendelse og madspild"),
    ]
    themes = [{"label": a, "name": b, "description": c} for a, b, c in rows]
    path.write_text(yaml.safe_dump({"themes": themes}, allow_unicode=True), encoding="utf-8")
    return path


def test_json_output_has_the_promised_keys(workdir, capsys):
    rc = evaluate.main([str(FIXTURE), "--backend", "lexical", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("nmi", "ari", "n_themes", "order_ari", "seconds"):
        assert key in out
    assert out["n_texts"] == 97 and out["backend"] == "lexical"
    assert out["order_ari"] == 1.0 and out["order_identical"] is True
    assert 2 <= out["n_themes"] <= 19
    assert -0.1 < out["ari"] <= 1 and 0 <= out["nmi"] <= 1
    assert out["seconds"]["fit_total"] > 0


def test_taxonomy_true_k_and_drop_label_via_cli(workdir, capsys):
    tax = _taxonomy(workdir / "tax.yaml")
    rc = cli.main(["evaluate", str(FIXTURE), "--backend", "lexical", "--n-themes", "5",
                   "--drop-label", "affald", "--taxonomy", str(tax), "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    n_affald = int((pd.read_csv(FIXTURE)["label"] == "affald").sum())
    assert out["n_texts"] == 97 - n_affald and out["n_labels"] == 5
    assert out["n_themes"] == 5
    # keyword evidence alone makes the lexical mapping clearly better than chance (1/6)
    assert out["accuracy"] > 0.5 and 0 < out["macro_f1"] <= 1
    assert out["seeded_order_ari"] == 1.0


def test_text_output_is_readable(workdir, capsys):
    assert evaluate.main([str(FIXTURE), "--backend", "lexical", "--n-themes", "4"]) == 0
    text = capsys.readouterr().out
    assert "ARI" in text and "order-stability ARI" in text and "found: 4" in text


@pytest.mark.parametrize("args", [["--text-column", "nope"], ["--n-themes", "many"],
                                  ["--n-themes", "0"]])
def test_usage_errors_exit_2(workdir, capsys, args):
    assert evaluate.main([str(FIXTURE), "--backend", "lexical", *args]) == 2
    assert "rus-analysis evaluate:" in capsys.readouterr().err


def test_missing_file_exits_2(workdir, capsys):
    assert evaluate.main([str(workdir / "none.csv")]) == 2
