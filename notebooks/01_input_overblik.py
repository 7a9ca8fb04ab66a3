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
processed_dir = None  # mappe med behandlede tabeller, None betyder paths.processed fra config
rounds = None  # fx ["2025"], None betyder alle runder i paths.raw / paths.rounds
n_themes = None  # antal opdagede temaer, None betyder som i config (auto)

# %%
from rus_analysis.pipeline import load_or_run
from rus_analysis.report import present
from rus_analysis.report.summaries import input_summary

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
summary = input_summary(tables)
present.style()

# %% [markdown]
# ## Input: hvad kom ind
#
# Overblik over de input, der indgår i analysen: hvor mange udsagn der kom fra hver runde
# og hver type kilde (spørgeskema, møde, workshop og skriftlige høringssvar), og fra hvilke
# kommuner. Et *udsagn* er én besvarelse, ét punkt i et referat, én post-it eller ét afsnit
# i et høringssvar.

# %%
present.HTML(summary.headline_html)

# %%
present.table(summary.by_round_source, caption="Udsagn pr. runde og kildetype",
              total_label="I alt")

# %%
present.table(summary.by_municipality, caption="Udsagn pr. kommune (alle 29), tværgående "
              "aktører og udsagn uden kommune", max_rows=40, total_label="I alt")

# %% [markdown]
# ## Regnskab: intet input går tabt
#
# Hver rå post (en besvarelse, et punkt, en post-it, et brev) ender som præcis én af:
# *beholdt*, *slået sammen med en dublet* (fx kampagnebreve, der tælles som én stemme)
# eller *afvist med en begrundelse*. Tabellen viser det pr. fil; summerne stemmer.

# %%
present.table(summary.accounting, caption="Regnskab pr. fil", max_rows=80)

# %%
present.table(summary.reject_reasons, caption="Afviste poster pr. begrundelse")

# %% [markdown]
# ### Problemer i inputfilerne
#
# Fejl og advarsler fra indlæsningen: hver linje nævner fil, sted og hvad der skal gøres.
# En fil, der ikke kunne læses, står med sit filproblem i regnskabet ovenfor.

# %%
present.bullet_list(summary.problem_lines)
