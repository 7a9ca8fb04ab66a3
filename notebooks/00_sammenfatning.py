# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (rus-analysis)
#     language: python
#     name: rus-analysis
# ---

# %% tags=["parameters"]
# Parametre (papermill -p NAVN VÆRDI). Stier er relative til notebooks/.
config_path = "../config/rus.yaml"  # projektets konfiguration
processed_dir = None  # mappe med behandlede tabeller, None betyder som i konfigurationen
rounds = None  # fx ["2025"], None betyder alle runder
n_themes = None  # antal opdagede temaer, None betyder som i konfigurationen
min_cell = None  # None: report.min_cell i konfigurationen (tal under grænsen vises ikke som andele)

# %%
from rus_analysis import charts
from rus_analysis.coverage import TOTAL_STATES
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import fallbacks, present
from rus_analysis.report.counts import counted_assignments, theme_counts
from rus_analysis.report.synopsis import synopsis, synopsis_html

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
summary = synopsis(tables, cov)
present.style()

# %% [markdown]
# Hvad blev der sagt, af hvem, og hvem har vi ikke hørt? Sammenfatningen bygger på de
# samme tal som tabellerne længere nede. Kommunerne beskrives med fire ord, der går igen
# i hele rapporten: *ikke inviteret*, *inviteret, men intet input*, *input, men ikke om
# temaet* og *har rejst temaet*.

# %%
synopsis_html(summary, TOTAL_STATES)

# %%
present.show(charts.theme_sizes(tables.themes, counted_assignments(tables, cov),
                                charts.theme_colors(tables.themes)),
             fallback=fallbacks.sizes_table(theme_counts(tables, cov)))
