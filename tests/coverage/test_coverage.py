"""Coverage tables against hand-computed values on a small fixture.

The fixture (tests/fixtures/coverage/) has two rounds and 28 statements:
- København (0101): 10 statements in R1 (6 trafik from 4 voices in 2 sources, 2 vand,
  1 erhverv, 1 without any theme), invited and present at the meeting.
- Frederiksberg (code written "147"): one letter split into 5 erhverv statements (one
  voice) + one workshop post-it on trafik; invited.
- Gribskov (0270): a campaign of 6 identical letters (one voice, themes only on the
  representative g1) on vand + the municipality's own trafik remark; invited to a source.
- Hillerød (0219): never invited, one survey answer in R2 -> consulted by contributing.
- Bornholm (0400): attended in R2, said nothing. Dragør (0155): invited to R2, nothing.
- Movia: regional actor, 2 trafik statements, no municipality.
- Two statements without a municipality, one of them coded 0411 (Christiansø).
- Christiansø is also on the R1 invitation list; it must never count.
Every expected number below was computed by hand from that description.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import chi2 as chi2_dist

from rus_analysis.atomic import write_parquet
from rus_analysis.coverage import (
    STATE_INPUT,
    STATE_NOT_INVITED,
    STATE_NOT_RAISED,
    STATE_RAISED,
    STATE_SILENT,
    STATES,
    Coverage,
    PopulationError,
    build_coverage,
    load_population,
)
from rus_analysis.coverage.population import NO_POPULATION_NOTE
from rus_analysis.excel import write_workbook
from rus_analysis.reference import capital_region
from support import FIXTURES
from support import coverage_fixture as build
from support import load_coverage_fixture as load_fixture


@pytest.fixture(scope="module")
def cov() -> Coverage:
    return build()


def cell(df: pd.DataFrame, **where) -> pd.Series:
    m = pd.Series(True, index=df.index)
    for k, v in where.items():
        m &= df[k] == v
    rows = df[m]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]


def test_all_29_municipalities_always_in_fixed_order_without_christiansoe(cov):
    bm = cov.by_municipality
    assert len(bm) == 3 * 29
    order = list(capital_region()["kommunekode"])
    for tid in ("trafik", "vand", "erhverv"):
        assert list(bm.loc[bm["theme_id"] == tid, "kommunekode"]) == order
    assert "0411" not in set(bm["kommunekode"])
    assert "0411" not in set(cov.municipality_totals["kommunekode"])
    assert list(cov.themes["theme_id"]) == ["trafik", "vand", "erhverv"]  # table order
    assert len(cov.municipality_totals) == 29


def test_four_states_are_kept_apart(cov):
    bm = cov.by_municipality

    def codes(tid: str, state: str) -> set[str]:
        return set(bm.loc[(bm["theme_id"] == tid) & (bm["state"] == state), "kommunekode"])

    assert STATES == ("ikke inviteret", "inviteret, men intet input",
                      "input, men ikke om temaet", "har rejst temaet")
    assert codes("trafik", STATE_RAISED) == {"0101", "0147", "0219", "0270"}
    # invited (0155) or at a meeting (0400) but no statement at all: not "not raised"
    assert codes("trafik", STATE_SILENT) == {"0155", "0400"}
    assert codes("trafik", STATE_NOT_RAISED) == set()
    assert len(codes("trafik", STATE_NOT_INVITED)) == 23
    assert codes("vand", STATE_RAISED) == {"0101", "0270"}
    assert codes("vand", STATE_NOT_RAISED) == {"0147", "0219"}
    assert codes("erhverv", STATE_NOT_RAISED) == {"0219", "0270"}
    assert set(bm["state_code"]) == {0, 1, 2, 3}
    assert (bm["state"] == [STATES[c] for c in bm["state_code"]]).all()


def test_consulted_means_invited_or_attended_or_contributed(cov):
    t = cov.municipality_totals.set_index("kommunekode")
    assert t.loc["0219", ["invited", "attended", "contributed", "consulted"]].tolist() == \
        [False, False, True, True]
    assert t.loc["0400", ["invited", "attended", "contributed", "consulted"]].tolist() == \
        [False, True, False, True]
    assert t.loc["0155", ["invited", "attended", "contributed", "consulted"]].tolist() == \
        [True, False, False, True]
    assert bool(t.loc["0270", "invited"])  # invited to one source only
    assert bool(t.loc["0147", "invited"])  # code written without the leading zero
    assert int(t["consulted"].sum()) == 6
    assert t.loc["0155", "state"] == STATE_SILENT
    assert t.loc["0151", "state"] == STATE_NOT_INVITED
    assert t.loc["0101", "state"] == STATE_INPUT
    assert t.loc["0101", "rounds_consulted"] == "R1"
    assert t.loc["0101", "statements"] == 10 and t.loc["0101", "voices"] == 6
    assert t.loc["0101", "themes_raised"] == 3
    assert t.loc["0101", "region_share"] == pytest.approx(10 / 28)


def test_counts_voices_and_shares(cov):
    bm = cov.by_municipality
    kbh = cell(bm, theme_id="trafik", kommunekode="0101")
    assert (kbh.statements, kbh.voices, kbh.sources) == (6, 4, 2)
    # the denominator is all 10 statements, including the one without a theme
    assert kbh.municipality_statements == 10
    assert kbh.share == pytest.approx(0.6) and kbh.share_text == "60,0 %"
    assert kbh.region_share == pytest.approx(12 / 28)
    # campaign: 6 letters, 1 voice, shown side by side; merged members inherit the theme
    grib = cell(bm, theme_id="vand", kommunekode="0270")
    assert (grib.statements, grib.voices, grib.sources) == (6, 1, 6)
    assert grib.share == pytest.approx(6 / 7)
    frb = cell(bm, theme_id="erhverv", kommunekode="0147")
    assert (frb.statements, frb.voices) == (5, 1)
    assert frb.share == pytest.approx(5 / 6) and frb.share_text == "83,3 %"


def test_small_cells_are_suppressed_zero_is_not(cov):
    bm = cov.by_municipality
    small = cell(bm, theme_id="vand", kommunekode="0101")  # 2 statements
    assert small.statements == 2 and math.isnan(small.share)
    assert bool(small.suppressed) and small.share_text == "<5"
    zero = cell(bm, theme_id="vand", kommunekode="0147")  # input, not on the theme
    assert zero.share == 0.0 and not zero.suppressed and zero.share_text == "0,0 %"
    nothing = cell(bm, theme_id="vand", kommunekode="0155")  # invited, no input at all
    assert math.isnan(nothing.share) and not nothing.suppressed
    assert nothing.share_text == STATE_SILENT
    never = cell(bm, theme_id="vand", kommunekode="0151")
    assert never.state == STATE_NOT_INVITED and never.share_text == STATE_NOT_INVITED
    # the rule follows min_cell
    low = build(min_cell=2).by_municipality
    assert cell(low, theme_id="vand", kommunekode="0101").share == pytest.approx(0.2)
    assert cell(low, theme_id="vand", kommunekode="0101").share_text == "20,0 %"
    high = build(min_cell=7).by_municipality
    k = cell(high, theme_id="trafik", kommunekode="0101")
    assert math.isnan(k.share) and k.share_text == "<7"
    # every suppressed cell anywhere has 1..min_cell-1 statements and no share
    for name in ("by_municipality", "by_landsdel", "by_stakeholder", "by_source",
                 "by_round", "regional_actors"):
        df = getattr(cov, name)
        sup = df[df["suppressed"]]
        assert sup["statements"].between(1, 4).all(), name
        assert sup["share"].isna().all(), name
        assert (sup["share_text"] == "<5").all(), name
        shown = df[~df["suppressed"] & df["share"].notna()]
        assert ((shown["statements"] >= 5) | (shown["statements"] == 0)).all(), name


def test_regional_actors_are_never_attributed_to_a_municipality(cov):
    bm = cov.by_municipality
    assert bm.loc[bm["theme_id"] == "trafik", "statements"].sum() == 9  # 12 minus Movia/0411
    ra = cov.regional_actors
    movia = cell(ra, theme_id="trafik", group="tværgående")
    assert (movia.statements, movia.voices, movia.organisations) == (2, 1, "Movia")
    assert movia.group_label == "Tværgående" and movia.group_statements == 2
    assert cell(ra, theme_id="trafik", group="ingen kommune").statements == 1  # 0411
    assert cell(ra, theme_id="erhverv", group="ingen kommune").statements == 1
    # nothing is lost: municipalities + regional + unplaced = all themed statements
    for tid, n in (("trafik", 12), ("vand", 8), ("erhverv", 7)):
        total = (bm.loc[bm["theme_id"] == tid, "statements"].sum()
                 + ra.loc[ra["theme_id"] == tid, "statements"].sum())
        assert total == n


def test_by_landsdel(cov):
    bl = cov.by_landsdel
    assert list(bl["landsdel"].unique()) == ["Byen København", "Københavns omegn",
                                             "Nordsjælland", "Bornholm"]
    c = cell(bl, theme_id="trafik", landsdel_kode="DK011")
    assert (c.statements, c.voices, c.landsdel_statements) == (7, 5, 16)
    assert c.share == pytest.approx(7 / 16)
    assert (c.municipalities, c.municipalities_consulted, c.municipalities_raised) == (4, 3, 2)
    n = cell(bl, theme_id="vand", landsdel_kode="DK013")
    assert n.share == pytest.approx(0.75) and n.municipalities == 11
    assert cell(bl, theme_id="vand", landsdel_kode="DK014").municipalities_consulted == 1


def test_by_stakeholder_and_by_source(cov):
    bs = cov.by_stakeholder
    b = cell(bs, theme_id="vand", stakeholder_type="borger")
    assert (b.statements, b.voices, b.group_statements) == (8, 3, 12)
    assert b.share == pytest.approx(8 / 12) and b.share_of_theme == pytest.approx(1.0)
    k = cell(bs, theme_id="erhverv", stakeholder_type="kommune")
    assert (k.statements, k.voices, k.group_statements) == (6, 2, 11)
    assert k.share_of_theme == pytest.approx(6 / 7)
    assert bs.groupby("theme_id")["statements"].sum().to_dict() == \
        {"trafik": 12, "vand": 8, "erhverv": 7}
    src = cov.by_source
    assert list(src["source_type"].unique()) == ["meeting", "workshop", "survey", "written"]
    m = cell(src, theme_id="trafik", source_type="meeting")
    assert (m.statements, m.voices, m.group_statements) == (6, 3, 8)
    assert m.share == pytest.approx(0.75) and m.share_of_theme == pytest.approx(0.5)
    assert m.source_label == "Møde"


def test_by_round_and_change(cov):
    assert cov.rounds == ["R1", "R2"]
    br = cov.by_round
    r1 = cell(br, theme_id="trafik", round="R1")
    assert (r1.statements, r1.round_statements) == (10, 25) and r1.share == pytest.approx(0.4)
    assert r1.municipalities_consulted == 3 and r1.municipalities_raised == 3
    v2 = cell(br, theme_id="vand", round="R2")
    assert v2.share == 0.0 and v2.previous_round == "R1"
    assert v2.change_pp == pytest.approx(-32.0) and v2.change_text == "ned 32,0 pct.-point"
    e2 = cell(br, theme_id="erhverv", round="R2")  # 1 statement: suppressed, no change
    assert bool(e2.suppressed) and math.isnan(e2.change_pp)
    assert cell(br, theme_id="trafik", round="R2").municipalities_consulted == 3
    mr = cov.municipality_rounds
    assert cell(mr, round="R2", kommunekode="0400").consulted
    assert not cell(mr, round="R2", kommunekode="0101").consulted


def test_round_selection():
    r2 = build(rounds=["R2"])
    t = r2.municipality_totals.set_index("kommunekode")
    assert set(t.index[t["consulted"]]) == {"0155", "0219", "0400"}
    assert r2.rounds == ["R2"]
    assert r2.by_municipality["statements"].sum() == 1  # Hillerød's answer
    with pytest.raises(ValueError, match="R9"):
        build(rounds=["R9"])


def test_secondary_themes_option():
    sec = build(include_secondary=True).by_municipality
    assert cell(sec, theme_id="vand", kommunekode="0101").statements == 3
    grib = cell(sec, theme_id="trafik", kommunekode="0270")  # g7 + campaign's secondary
    assert (grib.statements, grib.voices) == (7, 2)
    assert grib.municipality_statements == 7  # the denominator stays all statements


def test_representation_lift_and_chi_square():
    rep = build(min_cell=1).representation
    src = rep[rep["dimension"] == "source_type"]
    # voices: meeting [3,0,1], workshop [1,0,0], survey [5,2,1], written [0,1,1]
    c = cell(src, group="survey", theme_id="trafik")
    assert (c.voices, c.group_voices, c.theme_voices, c.total_voices) == (5, 8, 9, 15)
    assert c.expected_voices == pytest.approx(4.8)
    assert c.observed_share == pytest.approx(5 / 8) and c.expected_share == pytest.approx(0.6)
    assert c.lift == pytest.approx(5 / 4.8) and c.lift_text == "1,04"
    assert c.chi2 == pytest.approx(5.0) and c.dof == 6
    assert c.p_value == pytest.approx(chi2_dist.sf(5.0, 6))
    assert c.direction == "som forventet"
    # default min_cell 5: every expected count is below 5 here, so every lift is hidden
    rep5 = build().representation
    src5 = rep5[rep5["dimension"] == "source_type"]
    assert src5["suppressed"].all() and src5["lift"].isna().all()
    assert (src5["lift_text"] == "<5").all()
    assert set(rep5["dimension"]) == {"landsdel", "kommune", "stakeholder_type",
                                      "source_type", "round"}
    kom = rep5[rep5["dimension"] == "kommune"]
    assert len(kom) == (29 + 2) * 3  # 29 + tværgående + ingen kommune, x 3 themes


def test_gap_sentences_use_the_state_words(cov):
    g = cov.gaps
    assert len(g) == 3 * 4
    silent = cell(g, theme_id="trafik", kind="inviteret_intet_input")
    assert silent.sentence == ("Inviteret, men intet input (2 af 29 kommuner): "
                               "Dragør og Bornholm.")
    assert cell(g, theme_id="trafik", kind="input_ikke_om_temaet").sentence == (
        "Input, men ikke om temaet: ingen.")
    nr = cell(g, theme_id="vand", kind="input_ikke_om_temaet")
    assert nr.sentence == ("Input, men ikke om temaet (2 af 29 kommuner): "
                           "Frederiksberg og Hillerød.")
    nc = cell(g, theme_id="trafik", kind="ikke_inviteret")
    assert nc["count"] == 23 and nc.sentence.startswith("Ikke inviteret (23 af 29 kommuner): ")
    assert "Ballerup" in nc.sentence and "København" not in nc.sentence
    grp = cell(g, theme_id="vand", kind="gruppe_ikke_hoert")
    assert grp.sentence.startswith("Interessentgrupperne kommune, trafikselskab og virksomhed "
                                   "gav input, men ikke om »Rent drikkevand«.")
    assert "slet intet input" in grp.sentence and "uddannelse og forskning" in grp.sentence


def test_per_capita_only_with_population(cov):
    assert cov.per_capita is None and cov.per_capita_note == NO_POPULATION_NOTE
    pop = load_population(FIXTURES / "coverage" / "population.csv")
    assert "0411" not in set(pop["kommunekode"])
    assert pop.loc[pop["kommunekode"] == "0147", "population"].item() == 104523
    c = build(population=pop)
    pc = c.per_capita
    alle = cell(pc, theme_id="_alle", kommunekode="0101")
    assert alle.statements_per_10000 == pytest.approx(10 / 650000 * 10000)
    g = cell(pc, theme_id="vand", kommunekode="0270")
    assert g.population == 42000  # the latest year
    assert g.statements_per_10000 == pytest.approx(6 / 42000 * 10000)
    assert math.isnan(cell(pc, theme_id="vand", kommunekode="0101").statements_per_10000)
    assert math.isnan(cell(pc, theme_id="trafik", kommunekode="0219").statements_per_10000)
    assert "Hillerød" in c.per_capita_note and "2024" in c.per_capita_note


@pytest.mark.parametrize(("content", "message"), [
    ("kommunekode,indbyggere,year\n0101,5,2024\n", "missing column"),
    ("kommunekode,population,year\n0101,650000,2024\n0147,mange,2024\n",
     "row 3, column 'population'"),
    ("kommunekode,population,year\nKbh,650000,2024\n", "row 2, column 'kommunekode'"),
    ("kommunekode,population,year\n0101,650000,24\n", "row 2, column 'year'"),
    ("kommunekode,population,year\n0101,1,2024\n101,2,2024\n", "more than one population"),
])
def test_population_errors_name_file_row_and_column(tmp_path, content, message):
    p = tmp_path / "befolkning.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(PopulationError, match=message) as exc:
        load_population(p)
    assert "befolkning.csv" in str(exc.value)


def test_tables_write_to_parquet_and_excel(cov, tmp_path):
    tables = cov.tables()
    assert all(len(name) <= 31 for name in tables)
    assert "Pr. indbygger" not in tables  # no population given
    assert tables["Tema x kommune"] is cov.by_municipality
    assert "Noter" in tables
    files = cov.table_files()
    assert set(files) == set(tables) and len(set(files.values())) == len(files)
    for name, df in tables.items():
        write_parquet(df, tmp_path / files[name])
    back = pd.read_parquet(tmp_path / files["Tema x kommune"])
    assert len(back) == 87 and back["statements"].sum() == cov.by_municipality[
        "statements"].sum()
    book = write_workbook(tables, tmp_path / "analyse.xlsx")
    sheets = pd.read_excel(book, sheet_name=None)
    assert set(sheets) == set(tables)


def test_empty_input_still_lists_all_29():
    f = load_fixture()
    c = build_coverage(f["statements"].iloc[0:0], f["assignments"].iloc[0:0], f["themes"],
                       f["invitations"], None)
    assert len(c.by_municipality) == 87
    t = c.municipality_totals.set_index("kommunekode")
    assert set(t.index[t["consulted"]]) == {"0101", "0147", "0155", "0270"}
    assert c.by_municipality["statements"].sum() == 0


def test_excel_cells_never_hold_formulas(tmp_path):
    f = load_fixture()
    st = f["statements"].copy()
    st.loc[st["statement_id"] == "m1", "organisation"] = '=HYPERLINK("http://x","Movia")'
    c = build_coverage(st, f["assignments"], f["themes"], f["invitations"], f["attendance"])
    assert c.regional_actors["organisations"].str.contains("HYPERLINK").any()
    book = write_workbook(c.tables(), tmp_path / "analyse.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(book)["Tværgående aktører"]
    orgs = [c for row in ws.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
    assert orgs and all(c.data_type == "s" for c in orgs)   # text as typed, never a formula
    texts = pd.read_excel(book, sheet_name="Tema x runde")["change_text"]
    assert not texts.dropna().astype(str).str.match(r"^[=+\-@]").any()


def test_representation_summary_shows_the_test_and_only_cells_that_stand_out():
    from rus_analysis.coverage.representation import representation_summary, representation_table

    # group a talks about theme x far more than group b; the themes split 60/60
    voices = pd.DataFrame({"group": ["a", "a", "b", "b"], "theme_id": ["x", "y", "x", "y"],
                           "voices": [50, 10, 10, 50]})
    skewed = representation_table(voices, "g", "Gruppe", [("a", "A"), ("b", "B")],
                                  [("x", "X"), ("y", "Y")], min_cell=5)
    even = representation_table(voices.assign(voices=30), "k", "Kildetype",
                                [("a", "A"), ("b", "B")], [("x", "X"), ("y", "Y")], 5)
    s = representation_summary(pd.concat([skewed, even], ignore_index=True))
    assert s.test_lines[0].startswith("Gruppe: grupperne fordeler sig forskelligt")
    assert s.test_lines[1].startswith("Kildetype: ingen sikker forskel")
    # the committee's lines carry no statistics' symbols; the appendix's lines do
    assert not any(w in " ".join(s.test_lines) for w in ("χ²", "p =", "Cramér"))
    assert "χ²" in s.method_lines[0] and "Cramérs V" in s.method_lines[0]
    assert len(s.notable) == 4 and set(s.notable["inddeling"]) == {"Gruppe"}
    top = s.notable[(s.notable["gruppe"] == "A") & (s.notable["tema"] == "X")].iloc[0]
    assert (top["stemmer"], top["forventet"], top["løft"], top["vurdering"]) == (
        50, 30.0, "1,67", "oftere end forventet")
    # voices heard mostly at meetings whose agenda set the theme follow the agenda
    agenda = skewed.assign(agenda_share=1.0)
    s2 = representation_summary(agenda)
    assert "overrepræsenteret" not in set(s2.notable["vurdering"])
    assert "dagsorden" in s2.notable.iloc[0]["vurdering"]
    assert list(s.notable.columns) == ["inddeling", "gruppe", "tema", "stemmer", "forventet",
                                       "løft", "vurdering"]


def test_problem_lines_in_the_report_are_danish_and_cover_every_code():
    from rus_analysis.problems import PROBLEM_CODES, PROBLEM_DA
    from rus_analysis.report.summaries import problem_line_da

    assert set(PROBLEM_DA) == set(PROBLEM_CODES)   # no English line slips into the report
    row = {"round": "2025", "source_file": "svar.csv", "locator": "sheet=Svar;row=12;col=q3",
           "severity": "warning", "code": "mixed_encoding",
           "message": "svar.csv (round 2025): the file mixes UTF-8 and Windows-1252",
           "action": "check the listed lines"}
    line = problem_line_da(row)
    assert line.startswith("Advarsel: svar.csv (runde 2025, ark Svar, række 12, spørgsmål q3)")
    assert "blander" in line and "mixes" not in line and "UTF-8" in line


def test_statements_without_a_municipality_have_their_own_count_and_reason(cov):
    un = cov.unplaced
    placed = int(cov.municipality_totals["statements"].sum())
    assert placed + int(un["statements"].sum()) == 28  # every statement of the fixture
    assert set(un["placement"]) <= {"tværgående", "ingen kommune"}
    assert un["reason"].str.len().gt(10).all()


def test_round_changes_say_new_grown_shrunk_dropped(cov):
    ch = cov.round_changes
    assert list(ch["theme_id"]) == list(cov.themes["theme_id"])
    assert set(ch["status"]) <= {"nyt", "bortfaldet", "vokset", "skrumpet", "uændret",
                                 "for få udsagn"}
    br = cov.by_round
    for r in ch.itertuples(index=False):
        now = br[(br["theme_id"] == r.theme_id) & (br["round"] == r.round)].iloc[0]
        assert r.statements_now == now.statements
        assert r.sentence.startswith(r.theme_label)
        if r.statements_before == 0 and r.statements_now > 0:
            assert r.status == "nyt"
    vc = cov.voice_changes
    assert set(vc["status"]) <= {"ny", "fraværende"}
    assert not vc["name"].str.contains("borger", case=False).any()
