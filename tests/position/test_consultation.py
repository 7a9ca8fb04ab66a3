"""Danish behaviours of the position rules on consultation input (issue 17, second round).

Consultation input (no target, or a question as target) is decided sentence by sentence
and takes the first position present in the order forslag > modstand > spørgsmål >
bekymring > støtte (the demo guideline's rule). Every input is written here; no corpus,
no network, no model.
"""

from __future__ import annotations

import pytest

from rus_analysis.position import assign_positions, classify_positions
from rus_analysis.position.tokens import sentences, tokenize


def pos(text: str, target: str | None = None, source: str | None = None) -> str:
    return classify_positions([text], target, sources=source).position.iloc[0]


def cues(text: str, source: str | None = None) -> str:
    return classify_positions([text], sources=source).position_cues.iloc[0]


# ---------------------------------------------------------------- several sentences
def test_a_proposal_in_any_sentence_carries_the_statement() -> None:
    text = ("Movias besparelser rammer yderområderne hårdest. "
            "Lokalbanerne i Nordsjælland skal moderniseres og have højere frekvens.")
    assert pos(text) == "forslag"
    # the same order without the proposal: the worry decides, not the first sentence
    assert pos("Natbusserne er afgørende for unge. Billetpriserne er alt for høje.") == "bekymring"


def test_a_worry_outranks_support_and_a_question_outranks_a_worry() -> None:
    assert pos("Buskørslen har fungeret godt. Men ventetiden er alt for lang.") == "bekymring"
    assert pos("Vi mangler cykelstier. Hvornår kommer der en plan?") == "spørgsmål"


# ---------------------------------------------------------------- "skal" in a main clause
@pytest.mark.parametrize("text", [
    "Universiteterne og erhvervsskolerne skal samarbejde mere om grønne kompetencer.",
    "Akutberedskabet i yderområderne skal sikres.",
    "Nationalparken skal have flere midler til naturpleje.",
    "Der skal være flere ladestandere i boligområderne.",
])
def test_skal_as_the_finite_verb_of_a_main_clause_is_a_demand(text: str) -> None:
    assert pos(text) == "forslag"


@pytest.mark.parametrize("text", [
    "Mange unge, der skal hjem fra byen, tager knallerten.",   # relative clause
    "Hvis vi skal nå målet, tager det tid.",                    # subordinate clause
    "Ministeren skal i morgen mødes med borgmestrene.",         # a schedule
    "Du skal have et gyldigt pas for at rejse ind i landet.",   # addresses the reader
])
def test_skal_outside_a_demand_is_information(text: str) -> None:
    assert pos(text) == "neutral"


# ---------------------------------------------------------------- questions
def test_a_question_asks_whatever_modal_it_holds() -> None:
    assert pos("Bør regionen investere i letbanen?") == "spørgsmål"
    assert pos("Hvorfor ikke flere busser om aftenen?") == "forslag"  # a proposing idiom


def test_interrobang_exclaims_and_an_ordinal_ends_no_sentence() -> None:
    assert sentences(tokenize("PFAS?!")) == [["pfas", "!"]]
    assert len(sentences(tokenize("Mødet blev holdt den 12. januar på rådhuset."))) == 1


# ---------------------------------------------------------------- bare phrases
@pytest.mark.parametrize("text", ["Rene boringer", "Psykolog uden ventetid", "Fjernvarme til alle",
                                  "Busser der passer med toget", "Ingen pesticider ved boringer"])
def test_a_bare_phrase_on_a_post_it_is_a_wish(text: str) -> None:
    assert pos(text, source="workshop") == "forslag"
    assert pos(text, source="survey") == "forslag"
    assert "stikord" in cues(text, source="workshop")


@pytest.mark.parametrize("text", ["PFAS i jorden", "Stormflod!", "PFAS?!", "Unge mistrives"])
def test_a_bare_phrase_naming_a_harm_is_a_problem(text: str) -> None:
    assert pos(text, source="workshop") == "bekymring"
    assert pos(text) == "bekymring"  # whatever the source: a named harm


def test_a_noun_phrase_outside_post_its_and_cells_wants_nothing() -> None:
    # a title or heading in a letter, or a list of titles without a source type
    assert pos("Rene boringer") == "neutral"
    assert pos("Rene boringer", source="written") == "neutral"
    assert pos("Regionens budget 2026", source="meeting") == "neutral"


@pytest.mark.parametrize("text", ["Tak!", "Mvh. Bo", "Letbanen åbnede i 2025.",
                                  "Virksomheden mistede mange kunder."])
def test_thanks_sign_offs_and_clauses_are_no_bare_phrases(text: str) -> None:
    assert pos(text, source="workshop") != "forslag"


def test_a_phrase_in_a_paragraph_is_no_post_it() -> None:
    # a verbless line inside a paragraph is a heading or an aside, not a wish
    assert pos("Mobilitet. Letbanen åbnede i 2025.", source="survey") == "neutral"


def test_one_bare_word_answering_a_question_about_problems_is_a_problem() -> None:
    q = "Hvad er de største udfordringer for jeres område?"
    assert pos("Trafikken", q, source="survey") == "bekymring"
    assert pos("Rene boringer", q, source="survey") == "forslag"  # a goal, not a topic


# ---------------------------------------------------------------- bad states
def test_a_bad_condition_described_is_a_problem() -> None:
    assert pos("Mobildækningen er dårlig på strækningen.") == "bekymring"
    assert pos("Trafikken på Ring 3 står stille i myldretiden.") == "bekymring"


def test_a_harm_of_ones_own_or_that_persists_is_a_problem() -> None:
    assert pos("Vi har haft oversvømmede kældre tre gange på fem år.") == "bekymring"
    assert pos("Der er stadig mange grunde med gammel forurening.") == "bekymring"
    assert pos("Unge mistrives") == "bekymring"  # a hazard verb judges the subject's state


@pytest.mark.parametrize("text", [
    "Vejret var dårligt hele ugen.",                   # a past event reported
    "Oversvømmelser er almindelige i regntiden.",      # a fact about a hazard
    "Bilflåderne kan være elektriske inden for få år.",  # "inden for få", no excess
])
def test_reports_and_facts_are_information(text: str) -> None:
    assert pos(text) == "neutral"


# ---------------------------------------------------------------- men-clauses
def test_the_point_after_men() -> None:
    assert pos("Forureneren skal betale, men ofte findes virksomheden ikke længere.") == "bekymring"
    assert pos("Telemedicin kan aflaste, men ikke erstatte den personlige kontakt.") == "modstand"
    assert pos("Klimakravene er et godt første skridt, men grænseværdien skal sænkes hurtigere.") \
        == "forslag"
    assert pos("Turismen kan udvikles meget mere, men det kræver bedre transport.") == "forslag"


# ---------------------------------------------------------------- stop, soft proposals, value
def test_stop_a_project_opposes_stop_a_practice_demands() -> None:
    assert pos("Stop Lynetteholm", source="workshop") == "modstand"
    assert pos("Stop luksusbyggeri", source="workshop") == "modstand"
    assert pos("Stop sprøjtegift", source="workshop") == "forslag"


@pytest.mark.parametrize("text", [
    "Regionen kan facilitere et samarbejde om klimatilpasning.",
    "Flextrafik kan være en løsning i de tyndt befolkede områder.",
    "Kommunerne kan gå forrest som bygherrer.",
    "Hellere færre linjer med høj frekvens end mange linjer.",
    "Bedre bredbånd gør det muligt at arbejde hjemmefra.",
])
def test_soft_proposals(text: str) -> None:
    assert pos(text) == "forslag"


def test_describing_openers_and_letter_framing_propose_nothing() -> None:
    assert pos("Flere virksomheder flytter ud af byen.") == "neutral"
    assert pos("Flere end 100 mennesker mistede livet i branden.") == "neutral"
    assert pos("Et andet område, vi ønsker at fremhæve, er rent drikkevand.") == "neutral"


def test_valuing_what_exists_is_support() -> None:
    assert pos("Forlængelsen af motorvejen er vigtig for hele Nordsjælland.") == "støtte"
    # "der skal" in a relative clause is no demand
    assert pos("Natbusserne er afgørende for unge, der skal hjem fra byen.") == "støtte"


# ---------------------------------------------------------------- replies keep their rule
def test_a_reply_to_a_headline_is_read_by_cue_density() -> None:
    # under a headline (a claim) the consultation priority does not apply: one "skal" in
    # a long comment does not make it a proposal
    headline = "Regeringen vil hæve afgiften på benzin"
    text = ("Det har jeg læst om. Min nabo siger, at prisen allerede er steget. "
            "Vi skal jo alle sammen køre på arbejde. Det er en lang diskussion.")
    assert pos(text, headline) == "neutral"
    assert pos(text) == "forslag"


def test_a_survey_column_that_is_no_question_is_no_headline() -> None:
    import pandas as pd
    st = pd.DataFrame({"statement_id": ["a:00", "b:00"], "text": ["Ja", "Rene boringer"],
                       "source_type": ["survey", "survey"],
                       "question": ["Øvrige kommentarer", "Øvrige kommentarer"]})
    got = assign_positions(st)["position"].tolist()
    # "Ja" is read without a target (weak agreement), the phrase as a survey cell (a wish)
    assert got == ["støtte", "forslag"]
