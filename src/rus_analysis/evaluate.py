"""``rus-analysis evaluate``: measure theme discovery on any labelled CSV.

Runs the product's own theme model with the defaults a user gets (config/rus.yaml when
present, else the built-in defaults; the config's own taxonomy is *not* used, as it
belongs to the RUS, not to the evaluation corpus) and prints NMI and ARI against the
labels, the number of themes found, the order-stability ARI (the same rows shuffled must
give the same themes) and wall time per stage. With ``--taxonomy`` (themes: [{label, name,
description}]) it also maps the texts onto that taxonomy and prints accuracy and macro-F1
of the best seeded theme of each text.

Example::

    rus-analysis evaluate ../shared/eval/capcas_danish_local_agendas.csv \\
        --drop-label 0 --taxonomy ../shared/eval/capcas_taxonomy.yaml --json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from rus_analysis.config import Config, ConfigError, ThemeSeed, default_config_path, load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder
from rus_analysis.themes.model import ThemeModel


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rus-analysis evaluate",
                                description="Measure theme discovery on a labelled CSV.")
    p.add_argument("csv", type=Path, help="UTF-8 CSV with a text and a label column")
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.add_argument("--n-themes", default=None,
                   help="'auto' (default: the config's themes.n_themes) or a whole number")
    p.add_argument("--taxonomy", type=Path, default=None,
                   help="YAML with themes: [{label, name, description[, keywords]}]")
    p.add_argument("--drop-label", action="append", default=[],
                   help="leave out rows with this label (repeatable), e.g. an "
                        "'unclassifiable' code")
    p.add_argument("--config", type=Path, default=None,
                   help="config file for stop words, cache and backend "
                        "(default: config/rus.yaml if present)")
    p.add_argument("--backend", default=None, choices=["auto", "e5", "lexical"],
                   help="override the config's embedding backend")
    p.add_argument("--shuffle-seed", type=int, default=0,
                   help="seed of the row shuffle for the order-stability check")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def _config(path: Path | None) -> Config | None:
    if path is not None:
        return load_config(path)
    default = default_config_path()
    return load_config(default) if default.is_file() else None


def _taxonomy(path: Path) -> tuple[tuple[ThemeSeed, ...], dict[str, str]]:
    """Seeds and seed id -> label value from the evaluation taxonomy file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected 'themes: [{{label, name, description}}]'")
    seeds, to_label = [], {}
    for i, item in enumerate(items):
        sid = f"t{i:03d}"
        kws = tuple(str(k).lower() for k in item.get("keywords", []) or [])
        exs = tuple(str(e) for e in item.get("examples", []) or [])
        seeds.append(ThemeSeed(id=sid, name=str(item["name"]),
                               description=str(item.get("description", "")), keywords=kws,
                               examples=exs))
        to_label[sid] = str(item["label"])
    return tuple(seeds), to_label


def _n_themes(value: str | None, cfg: Config | None) -> int | str:
    if value is None:
        return cfg.themes.n_themes if cfg is not None else "auto"
    if value == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        raise ValueError(f"--n-themes must be 'auto' or a whole number, got {value!r}") from None
    if k < 1:
        raise ValueError("--n-themes must be at least 1")
    return k


def evaluate(df: pd.DataFrame, text_column: str, label_column: str, n_themes: int | str,
             taxonomy: tuple[tuple[ThemeSeed, ...], dict[str, str]] | None,
             cfg: Config | None, backend: str | None = None, shuffle_seed: int = 0
             ) -> dict[str, Any]:
    """All metrics as a dict (the --json output)."""
    from sklearn.metrics import (
        accuracy_score,
        adjusted_rand_score,
        f1_score,
        normalized_mutual_info_score,
    )

    texts = df[text_column].astype(str).tolist()
    y = df[label_column].astype(str).to_numpy()
    if cfg is not None:
        opts = EmbedderOptions(backend=backend or cfg.nlp.embedding_backend,
                               model_path=cfg.nlp.embedding_model_path, cache=cfg.paths.cache,
                               stop_words=cfg.nlp.stop_words)
        stops, rs, max_sec = cfg.nlp.stop_words, cfg.themes.random_state, cfg.themes.max_secondary
    else:
        opts = EmbedderOptions(backend=backend or "auto", cache=Path(".cache"))
        stops, rs, max_sec = (), 2024, 2
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    emb = make_embedder(opts)
    seconds["load_model"] = time.perf_counter() - t0

    def model(tax: tuple[ThemeSeed, ...] = ()) -> ThemeModel:
        return ThemeModel(n_themes=n_themes, taxonomy=tax, embedder=emb, stop_words=stops,
                          max_secondary=max_sec, random_state=rs)

    t0 = time.perf_counter()
    m = model().fit(texts)
    seconds["fit_total"] = time.perf_counter() - t0
    for k, v in m.timings_.items():
        seconds[f"fit_{k}"] = v
    pred = m.labels_.astype(str)

    perm = np.random.default_rng(shuffle_seed).permutation(len(texts))
    t0 = time.perf_counter()
    m2 = model().fit([texts[i] for i in perm])
    seconds["fit_shuffled"] = time.perf_counter() - t0
    back = np.empty(len(texts), dtype=object)
    back[perm] = m2.labels_.astype(str)
    out: dict[str, Any] = {
        "n_texts": len(texts),
        "n_labels": int(len(set(y))),
        "backend": m.backend_,
        "n_themes_requested": n_themes,
        "nmi": round(float(normalized_mutual_info_score(y, pred)), 4),
        "ari": round(float(adjusted_rand_score(y, pred)), 4),
        "n_themes": int(m.k_),
        "n_other": int(np.sum(pred == "other")),
        "order_ari": round(float(adjusted_rand_score(pred, back.astype(str))), 4),
        "order_identical": bool(np.array_equal(pred, back.astype(str))),
        "k_criterion": {str(k): v for k, v in m.k_scores_.items()},
    }
    if taxonomy is not None:
        seeds, to_label = taxonomy
        t0 = time.perf_counter()
        ms = model(seeds).fit(texts)
        seconds["fit_seeded"] = time.perf_counter() - t0
        for k, v in ms.timings_.items():
            seconds[f"fit_seeded_{k}"] = v
        best = np.array([to_label[s] for s in ms.seed_best_[ms.row_index_]])
        prim = np.array([to_label.get(str(s), "emergent/other") for s in ms.labels_])
        ms2 = model(seeds).fit([texts[i] for i in perm])
        back2 = np.empty(len(texts), dtype=object)
        back2[perm] = ms2.seed_best_[ms2.row_index_]
        out.update({
            "accuracy": round(float(accuracy_score(y, best)), 4),
            "macro_f1": round(float(f1_score(y, best, average="macro", zero_division=0)), 4),
            "seeded_share": round(float(np.mean(prim != "emergent/other")), 4),
            "accuracy_primary": round(float(accuracy_score(y, prim)), 4),
            "n_emergent": int(len(ms.emergent_clusters_)),
            "seeded_order_ari": round(float(adjusted_rand_score(
                ms.seed_best_[ms.row_index_].astype(str), back2.astype(str))), 4),
        })
    out["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
    return out


def _print_text(r: dict[str, Any]) -> None:
    print(f"texts: {r['n_texts']}  labels: {r['n_labels']}  backend: {r['backend']}")
    print(f"themes requested: {r['n_themes_requested']}  found: {r['n_themes']}  "
          f"in Øvrige: {r['n_other']}")
    print(f"NMI: {r['nmi']:.3f}  ARI: {r['ari']:.3f}")
    print(f"order-stability ARI (original vs shuffled rows): {r['order_ari']:.3f}"
          f"{'  (identical)' if r['order_identical'] else ''}")
    if "accuracy" in r:
        print(f"seeded mapping: accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}  "
              f"(in seeded themes: {r['seeded_share']:.1%}, emergent themes: "
              f"{r['n_emergent']}, order ARI {r['seeded_order_ari']:.3f})")
    print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in r["seconds"].items()))


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``rus-analysis evaluate``; 0 ok, 2 usage/input error."""
    args = _parser().parse_args(argv)
    try:
        cfg = _config(args.config)
        n_themes = _n_themes(args.n_themes, cfg)
        df = pd.read_csv(args.csv, dtype=str, keep_default_na=False, encoding="utf-8")
        for col in (args.text_column, args.label_column):
            if col not in df.columns:
                raise ValueError(f"{args.csv}: no column {col!r}; columns are {list(df.columns)}")
        df = df[df[args.text_column].str.strip() != ""]
        if args.drop_label:
            df = df[~df[args.label_column].isin([str(x) for x in args.drop_label])]
        df = df.reset_index(drop=True)
        if len(df) < 4:
            raise ValueError(f"{args.csv}: fewer than 4 labelled texts to evaluate")
        tax = _taxonomy(args.taxonomy) if args.taxonomy is not None else None
    except (OSError, ValueError, ConfigError, yaml.YAMLError, KeyError) as exc:
        print(f"rus-analysis evaluate: {exc}", file=sys.stderr)
        return 2
    result = evaluate(df, args.text_column, args.label_column, n_themes, tax, cfg,
                      backend=args.backend, shuffle_seed=args.shuffle_seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        _print_text(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
