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

import numpy as np
from suite_setup import suite_setup

from rus_analysis.themes import evaluation as ev


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
    cfg, corpora, factory = suite_setup()
    states = [int(a) for a in sys.argv[1:]] or [cfg.themes.random_state]
    for rs in states:
        make = factory(rs)
        cells = []
        for c in corpora:
            m = make(c.taxonomy.seeds).fit(c.frame["text"].tolist())
            share, n = quote_precision(m, c)
            cells.append(f"{c.name} {share:.3f} (n={n})")
        print(f"random state {rs}: " + " | ".join(cells), flush=True)


if __name__ == "__main__":
    main()
