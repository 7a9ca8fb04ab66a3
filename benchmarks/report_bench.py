"""Size and speed of the committee report in headless Chromium (issue 18).

    python benchmarks/report_bench.py --report reports/<date>_<rounds>/rapport.html
    python benchmarks/report_bench.py --table 10000 [--processed data/processed]

``--report``: file size, and the time from navigation until every chart is drawn (median
of 5 loads, Playwright on the system Chromium, network off), at 1,300 px.
``--table N``: the statements table alone with about N statements (the run's statements
repeated with new ids): HTML size, time until the page is ready, and the time of a search
and of a filter change inside the page (median of 5).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

DRAWN = ("[...document.querySelectorAll('.plotly-graph-div')].every("
         "d => d.classList.contains('js-plotly-plot') && d.querySelector('.main-svg'))")


def _browser(p):
    return p.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"])


def render_times(path: Path, runs: int = 5) -> list[float]:
    from playwright.sync_api import sync_playwright

    out: list[float] = []
    with sync_playwright() as p:
        b = _browser(p)
        for _ in range(runs):
            page = b.new_page(viewport={"width": 1300, "height": 900})
            t0 = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="commit")
            page.wait_for_function(DRAWN, timeout=120_000, polling=20)
            out.append(time.perf_counter() - t0)
            page.close()
        b.close()
    return out


def table_page(n: int, processed: Path, folder: Path) -> Path:
    import pandas as pd

    from rus_analysis.pipeline import coverage_of, load_run
    from rus_analysis.report import present
    from rus_analysis.report.statements import statement_rows, statements_table
    from rus_analysis.report.summaries import locator_da

    tables = load_run(processed)
    rows = statement_rows(tables, coverage_of(tables), locator_da)
    reps = -(-n // len(rows))
    big = pd.concat([rows.assign(statement_id=rows["statement_id"] + f":{i}")
                     for i in range(reps)], ignore_index=True).head(n)
    html = (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">{present.style()}'
            f"</head><body>{statements_table(big)}</body></html>")
    page = folder / f"udsagn_{n}.html"
    page.write_text(html, encoding="utf-8")
    return page


def table_times(path: Path, runs: int = 5) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    load: list[float] = []
    search: list[float] = []
    pick: list[float] = []
    with sync_playwright() as p:
        b = _browser(p)
        for _ in range(runs):
            page = b.new_page(viewport={"width": 1300, "height": 900})
            t0 = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_function("document.querySelector('.rus-statements').dataset.matched")
            load.append(time.perf_counter() - t0)
            ms = page.evaluate("""() => {
              const q = document.querySelector('[data-filter=q]');
              const t = performance.now(); q.value = 'grundvand';
              q.dispatchEvent(new Event('input')); document.body.offsetHeight;
              const s = performance.now() - t;
              const sel = document.querySelector('[data-filter=tema]');
              q.value = ''; const t2 = performance.now();
              sel.value = sel.options[1].value; sel.dispatchEvent(new Event('input'));
              document.body.offsetHeight;
              return [s, performance.now() - t2];
            }""")
            search.append(ms[0] / 1000)
            pick.append(ms[1] / 1000)
            page.close()
        b.close()
    return {"load_s": statistics.median(load), "search_s": statistics.median(search),
            "filter_s": statistics.median(pick)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", type=Path)
    ap.add_argument("--table", type=int)
    ap.add_argument("--processed", type=Path, default=Path("data/processed"))
    a = ap.parse_args()
    if a.report:
        times = render_times(a.report)
        print(f"{a.report}: {a.report.stat().st_size / 1e6:.2f} MB; all charts drawn after "
              f"{statistics.median(times):.2f} s (median of {len(times)}; "
              f"min {min(times):.2f}, max {max(times):.2f})")
    if a.table:
        with tempfile.TemporaryDirectory() as tmp:
            page = table_page(a.table, a.processed, Path(tmp))
            size = page.stat().st_size
            t = table_times(page)
        print(f"statements table, {a.table} statements: {size / 1e6:.2f} MB of HTML; page "
              f"ready {t['load_s']:.2f} s; search {t['search_s'] * 1000:.0f} ms; filter "
              f"{t['filter_s'] * 1000:.0f} ms (medians of 5)")


if __name__ == "__main__":
    main()
