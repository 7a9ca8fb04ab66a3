"""Readable Danish labels, top terms and verbatim quotes for themes.

Labels come from class-based TF-IDF (a theme's documents pooled into one; BERTopic's
c-TF-IDF) over content lemmas and phrases, so a label names what sets a theme apart,
not what every statement says. Near-duplicate terms ("trafik" next to "kollektiv trafik",
"skole" next to "skoler") are dropped so that three label words carry three ideas.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from rus_analysis.danish import is_generic, split_sentences
from rus_analysis.pii import REDACTION_TAGS

QUOTE_CANDIDATES = 200  # nearest distinct texts a theme's quotes are chosen from
# a strategy theme quotes from the quarter of its members that fit its description best
QUOTE_FIT_SHARE = 0.25


def _stem(term: str) -> str:
    import snowballstemmer

    st = snowballstemmer.stemmer("danish")
    return " ".join(st.stemWords(term.split()))


def ctfidf_terms(docs: Sequence[Sequence[str]], groups: Sequence[str], n_terms: int = 10
                 ) -> dict[str, list[tuple[str, float]]]:
    """Top distinctive terms per group: c-TF-IDF x concentration, ties alphabetical.

    ``docs``: terms (lemmas and phrases) per statement; ``groups``: theme key per statement.
    A term must occur in at least two statements of a group of 4+ statements, so a one-off
    word cannot become a theme's name.
    """
    tf: dict[str, Counter[str]] = {}
    dfreq: dict[str, Counter[str]] = {}
    sizes: Counter[str] = Counter()
    for terms, g in zip(docs, groups, strict=True):
        tf.setdefault(g, Counter()).update(terms)
        dfreq.setdefault(g, Counter()).update(set(terms))
        sizes[g] += 1
    total = Counter()
    for c in tf.values():
        total.update(c)
    avg_words = np.mean([sum(c.values()) for c in tf.values()]) if tf else 1.0
    out: dict[str, list[tuple[str, float]]] = {}
    for g in sorted(tf):
        n_words = max(sum(tf[g].values()), 1)
        min_df = 2 if sizes[g] >= 4 else 1
        scored = []
        for term, c in tf[g].items():
            if dfreq[g][term] < min_df or len(term) < 3 or term.replace(" ", "").isdigit():
                continue
            # c-TF-IDF times the term's concentration in this theme: a word used
            # evenly in all themes ("mangle", "hele") does not name any of them
            w = (c / n_words) * np.log(1 + avg_words / total[term]) * (c / total[term])
            scored.append((-round(float(w), 12), term))
        scored.sort()
        out[g] = _dedupe([(t, -w) for w, t in scored], n_terms)
    return out


def _dedupe(ranked: list[tuple[str, float]], n: int) -> list[tuple[str, float]]:
    """Drop terms that repeat a kept one: same stem, or one is a word of the other.

    A phrase that contains kept single words takes the place of the first of them (and
    the others go): "kollektiv trafik" says more than "trafik" and "kollektiv".
    """
    kept: list[tuple[str, float]] = []
    for term, w in ranked:
        stem = _stem(term)
        words = set(term.split())
        if any(stem == _stem(k) or words <= set(k.split()) for k, _ in kept):
            continue
        inside = [i for i, (k, _) in enumerate(kept) if set(k.split()) < words]
        if inside:
            first = inside[0]
            kept[first] = (term, kept[first][1])
            kept = [kv for i, kv in enumerate(kept) if i == first or i not in inside]
        else:
            kept.append((term, w))
        if len(kept) >= n:
            break
    return kept


def surface_forms(terms: Sequence[str], token_lists: Sequence[Sequence[tuple[str, str]]]
                  ) -> dict[str, str]:
    """The written form the statements use most for each lemma or lemma phrase.

    Why: themes are computed on lemmas, so "busser" and "bussen" count as one word, but a
    lemma is sometimes a form no reader would write: the lookup table reads "pfas" as a
    genitive ("pfa"), "møbler" as the verb "møblere", and "rent drikkevand" becomes
    "ren drikkevand". Labels and top terms show the most frequent written form among the
    theme's statements (ties alphabetical); a term not found keeps its lemma.
    ``token_lists``: ``nlp.content_tokens`` of the statements.
    """
    want = set(terms)
    counts: dict[str, Counter[str]] = {t: Counter() for t in want}
    for toks in token_lists:
        for form, lemma in toks:
            if lemma in want:
                counts[lemma][form] += 1
        for (f1, l1), (f2, l2) in zip(toks, toks[1:], strict=False):
            key = f"{l1} {l2}"
            if key in want:
                counts[key][f"{f1} {f2}"] += 1
    out: dict[str, str] = {}
    for t in want:
        c = counts[t]
        out[t] = min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else t
    return out


def label_terms(terms: Sequence[str]) -> list[str]:
    """The terms a label may name: the generic ones left out (all of them if nothing
    else is left)."""
    kept = [t for t in terms if t and not is_generic(t)]
    return kept or [t for t in terms if t]


# The label of a group none of whose content words occurs in two of its statements
# (``ctfidf_terms`` then has no term for it): what the reader needs to know is that the
# statements share nothing, not a word one of them happens to use.
SCATTERED = "spredte udsagn uden fælles ord"


def scattered_label(parent: str | None = None) -> str:
    """The honest label of a group without a shared word: "Spredte udsagn uden fælles
    ord", or for a sub-theme its theme's label in front ("Klima: spredte udsagn uden
    fælles ord"), so the statements table, which shows sub-themes alone, says where the
    strand belongs."""
    if parent:
        return f"{parent}: {SCATTERED}"
    return SCATTERED[0].upper() + SCATTERED[1:]


def make_label(terms: Sequence[str], n: int = 3) -> str:
    """"Kollektiv trafik, bus og metro": the first ``n`` terms as a Danish phrase; no
    terms: ``scattered_label()`` (a sub-theme gets its theme's label in front, see
    ``assign.scattered_subtheme_labels``)."""
    words = label_terms(terms)[:n]
    if not words:
        return scattered_label()
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]
    return text[0].upper() + text[1:]


_LETTER_WORDS = re.compile(r"[^\W\d_]+")


def _sentence_key(sentence: str) -> str:
    """A sentence as the reader hears it: its words, lowercased, without numbering,
    punctuation and spacing ("1. Godkendelse af dagsorden" and "1 - Godkendelse af
    dagsorden" are one sentence on a card)."""
    return " ".join(_LETTER_WORDS.findall(sentence.lower()))


def pick_quotes(texts: Sequence[str], vectors: np.ndarray, members: np.ndarray,
                n_quotes: int = 4, max_chars: int = 400,
                quotable: np.ndarray | None = None,
                fit: np.ndarray | None = None) -> list[int]:
    """Indices of up to ``n_quotes`` representative members: nearest their centroid.

    ``quotable``: per text (indexed like ``texts``), whether it may be quoted
    (``consent.quotable``); a text that may not is never picked, but it still counts for
    the centroid (the theme is what all its members say). None: every text may be.

    ``fit``: per text, how well it fits the theme as the analyst described it (a strategy
    theme's standardised evidence). The quotes are then the centroid's nearest among the
    ``QUOTE_FIT_SHARE`` of the quotable members that fit best (at least 4). Why: a
    committee reads a quote as proof that the theme was raised, and a strategy theme's
    members are not all of it; their centroid lies between its strands and what it holds
    by mistake. Measured on the development suite (4 random states), the quotes were of
    the theme's own label 58-59 % of the time on capcas and 82-84 % on DAST from the
    centroid of all members, 69-71 % and 88 % from the best-fitting quarter (sib200: 100 %
    both; ``benchmarks/quote_precision.py``).

    Very long statements are passed over while enough shorter ones exist, so a theme card
    quotes what a reader can take in; so are statements with redaction placeholders
    ("[TELEFON]", "[NAVN]"): they are safe, but a quote that reads "ring på [TELEFON]"
    says less than one without. Ties go to the earlier (hash-sorted) row.
    """
    if len(members) == 0:
        return []
    if fit is not None:
        cand = members if quotable is None else members[np.asarray(quotable)[members]]
        if len(cand) == 0:
            return []
        best = cand[np.lexsort((cand, -np.round(np.asarray(fit)[cand], 9)))]
        members = best[:max(4, math.ceil(QUOTE_FIT_SHARE * len(cand)))]
    centroid = vectors[members].mean(axis=0)
    norm = np.linalg.norm(centroid)
    sims = vectors[members] @ (centroid / norm if norm else centroid)
    order = np.lexsort((members, -np.round(sims, 9)))
    ranked = [int(members[i]) for i in order]
    if quotable is not None:
        ranked = [i for i in ranked if quotable[i]]
    pool = ranked
    for keep in (lambda i: len(texts[i]) <= max_chars,
                 lambda i: not any(tag in texts[i] for tag in REDACTION_TAGS)):
        preferred = [i for i in pool if keep(i)]
        if len(preferred) >= min(3, len(pool)):
            pool = preferred
    # one statement per text, and no sentence quoted twice on a card: statements that
    # open with the same sentence ("Grundvandet er under pres ...") would otherwise fill
    # the card with one voice. Only the nearest QUOTE_CANDIDATES texts are considered (they
    # are the representative ones); too few quotes without a repeated sentence: the nearest
    # others fill up to three.
    picked: list[int] = []
    spare: list[int] = []
    texts_seen: set[str] = set()
    quoted: set[str] = set()
    position: dict[int, int] = {}
    for n, i in enumerate(pool):
        if len(picked) >= n_quotes or len(texts_seen) >= QUOTE_CANDIDATES:
            break
        if texts[i] in texts_seen:
            continue
        texts_seen.add(texts[i])
        position[i] = n
        sentences = {key for x in split_sentences(texts[i]) if (key := _sentence_key(x))}
        if sentences & quoted:
            spare.append(i)
        else:
            picked.append(i)
            quoted |= sentences
    picked += spare[:max(0, min(3, n_quotes) - len(picked))]
    return sorted(picked, key=position.__getitem__)
