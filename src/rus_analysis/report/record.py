"""``run.json`` next to a report: what the run did, for schedulers and for diffing runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from rus_analysis.atomic import write_text
from rus_analysis.config import Config
from rus_analysis.processed import RunTables
from rus_analysis.runmeta import git_commit


def write_run_record(out: Path, cfg: Config, tables: RunTables, result: Any,
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
            "rounds": list(tables.meta.rounds),
            "statements": len(tables.statements), "rejects": len(tables.rejects),
            "embedding_backend": tables.meta.embedding_backend,
            "config": str(cfg.source), "git": git_commit(), "outputs": files}
    write_text(out / "run.json", json.dumps(data, ensure_ascii=False, indent=2))
