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

min_cell = None  # None: report.min_cell i konfigurationen (tal under grænsen vises ikke som andele)

# %%
from rus_analysis import charts
from rus_analysis.coverage import STATES
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import present, sections
from rus_analysis.report.counts import counted_assignments
from rus_analysis.report.summaries import theme_summary

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
counted = counted_assignments(tables, cov)
summary = theme_summary(tables, counted)
colors = charts.theme_colors(tables.themes)
present.style()

# %% [markdown]
# ## Temaer: hvad blev der sagt
#
# Udsagnene er fordelt på strategiens temaer ud fra deres indhold (ikke kun nøgleord).
# Udsagn, der ikke passer til nogen af strategiens temaer, er samlet i *nye temaer*, som
# analysen selv har fundet; det, der hverken passer her eller der, står under *Øvrige*.
# Et udsagn kan berøre flere temaer: det tælles under sit primære tema, og dets
# sekundære temaer vises som sammenhænge på temakortene og i Excel-arbejdsbogen.

# %%
present.HTML(summary.headline_html)

# %% [markdown]
# ### Temaerne ét for ét
#
# Hvert tema viser, hvor mange udsagn og stemmer det samler, og hvor mange af de 29
# kommuner og interessentgrupper der har rejst det; dets hovedpunkter (et repræsentativt
# udsagn for hvert undertema, med hvor mange stemmer der nævnte det) eller, hvor temaet
# ikke har undertemaer, repræsentative citater; holdningerne, når de er vurderet; og
# hvilke kommuner der har rejst temaet, og hvilke ikke. Citater er ordrette
# (personoplysninger er fjernet) og nævner organisationen eller myndigheden bag, aldrig
# en privatperson.

# %%
present.theme_cards(tables.themes, tables.statements, counted, colors,
                    n_quotes=quotes_per_theme, min_count=tables.meta.min_cell,
                    summary=sections.key_points(tables, cov),
                    extra=sections.theme_extras(tables, cov, STATES))

# %% [markdown]
# ### Udsagn uden for strategiens temaer

# %%
present.table(summary.outside_taxonomy, caption="Nye temaer og Øvrige", max_rows=40)
