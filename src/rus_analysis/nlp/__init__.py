"""The nlp stage: Danish tokens, lemmas, stop words, phrases and sentence embeddings.

``tokens`` (tokenizer, lemmatizer, stop words), ``phrases`` (two-word phrases),
``embed`` (the embedding backends and ``make_embedder``), ``cache`` (vectors on disk).
The theme stage is built on these tools; nothing here knows about themes.
"""

from rus_analysis.nlp.cache import CachedEmbedder, EmbeddingCache, text_hash
from rus_analysis.nlp.embed import (
    E5Embedder,
    Embedder,
    EmbedderOptions,
    LexicalEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
from rus_analysis.nlp.phrases import apply_phrases, find_phrases
from rus_analysis.nlp.tokens import (
    EXTRA_STOP_WORDS,
    adjacent_bigrams,
    content_tokens,
    lemmas_and_bigrams,
    lemmatize,
    lemmatize_texts,
    stop_words,
    tokenize,
)

__all__ = [
    "EXTRA_STOP_WORDS", "CachedEmbedder", "E5Embedder", "Embedder", "EmbedderOptions",
    "EmbeddingCache", "LexicalEmbedder", "SentenceTransformerEmbedder", "adjacent_bigrams",
    "apply_phrases", "content_tokens", "find_phrases", "lemmas_and_bigrams", "lemmatize",
    "lemmatize_texts", "make_embedder", "stop_words", "text_hash", "tokenize",
]
