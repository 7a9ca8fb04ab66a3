"""A notebook opened by hand never shows tables made from another config or other input.

The processed tables are reused only when the effective config, every input file and the
code match what they were made from; otherwise the notebook recomputes and says why in
one line. Theme ids live in the state folder, so wiping the outputs keeps them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from rus_analysis.config import load_config
from rus_analysis.pipeline import load_or_run, run_pipeline, write_run
from rus_analysis.report.execute import execute, notebooks_dir
from support import CONFIG, ROOT

POSTITS = [
    ("1", "Trafik", "Flere busser og hyppigere afgange til Helsinge", "Gribskov"),
    ("1", "Trafik", "Cykelstier mellem byerne så man kan pendle på cykel", "Hillerød"),
    ("1", "Trafik", "Letbanen skal forlænges mod nord", "Gladsaxe"),
    ("2", "Vand", "Grundvandet skal beskyttes mod sprøjtemidler og PFAS", "Gribskov"),
    ("2", "Vand", "Rent drikkevand kræver flere beskyttede boringer", "Halsnæs"),
    ("2", "Vand", "Vandværkerne mangler penge til at rense for pesticider", "Egedal"),
    ("3", "Byggeri", "Genbrug af byggematerialer bør være et krav i udbud", "København"),
    ("3", "Byggeri", "Træbyggeri giver lavere CO2-udledning end beton", "Furesø"),
]


def _project(tmp: Path) -> Path:
    """A project folder of its own: config, one round of post-its, lexical backend."""
    rnd = tmp / "data" / "raw" / "r1"
    rnd.mkdir(parents=True)
    lines = ["bord,overskrift,tekst,kommune"] + [",".join(r) for r in POSTITS]
    (rnd / "postits.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (rnd / "manifest.yaml").write_text(
        'round: "R1"\ntitle: "Test"\ninvited_municipalities: [alle]\nsources:\n'
        '  - file: postits.csv\n    type: workshop\n    name: "Post-its"\n'
        "    date: 2025-02-27\n", encoding="utf-8")
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    data["paths"].update(raw="data/raw/r1", reference=str(ROOT / "data" / "reference"),
                         cache=".cache", processed="data/processed", state="data/state")
    data["paths"].pop("overrides", None)
    data["nlp"]["embedding_backend"] = "lexical"
    (tmp / "config").mkdir()
    cfg_path = tmp / "config" / "rus.yaml"
    cfg_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return cfg_path


def _run_notebook(cfg_path: Path, out: Path) -> tuple[str, str]:
    """Execute 02_temaer as an analyst would (papermill); return (stderr, html) text."""
    processed = cfg_path.parent.parent / "data" / "processed"
    nb = execute(notebooks_dir() / "02_temaer.ipynb", out,
                 {"config_path": str(cfg_path), "processed_dir": str(processed)},
                 notebooks_dir())
    err, html = [], []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                err.append(o["text"])
            html.append("".join(o.get("data", {}).get("text/html", "")))
    return "".join(err), "".join(html)


@pytest.mark.slow
def test_notebook_recomputes_after_a_taxonomy_or_input_change(tmp_path: Path) -> None:
    cfg_path = _project(tmp_path)
    cfg = load_config(cfg_path)
    write_run(run_pipeline(cfg), cfg.paths.processed)

    err, _ = _run_notebook(cfg_path, tmp_path / "nb0.ipynb")
    assert "recomputing" not in err  # nothing changed: the tables are read

    data = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    data["themes"]["taxonomy"][0]["name"] = "Busser, tog og cykler (ny tekst)"
    cfg_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    err, html = _run_notebook(cfg_path, tmp_path / "nb1.ipynb")
    assert "recomputing the processed tables: config option 'themes.taxonomy" in err
    assert "Busser, tog og cykler (ny tekst)" in html
    themes = pd.read_parquet(cfg.paths.processed / "themes.parquet")
    assert "Busser, tog og cykler (ny tekst)" in set(themes["label"]) | set(themes["name"])

    postits = tmp_path / "data" / "raw" / "r1" / "postits.csv"
    postits.write_text(postits.read_text(encoding="utf-8")
                       + "4,Erhverv,Flere iværksættere i Nordsjælland,Helsingør\n",
                       encoding="utf-8")
    err, _ = _run_notebook(cfg_path, tmp_path / "nb2.ipynb")
    assert "input file r1/postits.csv changed" in err  # round folder / file
    st = pd.read_parquet(cfg.paths.processed / "statements.parquet")
    assert len(st) == len(POSTITS) + 1


@pytest.mark.parametrize("change,reason", [
    ({"report": {"min_cell": 3}}, "config option 'report.min_cell' changed"),
    ({"nlp": {"stop_words": ["busser"]}}, "config option 'nlp.stop_words' changed"),
    ({"clean": {"min_statement_chars": 12}}, "config option 'clean.min_statement_chars'"),
])
def test_each_option_that_shapes_the_tables_makes_them_stale(
        tmp_path: Path, change: dict, reason: str, caplog: pytest.LogCaptureFixture) -> None:
    cfg_path = _project(tmp_path)
    first = load_or_run(cfg_path)
    data = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    for section, values in change.items():
        data[section].update(values)
    cfg_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    with caplog.at_level("WARNING", logger="rus_analysis"):
        again = load_or_run(cfg_path)
    assert reason in caplog.text
    assert again.meta.fingerprint != first.meta.fingerprint


def test_an_overrides_edit_makes_the_tables_stale(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    cfg_path = _project(tmp_path)
    first = load_or_run(cfg_path)
    tid = str(first.themes["theme_id"].iloc[0])
    state = tmp_path / "data" / "state"
    (state / "theme_overrides.yaml").write_text(
        f"version: 1\noverrides:\n  - {{action: rename, theme: {tid}, name: Mit navn}}\n",
        encoding="utf-8")
    with caplog.at_level("WARNING", logger="rus_analysis"):
        again = load_or_run(cfg_path)
    assert "config option 'paths.overrides' changed" in caplog.text
    assert "Mit navn" in set(again.themes["name"])


def test_theme_ids_survive_wiping_the_outputs(tmp_path: Path) -> None:
    cfg_path = _project(tmp_path)
    first = load_or_run(cfg_path)
    shutil.rmtree(tmp_path / "data" / "processed")  # what `make clean-outputs` does
    again = load_or_run(cfg_path)
    key = ["statement_id"]
    a = first.assignments.query("rank == 0").sort_values(key)[["statement_id", "theme_id"]]
    b = again.assignments.query("rank == 0").sort_values(key)[["statement_id", "theme_id"]]
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    assert again.meta.themes_held == len(again.statements)  # kept by the registry


def test_ingest_only_tables_are_not_served_as_a_report(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    cfg_path = _project(tmp_path)
    cfg = load_config(cfg_path)
    write_run(run_pipeline(cfg, until="clean"), cfg.paths.processed)
    with caplog.at_level("WARNING", logger="rus_analysis"):
        tables = load_or_run(cfg_path)
    assert "written by `rus-analysis ingest`" in caplog.text
    assert len(tables.assignments) == len(tables.statements)


def test_an_upgraded_package_makes_the_tables_stale(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Tables made with another scikit-learn (or spaCy, numpy, ...) are not reused: an
    upgrade can move every theme although no line of rus_analysis changed."""
    import rus_analysis.runmeta as runmeta

    cfg_path = _project(tmp_path)
    load_or_run(cfg_path)
    real = runmeta.md.version
    monkeypatch.setattr(runmeta.md, "version",
                        lambda p: "99.0" if p == "scikit-learn" else real(p))
    runmeta.code_fingerprint.cache_clear()
    try:
        with caplog.at_level("WARNING", logger="rus_analysis"):
            again = load_or_run(cfg_path)
    finally:
        runmeta.code_fingerprint.cache_clear()
    assert "version of a package it uses" in caplog.text
    assert again.meta.package_versions["scikit-learn"] == "99.0"


def test_a_replaced_local_model_makes_the_tables_stale(tmp_path: Path) -> None:
    """A model folder named by ``nlp.embedding_model_path`` is part of the fingerprint:
    replacing its weights changes it; reading the same folder again does not."""
    from rus_analysis.runmeta import effective_config

    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    cfg = load_config(CONFIG, overrides={"nlp": {"embedding_model_path": str(model)}})
    first = effective_config(cfg)["nlp"]["embedding_model_path"]
    assert effective_config(cfg)["nlp"]["embedding_model_path"] == first
    (model / "weights.bin").write_bytes(b"\x01" * 128)
    assert effective_config(cfg)["nlp"]["embedding_model_path"] != first


def test_a_new_voice_key_makes_the_tables_stale(tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Voice ids are keyed hashes: tables written with another key (the key file was
    deleted or restored from another project) carry other ids and are recomputed."""
    from rus_analysis.voicekey import KEY_FILE

    cfg_path = _project(tmp_path)
    first = load_or_run(cfg_path)
    key = tmp_path / "data" / "state" / KEY_FILE
    assert key.is_file()
    caplog.clear()
    with caplog.at_level("WARNING", logger="rus_analysis"):
        assert load_or_run(cfg_path).meta.fingerprint == first.meta.fingerprint
    assert "recomputing" not in caplog.text            # the same key: the tables are read
    key.unlink()
    with caplog.at_level("WARNING", logger="rus_analysis"):
        again = load_or_run(cfg_path)
    assert "voice key" in caplog.text
    assert set(again.statements["voice_id"]).isdisjoint(set(first.statements["voice_id"]))
    assert len(again.statements) == len(first.statements)
    assert str(key.read_text(encoding="ascii")).strip() not in again.meta.to_json()


def test_tables_from_before_the_voice_key_id_say_older_version_not_a_changed_key(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A run_meta.json written before the fingerprint held the voice key id: the tables are
    recomputed (their voice ids cannot be checked), and the line says an older version
    wrote them; "the voice key changed" would send the analyst looking for a lost key."""
    import json

    from rus_analysis.processed import META_FILE

    cfg_path = _project(tmp_path)
    load_or_run(cfg_path)
    meta = tmp_path / "data" / "processed" / META_FILE
    data = json.loads(meta.read_text(encoding="utf-8"))
    del data["fingerprint"]["voice_key_id"]                # as the older version wrote it
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    caplog.clear()
    with caplog.at_level("WARNING", logger="rus_analysis"):
        load_or_run(cfg_path)
    assert "older version" in caplog.text
    assert "voice key (paths.state/voice_key) changed" not in caplog.text
