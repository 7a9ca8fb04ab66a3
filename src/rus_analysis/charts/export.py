"""Every chart of a run at once, and static PNG files through kaleido and Chromium.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from rus_analysis.charts.heatmap import heatmap
from rus_analysis.charts.maps import choropleth, theme_maps
from rus_analysis.charts.mix import round_change, source_mix, stakeholder_mix
from rus_analysis.charts.profile import municipality_profile
from rus_analysis.coverage import Coverage


def all_figures(coverage: Coverage, profile: str | None = None) -> dict[str, go.Figure]:
    """Every chart of the coverage section, keyed by a file-friendly name."""
    figs: dict[str, go.Figure] = {"kort_alt_input": choropleth(coverage),
                                  "heatmap": heatmap(coverage),
                                  "interessentgrupper": stakeholder_mix(coverage),
                                  "kildetyper": source_mix(coverage),
                                  "runder": round_change(coverage),
                                  "kort_temaer": theme_maps(coverage)}
    for tid in coverage.themes["theme_id"]:
        figs[f"kort_{tid}"] = choropleth(coverage, tid)
    if profile is not None:
        figs[f"profil_{str(profile).zfill(4)}"] = municipality_profile(coverage, profile)
    return figs


def use_system_chromium() -> None:
    """Point kaleido at the system Chromium (BROWSER_PATH) unless a Chrome is configured."""
    if os.environ.get("BROWSER_PATH"):
        return
    for cand in ("/usr/bin/chromium", "/usr/bin/chromium-browser",
                 shutil.which("chromium") or "", shutil.which("google-chrome") or ""):
        if cand and Path(cand).exists():
            os.environ["BROWSER_PATH"] = cand
            return


def write_png(fig: go.Figure, path: str | Path, scale: float = 2.0) -> Path:
    """Write one PNG with kaleido (starts a browser: use ``write_pngs`` for many)."""
    return write_pngs({Path(path).stem: fig}, Path(path).parent, scale=scale)[0]


def write_pngs(figures: dict[str, go.Figure], folder: str | Path, scale: float = 2.0
               ) -> list[Path]:
    """Write ``name.png`` for every figure in one kaleido session (one browser start)."""
    use_system_chromium()
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png" for name in figures]
    figs = list(figures.values())
    todo = list(range(len(figs)))
    for _attempt in range(2):
        pio.write_images([figs[i] for i in todo], [paths[i] for i in todo], scale=scale,
                         width=[int(figs[i].layout.width or 900) for i in todo],
                         height=[int(figs[i].layout.height or 600) for i in todo])
        # kaleido can return without having written a file (seen on a loaded 2-core
        # machine): a missing or empty PNG is tried once more, then an error, never a
        # path to nothing
        todo = [i for i in todo if not paths[i].is_file() or paths[i].stat().st_size == 0]
        if not todo:
            return paths
    missing = ", ".join(paths[i].name for i in todo)
    raise RuntimeError(f"kaleido wrote no PNG for {missing} in {out} (twice); the browser "
                       "it starts may have been too slow: rerun when the machine is less "
                       "busy, or check that Chromium starts (BROWSER_PATH)")
