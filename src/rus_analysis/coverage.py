"""Coverage: have we heard the whole region?

The committee's first question mixes three different facts that a plain count hides:
a municipality that was never asked, one that was asked and did not raise a theme, and one
that raised it. This module turns statements with themes plus the round manifests
(invitations, attendance) into tables that keep the three apart, for all 29 municipalities
always and in the fixed official order, with region-wide actors in their own column.

Every number a chart or a report shows is a cell of one of these tables, so a test can
check it (see ``docs/coverage.md`` for the definitions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from rus_analysis import reference
from rus_analysis.config import STAKEHOLDER_TYPES
from rus_analysis.representation import (
    fmt_int,
    fmt_num,
    join_da,
    representation_table,
    share_texts,
    small_cell,
)
from rus_analysis.schema import (
    ASSIGNMENT_COLUMNS,
    ATTENDANCE_COLUMNS,
    INVITATION_COLUMNS,
    THEME_COLUMNS,
    check_columns,
    source_type_da,
)

# The three states of a theme x municipality cell (code, Danish text shown as is).
STATE_NOT_CONSULTED = "ikke hørt"
STATE_NOT_RAISED = "hørt, tema ikke rejst"
STATE_RAISED = "tema rejst"
STATES: tuple[str, ...] = (STATE_NOT_CONSULTED, STATE_NOT_RAISED, STATE_RAISED)

# Columns of statements that coverage relies on (a subset of schema.STATEMENT_COLUMNS).
COVERAGE_STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id", "round", "source_file", "source_type", "organisation",
    "stakeholder_type", "municipality_code", "is_regional_actor", "voice_id", "dup_group",
    "is_representative",
)

REGIONAL = "tværgående"          # region-wide actors: never attributed to a municipality
UNPLACED = "ingen kommune"       # no (valid) municipality and not a regional actor
SOURCE_ORDER: tuple[str, ...] = ("meeting", "workshop", "survey", "written")
PER_CAPITA_UNIT = 10_000
ALL_THEMES = "_alle"             # theme_id of the "all input" rows in per_capita

NO_POPULATION_NOTE = (
    "Der er ikke angivet en befolkningstabel, så tal pr. indbygger vises ikke. "
    "Angiv en CSV med kolonnerne kommunekode, population og year i konfigurationens "
    "paths.population for at få dem med.")


@dataclass
class Coverage:
    """All coverage tables of one selection of rounds.

    Long tables (one row per theme x group) so that Parquet, Excel, charts and tests read
    the same cells. ``per_capita`` is None when no population table was supplied, and
    ``per_capita_note`` then says so in Danish.
    """

    by_municipality: pd.DataFrame
    by_landsdel: pd.DataFrame
    by_stakeholder: pd.DataFrame
    by_source: pd.DataFrame
    by_round: pd.DataFrame
    regional_actors: pd.DataFrame
    representation: pd.DataFrame
    gaps: pd.DataFrame
    per_capita: pd.DataFrame | None
    per_capita_note: str
    municipality_totals: pd.DataFrame
    municipality_rounds: pd.DataFrame
    municipality_stakeholders: pd.DataFrame
    themes: pd.DataFrame
    rounds: list[str]
    min_cell: int = 5
    include_secondary: bool = False
    notes: list[str] = field(default_factory=list)

    # sheet name (Danish, <= 31 characters) -> attribute. No "Temaer" sheet: the pipeline's
    # workbook already has the full theme table under that name.
    SHEETS: ClassVar[dict[str, str]] = {
        "Tema x kommune": "by_municipality",
        "Tema x landsdel": "by_landsdel",
        "Tema x interessentgruppe": "by_stakeholder",
        "Tema x kildetype": "by_source",
        "Tema x runde": "by_round",
        "Tværgående aktører": "regional_actors",
        "Over- og underrepræsentation": "representation",
        "Huller i dækningen": "gaps",
        "Pr. indbygger": "per_capita",
        "Kommuner i alt": "municipality_totals",
        "Kommune x runde": "municipality_rounds",
        "Kommune x interessentgruppe": "municipality_stakeholders",
    }

    def tables(self) -> dict[str, pd.DataFrame]:
        """Sheet name -> table, for Parquet/Excel; ends with a 'Noter' sheet of notes."""
        out: dict[str, pd.DataFrame] = {}
        for sheet, attr in self.SHEETS.items():
            df = getattr(self, attr)
            if df is not None:
                assert len(sheet) <= 31, sheet
                out[sheet] = df
        notes = [("Runder", ", ".join(self.rounds)),
                 ("Mindste celle (min_cell)", str(self.min_cell)),
                 ("Sekundære temaer talt med", "ja" if self.include_secondary else "nej"),
                 ("Pr. indbygger", self.per_capita_note),
                 *[("Note", n) for n in self.notes]]
        out["Noter"] = pd.DataFrame(notes, columns=["emne", "tekst"])
        return out

    def table_files(self) -> dict[str, str]:
        """Sheet name -> Parquet file name (ASCII) used by ``write_tables``."""
        files = {sheet: f"coverage_{attr}.parquet" for sheet, attr in self.SHEETS.items()}
        files["Noter"] = "coverage_notes.parquet"
        return files


# --- input normalisation -------------------------------------------------------------

def _codes(values: pd.Series) -> pd.Series:
    """Municipality codes as 4-digit text ('101' -> '0101'), missing/blank -> <NA>."""
    s = values.astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    s = s.mask(_isin(s, ["", "nan", "None", "<NA>"]))
    digits = s.str.fullmatch(r"\d{1,4}").fillna(False).astype(bool)
    return s.mask(digits, s.str.zfill(4))


def _isin(values: pd.Series, allowed: Iterable[object]) -> pd.Series:
    """Boolean membership, False for missing values.

    Why not ``Series.isin``: on pandas 3's Arrow-backed strings it falls back to a Python
    loop (a second per 100.000 rows); object arrays use the hash table.
    """
    arr = pd.Series(values.to_numpy(dtype=object), index=values.index, dtype=object)
    vals = allowed if isinstance(allowed, np.ndarray) else list(allowed)
    return arr.isin(vals) & values.notna().to_numpy()


def _bool(values: pd.Series) -> pd.Series:
    if values.dtype == bool:
        return values
    s = values.astype("string").str.strip().str.lower()
    return _isin(s, ["true", "1", "ja", "yes"]).astype(bool)


def _round_order(st: pd.DataFrame, extra: Iterable[str]) -> list[str]:
    """Rounds in time order (earliest statement date), then by id."""
    all_rounds = set(pd.unique(st["round"])) | set(extra)
    first: dict[str, str] = {}
    if "source_date" in st.columns and len(st):
        dates = (st.assign(_d=st["source_date"].astype("string").str.slice(0, 10))
                 .groupby("round")["_d"].min())
        first = {str(k): str(v) for k, v in dates.items() if pd.notna(v) and str(v)}
    return sorted(all_rounds, key=lambda r: (first.get(r, "9999"), r))


def _prepare(statements: pd.DataFrame, assignments: pd.DataFrame, rounds: list[str],
             include_secondary: bool, codes29: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements of the selected rounds (``st``) and statement x theme rows (``long``).

    Why the merged-member propagation: theme models are usually fitted on the
    representative of a duplicate group only; the other 39 letters of a campaign must still
    count as statements on the same theme, but stay one voice.
    """
    st = statements.loc[_isin(statements["round"].astype(str), rounds)].copy()
    st["round"] = st["round"].astype(str)
    st["statement_id"] = st["statement_id"].astype(str)
    code = _codes(st["municipality_code"])
    regional = _bool(st["is_regional_actor"])
    valid = _isin(code, codes29).astype(bool)
    st["kommunekode"] = code.where(valid & ~regional)
    st["placement"] = np.where(regional, REGIONAL, np.where(valid, "kommune", UNPLACED))
    voice = st["voice_id"].astype("string")
    voice = voice.mask(voice.str.strip().eq("").fillna(False))
    st["voice_id"] = voice.fillna("stmt:" + st["statement_id"])
    st["source_key"] = st["round"] + "|" + st["source_file"].astype("string").fillna("")
    st["stakeholder_type"] = st["stakeholder_type"].astype("string").fillna("ukendt")
    st["source_type"] = st["source_type"].astype("string").fillna("ukendt")

    a = assignments[["statement_id", "theme_id", "rank"]].copy()
    a["statement_id"] = a["statement_id"].astype(str)
    a["theme_id"] = a["theme_id"].astype(str)
    a["rank"] = pd.to_numeric(a["rank"], errors="coerce")
    if not include_secondary:
        a = a[a["rank"] == 0]
    a = a.drop_duplicates(["statement_id", "theme_id"])

    # Members of a duplicate group without own themes inherit those of a member that has
    # them, preferring the representative.
    have = a["statement_id"].to_numpy(dtype=object)
    has_theme = _isin(st["statement_id"], have)
    missing = st.loc[~has_theme, ["statement_id", "dup_group"]]
    missing = missing[missing["dup_group"].notna()]
    if len(missing):
        donors = st.loc[has_theme & st["dup_group"].notna(),
                        ["statement_id", "dup_group", "is_representative"]].copy()
        donors["rep"] = _bool(donors["is_representative"])
        donors = (donors.sort_values(["dup_group", "rep", "statement_id"],
                                     ascending=[True, False, True])
                  .drop_duplicates("dup_group")[["dup_group", "statement_id"]]
                  .rename(columns={"statement_id": "donor"}))
        inherit = missing.merge(donors, on="dup_group").merge(
            a.rename(columns={"statement_id": "donor"}), on="donor")
        a = pd.concat([a, inherit[["statement_id", "theme_id", "rank"]]], ignore_index=True)

    keep = ["statement_id", "round", "source_type", "stakeholder_type", "kommunekode",
            "placement", "voice_id", "source_key", "organisation"]
    long = a.merge(st[keep], on="statement_id", how="inner")
    return st, long


def _counts(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Statements (rows), voices (distinct voice_id), sources (distinct round+file)."""
    if not len(df):
        return pd.DataFrame(columns=[*keys, "statements", "voices", "sources"])
    g = df.groupby(keys, observed=True, dropna=False)
    return g.agg(statements=("statement_id", "size"), voices=("voice_id", "nunique"),
                 sources=("source_key", "nunique")).reset_index()


def _grid(themes: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Every theme x every group, themes outer, in the given orders."""
    t = themes[["theme_id", "theme_label"]].assign(_k=1, _t=range(len(themes)))
    g = groups.assign(_k=1, _g=range(len(groups)))
    out = t.merge(g, on="_k").sort_values(["_t", "_g"]).drop(columns=["_k", "_t", "_g"])
    return out.reset_index(drop=True)


def _fill_counts(grid: pd.DataFrame, counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = grid.merge(counts, on=keys, how="left")
    for c in ("statements", "voices", "sources"):
        out[c] = out[c].fillna(0).astype("int64")
    return out


def _add_share(df: pd.DataFrame, denom_col: str, min_cell: int, share_col: str = "share",
               na_text: str = "–") -> pd.DataFrame:
    """share = statements / denominator, suppressed for 1..min_cell-1 statements."""
    denom = df[denom_col].astype(float)
    share = (df["statements"] / denom.where(denom > 0)).astype(float)
    sup = small_cell(df["statements"], min_cell)
    df[share_col] = share.mask(sup)
    flag = "suppressed" if share_col == "share" else f"{share_col}_suppressed"
    df[flag] = sup
    df[f"{share_col}_text"] = share_texts(df[share_col], df[flag], min_cell, na_text)
    return df


# --- the tables -----------------------------------------------------------------------

def _consultation(st: pd.DataFrame, invitations: pd.DataFrame, attendance: pd.DataFrame,
                  rounds: list[str], region: pd.DataFrame) -> pd.DataFrame:
    """Per round x municipality: invited, attended, contributed, consulted."""
    grid = pd.DataFrame([(r, k) for r in rounds for k in region["kommunekode"]],
                        columns=["round", "kommunekode"])

    def pairs(df: pd.DataFrame) -> set[tuple[str, str]]:
        if df is None or not len(df):
            return set()
        c = _codes(df["municipality_code"])
        r = df["round"].astype(str)
        return {(a, b) for a, b in zip(r, c, strict=True) if isinstance(b, str)}

    inv = pairs(invitations)
    att = pairs(attendance)
    placed = st.loc[st["placement"] == "kommune", ["round", "kommunekode"]].drop_duplicates()
    con = set(zip(placed["round"], placed["kommunekode"], strict=True))
    keys = list(zip(grid["round"], grid["kommunekode"], strict=True))
    grid["invited"] = [k in inv for k in keys]
    grid["attended"] = [k in att for k in keys]
    grid["contributed"] = [k in con for k in keys]
    grid["consulted"] = grid["invited"] | grid["attended"] | grid["contributed"]
    return grid


def build_coverage(statements: pd.DataFrame, assignments: pd.DataFrame, themes: pd.DataFrame,
                   invitations: pd.DataFrame | None, attendance: pd.DataFrame | None,
                   min_cell: int = 5, population: pd.DataFrame | None = None,
                   rounds: Sequence[str] | None = None, *,
                   include_secondary: bool = False) -> Coverage:
    """Build every coverage table for the selected rounds (default: all rounds seen).

    ``statements`` follow ``schema.STATEMENT_COLUMNS`` (merged duplicate members included:
    they count as statements, their shared ``voice_id`` as one voice); ``assignments``
    ``schema.ASSIGNMENT_COLUMNS`` (rank 0 = primary theme; with ``include_secondary`` all
    ranks count); ``themes`` ``schema.THEME_COLUMNS`` (their order is the display order).
    ``population`` is the output of ``load_population``.
    """
    if min_cell < 1:
        raise ValueError(f"min_cell must be at least 1, got {min_cell}")
    check_columns(statements, COVERAGE_STATEMENT_COLUMNS, "statements")
    check_columns(assignments, ASSIGNMENT_COLUMNS, "assignments")
    check_columns(themes, ("theme_id", "label"), "themes")
    invitations = (pd.DataFrame(columns=list(INVITATION_COLUMNS)) if invitations is None
                   else check_columns(invitations, INVITATION_COLUMNS, "invitations"))
    attendance = (pd.DataFrame(columns=list(ATTENDANCE_COLUMNS)) if attendance is None
                  else check_columns(attendance, ATTENDANCE_COLUMNS, "attendance"))

    region = reference.capital_region()
    codes29 = set(region["kommunekode"])
    seen = {str(r) for df in (statements, invitations, attendance)
            for r in pd.unique(df["round"].astype(str))}
    if rounds is None:
        selected = sorted(seen)
    else:
        selected = [str(r) for r in rounds]
        unknown = [r for r in selected if r not in seen]
        if unknown:
            raise ValueError(f"round(s) {unknown} not found in statements, invitations or "
                             f"attendance; known rounds: {sorted(seen)}")
    st, long = _prepare(statements, assignments, selected, include_secondary, codes29)
    selected = [r for r in _round_order(st, selected) if r in set(selected)]
    invitations = invitations[_isin(invitations["round"].astype(str), selected)]
    attendance = attendance[_isin(attendance["round"].astype(str), selected)]

    th = themes[[c for c in THEME_COLUMNS if c in themes.columns]].copy()
    th["theme_id"] = th["theme_id"].astype(str)
    extra = [t for t in pd.unique(long["theme_id"]) if t not in set(th["theme_id"])]
    notes: list[str] = []
    if extra:
        th = pd.concat([th, pd.DataFrame({"theme_id": extra, "label": extra})],
                       ignore_index=True)
        notes.append(f"Temaer uden beskrivelse i tematabellen: {', '.join(extra)}")
    th["theme_label"] = th["label"].astype("string").fillna(th["theme_id"])
    tlist = list(zip(th["theme_id"], th["theme_label"], strict=True))

    cons = _consultation(st, invitations, attendance, selected, region)
    muni_cons = cons.groupby("kommunekode", sort=False)[
        ["invited", "attended", "contributed", "consulted"]].any().reset_index()

    by_muni, totals = _by_municipality(st, long, th, region, muni_cons, cons, min_cell)
    by_landsdel = _by_landsdel(st, long, th, by_muni, min_cell)
    by_stake = _by_category(st, long, th, "stakeholder_type", _stakeholder_order(st),
                            min_cell)
    by_source = _by_category(st, long, th, "source_type", _source_order(st), min_cell)
    by_source.insert(by_source.columns.get_loc("source_type") + 1, "source_label",
                     by_source["source_type"].map(source_type_da))
    by_round, muni_rounds = _by_round(st, long, th, region, cons, selected, min_cell)
    regional = _regional(st, long, th, min_cell)
    rep = _representation(long, th, region, tlist, selected, min_cell, st)
    gaps = _gaps(by_muni, by_stake, th, region, selected)
    muni_stake = _municipality_stakeholders(st, region)
    per_capita, note, totals = _per_capita(population, by_muni, totals, min_cell)
    if not len(long):
        notes.append("Ingen udsagn med tema i de valgte runder.")

    return Coverage(
        by_municipality=by_muni, by_landsdel=by_landsdel, by_stakeholder=by_stake,
        by_source=by_source, by_round=by_round, regional_actors=regional,
        representation=rep, gaps=gaps, per_capita=per_capita, per_capita_note=note,
        municipality_totals=totals, municipality_rounds=muni_rounds,
        municipality_stakeholders=muni_stake,
        themes=th[["theme_id", "theme_label"]].reset_index(drop=True),
        rounds=selected, min_cell=min_cell, include_secondary=include_secondary,
        notes=notes)


def _by_municipality(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame,
                     region: pd.DataFrame, muni_cons: pd.DataFrame, cons: pd.DataFrame,
                     min_cell: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    placed = long[long["placement"] == "kommune"]
    grid = _grid(th, region)
    df = _fill_counts(grid, _counts(placed, ["theme_id", "kommunekode"]),
                      ["theme_id", "kommunekode"])
    tot = _counts(st[st["placement"] == "kommune"], ["kommunekode"]).rename(
        columns={"statements": "municipality_statements", "voices": "municipality_voices",
                 "sources": "municipality_sources"})
    totals = region.merge(muni_cons, on="kommunekode", how="left").merge(
        tot, on="kommunekode", how="left")
    for c in ("municipality_statements", "municipality_voices", "municipality_sources"):
        totals[c] = totals[c].fillna(0).astype("int64")
    for c in ("invited", "attended", "contributed", "consulted"):
        totals[c] = totals[c].fillna(False).astype(bool)
    df = df.merge(totals[["kommunekode", "consulted", "municipality_statements",
                          "municipality_voices"]], on="kommunekode", how="left")
    df["state_code"] = np.where(~df["consulted"], 0, np.where(df["statements"] > 0, 2, 1))
    df["state"] = [STATES[i] for i in df["state_code"]]
    df = _add_share(df, "municipality_statements", min_cell)
    df.loc[~df["consulted"], "share_text"] = STATE_NOT_CONSULTED
    df.loc[df["consulted"] & (df["municipality_statements"] == 0), "share_text"] = "intet input"
    all_st = len(st)
    theme_tot = long.groupby("theme_id").size()
    df["region_share"] = df["theme_id"].map(theme_tot).fillna(0).astype(float) / all_st \
        if all_st else np.nan
    cols = ["theme_id", "theme_label", "kommunekode", "navn", "landsdel_kode", "landsdel",
            "consulted", "state_code", "state", "statements", "voices", "sources",
            "municipality_statements", "municipality_voices", "share", "suppressed",
            "share_text", "region_share"]
    df = df[cols]

    # municipality totals (one row per municipality, 29)
    raised = df[df["statements"] > 0].groupby("kommunekode")["theme_id"].nunique()
    totals["themes_raised"] = totals["kommunekode"].map(raised).fillna(0).astype("int64")
    rc = cons[cons["consulted"]].groupby("kommunekode")["round"].agg(list)
    totals["rounds_consulted"] = totals["kommunekode"].map(rc).map(
        lambda v: ", ".join(v) if isinstance(v, list) else "")
    totals["n_rounds_consulted"] = totals["kommunekode"].map(rc).map(
        lambda v: len(v) if isinstance(v, list) else 0).astype("int64")
    totals["state"] = np.where(~totals["consulted"], STATE_NOT_CONSULTED,
                               np.where(totals["municipality_statements"] > 0,
                                        "input modtaget", "hørt, intet input"))
    totals["region_share"] = (totals["municipality_statements"] / all_st) if all_st else np.nan
    totals = totals.rename(columns={"municipality_statements": "statements",
                                    "municipality_voices": "voices",
                                    "municipality_sources": "sources"})
    totals = totals[["kommunekode", "navn", "landsdel_kode", "landsdel", "invited",
                     "attended", "contributed", "consulted", "state", "n_rounds_consulted",
                     "rounds_consulted", "statements", "voices", "sources", "themes_raised",
                     "region_share"]]
    return df.reset_index(drop=True), totals.reset_index(drop=True)


def _by_landsdel(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame,
                 by_muni: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    lmap = by_muni.drop_duplicates("kommunekode").set_index("kommunekode")["landsdel_kode"]
    placed = long[long["placement"] == "kommune"].assign(
        landsdel_kode=lambda d: d["kommunekode"].map(lmap))
    groups = pd.DataFrame(list(reference.LANDSDELE), columns=["landsdel_kode", "landsdel"])
    df = _fill_counts(_grid(th, groups), _counts(placed, ["theme_id", "landsdel_kode"]),
                      ["theme_id", "landsdel_kode"])
    stp = st[st["placement"] == "kommune"]
    denom = stp["kommunekode"].map(lmap).value_counts()
    df["landsdel_statements"] = df["landsdel_kode"].map(denom).fillna(0).astype("int64")
    df = _add_share(df, "landsdel_statements", min_cell)
    agg = by_muni.groupby(["theme_id", "landsdel_kode"]).agg(
        municipalities=("kommunekode", "size"),
        municipalities_consulted=("consulted", "sum"),
        municipalities_raised=("state_code", lambda s: int((s == 2).sum())),
    ).reset_index()
    df = df.merge(agg, on=["theme_id", "landsdel_kode"], how="left")
    for c in ("municipalities", "municipalities_consulted", "municipalities_raised"):
        df[c] = df[c].astype("int64")
    return df


def _stakeholder_order(st: pd.DataFrame) -> pd.DataFrame:
    seen = [s for s in pd.unique(st["stakeholder_type"]) if s not in STAKEHOLDER_TYPES]
    order = [*STAKEHOLDER_TYPES, *sorted(map(str, seen))]
    return pd.DataFrame({"stakeholder_type": order})


def _source_order(st: pd.DataFrame) -> pd.DataFrame:
    seen = [s for s in pd.unique(st["source_type"]) if s not in SOURCE_ORDER]
    return pd.DataFrame({"source_type": [*SOURCE_ORDER, *sorted(map(str, seen))]})


def _by_category(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, col: str,
                 groups: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Theme x category (stakeholder type, source type) over all statements.

    Two shares: ``share`` (the group's mix: theme / all the group's statements) and
    ``share_of_theme`` (who spoke on the theme: group's statements / the theme's).
    """
    df = _fill_counts(_grid(th, groups), _counts(long, ["theme_id", col]), ["theme_id", col])
    df["group_statements"] = df[col].map(st[col].value_counts()).fillna(0).astype("int64")
    df["theme_statements"] = df["theme_id"].map(long.groupby("theme_id").size()) \
        .fillna(0).astype("int64")
    df = _add_share(df, "group_statements", min_cell)
    df = _add_share(df, "theme_statements", min_cell, share_col="share_of_theme")
    return df


def _by_round(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, region: pd.DataFrame,
              cons: pd.DataFrame, rounds: list[str], min_cell: int
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    groups = pd.DataFrame({"round": rounds})
    df = _fill_counts(_grid(th, groups), _counts(long, ["theme_id", "round"]),
                      ["theme_id", "round"])
    df["round_statements"] = df["round"].map(st["round"].value_counts()).fillna(0) \
        .astype("int64")
    df = _add_share(df, "round_statements", min_cell)
    n_cons = cons.groupby("round")["consulted"].sum()
    df["municipalities_consulted"] = df["round"].map(n_cons).fillna(0).astype("int64")
    placed = long[long["placement"] == "kommune"]
    raised = placed.groupby(["theme_id", "round"])["kommunekode"].nunique()
    df["municipalities_raised"] = [int(raised.get((t, r), 0))
                                   for t, r in zip(df["theme_id"], df["round"], strict=True)]
    df["previous_round"] = df.groupby("theme_id")["round"].shift(1)
    prev = df.groupby("theme_id")["share"].shift(1)
    df["change_pp"] = (df["share"] - prev) * 100
    df["change_text"] = [
        "" if isinstance(p, float) or p is None or p is pd.NA else _change_text(c)
        for p, c in zip(df["previous_round"].astype(object), df["change_pp"], strict=True)]

    mr = cons.merge(region[["kommunekode", "navn", "landsdel"]], on="kommunekode")
    cnt = _counts(st[st["placement"] == "kommune"], ["round", "kommunekode"])
    mr = mr.merge(cnt, on=["round", "kommunekode"], how="left")
    for c in ("statements", "voices", "sources"):
        mr[c] = mr[c].fillna(0).astype("int64")
    mr = mr[["round", "kommunekode", "navn", "landsdel", "invited", "attended",
             "contributed", "consulted", "statements", "voices", "sources"]]
    return df, mr.reset_index(drop=True)


def _change_text(pp: float) -> str:
    """'op 9,7 pct.-point' / 'ned 3,0 pct.-point' / 'uændret'; '–' when a share is hidden.

    Words, not a sign: a cell starting with '+' or '-' is read as a formula by Excel.
    """
    if math.isnan(pp):
        return "–"
    if round(pp, 1) == 0:
        return "uændret"
    return f"{'op' if pp > 0 else 'ned'} {fmt_num(abs(pp), 1)} pct.-point"


def _regional(st: pd.DataFrame, long: pd.DataFrame, th: pd.DataFrame, min_cell: int
              ) -> pd.DataFrame:
    """Theme x {tværgående, ingen kommune}: input that belongs to no municipality."""
    groups = pd.DataFrame({"group": [REGIONAL, UNPLACED]})
    sub = long[long["placement"] != "kommune"].rename(columns={"placement": "group"})
    df = _fill_counts(_grid(th, groups), _counts(sub, ["theme_id", "group"]),
                      ["theme_id", "group"])
    df["group_statements"] = df["group"].map(st["placement"].value_counts()).fillna(0) \
        .astype("int64")
    df = _add_share(df, "group_statements", min_cell)
    orgs = (sub.assign(organisation=sub["organisation"].astype("string").str.strip())
            .dropna(subset=["organisation"])
            .query("organisation != ''")
            .groupby(["theme_id", "group"])["organisation"]
            .agg(lambda s: "; ".join(sorted(set(s)))))
    df["organisations"] = [orgs.get((t, g), "")
                           for t, g in zip(df["theme_id"], df["group"], strict=True)]
    df.insert(df.columns.get_loc("group") + 1, "group_label",
              df["group"].map({REGIONAL: "Tværgående", UNPLACED: "Ingen kommune"}))
    return df


def _representation(long: pd.DataFrame, th: pd.DataFrame, region: pd.DataFrame,
                    tlist: list[tuple[str, str]], rounds: list[str], min_cell: int,
                    st: pd.DataFrame) -> pd.DataFrame:
    """Lift + chi-square per grouping, each on its own group x theme table of voices."""
    lmap = dict(zip(region["kommunekode"], region["landsdel_kode"], strict=True))
    geo = long.assign(
        kommune=long["kommunekode"].where(long["placement"] == "kommune", long["placement"]),
    )
    geo["landsdel"] = geo["kommune"].map(lmap).fillna(geo["kommune"])
    extra = [(REGIONAL, "Tværgående"), (UNPLACED, "Ingen kommune")]
    present = set(pd.unique(st["placement"]))
    extra = [e for e in extra if e[0] in present]
    dims = [
        ("landsdel", "Landsdel", [*reference.LANDSDELE, *extra], geo),
        ("kommune", "Kommune",
         [*zip(region["kommunekode"], region["navn"], strict=True), *extra], geo),
        ("stakeholder_type", "Interessentgruppe",
         [(s, s) for s in _stakeholder_order(st)["stakeholder_type"]], long),
        ("source_type", "Kildetype",
         [(s, source_type_da(s)) for s in _source_order(st)["source_type"]], long),
        ("round", "Runde", [(r, r) for r in rounds], long),
    ]
    parts = []
    for dim, label, groups, data in dims:
        v = (data.groupby([dim, "theme_id"])["voice_id"].nunique().rename("voices")
             .reset_index().rename(columns={dim: "group"}))
        parts.append(representation_table(v, dim, label, groups, tlist, min_cell))
    return pd.concat(parts, ignore_index=True)


def _municipality_stakeholders(st: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    placed = st[st["placement"] == "kommune"]
    order = _stakeholder_order(st)
    grid = region[["kommunekode", "navn"]].assign(_k=1).merge(order.assign(_k=1), on="_k") \
        .drop(columns="_k")
    df = _fill_counts(grid, _counts(placed, ["kommunekode", "stakeholder_type"]),
                      ["kommunekode", "stakeholder_type"])
    return df


def _gaps(by_muni: pd.DataFrame, by_stake: pd.DataFrame, th: pd.DataFrame,
          region: pd.DataFrame, rounds: list[str]) -> pd.DataFrame:
    """For each theme: who was not heard, as Danish sentences a report can show as is."""
    rtxt = (f"runde {rounds[0]}" if len(rounds) == 1 else
            f"runderne {join_da(rounds)}") if rounds else "de valgte runder"
    n = len(region)
    silent_groups = set(by_stake.groupby("stakeholder_type")["statements"].sum()
                        .loc[lambda s: s == 0].index)
    rows = []
    for tid, label in zip(th["theme_id"], th["theme_label"], strict=True):
        m = by_muni[by_muni["theme_id"] == tid]
        q = f"»{label}«"
        notc = list(m.loc[m["state_code"] == 0, "navn"])
        if notc:
            s = (f"{_kommuner(len(notc), n)} blev ikke hørt i {rtxt} og kan derfor ikke have "
                 f"rejst {q}: {join_da(notc)}.")
        else:
            s = f"Alle {n} kommuner blev hørt i {rtxt}."
        rows.append((tid, label, "kommune_ikke_hoert", len(notc), "; ".join(notc), s))
        notr = list(m.loc[m["state_code"] == 1, "navn"])
        if notr:
            s = (f"{_kommuner(len(notr), n)} blev hørt, men rejste ikke {q}: "
                 f"{join_da(notr)}.")
        else:
            s = f"Alle kommuner, der blev hørt, rejste {q}."
        rows.append((tid, label, "kommune_tema_ikke_rejst", len(notr), "; ".join(notr), s))
        g = by_stake[(by_stake["theme_id"] == tid)
                     & (by_stake["stakeholder_type"] != "ukendt")]
        quiet = list(g.loc[g["statements"] == 0, "stakeholder_type"])
        if quiet:
            never = [x for x in quiet if x in silent_groups]
            active = [x for x in quiet if x not in silent_groups]
            parts = []
            if active:
                parts.append(f"{_grupper(len(active)).capitalize()} {join_da(active)} gav "
                             f"input, men ikke om {q}.")
            if never:
                parts.append(f"Fra {_grupper(len(never))} {join_da(never)} kom der slet "
                             f"intet input i {rtxt}.")
            s = " ".join(parts)
        else:
            s = f"Alle interessentgrupper har udtalt sig om {q}."
        rows.append((tid, label, "gruppe_ikke_hoert", len(quiet), "; ".join(quiet), s))
    return pd.DataFrame(rows, columns=["theme_id", "theme_label", "kind", "count", "names",
                                       "sentence"])


def _kommuner(k: int, n: int) -> str:
    return "Én kommune" if k == 1 else f"{k} af {n} kommuner"


def _grupper(k: int) -> str:
    return "interessentgruppen" if k == 1 else "interessentgrupperne"


def theme_size_table(themes: pd.DataFrame, assignments: pd.DataFrame) -> pd.DataFrame:
    """Statements per theme: as primary theme (rank 0) and as secondary theme (rank > 0).

    The table behind ``charts.theme_sizes``; themes in the theme table's order, themes
    without statements kept with zeros.
    """
    check_columns(themes, ("theme_id", "label"), "themes")
    check_columns(assignments, ASSIGNMENT_COLUMNS, "assignments")
    a = assignments.assign(theme_id=assignments["theme_id"].astype(str),
                           rank=pd.to_numeric(assignments["rank"], errors="coerce"))
    a = a.drop_duplicates(["statement_id", "theme_id"])
    prim = a[a["rank"] == 0].groupby("theme_id")["statement_id"].nunique()
    sec = a[a["rank"] > 0].groupby("theme_id")["statement_id"].nunique()
    out = pd.DataFrame({"theme_id": themes["theme_id"].astype(str).to_numpy(),
                        "theme_label": themes["label"].astype(str).to_numpy()})
    out["primary"] = out["theme_id"].map(prim).fillna(0).astype("int64")
    out["secondary"] = out["theme_id"].map(sec).fillna(0).astype("int64")
    total = int(out["primary"].sum())
    out["primary_share"] = out["primary"] / total if total else np.nan
    return out


# --- population and per-capita --------------------------------------------------------

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


def _per_capita(population: pd.DataFrame | None, by_muni: pd.DataFrame,
                totals: pd.DataFrame, min_cell: int
                ) -> tuple[pd.DataFrame | None, str, pd.DataFrame]:
    """Statements and voices per 10.000 inhabitants, using the latest year per municipality."""
    if population is None:
        return None, NO_POPULATION_NOTE, totals
    check_columns(population, ("kommunekode", "population", "year"), "population")
    pop = population.assign(kommunekode=_codes(population["kommunekode"]))
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


# --- writing --------------------------------------------------------------------------

def write_tables(coverage: Coverage, processed: str | Path,
                 workbook: str | Path | None = None) -> dict[str, Path]:
    """Write every table to ``processed``/coverage_*.parquet and, if given, to the Excel
    workbook (sheets replaced if they exist, other sheets left alone)."""
    out_dir = Path(processed)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = coverage.table_files()
    written: dict[str, Path] = {}
    tables = coverage.tables()
    for sheet, df in tables.items():
        path = out_dir / files[sheet]
        df.to_parquet(path, index=False)
        written[sheet] = path
    if workbook is not None:
        wb = Path(workbook)
        wb.parent.mkdir(parents=True, exist_ok=True)
        mode = "a" if wb.exists() else "w"
        kwargs = {"if_sheet_exists": "replace"} if mode == "a" else {}
        from rus_analysis.outputs import neutralise_formula

        with pd.ExcelWriter(wb, engine="openpyxl", mode=mode, **kwargs) as xw:
            for sheet, df in tables.items():
                safe = df.copy()
                for c in safe.columns:  # organisation names come from outside: no formulas
                    if safe[c].dtype == object or isinstance(safe[c].dtype, pd.StringDtype):
                        safe[c] = safe[c].astype(object).map(neutralise_formula)
                safe.to_excel(xw, sheet_name=sheet, index=False)
        written["workbook"] = wb
    return written
