"""Properties that must hold for any input: idempotent cleaning, no record lost, no
e-mail/phone/CPR pattern left."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rus_analysis.clean import clean_records, clean_text, repair_text
from rus_analysis.config import load_config
from rus_analysis.pii import redact, scan_pii
from rus_analysis.schema import RECORD_COLUMNS
from support import ROOT

CFG = load_config(ROOT / "config" / "rus.yaml")

# text with the characters that make cleaning hard: Danish letters, mojibake, markup,
# bullets, control characters, odd whitespace
ALPHABET = st.sampled_from(list(
    "abcæøåÆØÅ KÃ¸Â¦<>/&;#-•*=+@.,:!?\n\t\r\x00\u00a0\u200b0123456789ABZéü\"'()"))
TEXT = st.text(alphabet=ALPHABET, max_size=120) | st.text(max_size=60)
WORDS = st.lists(st.sampled_from(["bus", "tog", "vand", "Kære", "Mvh", "Hilsen", "Jens",
                                  "Hansen", "ved ikke", "-", "\n\n", "• ", "Kommune:",
                                  "Gribskov", "<b>", "</b>", "KÃ¸benhavn", "."]),
                 max_size=25).map(" ".join)

local_part = st.from_regex(r"[a-z][a-z0-9._]{0,10}", fullmatch=True)
domain = st.from_regex(r"[a-z]{2,10}\.(dk|com|org)", fullmatch=True)
EMAIL = st.builds(lambda a, b: f"{a}@{b}", local_part, domain)
PHONE = st.builds(
    lambda prefix, d, fmt: prefix + fmt(d),
    st.sampled_from(["", "+45 ", "0045", "+45", "tlf. ", "Tlf.: "]),
    st.from_regex(r"[2-9][0-9]{7}", fullmatch=True),
    st.sampled_from([lambda d: d, lambda d: f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
                     lambda d: f"{d[:4]} {d[4:]}", lambda d: f"{d[:2]}-{d[2:4]}-{d[4:6]}-{d[6:]}"]),
)
CPR = st.builds(lambda d, m, y, s, dash: f"{d:02d}{m:02d}{y:02d}{'-' if dash else ''}{s:04d}",
                st.integers(1, 28), st.integers(1, 12), st.integers(0, 99),
                st.integers(0, 9999), st.booleans())
FILLER = st.sampled_from(["Ring til", "Skriv til", "kontakt", "Mit nummer er", "se", ""])


@settings(max_examples=100, deadline=None)
@given(TEXT | WORDS)
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once
    assert "\x00" not in once


@settings(max_examples=100, deadline=None)
@given(TEXT | WORDS)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(FILLER, st.one_of(EMAIL, PHONE, CPR)), min_size=1, max_size=4),
       TEXT)
def test_no_contact_pattern_survives_redaction(items: list[tuple[str, str]], noise: str) -> None:
    text = " ".join(f"{f} {v}." for f, v in items) + " " + repair_text(noise)
    out = redact(text)
    kinds = {k for k in scan_pii(out)} & {"EMAIL", "TELEFON", "CPR"}
    assert kinds == set()
    for _, value in items:
        assert value not in out


def _records(texts: list[str], files: list[int]) -> pd.DataFrame:
    rows = []
    for i, (t, f) in enumerate(zip(texts, files, strict=False)):
        d = dict.fromkeys(RECORD_COLUMNS, "")
        d.update(record_id=f"r{i:04d}", round="R1", source_file=f"f{f}.xlsx",
                 source_type=["survey", "written", "meeting", "workshop"][f % 4],
                 locator=f"row={i}", respondent_id=str(i % 5), text_raw=t)
        rows.append(d)
    return pd.DataFrame(rows, columns=list(RECORD_COLUMNS))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT | WORDS | EMAIL | PHONE, min_size=1, max_size=15), st.data())
def test_every_record_accounted_and_no_pattern_written(texts: list[str],
                                                       data: st.DataObject) -> None:
    files = data.draw(st.lists(st.integers(0, 3), min_size=len(texts), max_size=len(texts)))
    records = _records(texts, files)
    res = clean_records(records, CFG)       # raises AccountingError on any loss
    acc = res.accounting
    assert acc["balanced"].all()
    assert acc["records_in"].sum() == len(records)
    assert (acc["kept"] + acc["merged"] + acc["rejected"]).sum() == len(records)
    seen = set(res.statements["record_id"]) | set(res.rejects["record_id"])
    assert seen == set(records["record_id"])
    for col in ("text",):
        for value in pd.concat([res.statements[col], res.rejects[col]]).dropna():
            assert not {"EMAIL", "TELEFON", "CPR"} & set(scan_pii(value)), value


NAME = st.builds(lambda f, last: f"{f} {last}",
                 st.sampled_from(["Jens", "Anne-Mette", "Søren", "Lis", "Birthe", "Ole"]),
                 st.sampled_from(["Hansen", "Holm-Larsen", "Ærø", "B. Nielsen", "Østergaard"]))
ORG = st.sampled_from(["", " fra Gribskov Kommune", ", Movia", " (formand)", ", tlf. 12345678"])
TEMPLATE = st.sampled_from(["Navn: {n}{o}", "Kontaktperson: {n}{o}", "Med venlig hilsen\n{n}{o}",
                            "Venlig hilsen {n}{o}", "Med venlig hilsen\n\n{n}\nDirektør{o}"])


@settings(max_examples=100, deadline=None)
@given(TEMPLATE, NAME, ORG, TEXT)
# found by a CI run: "VH" before "Med venlig hilsen" took the second closing for the name
@example("Med venlig hilsen\n{n}{o}", "Jens Hansen", " fra Gribskov Kommune", "VH")
def test_signature_and_field_names_never_survive(template: str, name: str, org: str,
                                                 noise: str) -> None:
    text = repair_text(noise) + "\n" + template.format(n=name, o=org)
    out = redact(text)
    assert scan_pii(out) == []
    assert name not in out
