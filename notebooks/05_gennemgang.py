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
overrides_path = None  # None: konfigurationens paths.overrides (data/state/theme_overrides.yaml)
reviewer = None  # None: $RUS_ANALYST eller brugernavnet
n_uncertain = 5  # mindst sikre udsagn pr. tema
actions = []  # beslutninger uden knapper, fx [{"action": "accept", "theme": "klima"}]

# %%
from rus_analysis.config import load_config
from rus_analysis.pipeline import load_or_run
from rus_analysis.report import present
from rus_analysis.review import ReviewSession
from rus_analysis.review.widgets import review_panel

tables = load_or_run(config_path, processed_dir, rounds, n_themes)
session = ReviewSession.from_tables(
    tables, overrides_path or load_config(config_path).paths.overrides, reviewer)
present.style()

# %% [markdown]
# ## Gennemgang af temaerne
#
# Det er analytikeren, ikke modellen, der står inde for temaerne over for udvalget. Her
# gennemgår du hvert tema: navn, størrelse, nøgleord, undertemaer, citater og de udsagn,
# analysen er mindst sikker på. Du kan **godkende** et tema, **omdøbe** det, **slå det
# sammen** med et andet, **dele** det efter et nøgleord, **flytte** et udsagn til et andet
# tema eller undertema, **markere** et udsagn som gennemgået og **rette** en holdning.
#
# Hver beslutning skrives som én linje med dit navn og tidspunktet i filen med
# analytikerens rettelser og anvendes ved næste kørsel af rapporten. Et godkendt tema
# beholder sit navn og sit id, også når der kommer en ny runde.

# %%
present.table(session.overview(), caption="Temaerne i denne kørsel", max_rows=60)

# %%
taken = session.apply(actions)  # beslutninger givet som parameter (papermill)
present.HTML(f"<p>{len(taken)} beslutning(er) gemt fra parameteren <code>actions</code> i "
             f"{present.esc(session.overrides_path)}.</p>")

# %% [markdown]
# ### Vælg et tema og beslut

# %%
panel = review_panel(session, n_uncertain=n_uncertain)
panel.widget

# %% [markdown]
# ### Beslutningerne indtil nu
#
# Kør cellen igen for at se de seneste. Filen kan også læses og rettes i hånden; den er
# lavet til at blive lagt i versionsstyring.

# %%
present.table(session.decisions_table(), caption="Analytikerens beslutninger", max_rows=200)
