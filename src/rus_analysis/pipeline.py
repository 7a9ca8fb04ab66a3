"""The whole flow as one call: raw round folders -> processed tables.

Why a module of its own: the CLI, the notebooks, the benchmarks and the tests all need
the same chain (ingest -> clean -> themes -> coverage) with the same defaults, timed
stage by stage. Notebooks call ``load_or_run`` so that a notebook opened by hand in
JupyterLab works on its own, while a report run computes everything once and the
notebooks only read the tables it wrote.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis.config import Config, load_config

log = logging.getLogger(__name__)

# Tables a run writes to the processed folder, by file stem. Notebooks read these back.
RUN_TABLES: tuple[str, ...] = (
    "statements", "rejects", "accounting", "problems", "files", "invitations",
    "attendance", "assignments", "themes", "override_report",
)


@dataclass
class RunTables:
    """Everything a report needs, as plain tables (what ``load_run`` reads back)."""

    statements: pd.DataFrame
    rejects: pd.DataFrame
    accounting: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    invitations: pd.DataFrame
    attendance: pd.DataFrame
    assignments: pd.DataFrame
    themes: pd.DataFrame
    override_report: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    def coverage(self, min_cell: int | None = None, population: pd.DataFrame | None = None):
        """Coverage tables built from these tables (cheap; recomputed, not stored).

        The population table configured in ``paths.population`` is used for per-capita
        figures unless one is passed in.
        """
        from rus_analysis.coverage import build_coverage, load_population

        if population is None:
            pop_path = self.meta.get("config", {}).get("paths", {}).get("population")
            if pop_path:
                population = load_population(pop_path)
        return build_coverage(
            self.statements, self.assignments, self.themes, self.invitations,
            self.attendance, min_cell=min_cell or int(self.meta.get("min_cell", 5)),
            population=population)


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


class Timer:
    """Wall time per stage, in order, for logs, benchmarks and the methods appendix."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        log.info("stage %s: start", name)
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - t0, 3)
            log.info("stage %s: %.2f s", name, self.seconds[name])


def run_pipeline(cfg: Config, round_dirs: Sequence[Path] | None = None,
                 embedder: Any = None) -> RunTables:
    """Run ingest -> clean -> themes on the configured rounds and return all tables."""
    from rus_analysis.clean import clean_records
    from rus_analysis.ingest import read_rounds
    from rus_analysis.themes import assign_themes

    dirs = list(round_dirs) if round_dirs else find_round_dirs(cfg.paths.raw, cfg.paths.rounds)
    timer = Timer()
    with timer.stage("ingest"):
        ing = read_rounds(dirs, cfg)
    with timer.stage("clean"):
        cl = clean_records(ing.records, cfg, problems=ing.problems)
    with timer.stage("themes"):
        registry = cfg.paths.processed / "theme_registry.json"
        th = assign_themes(cl.statements, cfg, registry_path=registry, embedder=embedder)
    meta = {
        "rounds": [d.name for d in dirs],
        "round_dirs": [str(d) for d in dirs],
        "embedding_backend": th.backend,
        "themes_held": th.held,
        "themes_held_changed": th.held_changed,
        "min_cell": cfg.report.min_cell,
        "stage_seconds": timer.seconds,
        "config": cfg.as_dict(),
    }
    return RunTables(
        statements=cl.statements, rejects=cl.rejects, accounting=cl.accounting,
        problems=ing.problems, files=ing.files, invitations=ing.invitations,
        attendance=ing.attendance, assignments=th.assignments, themes=th.themes,
        override_report=th.override_report, meta=meta)


def write_run(tables: RunTables, processed: Path, excel: bool = True) -> dict[str, Path]:
    """Write every table as Parquet (and the analysts' Excel workbook) atomically."""
    written = write_tables(tables, processed)
    if excel:
        written.update(write_workbook_and_coverage(tables, processed))
    return written


def write_tables(tables: RunTables, processed: Path) -> dict[str, Path]:
    """The Parquet tables and ``run_meta.json``: everything ``load_run`` reads back.

    Split from the workbook so that the report command can start its notebooks as soon as
    these exist and write the workbook (which no notebook reads) while they run.
    """
    from rus_analysis.outputs import atomic_write_bytes, write_parquet

    processed.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in RUN_TABLES:
        df = getattr(tables, name)
        written[name] = write_parquet(df, processed / f"{name}.parquet")
    meta_path = processed / "run_meta.json"
    atomic_write_bytes(meta_path, json.dumps(tables.meta, ensure_ascii=False, indent=2,
                                             default=str).encode("utf-8"))
    written["meta"] = meta_path
    return written


def write_workbook_and_coverage(tables: RunTables, processed: Path) -> dict[str, Path]:
    """The analysts' Excel workbook (run tables + coverage sheets) and the coverage Parquet
    files; the slow part of ``write_run`` (openpyxl: ~10 s of CPU at 10,000 statements)."""
    from rus_analysis.outputs import write_parquet, write_workbook

    processed.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    cov = tables.coverage()
    sheets = {"Udsagn": tables.statements, "Afviste": tables.rejects,
              "Regnskab": tables.accounting, "Temaer": tables.themes,
              **cov.tables()}
    written["excel"] = write_workbook(sheets, processed / "rus_analysis.xlsx")
    for name, df in cov.tables().items():
        written[f"coverage:{name}"] = write_parquet(
            df, processed / f"coverage_{_slug(name)}.parquet")
    return written


def load_run(processed: Path) -> RunTables:
    """Read back what ``write_run`` wrote, with a clear error when a table is missing."""
    missing = [n for n in RUN_TABLES if not (processed / f"{n}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(
            f"{processed}: processed tables {missing} are missing; run `rus-analysis report` "
            "(or `make demo`) first")
    tables = {n: pd.read_parquet(processed / f"{n}.parquet") for n in RUN_TABLES}
    meta_path = processed / "run_meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return RunTables(**tables, meta=meta)


def load_or_run(config_path: str | Path | None = None, processed: str | Path | None = None,
                rounds: Sequence[str] | None = None, n_themes: int | str | None = None
                ) -> RunTables:
    """For notebooks: read the processed tables when they match the request, else run.

    A notebook run by hand (JupyterLab, or papermill on its own) thereby works from a
    fresh clone, while a report run computes once and every notebook only reads.
    """
    overrides: dict[str, Any] = {}
    if rounds:
        overrides.setdefault("paths", {})["rounds"] = list(rounds)
    if n_themes is not None:
        overrides.setdefault("themes", {})["n_themes"] = n_themes
    cfg = load_config(config_path, overrides=overrides or None)
    out = Path(processed) if processed else cfg.paths.processed
    if all((out / f"{n}.parquet").is_file() for n in RUN_TABLES):
        tables = load_run(out)
        wanted = [d.name for d in find_round_dirs(cfg.paths.raw, cfg.paths.rounds)]
        same_rounds = tables.meta.get("rounds") == wanted
        same_k = n_themes is None or tables.meta.get("config", {}).get("themes", {}).get(
            "n_themes") == n_themes
        if same_rounds and same_k:
            return tables
        log.info("processed tables in %s are for rounds %s; rerunning for %s",
                 out, tables.meta.get("rounds"), wanted)
    tables = run_pipeline(cfg)
    write_run(tables, out)
    return tables


def _slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_", "-": "_", "/": "_"})
    return name.lower().translate(table)
