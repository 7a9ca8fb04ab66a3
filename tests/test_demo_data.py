"""The bundled demo input: every file opens with its intended reader's library.

These tests do not use our own readers: they check that the demo is what it claims to be
(real xlsx, cp1252 CSV, Word styles, text PDFs), so that reader tests built on it test
the readers and not the demo.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from support import DEMO

ROUNDS = sorted(p for p in DEMO.iterdir() if (p / "manifest.yaml").is_file())


def declared() -> list[tuple[Path, dict]]:
    out = []
    for rnd in ROUNDS:
        manifest = yaml.safe_load((rnd / "manifest.yaml").read_text(encoding="utf-8"))
        out += [(rnd / s["file"], s) for s in manifest["sources"]]
    return out


def test_three_rounds_with_manifests_that_declare_exactly_their_files() -> None:
    assert [r.name for r in ROUNDS] == ["2022-23", "2025", "2026"]
    for rnd in ROUNDS:
        manifest = yaml.safe_load((rnd / "manifest.yaml").read_text(encoding="utf-8"))
        files = {s["file"] for s in manifest["sources"]}
        # a round's README is for people; the reader leaves it out by design
        on_disk = {p.name for p in rnd.iterdir() if p.name not in {"manifest.yaml",
                                                                    "README.md"}}
        assert files == on_disk
        assert {s["type"] for s in manifest["sources"]} <= {"survey", "meeting", "workshop",
                                                             "written"}


def test_demo_covers_every_format_and_source_type() -> None:
    kinds = {(p.suffix, s["type"]) for p, s in declared()}
    assert {(".xlsx", "survey"), (".csv", "survey"), (".docx", "meeting"), (".md", "meeting"),
            (".csv", "workshop"), (".docx", "workshop"), (".txt", "written"),
            (".docx", "written"), (".pdf", "written"), (".eml", "written")} <= kinds


@pytest.mark.parametrize(("path", "source"), declared(), ids=lambda v: getattr(v, "name", ""))
def test_each_file_opens_with_its_intended_library(path: Path, source: dict) -> None:
    suffix = path.suffix
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb[source.get("sheet", wb.sheetnames[0])]
        rows = list(ws.iter_rows(values_only=True))
        header = rows[source.get("header_row", 1) - 1]
        assert len(rows) > 5 and any(isinstance(c, str) and len(c) > 30 for c in header)
    elif suffix == ".csv" and source["type"] == "survey":
        raw = path.read_bytes()
        assert b"\r\n" in raw
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # cp1252, as Danish Excel writes it
        if source.get("layout") == "long":   # padded rows (;;;;) as Excel writes them
            import csv

            rows = list(csv.reader(raw.decode("cp1252").splitlines(), delimiter=";"))
            assert len(rows) > 10 and len(rows[0]) == 5 and max(map(len, rows)) > 5
        else:
            df = pd.read_csv(path, sep=";", encoding="cp1252")
            assert len(df) > 10 and len(df.columns) >= 8
    elif suffix == ".csv":
        df = pd.read_csv(path, encoding="utf-8")
        assert list(df.columns) == ["bord", "overskrift", "tekst", "kommune"]
    elif suffix == ".docx":
        import docx

        doc = docx.Document(str(path))
        styles = {p.style.name for p in doc.paragraphs}
        if source["type"] == "meeting":
            assert {"Heading 1", "Heading 2", "List Bullet"} <= styles
        assert sum(len(p.text) for p in doc.paragraphs) > 200
    elif suffix == ".pdf":
        from pypdf import PdfReader

        text = "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
        assert len(text) > 200 and any(ch in text for ch in "æøå")
    elif suffix in {".md", ".txt"}:
        text = path.read_text(encoding="utf-8")
        assert len(text) > 100
    elif suffix == ".eml":
        import email
        import email.policy

        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert msg["subject"] and len(msg.get_body().get_content()) > 200
    else:
        pytest.fail(f"unexpected format {path}")


def test_truth_file_plants_what_the_cleaning_must_handle() -> None:
    planted = pd.read_csv(DEMO / "truth" / "planted.csv", dtype=str, keep_default_na=False)
    kinds = set(planted["kind"])
    assert {"email", "phone", "cpr", "person_name", "exact_duplicate", "near_duplicate",
            "mojibake", "municipality_alias", "non_answer", "html_script"} <= kinds
    statements = pd.read_csv(DEMO / "truth" / "statements.csv", dtype=str, keep_default_na=False)
    assert len(statements) >= 600
    coverage = yaml.safe_load((DEMO / "truth" / "coverage.yaml").read_text(encoding="utf-8"))
    assert coverage["invited_silent"] and coverage["never_invited"]


def test_demo_says_it_is_synthetic() -> None:
    assert "SYNTHETIC" in (DEMO / "README.md").read_text(encoding="utf-8")
    readme = (DEMO / "2026" / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "CC BY-SA 4.0" in readme and "SIB-200" in readme


def test_2026_truth_files_are_complete() -> None:
    truth = DEMO / "truth" / "2026"
    st = pd.read_csv(truth / "statements.csv", dtype=str, keep_default_na=False)
    furniture = pd.read_csv(truth / "furniture.csv", dtype=str, keep_default_na=False)
    planted = pd.read_csv(truth / "planted.csv", dtype=str, keep_default_na=False)
    assert len(st) >= 190 and len(furniture) >= 180 and len(planted) >= 150
    assert set(st["source_corpus"]) == {"sib200_dan", "lcc_sentiment_da", "synthetic"}
    assert {"campaign", "outside_region", "hyphenation", "page_break", "quoted_reply",
            "andet_angiv", "choice_column", "extra_column"} <= set(planted["kind"])


def test_2026_generator_is_deterministic(tmp_path: Path) -> None:
    """Regenerating the round gives the committed bytes (the truth drives the tests)."""
    import subprocess
    import sys

    from support import ROOT

    out, truth = tmp_path / "2026", tmp_path / "truth"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo_round_2026.py"),
                    "--out", str(out), "--truth-out", str(truth)], check=True,
                   capture_output=True)
    for p in sorted((DEMO / "2026").iterdir()):
        assert (out / p.name).read_bytes() == p.read_bytes(), p.name
    for p in sorted((DEMO / "truth" / "2026").iterdir()):
        assert (truth / p.name).read_bytes() == p.read_bytes(), p.name
