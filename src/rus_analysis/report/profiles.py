"""One profile report per municipality (the profile notebook for each of the 29), and an index."""

from __future__ import annotations

import datetime as dt
import html
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from rus_analysis.atomic import write_text
from rus_analysis.config import Config
from rus_analysis.danish import ascii_slug
from rus_analysis.report.execute import PROFILE_NOTEBOOK, execute, notebooks_dir
from rus_analysis.report.export import export_html
from rus_analysis.report.guard import Withheld, guard
from rus_analysis.report.merge import merge_notebooks
from rus_analysis.runmeta import git_commit


def sweep_profiles(cfg: Config, common: dict[str, Any], out: Path, jobs: int,
                   only: str | None = None,
                   private_names: frozenset[str] = frozenset(),
                   withheld: Withheld | None = None) -> Path:
    """The profile notebook for each of the 29 (or one) municipality, in parallel; each
    page passes the guard with the run's ``private_names`` and ``withheld`` passages
    (``guard.withheld_passages``: the words of statements that may not be quoted)."""
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
        stem = f"{code}_{ascii_slug(name, lower=False)}"
        nb_out = target / "notebooks" / f"{stem}.ipynb"
        params = {**common, "municipality": code, "min_cell": cfg.report.min_cell}
        nb = execute(nb_dir / PROFILE_NOTEBOOK, nb_out, params, nb_dir)
        merged = merge_notebooks([(f"Kommuneprofil: {name}", nb)],
                                 f"# {html.escape(cfg.report.title)}\n\n**{html.escape(name)}**",
                                 f"Dannet {dt.datetime.now():%d.%m.%Y} af rus_analysis; "
                                 f"git-commit `{html.escape(git_commit())}`.")
        page = export_html(merged, target / f"{stem}.html", f"Kommuneprofil: {name}")
        guard(page, private_names, withheld)
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
    write_text(index, (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Kommuneprofiler'
        "</title></head><body style=\"font-family:system-ui,sans-serif;max-width:50em;"
        f"margin:2em auto\"><h1>{html.escape(cfg.report.title)}: kommuneprofiler</h1>"
        f'<p><a href="../rapport.html">Til hovedrapporten</a></p><ol>{items}</ol></body></html>'))
    return index
