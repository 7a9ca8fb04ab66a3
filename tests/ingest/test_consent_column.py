"""A survey's consent question ("Må vi citere dit svar?"): kept as the respondent's
attribute (also when empty, as in a wide or a long export), never read as statements, and
named once per file in a ``quote_consent`` problem line with the respondents who did not
consent."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from consent_round import CONSENT, RESPONDENTS, make_round, write_forms
from rus_analysis.config import Config
from rus_analysis.consent import quotable
from rus_analysis.ingest import read_rounds
from rus_analysis.ingest.columns import judge_column


def _consent_lines(problems: pd.DataFrame, file: str) -> pd.DataFrame:
    return problems[(problems["code"] == "quote_consent") & (problems["source_file"] == file)]


def test_forms_consent_column_is_an_attribute_named_once_with_its_refusals(
        tmp_path: Path, lexical_cfg: Config) -> None:
    rd = make_round(tmp_path / "2027")
    ing = read_rounds([rd], lexical_cfg)
    rec = ing.records[ing.records["source_file"] == "dialog_forms.xlsx"]
    assert len(rec) == 2 * len(RESPONDENTS)                  # every answer read, no "Nej"
    assert not rec["text_raw"].isin(["Ja", "Nej"]).any()
    assert {json.loads(c)[CONSENT] for c in rec["context"]} == {"Ja", "Nej"}
    line = _consent_lines(ing.problems, "dialog_forms.xlsx")
    assert len(line) == 1 and line["severity"].iloc[0] == "info"
    msg = line["message"].iloc[0]
    assert f"'{CONSENT}'" in msg and "2 of 6 respondents" in msg and "never quoted" in msg
    assert line["action"].iloc[0].startswith("nothing is needed")
    assert _consent_lines(ing.problems, "postits.csv").empty  # no consent column, no line


def test_words_that_are_no_scale_and_an_empty_answer_still_withhold(
        tmp_path: Path, lexical_cfg: Config) -> None:
    """"Ja, gerne" / "Nej tak" are not scale words: without the consent rule the column
    was read as answers to a question. A respondent who left it empty does not consent."""
    assert judge_column(CONSENT, ["Ja, gerne", "Nej tak", "Ja, gerne"] * 3).kind == "choice"
    rd = tmp_path / "2027"
    rd.mkdir()
    rows = [(*r[:4], c) for r, c in zip(RESPONDENTS, ["Ja, gerne", "Nej tak", "", "Ja, gerne",
                                                      "Ja, gerne", "Ja, gerne"], strict=True)]
    write_forms(rd / "forms.xlsx", rows)
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n  - {file: forms.xlsx, type: survey, name: "Forms"}\n',
        encoding="utf-8")
    ing = read_rounds([rd], lexical_cfg)
    rec = ing.records
    assert len(rec) == 12 and not rec["text_raw"].str.startswith(("Ja", "Nej")).any()
    by_row = {loc.split(";")[1]: json.loads(c)[CONSENT]
              for loc, c in zip(rec["locator"], rec["context"], strict=True)}
    assert by_row["row=4"] == "" and by_row["row=3"] == "Nej tak"
    msg = _consent_lines(ing.problems, "forms.xlsx")["message"].iloc[0]
    assert "2 of 6" in msg and "1 left it empty" in msg
    st = rec.assign(text=rec["text_raw"])
    assert int((~quotable(st)).sum()) == 4


def test_long_export_respondent_without_a_consent_row_does_not_consent(
        tmp_path: Path, lexical_cfg: Config) -> None:
    rd = tmp_path / "2027"
    rd.mkdir()
    q = "Hvad er det vigtigste for trafikken?"
    with open(rd / "svar_lang.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Respondent", "Spørgsmål id", "Spørgsmål", "Svar"])
        for rid, (_, _, answer, _, consent) in enumerate(RESPONDENTS[:4], start=1):
            w.writerow([rid, "q1", q, answer])
            if rid != 4:                                     # respondent 4 skipped it
                w.writerow([rid, "q9", CONSENT, consent])
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n  - {file: svar_lang.csv, type: survey, name: "Panel"}\n',
        encoding="utf-8")
    ing = read_rounds([rd], lexical_cfg)
    rec = ing.records.sort_values("respondent_id")
    assert len(rec) == 4
    assert [json.loads(c)[CONSENT] for c in rec["context"]] == ["Ja", "Ja", "Nej", ""]
    assert quotable(rec.assign(text=rec["text_raw"])).tolist() == [True, True, False, False]
    msg = _consent_lines(ing.problems, "svar_lang.csv")["message"].iloc[0]
    assert "2 of 4" in msg


def _forms_round(rd: Path, header: str, answers: list[str]) -> Path:
    """A round of one Forms export whose consent question is ``header``, answered
    ``answers`` by the six respondents in turn."""
    rd.mkdir()
    rows = [(*r[:4], a) for r, a in zip(RESPONDENTS, answers, strict=True)]
    write_forms(rd / "forms.xlsx", rows, consent=header)
    (rd / "manifest.yaml").write_text(
        'round: "2027"\nsources:\n  - {file: forms.xlsx, type: survey, name: "Forms"}\n',
        encoding="utf-8")
    return rd


@pytest.mark.parametrize("header", [
    "Ønsker du at blive citeret?", "Vil du gerne citeres?", "Må vi gengive dit svar i "
    "rapporten?", "Må vi bruge dit svar i rapporten?", "Would you like to be quoted?",
])
def test_common_consent_wordings_withhold_every_answer_but_an_unconditional_yes(
        tmp_path: Path, lexical_cfg: Config, header: str) -> None:
    """Whatever the wording, a respondent who answered "Nej", a yes with a condition or
    something else is never quoted, and their consent answers are not statements."""
    answers = ["Ja", "Nej", "Ja, men ikke med navn", "Ja, gerne", "Kun internt", "Ja"]
    ing = read_rounds([_forms_round(tmp_path / "2027", header, answers)], lexical_cfg)
    rec = ing.records
    assert len(rec) == 12 and not rec["question"].eq(header).any()
    assert not rec["text_raw"].isin(answers).any()
    ok = quotable(rec.assign(text=rec["text_raw"]))
    by_answer = {json.loads(c)[header]: q for c, q in zip(rec["context"], ok, strict=True)}
    assert by_answer == {"Ja": True, "Ja, gerne": True, "Nej": False,
                         "Ja, men ikke med navn": False, "Kun internt": False}
    msg = _consent_lines(ing.problems, "forms.xlsx")["message"].iloc[0]
    assert "3 of 6" in msg and "1 gave a yes with a condition" in msg
    assert "'Ja, men ikke med navn'" in msg
    assert ing.problems[ing.problems["code"] == "consent_not_read"].empty


@pytest.mark.parametrize(("header", "why"), [
    ("Citering", "header is not read"), ("Har du et citat, du vil dele?", "header is not read"),
    ("Hvilke mål fra strategien ønsker I citeret?", "most of its answers are sentences"),
])
def test_a_header_about_quoting_not_read_as_consent_is_a_warning(
        tmp_path: Path, lexical_cfg: Config, header: str, why: str) -> None:
    """A column that speaks of quoting but withholds nothing (its header is not
    recognised): the analyst is warned, in English and Danish, with what to do; every
    answer is still read."""
    from rus_analysis.problems import problem_da

    long = ("Ja, men kun hvis I skriver, at det er bestyrelsens holdning og ikke den enkelte "
            "medarbejders")
    answers = ["Ja", "Nej", "Ja", long, "Nej", "Ja"]
    if "citeret" in header:   # a strategy question: its answers are sentences
        answers = [long.replace("Ja, men kun hvis", f"Mål {i}: at")
                   for i in range(5)] + ["Ja"]
    ing = read_rounds([_forms_round(tmp_path / "2027", header, answers)], lexical_cfg)
    line = ing.problems[ing.problems["code"] == "consent_not_read"]
    assert len(line) == 1 and line["severity"].iloc[0] == "warning"
    assert f"'{header}'" in line["message"].iloc[0] and why in line["message"].iloc[0]
    assert "Må vi citere dit svar?" in line["action"].iloc[0]
    assert problem_da("consent_not_read")
    assert len(ing.records) >= 12                  # the answers are all read


def test_one_long_answer_does_not_switch_consent_off(tmp_path: Path, lexical_cfg: Config
                                                     ) -> None:
    """A long answer in the consent column ("Ja, men kun hvis …", Forms' "Andet: …") once
    made the column an ordinary question: every "Nej" was quoted and the consent answers
    became statements. Now the header decides, the long answer withholds its respondent's
    quotes, no consent answer is a statement, and the line gives counts, not words."""
    header = "Må vi citere dit svar?"
    long = ("Ja, men kun hvis I skriver, at det er bestyrelsens holdning og ikke Jens "
            "Hansens")
    answers = ["Ja", "Nej", "Ja", long, "Nej", "Ja"]
    ing = read_rounds([_forms_round(tmp_path / "2027", header, answers)], lexical_cfg)
    rec = ing.records
    assert not rec["text_raw"].str.contains("bestyrelsens holdning|^Nej$|^Ja$").any()
    ok = quotable(rec.assign(text=rec["text_raw"]))
    by_answer = {json.loads(c)[header]: q for c, q in zip(rec["context"], ok, strict=True)}
    assert by_answer == {"Ja": True, "Nej": False, long: False}
    msg = _consent_lines(ing.problems, "forms.xlsx")["message"].iloc[0]
    assert "3 of 6" in msg and "1 gave a yes with a condition" in msg
    assert "Jens" not in msg and "bestyrelsens" not in msg
    assert ing.problems[ing.problems["code"] == "consent_not_read"].empty
