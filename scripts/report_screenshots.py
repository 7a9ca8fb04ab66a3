"""Screenshots of a committee report for the docs (issue 18), from headless Chromium.

    python scripts/report_screenshots.py reports/<date>_<rounds>/rapport.html docs/img

Writes ``rapport_sammenfatning.png`` (the summary), ``rapport_tema.png`` (the first theme
section), ``rapport_kort.png`` (the map of all input), ``rapport_udsagn.png`` (the
statements table, filtered by a link), ``rapport_telefon.png`` (the top at 400 px) and
``rapport_print_heatmap.png`` (the printed A4 page with the heatmap, from the PDF).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DRAWN = ("[...document.querySelectorAll('.plotly-graph-div')].every("
         "d => d.classList.contains('js-plotly-plot') && d.querySelector('.main-svg'))")


def main(report: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    url = report.resolve().as_uri()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = b.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=120_000)
        page.locator(".rus-summary").screenshot(path=out / "rapport_sammenfatning.png")
        page.locator(".rus-card").first.screenshot(path=out / "rapport_tema.png")
        page.locator(".rus-fig").nth(1).screenshot(path=out / "rapport_kort.png")
        page.evaluate("location.hash = '#udsagn?tema=drikkevand&kilde=written'")
        page.wait_for_timeout(300)
        page.locator("#udsagn").screenshot(path=out / "rapport_udsagn.png")
        phone = b.new_page(viewport={"width": 400, "height": 800})
        phone.goto(url)
        phone.wait_for_function(DRAWN, timeout=120_000)
        phone.evaluate("document.getElementById('afsnit-1').scrollIntoView()")
        phone.screenshot(path=out / "rapport_telefon.png")
        b.close()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "r.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", "--virtual-time-budget=20000",
                        f"--print-to-pdf={pdf}", url], capture_output=True, check=True,
                       timeout=240)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout.split("\f")
        n = next(i for i, t in enumerate(text, 1)
                 if "Temaer pr. kommune (andel af kommunens udsagn)" in t)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(n), "-l",
                        str(n), str(pdf), str(out / "rapport_print_heatmap")], check=True)
    for f in sorted(out.glob("rapport_*.png")):
        print(f"{f}: {f.stat().st_size / 1000:.0f} kB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
