"""Run the theme evaluation suite (``rus_analysis.themes.evaluation``) from the shell.

Usage (from the project root)::

    PYTHONPATH=src .venv/bin/python benchmarks/run_suite.py benchmarks/suite.yaml \\
        --leave-out-themes 0.34 --examples-per-theme 10 --ceiling --json > out.json
    ... --random-state 1 2 3 4 2024      # seed-to-seed noise: one run per seed

Until the CLI has ``rus-analysis evaluate --suite``, this is the same thing: the product's
defaults (config/rus.yaml for stop words and cache, e5 backend), one JSON per corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rus_analysis.config import load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder
from rus_analysis.themes import evaluation as ev

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("suite", type=Path)
    p.add_argument("--leave-out-themes", type=float, default=0.0)
    p.add_argument("--examples-per-theme", type=int, default=0)
    p.add_argument("--ceiling", action="store_true")
    p.add_argument("--no-order", action="store_true", help="skip the shuffled refits")
    p.add_argument("--random-state", type=int, nargs="*", default=None)
    p.add_argument("--only", nargs="*", default=())
    p.add_argument("--backend", default="e5")
    p.add_argument("--root", type=Path, default=ROOT,
                   help="folder the suite's relative paths start from (default: project root)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    cfg = load_config(ROOT / "config" / "rus.yaml")
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend=a.backend, cache=cache,
                                        stop_words=cfg.nlp.stop_words))
    opts = ev.EvalOptions(leave_out=a.leave_out_themes, examples_per_theme=a.examples_per_theme,
                          ceiling=a.ceiling, order=not a.no_order)
    states = a.random_state or [cfg.themes.random_state]
    for rs in states:
        factory = ev.product_factory(emb, cfg.nlp.stop_words, random_state=rs,
                                     max_secondary=cfg.themes.max_secondary)
        for corpus in ev.load_suite(a.suite, a.root):
            if a.only and corpus.name not in a.only:
                continue
            r = ev.run_entry(corpus, factory, opts)
            r["random_state"] = rs
            if a.json:
                print(json.dumps(r, ensure_ascii=False, default=str), flush=True)
            else:
                print(ev.summary_rows([r]).to_string(index=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
