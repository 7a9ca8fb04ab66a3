"""Private persons never reach an output: a round with their names and contact data in
every place a fresh-eyes review found them (tests/fixtures/private_round, written for
this test; names and numbers invented).

Redaction removes personal contact data and nothing else: dates, organisations and public
figures named in an opinion stay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis import pii
from rus_analysis.clean import clean_records
from rus_analysis.config import load_config
from rus_analysis.ingest import read_rounds
from rus_analysis.voicekey import project_voice_key
from support import ROOT, write_round

ROUND = ROOT / "tests" / "fixtures" / "private_round" / "2027"
PERSONAL = ["Kenneth", "Madsen", "Bettina", "Tommy", "Kristoffersen", "van der Berg",
            "Sara Friis", "Skovvej", "6789", "45 45", "456 789", "010190", "gmail",
            "hotmail", "example.dk", "(a)", "[at]"]
KEPT = ["11-03-2024", "Niels Brock", "Mette Frederiksen", "Lars Gaardhøj",
        "Borgmester Brian Holm", "Helsingevej", "Movia"]


def _manifest(round_id: str, *sources: str) -> str:
    """A test round's manifest: every municipality invited, one flow-style line per
    source ("file: x.csv, type: survey, name: S")."""
    return (f'round: "{round_id}"\ntitle: "Test"\ninvited_municipalities: [alle]\nsources:\n'
            + "".join(f"  - {{{src}}}\n" for src in sources))


def _ingest_and_clean(round_dir):  # noqa: ANN001, ANN202 - (IngestResult, CleanResult)
    cfg = load_config(ROOT / "config" / "rus.yaml")
    ing = read_rounds([round_dir], cfg)
    cl = clean_records(ing.records, cfg, problems=ing.problems,
                       organisations=ing.invitations["organisation"].dropna().astype(str),
                       private_names=ing.private_names)
    return ing, cl


@pytest.fixture(scope="module")
def result():  # noqa: ANN201 - (IngestResult, CleanResult, names of the run)
    ing, cl = _ingest_and_clean(ROUND)
    return ing, cl, cl.private_names


def _all_text(cl) -> str:  # noqa: ANN001 - CleanResult
    tables = [cl.statements, cl.rejects, cl.problems, cl.duplicate_groups]
    return "\n".join(t.astype(str).to_csv(index=False) for t in tables)


def test_no_personal_data_in_any_clean_table(result) -> None:  # noqa: ANN001
    _, cl, names = result
    text = _all_text(cl)
    assert [w for w in PERSONAL if w in text] == []
    assert pii.scan_pii(text, names=names) == []
    for kept in KEPT:                                 # and nothing else went
        assert kept in text, kept


def test_private_person_in_the_organisation_column_is_a_citizen(result) -> None:  # noqa: ANN001
    _, cl, _ = result
    st = cl.statements[cl.statements["source_file"] == "spoergeskema.csv"]
    by_row = st.assign(row=st["locator"].str.extract(r"row=(\d+)")[0]).groupby("row")
    orgs = by_row["organisation"].first().fillna("").to_dict()
    kinds = by_row["stakeholder_type"].first().to_dict()
    # "Kenneth Madsen" (row 2), "Bettina Holm, privat" (row 3): citizens, no organisation
    assert orgs["2"] == orgs["3"] == ""
    assert kinds["2"] == kinds["3"] == "borger"
    assert orgs["10"] == "Niels Brock"              # an invited organisation stays
    assert "unknown_organisation" not in set(
        cl.problems.loc[cl.problems["message"].str.contains("Madsen|Holm"), "code"])


def test_meeting_speaker_loses_the_name_keeps_the_place(result) -> None:  # noqa: ANN001
    _, cl, _ = result
    st = cl.statements[cl.statements["source_file"] == "borgermoede.md"]
    row = st[st["text"].str.startswith("Letbanen")].iloc[0]
    assert row["text"] == "Letbanen bør forlænges til Helsinge."
    assert json.loads(row["context"])["sted"] == "Helsinge"
    assert row["stakeholder_type"] == "borger"      # a private person, not the municipality
    letter = cl.statements.loc[cl.statements["source_file"] ==
                               "hoeringssvar_kenneth_madsen.txt", "text"].tolist()
    assert "Jeg hedder [NAVN] og bor på [ADRESSE], 3200 Helsinge." in letter
    texts = set(st["text"])
    # a listed participant's name goes wherever it stands; the public role keeps its name
    assert "Drikkevandet skal beskyttes bedre mod sprøjtemidler, siger [NAVN]." in texts
    assert "Borgmester Brian Holm lovede at se på busplanen for Helsinge igen." in texts


def test_mail_subject_and_sign_offs(result) -> None:  # noqa: ANN001
    _, cl, _ = result
    st = cl.statements
    mail = st[st["source_file"] == "hoeringssvar_mail.eml"]
    assert {json.loads(c)["subject"] for c in mail["context"]} == {
        "Høringssvar fra [NAVN], Helsinge"}
    family = st.loc[st["source_file"] == "hoeringssvar_familien.txt", "text"].str.cat(sep=" ")
    assert "[EMAIL]" in family and "[TELEFON]" in family and "Hilsen" not in family
    survey = st.loc[st["source_file"] == "spoergeskema.csv", "text"].tolist()
    assert "Kontakt [NAVN] for mere info om busserne." in survey
    assert any(t.startswith("Mit cpr-nr. er [CPR], jeg vil gerne have svar") for t in survey)


def test_redaction_is_counted_as_a_problem_line(result) -> None:  # noqa: ANN001
    _, cl, _ = result
    pii_lines = cl.problems[cl.problems["code"] == "pii_redacted"]
    assert {"spoergeskema.csv", "borgermoede.md", "hoeringssvar_familien.txt"} <= set(
        pii_lines["source_file"])


def test_the_guard_knows_the_names_of_the_run(result) -> None:  # noqa: ANN001
    _, _, names = result
    assert {"Kenneth Madsen", "Bettina Holm", "Tommy Kristoffersen"} <= names
    assert "Brian Holm" not in " ".join(names)       # a mayor in a public role
    assert "Niels Brock" not in names
    raw = pd.Series(["Tommy Kristoffersen fortalte om cykelstien."])
    assert pii.scan_pii(raw.iloc[0], names=names) == ["NAVN"]


def test_organisations_and_places_that_look_like_names_stay(tmp_path) -> None:  # noqa: ANN001
    """Two capitalised words are not a person: "Visit Nordsjælland" in the organisation
    column stays an organisation (and is not removed from the other texts), a route
    "Hillerød / Helsinge" is no slash sign-off, an amount "25.000.000 kr." no phone
    number; a speaker "Lise Bang:" with no organisation is a private person."""
    rnd = write_round(tmp_path / "2027", {
        "svar.csv":
            "Respondent-ID;Kommune;Organisation;Hvad er det vigtigste for dit lokalområde?\n"
            "1;Helsingør;Visit Nordsjælland;Turisterne skal kunne tage direkte bus Hillerød / "
            "Helsinge.\n"
            "2;Gribskov;Esrum Kloster;Et nyt hotel til 25.000.000 kr. kræver bedre veje.\n"
            "3;Gribskov;;Samarbejdet med Visit Nordsjælland kan hjælpe turismen.\n",
        "moede.md":
            "# Borgermøde om trafik\n\n- Lise Bang: Der mangler lærepladser i Helsinge.\n"
            "- Movia: Bustrafikken skal elektrificeres.\n"},
        _manifest("2027", 'file: svar.csv, type: survey, name: "Spørgeskema"',
                  'file: moede.md, type: meeting, name: "Borgermøde"'))
    _, cl = _ingest_and_clean(rnd)
    st = cl.statements
    text = "\n".join(st["text"])
    assert {"Visit Nordsjælland", "Esrum Kloster"} <= set(st["organisation"])
    assert "Samarbejdet med Visit Nordsjælland" in text
    assert "Hillerød / Helsinge" in text and "25.000.000 kr." in text
    assert "Lise" not in text and "Bang" not in text
    assert "Der mangler lærepladser i Helsinge." in text


def test_ingest_hands_on_the_names_its_readers_found(result) -> None:  # noqa: ANN001
    """The e-mail's private sender and the meeting's listed private participant are on
    the ingest result (no process-wide list); the clean result adds the sign-offs and the
    organisation cells, and keeps every name ingest found."""
    ing, cl, _ = result
    assert {"Kenneth Madsen", "Sara Friis"} <= ing.private_names
    assert "Brian Holm" not in " ".join(ing.private_names)     # a mayor in a public role
    assert "Tommy Kristoffersen" not in ing.private_names       # a survey's sign-off ...
    assert ing.private_names < cl.private_names                 # ... clean finds it
    for name in ing.private_names | cl.private_names:          # personal data: no repr
        assert name not in repr(ing) and name not in repr(cl)


def _round_naming_tommy(tmp_path) -> Path:  # noqa: ANN001
    """A round without any private person: its post-its name "Tommy Kristoffersen" (a
    private person's sign-off in the fixture round) in an opinion, which stays here."""
    return write_round(tmp_path / "2028", {
        "postits.csv":
            "bord,overskrift,tekst,kommune\n"
            "1,Trafik,Tommy Kristoffersen fortalte om cykelstien langs Helsingevej.,Gribskov\n"
            "2,Vand,Rent grundvand i Hillerød,Hillerød\n"},
        _manifest("2028", 'file: postits.csv, type: workshop, name: "Post-its", date: 2028-02-27'))


def _same_run(a, b) -> None:  # noqa: ANN001 - RunTables
    for name in ("statements", "rejects", "problems", "accounting"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.private_names == b.private_names


def test_two_runs_in_one_process_share_no_names(tmp_path, lexical_cfg) -> None:  # noqa: ANN001
    """Two runs in one kernel (two configs, threads, ``load_or_run`` after a run): the
    second carries none of the first's names, and the first's redaction is the same
    whether or not, and however interleaved, the second ran."""
    from concurrent.futures import ThreadPoolExecutor

    from rus_analysis.pipeline import run_pipeline

    other = _round_naming_tommy(tmp_path)
    first = run_pipeline(lexical_cfg, [ROUND], until="clean")
    second = run_pipeline(lexical_cfg, [other], until="clean")
    assert {"Kenneth Madsen", "Tommy Kristoffersen"} <= first.private_names
    assert second.private_names == frozenset()
    assert "Tommy Kristoffersen fortalte om cykelstien langs Helsingevej." in set(
        second.statements["text"])                  # not a private person of this run
    _same_run(run_pipeline(lexical_cfg, [ROUND], until="clean"), first)
    # stage by stage, interleaved: the second run's ingest does not wipe the first's names
    cfg = load_config(ROOT / "config" / "rus.yaml")
    ing_first, ing_second = read_rounds([ROUND], cfg), read_rounds([other], cfg)
    cl_second = clean_records(ing_second.records, cfg, problems=ing_second.problems,
                              private_names=ing_second.private_names)
    cl_first = clean_records(
        ing_first.records, cfg, problems=ing_first.problems,
        organisations=ing_first.invitations["organisation"].dropna().astype(str),
        private_names=ing_first.private_names,
        voice_key=project_voice_key(lexical_cfg.paths.state))   # the key the runs used
    assert cl_second.private_names == frozenset()
    assert cl_first.private_names == first.private_names
    pd.testing.assert_frame_equal(cl_first.statements, first.statements)
    # and at the same time, in two threads
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda d: run_pipeline(lexical_cfg, [d], until="clean"),
                             [ROUND, other]))
    _same_run(runs[0], first)
    _same_run(runs[1], second)


def test_a_sender_the_manifest_declares_an_organisation_is_no_private_person(tmp_path) -> None:  # noqa: ANN001
    """An e-mail from "Niels Brock" (a first name and a surname) whose manifest entry
    names the organisation Niels Brock: not a private person, in ingest's list either,
    so no problem line and no text loses the organisation's name; a private sender of
    the same round is listed."""
    rnd = write_round(tmp_path / "2029", {
        name: f"From: {sender}\nTo: rus@regionh.dk\nSubject: Høringssvar\n"
              "Content-Type: text/plain; charset=utf-8\n\n"
              "Niels Brock ønsker flere praktikpladser i hovedstaden.\n"
        for name, sender in (("brock.eml", "Niels Brock <info@brock.dk>"),
                             ("borger.eml", "Kenneth Madsen <km@example.dk>"))},
        _manifest("2029", 'file: brock.eml, type: written, name: "Høringssvar", '
                          'organisation: "Niels Brock"',
                  'file: borger.eml, type: written, name: "Høringssvar", organisation: privat'))
    ing, cl = _ingest_and_clean(rnd)
    assert "Kenneth Madsen" in ing.private_names
    assert "Niels Brock" not in ing.private_names | cl.private_names
    assert "Niels Brock ønsker flere praktikpladser" in " ".join(cl.statements["text"])


def test_a_private_sender_s_signed_name_goes_wherever_the_letter_repeats_it(tmp_path) -> None:  # noqa: ANN001
    """A letter from a private person names its signer in the body too ("Jens Hansen og
    familien"): the signature teaches the run the name, so the body loses it as well."""
    rnd = write_round(tmp_path / "2030", {
        "borger.txt": "Kære Region Hovedstaden\n\nJeg bor i Helsinge og tager hver dag toget "
                      "til København. Jens Hansen og familien har brug for bedre forbindelser "
                      "om aftenen.\n\nMed venlig hilsen\n\nJens Hansen\n"},
        _manifest("2030", 'file: borger.txt, type: written, name: "Høringssvar", '
                          'organisation: Privat'))
    ing, cl = _ingest_and_clean(rnd)
    assert "Jens Hansen" in ing.private_names
    st = cl.statements
    private = " ".join(st.loc[st["source_file"] == "borger.txt", "text"])
    assert "Jens" not in private and "[NAVN] og familien har brug for" in private
    assert "toget til København" in private


def test_a_citizen_who_writes_borger_before_the_name_is_not_named(tmp_path) -> None:  # noqa: ANN001
    """"Borger, Jens Peter Holm" in a survey's organisation cell: the mark says a private
    person, so the cell loses the name, the run learns it and the minutes lose it too;
    "Borger i Gilleleje" is a place, and stays."""
    rnd = write_round(tmp_path / "2031", {
        "svar.csv":
            "Respondent-ID;Kommune;Organisation;Hvad er det vigtigste for dit lokalområde?\n"
            "1;Gribskov;Borger, Jens Peter Holm;Klimatilpasning ved kysten skal prioriteres.\n"
            "2;Gribskov;Borger i Gilleleje;Busserne til Hillerød kører for sjældent.\n",
        "moede.md":
            "# Borgermøde om kysten\n\n- Movia: Jens Peter Holm spurgte til digerne, og "
            "bussen skal køre oftere om aftenen.\n"},
        _manifest("2031", 'file: svar.csv, type: survey, name: "Spørgeskema"',
                  'file: moede.md, type: meeting, name: "Borgermøde"'))
    _, cl = _ingest_and_clean(rnd)
    st = cl.statements
    assert "Jens Peter Holm" in cl.private_names
    everything = _all_text(cl)
    assert "Jens" not in everything and "Holm" not in everything
    assert "Borger i Gilleleje" in set(st["organisation"])
    assert "bussen skal køre oftere om aftenen" in "\n".join(st["text"])
