"""``rus-analysis evaluate``: measure themes, positions or tone on labelled corpora.

Runs the product's own models with the defaults a user gets (config/rus.yaml when present,
else the built-in defaults; the config's own taxonomy is *not* used, as it belongs to the
RUS, not to the evaluation corpus). One implementation of every metric lives in
``themes.evaluation`` (themes) and ``position.evaluation`` (position, tone); this module
only reads the options and prints.

Themes of one CSV: NMI and ARI against the labels, the number of themes found and the
order-stability ARI; ``--label2-column`` the sub-theme level against a finer label
(``ari_sub``, ``nmi_sub``, ``n_subthemes``); ``--taxonomy`` the mapping onto given themes
(accuracy, macro-F1, per-theme share and precision, calibration of the confidence);
``--leave-out-themes 0.34`` honest strategy themes (``absorbed_share``, ``kept_macro_f1``,
``kept_macro_f1_full``); ``--examples-per-theme N`` few-shot learning
(``macro_f1_fewshot``); ``--ceiling`` the supervised ceiling (``ceiling_macro_f1``).
``--suite FILE`` runs every corpus a small YAML lists and prints one table (or one JSON
line per corpus). Example::

    rus-analysis evaluate ../shared/eval/capcas_danish_local_agendas.csv \\
        --drop-label 0 --taxonomy ../shared/eval/capcas_taxonomy.yaml --json
    rus-analysis evaluate --suite benchmarks/suite.yaml --leave-out-themes 0.34 \\
        --examples-per-theme 10 --ceiling
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from rus_analysis.config import Config, ConfigError, default_config_path, load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder
from rus_analysis.themes import evaluation as ev


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rus-analysis evaluate",
                                description="Measure themes, positions or tone on labelled "
                                            "corpora, with the defaults a user gets.")
    p.add_argument("csv", type=Path, nargs="?", help="UTF-8 CSV with a text and a label column")
    p.add_argument("--suite", type=Path, default=None,
                   help="YAML listing corpora (csv, text_column, label_column, "
                        "label2_column, drop_labels, taxonomy); see benchmarks/suite.yaml")
    p.add_argument("--text-column", default="text")
    p.add_argument("--label-column", default="label")
    p.add_argument("--label2-column", default=None,
                   help="a finer label to score the sub-theme level against")
    p.add_argument("--n-themes", default=None,
                   help="'auto' (default: the config's themes.n_themes) or a whole number")
    p.add_argument("--taxonomy", type=Path, default=None,
                   help="YAML with themes: [{label, name, description[, keywords][, examples]}]")
    p.add_argument("--drop-label", action="append", default=[],
                   help="leave out rows with this label (repeatable), e.g. an "
                        "'unclassifiable' code")
    p.add_argument("--leave-out-themes", type=float, default=0.0, metavar="FRACTION",
                   help="drop every k-th taxonomy theme (0.34: every third, file order from "
                        "the first) and measure what happens to their statements")
    p.add_argument("--examples-per-theme", type=int, default=0, metavar="N",
                   help="give N labelled examples per theme (fixed seed) and score the rest")
    p.add_argument("--ceiling", action="store_true",
                   help="also the supervised ceiling: cross-validated logistic regression on "
                        "the product's embeddings")
    p.add_argument("--config", type=Path, default=None,
                   help="config file for stop words, cache and backend "
                        "(default: config/rus.yaml if present)")
    p.add_argument("--backend", default=None, choices=["auto", "e5", "lexical"],
                   help="override the config's embedding backend")
    p.add_argument("--random-state", type=int, default=None,
                   help="seed of the theme model (default: the config's themes.random_state)")
    p.add_argument("--shuffle-seed", type=int, default=0,
                   help="seed of the row shuffle for the order-stability check")
    p.add_argument("--task", default="themes", choices=["themes", "position", "tone"],
                   help="what to measure: themes (default), or the position / tone of "
                        "each text")
    p.add_argument("--label-map", default=None,
                   help="position/tone: 'corpus_label=product_class,...', e.g. "
                        "'Supporting=støtte,Denying=modstand'")
    p.add_argument("--target-column", default=None,
                   help="position: column with what each text answers (question, proposal)")
    p.add_argument("--json", action="store_true", help="print JSON")
    return p


def _config(path: Path | None) -> Config | None:
    if path is not None:
        return load_config(path)
    default = default_config_path()
    return load_config(default) if default.is_file() else None


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


def _factory(args: argparse.Namespace, cfg: Config | None) -> ev.ModelFactory:
    """The theme model a user gets, sharing one embedder (with the config's cache)."""
    if cfg is not None:
        opts = EmbedderOptions(backend=args.backend or cfg.nlp.embedding_backend,
                               model_path=cfg.nlp.embedding_model_path, cache=cfg.paths.cache,
                               stop_words=cfg.nlp.stop_words)
        stops, rs, sec = cfg.nlp.stop_words, cfg.themes.random_state, cfg.themes.max_secondary
    else:
        opts = EmbedderOptions(backend=args.backend or "auto", cache=Path(".cache"))
        stops, rs, sec = (), 2024, 2
    if args.random_state is not None:
        rs = args.random_state
    return ev.product_factory(make_embedder(opts), stops, random_state=rs,
                              n_themes=_n_themes(args.n_themes, cfg), max_secondary=sec)


_FLAT = {  # section -> {its key: the top-level key the issue and the docs name}
    "discovery": {"sub_ari": "ari_sub", "sub_nmi": "nmi_sub", "sub_order_ari": "order_ari_sub"},
    "seeded": {}, "leave_out": {}, "fewshot": {}, "ceiling": {},
}


def flat(result: dict[str, Any]) -> dict[str, Any]:
    """One corpus's result with every metric also at the top level (``ari``,
    ``macro_f1``, ``absorbed_share``, ``ari_sub``, ...); the sections stay as they are."""
    out: dict[str, Any] = {"name": result["name"]}
    for section, rename in _FLAT.items():
        for key, value in result.get(section, {}).items():
            name = rename.get(key, key)
            if section == "seeded" and key in ("n_emergent", "seconds_fit"):
                name = f"seeded_{key}"
            out.setdefault(name, value)
    out.update({k: v for k, v in result.items() if k not in out})
    return out


def _print_text(r: dict[str, Any]) -> None:
    print(f"{r['name']}: texts {r['n_texts']}  labels {r['n_labels']}  backend {r['backend']}")
    print(f"themes found: {r['n_themes']}  in Øvrige: {r['n_other']}  "
          f"ARI: {r['ari']:.3f}  NMI: {r['nmi']:.3f}")
    if "order_ari" in r:
        print(f"order-stability ARI (original vs shuffled rows): {r['order_ari']:.3f}"
              f"{'  (identical)' if r.get('order_identical') else ''}")
    if "ari_sub" in r:
        print(f"sub-themes: {r['n_subthemes']}  ARI {r['ari_sub']:.3f}  NMI {r['nmi_sub']:.3f}")
    if "accuracy" in r:
        print(f"seeded mapping: accuracy {r['accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}  "
              f"(in strategy themes: {r['seeded_share']:.1%})")
    for key in ("absorbed_share", "kept_macro_f1", "kept_macro_f1_full", "macro_f1_fewshot",
                "ceiling_macro_f1"):
        if key in r:
            print(f"{key}: {r[key]:.3f}")
    print(f"seconds: {r['seconds']:.1f}")


def _themes(args: argparse.Namespace) -> int:
    try:
        cfg = _config(args.config)
        if args.suite is None and args.csv is None:
            raise ValueError("give a CSV or --suite FILE")
        opts = ev.EvalOptions(n_themes=_n_themes(args.n_themes, cfg),
                              shuffle_seed=args.shuffle_seed, leave_out=args.leave_out_themes,
                              examples_per_theme=args.examples_per_theme, ceiling=args.ceiling,
                              label2_column=args.label2_column)
        if args.suite is not None:
            corpora = ev.load_suite(args.suite)
        else:
            corpora = [ev.read_corpus(args.csv, args.text_column, args.label_column,
                                      args.label2_column, args.drop_label,
                                      taxonomy=args.taxonomy)]
        if opts.leave_out and any(c.taxonomy is None for c in corpora):
            raise ValueError("--leave-out-themes needs a taxonomy (--taxonomy, or in the suite)")
        factory = _factory(args, cfg)
    except (OSError, ValueError, KeyError, ConfigError) as exc:
        print(f"rus-analysis evaluate: {exc}", file=sys.stderr)
        return 2
    results = [flat(ev.run_entry(c, factory, opts)) for c in corpora]
    if args.json:
        for r in results:
            print(json.dumps(r, ensure_ascii=False, default=str))
    elif len(results) > 1:
        print(ev.summary_rows([_nested(r) for r in results]).to_string(index=False))
    else:
        _print_text(results[0])
    return 0


def _nested(r: dict[str, Any]) -> dict[str, Any]:
    """The sections ``summary_rows`` reads (``flat`` keeps them)."""
    return {k: r[k] for k in ("name", "discovery", "seeded", "leave_out", "fewshot",
                              "ceiling", "sub_kmeans_baseline") if k in r}


def _position_or_tone(args: argparse.Namespace) -> int:
    """``--task position|tone``: accuracy, macro-F1 and per-class F1 (see
    ``position.evaluation``)."""
    from rus_analysis.position.evaluation import (
        default_label_map,
        evaluate_task,
        parse_label_map,
    )

    try:
        if args.csv is None:
            raise ValueError("give a CSV")
        df = pd.read_csv(args.csv, dtype=str, keep_default_na=False, encoding="utf-8")
        for col in (args.text_column, args.label_column, args.target_column):
            if col is not None and col not in df.columns:
                raise ValueError(f"{args.csv}: no column {col!r}; columns are {list(df.columns)}")
        label_map = (parse_label_map(args.label_map, args.task) if args.label_map
                     else default_label_map(df[args.label_column], args.task))
        result = evaluate_task(df, args.text_column, args.label_column, args.task, label_map,
                               args.target_column)
    except (OSError, ValueError) as exc:
        print(f"rus-analysis evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{args.task}: {result['n_texts']} texts  accuracy {result['accuracy']:.3f}  "
              f"macro-F1 {result['macro_f1']:.3f}")
        print("F1 per class: " + ", ".join(f"{c} {v:.3f}"
                                             for c, v in result["f1_per_class"].items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``rus-analysis evaluate``; 0 ok, 2 usage/input error."""
    args = _parser().parse_args(argv)
    if args.task != "themes":
        return _position_or_tone(args)
    return _themes(args)


if __name__ == "__main__":
    raise SystemExit(main())
