"""The one definition of consent to be quoted: which header asks it, which answers say yes,
and which statements may be quoted (per file: a survey that asked, a source that did not)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rus_analysis.consent import (
    answer_kind,
    is_consent_column,
    is_consent_header,
    mentions_quoting,
    quotable,
)


@pytest.mark.parametrize("header", [
    "Må vi citere dit svar?", "Må vi bruge dit svar som citat (anonymt)?",
    "Giver du samtykke til, at dit svar citeres?", "Må dit svar citeres", "Citattilladelse",
    "Kan vi citere dig?", "May we quote your answer?", "Can we quote you?",
    "Giver du samtykke til, at vi bruger dit svar i rapporten?",
])
def test_consent_headers_are_found(header: str) -> None:
    assert is_consent_header(header)


@pytest.mark.parametrize("header", [
    "Har du et citat, du vil dele?", "Kan du nævne et citat fra strategien?",
    "Giver du samtykke til at blive kontaktet?", "Hvad mener du om kollektiv trafik?",
    "Må vi kontakte dig?", "Samtykke til behandling af personoplysninger",
])
def test_ordinary_questions_are_not_consent_columns(header: str) -> None:
    assert not is_consent_header(header)


@pytest.mark.parametrize("header", [
    "Ønsker du at blive citeret?", "Vil du gerne citeres?", "Vil du citeres i rapporten?",
    "Må vi gengive dit svar i rapporten?", "Må vi bruge dit svar i rapporten?",
    "Må dit svar offentliggøres?", "Would you like to be quoted?",
    "May we use your answer in the report?",
])
def test_wishes_and_uses_of_the_answer_are_consent_headers(header: str) -> None:
    """Survey tools' and municipalities' own wordings: missed, every "Nej" was quoted."""
    assert is_consent_header(header)


def test_a_header_that_only_mentions_quoting_is_no_consent_but_is_noticed() -> None:
    for header in ("Citering", "Har du et citat, du vil dele?"):
        assert not is_consent_header(header) and mentions_quoting(header)
    assert not mentions_quoting("Hvad mener du om kollektiv trafik?")
    assert not mentions_quoting("Licitationsresultat")


def test_one_long_answer_does_not_unmake_a_consent_column_but_sentences_do() -> None:
    """One long answer once made the consent column an ordinary question, and every "Nej"
    of the file was quoted: now a column of mostly ticks stays consent, and a long answer
    is a yes with terms. A question whose answers are mostly sentences is a question,
    even if its header speaks of quoting ("Hvilke mål ønsker I citeret ...?")."""
    long = ("Ja, men kun hvis I nævner, at det er vores bestyrelse, der står bag svaret, "
            "og ikke den enkelte medarbejder")
    assert is_consent_column("Må vi citere dit svar?", ["Ja", "Nej"])
    assert is_consent_column("Må vi citere dit svar?", [long, "Nej"])
    assert answer_kind(long) == "conditional"
    strategy = "Hvilke mål fra den nuværende strategi ønsker I citeret i den nye strategi?"
    answers = ["Grundvandet skal beskyttes bedre, og målet om rent drikkevand skal stå først.",
               "Målet om en sammenhængende kollektiv trafik på tværs af kommunerne.", "Ja"]
    assert not is_consent_column(strategy, answers)
    # an export's question ids: "_" is a space; an id that only names quoting is noticed
    assert is_consent_header("samtykke_citeres") and mentions_quoting("Q9_citat")


@pytest.mark.parametrize(("value", "kind"), [
    ("Ja", "yes"), ("Ja, gerne", "yes"), ("ja, anonymt", "conditional"), ("Yes", "yes"), ("1", "yes"),
    ("True", "yes"), ("Nej", "no"), ("Nej tak", "no"), ("No", "no"), ("Ønsker ikke", "no"),
    ("0", "no"), ("False", "no"), ("Ved ikke", "no"), ("Ja - nej", "no"), ("", "empty"),
    ("  ", "empty"), (None, "empty"),
])
def test_only_a_clear_yes_consents(value: object, kind: str) -> None:
    assert answer_kind(value) == kind


@pytest.mark.parametrize(("value", "kind"), [
    ("Ja tak", "yes"), ("Ja, selvfølgelig", "yes"), ("Ja (anonymt)", "conditional"), ("1.0", "yes"),
    ("Ja, men ikke med navn", "conditional"), ("Ja, hvis kommunen ikke nævnes", "conditional"),
    ("Ja, kun i rapporten", "conditional"), ("Kun internt", "no"),
    ("Ja, men jeg vil ikke nævnes", "no"), ("Nej, ikke med navn", "no"),
])
def test_a_yes_with_a_condition_does_not_consent(value: str, kind: str) -> None:
    """The tool cannot keep a condition, and a quote cannot be taken back."""
    assert answer_kind(value) == kind


def test_a_conditional_yes_withholds_the_quote() -> None:
    st = _st([("forms.xlsx", "a", {"Må vi citere dit svar?": "Ja, men ikke med navn"}),
              ("forms.xlsx", "b", {"Må vi citere dit svar?": "Ja, gerne"})])
    assert quotable(st).tolist() == [False, True]


def _st(rows: list[tuple[str, str, dict | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "statement_id": [f"s{i}" for i in range(len(rows))],
        "round": ["2027"] * len(rows), "source_file": [r[0] for r in rows],
        "text": [r[1] for r in rows],
        "context": [json.dumps(r[2], ensure_ascii=False) if r[2] is not None else ""
                    for r in rows]}, index=[10 + i for i in range(len(rows))])


def test_quotable_per_file_empty_answer_withholds_and_other_sources_may_be_quoted() -> None:
    st = _st([
        ("forms.xlsx", "a", {"Må vi citere dit svar?": "Ja", "Alder": "30-39"}),
        ("forms.xlsx", "b", {"Må vi citere dit svar?": "Nej"}),
        ("forms.xlsx", "c", {"Må vi citere dit svar?": ""}),      # kept empty by the reader
        ("forms.xlsx", "d", {"Alder": "40-49"}),                  # the file asked; no answer
        ("brev.txt", "e", None),                                  # a letter: public input
        ("andet.xlsx", "f", {"Alder": "50-59"}),                  # a survey that never asked
    ])
    ok = quotable(st)
    assert ok.index.equals(st.index) and ok.dtype == bool
    assert ok.tolist() == [True, False, False, False, True, True]


def test_quotable_without_a_context_column_quotes_everything() -> None:
    st = _st([("brev.txt", "a", None)]).drop(columns="context")
    assert quotable(st).tolist() == [True]
