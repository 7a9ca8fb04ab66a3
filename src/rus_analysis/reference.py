"""Reference data: Danish municipalities, Region Hovedstaden's 29, landsdele, boundaries.

Why a resolver of our own: input names municipalities the way people type them ("Kbh.",
"Hoeje Taastrup", "Lyngby", "Bornholms Regionskommune", "KÃ¸benhavn"). A wrong match
silently moves a voice from one municipality to another in a report to politicians, so
the resolver only answers when it is sure: exact and alias matches first, then fuzzy
matching that refuses when two candidates are nearly as good, and says why.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

REFERENCE_CSV = "dk_municipalities_reference.csv"
BOUNDARIES_GEOJSON = "region_hovedstaden_kommuner.geojson"
CAPITAL_REGION_CODE = "1084"
CHRISTIANSOE = "0411"

# Statistics Denmark's NUTS-3 split of the region (see data/reference/SOURCES.md).
LANDSDELE: tuple[tuple[str, str], ...] = (
    ("DK011", "Byen København"),
    ("DK012", "Københavns omegn"),
    ("DK013", "Nordsjælland"),
    ("DK014", "Bornholm"),
)
_LANDSDEL_OF: dict[str, str] = {
    **dict.fromkeys(["0101", "0147", "0155", "0185"], "DK011"),
    **dict.fromkeys(["0165", "0151", "0153", "0157", "0159", "0161", "0163", "0167",
                     "0169", "0183", "0173", "0175", "0187"], "DK012"),
    **dict.fromkeys(["0201", "0240", "0210", "0250", "0190", "0270", "0260", "0217",
                     "0219", "0223", "0230"], "DK013"),
    "0400": "DK014",
}

# Informal names and abbreviations seen in real input that the reference table's
# aliases do not hold. Keys are normalised (see normalise_name).
_EXTRA_ALIASES: dict[str, str] = {
    "kbh": "0101",
    "kbhs": "0101",
    "kobenhavns": "0101",
    "copenhagen": "0101",
    "frb": "0147",
    "frederiksberg c": "0147",
    "lyngby": "0173",
    "kongens lyngby": "0173",
    "taarbaek": "0173",
    "hoje taastrup": "0169",
    "taastrup": "0169",
    "hedehusene": "0169",
    "bornholms regionskommune": "0400",
    "bornholms": "0400",
    "ronne": "0400",
    "helsingor": "0217",
    "elsinore": "0217",
    "hillerod": "0219",
    "horsholm": "0223",
    "rodovre": "0175",
    "ishoj": "0183",
    "taarnby": "0185",
    "tarnby": "0185",
    "kastrup": "0185",
    "dragor": "0155",
    "allerod": "0201",
    "furesoe": "0190",
    "fureso": "0190",
    "farum": "0190",
    "vaerlose": "0190",
    "brondby": "0153",
    "birkerod": "0230",
    "holte": "0230",
    "frederikssund": "0250",
    "halsnaes": "0260",
    "frederiksvaerk": "0260",
    "hundested": "0260",
    "gribskov": "0270",
    "helsinge": "0270",
    "gilleleje": "0270",
    "stenlose": "0240",
    "olstykke": "0240",
    "smorum": "0240",
    "fredensborg": "0210",
    "humlebaek": "0210",
    "kokkedal": "0210",
    "gentofte": "0157",
    "charlottenlund": "0157",
    "hellerup": "0157",
    "soborg": "0159",
    "bagsvaerd": "0159",
}

# Words that say "municipality" but carry no name; stripped before matching.
_GENERIC = re.compile(
    r"\b(kommune|kommunes|kommuner|regionskommune|kommunalbestyrelse|byråd|byraad|"
    r"borgmester(en)?|borgmesteren i|forvaltning(en)?|municipality|of|i|fra|the)\b"
)


def reference_dir() -> Path:
    """The folder of the shipped reference data.

    Looks in the project's ``data/reference`` first (a source checkout), then in the
    copy packaged with the library, so the library works from an installed wheel too.
    """
    here = Path(__file__).resolve()
    for cand in (here.parents[2] / "data" / "reference", here.parent / "data"):
        if (cand / REFERENCE_CSV).is_file():
            return cand
    raise FileNotFoundError(
        f"reference data not found: expected {REFERENCE_CSV} in data/reference/ of the project")


def _dir(path: str | Path | None) -> Path:
    return Path(path) if path is not None else reference_dir()


@lru_cache(maxsize=4)
def _municipalities_cached(path: str) -> pd.DataFrame:
    df = pd.read_csv(Path(path) / REFERENCE_CSV, dtype=str, keep_default_na=False)
    for col in ("in_capital_region_29", "is_municipality"):
        df[col] = df[col].str.lower().eq("true")
    df["kode_int"] = df["kode_int"].astype(int)
    return df


def municipalities(path: str | Path | None = None) -> pd.DataFrame:
    """All 98 Danish municipalities plus Christiansø (flagged ``is_municipality`` False)."""
    return _municipalities_cached(str(_dir(path))).copy()


def capital_region(path: str | Path | None = None) -> pd.DataFrame:
    """The 29 municipalities of Region Hovedstaden, by code, with their NUTS-3 landsdel.

    The order (by kommunekode) is the fixed order every table and chart uses.
    """
    df = municipalities(path)
    df = df[df["in_capital_region_29"] & df["is_municipality"]].copy()
    names = dict(LANDSDELE)
    df["landsdel_kode"] = df["kommunekode"].map(_LANDSDEL_OF)
    df["landsdel"] = df["landsdel_kode"].map(names)
    out = df[["kommunekode", "navn", "landsdel_kode", "landsdel"]].sort_values("kommunekode")
    if len(out) != 29 or out["landsdel"].isna().any():
        raise ValueError("reference data does not hold exactly 29 capital-region "
                         "municipalities with a landsdel; check data/reference/")
    return out.reset_index(drop=True)


def boundaries(path: str | Path | None = None) -> dict[str, Any]:
    """GeoJSON of the 29 municipalities (+ Christiansø, ``is_municipality`` false)."""
    with open(_dir(path) / BOUNDARIES_GEOJSON, encoding="utf-8") as fh:
        return json.load(fh)


def normalise_name(text: str) -> str:
    """Lower-case ASCII form used for matching: æ->ae, ø->o, å->aa, punctuation out."""
    t = unicodedata.normalize("NFC", str(text)).strip().lower()
    t = t.replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _fold(text: str) -> str:
    """A coarser key that also equates 'oe'/'o' and 'aa'/'a' (Hoeje = Høje = Hoje)."""
    return normalise_name(text).replace("oe", "o").replace("aa", "a").replace("ae", "a")


@dataclass(frozen=True)
class Resolution:
    """The answer of the resolver: a code, or none and the reason why."""

    code: str | None
    name: str | None
    method: str  # exact | alias | code | fuzzy | ambiguous | unknown | outside | empty
    reason: str

    @property
    def ok(self) -> bool:
        return self.code is not None


class MunicipalityResolver:
    """Resolves free text to one of the 29 capital-region municipality codes.

    ``min_score`` is the fuzzy score (0-100) a candidate needs; ``margin`` is how far
    ahead of the runner-up it must be, so that the resolver never guesses between two
    plausible candidates. Names of municipalities outside the region are recognised and
    reported as outside, not forced onto the nearest name inside.
    """

    def __init__(self, reference: pd.DataFrame, min_score: float = 85.0,
                 margin: float = 6.0) -> None:
        self.min_score = min_score
        self.margin = margin
        self._name: dict[str, str] = dict(zip(reference["kommunekode"], reference["navn"],
                                              strict=True))
        self._inside: set[str] = set(
            reference.loc[reference["in_capital_region_29"] & reference["is_municipality"],
                          "kommunekode"])
        self._by_int = {str(int(c)): c for c in reference["kommunekode"]}
        keys: dict[str, set[str]] = {}
        for row in reference.itertuples(index=False):
            names = [row.navn, row.navn_dagi2014, row.navn_magnuslarsen, row.navn_iholas,
                     *[a for a in str(row.alt_names).split(";") if a]]
            for n in names:
                for k in (self._key(n), _fold(self._key(n))):
                    if k:
                        keys.setdefault(k, set()).add(row.kommunekode)
        for alias, code in _EXTRA_ALIASES.items():
            for k in (alias, _fold(alias)):
                keys.setdefault(k, set()).add(code)
        self._keys = keys
        self._choices = sorted(k for k, v in keys.items() if len(v) == 1)
        self._official = {self._key(n) for n in reference["navn"]}

    @staticmethod
    def _key(text: str) -> str:
        t = normalise_name(text)
        t = _GENERIC.sub(" ", t)
        return re.sub(r"\s+", " ", t).strip()

    def resolve(self, text: object) -> Resolution:
        """Resolve one free-text municipality reference."""
        if text is None or (isinstance(text, float) and pd.isna(text)):
            return Resolution(None, None, "empty", "no municipality given")
        raw = str(text)
        if "Ã" in raw or "Â" in raw:  # mojibake from a broken export
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                raw = raw.encode("cp1252").decode("utf-8")
        stripped = raw.strip()
        if not stripped:
            return Resolution(None, None, "empty", "no municipality given")
        digits = re.fullmatch(r"(?:k(?:ommune)?\s*)?(\d{3,4})", stripped.lower())
        if digits:
            code = self._by_int.get(str(int(digits.group(1))))
            if code is None:
                return Resolution(None, None, "unknown", f"{stripped!r} is not a municipality code")
            return self._answer(code, "code", stripped)
        key = self._key(stripped)
        if not key:
            return Resolution(None, None, "empty", f"{stripped!r} names no municipality")
        for k in (key, _fold(key)):
            codes = self._keys.get(k)
            if codes and len(codes) == 1:
                method = "exact" if k == key and key in self._official else "alias"
                return self._answer(next(iter(codes)), method, stripped)
            if codes and len(codes) > 1:
                names = ", ".join(sorted(self._name[c] for c in codes))
                return Resolution(None, None, "ambiguous",
                                  f"{stripped!r} matches several municipalities ({names})")
        return self._fuzzy(stripped, _fold(key))

    def _fuzzy(self, original: str, key: str) -> Resolution:
        if len(key) < 4:
            return Resolution(None, None, "unknown", f"{original!r} is too short to match safely")
        hits = process.extract(key, self._choices, scorer=fuzz.WRatio, limit=10)
        # Collapse several keys of the same municipality to its best score.
        best: dict[str, float] = {}
        for choice, score, _ in hits:
            code = next(iter(self._keys[choice]))
            best[code] = max(best.get(code, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < self.min_score:
            top = f" (closest: {self._name[ranked[0][0]]}, score {ranked[0][1]:.0f})" if ranked else ""
            return Resolution(None, None, "unknown", f"{original!r} matches no municipality{top}")
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self.margin:
            a, b = ranked[0], ranked[1]
            return Resolution(None, None, "ambiguous",
                              f"{original!r} is as close to {self._name[a[0]]} ({a[1]:.0f}) as to "
                              f"{self._name[b[0]]} ({b[1]:.0f}); write the name in full")
        return self._answer(ranked[0][0], "fuzzy", original, score=ranked[0][1])

    def _answer(self, code: str, method: str, original: str, score: float | None = None
                ) -> Resolution:
        name = self._name[code]
        if code not in self._inside:
            return Resolution(None, name, "outside",
                              f"{original!r} is {name}, not one of Region Hovedstaden's 29")
        how = f" (fuzzy score {score:.0f})" if score is not None else ""
        return Resolution(code, name, method, f"{original!r} -> {name}{how}")

    def find_in_text(self, text: str) -> Resolution:
        """Find a municipality named inside a longer text ("Borgmester i Gribskov ...").

        Tries "<name> Kommune" and "i/fra <name>" phrases; answers only when exactly one
        municipality is named.
        """
        found: set[str] = set()
        for m in re.finditer(r"([A-ZÆØÅ][\w\-æøåÆØÅ]+(?:[ -][A-ZÆØÅ][\w\-æøå]+)?)\s+"
                             r"(?:Regions)?[Kk]ommune", text):
            r = self.resolve(m.group(1))
            if r.ok:
                found.add(r.code)  # type: ignore[arg-type]
        if not found:
            for m in re.finditer(r"\b(?:i|fra|for)\s+([A-ZÆØÅ][\w\-æøåÆØÅ]+)", text):
                key = self._key(m.group(1))
                codes = self._keys.get(key) or self._keys.get(_fold(key))
                if codes and len(codes) == 1 and next(iter(codes)) in self._inside:
                    found.add(next(iter(codes)))
        if len(found) == 1:
            return self._answer(found.pop(), "text", text[:60])
        if len(found) > 1:
            names = ", ".join(sorted(self._name[c] for c in found))
            return Resolution(None, None, "ambiguous", f"text names several municipalities ({names})")
        return Resolution(None, None, "unknown", "no municipality named in the text")


@lru_cache(maxsize=4)
def _resolver_cached(path: str) -> MunicipalityResolver:
    return MunicipalityResolver(_municipalities_cached(path))


def get_resolver(path: str | Path | None = None) -> MunicipalityResolver:
    """A shared resolver over the shipped (or given) reference data."""
    return _resolver_cached(str(_dir(path)))


def resolve_municipality(text: object, path: str | Path | None = None) -> Resolution:
    """Convenience wrapper: ``get_resolver(path).resolve(text)``."""
    return get_resolver(path).resolve(text)
