"""End to end: the report command on the demo input (plus a hostile round), the exported
HTML opened in headless Chromium with the network off.

One report run (the package fixture ``report`` in ``conftest.py``) serves every
assertion; it executes every main notebook with papermill, and one municipality profile.
"""

from __future__ import annotations

import json
import re
from html import escape

import pandas as pd
import pytest

from browser import chromium, dump_dom
from rus_analysis.report.summaries import backend_sentence
from support import DEMO

XSS_MARK = "XSS-RAN"  # as in conftest.py's hostile round

pytestmark = pytest.mark.slow


def test_report_folder_has_report_profile_log_and_executed_notebooks(report: dict) -> None:
    out = report["out"]
    assert report["html"].is_file()
    assert (out / "run.log").read_text(encoding="utf-8").strip()
    assert (out / "run.json").is_file()
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [
        "00_sammenfatning.ipynb", "01_input_overblik.ipynb", "02_temaer.ipynb",
        "03_daekning.ipynb", "06_udsagn.ipynb"]
    assert (out / "kommuner" / "0270_Gribskov.html").is_file()
    assert "0270_Gribskov.html" in (out / "kommuner" / "index.html").read_text(encoding="utf-8")


def test_report_has_no_code_and_embeds_plotly_once(report: dict) -> None:
    html = report["html"].read_text(encoding="utf-8")
    assert "load_or_run" not in html and "import " not in re.sub(r"<script.*?</script>", "",
                                                                   html, flags=re.S)
    # plotly.js once: the official cartesian bundle shipped in the package
    assert len(re.findall(r"plotly\.js \(cartesian - minified\) v\d", html)) == 1
    assert html.count("data-rus-plotly=") == 1
    assert not re.search(r'<script[^>]+src="https?://', html)
    for heading in ("Indhold", "1. Sammenfatning", "Input: hvad kom ind",
                    "Temaer: hvad blev der sagt", "Dækning: har vi hørt hele regionen?",
                    "Alle udsagn", "Metode og datagrundlag"):
        assert heading in html
    assert html.index("1. Sammenfatning") < html.index("Temaer: hvad blev der sagt")
    # the theme section says in Danish how the statements were read; the model's name
    # is in the methods appendix only
    meta = json.loads((report["processed"] / "run_meta.json").read_text(encoding="utf-8"))
    assert backend_sentence(meta["embedding_backend"]) in html
    assert f"| {meta['embedding_backend']}: " in html or (
        f"<td>{meta['embedding_backend']}: " in html)
    # reject reasons are counted in Danish only
    rejects = pd.read_parquet(report["processed"] / "rejects.parquet")
    for reason in set(rejects["reason"]):
        assert escape(reason, quote=False) in html and " / " not in reason
    assert not set(rejects["reason_code"]) & set(re.findall(r"<td>([a-z_]+)</td>", html))
    # the methods appendix lists every input file with its SHA-256
    files = pd.read_parquet(report["processed"] / "files.parquet")
    for sha in files["sha256"].dropna():
        assert sha in html
    appendix = html[html.index("Metode og datagrundlag"):]
    assert "| meeting |" not in appendix and "<td>meeting</td>" not in appendix
    assert "<td>Møde</td>" in appendix and "<td>Skriftligt høringssvar</td>" in appendix
    # how the quotes on a strategy theme's card were chosen is said to the reader
    assert "passer bedst til temaets beskrivelse" in " ".join(appendix.split())


@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium (installed by .ci/run)")
def test_every_chart_renders_offline_and_no_input_script_runs(report: dict) -> None:
    html = report["html"].read_text(encoding="utf-8")
    expected = html.count('class="plotly-graph-div"')
    themes = pd.read_parquet(report["processed"] / "themes.parquet")
    assert len(themes) > 5
    assert expected == 7  # sizes, map, heatmap, 2 mixes, rounds, theme maps (small multiples)
    dom = dump_dom(report["html"])
    rendered = re.findall(r'<div class="plotly-graph-div js-plotly-plot"', dom)
    assert len(rendered) == expected
    assert dom.count('<svg class="main-svg"') >= expected
    title = re.search(r"<title>(.*?)</title>", dom, flags=re.S).group(1)
    assert XSS_MARK not in title
    visible = re.sub(r"<script\b.*?</script>", "", dom, flags=re.S)
    assert not re.search(r"<[a-z]+\b[^>]*\son(error|mouseover)=", visible, flags=re.I)
    assert not re.search(r"<script>document\.title", visible)
    # the hostile round reached the analysis (as text, tags removed), not the browser
    st = pd.read_parquet(report["processed"] / "statements.parquet")
    hostile = st[st["round"] == "2026-xss"]
    assert len(hostile) == 4
    assert hostile["text"].str.contains("Flere busser til Hundested", regex=False).any()
    assert not hostile["text"].str.contains("<script", regex=False).any()
    assert re.search(r'<html lang="da"[ >]', dom)


def test_no_personal_data_from_the_truth_file_reaches_any_html(report: dict) -> None:
    planted = pd.read_csv(DEMO / "truth" / "planted.csv", dtype=str, keep_default_na=False)
    pii = planted[planted["kind"].isin(["email", "phone", "cpr", "person_name"])]["value"]
    assert len(pii) > 20
    pages = list(report["out"].rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"<script[^>]*>(?:(?!</script>).){500000,}?</script>", " ", text,
                      flags=re.S)
        text = re.sub(r"<style[^>]*>.*?</style>", " ", text, flags=re.S)
        squeezed = re.sub(r"\s+", "", text)
        for value in pii:
            assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text), (
                f"{value!r} in {page.name}")
            if len(re.sub(r"\D", "", value)) >= 8:  # numbers, also with spaces removed
                assert re.sub(r"\s+", "", value) not in squeezed, f"{value!r} in {page.name}"


def test_guard_strips_exactly_what_the_former_regex_stripped() -> None:
    """``_strip_blocks`` replaced two regexes in the PII guard (for speed); same result."""
    from rus_analysis.report.guard import _strip_blocks

    long_body = "x" * 12
    cases = [
        f"a<script>{long_body}</script>b",
        f"a<script type='t'>short</script>b<script>{long_body}</script>c",
        f"<script>{long_body}<script>inner</script>{long_body}</script>",
        f"<script>{long_body}",  # never closed
        "<script",  # no '>'
        f"<script src=x>{long_body}</script><style>p{{}}</style>1<style a>q</style>",
        f"<scripts>{long_body}</script>x<script>{long_body}</script >",
        "",
    ]
    for text in cases:
        want = re.sub(r"<script[^>]*>(?:(?!</script>).){12,}?</script>", " ", text, flags=re.S)
        assert _strip_blocks(text, "<script", "</script>", min_body=12) == want, text
        want = re.sub(r"<style[^>]*>.*?</style>", " ", text, flags=re.S)
        assert _strip_blocks(text, "<style", "</style>") == want, text


def test_merged_report_numbers_cells_and_figures_in_document_order():
    """Random cell ids and plotly element ids are replaced, so reruns can be diffed."""
    import uuid

    import nbformat

    from rus_analysis.report.merge import merge_notebooks

    def part() -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook()
        fig_id = str(uuid.uuid4())
        data_uuid = "0b9e7d3e-5c1a-4f7e-9a11-2f3c4d5e6f70"   # a value inside the figure data
        html = (f'<div id="{fig_id}" class="plotly-graph-div"></div><script>'
                f'Plotly.newPlot("{fig_id}", [{{"customdata": ["{data_uuid}"]}}])</script>')
        cell = nbformat.v4.new_code_cell("show(fig)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
        nb.cells = [nbformat.v4.new_markdown_cell("tekst"), cell]
        return nb

    merged = [merge_notebooks([("A", part()), ("B", part())], "# Titel", "metode")
              for _ in range(2)]
    assert nbformat.writes(merged[0]) == nbformat.writes(merged[1])
    ids = [c["id"] for c in merged[0].cells]
    assert ids == [f"c{n:04d}" for n in range(1, len(ids) + 1)]
    figures = [c.outputs[0]["data"]["text/html"] for c in merged[0].cells
               if c.cell_type == "code"]
    for n, html in enumerate(figures, 1):
        assert html.count(f"rus-fig-{n}") == 2                     # the div and its script
        assert "0b9e7d3e-5c1a-4f7e-9a11-2f3c4d5e6f70" in html       # data left alone
