"""The shape of the package: stages do not call each other sideways, shared modules call no
stage, no production asserts, notebooks and their text pairs agree, kept state survives
``make clean-outputs``."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest

from support import ROOT

PKG = ROOT / "src" / "rus_analysis"
STAGES = ("ingest", "clean", "nlp", "position", "themes", "coverage", "charts", "report",
          "review")
SHARED = ("config", "schema", "reference", "pii", "problems", "danish", "atomic", "excel",
          "workbook", "consent",
          "processed", "runmeta", "timing", "voicekey", "yamlcheck")
# A stage may use the stage right before it in the flow, as its input: the theme model is
# built on the nlp tools, a chart draws a coverage table, the analyst's review writes the
# themes' overrides file. Nothing else.
UPSTREAM = {"themes": {"nlp"}, "charts": {"coverage"}, "review": {"themes"}}


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _owner(path: Path) -> str:
    rel = path.relative_to(PKG)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> set[str]:
    """First component after ``rus_analysis.`` of every import (outside TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "rus_analysis":
                if len(parts) > 1:
                    out.add(parts[1])
                else:
                    out |= {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "rus_analysis" and len(parts) > 1:
                    out.add(parts[1])
    return out - {"__version__"}


def test_every_module_is_a_stage_a_shared_module_the_orchestrator_or_a_command() -> None:
    owners = {_owner(p) for p in _modules()}
    assert owners <= {*STAGES, *SHARED, "pipeline", "cli", "__init__"}, owners
    for stage in (*STAGES, "cli"):
        init = PKG / stage / "__init__.py"
        assert init.is_file() and ast.get_docstring(ast.parse(init.read_text())), stage


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_imports_follow_the_flow(path: Path) -> None:
    owner = _owner(path)
    used = _imports(path) - {owner}
    if owner in ("cli", "__init__"):
        return
    if owner == "pipeline":
        assert "cli" not in used
        return
    if owner in SHARED:
        assert used <= set(SHARED), f"shared module {owner} calls {used - set(SHARED)}"
        return
    allowed = set(SHARED) | UPSTREAM.get(owner, set())
    assert used <= allowed, f"stage {owner} reaches into {sorted(used - allowed)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_modules_say_why_and_hold_no_asserts(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Assert), f"{path.name}:{node.lineno}: assert"
        if isinstance(node, ast.Raise) and node.exc is not None:
            assert "AssertionError" not in ast.unparse(node.exc), f"{path.name}:{node.lineno}"


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_its_text_pair_agree_and_carry_no_outputs(nb_path: Path) -> None:
    pair = nb_path.with_suffix(".py")
    assert pair.is_file(), f"{nb_path.name} has no py:percent pair"
    a = jupytext.read(nb_path)
    b = jupytext.read(pair)
    cells_a = [(c.cell_type, c.source.strip()) for c in a.cells]
    cells_b = [(c.cell_type, c.source.strip()) for c in b.cells]
    assert cells_a == cells_b, f"run `jupytext --sync notebooks/{nb_path.name}`"
    raw = nbformat.read(nb_path, as_version=4)
    for cell in raw.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, nb_path.name
    tags = [c.metadata.get("tags", []) for c in raw.cells]
    assert sum("parameters" in t for t in tags) == 1, "one cell tagged 'parameters'"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_clean_outputs_keeps_the_state_folder(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for folder in ("data/processed", "reports", "data/state"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "data/processed/statements.parquet").write_bytes(b"x")
    (tmp_path / "reports/old").mkdir()
    (tmp_path / "data/state/theme_registry.json").write_text("{}")
    (tmp_path / "data/state/theme_overrides.yaml").write_text("version: 1\n")
    subprocess.run(["make", "-s", "clean-outputs"], cwd=tmp_path, check=True)
    assert not (tmp_path / "data/processed/statements.parquet").exists()
    assert not (tmp_path / "reports/old").exists()
    assert (tmp_path / "data/state/theme_registry.json").read_text() == "{}"
    assert (tmp_path / "data/state/theme_overrides.yaml").is_file()
