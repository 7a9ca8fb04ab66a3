"""Time to build every coverage table and chart for N synthetic statements.

Usage:
    .venv/bin/python benchmarks/coverage_bench.py [--n 100000] [--repeat 3] [--png DIR]
        [--out benchmarks/coverage_bench.md]

Why synthetic: the benchmark must run from a fresh clone without the pipeline, and must
stress the shapes that cost time in coverage (many voices, campaigns of identical letters,
secondary themes, regional actors, three rounds), not the NLP. The generator is also used
to draw demo figures when no real pipeline output exists.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from rus_analysis import charts
from rus_analysis.config import STAKEHOLDER_TYPES
from rus_analysis.coverage import build_coverage
from rus_analysis.reference import capital_region

THEMES = [
    ("kollektiv_trafik", "Kollektiv trafik og mobilitet"), ("drikkevand", "Rent drikkevand"),
    ("baeredygtigt_byggeri", "Bæredygtigt byggeri"), ("jordforurening", "Jordforurening"),
    ("groen_omstilling", "Grøn omstilling"), ("ressourcer", "Bedre brug af ressourcer"),
    ("erhverv_vaekst", "Erhverv og vækst"), ("klima", "Klima og klimatilpasning"),
    ("infrastruktur", "Infrastruktur"),
    ("uddannelse_beskaeftigelse", "Uddannelse og beskæftigelse"),
]
ROUNDS = [("2022-23", "2022-11-15"), ("2024", "2024-03-01"), ("2025", "2025-02-27")]
SOURCES = ["survey", "meeting", "workshop", "written"]
REGIONAL = ["DSB", "Movia", "Novafos", "HOFOR", "Metroselskabet", "Vejdirektoratet"]


def synthetic(n: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Statements, assignments, themes, invitations, attendance shaped like real input.

    Municipality sizes are skewed (København largest), four municipalities are never
    invited, themes have municipality-specific preferences, ~5 % of statements come from
    regional actors, ~2 % have no municipality, and ~8 % belong to campaigns of 40
    identical letters.
    """
    rng = np.random.default_rng(seed)
    region = capital_region()
    codes = region["kommunekode"].to_numpy()
    weight = rng.gamma(1.2, 1.0, len(codes))
    weight[codes == "0101"] *= 6
    skip = {"0187", "0183", "0155", "0400"} if n < 50 else {"0187", "0183"}
    weight[np.isin(codes, list(skip))] = 0
    weight /= weight.sum()
    kind = rng.choice(3, n, p=[0.93, 0.05, 0.02])  # municipality / regional / unplaced
    muni = np.where(kind == 0, rng.choice(codes, n, p=weight), None)
    rnd = rng.choice(len(ROUNDS), n, p=[0.5, 0.2, 0.3])
    src = rng.choice(SOURCES, n, p=[0.45, 0.25, 0.2, 0.1])
    stake = rng.choice([s for s in STAKEHOLDER_TYPES if s != "region"], n)
    org = np.where(kind == 1, rng.choice(REGIONAL, n), "")
    stake = np.where(kind == 1, "trafikselskab", stake)
    voice = np.char.add("v", (rng.pareto(1.5, n) * 50).astype(int).astype(str))
    voice = np.char.add(np.char.add(muni.astype(str), ":"), voice)
    ids = np.char.add("s", np.arange(n).astype(str))
    dup_group = ids.copy()
    dup_count = np.ones(n, dtype=int)
    rep = np.ones(n, dtype=bool)
    status = np.full(n, "kept", dtype=object)
    # campaigns: blocks of 40 consecutive rows become one voice, one representative
    n_camp = int(n * 0.08) // 40
    starts = rng.choice(max(n - 40, 1), n_camp, replace=False) if n > 80 else []
    for s in starts:
        block = slice(s, s + 40)
        dup_group[block] = f"camp{s}"
        dup_count[block] = 40
        rep[block] = False
        rep[s] = True
        status[block] = "merged"
        status[s] = "kept"
        voice[block] = f"camp{s}"
        muni[block] = muni[s]
        kind[block] = kind[s]
        src[block] = "written"
        rnd[block] = rnd[s]
    statements = pd.DataFrame({
        "statement_id": ids, "record_id": ids, "round": [ROUNDS[i][0] for i in rnd],
        "source_file": [f"{s}_{i % 40}.x" for i, s in enumerate(src)], "source_type": src,
        "source_name": src, "source_date": [ROUNDS[i][1] for i in rnd], "locator": "",
        "respondent_id": "", "question_id": "", "question": "", "organisation": org,
        "stakeholder_type": stake,
        "municipality_code": pd.array(muni, dtype="string"), "municipality_name": "",
        "landsdel": pd.NA, "is_regional_actor": kind == 1, "voice_id": voice,
        "text": "", "dup_group": dup_group, "dup_count": dup_count,
        "is_representative": rep, "status": status,
    })
    # themes: a municipality-specific preference, so that lifts differ
    pref = rng.dirichlet(np.ones(len(THEMES)) * 2, len(codes) + 2)
    row = np.where(kind == 0, np.searchsorted(codes, muni.astype(str)), len(codes) + kind - 1)
    row = np.clip(row, 0, len(pref) - 1)
    cum = pref[row].cumsum(axis=1)
    primary = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, len(THEMES) - 1)
    secondary = (primary + 1 + rng.integers(0, len(THEMES) - 1, n)) % len(THEMES)
    has_theme = rng.random(n) > 0.03
    keep = has_theme & (rep | (dup_count == 1))  # merged members inherit, as in the pipeline
    tid = np.array([t for t, _ in THEMES])
    a0 = pd.DataFrame({"statement_id": ids[keep], "theme_id": tid[primary[keep]], "rank": 0,
                       "score": 0.8})
    sec = keep & (rng.random(n) < 0.4)
    a1 = pd.DataFrame({"statement_id": ids[sec], "theme_id": tid[secondary[sec]], "rank": 1,
                       "score": 0.4})
    assignments = pd.concat([a0, a1], ignore_index=True)
    themes = pd.DataFrame({"theme_id": tid, "label": [lbl for _, lbl in THEMES],
                           "kind": "seed", "description": "", "top_terms": "", "size": 0})
    invited = [c for c in codes if c not in skip]
    invitations = pd.DataFrame([(r, "", c, "") for r, _ in ROUNDS for c in invited[::2]]
                               + [(ROUNDS[0][0], "", c, "") for c in invited],
                               columns=["round", "source_file", "municipality_code",
                                        "organisation"])
    attendance = pd.DataFrame([(ROUNDS[2][0], "moede.docx", c, "") for c in invited[1::3]],
                              columns=["round", "source_file", "municipality_code",
                                       "organisation"])
    return {"statements": statements, "assignments": assignments, "themes": themes,
            "invitations": invitations, "attendance": attendance}


def run(n: int, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds for generating, tables and charts."""
    t0 = time.perf_counter()
    data = synthetic(n)
    gen = time.perf_counter() - t0
    best_tables = best_charts = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        cov = build_coverage(data["statements"], data["assignments"], data["themes"],
                             data["invitations"], data["attendance"], min_cell=5)
        t1 = time.perf_counter()
        figs = charts.all_figures(cov, profile="0270")
        t2 = time.perf_counter()
        best_tables = min(best_tables, t1 - t0)
        best_charts = min(best_charts, t2 - t1)
    return {"generate": gen, "tables": best_tables, "charts": best_charts,
            "total": best_tables + best_charts, "n_figures": float(len(figs)),
            "n_statements": float(len(data["statements"]))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--png", type=Path, default=None,
                    help="also time writing every figure as PNG (kaleido) into this folder")
    ap.add_argument("--out", type=Path, default=None, help="write the result as Markdown")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    res = run(args.n, args.repeat)
    png_s = None
    if args.png is not None:
        data = synthetic(args.n)
        cov = build_coverage(data["statements"], data["assignments"], data["themes"],
                             data["invitations"], data["attendance"])
        figs = charts.all_figures(cov, profile="0270")
        t0 = time.perf_counter()
        charts.write_pngs(figs, args.png)
        png_s = time.perf_counter() - t0
    lines = [
        "# Coverage benchmark",
        "",
        f"Command: `.venv/bin/python benchmarks/coverage_bench.py --n {args.n} "
        f"--repeat {args.repeat}" + (f" --png {args.png}" if args.png else "") + "`",
        "",
        f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"{os.cpu_count()} CPUs, load average at start {load:.1f} (the machine "
        "was shared with other jobs; times are wall-clock, best of the repeats)",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| generate {int(res['n_statements']):,} synthetic statements (not part of the "
        f"pipeline) | {res['generate']:.2f} |",
        f"| all coverage tables (`build_coverage`, best of {args.repeat}) | "
        f"{res['tables']:.2f} |",
        f"| all {int(res['n_figures'])} charts (`charts.all_figures`: total map + one map per "
        f"theme, heatmap, two mixes, rounds, one profile; best of {args.repeat}) | "
        f"{res['charts']:.2f} |",
        f"| **tables + charts** | **{res['total']:.2f}** |",
    ]
    if png_s is not None:
        lines.append(f"| writing the {int(res['n_figures'])} charts as PNG with kaleido + "
                     f"Chromium (one browser session) | {png_s:.2f} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
