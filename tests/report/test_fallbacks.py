"""The heatmap's print and no-JavaScript fallback: every theme column kept, in parts."""

from __future__ import annotations

import math

from rus_analysis.coverage import STATES
from rus_analysis.report import fallbacks
from support import coverage_fixture


def test_heatmap_table_splits_themes_over_parts_and_keeps_every_column(monkeypatch) -> None:
    cov = coverage_fixture()
    n_themes = len(cov.themes)
    monkeypatch.setattr(fallbacks, "THEMES_PER_TABLE", 2)
    html = str(fallbacks.heatmap_table(cov, STATES))
    parts = math.ceil(n_themes / 2)
    assert html.count("<table") == parts > 1
    assert f"del {parts} af {parts}" in html
    for label in cov.themes["theme_label"]:
        assert html.count(f"<span>{label}</span>") == 1     # each theme in one part only
    assert html.count("<td>Gribskov</td>") == parts          # every municipality in each part


def test_one_table_when_the_themes_fit(monkeypatch) -> None:
    monkeypatch.setattr(fallbacks, "THEMES_PER_TABLE", 50)
    html = str(fallbacks.heatmap_table(coverage_fixture(), STATES))
    caption = html.split("<caption>")[1].split("</caption>")[0]
    assert html.count("<table") == 1 and caption.endswith("(andel af kommunens udsagn)")
