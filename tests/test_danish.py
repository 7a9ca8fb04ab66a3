"""Danish formatting: one implementation for tables, hovers, charts and sentences."""

from __future__ import annotations

import pytest

from rus_analysis.danish import ascii_slug, fmt_int, fmt_num, fmt_pct, join_da, split_sentences


def test_numbers_and_percentages_the_danish_way() -> None:
    assert fmt_int(1234567) == "1.234.567"
    assert fmt_int(2.6) == "3"
    assert fmt_num(1234.5) == "1.234,5"
    assert fmt_num(0.125, 3) == "0,125"
    assert fmt_pct(0.125) == "12,5 %"
    assert fmt_pct(0.6, 0) == "60 %"
    for missing in (None, float("nan")):
        assert fmt_int(missing) == fmt_num(missing) == fmt_pct(missing) == "–"


def test_enumerations_end_in_og() -> None:
    assert join_da([]) == ""
    assert join_da(["Gribskov"]) == "Gribskov"
    assert join_da(["Halsnæs", "Gribskov", "Bornholm"]) == "Halsnæs, Gribskov og Bornholm"


@pytest.mark.parametrize("text,kw,expected", [
    ("Bord 3: Kollektiv trafik", {}, "bord-3-kollektiv-trafik"),
    ("Høje-Taastrup", {"lower": False}, "Hoeje-Taastrup"),
    ("Ærø Å", {"sep": "_"}, "aeroe_aa"),
    ("Café – Møde", {}, "cafe-moede"),
    ("a" * 60, {"max_len": 48}, "a" * 48),
])
def test_ascii_slug(text: str, kw: dict, expected: str) -> None:
    assert ascii_slug(text, **kw) == expected


def test_sentences_do_not_end_at_abbreviations() -> None:
    text = "Vi ønsker bl.a. flere busser. Det gælder f.eks. Gribskov! Og ca. 3 km cykelsti."
    assert split_sentences(text) == ["Vi ønsker bl.a. flere busser.",
                                     "Det gælder f.eks. Gribskov!", "Og ca. 3 km cykelsti."]
