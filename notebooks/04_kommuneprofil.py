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
config_path = "../config/rus.yaml"
processed_dir = None
rounds = None
n_themes = None
municipality = "Gribskov"  # kommunens navn eller kode, fx "0270" eller "Hoeje Taastrup"
min_cell = None  # None: report.min_cell i konfigurationen (tal under grænsen vises ikke som andele)

# %%
from rus_analysis import charts
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import present
from rus_analysis.report.summaries import municipality_summary

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
profile = municipality_summary(tables, cov, municipality)
present.style()

# %%
present.HTML(profile.headline_html)

# %%
present.show(charts.municipality_profile(cov, profile.kommunekode), kind="full")

# %%
present.table(profile.themes, caption="Temaer: kommunen sammenlignet med regionen")

# %%
present.bullet_list(profile.quotes)
