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
maps_per_theme = True  # et kort pr. tema (ellers kun kortet over alt input)

# %%
from rus_analysis import charts
from rus_analysis.coverage import STATES
from rus_analysis.coverage.representation import representation_summary
from rus_analysis.pipeline import coverage_of, load_or_run
from rus_analysis.report import fallbacks, present, summaries

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
cov = coverage_of(tables, min_cell=min_cell)
present.style()

# %% [markdown]
# ## Dækning: har vi hørt hele regionen?
#
# For hvert tema står hver af de 29 kommuner i én af fire tilstande, med de samme ord i
# alle figurer, tabeller og sætninger:
#
# - **ikke inviteret**: kommunen blev ikke spurgt og har ikke bidraget, så den kan ikke
#   have rejst temaet;
# - **inviteret, men intet input**: kommunen blev inviteret, men sendte intet;
# - **input, men ikke om temaet**: kommunen gav input, men ikke om dette tema;
# - **har rejst temaet**.
#
# Tværgående aktører (fx DSB, Movia og Novafos) tilskrives aldrig en kommune, og udsagn
# uden kommune tælles for sig med deres begrundelse. En kampagne med mange enslydende
# breve tæller som én stemme. Klik på en celle for at se udsagnene bag den.

# %%
present.show(charts.choropleth(cov), fallback=fallbacks.input_map_table(cov))

# %%
present.table(summaries.unplaced_view(cov), caption="Udsagn uden kommune, med begrundelse",
              total_label="I alt")

# %%
present.show(charts.heatmap(cov), fallback=fallbacks.heatmap_table(cov, STATES),
             print_fallback=True)

# %% [markdown]
# ### Huller: hvem har vi ikke hørt om hvad

# %%
present.gap_list(cov.gaps)

# %% [markdown]
# ### Interessenter og kilder

# %%
present.show(charts.stakeholder_mix(cov), fallback=fallbacks.mix_table(
    cov.by_stakeholder, "stakeholder_type", None, "Interessentgruppens andel af temaets udsagn"))

# %%
present.show(charts.source_mix(cov), fallback=fallbacks.mix_table(
    cov.by_source, "source_type", "source_label", "Kildetypens andel af temaets udsagn"))

# %% [markdown]
# ### Udvikling fra runde til runde
#
# Hvert temas andel af rundens udsagn (runderne er forskellige i størrelse, så andele
# sammenlignes, ikke antal). Et tema *fylder mere* eller *mindre*, når andelen har flyttet
# sig mindst 2 procentpoint.

# %%
present.show(charts.round_change(cov), fallback=fallbacks.rounds_table(cov))

# %%
present.bullet_list(cov.round_changes["sentence"])

# %%
present.table(cov.voice_changes, caption="Nye og fraværende stemmer (kommuner og "
              "organisationer) i seneste runde", max_rows=80,
              columns={"kind": "type", "name": "navn", "status": "status",
                       "statements_before": "udsagn i forrige runde",
                       "statements_now": "udsagn i seneste runde"})

# %% [markdown]
# ### Nævner nogle grupper et tema oftere end andre?
#
# For landsdele, interessentgrupper, kildetyper og runder: nævner en gruppe et tema
# markant oftere eller sjældnere, end dens andel af stemmerne tilsiger? *Løft* er
# gruppens andel delt med hele regionens: over 1 betyder oftere, under 1 sjældnere. Kun
# forskelle, der er for store til at være tilfældige, vises; grupper med for få stemmer
# vurderes ikke. Har en gruppe mest talt på møder, hvor temaet stod på dagsordenen, står
# der det, for så siger forskellen noget om dagsordenen, ikke om gruppen. Metodebilaget
# forklarer testen.

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
#
# Alle temaer på samme farveskala, så kortene kan sammenlignes.

# %%
if maps_per_theme:
    present.show(charts.theme_maps(cov), fallback=fallbacks.theme_maps_table(cov, STATES))
