"""How Danish is written: numbers, percentages, enumerations, sentences, ASCII ids.

Why one module shared by every stage: a number must read the same in a table cell, a
hover text, a chart label and a sentence of the report ("1.234", "12,5 %"); a list of
municipalities must end in "og", not ","; and a sentence must end where a Danish reader
sees it end ("f.eks." and "bl.a." do not end one). When each stage formats on its own,
the report disagrees with itself, so each rule has exactly one implementation here.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import pandas as pd

DASH = "–"  # what a missing number shows


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def fmt_int(value: Any) -> str:
    """Whole number with the Danish thousands separator: 12345 -> '12.345'; NaN -> '–'."""
    if _missing(value):
        return DASH
    return f"{int(round(float(value))):,}".replace(",", ".")


def fmt_num(value: Any, decimals: int = 1) -> str:
    """Decimal number the Danish way: 1234.5 -> '1.234,5'; NaN -> '–'."""
    if _missing(value):
        return DASH
    s = f"{float(value):,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_pct(share: Any, decimals: int = 1) -> str:
    """A share (0-1) as a Danish percentage with a space before '%': 0.125 -> '12,5 %'."""
    if _missing(share):
        return DASH
    return f"{fmt_num(float(share) * 100, decimals)} %"


def join_da(items: Sequence[Any]) -> str:
    """Danish enumeration: ['a', 'b', 'c'] -> 'a, b og c'."""
    words = [str(i) for i in items]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " og " + words[-1]


# --- ASCII ids ---------------------------------------------------------------------------

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa",
                                 "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def ascii_slug(text: str, sep: str = "-", *, lower: bool = True,
               max_len: int | None = None) -> str:
    """An ASCII id of a Danish text, for file names and element ids.

    "Bord 3: Kollektiv trafik" -> "bord-3-kollektiv-trafik"; "Høje-Taastrup" with
    ``lower=False`` -> "Hoeje-Taastrup". Danish letters are written out (æ -> ae), other
    accents dropped, every run of other characters becomes one ``sep``.
    """
    t = text.translate(_DANISH_LETTERS)
    if lower:
        t = t.lower()
    t = "".join(ch for ch in unicodedata.normalize("NFKD", t) if not unicodedata.combining(ch))
    t = re.sub(r"[^A-Za-z0-9]+", sep, t).strip(sep)
    if max_len is not None:
        t = t[:max_len].rstrip(sep)
    return t


# --- sentences ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“„(]?[A-ZÆØÅ0-9])")
# Abbreviations after which a full stop does not end the sentence.
_ABBREV_END = re.compile(
    r"(?i)\b(?:f\.eks|bl\.a|ca|mv|jf|nr|pct|kr|dvs|osv|evt|inkl|ift|hhv|mht|vedr|st|"
    r"hr|fr|dr|tlf|mio|mia|ref|s|pkt|stk|kap|afs)\.$")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, respecting common Danish abbreviations."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(paragraph):
        piece = piece.strip()
        if not piece:
            continue
        if out and _ABBREV_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


# Words that name no topic: frequent Danish verbs, adjectives and nouns of manner, size,
# time and degree (lemmas and the forms the lookup table may leave). c-TF-IDF can rank
# them high in a small group ("Måde, rejser og behøver"), so a theme's label and the
# report's sentence on what a theme is about skip them; the theme's top terms keep them.
GENERIC_WORDS: frozenset[str] = frozenset("""
komme kommer gå går gøre gør tage tager se ser sige siger finde finder stå står ligge
ligger sætte sætter holde holder køre kører fungere fungerer behøve behøver handle handler
påvirke påvirker begynde begynder starte starter start stige stiger dele deler mangle
mangler ankomme ankom lave laver virke virker skabe skaber kunne ville skulle burde blive
bliver være er har have hedde betyde betyder undersøge undersøges afklare afklares
stor større størst lille mindre mindst høj højere lav lavere ny nye nyt gammel gamle god
gode godt dårlig dårlige svær svært sværere let lettere billig billigere dyr dyrere normal
normale behagelig hurtig hurtigt langsom vigtig vigtigt mulig muligt nødvendig hel helt
mange færre flest anden andet andre egen eget egne sidste første næste seriøst
måde del dele ting sted steder tid gang gange år dag dage form type slags side stykke
""".split())  # noqa: SIM905 - a word list reads better as a paragraph


def is_generic(term: str) -> bool:
    """True for a term whose every word is a generic word (see ``GENERIC_WORDS``)."""
    words = term.lower().split()
    return bool(words) and all(w in GENERIC_WORDS for w in words)
