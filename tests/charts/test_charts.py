"""Every chart builder returns a figure whose data equal its coverage table."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from rus_analysis import charts
from rus_analysis.coverage import REGIONAL, STATE_NOT_INVITED, STATE_NOT_RAISED, STATES, Coverage
from support import coverage_fixture as build


@pytest.fixture(scope="module")
def cov() -> Coverage:
    return build()


def trace(fig: go.Figure, name: str):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, f"{name}: {[t.name for t in fig.data]}"
    return found[0]


def same(a, b) -> bool:
    """Element-wise equality that treats NaN == NaN (shares of suppressed cells)."""
    a = pd.Series(list(a), dtype=object)
    b = pd.Series(list(b), dtype=object)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        xn = isinstance(x, float) and np.isnan(x)
        yn = isinstance(y, float) and np.isnan(y)
        if xn or yn:
            if not (xn and yn):
                return False
        elif x != y:
            return False
    return True


def test_theme_colors_are_stable_and_colour_blind_safe(cov):
    a = charts.theme_colors(["vand", "trafik", "erhverv"])
    b = charts.theme_colors(cov.themes)
    assert a == b == charts.theme_colors(cov)
    assert a == {"erhverv": "#E69F00", "trafik": "#56B4E9", "vand": "#009E73"}  # Okabe-Ito
    many = charts.theme_colors([f"t{i:02d}" for i in range(10)])
    assert len(set(many.values())) == 10


def test_every_figure_is_danish_and_offline(cov):
    figs = charts.all_figures(cov, profile="0101")
    assert set(figs) >= {"kort_alt_input", "heatmap", "interessentgrupper", "kildetyper",
                         "runder", "kort_trafik", "kort_vand", "kort_erhverv", "profil_0101"}
    for name, fig in figs.items():
        assert isinstance(fig, go.Figure)
        assert fig.layout.separators == ",.", name
        assert not any(t.type.startswith(("choropleth", "scattermap", "densitymap"))
                       for t in fig.data), name  # no tiles, no topojson download
        js = [t.to_plotly_json() for t in fig.data]
        hover = " ".join(str(j.get("hovertemplate", "")) + str(j.get("text", "")) for j in js)
        assert "Udsagn" in hover or name.startswith("kort"), name


def test_choropleth_per_theme_equals_table(cov):
    fig = charts.choropleth(cov, "trafik")
    tab = cov.by_municipality[cov.by_municipality["theme_id"] == "trafik"]
    data = np.array(trace(fig, "data").customdata, dtype=object)
    assert list(data[:, 0]) == list(tab["kommunekode"])
    assert list(data[:, 2]) == list(tab["state"])
    assert list(data[:, 3]) == list(tab["statements"])
    assert list(data[:, 4]) == list(tab["voices"])
    assert same(data[:, 5], tab["share"])
    # one filled outline per municipality; the three states look different
    polys = {t.name: t for t in fig.data if t.hoveron == "fills"}
    assert len(polys) == 29
    fills = dict(zip(tab["navn"], [polys[n].fillcolor for n in tab["navn"]], strict=True))
    # the four states differ in fill and, for print and colour-blind readers, in pattern
    assert fills["Ballerup"] == charts.NOT_CONSULTED_COLOR
    assert polys["Ballerup"].fillpattern.shape == "x"
    assert fills["Dragør"] == charts.SILENT_COLOR
    assert polys["Dragør"].fillpattern.shape == "."
    vand = charts.choropleth(cov, "vand")
    vpolys = {t.name: t for t in vand.data if t.hoveron == "fills"}
    assert vpolys["Frederiksberg"].fillcolor == charts.NOT_RAISED_COLOR  # input, not on theme
    # raised with a shown share: a shade of the one sequential scale
    assert fills["København"] not in {charts.NOT_CONSULTED_COLOR, charts.NOT_RAISED_COLOR,
                                      charts.SILENT_COLOR}
    # raised by fewer than min_cell statements: hatched, dashed border, hover says "<5"
    for n in ("Frederiksberg", "Gribskov", "Hillerød"):
        assert polys[n].fillpattern.shape == "/", n
        assert polys[n].line.dash == "dash"
        assert "Udsagn om temaet: <5 af" in polys[n].text
    assert polys["København"].fillpattern.shape is None
    assert "Udsagn om temaet: 6 af 10" in polys["København"].text
    # names on the map, no legend entry that is not a state
    names = trace(fig, "navne")
    assert sorted(names.text) == sorted(tab["navn"])
    legend = [t.name for t in fig.data if t.showlegend]
    assert set(legend) <= {*STATES, f"{STATES[3]}, under {cov.min_cell} udsagn"}
    assert "60,0 %" in polys["København"].text
    with pytest.raises(KeyError):
        charts.choropleth(cov, "findes_ikke")


def test_choropleth_of_total_input_equals_table(cov):
    fig = charts.choropleth(cov)
    tab = cov.municipality_totals
    data = np.array(trace(fig, "data").customdata, dtype=object)
    assert list(data[:, 0]) == list(tab["kommunekode"])
    assert list(data[:, 3]) == list(tab["statements"])
    assert list(data[:, 4]) == list(tab["voices"])
    polys = {t.name: t for t in fig.data if t.hoveron == "fills"}
    assert polys["Ballerup"].fillcolor == charts.NOT_CONSULTED_COLOR
    assert polys["Bornholm"].fillcolor == charts.SILENT_COLOR  # at a meeting, no input
    assert polys["Hillerød"].fillcolor not in {charts.NOT_CONSULTED_COLOR,
                                               charts.SILENT_COLOR}
    assert "logaritmisk" in trace(fig, "farveskala").marker.colorbar.title.text
    assert "Christiansø" not in polys
    # the one island far from its municipality (Hesselø) is named on the map, next to
    # Halsnæs's own outline, and nothing else is
    ((name, x, y),) = charts.outlying_parts()
    assert name == "Halsnæs"
    xs = [v for v in polys["Halsnæs"].x if v is not None]
    assert min(xs) <= x <= max(xs)
    texts = [a.text for a in fig.layout.annotations]
    assert texts.count("Halsnæs (ø)") == 1 and "Bornholm (flyttet)" in texts


def test_heatmap_equals_table_and_marks_not_consulted(cov):
    fig = charts.heatmap(cov)
    bm = cov.by_municipality
    order = bm.drop_duplicates("kommunekode").sort_values(["landsdel_kode", "kommunekode"])
    names = [*order["navn"], "Tværgående"]
    andel = trace(fig, "andel")
    assert list(fig.layout.xaxis.ticktext) == names
    assert names[:4] == ["København", "Frederiksberg", "Dragør", "Tårnby"]  # Byen København
    z = np.array(andel.z, dtype=float)
    ra = cov.regional_actors.set_index(["group", "theme_id"])
    for i, tid in enumerate(cov.themes["theme_id"]):
        row = bm[bm["theme_id"] == tid].set_index("kommunekode").loc[order["kommunekode"]]
        assert same(z[i, :-1], row["share"].astype(float))
        assert same([z[i, -1]], [ra.loc[(REGIONAL, tid), "share"]])
        nc = np.array(trace(fig, STATE_NOT_INVITED).z, dtype=float)[i, :-1]
        assert same(np.isfinite(nc), row["state"].eq(STATE_NOT_INVITED))
        silent = np.array(trace(fig, STATES[1]).z, dtype=float)[i, :-1]
        assert same(np.isfinite(silent), row["state"].eq(STATES[1]))
        sup = np.array(trace(fig, "under grænsen").z, dtype=float)[i]
        assert same(np.isfinite(sup[:-1]), row["suppressed"])
    # not consulted is not drawn like zero: different colour and a mark
    nc_trace = trace(fig, STATE_NOT_INVITED)
    assert nc_trace.colorscale[0][1] == charts.NOT_CONSULTED_COLOR
    assert "×" in np.array(nc_trace.text).ravel().tolist()
    zero = bm[(bm["state"] == STATE_NOT_RAISED) & (bm["share"] == 0)]
    assert len(zero) and np.nanmin(z) == 0.0


@pytest.mark.parametrize(("builder", "table", "col"), [
    (charts.stakeholder_mix, "by_stakeholder", "stakeholder_type"),
    (charts.source_mix, "by_source", "source_type"),
])
def test_mix_charts_equal_their_tables(cov, builder, table, col):
    fig = builder(cov)
    tab = getattr(cov, table)
    colors = charts.theme_colors(cov)
    labels = dict(zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True))
    for tid in cov.themes["theme_id"]:
        t = tab[(tab["theme_id"] == tid) & (tab["group_statements"] > 0)]
        tr = trace(fig, labels[tid])
        assert tr.marker.color == colors[tid]
        cd = np.array(tr.customdata, dtype=object)
        # counts as the page shows them: "<5" for a small cell, never the count
        shown = [f"<{cov.min_cell}" if 0 < v < cov.min_cell else str(v) for v in t["statements"]]
        assert list(cd[:, 0]) == shown
        assert list(cd[:, 2]) == list(t["share_of_theme_text"])
        # bubble area = voices, and one small bubble for every count under min_cell
        small = cov.min_cell / 2
        assert list(tr.marker.size) == [small if 0 < v < cov.min_cell else v
                                        for v in t["voices"]]
    if col == "source_type":
        assert "Skriftligt høringssvar" in trace(fig, "Rent drikkevand").x


def test_round_change_equals_table(cov):
    fig = charts.round_change(cov)
    br = cov.by_round
    labels = dict(zip(cov.themes["theme_id"], cov.themes["theme_label"], strict=True))
    for tid in cov.themes["theme_id"]:
        t = br[br["theme_id"] == tid]
        tr = trace(fig, labels[tid])
        assert list(tr.x) == list(t["round"])
        assert same(np.array(tr.y, dtype=float), t["share"])
        assert list(np.array(tr.customdata)[:, 3]) == list(t["change_text"])
    assert all(t.endswith(" %") for t in fig.layout.yaxis.ticktext)  # "20 %", not "20%"


def test_municipality_profile_equals_tables(cov):
    fig = charts.municipality_profile(cov, "101")
    bm = cov.by_municipality[cov.by_municipality["kommunekode"] == "0101"]
    bars = trace(fig, "kommunen")
    assert same(np.array(bars.x, dtype=float), bm["share"])
    assert list(bars.text) == list(bm["share_text"])
    assert same(np.array(trace(fig, "hele regionen").x, dtype=float), bm["region_share"])
    table = next(t for t in fig.data if t.type == "table")
    assert list(table.cells.values[2]) == [str(v) if v >= cov.min_cell or v == 0 else
                                           f"<{cov.min_cell}" for v in bm["statements"]]
    assert list(table.cells.values[1]) == list(bm["state"])
    mr = cov.municipality_rounds[cov.municipality_rounds["kommunekode"] == "0101"]
    rounds = trace(fig, "runder")
    assert list(rounds.y) == list(mr["statements"])
    assert list(rounds.text) == ["10", STATE_NOT_INVITED]
    assert "København" in fig.layout.title.text
    with pytest.raises(KeyError):
        charts.municipality_profile(cov, "0411")  # Christiansø is not a municipality
    by_name = charts.municipality_profile(cov, "Kbh.")
    assert list(trace(by_name, "kommunen").x) == list(bars.x) or same(
        trace(by_name, "kommunen").x, bars.x)
    # themes without a shown share are labelled with their text ("<5"), not left blank
    small = trace(fig, "uden andel")
    assert [t.strip() for t in small.text] == list(
        bm.loc[bm["suppressed"] | (bm["state"] != STATES[3]), "share_text"])


@pytest.mark.slow
@pytest.mark.skipif(not (os.environ.get("BROWSER_PATH") or shutil.which("chromium")
                         or os.path.exists("/usr/bin/chromium")),
                    reason="no Chromium for kaleido")
def test_png_export_with_kaleido(cov, tmp_path):
    # the map is the risky one: it must render without any network (no topojson, no tiles)
    path = charts.write_png(charts.choropleth(cov, "vand"), tmp_path / "kort.png", scale=1)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_builders_survive_empty_and_single_round_input():
    from rus_analysis.coverage import build_coverage
    from support import load_coverage_fixture as load_fixture

    f = load_fixture()
    empty = build_coverage(f["statements"].iloc[0:0], f["assignments"].iloc[0:0], f["themes"],
                           f["invitations"], None)
    figs = charts.all_figures(empty, profile="0101")
    assert all(isinstance(fig, go.Figure) for fig in figs.values())
    one = build(rounds=["R2"])
    fig = charts.round_change(one)
    assert "Kun én runde" in fig.layout.title.text


def test_theme_sizes_equals_its_table():
    from rus_analysis.coverage import theme_size_table
    from support import load_coverage_fixture as load_fixture

    f = load_fixture()
    tab = theme_size_table(f["themes"], f["assignments"])
    # hand count: primary trafik 12, vand 3 (k7, k8, g1), erhverv 7; secondary k1 vand, g1 trafik
    assert tab.set_index("theme_id")["primary"].to_dict() == {"trafik": 12, "vand": 3,
                                                              "erhverv": 7}
    assert tab.set_index("theme_id")["secondary"].to_dict() == {"trafik": 1, "vand": 1,
                                                                "erhverv": 0}
    fig = charts.theme_sizes(f["themes"], f["assignments"], charts.theme_colors(f["themes"]))
    prim = trace(fig, "primært tema")
    assert list(prim.y) == ["Kollektiv trafik", "Erhverv og vækst", "Rent drikkevand"]
    assert list(prim.x) == [12, 7, 3]
    assert list(trace(fig, "sekundært tema").x) == [1, 0, 1]
    assert fig.layout.separators == ",."


def test_theme_maps_are_small_multiples_on_one_scale(cov):
    fig = charts.theme_maps(cov)
    polys = [t for t in fig.data if t.hoveron == "fills"]
    assert len(polys) == 29 * len(cov.themes)
    bars = [t for t in fig.data if t.marker is not None and t.marker.showscale]
    assert len(bars) == 1 and all(t.endswith(" %") for t in bars[0].marker.colorbar.ticktext)
    titles = [a.text for a in fig.layout.annotations]
    assert set(cov.themes["theme_label"]) <= set(titles)
    # same scale: a single-theme map and the small multiple agree on København's fill
    single = {t.name: t.fillcolor for t in charts.choropleth(cov, "trafik").data
              if t.hoveron == "fills"}
    assert polys[0].fillcolor == single[polys[0].name]


def test_a_suppressed_bubble_does_not_give_away_its_count() -> None:
    import numpy as np

    from rus_analysis.charts.mix import bubble_sizes

    sizes = bubble_sizes(np.array([0, 1, 2, 4, 5, 9]), 5)
    assert sizes[0] == 0 and len(set(sizes[1:4])) == 1   # 1, 2 and 4 voices look the same
    assert list(sizes[4:]) == [5, 9]
    cov = build()
    fig = charts.stakeholder_mix(cov)
    for trace in fig.data:
        small = [s for s in trace.marker.size if 0 < s < cov.min_cell]
        assert len(set(small)) <= 1


def test_a_label_from_the_input_is_shown_as_written_not_as_markup() -> None:
    """plotly.js reads labels as a subset of HTML: a theme renamed to text with tags or a
    link must reach every chart escaped (plotly shows the characters, runs no markup)."""
    from rus_analysis.coverage import build_coverage
    from support import load_coverage_fixture as load_fixture

    f = load_fixture()
    themes = f["themes"].copy()
    raw = "Trafik <a href='javascript:alert(1)'>klik</a> & <b>busser</b>"
    themes.loc[themes["theme_id"] == "trafik", "label"] = raw
    cov = build_coverage(f["statements"], f["assignments"], themes, f["invitations"], None)
    figs = charts.all_figures(cov, profile="0101")
    figs["sizes"] = charts.theme_sizes(themes, f["assignments"], charts.theme_colors(themes))
    safe = "Trafik &lt;a href='javascript:alert(1)'&gt;klik&lt;/a&gt; &amp; &lt;b&gt;busser&lt;/b&gt;"
    def text(fig: go.Figure) -> str:  # every string of the figure, unescaped JSON
        return json.dumps(json.loads(fig.to_json()), ensure_ascii=False)

    for name, fig in figs.items():
        assert "<a href='javascript" not in text(fig) and "<b>busser" not in text(fig), name
    shown = [figs["sizes"], charts.heatmap(cov), charts.theme_maps(cov)]
    assert all(safe in text(fig) for fig in shown)


def test_a_png_kaleido_did_not_write_is_tried_again_then_an_error(tmp_path, monkeypatch):
    """kaleido once returned without writing a file on a loaded machine: ``write_pngs``
    tries the missing figure again, and fails clearly rather than return a path to
    nothing."""
    import plotly.io as pio

    from rus_analysis.charts import export

    calls = []

    def flaky(figs, paths, **_kw):
        calls.append([p.name for p in paths])
        if len(calls) > 1:
            for p in paths:
                p.write_bytes(b"\x89PNG\r\n\x1a\n")

    monkeypatch.setattr(pio, "write_images", flaky)
    fig = go.Figure()
    assert export.write_png(fig, tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    assert calls == [["a.png"], ["a.png"]]
    monkeypatch.setattr(pio, "write_images", lambda *a, **k: None)
    with pytest.raises(RuntimeError, match="b.png"):
        export.write_png(fig, tmp_path / "b.png")


def test_ovrige_comes_last_in_the_theme_sizes_whatever_its_size():
    """"Øvrige" holds what no theme takes; leading the chart, it read as the largest
    theme (the demo: 133 statements, first bar)."""
    from support import load_coverage_fixture as load_fixture

    f = load_fixture()
    themes = pd.concat([f["themes"], pd.DataFrame({"theme_id": ["other"], "label": ["Øvrige"],
                                                   "kind": ["other"]})], ignore_index=True)
    extra = f["assignments"].iloc[:1].copy()
    many = pd.concat([extra.assign(statement_id=f"x{i}", theme_id="other", rank=0)
                      for i in range(30)], ignore_index=True)
    fig = charts.theme_sizes(themes, pd.concat([f["assignments"], many], ignore_index=True))
    prim = trace(fig, "primært tema")
    assert list(prim.y) == ["Kollektiv trafik", "Erhverv og vækst", "Rent drikkevand", "Øvrige"]
    assert list(prim.x) == [12, 7, 3, 30]
