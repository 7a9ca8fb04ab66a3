"""The suite's corpora with the product's own RUS taxonomy: what a wrong taxonomy absorbs.

Usage (from the project root): PYTHONPATH=src .venv/bin/python benchmarks/foreign_taxonomy.py [SUITE]
(SUITE: default benchmarks/suite.yaml; its corpora live in ../shared/eval, never copied.)

Issue 16 began with a new user's run: a round on a subject no RUS theme covers, fitted
with the project's default taxonomy, put 121 of 180 statements into strategy themes. The
suite's corpora are such rounds (local agendas, news sentences, Reddit threads), so this
fits each with the taxonomy of ``config/rus.yaml`` and the product's defaults and prints:

* ``in_strategy``: the share of statements that land in a (foreign) strategy theme;
  every one of them is absorbed, since no corpus label is a RUS theme (some overlap in
  substance: train strikes and public transport, agendas on water and drinking water);
* ``ari_with_rus`` / ``ari_discovery``: ARI of the final themes against the corpus's
  labels with the RUS taxonomy and with no taxonomy at all (the price of a wrong one);
* per strategy theme, the statements it holds and the share of its largest label.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score
from suite_setup import suite_setup


def main() -> None:
    cfg, corpora, factory = suite_setup(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    make = factory(cfg.themes.random_state)
    seeds = {s.id for s in cfg.themes.taxonomy}
    rows = []
    for c in corpora:
        texts = c.frame["text"].tolist()
        y = c.frame["label"].to_numpy().astype(str)
        with_rus = make(cfg.themes.taxonomy).fit(texts)
        alone = make(()).fit(texts)
        lab = np.asarray(with_rus.labels_).astype(str)
        ins = np.isin(lab, sorted(seeds))
        rows.append({"corpus": c.name, "n": len(texts), "in_strategy": round(float(ins.mean()), 3),
                     "ari_with_rus": round(adjusted_rand_score(y, lab), 3),
                     "ari_discovery": round(adjusted_rand_score(
                         y, np.asarray(alone.labels_).astype(str)), 3)})
        tab = pd.crosstab(pd.Series(lab[ins], name="theme"), pd.Series(y[ins], name="label"))
        held = ", ".join(f"{t} {int(r.sum())} ({r.idxmax()} {r.max() / r.sum():.2f})"
                         for t, r in tab.iterrows())
        print(f"{c.name}: {held}")
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
