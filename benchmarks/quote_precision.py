"""Are the quotes on a strategy theme's card of that theme? Measured on the suite's corpora.

Usage (from the project root):
    PYTHONPATH=src .venv/bin/python benchmarks/quote_precision.py [RANDOM_STATE ...]
(default: the config's random state; the corpora live in ../shared/eval, never copied.)

A committee reads the quotes on a theme card as proof that the theme was raised. This fits
each corpus of ``benchmarks/suite.yaml`` with its own taxonomy and the product's defaults,
and prints, per corpus, the share of the quotes on strategy-theme cards whose statement
carries the theme's own label (``quote_precision``) and how many quotes that is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from rus_analysis.config import load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder
from rus_analysis.themes import evaluation as ev

ROOT = Path(__file__).resolve().parents[1]


def quote_precision(model, corpus: ev.Corpus) -> tuple[float, int]:
    """Share of strategy-theme quotes whose statement has the theme's label, and their count."""
    y = corpus.frame["label"].to_numpy().astype(str)
    label_of: dict[int, str] = {}
    for row, i in enumerate(model.row_index_):
        label_of.setdefault(int(i), y[row])
    tax = corpus.taxonomy
    hits = [label_of[int(i)] == tax.to_label[t.theme_key]
            for t in model.themes_.itertuples() if t.kind == "seeded" for i in t.quote_index]
    return (float(np.mean(hits)) if hits else float("nan")), len(hits)


def main() -> None:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    states = [int(a) for a in sys.argv[1:]] or [cfg.themes.random_state]
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend=cfg.nlp.embedding_backend, cache=cache,
                                        stop_words=cfg.nlp.stop_words))
    corpora = ev.load_suite(ROOT / "benchmarks" / "suite.yaml", root=ROOT)
    for rs in states:
        make = ev.product_factory(emb, cfg.nlp.stop_words, random_state=rs,
                                  max_secondary=cfg.themes.max_secondary)
        cells = []
        for c in corpora:
            m = make(c.taxonomy.seeds).fit(c.frame["text"].tolist())
            share, n = quote_precision(m, c)
            cells.append(f"{c.name} {share:.3f} (n={n})")
        print(f"random state {rs}: " + " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
