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
    assert out["seconds"] > 0 and out["discovery"]["seconds_fit"] > 0


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
    assert 0 <= out["macro_f1_primary"] <= 1 and 0 < out["seeded_share"] <= 1


def test_text_output_is_readable(workdir, capsys):
    assert evaluate.main([str(FIXTURE), "--backend", "lexical", "--n-themes", "4"]) == 0
    text = capsys.readouterr().out
    assert "ARI" in text and "order-stability ARI" in text and "themes found: 4" in text


@pytest.mark.parametrize("args", [["--text-column", "nope"], ["--n-themes", "many"],
                                  ["--n-themes", "0"]])
def test_usage_errors_exit_2(workdir, capsys, args):
    assert evaluate.main([str(FIXTURE), "--backend", "lexical", *args]) == 2
    assert "rus-analysis evaluate:" in capsys.readouterr().err


def test_missing_file_exits_2(workdir, capsys):
    assert evaluate.main([str(workdir / "none.csv")]) == 2


def test_leave_out_fewshot_ceiling_and_sub_level_keys(workdir, capsys):
    tax = _taxonomy(workdir / "tax.yaml")
    csv = workdir / "with_label2.csv"
    df = pd.read_csv(FIXTURE)
    df["label2"] = df["label"] + "-" + (df.index % 2).astype(str)   # a finer level
    df.to_csv(csv, index=False)
    rc = evaluate.main([str(csv), "--backend", "lexical", "--taxonomy", str(tax),
                        "--label2-column", "label2", "--leave-out-themes", "0.34",
                        "--examples-per-theme", "3", "--ceiling", "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("ari_sub", "nmi_sub", "n_subthemes", "absorbed_share", "kept_macro_f1",
                "kept_macro_f1_full", "macro_f1_fewshot", "ceiling_macro_f1"):
        assert key in out, key
    # every third theme in file order, from the first: trafik (0) and klima (3)
    assert out["leave_out"]["dropped"] == ["klima", "trafik"]
    assert 0 <= out["absorbed_share"] <= 1


def test_suite_runs_every_corpus(workdir, capsys):
    tax = _taxonomy(workdir / "tax.yaml")
    suite = workdir / "suite.yaml"
    suite.write_text(yaml.safe_dump({"corpora": [
        {"name": "a", "csv": str(FIXTURE), "taxonomy": str(tax)},
        {"name": "b", "csv": str(FIXTURE), "drop_labels": ["affald"]}]}), encoding="utf-8")
    assert evaluate.main(["--suite", str(suite), "--backend", "lexical", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in lines] == ["a", "b"]
    assert "macro_f1" in lines[0] and "macro_f1" not in lines[1]
    assert evaluate.main(["--suite", str(suite), "--backend", "lexical"]) == 0
    assert "corpus" in capsys.readouterr().out   # one table
