"""Per-capita figures from a population table the user supplies (``paths.population``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rus_analysis import reference
from rus_analysis.coverage.model import ALL_THEMES, PER_CAPITA_UNIT
from rus_analysis.coverage.prepare import codes
from rus_analysis.coverage.suppression import small_cell
from rus_analysis.danish import fmt_int, join_da
from rus_analysis.schema import check_columns

# What the committee reads (no config key: the methods appendix tells the analyst how to
# add one).
NO_POPULATION_NOTE = ("Der er ikke angivet en befolkningstabel, så tal pr. indbygger "
                      "vises ikke.")


class PopulationError(ValueError):
    """A population table that cannot be used; the message names file, row and column."""


def load_population(path: str | Path) -> pd.DataFrame:
    """Read a user-supplied population CSV (kommunekode, population, year).

    Accepts ',' or ';' separated files (Danish Excel writes ';'), codes with or without the
    leading zero, and whole numbers with Danish thousands dots ('104.523'). Rows for
    municipalities outside the 29 (e.g. a full FOLK1A extract) are kept here and ignored
    by ``build_coverage``; Christiansø (0411) is dropped.
    """
    p = Path(path)
    if not p.is_file():
        raise PopulationError(f"{p}: population file not found")
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    import io

    df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in ("kommunekode", "population", "year") if c not in df.columns]
    if missing:
        raise PopulationError(f"{p}: missing column(s) {missing}; expected kommunekode, "
                              f"population, year; found {list(df.columns)}")
    out = []
    for i, r in enumerate(df.itertuples(index=False), start=2):  # line 1 is the header
        code = str(r.kommunekode).strip()
        if not code.isdigit() or len(code) > 4:
            raise PopulationError(f"{p}: row {i}, column 'kommunekode': {code!r} is not a "
                                  "municipality code (up to 4 digits, e.g. 0101 or 101)")
        pop = str(r.population).strip().replace(" ", "")
        if pop.count(".") and all(len(x) == 3 for x in pop.split(".")[1:]):
            pop = pop.replace(".", "")
        if not pop.isdigit() or int(pop) <= 0:
            raise PopulationError(f"{p}: row {i}, column 'population': {r.population!r} is "
                                  "not a positive whole number")
        year = str(r.year).strip()
        if not (year.isdigit() and len(year) == 4):
            raise PopulationError(f"{p}: row {i}, column 'year': {r.year!r} is not a "
                                  "year (e.g. 2025)")
        out.append((code.zfill(4), int(pop), int(year), i))
    res = pd.DataFrame(out, columns=["kommunekode", "population", "year", "_row"])
    res = res[res["kommunekode"] != reference.CHRISTIANSOE]
    dup = res[res.duplicated(["kommunekode", "year"], keep=False)]
    if len(dup):
        r0 = dup.iloc[0]
        raise PopulationError(f"{p}: row {int(dup.iloc[1]['_row'])}, column 'kommunekode': "
                              f"{r0['kommunekode']} has more than one population for "
                              f"{r0['year']}")
    return res.drop(columns="_row").reset_index(drop=True)


def per_capita(population: pd.DataFrame | None, by_muni: pd.DataFrame,
                totals: pd.DataFrame, min_cell: int
                ) -> tuple[pd.DataFrame | None, str, pd.DataFrame]:
    """Statements and voices per 10.000 inhabitants, using the latest year per municipality."""
    if population is None:
        return None, NO_POPULATION_NOTE, totals
    check_columns(population, ("kommunekode", "population", "year"), "population")
    pop = population.assign(kommunekode=codes(population["kommunekode"]))
    pop = (pop.sort_values("year").drop_duplicates("kommunekode", keep="last")
           .set_index("kommunekode"))
    totals = totals.copy()
    totals["population"] = totals["kommunekode"].map(pop["population"]).astype("Int64")
    totals["population_year"] = totals["kommunekode"].map(pop["year"]).astype("Int64")
    base = by_muni[["theme_id", "theme_label", "kommunekode", "navn", "statements",
                    "voices"]]
    alle = totals[["kommunekode", "navn", "statements", "voices"]].assign(
        theme_id=ALL_THEMES, theme_label="Alt input")
    df = pd.concat([alle[base.columns], base], ignore_index=True)
    df["population"] = df["kommunekode"].map(pop["population"]).astype(float)
    df["population_year"] = df["kommunekode"].map(pop["year"]).astype("Int64")
    sup = small_cell(df["statements"], min_cell)
    rate = PER_CAPITA_UNIT / df["population"]
    df["statements_per_10000"] = (df["statements"] * rate).mask(sup)
    df["voices_per_10000"] = (df["voices"] * rate).mask(sup)
    df["suppressed"] = sup
    totals["statements_per_10000"] = (totals["statements"] * PER_CAPITA_UNIT
                                      / totals["population"].astype(float)).mask(
        small_cell(totals["statements"], min_cell))
    lacking = list(totals.loc[totals["population"].isna(), "navn"])
    years = sorted(int(y) for y in pd.unique(pop["year"]))
    note = (f"Tal pr. {fmt_int(PER_CAPITA_UNIT)} indbyggere bygger på den angivne "
            f"befolkningstabel ({'år ' + join_da([str(y) for y in years])}; det seneste år "
            "pr. kommune bruges).")
    if lacking:
        note += (f" Befolkningstal mangler for {join_da(lacking)}; her vises ingen tal pr. "
                 "indbygger.")
    return df, note, totals
