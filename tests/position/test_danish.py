"""Danish behaviours of the position and tone classifiers (issue 17).

Each test names the phenomenon it guards. All inputs are written here; no corpus, no
network, no model is used.
"""

from __future__ import annotations

import pytest

from rus_analysis.position import classify_positions, classify_tones


def pos(text: str, target: str | None = None) -> str:
    return classify_positions([text], target).position.iloc[0]


def cues(text: str, target: str | None = None) -> str:
    return classify_positions([text], target).position_cues.iloc[0]


def tone(text: str) -> str:
    return classify_tones([text]).tone.iloc[0]


def tscore(text: str) -> float:
    return float(classify_tones([text]).tone_score.iloc[0])


# ---------------------------------------------------------------- negation
def test_negation_turns_positive_tone_negative() -> None:
    assert tone("Det er godt.") == "positiv"
    assert tone("Det er ikke godt.") == "negativ"


def test_negation_of_a_worry_is_no_worry() -> None:
    text = "Der er ingen grund til bekymring."
    assert tone(text) != "negativ"
    assert pos(text) != "bekymring"
    assert pos("Vi har ingen problemer med planen.") != "bekymring"


def test_negated_support_is_opposition() -> None:
    assert pos("Vi er ikke enige i forslaget.") == "modstand"
    # Danish puts "ikke" after the finite verb: the cue is negated from behind
    assert pos("Vi støtter ikke planen.") == "modstand"
    assert "støtter ikke" in cues("Vi støtter ikke planen.")
    assert tone("Vi støtter ikke planen.") == "negativ"


def test_not_only_is_not_a_negation() -> None:
    # "ikke kun" / "ikke bare" means "not only": the praise stands
    assert tone("Projektet er ikke kun godt for miljøet, men også for økonomien.") == "positiv"


def test_negated_deontic_opposes() -> None:
    assert pos("Regionen bør ikke lukke skadestuen i Hillerød.") == "modstand"


# ---------------------------------------------------------------- intensifiers
def test_intensifiers_and_downtoners_scale_tone() -> None:
    plain, strong, weak = tscore("Det er godt."), tscore("Det er meget godt."), tscore("Det er lidt godt.")
    assert strong > plain > weak > 0
    assert tscore("Vi er dybt bekymrede.") < tscore("Vi er bekymrede.") < 0


def test_for_plus_degree_word_is_a_complaint() -> None:
    text = "Sagsbehandlingen af solcelleparker er alt for lang."
    assert tone(text) == "negativ"
    assert pos(text) == "bekymring"
    assert "alt for lang" in cues(text)
    # "tak for" is thanks, not excess
    assert tone("Tak for godt samarbejde.") == "positiv"


# ---------------------------------------------------------------- men-clause
def test_men_clause_carries_the_point_in_tone() -> None:
    assert tone("Planen er god, men den er alt for dyr.") == "negativ"
    assert tone("Planen er dyr, men den er rigtig god.") == "positiv"


def test_men_clause_carries_the_point_in_position() -> None:
    text = "Klimakravene er et godt første skridt, men grænseværdien skal sænkes hurtigere."
    assert pos(text) == "forslag"
    assert pos("Vi er bekymrede for økonomien, men vi bakker op om projektet.") == "støtte"
    assert pos("Vi bakker op om projektet, men vi er dybt bekymrede for økonomien.") == "bekymring"


# ---------------------------------------------------------------- questions
@pytest.mark.parametrize("text", [
    "Hvorfor skal vi betale for det",
    "Jeg vil gerne vide om der kommer flere busser til Hundested",
    "Er der en plan for grundvandet",
    "Hvordan sikres det at de små kommuner bliver hørt",
    "Kan regionen hjælpe med finansieringen?",
])
def test_question_with_or_without_question_mark(text: str) -> None:
    assert pos(text) == "spørgsmål"


@pytest.mark.parametrize("text", ["Spar på vandet", "Beskyt grundvandet", "Hvor er det dejligt!"])
def test_imperatives_and_exclamations_are_no_questions(text: str) -> None:
    assert pos(text) != "spørgsmål"


def test_rhetorical_question_inside_an_argument_counts_little() -> None:
    text = ("Regionen bør investere i letbanen. Hvem vil ikke gerne have bedre trafik? "
            "Derfor skal der afsættes midler i budgettet.")
    assert pos(text) == "forslag"


# ---------------------------------------------------------------- bare Ja / Nej
QUESTION = "Bør regionen satse på en letbane langs Ring 5?"
WORRY_QUESTION = "Oplever I mangel på arbejdskraft i jeres kommune?"


@pytest.mark.parametrize("answer,expected", [
    ("Ja", "støtte"), ("Ja.", "støtte"), ("Nej", "modstand"), ("Nej.", "modstand"),
    ("Ja, det vil gavne pendlerne.", "støtte"), ("Nej, det er for dyrt.", "modstand"),
    ("Nej tak", "modstand"),
])
def test_bare_yes_no_against_a_question_target(answer: str, expected: str) -> None:
    assert pos(answer, QUESTION) == expected


def test_yes_no_to_a_question_about_a_problem() -> None:
    assert pos("Ja", WORRY_QUESTION) == "bekymring"
    assert pos("Nej", WORRY_QUESTION) == "neutral"


def test_yes_to_a_headline_is_no_stance_on_it() -> None:
    # a headline is not a question: in a thread "Ja" answers the comment above
    assert pos("Ja", "Regionen lukker tre skadestuer") == "neutral"


def test_ja_men_keeps_the_point_after_men() -> None:
    assert pos("Ja, men vi er dybt bekymrede for økonomien.", QUESTION) == "bekymring"


def test_targets_align_per_row() -> None:
    out = classify_positions(["Ja", "Ja"], [QUESTION, WORRY_QUESTION]).position.tolist()
    assert out == ["støtte", "bekymring"]


def test_open_question_target_sets_what_an_answer_is() -> None:
    q = "Hvilke fælles udfordringer bør region og kommuner samarbejde om?"
    assert pos("Stormflod.", q) == "bekymring"
    assert pos("Flere cykelstier", q) == "forslag"  # its own cue wins
    assert pos("Psykolog uden ventetid", "Hvilke konkrete initiativer foreslår I?") == "forslag"
    # without a target a bare phrase is read by its own words: a named harm is a problem
    assert pos("Stormflod.") == "bekymring"


# ---------------------------------------------------------------- stance is not sentiment
def test_negative_tone_that_supports() -> None:
    text = "Situationen er katastrofal og trafikken er elendig, så vi støtter letbanen fuldt ud."
    assert tone(text) == "negativ"
    assert pos(text) == "støtte"


def test_positive_tone_that_opposes() -> None:
    text = "Det er en flot og spændende vision, men vi er imod at bygge i naturområdet."
    assert pos(text) == "modstand"


# ---------------------------------------------------------------- the other positions
@pytest.mark.parametrize("text,expected", [
    ("Regionen bør investere mere i cykelstier.", "forslag"),
    ("Vi foreslår, at R-busserne får egne busbaner.", "forslag"),
    ("Flere cykelstier", "forslag"),
    ("Kystsikring nu", "forslag"),
    ("Der er brug for en fælles plan for grundvandet.", "forslag"),
    ("Vi er bekymrede for forureningen af drikkevandet.", "bekymring"),
    ("Der mangler sygeplejersker og SOSU-assistenter.", "bekymring"),
    ("Trafikproblemerne i Ballerup vokser.", "bekymring"),
    ("Vi bakker op om forslaget.", "støtte"),
    ("Vi hilser strategien velkommen.", "støtte"),
    ("Vi er imod letbanen.", "modstand"),
    ("Letbanen åbnede i 2025.", "neutral"),
    ("Mødet blev holdt på rådhuset den 12. januar.", "neutral"),
])
def test_positions(text: str, expected: str) -> None:
    assert pos(text) == expected


def test_cues_show_the_deciding_words() -> None:
    assert "bør" in cues("Regionen bør investere i cykelstier.")
    assert cues("Letbanen åbnede i 2025.") == ""


# ---------------------------------------------------------------- Danish lexicon details
def test_names_carry_no_tone() -> None:
    # Danish capitalises names only: "Glad" and "Lykke" here are names
    assert tone("Borgmester Lykke Glad åbnede mødet.") == "neutral"


def test_godt_as_particle_carries_no_tone() -> None:
    assert tone("Jeg ved godt, at mødet er i morgen.") == "neutral"
    assert tone("Der kom godt 200 borgere til mødet.") == "neutral"
    assert tone("Mødet var godt.") == "positiv"


def test_privative_prefix_reverses() -> None:
    assert tone("Det er en uansvarlig beslutning.") == "negativ"


def test_stance_words_are_not_stop_words() -> None:
    # "ikke", "imod", "ingen" decide positions; removing stop words would lose them
    assert pos("Vi er imod.") == "modstand"
    assert pos("Vi er ikke imod.") == "støtte"


# ---------------------------------------------------------------- more Danish forms
def test_quoted_words_are_not_the_writers_position() -> None:
    text = "Regionen skriver, at ”man bør prioritere letbanen”. Det er vi imod."
    assert pos(text) == "modstand"
    assert pos("> Hvorfor skal vi betale for det?\n\nDet står i rapporten.") == "neutral"
    assert pos("Hvorfor skal vi betale for det?") == "spørgsmål"


def test_insufficiency_is_a_worry_not_opposition() -> None:
    assert pos("CO2-udledningen fra transporten falder slet ikke hurtigt nok.") == "bekymring"


def test_short_exclamation_is_a_demand() -> None:
    assert pos("Grønne tage!") == "forslag"
    assert pos("Tak!") != "forslag"
    assert pos("Hvor er det dejligt!") != "forslag"


def test_praise_of_what_works_is_support() -> None:
    assert pos("Buskørsel efter behov har fungeret godt i vores landsbyer.") == "støtte"


def test_no_to_an_open_question_means_none() -> None:
    assert pos("Nej", "Hvilke fælles udfordringer bør vi samarbejde om?") == "neutral"
