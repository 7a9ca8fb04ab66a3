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
quotes_per_theme = 4  # antal citater pr. tema (3-5)

# %%
from rus_analysis import charts
from rus_analysis.pipeline import load_or_run
from rus_analysis.report import present
from rus_analysis.report.summaries import theme_summary

present.setup_notebook()
tables = load_or_run(config_path, processed_dir, rounds, n_themes)
summary = theme_summary(tables)
colors = charts.theme_colors(tables.themes)
present.style()

# %% [markdown]
# ## Temaer: hvad blev der sagt
#
# Udsagnene er fordelt på strategiens temaer ud fra deres indhold (ikke kun nøgleord).
# Udsagn, der ikke passer til nogen af strategiens temaer, er samlet i *nye temaer*, som
# analysen selv har fundet; det, der hverken passer her eller der, står under *Øvrige*.
# Et udsagn kan berøre flere temaer: det tælles under sit primære tema, og dets
# sekundære temaer vises som skraverede søjler, som sammenhænge på temakortene og i
# Excel-arbejdsbogen.

# %%
present.HTML(summary.headline_html)

# %%
present.show(charts.theme_sizes(tables.themes, tables.assignments, colors))

# %% [markdown]
# ### Temakort
#
# Hvert kort viser temaets navn, hvor mange udsagn og stemmer det samler, hvor mange af
# de 29 kommuner og hvor mange interessentgrupper der har rejst det, hvilke andre temaer
# dets udsagn oftest også berører (små tal under grænsen udelades), og
# repræsentative citater, ordret som de blev skrevet (personoplysninger er fjernet).

# %%
present.theme_cards(tables.themes, tables.statements, tables.assignments, colors,
                    n_quotes=quotes_per_theme, min_count=tables.meta.min_cell)

# %% [markdown]
# ### Udsagn uden for strategiens temaer

# %%
present.table(summary.outside_taxonomy, caption="Nye temaer og Øvrige", max_rows=40)
