"""The personal-data guard of an exported file: the patterns, and the run's own list of
private persons' names, which the caller passes (no list lives in the process)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest

from rus_analysis.report.guard import guard, scan_report, withheld_passages


def _page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rapport.html"
    path.write_text(f"<!DOCTYPE html><html><body><p>{body}</p></body></html>",
                    encoding="utf-8")
    return path


def test_guard_blocks_a_name_of_the_run_no_pattern_sees(tmp_path: Path) -> None:
    page = _page(tmp_path, "Tommy Kristoffersen fortalte om cykelstien.")
    names = frozenset({"Tommy Kristoffersen"})
    assert scan_report(page) == []                  # the patterns alone are blind to it
    assert scan_report(page, names) == ["NAVN"]
    with pytest.raises(ValueError, match="personal data") as err:
        guard(page, names)
    assert "Tommy" not in str(err.value)            # the finding names the kind, not the value
    assert not page.exists() and page.with_suffix(".html.blocked").is_file()


def test_guard_with_names_keeps_a_public_figure_in_office(tmp_path: Path) -> None:
    page = _page(tmp_path, "Borgmester Brian Holm lovede at se på busplanen.")
    guard(page, frozenset({"Brian Holm"}))          # a public role keeps the name
    assert page.is_file()


def test_the_run_log_loses_names_learned_after_they_were_logged(tmp_path: Path) -> None:
    from rus_analysis.pipeline import _redact_log
    log = tmp_path / "run.log"
    log.write_text("INFO hoeringssvar_jens_hansen.txt: read\n"
                   "WARNING brev.txt: signed by Jens Hansen, Gribskov Kommune\n",
                   encoding="utf-8")
    with log.open("a", encoding="utf-8") as f:
        f.write("INFO Soeren-Joergensen.pdf, soeren.joergensen.docx, SørenJørgensen.txt\n"
                "INFO jensenhansen.txt is someone else\n")
    _redact_log(log, frozenset({"Jens Hansen", "Søren Jørgensen"}))
    text = log.read_text(encoding="utf-8")
    assert "Jens " not in text and "jens_" not in text
    assert "Soeren" not in text and "soeren" not in text and "Søren" not in text
    assert "hoeringssvar_[NAVN].txt" in text and "Gribskov Kommune" in text
    assert "[NAVN].pdf, [NAVN].docx, [NAVN].txt" in text
    assert "jensenhansen.txt" in text            # another word that merely contains it


def _private_round_cfg(tmp_path: Path, strict: bool = False):  # noqa: ANN202 - Config
    """The private fixture round copied to ``tmp_path``, with a config that writes there."""
    import shutil

    from rus_analysis.config import load_config
    from support import CONFIG, FIXTURES

    raw = tmp_path / "raw"
    shutil.copytree(FIXTURES / "private_round" / "2027", raw / "2027")
    cfg = load_config(CONFIG, overrides={"paths": {
        "raw": str(raw), "processed": str(tmp_path / "processed"),
        "reports": str(tmp_path / "reports"), "state": str(tmp_path / "state"),
        "cache": str(tmp_path / "cache")}, "nlp": {"embedding_backend": "lexical"},
        "ingest": {"strict": strict}})
    return cfg, raw / "2027"


def _assert_no_private_name(log: Path) -> None:
    text = log.read_text(encoding="utf-8")
    assert "hoeringssvar_" in text                   # the log did name the files
    for name in ("kenneth", "madsen", "tommy", "kristoffersen"):
        assert name not in text.lower(), name


def test_a_failed_report_run_leaves_no_private_name_in_its_log(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """A run that fails after ingest has logged its files and problems; the names it had
    learned by then leave the log as they do after a run that succeeds."""
    import rus_analysis.position as position
    from rus_analysis.pipeline import build_report

    cfg, _ = _private_round_cfg(tmp_path)

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("positions failed")

    monkeypatch.setattr(position, "assign_positions", broken)
    out = tmp_path / "report"
    with pytest.raises(RuntimeError, match="positions failed"):
        build_report(cfg, out=out)
    _assert_no_private_name(out / "run.log")


def test_a_run_that_fails_inside_ingest_leaves_no_private_name_in_its_log(tmp_path: Path
                                                                          ) -> None:
    """Strict ingest stops at the first error, after it has logged the files read before
    it (``hoeringssvar_kenneth_madsen.txt``): the names the readers had learned by then
    leave the log too, not only the names of a run that got as far as clean."""
    from rus_analysis.pipeline import build_report
    from rus_analysis.problems import IngestError

    cfg, rnd = _private_round_cfg(tmp_path, strict=True)
    (rnd / "zz_svar.odt").write_bytes(b"PK\x03\x04 not a supported format")
    with (rnd / "manifest.yaml").open("a", encoding="utf-8") as f:
        f.write('  - {file: zz_svar.odt, type: written, name: "Høringssvar", '
                'organisation: Movia}\n')
    out = tmp_path / "report"
    with pytest.raises(IngestError, match="zz_svar.odt"):
        build_report(cfg, out=out)
    _assert_no_private_name(out / "run.log")


def _consent_statements(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Survey statements (id, text, answer to "Må vi citere dit svar?") of one file."""
    return pd.DataFrame({
        "statement_id": [r[0] for r in rows], "text": [r[1] for r in rows],
        "round": "2030", "source_file": "forms.xlsx",
        "context": [json.dumps({"Må vi citere dit svar?": r[2]}, ensure_ascii=False)
                    for r in rows]})


def test_a_refusal_inside_a_quotable_answer_does_not_block_the_report(tmp_path: Path
                                                                      ) -> None:
    """Furesø ("Nej") wrote the first half of what Egedal ("Ja") wrote: the report quotes
    Egedal's answer legitimately, so the guard passes it; Halsnæs' own words still block,
    and the message says what the analyst can do."""
    egedal = ("Flere trygge cykelstier ved de store veje mellem kommunerne, især ved "
              "skolerne.")
    furesoe = "Flere trygge cykelstier ved de store veje mellem kommunerne"
    halsnaes = ("Oversvømmelser efter skybrud i Halsnæs koster dyrt og skal finansieres af "
                "staten.")
    withheld = withheld_passages(_consent_statements([
        ("egedal:00", egedal, "Ja"), ("furesoe:00", furesoe, "Nej"),
        ("halsnaes:00", halsnaes, "Nej")]))
    assert [sid for sid, _ in withheld.passages] == ["halsnaes:00"]
    page = _page(tmp_path, f"“{html.escape(egedal)}” (Egedal Kommune)")
    guard(page, frozenset(), withheld)
    assert page.is_file()
    bad = _page(tmp_path, f"“{html.escape(halsnaes)}”")
    with pytest.raises(ValueError, match="halsnaes:00") as err:
        guard(bad, frozenset(), withheld)
    msg = str(err.value)
    assert "udsagn-id" in msg and "reword" in msg and "corrected copy" in msg
    assert "Oversvømmelser" not in msg
