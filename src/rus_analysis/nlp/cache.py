"""Embeddings cached on disk, keyed by ``sha256(text)`` and the model id.

Why: a rerun or a new round only embeds statements not seen before (the model costs
~15-40 ms per statement on two cores); the cache is safe to delete.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rus_analysis.atomic import atomic_write

if TYPE_CHECKING:
    from rus_analysis.nlp.embed import Embedder

def text_hash(text: str) -> str:
    """sha256 of the UTF-8 text: the cache key and the order-independent sort key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """On-disk vectors keyed by sha256(text) for one model id (one .npz file per model).

    Writes go to a temporary file that is renamed into place, so an interrupted run never
    leaves a corrupt cache; a corrupt or unreadable file is treated as empty.
    """

    def __init__(self, folder: str | Path, model_id: str, kind: str = "query") -> None:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{model_id}-{kind}")
        self.path = Path(folder) / f"embeddings-{safe}.npz"
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            if self.path.is_file():
                try:
                    with np.load(self.path, allow_pickle=False) as z:
                        keys, vecs = z["keys"], z["vectors"]
                    self._vectors = {str(k): v for k, v in zip(keys, vecs, strict=True)}
                except Exception:
                    warnings.warn(f"embedding cache {self.path} unreadable; rebuilding it",
                                  stacklevel=2)
        return self._vectors

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        store = self._load()
        return {k: store[k] for k in keys if k in store}

    def put(self, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        store = self._load()
        store.update(items)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(store)
        vectors = np.vstack([store[k] for k in keys])

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=np.array(keys), vectors=vectors)

        atomic_write(self.path, write)


class CachedEmbedder:
    """Wraps an embedder: each distinct text is embedded once per call, and at most once
    ever per model (cached under ``folder``). ``folder=None`` keeps only the de-duplication.
    """

    def __init__(self, inner: Embedder, folder: str | Path | None) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_id = inner.model_id
        self.folder = Path(folder) if folder is not None else None
        self._caches: dict[str, EmbeddingCache] = {}
        self.n_embedded = 0  # texts actually sent to the model (for tests and timing)

    def embed(self, texts: Sequence[str], kind: str = "query") -> np.ndarray:
        texts = list(texts)
        keys = [text_hash(t) for t in texts]
        first: dict[str, str] = {}
        for k, t in zip(keys, texts, strict=True):
            first.setdefault(k, t)
        found: dict[str, np.ndarray] = {}
        cache = None
        if self.folder is not None:
            cache = self._caches.setdefault(kind, EmbeddingCache(self.folder, self.model_id,
                                                                 kind))
            found = cache.get(list(first))
        missing = sorted(k for k in first if k not in found)  # sorted: order-independent
        if missing:
            vecs = self.inner.embed([first[k] for k in missing], kind=kind)
            self.n_embedded += len(missing)
            new = {k: v for k, v in zip(missing, vecs, strict=True)}
            found.update(new)
            if cache is not None:
                cache.put(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)
