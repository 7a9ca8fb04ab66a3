"""Danish valence lexicon: the AFINN Danish list plus the project's own words.

Why AFINN: on the development sentiment corpora it is the strongest method that needs no
training (BASELINES.md), and it is a registry package (``afinn``), so nothing is
downloaded at run time. Only its *data file* is read, from the installed package's
``data/`` folder; the package's GPL code is never imported and its word list is not copied
into this repository (the list in ``afinn`` 0.1, the release on the registry, is ODbL —
see ``data/SOURCES.md``). Our own words (``data/tone_da.json``, MIT) fill gaps that matter
for consultation text ("udfordringer", "bekymret", "uenig", "utryghed").

Matching is on lowercased tokens, longest phrase first (AFINN has 2-3 word entries such
as "fungerer ikke", "for lidt"), with two optional fallbacks for forms a list lacks:
an inflection fallback (strip a Danish suffix) and the head of a compound (Danish
compounds are right-headed: "trafikproblemer" is a kind of "problemer").
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Lexicon", "load_afinn_da", "load_own", "load_overrides", "compound_heads", "load_modifiers",
           "default_lexicon", "DATA_DIR"]

DATA_DIR = Path(__file__).with_name("data")

# inflectional endings, longest first; the bare stem and stem+"e" are tried
_SUFFIXES = ("erne", "ene", "ende", "ede", "ere", "este", "er", "en", "et", "ne", "te", "de",
             "e", "t", "s")


MIN_STEM = 5
"""Shortest stem the inflection fallback accepts: with 4, "gælder" became "gæld" (debt)
and "steger" became "steg" (measured on DAST words)."""


def _afinn_file() -> Path | None:
    """Path of AFINN-da-32.txt inside the installed ``afinn`` package, without importing it."""
    spec = importlib.util.find_spec("afinn")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        p = Path(loc) / "data" / "AFINN-da-32.txt"
        if p.exists():
            return p
    return None


@lru_cache(maxsize=1)
def load_afinn_da() -> dict[str, float]:
    """The AFINN Danish word list as {phrase: score} (empty if ``afinn`` is not installed)."""
    path = _afinn_file()
    if path is None:
        warnings.warn("the afinn package is not installed: tone uses the project's own words only "
                      "(pip install afinn==0.1)", RuntimeWarning, stacklevel=2)
        return {}
    out: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            word, score = line.rsplit("\t", 1)
            out[word.strip().lower()] = float(score)
    return out


@lru_cache(maxsize=1)
def _own_raw() -> dict:
    return json.loads((DATA_DIR / "tone_da.json").read_text(encoding="utf-8"))


def load_own() -> dict[str, float]:
    """The project's own Danish valence words (``data/tone_da.json``: added words only)."""
    raw = _own_raw()
    out: dict[str, float] = {}
    for part in ("negative", "positive"):
        out.update({k.lower(): float(v) for k, v in raw[part].items()})
    return out


def load_overrides() -> dict[str, float]:
    """Words whose AFINN score is wrong for consultation text ("udfordringen" is +1 there)."""
    return {k.lower(): float(v) for k, v in _own_raw().get("overrides", {}).items()}


def compound_heads() -> frozenset[str]:
    """Heads a Danish compound may end in to inherit their valence ("trafik|problemer")."""
    return frozenset(h.lower() for h in _own_raw().get("compound_heads", []))


@lru_cache(maxsize=1)
def load_modifiers() -> dict:
    """Negators, intensifiers, downtoners and excess words (``data/modifiers_da.json``)."""
    return json.loads((DATA_DIR / "modifiers_da.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Lexicon:
    """A phrase -> valence table with longest-match lookup on token lists.

    ``inflection``: try the word without a Danish suffix when the form is missing.
    ``privative``: "u" + a positive word is negative ("uansvarlig", "usund").
    ``compounds``: when the token ends in one of ``heads`` after at least 3 letters, take
    that head's valence ("klimaudfordringer" -> "udfordringer"). Only a closed list of
    heads: an open suffix search reads "tilfælde" as "til|fælde" and "nuværende" as
    "nuv|ærende" (measured on DAST words).
    """

    table: dict[str, float]
    max_len: int = 4
    inflection: bool = True
    compounds: bool = True
    heads: frozenset[str] = frozenset()
    privative: bool = True

    def match(self, toks: list[str], i: int) -> tuple[int, float, str] | None:
        """(length in tokens, valence, matched form) of the longest entry starting at ``i``."""
        for n in range(min(self.max_len, len(toks) - i), 1, -1):
            phrase = " ".join(toks[i:i + n])
            v = self.table.get(phrase)
            if v is not None:
                return n, v, phrase
        w = toks[i]
        v = self.table.get(w)
        if v is not None:
            return 1, v, w
        if not w.isalpha() or len(w) < 4:
            return None
        if self.inflection:
            hit = self._inflected(w)
            if hit is not None:
                return 1, hit[0], hit[1]
        if self.privative and w[0] == "u" and len(w) >= 6:
            # Danish privative prefix: "u" + a positive word is its opposite
            # ("uansvarlig", "uretfærdig", "usund", "uhensigtsmæssig")
            rest = w[1:]
            v = self.table.get(rest)
            if v is None and self.inflection:
                hit = self._inflected(rest)
                v = hit[0] if hit else None
            if v is not None and v > 0:
                return 1, -v, w
        if self.compounds:
            for k in range(3, len(w) - 3):
                head = w[k:]
                if head in self.heads and head in self.table:
                    return 1, self.table[head], head
        return None

    def _inflected(self, w: str) -> tuple[float, str] | None:
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= MIN_STEM:
                stem = w[: -len(suf)]
                for cand in (stem, stem + "e"):
                    v = self.table.get(cand)
                    if v is not None:
                        return v, cand
        return None


@lru_cache(maxsize=4)
def default_lexicon(inflection: bool = True, compounds: bool = True, own: bool = True) -> Lexicon:
    """AFINN-da plus the project's own words and overrides (``own=False``: AFINN alone)."""
    table = dict(load_afinn_da())
    if own:
        table.update(load_own())
        table.update(load_overrides())
    return Lexicon(table, max_len=max(len(k.split()) for k in table) if table else 1,
                   inflection=inflection, compounds=compounds, heads=compound_heads())
