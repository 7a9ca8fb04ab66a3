"""A column that asks a question is read as answers unless it was clearly ticked from a list.

Why: "Hvad er dit vigtigste ønske for regionen?" answered "Flere busser" by many
respondents looks like a choice column by its values alone (few distinct, repeated), and
40 opinions vanished into respondent attributes behind an info line. A list shows itself
(a scale, numbers, age bands, "flere svar mulige", several ticks in a cell, an "Andet"
option); without such a sign the short answers to a question are statements. Choice
columns that are not read say how many answers were kept as attributes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rus_analysis.config import load_config
from rus_analysis.ingest import read_round
from rus_analysis.ingest.columns import judge_column
from support import CONFIG

WISHES = ["Flere busser", "Billigere boliger", "Bedre cykelstier", "Rent drikkevand",
          "Mere natur", "Flere praktikpladser"]
THEMES = ["Kollektiv trafik og mobilitet", "Rent drikkevand", "Erhverv og vækst",
          "Uddannelse og beskæftigelse", "Klima og klimatilpasning", "Andet"]


def _values(options: list[str], n: int = 40, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(options) for _ in range(n)]


def test_short_repeated_answers_to_a_question_are_read() -> None:
    assert judge_column("Hvad er dit vigtigste ønske for regionen?",
                        _values(WISHES)).kind == "question"
    assert judge_column("Hvilken ting vil du helst have forbedret i dit nærområde",
                        _values(WISHES)).kind == "question"


@pytest.mark.parametrize(("header", "values"), [
    # the same kind of answers under a header that is not a question: labels of a list
    ("Prioriteret indsats", _values(WISHES)),
    # a list with its "Andet" option
    ("Hvilket tema bør have højest prioritet?", _values(THEMES)),
    # the header says the answers were ticked
    ("Hvilke temaer er vigtigst for jer? (flere svar mulige)", _values(WISHES)),
    # several ticks in one cell
    ("Hvad bruger du i hverdagen?",
     [f"{a}; {b}" for a, b in zip(_values(["Bus", "S-tog", "Cykel", "Bil"]),
                                  _values(["Bus", "S-tog", "Cykel", "Bil"], seed=4),
                                  strict=True)]),
    # a scale, numbers, age bands, gender
    ("I hvilken grad er du enig i, at strategien har gjort en forskel?",
     _values(["Meget enig", "Enig", "Hverken enig eller uenig", "Uenig"])),
    ("Hvordan vurderer du samarbejdet med regionen? (1-5)", _values(["1", "2", "3", "4", "5"])),
    ("Hvor gammel er du?", _values(["18-29 år", "30-49 år", "50-64 år", "65 år eller ældre"])),
    ("Hvad er dit køn?", _values(["Kvinde", "Mand"])),
])
def test_clear_choices_stay_attributes(header: str, values: list[str]) -> None:
    assert judge_column(header, values).kind == "choice"


def test_the_problem_line_counts_the_answers_not_read(tmp_path: Path) -> None:
    rnd = tmp_path / "2026"
    rnd.mkdir()
    wishes, themes = _values(WISHES), _values(THEMES, seed=5)
    rows = [f"{i};Gribskov;{w};{t};" for i, (w, t) in enumerate(zip(wishes, themes,
                                                                     strict=True), start=1)]
    rows[0] += ("Bussen kører for sjældent om aftenen og i weekenden")
    (rnd / "panel.csv").write_text(
        "Respondent-ID;Kommune;Hvad er dit vigtigste ønske for regionen?;"
        "Hvilket tema bør have højest prioritet?;Uddyb gerne\n" + "\n".join(rows) + "\n",
        encoding="utf-8")
    (rnd / "manifest.yaml").write_text(
        'round: "2026"\ntitle: "Borgerpanel"\nperiod: {start: 2026-01-01, end: 2026-12-31}\n'
        "invited_municipalities: [alle]\nsources:\n"
        '  - {file: panel.csv, type: survey, name: "Borgerpanel", date: 2026-02-01}\n',
        encoding="utf-8")
    res = read_round(rnd, load_config(CONFIG), strict=False)
    rec = res.records
    wish_answers = rec[rec["question"] == "Hvad er dit vigtigste ønske for regionen?"]
    assert sorted(wish_answers["text_raw"]) == sorted(wishes)      # all 40 read
    assert len(rec) == 41
    choice = res.problems[res.problems["code"] == "choice_column"]
    assert len(choice) == 1
    msg = choice.iloc[0]["message"]
    assert "Hvilket tema bør have højest prioritet?" in msg
    assert f"its {len(themes)} answers are kept as respondent attributes" in msg


@pytest.mark.parametrize("header,values", [
    ("Hvilken kommune bor du i?", ["Gribskov", "Hillerød", "Gribskov", "Halsnæs",
                                   "Lyngby-Taarbæk", "Gribskov", "Hillerød"] * 3),
    ("Hvad er din beskæftigelse?", ["Pensionist", "Studerende", "Lønmodtager", "Pensionist",
                                    "Selvstændig", "Lønmodtager"] * 3),
])
def test_a_question_about_the_respondent_is_an_attribute(header: str, values: list) -> None:
    """Where a respondent lives or what they do is who answered, not what they said."""
    assert judge_column(header, values).kind == "choice"


def test_one_word_answers_to_a_question_for_a_view_stay_answers() -> None:
    """Only a question about the respondent makes short answers attributes: one-word
    wishes are still what the respondents said."""
    assert judge_column("Hvad er dit vigtigste ønske for regionen?",
                        ["Natur", "Busser", "Natur", "Boliger"] * 6).kind == "question"
