"""The one orchestrator: raw round folders -> stages -> processed tables -> report.

Why one module calls the stages: the CLI, the notebooks, the benchmarks and the tests all
need the same chain (ingest -> clean -> themes -> coverage) with the same defaults, timed
stage by stage, written by the one writer (``processed``). No stage calls another
sideways; each takes and returns tables, and only this module (and ``cli``) strings
them together. Notebooks call ``load_or_run``: a notebook opened by hand works on its own
and never shows tables computed from another config, input or code, while a report run
computes everything once and every notebook only reads.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis.atomic import write_text
from rus_analysis.config import REGISTRY_FILE, Config, config_yaml, load_config
from rus_analysis.pii import NAME_TAG, file_name_pattern, redact_known_names, redact_table
from rus_analysis.problems import combine_problems
from rus_analysis.processed import (
    RunTables,
    Written,
    folder_lock,
    read_meta,
    read_processed,
    write_processed,
)
from rus_analysis.runmeta import Fingerprint, RunMeta, fingerprint, git_commit, now_iso, versions
from rus_analysis.schema import ASSIGNMENT_COLUMNS, REVIEW_SCHEMA, SUBTHEME_SCHEMA, THEME_COLUMNS
from rus_analysis.timing import StageTimer
from rus_analysis.voicekey import project_voice_key

log = logging.getLogger("rus_analysis.pipeline")

STAGES: tuple[str, ...] = ("ingest", "clean", "positions", "themes")
REPORT_MODE = "RUS_REPORT"  # set while a report run executes its notebooks


def find_round_dirs(raw: Path, rounds: Sequence[str] = ()) -> list[Path]:
    """Round folders under ``raw``: ``raw`` itself if it holds a manifest, else its
    sub-folders that do, sorted by name; ``rounds`` selects by folder name."""
    if not raw.is_dir():
        raise FileNotFoundError(f"{raw}: input folder not found; set paths.raw in the config "
                                "or pass --raw")
    found = [raw] if (raw / "manifest.yaml").is_file() else sorted(
        p for p in raw.iterdir() if p.is_dir() and (p / "manifest.yaml").is_file())
    if rounds:
        by_name = {p.name: p for p in found}
        missing = [r for r in rounds if r not in by_name]
        if missing:
            raise FileNotFoundError(
                f"{raw}: round folder(s) {missing} not found; found {sorted(by_name)}")
        found = [by_name[r] for r in rounds]
    if not found:
        raise FileNotFoundError(f"{raw}: no round folder with a manifest.yaml; see "
                                "docs/input-formats.md")
    return found


def expand_rounds(paths: Sequence[Path]) -> list[Path]:
    """Round folders from paths that are round folders or collections of them (a path
    that is neither is kept, so that ingest reports it)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if (p / "manifest.yaml").is_file() or not p.is_dir():
            out.append(p)
        else:
            subs = [d for d in sorted(p.iterdir()) if (d / "manifest.yaml").is_file()]
            out += subs or [p]
    return out


def _no_themes() -> tuple[pd.DataFrame, ...]:
    """Empty position and theme tables, with their columns, for a run that stops after
    clean."""
    from rus_analysis.position import POSITION_COLUMNS
    from rus_analysis.themes.overrides import REPORT_COLUMNS

    assignments = pd.DataFrame({c: pd.Series(dtype="object") for c in ASSIGNMENT_COLUMNS})
    themes = pd.DataFrame({c: pd.Series(dtype="object")
                           for c in (*THEME_COLUMNS, "name", "quotes", "quote_texts")})
    report = pd.DataFrame({c: pd.Series(dtype="object") for c in REPORT_COLUMNS})
    positions = pd.DataFrame({c: pd.Series(dtype="object") for c in POSITION_COLUMNS})
    subthemes = pd.DataFrame({c: pd.Series(dtype="object") for c in SUBTHEME_SCHEMA})
    review = pd.DataFrame({c: pd.Series(dtype="object") for c in REVIEW_SCHEMA})
    return positions, assignments, themes, report, subthemes, review


def run_pipeline(cfg: Config, round_dirs: Sequence[Path] | None = None,
                 embedder: Any = None, *, until: str = "themes",
                 learned_names: set[str] | None = None) -> RunTables:
    """Run ingest -> clean (-> positions -> themes) on the configured rounds and return
    all tables.

    ``until="clean"`` stops before positions and themes (what ``rus-analysis ingest``
    needs); their tables are then empty and the metadata says which stages ran.
    ``learned_names``: a set that receives the private names the moment a reader or the
    clean stage finds them, so that a caller can still take them out of its log when the
    run fails, in ingest too (the returned tables carry them only when the run succeeds).
    """
    from rus_analysis.clean import clean_records
    from rus_analysis.ingest import read_rounds

    if until not in ("clean", "themes"):
        raise ValueError(f"until must be 'clean' or 'themes', got {until!r}")
    dirs = list(round_dirs) if round_dirs else find_round_dirs(cfg.paths.raw, cfg.paths.rounds)
    voice_key = project_voice_key(cfg.paths.state)
    fp = fingerprint(cfg, dirs, voice_key)
    timer = StageTimer(log)
    with timer.stage("ingest"):
        ing = read_rounds(dirs, cfg, learned=learned_names)
    with timer.stage("clean"):
        cl = clean_records(ing.records, cfg, problems=ing.problems,
                           organisations=ing.invitations["organisation"].dropna().astype(str),
                           private_names=ing.private_names,
                           voice_key=voice_key, learned=learned_names)
    stages = STAGES[:2]
    backend, held, held_changed, theme_problems = "", 0, 0, None
    positions, assignments, themes, override_report, subthemes, review = _no_themes()
    if until == "themes":
        from rus_analysis.position import assign_positions
        from rus_analysis.themes import assign_themes
        from rus_analysis.themes.overrides import apply_position_overrides, load_overrides

        with timer.stage("positions"):
            positions = assign_positions(cl.statements)
        with timer.stage("themes"):
            th = assign_themes(cl.statements, cfg, registry_path=cfg.paths.state / REGISTRY_FILE,
                               embedder=embedder)
        stages = STAGES
        backend, held, held_changed = th.backend, th.held, th.held_changed
        assignments, themes, override_report = th.assignments, th.themes, th.override_report
        subthemes, review, theme_problems = th.subthemes, th.review, th.problems
        # the analyst's position corrections (review notebook) win over the model's
        positions, override_report = apply_position_overrides(
            positions, load_overrides(cfg.paths.overrides), override_report)
    meta = RunMeta(
        rounds=tuple(d.name for d in dirs), stages=stages, fingerprint=fp,
        min_cell=cfg.report.min_cell, n_themes=cfg.themes.n_themes,
        embedding_backend=backend, themes_held=held, themes_held_changed=held_changed,
        stage_seconds=dict(timer.seconds), package_versions=versions(),
        git_commit=git_commit(), created=now_iso(),
        population=str(cfg.paths.population) if cfg.paths.population else None)
    return RunTables(
        statements=cl.statements, rejects=cl.rejects, accounting=cl.accounting,
        # once more with the run's final list: an ingest line may quote a name only
        # cleaning learned
        problems=redact_table(combine_problems(ing.problems, cl.problems, theme_problems),
                              cl.private_names), files=ing.files,
        invitations=ing.invitations, attendance=ing.attendance,
        duplicate_groups=cl.duplicate_groups, positions=positions,
        assignments=assignments, themes=themes, subthemes=subthemes, review=review,
        override_report=override_report, meta=meta, private_names=cl.private_names)


def coverage_of(tables: RunTables, min_cell: int | None = None,
                population: pd.DataFrame | None = None) -> Any:
    """The coverage tables (``coverage.Coverage``) of a run (cheap; recomputed, not read).

    The population table of the run's config (``paths.population``) is used for
    per-capita figures unless one is passed in.
    """
    from rus_analysis.coverage import build_coverage, load_population

    if population is None and tables.meta.population:
        population = load_population(tables.meta.population)
    return build_coverage(
        tables.statements, tables.assignments, tables.themes, tables.invitations,
        tables.attendance, min_cell=tables.meta.min_cell if min_cell is None else min_cell,
        population=population)


def write_run(tables: RunTables, folder: Path, *,
              background: ThreadPoolExecutor | None = None) -> Written:
    """Write a run's tables and its coverage tables with the one writer."""
    cov = coverage_of(tables)
    return write_processed(tables, cov.tables(), cov.table_files(), folder,
                           background=background)


def load_run(folder: Path) -> RunTables:
    """Read the tables ``write_run`` wrote (no check of what they were made from)."""
    return read_processed(folder)


def stale_reason(folder: Path, wanted: Fingerprint) -> str:
    """Why the tables in ``folder`` cannot serve a request with fingerprint ``wanted``, in
    one line; "" when they can."""
    meta = read_meta(folder)
    if meta is None:
        return f"there is no complete set of processed tables in {folder}"
    if "themes" not in meta.stages:
        return (f"the tables in {folder} were written by `rus-analysis ingest`, which finds "
                "no themes")
    return wanted.difference(meta.fingerprint)


def load_or_run(config_path: str | Path | None = None, processed: str | Path | None = None,
                rounds: Sequence[str] | None = None, n_themes: int | str | None = None
                ) -> RunTables:
    """For notebooks: read the processed tables when they were made from this config,
    these input files and this code; else run the pipeline, write, and say why in one line.
    """
    overrides: dict[str, Any] = {}
    if rounds:
        overrides.setdefault("paths", {})["rounds"] = list(rounds)
    if n_themes is not None:
        overrides.setdefault("themes", {})["n_themes"] = n_themes
    cfg = load_config(config_path, overrides=overrides or None)
    out = Path(processed) if processed else cfg.paths.processed
    dirs = find_round_dirs(cfg.paths.raw, cfg.paths.rounds)
    wanted = fingerprint(cfg, dirs)
    if not stale_reason(out, wanted):
        tables = read_processed(out)
        if not wanted.difference(tables.meta.fingerprint):  # not replaced meanwhile
            return tables
    with folder_lock(out, exclusive=True):  # opened at once: one recomputes, others read
        reason = stale_reason(out, wanted)
        if not reason:
            return read_processed(out)
        if os.environ.get(REPORT_MODE) == "1":
            # a report's notebooks read what its own run wrote; recomputing here would
            # put other tables in the report than in data/processed and the appendix
            raise RuntimeError(f"the report's notebook cannot use the tables of this run: "
                               f"{reason}")
        log.warning("recomputing the processed tables: %s", reason)
        tables = run_pipeline(cfg, dirs)
        write_run(tables, out)
        return tables


# --- the report ------------------------------------------------------------------------

@dataclass
class ReportResult:
    """Where a report run wrote its files, and how long its parts took (seconds)."""

    out_dir: Path
    report_html: Path
    profiles_index: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    hearing_note: tuple[Path, Path] | None = None   # hoeringsnotat.html, .docx


def _setup_log(out: Path) -> logging.Handler:
    out.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(out / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("rus_analysis")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def _redact_log(path: Path, names: frozenset[str]) -> None:
    """Take the run's private names out of its log, which sits in the report folder.

    Why: a problem line is logged when it is found, and a name learned later in the run
    (a later file's sign-off, the clean stage) was not yet known to redact it. File names
    count too: "hoeringssvar_kenneth_madsen.txt" holds the name with underscores.
    """
    if not names or not path.is_file():
        return
    text = redact_known_names(path.read_text(encoding="utf-8"), names)
    pattern = file_name_pattern(names)
    write_text(path, pattern.sub(NAME_TAG, text) if pattern else text)


def build_report(cfg: Config, out: Path | None = None, per_municipality: bool = False,
                 municipality: str | None = None, jobs: int = 2,
                 maps_per_theme: bool = True) -> ReportResult:
    """Run everything and write ``reports/<date>_<rounds>/rapport.html``.

    Order, and why: the pipeline writes the tables the notebooks read; the Excel workbook
    (no notebook reads it) is written by a background thread while the notebooks run in
    their kernels, ``jobs`` at a time; the command returns only after the workbook is
    complete. ``out`` must be absolute or is resolved against the current folder before
    anything changes directory (papermill runs kernels in ``notebooks/``).
    """
    from rus_analysis.report.execute import run_main_notebooks
    from rus_analysis.report.export import export_html
    from rus_analysis.report.guard import guard, withheld_passages
    from rus_analysis.report.merge import merge_notebooks
    from rus_analysis.report.pages import appendix, title_page
    from rus_analysis.report.profiles import sweep_profiles
    from rus_analysis.report.record import write_run_record

    started = dt.datetime.now()
    t0 = time.perf_counter()
    dirs = find_round_dirs(cfg.paths.raw, cfg.paths.rounds)
    rounds_tag = "+".join(d.name for d in dirs)
    out = (Path(out) if out else cfg.paths.reports / f"{started:%Y-%m-%d}_{rounds_tag}").resolve()
    if (out / "run.log").is_file() or (out / "run.json").is_file():
        shutil.rmtree(out)  # a rerun replaces the earlier report folder of the same name
    handler = _setup_log(out)
    previous_mode = os.environ.get(REPORT_MODE)
    os.environ[REPORT_MODE] = "1"
    steps = StageTimer(log, digits=2)  # finer timings than the appendix shows
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbook")
    names: set[str] = set()   # filled as soon as ingest and clean learn them
    try:
        log.info("report run: config=%s rounds=%s out=%s", cfg.source, rounds_tag, out)
        tables = run_pipeline(cfg, dirs, learned_names=names)
        processed = cfg.paths.processed.resolve()
        with steps.stage("write tables"):
            written = write_run(tables, processed, background=background)
        seconds = dict(tables.meta.stage_seconds)
        n_themes = cfg.themes.n_themes
        if tables.statements.empty:
            raise ValueError(f"rounds {rounds_tag}: no statement was read from the input, so "
                             "there is nothing to report; see the problems listed by "
                             f"`rus-analysis ingest {cfg.paths.raw}`")
        # the notebooks run with exactly this run's options (command-line changes too)
        effective = write_text(out / "konfiguration.yaml", config_yaml(cfg))
        common = {"config_path": str(effective), "processed_dir": str(processed),
                  "rounds": [d.name for d in dirs], "n_themes": n_themes}
        t_nb = time.perf_counter()
        parts = run_main_notebooks(cfg, common, out / "notebooks", jobs, maps_per_theme, steps)
        seconds["notebooks"] = round(time.perf_counter() - t_nb, 2)
        params_shown = {"runder": rounds_tag, "antal temaer": n_themes,
                        "min. cellestørrelse": cfg.report.min_cell,
                        "citater pr. tema": cfg.report.quotes_per_theme}
        seconds["i alt (før eksport)"] = round(time.perf_counter() - t0, 2)
        from rus_analysis.coverage.representation import representation_summary

        cov = coverage_of(tables)
        with steps.stage("merge"):
            merged = merge_notebooks(parts, title_page(cfg, tables, started), appendix(
                cfg, tables, params_shown, started, seconds,
                representation_summary(cov.representation).method_lines,
                per_capita=cov.per_capita is not None))
        with steps.stage("export html"):
            report = export_html(merged, out / "rapport.html", cfg.report.title)
        with steps.stage("pii guard"):
            withheld = withheld_passages(tables.statements)   # consent to be quoted
            guard(report, tables.private_names, withheld)
        result = ReportResult(out_dir=out, report_html=report, seconds=seconds)
        with steps.stage("hearing note"):
            from rus_analysis.report.hearing_note import write_hearing_note

            result.hearing_note = write_hearing_note(tables, out, cfg.report.title, started,
                                                     withheld=withheld)
        if per_municipality or municipality:
            with steps.stage("municipality profiles"):
                result.profiles_index = sweep_profiles(cfg, common, out, jobs,
                                                       only=municipality,
                                                       private_names=tables.private_names,
                                                       withheld=withheld)
        with steps.stage("wait for workbook"):
            if written.workbook is not None:
                written.workbook.result()  # raises here if the workbook failed
        write_run_record(out, cfg, tables, result, started, time.perf_counter() - t0,
                         steps.seconds)
        log.info("report written: %s (%.1f s)", report, time.perf_counter() - t0)
        return result
    finally:
        background.shutdown(wait=True)  # never leave a half-written workbook behind
        if previous_mode is None:
            os.environ.pop(REPORT_MODE, None)
        else:
            os.environ[REPORT_MODE] = previous_mode
        logging.getLogger("rus_analysis").removeHandler(handler)
        handler.close()
        _redact_log(out / "run.log", frozenset(names))
