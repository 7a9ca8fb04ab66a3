"""A notebook run by hand, the way the README shows (papermill, then nbconvert to HTML
without code), has its charts and uses the run's own options: the recipe an analyst
follows for one municipality's profile outside a report run."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from nbconvert import HTMLExporter

from rus_analysis.pipeline import REPORT_MODE
from rus_analysis.report.execute import kernel_name
from support import ROOT


@pytest.fixture(scope="module")
def by_hand(report: dict, tmp_path_factory: pytest.TempPathFactory) -> str:
    assert REPORT_MODE not in os.environ  # the report run has put the variable back
    out = tmp_path_factory.mktemp("by_hand") / "profil.ipynb"
    config = Path(report["processed"]).parent / "config" / "rus.yaml"
    pm.execute_notebook(str(ROOT / "notebooks" / "04_kommuneprofil.ipynb"), str(out),
                        parameters={"config_path": str(config),
                                    "processed_dir": str(report["processed"]),
                                    "municipality": "Halsnæs"},
                        kernel_name=kernel_name(), progress_bar=False,
                        resources={"metadata": {"path": str(ROOT / "notebooks")}})
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(
        nbformat.read(out, as_version=4))
    return body


def test_a_notebook_run_by_hand_and_exported_draws_its_charts(by_hand: str) -> None:
    """nbconvert drops a figure that is only plotly's JSON mimetype; the exported page
    must hold plotly.js once and every figure as a live chart with its fallback."""
    assert by_hand.count("data-rus-plotly=") == 1
    assert by_hand.count('class="rus-live"') >= 1
    assert by_hand.count("Plotly.newPlot") == by_hand.count('class="rus-live"')
    assert "load_or_run(" not in by_hand and "coverage_of(" not in by_hand  # no code shown


def test_a_notebook_run_by_hand_uses_the_configured_minimum_cell(by_hand: str) -> None:
    """With no ``min_cell`` given, a notebook hides small counts at the config's limit
    (the same as the report), not at a number written into the notebook: every
    notebook's parameter defaults to None, and the profile run by hand shows the limit."""
    import yaml

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        for line in params.source.splitlines():
            if line.startswith("min_cell"):
                assert line.split("#")[0].split("=")[1].strip() == "None", path.name
    limit = yaml.safe_load((ROOT / "config" / "rus.yaml").read_text(encoding="utf-8")
                           )["report"]["min_cell"]
    assert f"&lt;{limit}" in by_hand or f"færre end {limit}" in by_hand
