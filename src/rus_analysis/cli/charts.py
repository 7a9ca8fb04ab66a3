"""``rus-analysis charts``: the coverage charts of a run as PNG files (kaleido + Chromium).

For documentation and slides; the report itself embeds interactive charts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rus_analysis.charts import all_figures, choropleth, heatmap, municipality_profile, write_pngs
from rus_analysis.pipeline import coverage_of, load_or_run


def main(argv: list[str] | None = None) -> int:
    """Draw the coverage charts of a run as PNG files (kaleido + Chromium).

    ``rus-analysis charts --out docs/img [--config config/rus.yaml]
    [--processed DIR] [--theme ID] [--profile KOMMUNE] [--all]``: reads the processed
    tables of a run (running the pipeline into ``--processed`` first when they are
    missing) and writes the total map, the map of ``--theme`` (default: the first theme),
    the heatmap and, with ``--all``, every other chart.
    """
    ap = argparse.ArgumentParser(prog="rus-analysis charts",
                                 description="write coverage charts as PNG")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--config", default=None)
    ap.add_argument("--processed", default=None)
    ap.add_argument("--theme", default=None)
    ap.add_argument("--profile", default=None)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    # paths given here are the user's, relative to the folder the command runs in
    args.out = args.out.resolve()
    tables = load_or_run(Path(args.config).resolve() if args.config else None,
                         Path(args.processed).resolve() if args.processed else None)
    cov = coverage_of(tables)
    theme = args.theme or str(cov.themes["theme_id"].iloc[0])
    figs = {"kort_alt_input": choropleth(cov), f"kort_{theme}": choropleth(cov, theme),
            "heatmap": heatmap(cov)}
    if args.profile:
        figs[f"profil_{str(args.profile).zfill(4)}"] = municipality_profile(cov, args.profile)
    if args.all:
        figs.update(all_figures(cov, args.profile))
    for p in write_pngs({f"{args.prefix}{k}": v for k, v in figs.items()}, args.out):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
