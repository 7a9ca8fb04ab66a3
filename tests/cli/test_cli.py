"""Every CLI entry point meets bad input with one clear line and a scheduler-friendly
exit code, never a traceback; a failing notebook is named with its cell."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from rus_analysis.cli import main as cli
from rus_analysis.report.execute import NotebookFailed, execute


@pytest.mark.parametrize(
    ("argv", "code", "needle"),
    [
        (["frob"], 2, "unknown command 'frob'"),
        (["report", "--config", "/nope/rus.yaml"], 2, "config file not found"),
        (["report", "--raw", "/nope/raw"], 1, "input folder not found"),
        (["report", "--rounds", "2031"], 1, "round folder(s) ['2031'] not found"),
        (["ingest", "/nope/round"], 2, "is not a folder"),
        (["evaluate", "/nope.csv", "--text-column", "text", "--label-column", "label"], 2,
         "nope.csv"),
    ],
)
def test_bad_input_gets_one_clear_line(argv: list[str], code: int, needle: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(argv) == code
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err


def test_evaluate_names_the_missing_column(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli(["evaluate", str(csv), "--text-column", "text", "--label-column", "b"]) == 2
    assert "no column 'text'; columns are ['a', 'b']" in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["--help"]) == 0
    out = capsys.readouterr().out
    assert "ingest" in out and "report" in out and "evaluate" in out


def test_a_failing_notebook_is_named_with_its_cell_and_kept(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("y = x + 1"),
                nbformat.v4.new_code_cell("raise ValueError('kommune mangler')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    src = tmp_path / "brud.ipynb"
    nbformat.write(nb, src)
    out = tmp_path / "out" / "brud.ipynb"
    with pytest.raises(NotebookFailed) as err:
        execute(src, out, {"x": 2}, tmp_path)
    msg = str(err.value)
    assert "brud.ipynb" in msg and "ValueError" in msg and "kommune mangler" in msg
    assert "cell" in msg and str(out) in msg
    assert out.is_file()  # the executed notebook is kept for debugging
