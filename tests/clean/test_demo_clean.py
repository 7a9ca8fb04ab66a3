"""The clean stage measured against the demo data's answer key (data/raw/demo/truth).

Runs ingest -> clean -> write once on the demo collection and checks what the committee
relies on: no planted personal datum in anything written, every planted duplicate group
found, municipalities right for >= 98% of truth statements, accounting exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.clean import CleanResult, clean_records, repair_text
from rus_analysis.config import load_config
from rus_analysis.pii import scan_pii
from support import DEMO, ROOT
from truth import pii_pattern, written_text

TRUTH = DEMO / "truth"

pytestmark = pytest.mark.skipif(not (TRUTH / "planted.csv").is_file(),
                                reason="demo data not generated")


@dataclass
class Run:
    records: pd.DataFrame
    problems: pd.DataFrame
    result: CleanResult
    out: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    from rus_analysis.ingest import read_rounds
    from rus_analysis.pipeline import find_round_dirs, run_pipeline, write_run

    cfg = load_config(ROOT / "config" / "rus.yaml")
    ing = read_rounds([DEMO], cfg)
    res = clean_records(ing.records, cfg, ing.problems, private_names=ing.private_names)
    out = tmp_path_factory.mktemp("processed")
    # what `rus-analysis ingest` writes: the one writer, with empty theme tables (its
    # own state: the run draws a voice key there)
    own = load_config(ROOT / "config" / "rus.yaml", overrides={"paths": {"state": str(out / "state")}})
    write_run(run_pipeline(own, find_round_dirs(DEMO), until="clean"), out)
    return Run(ing.records, ing.problems, res, out)


def test_no_planted_personal_data_written(run: Run) -> None:
    planted = pd.read_csv(TRUTH / "planted.csv", dtype=str, keep_default_na=False)
    pii = planted[planted["kind"].isin(["email", "phone", "cpr", "person_name"])]
    assert len(pii) > 50
    written = written_text(run.out)
    left = [(r.kind, r.file, r.locator) for r in pii.itertuples()
            if re.search(pii_pattern(r.kind, r.value), written)]
    assert left == []
    for col in ("text", "organisation"):
        for v in run.result.statements[col].dropna().unique():
            assert scan_pii(v, run.result.private_names) == [], v


def test_roles_and_html_handled(run: Run) -> None:
    planted = pd.read_csv(TRUTH / "planted.csv", dtype=str, keep_default_na=False)
    text = "\n".join(run.result.statements["text"])
    for role in planted.loc[planted["kind"] == "role_not_pii", "value"]:
        assert role in text
    assert "<script" not in text and "alert(" not in text and "<b>" not in text


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", repair_text(s)).strip().casefold()


@pytest.fixture(scope="module")
def lookup(run: Run) -> dict[str, pd.DataFrame]:
    """Statements with normalised text and document position, for matching truth rows."""
    st = run.result.statements.copy()
    st["norm"] = st["text"].map(_norm)
    rec = run.records.copy()
    rec["n"] = rec["locator"].str.extract(r"(?:row|line|para)=(\d+)")[0].astype(float)
    rec["rank"] = rec.groupby("source_file")["n"].rank(method="dense")
    st["pos"] = st["record_id"].map(rec.set_index("record_id")["rank"]).fillna(0)
    written = st["source_type"] == "written"
    st.loc[written, "pos"] = st.loc[written, "statement_id"].str.rsplit(":", n=1).str[1] \
        .astype(int) + 1
    return {f: g for f, g in st.groupby("source_file")}


def _statement_for(by_file: dict[str, pd.DataFrame], file: str, locator: str, snippet: str
                   ) -> pd.Series | None:
    """The statement a truth row means: the snippet at its start, nearest position."""
    cand = by_file.get(file)
    if cand is None:
        return None
    sn = _norm(snippet)
    starts = [t.startswith(sn) for t in cand["norm"]]
    hit = cand[starts]
    if hit.empty:
        hit = cand[[sn in t for t in cand["norm"]]]
    if hit.empty:
        return None
    q = re.search(r"col=(\w+)", locator)
    if q:
        same_q = hit[hit["locator"].str.endswith(f"col={q.group(1)}")]
        hit = same_q if len(same_q) else hit
    m = re.search(r"=(\d+)", locator)
    want = int(m.group(1)) if m else 0
    return hit.loc[(hit["pos"] - want).abs().sort_values(kind="stable").index[0]]


def test_municipality_resolution_against_truth(lookup: dict[str, pd.DataFrame]) -> None:
    truth = pd.read_csv(TRUTH / "statements.csv", dtype=str, keep_default_na=False)
    right = total = found = types_right = 0
    wrong: list[tuple[str, str, str, str]] = []
    for t in truth.itertuples():
        row = _statement_for(lookup, t.file, t.locator, t.snippet)
        if row is None:
            continue
        found += 1
        types_right += row["stakeholder_type"] == t.stakeholder_type
        got = "" if pd.isna(row["municipality_code"]) else row["municipality_code"]
        if t.municipality_code:            # names or implies a municipality
            total += 1
            right += got == t.municipality_code
            if got != t.municipality_code:
                wrong.append((t.file, t.locator, t.municipality_code, got))
        else:
            assert got == "" or t.organisation == "", (t.file, t.locator, got)
    assert found >= 0.98 * len(truth)
    assert total > 400
    assert right / total >= 0.98, wrong[:10]
    assert types_right / found >= 0.95


def test_planted_duplicate_groups_found(run: Run, lookup: dict[str, pd.DataFrame]
                                        ) -> None:
    planted = pd.read_csv(TRUTH / "planted.csv", dtype=str, keep_default_na=False)
    dups = planted[planted["kind"].isin(["exact_duplicate", "near_duplicate"])]
    st = run.result.statements
    assert dups["group"].nunique() >= 4
    for group, rows in dups.groupby("group"):
        if (rows["locator"] == "").all():        # whole letters: paragraph by paragraph
            files = rows["value"].tolist()
            letters = [st[st["source_file"] == f] for f in files]
            assert all(len(x) for x in letters), group
            assert len(letters[0]) == len(letters[1])
            # paragraph by paragraph: every paragraph of one copy is in a group with one
            # of the other's (a PDF's paragraphs are recovered from its layout)
            a, b = (set(x["dup_group"]) for x in letters)
            assert a == b and all(g.startswith("dup:") for g in a), group
            continue
        groups = set()
        for r in rows.itertuples():
            s = _statement_for(lookup, r.file, r.locator, r.value[:60])
            assert s is not None, (group, r.locator)
            groups.add(s["dup_group"])
        assert len(groups) == 1, group
        gid = groups.pop()
        assert gid.startswith("dup:")
        members = st[st["dup_group"] == gid]
        assert members["is_representative"].sum() == 1
        # a campaign shares one voice; a duplicate keeps its senders' voices
        if members["voice_id"].str.startswith("campaign:").any():
            assert members["voice_id"].nunique() == 1
        assert len(members) >= len(rows)


def test_accounting_balances_exactly(run: Run) -> None:
    acc, res = run.result.accounting, run.result
    assert acc["balanced"].all()
    assert acc["records_in"].sum() == len(run.records)
    files = run.records.groupby(["round", "source_file"]).size()
    got = acc.set_index(["round", "source_file"])["records_in"]
    assert (got.reindex(files.index) == files).all()
    kept_records = set(res.statements["record_id"]) | set(
        res.rejects.loc[res.rejects["record_id"] != "", "record_id"])
    assert kept_records == set(run.records["record_id"])
    assert (acc["statements_kept"] + acc["statements_merged"]).sum() == len(res.statements)


def test_non_answers_and_greeting_only_letter_rejected(run: Run) -> None:
    planted = pd.read_csv(TRUTH / "planted.csv", dtype=str, keep_default_na=False)
    rj = run.result.rejects
    non = planted[planted["kind"] == "non_answer"]
    texts = set(rj.loc[rj["reason_code"] == "non_answer", "text"])
    assert set(non["value"]) <= texts
    kept_texts = set(run.result.statements["text"])
    assert not set(non["value"]) & kept_texts
    letter = planted.loc[planted["kind"] == "greeting_only_letter", "file"]
    for f in letter:
        assert f in set(rj["source_file"])
        assert f not in set(run.result.statements["source_file"])
