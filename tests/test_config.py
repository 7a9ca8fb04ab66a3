"""Config validation: every mistake gets a message naming the file and the option."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rus_analysis.config import ConfigError, load_config
from support import ROOT

PROJECT_CONFIG = ROOT / "config" / "rus.yaml"


def write(tmp_path: Path, data: object) -> Path:
    cfg_dir = tmp_path / "config"
    cfg_dir.mkdir(exist_ok=True)
    p = cfg_dir / "rus.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str)
                 else data, encoding="utf-8")
    return p


def base() -> dict:
    return yaml.safe_load(PROJECT_CONFIG.read_text(encoding="utf-8"))


def test_project_config_loads_with_the_strategy_taxonomy() -> None:
    cfg = load_config(PROJECT_CONFIG)
    ids = [t.id for t in cfg.themes.taxonomy]
    assert len(ids) >= 10 and len(set(ids)) == len(ids)
    assert "kollektiv_trafik" in ids and "drikkevand" in ids
    assert all(t.name and t.description for t in cfg.themes.taxonomy)
    assert cfg.paths.raw == ROOT / "data" / "raw" / "demo"
    assert cfg.report.min_cell == 5
    assert {r.type for r in cfg.stakeholders.rules} >= {"kommune", "forsyning", "trafikselskab"}


def test_paths_resolve_against_the_project_root(tmp_path: Path) -> None:
    d = base()
    d["paths"]["processed"] = "out/tables"
    cfg = load_config(write(tmp_path, d))
    assert cfg.paths.processed == tmp_path.resolve() / "out" / "tables"


def test_overrides_apply_on_top_of_the_file() -> None:
    cfg = load_config(PROJECT_CONFIG, overrides={"themes": {"n_themes": 12}})
    assert cfg.themes.n_themes == 12


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d.update(reprot={}), "unknown section 'reprot'"),
        (lambda d: d["report"].update(min_cel=5), "'report.min_cel' is not a known option"),
        (lambda d: d["report"].update(min_cell="fem"), "'report.min_cell' must be a whole number"),
        (lambda d: d["report"].update(min_cell=0), "'report.min_cell' must be at least 1"),
        (lambda d: d["ingest"].update(strict="ja"), "'ingest.strict' must be true or false"),
        (lambda d: d["themes"].update(n_themes="mange"), "'themes.n_themes' must be 'auto'"),
        (lambda d: d["nlp"].update(embedding_backend="bert"), "'nlp.embedding_backend' must be"),
        (lambda d: d["nlp"].update(embedding_backend="sentence-transformers"),
         "'nlp.embedding_model_path' must name the folder"),
        (lambda d: d["clean"].update(near_duplicate_threshold=2), "between 0.5 and 1.0"),
        (lambda d: d["themes"]["taxonomy"].append(dict(d["themes"]["taxonomy"][0])),
         "duplicates theme id 'kollektiv_trafik'"),
        (lambda d: d["themes"]["taxonomy"][0].pop("name"), "'themes.taxonomy[0].name' is required"),
        (lambda d: d["themes"]["taxonomy"][1].update(id="Rent Vand"), "lower-case letters"),
        (lambda d: d["stakeholders"]["rules"].append({"type": "parti", "pattern": "x"}),
         "unknown type 'parti'"),
        (lambda d: d["stakeholders"]["rules"].append({"type": "borger", "pattern": "(["}),
         "invalid regular expression"),
        (lambda d: d["report"].update(quotes_per_theme=9), "between 3 and 5"),
    ],
)
def test_invalid_options_name_file_and_option(tmp_path: Path, mutate, needle: str) -> None:
    d = base()
    mutate(d)
    path = write(tmp_path, d)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert needle in str(err.value)
    assert str(path) in str(err.value)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "paths:\n  raw: [unclosed\nreport: {}\n")
    with pytest.raises(ConfigError, match=r"line \d+"):
        load_config(path)


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_non_mapping_config_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(write(tmp_path, "- just\n- a list\n"))
