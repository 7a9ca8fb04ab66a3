"""Absorbed share against the final assignment's macro-F1, per corpus, with seed noise.

Usage (from the project root)::

    PYTHONPATH=src .venv/bin/python benchmarks/tradeoff_curve.py benchmarks/suite.yaml \\
        --strong-fit inf 4 3.5 3 2.5 2 --min-coherence 0 0.4 \\
        --random-state 2024 1 2 3 4 > curve.jsonl

Issue 16, second round: ``ThemeModel(strong_fit=..., min_coherence=...)`` sends
statements that routing left out back to their best strategy theme when their own fit is
strong, or when their emergent group is a leftover (``themes.leftovers``). More recall
for the strategy themes costs honesty when a theme is missing from the taxonomy; this
prints one JSON line per (corpus, setting, seed): ``macro_f1_primary`` and
``seeded_share`` with the full taxonomy, ``absorbed_share``, ``kept_macro_f1`` and
``kept_macro_f1_full`` with every third theme left out (``themes.evaluation``).
"""

from __future__ import annotations

import argparse
import itertools
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
    p.add_argument("--strong-fit", type=float, nargs="+", default=[3.0])
    p.add_argument("--min-coherence", type=float, nargs="+", default=[0.4])
    p.add_argument("--random-state", type=int, nargs="+", default=[2024])
    p.add_argument("--only", nargs="*", default=())
    p.add_argument("--root", type=Path, default=ROOT)
    a = p.parse_args(argv)
    cfg = load_config(ROOT / "config" / "rus.yaml")
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend="e5", cache=cache,
                                        stop_words=cfg.nlp.stop_words))
    opts = ev.EvalOptions(leave_out=0.34, order=False)
    corpora = [c for c in ev.load_suite(a.suite, a.root) if not a.only or c.name in a.only]
    for rs, sf, mc in itertools.product(a.random_state, a.strong_fit, a.min_coherence):
        factory = ev.product_factory(emb, cfg.nlp.stop_words, random_state=rs,
                                     max_secondary=cfg.themes.max_secondary,
                                     strong_fit=sf, min_coherence=mc)
        for corpus in corpora:
            s = ev.seeded_metrics(corpus, factory, opts)
            full = s.pop("_model")
            lo = ev.leave_out_metrics(corpus, factory, opts, full_model=full)
            print(json.dumps({"corpus": corpus.name, "strong_fit": sf, "min_coherence": mc,
                              "random_state": rs, "macro_f1_primary": s["macro_f1_primary"],
                              "seeded_share": s["seeded_share"],
                              "baseline_macro_f1": s["baseline_macro_f1"],
                              "absorbed_share": lo["absorbed_share"],
                              "kept_macro_f1": lo["kept_macro_f1"],
                              "kept_macro_f1_full": lo["kept_macro_f1_full"]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
