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
min_cell = None  # None: report.min_cell i konfigurationen (tal under grænsen vises ikke som andele)

# %%
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import present
from rus_analysis.report.statements import statement_rows, statements_table
from rus_analysis.report.summaries import locator_da

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
rows = statement_rows(tables, cov, locator_da)
present.style()

# %% [markdown]
# Her står hvert eneste udsagn, som det indgår i tallene (personoplysninger er fjernet).
# Søg efter et ord, eller vælg tema, kommune, interessentgruppe, kilde og runde. Klik på
# en søjle, en celle i oversigten over temaer pr. kommune eller et link på et temakort
# for at se netop de udsagn, tallet bygger på. *Kilde* nævner filen og stedet i filen,
# så en analytiker kan finde udsagnet i det oprindelige input.

# %%
statements_table(rows)
