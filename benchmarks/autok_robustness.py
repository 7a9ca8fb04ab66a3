"""Auto-k on corpora the criterion was not chosen on: label subsets and unions (a check).

Usage (from the project root): PYTHONPATH=src .venv/bin/python benchmarks/autok_robustness.py [EVAL_DIR]
(EVAL_DIR: the corpora's folder, default ../shared/eval next to the project.)

Builds, from the three topic corpora of ../shared/eval (read there, never copied), the
full corpora, three label subsets of each (3, 5 and half of the labels with at least 30
rows, drawn with fixed seeds), two unions (sib200 + DAST, capcas + sib200) and DAST
against its 33 threads; for each prints the true k and, for the product's auto-k
criteria (``discovery.discover(criterion=...)``: "plateau", the default, "separation",
and "modularity", the one before issue 16), the k found and the ARI, next to the ARI of
the same spectral cut given the true k. Uses the e5 embedding cache of config/rus.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from rus_analysis.config import load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder, text_hash
from rus_analysis.themes import discovery as disc

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"
CORPORA = {"capcas": ("capcas_danish_local_agendas.csv", "0"), "sib200": ("sib200_dan.csv", None),
           "dast": ("dast_reddit_topics_da.csv", None)}


def load(emb, name: str, column: str = "label") -> tuple[np.ndarray, np.ndarray]:
    """Distinct texts in hash order (as ThemeModel fits them): vectors and labels."""
    csv, drop = CORPORA[name]
    df = pd.read_csv(EVAL / csv, dtype=str, keep_default_na=False)
    df = df[(df["text"].str.strip() != "") & (df["label"] != (drop or "\0"))]
    first = df.assign(h=df["text"].map(text_hash)).drop_duplicates("h").sort_values("h")
    x = np.asarray(emb.embed(first["text"].tolist()), dtype=np.float64)
    return x, first[column].to_numpy().astype(str)


def variants(emb):
    data = {n: load(emb, n) for n in CORPORA}
    for n, (x, y) in data.items():
        yield n, x, y
        labs, cnt = np.unique(y, return_counts=True)
        big = labs[cnt >= 30]
        for size, seed in [(3, 0), (5, 1), (max(3, len(big) // 2), 2)]:
            pick = np.random.default_rng(seed).choice(big, size=min(size, len(big)), replace=False)
            sel = np.isin(y, pick)
            yield f"{n}-sub{len(pick)}s{seed}", x[sel], y[sel]
    for a, b in [("sib200", "dast"), ("capcas", "sib200")]:
        x = np.vstack([data[a][0], data[b][0]])
        y = np.concatenate([[f"{a}:{v}" for v in data[a][1]], [f"{b}:{v}" for v in data[b][1]]])
        yield f"{a}+{b}", x, y
    yield "dast-threads", *load(emb, "dast", "label2")


def main() -> None:
    cfg = load_config(ROOT / "config" / "rus.yaml")
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend="e5", cache=cache))
    rows = []
    for name, x, y in variants(emb):
        xc = disc.center(x)
        g = disc.build_graph(xc)
        row = {"corpus": name, "n": len(x), "true_k": len(set(y))}
        for crit in ("plateau", "separation", "modularity"):
            d = disc.discover(x, "auto", random_state=2024, graph=g, criterion=crit)
            row[f"k_{crit}"] = d.k
            row[f"ari_{crit}"] = round(adjusted_rand_score(y, d.labels), 3)
        given = disc.discover(x, len(set(y)), random_state=2024, graph=g)
        row["ari_true_k"] = round(adjusted_rand_score(y, given.labels), 3)
        rows.append(row)
        print(row, flush=True)
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
