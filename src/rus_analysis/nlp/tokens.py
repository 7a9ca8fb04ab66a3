"""Danish tokens, lemmas and stop words that work offline.

Why these tools: no trained Danish spaCy pipeline can be installed here, so tokens come from
``spacy.blank("da")`` and lemmas from the ``spacy-lookups-data`` table (553k forms, looked up
on lowercased text because the table is case-sensitive). Forms the table lacks — mostly
unseen compounds such as "cykelstiforbindelsen" — go to ``lemmy``'s core API, which
lemmatises by suffix rules.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rus_analysis.pii import REDACTION_TAGS

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


# redaction placeholders ([NAVN], [TELEFON] ...) are no words of the sender: never a term
_PLACEHOLDER = re.compile("|".join(re.escape(t) for t in REDACTION_TAGS))


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
    for chunk in _PLACEHOLDER.sub(" . ", text).lower().split():
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
