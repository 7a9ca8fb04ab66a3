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
min_cell = 5  # tal under denne grænse vises ikke som procenter
maps_per_theme = True  # et kort pr. tema (ellers kun kortet over alt input)

# %%
from rus_analysis import charts
from rus_analysis.coverage.representation import representation_summary
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import present

present.setup_notebook()
tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
present.style()

# %% [markdown]
# ## Dækning: har vi hørt hele regionen?
#
# Kortene og tabellerne skelner mellem tre ting, som en simpel optælling blander
# sammen: en kommune, der **ikke er blevet hørt** (ikke inviteret og har ikke bidraget),
# en kommune, der **er hørt, men ikke har rejst temaet**, og en kommune, der **har rejst
# temaet**. Tværgående aktører (fx DSB, Movia og Novafos) tælles for sig og
# tilskrives aldrig en kommune. En kampagne med mange enslydende breve tæller som
# én stemme; antallet af breve vises ved siden af.

# %%
present.show(charts.choropleth(cov))

# %%
present.show(charts.heatmap(cov))

# %% [markdown]
# ### Huller: hvem har vi ikke hørt om hvad

# %%
present.gap_list(cov.gaps)

# %% [markdown]
# ### Interessenter og kilder

# %%
present.show(charts.stakeholder_mix(cov))

# %%
present.show(charts.source_mix(cov))

# %% [markdown]
# ### Udvikling fra runde til runde

# %%
present.show(charts.round_change(cov))

# %% [markdown]
# ### Over- og underrepræsentation
#
# Nævner nogle grupper (landsdele, interessentgrupper, kildetyper) et tema markant oftere
# eller sjældnere, end deres andel af stemmerne tilsiger? *Løft* over 1 betyder oftere end
# forventet, under 1 sjældnere. Kun grupper, hvor forskellen er statistisk sikker, vises
# her; celler med for få stemmer vurderes ikke. Hele tabellen står i Excel-arbejdsbogen.

# %%
rep = representation_summary(cov.representation)
present.bullet_list(rep.test_lines)

# %%
(present.table(rep.notable, max_rows=40, caption="Grupper, der nævner et tema markant "
               "oftere eller sjældnere end forventet") if len(rep.notable) else
 present.HTML('<p class="rus-note">Ingen gruppe nævner et tema markant oftere eller '
              "sjældnere end forventet.</p>"))

# %%
present.HTML(f'<p class="rus-note">{present.esc(cov.per_capita_note)}</p>')

# %% [markdown]
# ### Kort pr. tema

# %%
if maps_per_theme:
    for theme_id in tables.themes["theme_id"]:
        present.show(charts.choropleth(cov, theme_id=theme_id))
