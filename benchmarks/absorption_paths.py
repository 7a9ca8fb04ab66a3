"""Where absorbed statements enter the strategy themes, path by path (issue 16, sixth round).

Usage (from the project root):
    PYTHONPATH=src .venv/bin/python benchmarks/absorption_paths.py [RANDOM_STATE ...]
(default 2024; the suite's corpora live in ../shared/eval, never copied.)

For every corpus of ``benchmarks/suite.yaml`` and two settings, prints one JSON line per
random state with the share of statements in a strategy theme and how they got there:

* ``foreign``: the corpus with the RUS taxonomy of ``config/rus.yaml`` (no label is a
  RUS theme, so every statement in a strategy theme is absorbed); shares of all rows;
* ``leaveout``: the corpus's own taxonomy with every third theme dropped (as
  ``evaluate --leave-out-themes 0.34``); shares of the dropped themes' rows.

Paths, from the fitted model's own attributes: ``routed`` (a group a theme's anchors
claimed, ``routing.route``), ``strong`` (a strong own fit, ``leftovers.strong_fit``),
``leftover`` (returned from a leftover emergent group, ``leftovers.return_leftovers``).
A lever that moves one path is judged by all three and by the suite.
"""

from __future__ import annotations

import json
import sys

import numpy as np
from suite_setup import suite_setup

from rus_analysis.themes import evaluation as ev
from rus_analysis.themes import leftovers, routing


def paths(model, seed_ids: list[str], mask: np.ndarray) -> dict[str, float]:
    """Shares of ``mask``'s rows in a strategy theme, in total and per path."""
    routed = routing.route(model.seed_proba_, model.fine_clusters_, model.claimed_) >= 0
    _, fit = leftovers.best_agreeing(model.seed_proba_, model.seed_evidence_)
    rows = model.row_index_
    routed, fit = routed[rows], fit[rows]
    final = np.isin(np.asarray(model.labels_).astype(str), seed_ids)
    strong = final & ~routed & (fit >= model.strong_fit)
    returned = final & ~routed & ~strong
    n = max(int(mask.sum()), 1)
    return {k: round(float((v & mask).sum() / n), 3) for k, v in
            (("share", final), ("routed", final & routed), ("strong", strong),
             ("leftover", returned))}


def main() -> None:
    cfg, corpora, factory = suite_setup()
    states = [int(a) for a in sys.argv[1:]] or [cfg.themes.random_state]
    for state in states:
        make = factory(state)
        for c in corpora:
            texts = c.frame["text"].tolist()
            y = c.frame["label"].astype(str).to_numpy()
            tax = c.taxonomy
            drop = ev.dropped_indices(len(tax.seeds), 0.34)
            dropped = sorted({tax.to_label[tax.seeds[i].id] for i in drop})
            kept = tax.subset([i for i in range(len(tax.seeds)) if i not in drop])
            for mode, seeds, mask in (("foreign", cfg.themes.taxonomy, np.ones(len(y), bool)),
                                      ("leaveout", kept.seeds, np.isin(y, dropped))):
                model = make(seeds).fit(texts)
                row = {"random_state": state, "corpus": c.name, "mode": mode}
                row.update(paths(model, [s.id for s in seeds], mask))
                print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
