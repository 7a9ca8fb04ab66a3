"""Reference data and municipality resolution."""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis import reference
from rus_analysis.reference import capital_region, get_resolver, municipalities


def test_reference_tables_have_the_real_counts() -> None:
    allm = municipalities()
    assert allm["is_municipality"].sum() == 98
    assert "0411" in set(allm["kommunekode"])  # Christiansø: a code, not a municipality
    cap = capital_region()
    assert len(cap) == 29
    assert "0411" not in set(cap["kommunekode"])
    assert list(cap["kommunekode"]) == sorted(cap["kommunekode"])
    counts = cap["landsdel"].value_counts().to_dict()
    assert counts == {"Københavns omegn": 13, "Nordsjælland": 11, "Byen København": 4,
                      "Bornholm": 1}


def test_boundaries_cover_the_29_and_flag_christiansoe() -> None:
    gj = reference.boundaries()
    props = [f["properties"] for f in gj["features"]]
    munis = {p["kommunekode"] for p in props if p["is_municipality"]}
    assert munis == set(capital_region()["kommunekode"])
    assert [p["is_municipality"] for p in props if p["kommunekode"] == "0411"] == [False]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kbh.", "0101"),
        ("Københavns Kommune", "0101"),
        ("Hoeje Taastrup", "0169"),
        ("Høje Taastrup Kommune", "0169"),
        ("Lyngby", "0173"),
        ("Taarnby", "0185"),
        ("Bornholms Regionskommune", "0400"),
        ("KÃ¸benhavn", "0101"),  # mojibake from a broken export
        ("Frederiksbjerg", "0147"),  # misspelt
        ("Hilerød", "0219"),
        ("gladsaxe KOMMUNE", "0159"),
        ("Frb.", "0147"),
        ("101", "0101"),
        ("0400", "0400"),
        ("Borgmester i Gribskov", "0270"),
    ],
)
def test_resolves_the_ways_people_write_names(text: str, code: str) -> None:
    res = get_resolver().resolve(text)
    assert res.code == code, res.reason


def test_every_alias_in_the_reference_table_resolves_to_its_own_code() -> None:
    resolver = get_resolver()
    cap = municipalities()
    cap = cap[cap["in_capital_region_29"] & cap["is_municipality"]]
    checked = 0
    for row in cap.itertuples(index=False):
        names = [row.navn, row.navn_dagi2014, row.navn_magnuslarsen, row.navn_iholas,
                 *[a for a in row.alt_names.split(";") if a]]
        for name in filter(None, names):
            res = resolver.resolve(name)
            assert res.code == row.kommunekode, f"{name!r}: {res.reason}"
            checked += 1
    assert checked > 100


def test_names_outside_the_region_are_not_forced_inside() -> None:
    res = get_resolver().resolve("Aarhus")
    assert res.code is None and res.method == "outside"
    assert "Aarhus" in res.reason


@pytest.mark.parametrize("text", ["Frederiks", "Herlev/Gladsaxe"])
def test_ambiguous_input_returns_none_and_says_why(text: str) -> None:
    res = get_resolver().resolve(text)
    assert res.code is None
    assert res.method == "ambiguous"
    assert "as close to" in res.reason or "several" in res.reason


@pytest.mark.parametrize("text", ["", "   ", None, float("nan"), "Fre", "Blåbærgrød"])
def test_empty_short_and_unknown_input_returns_none(text: object) -> None:
    res = get_resolver().resolve(text)
    assert res.code is None
    assert res.reason


def test_find_in_text_answers_only_for_one_municipality() -> None:
    r = get_resolver()
    assert r.find_in_text("Borgmesteren i Gribskov Kommune pegede på busserne").code == "0270"
    assert r.find_in_text("Gentofte Kommune og Gladsaxe Kommune vil samarbejde").code is None
    assert r.find_in_text("Vi ønsker flere cykelstier").code is None


def test_resolver_is_pure() -> None:
    r = get_resolver()
    texts = pd.Series(["Kbh.", "Lyngby", "Aarhus", "Frederiks"])
    first = [r.resolve(t) for t in texts]
    second = [r.resolve(t) for t in reversed(texts)][::-1]
    assert first == second
