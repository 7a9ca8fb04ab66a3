"""The review notebook run by papermill: decisions given as its ``actions`` parameter are
written to the overrides file, signed and dated, and its widgets are in the output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rus_analysis.report.execute import execute, notebooks_dir
from rus_analysis.themes.overrides import load_overrides
from support import DEMO, ROOT

pytestmark = pytest.mark.slow


def test_notebook_writes_the_decisions_it_is_given(tmp_path: Path) -> None:
    cfg = yaml.safe_load((ROOT / "config" / "rus.yaml").read_text(encoding="utf-8"))
    cfg["paths"].update(raw=str(DEMO), processed=str(tmp_path / "processed"),
                        state=str(tmp_path / "state"), cache=str(tmp_path / "cache"),
                        reference=str(ROOT / "data" / "reference"))
    cfg.setdefault("nlp", {})["embedding_backend"] = "lexical"
    cfg_path = tmp_path / "rus.yaml"
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    overrides = tmp_path / "state" / "theme_overrides.yaml"
    actions = [{"action": "accept", "theme": "klima"},
               {"action": "rename", "theme": "drikkevand", "name": "Rent drikkevand og PFAS"},
               {"action": "split", "theme": "kollektiv_trafik", "keyword": "metro",
                "name": "Metroen"}]
    nb = execute(notebooks_dir() / "05_gennemgang.ipynb", tmp_path / "executed.ipynb",
                 {"config_path": str(cfg_path), "overrides_path": str(overrides),
                  "reviewer": "papermill", "actions": actions}, notebooks_dir())
    entries = load_overrides(overrides)
    assert [(e["action"], e["theme"]) for e in entries] == [
        ("accept", "klima"), ("rename", "drikkevand"), ("split", "kollektiv_trafik")]
    assert all(e["by"] == "papermill" and "T" in str(e["at"]) for e in entries)
    assert entries[0]["label"] == "Klima og klimatilpasning"   # the label it had
    assert len([ln for ln in overrides.read_text(encoding="utf-8").splitlines()
                if ln.startswith("  - {")]) == 3
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    widget = [o for o in outputs if "application/vnd.jupyter.widget-view+json"
              in o.get("data", {})]
    assert widget, "the review panel is shown"
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Rent drikkevand og PFAS" in html and "papermill" in html   # the decisions table
