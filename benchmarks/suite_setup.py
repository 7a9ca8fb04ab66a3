"""What the suite benchmarks share: the product's config, its embedder and the corpora.

Why: ``quote_precision.py``, ``absorption_paths.py`` and ``foreign_taxonomy.py`` fit the
suite's corpora with the defaults a user gets; one place builds them, so the scripts
cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rus_analysis.config import Config, load_config
from rus_analysis.nlp import EmbedderOptions, make_embedder
from rus_analysis.themes import evaluation as ev

ROOT = Path(__file__).resolve().parents[1]


def suite_setup(suite: Path | None = None
                ) -> tuple[Config, list[ev.Corpus], Callable[[int], Any]]:
    """The config, the corpora of ``suite`` (default ``benchmarks/suite.yaml``) and
    ``factory(random_state)`` (a product model factory sharing one cached embedder)."""
    cfg = load_config(ROOT / "config" / "rus.yaml")
    cache = cfg.paths.cache if cfg.paths.cache.is_absolute() else ROOT / cfg.paths.cache
    emb = make_embedder(EmbedderOptions(backend=cfg.nlp.embedding_backend, cache=cache,
                                        stop_words=cfg.nlp.stop_words))
    corpora = ev.load_suite(suite or ROOT / "benchmarks" / "suite.yaml", root=ROOT)

    def factory(random_state: int) -> Any:
        return ev.product_factory(emb, cfg.nlp.stop_words, random_state=random_state,
                                  max_secondary=cfg.themes.max_secondary)

    return cfg, corpora, factory
