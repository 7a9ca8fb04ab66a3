"""Running the report's notebooks with papermill, several at a time, failing with the cell.

Why this shape: analysts own the notebooks (narrative + calls into the library) and can
run any of them by hand; a scheduled run executes the same notebooks unattended and stops
with a message naming the notebook and cell when one fails, keeping the executed copy.
"""

from __future__ import annotations

import functools
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import nbformat

from rus_analysis.config import Config
from rus_analysis.timing import StageTimer

MAIN_NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("00_sammenfatning.ipynb", "Sammenfatning"),
    ("02_temaer.ipynb", "Temaer"),
    ("03_daekning.ipynb", "Dækning af kommuner og interessenter"),
    ("01_input_overblik.ipynb", "Input og regnskab"),
    ("06_udsagn.ipynb", "Alle udsagn"),
)


PROFILE_NOTEBOOK = "04_kommuneprofil.ipynb"


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names notebook and cell, the executed copy is kept."""


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to ``src/``)."""
    here = Path(__file__).resolve()
    cand = here.parents[3] / "notebooks"  # report/ -> rus_analysis/ -> src/ -> project
    if not cand.is_dir():
        raise FileNotFoundError(f"{cand}: notebooks folder not found")
    return cand


@functools.lru_cache(maxsize=1)
def kernel_name() -> str:
    """The project's kernel when registered (``make`` does that), else the default.

    Cached: the kernelspec lookup walks every Jupyter data folder, and a report asks once
    per notebook (32 times with the municipality sweep).
    """
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return "rus-analysis" if "rus-analysis" in specs else "python3"


def execute(nb_in: Path, nb_out: Path, parameters: dict[str, Any], cwd: Path
            ) -> nbformat.NotebookNode:
    """Run one notebook with papermill; on failure raise NotebookFailed naming the cell.

    Returns the executed notebook, the same node papermill has just written to ``nb_out``
    (so the caller need not parse the file again: ~5 MB of JSON per notebook with maps).
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    nb_out.parent.mkdir(parents=True, exist_ok=True)
    try:
        # the kernel starts in ``cwd`` through nbclient's resources: papermill's own
        # ``cwd=`` changes the working directory of this whole process, from two threads
        # at once when notebooks run in parallel (a relative path then lands elsewhere)
        return pm.execute_notebook(str(nb_in), str(nb_out), parameters=parameters,
                                   kernel_name=kernel_name(), progress_bar=False,
                                   log_output=False, request_save_on_cell_execute=False,
                                   resources={"metadata": {"path": str(cwd)}})
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"notebook {nb_in.name} failed in cell {exc.exec_count} ({exc.ename}: "
            f"{exc.evalue}); the executed notebook is kept at {nb_out} for debugging") from None


# Rough cost of each main notebook (03 draws a map per theme), to start the slowest first:
# with 2 at a time, 03 runs alongside 01 and 02 one after the other.
_NOTEBOOK_COST = {"03_daekning.ipynb": 3, "02_temaer.ipynb": 2, "06_udsagn.ipynb": 2,
                  "00_sammenfatning.ipynb": 1, "01_input_overblik.ipynb": 1}


def run_main_notebooks(cfg: Config, common: dict[str, Any], executed: Path, jobs: int,
                       maps_per_theme: bool, timer: StageTimer | None = None
                       ) -> list[tuple[str, nbformat.NotebookNode]]:
    """Execute the main notebooks, ``jobs`` at a time, and return (title, notebook) in
    report order.

    They are independent (each only reads the processed tables) and each runs in its own
    kernel process, so two at a time use both cores. When one fails, notebooks not yet
    started are cancelled and the failure of the first failing notebook in report order
    is raised, naming its cell, as when they ran one after another.
    """
    nb_dir = notebooks_dir()
    timer = timer if timer is not None else StageTimer()

    def params_for(name: str) -> dict[str, Any]:
        params = dict(common)
        if name.startswith("02"):
            params["quotes_per_theme"] = cfg.report.quotes_per_theme
        if not name.startswith("01"):
            params["min_cell"] = cfg.report.min_cell
        if name.startswith("03"):
            params["maps_per_theme"] = maps_per_theme
        return params

    names = [name for name, _ in MAIN_NOTEBOOKS]
    order = sorted(names, key=lambda n: -_NOTEBOOK_COST.get(n, 0))
    futs: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(names))),
                            thread_name_prefix="notebook") as pool:
        for name in order:
            futs[name] = pool.submit(timer.timed, f"notebook {name}", execute,
                                     nb_dir / name, executed / name, params_for(name), nb_dir)
        for fut in as_completed(futs.values()):
            if fut.exception() is not None:
                for other in futs.values():
                    other.cancel()
                break
    for name in names:  # report order: the first failure is the one reported
        fut = futs[name]
        if not fut.cancelled() and fut.exception() is not None:
            raise fut.exception()
    return [(title, futs[name].result()) for name, title in MAIN_NOTEBOOKS]
