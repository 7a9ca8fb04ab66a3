"""The clean stage as one chain: records -> statements, rejects, accounting, duplicates.

Why every step is a small named function in one ``.pipe`` chain: a committee member may
ask why a sentence is not in the report, and the answer must be findable - repaired,
redacted, stripped of letter furniture, split, rejected with a reason, or merged into a
campaign group. Nothing is dropped silently; ``accounting`` proves it per file. The steps
live in the modules named after them (``repair``, ``letters``, ``speakers``, ``resolve``,
``voices``, ``split``, ``answers``, ``duplicates``, ``accounting``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from rus_analysis import pii
from rus_analysis.clean import findings
from rus_analysis.clean.accounting import AccountingError, build_accounting, file_level_problems
from rus_analysis.clean.answers import REASONS, normalise_answer, reject_reason
from rus_analysis.clean.duplicates import exact_key, find_duplicates
from rus_analysis.clean.letters import strip_letter_furniture
from rus_analysis.clean.repair import repair_text
from rus_analysis.clean.resolve import Geo, resolve_places
from rus_analysis.clean.speakers import take_speakers
from rus_analysis.clean.split import flatten, split_statements
from rus_analysis.clean.voices import DEFAULT_VOICE_KEY, assign_voices, opaque_campaigns
from rus_analysis.config import Config
from rus_analysis.problems import PROBLEM_CODES, problem_da, problems_frame
from rus_analysis.schema import RECORD_COLUMNS, REJECT_COLUMNS, STATEMENT_COLUMNS, check_columns


@dataclass(frozen=True)
class CleanResult:
    """What the clean stage hands on: statements, rejects, accounting, duplicate groups.

    ``private_names``: the run's private persons' names (ingest's and the ones cleaning
    found, known organisations taken off), which every text of the run was redacted
    with; the final guard looks for them. Personal data: in memory only, never written,
    not in the repr.
    """

    statements: pd.DataFrame
    rejects: pd.DataFrame
    accounting: pd.DataFrame
    duplicate_groups: pd.DataFrame
    problems: pd.DataFrame = None  # type: ignore[assignment]  # findings of cleaning
    private_names: frozenset[str] = field(default=frozenset(), repr=False)


_TEXT_FIELDS = ("record_id", "round", "source_file", "source_type", "source_name",
                "source_date", "locator", "respondent_id", "question_id", "question",
                "municipality_raw", "organisation", "organisation_type_raw", "text_raw",
                "voice_key", "context")


def _prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Every contract column as text ("" for missing), so later steps need no NA checks
    (records of older runs may lack the newer columns)."""
    df = records.reindex(columns=list(RECORD_COLUMNS)).copy()
    for c in _TEXT_FIELDS:
        df[c] = df[c].astype("string").fillna("").astype(str)
    return df.reset_index(drop=True)


def _repair(df: pd.DataFrame) -> pd.DataFrame:
    """Repair the text and the short fields that reach the outputs."""
    df = df.assign(text=_map_unique(df["text_raw"], repair_text))
    for c in ("organisation", "organisation_type_raw", "municipality_raw", "respondent_id",
              "question", "source_name"):
        df[c] = _map_unique(df[c], lambda v: flatten(repair_text(v)) if v else "")
    return df


_PRIVATE_TYPE = re.compile(r"(?i)^\s*(?:borger|privat\w*|beboer)\b")
# "Bettina Holm, Helsinge: ..." - a private person and a place before a colon
_PRIVATE_SPEAKER = re.compile(
    r"^(?P<name>[^:,\n]{3,60}),[ \t]*(?P<place>[A-ZÆØÅ][\w\-]*(?:[ \t][A-ZÆØÅ][\w\-]*)?)"
    r"[ \t]*[:\u2013][ \t]+(?=\S)")


# "Lise Bang: ..." - a person's name alone before a colon (no organisation, no place)
_NAMED_SPEAKER = re.compile(r"^(?P<name>" + pii.NAME_PATTERN + r")[ \t]*:[ \t]+(?=\S)")


def _private_person(name: str, geo: Geo, keep: frozenset[str]) -> bool:
    """A private person's name (``pii.is_private_name``: a Danish first name, no known
    organisation, no configured stakeholder) that is no municipality either ("Esrum
    Kloster" in an organisation column is two capitalised words too).

    Why not the bundle's stricter rule (``pii.is_unknown_person_like``): a cell here
    answers a question about an organisation, so a name that shows no person ("Visit
    Nordsjælland", "Esrum Kloster") is taken as the organisation the respondent named."""
    if not pii.is_private_name(name, keep, geo.organisations):
        return False
    name = pii.strip_private_mark(name)
    for w in [name, *name.split()]:
        r = geo.resolution(w)
        if getattr(r, "code", None) and getattr(r, "method", "") in {"exact", "alias"}:
            return False
    return True


def _private_people(df: pd.DataFrame, geo: Geo, keep: frozenset[str]
                    ) -> tuple[pd.DataFrame, list[dict], frozenset[str]]:
    """Private persons named where an organisation or a speaker stands.

    A survey's organisation cell holding a person's name ("Kenneth Madsen", "Bettina
    Holm, privat") is a citizen's: the cell is emptied (the type becomes "privatperson"
    when none was given), so the name is never shown as an organisation. A meeting
    bullet "Bettina Holm, Helsinge: ..." is a private person speaking: the name goes,
    the place is kept (municipality_raw and context "sted") and the person is a voice of
    its own (a hash). Every such name joins the run's list of private names, so it is
    redacted wherever else it stands. Returns the records, one count row per name
    removed, and the names.
    """
    if df.empty:
        return df, [], frozenset()
    df = df.copy()
    org, typ = df["organisation"].tolist(), df["organisation_type_raw"].tolist()
    text, voice = df["text"].tolist(), df["voice_key"].tolist()
    muni, ctx = df["municipality_raw"].tolist(), df["context"].tolist()
    names: list[str] = []
    counts: list[dict] = []
    private: dict[str, bool] = {}   # organisation cells repeat: decided once per value
    for i, st in enumerate(df["source_type"].tolist()):
        found = False
        if org[i] and st != "written" and org[i] not in private:
            private[org[i]] = _private_person(org[i], geo, keep)
        if org[i] and st != "written" and (
                private[org[i]] or (
                    _PRIVATE_TYPE.match(typ[i]) and pii.looks_like_person(org[i]))):
            names.append(pii.strip_private_mark(org[i]))
            org[i], typ[i] = "", typ[i] or "privatperson"
            found = True
        m = _PRIVATE_SPEAKER.match(text[i]) if st in {"meeting", "workshop"} else None
        alone = _NAMED_SPEAKER.match(text[i]) if st in {"meeting", "workshop"} and \
            not m else None
        if alone and _private_person(alone["name"], geo, keep):
            name = alone["name"].strip()
            names.append(name)
            text[i] = text[i][alone.end():]
            if not voice[i].startswith("person:"):
                voice[i] = pii.person_key(df["round"].iat[i], df["source_file"].iat[i], name)
            typ[i] = typ[i] or "privatperson"
            found = True
        if m and _private_person(m["name"], geo, keep) and \
                not pii.is_known(m["place"], keep):
            name, place = m["name"].strip(), m["place"].strip()
            names.append(name)
            text[i] = text[i][m.end():]
            if not voice[i].startswith("person:"):
                voice[i] = pii.person_key(df["round"].iat[i], df["source_file"].iat[i], name)
            muni[i], typ[i] = muni[i] or place, typ[i] or "privatperson"
            items = json.loads(ctx[i]) if ctx[i] else {}
            ctx[i] = json.dumps({**items, "sted": place}, ensure_ascii=False)
            found = True
        if found:
            counts.append({"round": df["round"].iat[i], "source_file": df["source_file"].iat[i],
                           "locator": df["locator"].iat[i], "kind": "NAVN", "n": 1})
    return df.assign(organisation=org, organisation_type_raw=typ, text=text, voice_key=voice,
                     municipality_raw=muni, context=ctx), counts, pii.name_list(names)


def _redact(df: pd.DataFrame, keep: frozenset[str], names: Iterable[str] = (),
            counts: list[dict] | None = None
            ) -> tuple[pd.DataFrame, pd.DataFrame, frozenset[str]]:
    """Replace personal data before the text is split, so signature context is intact.

    Two passes: the patterns first; every name they replaced (a sign-off, a contact
    phrase, a subject line) joins the run's list of private names (``names``: those
    found before), which is then replaced wherever it stands in the run ("Tommy
    Kristoffersen fortalte ..." in the minutes, after he signed a survey answer).
    ``keep``: known organisations (casefolded) whose names look like a person's; they
    are taken off the list. ``counts``: rows of names removed before. Returns the
    records, the count of placeholders put in per record and kind, and the final list.
    """
    before = df[["text", "organisation", "respondent_id", "context"]].copy()
    text = _map_unique(df["text"], lambda t: pii.redact(t, keep))
    context = _map_unique(df["context"], lambda t: pii.redact_subject(t, keep))
    found = [n for old, new in (*zip(before["text"], text, strict=True),
                                *zip(before["context"], context, strict=True))
             if old != new for n in pii.replaced_names(old, new)]
    run = pii.keep_known(pii.name_list([*names, *found]), keep)
    df = df.assign(text=_map_unique(text, lambda t: pii.redact_known_names(t, run)),
                   context=_map_unique(context, lambda t: pii.redact_known_names(t, run)),
                   locator=_map_unique(df["locator"], lambda v: pii.redact_known_names(
                       pii.redact_emails(v), run)))
    for c in ("organisation", "respondent_id", "municipality_raw", "organisation_type_raw"):
        df[c] = _map_unique(df[c], lambda v: pii.redact_field(v, keep, run))
    counts = list(counts or [])
    for c in before.columns:
        changed = before[c].ne(df[c])
        for i in np.flatnonzero(changed.to_numpy()):
            for kind, n in pii.count_redactions(before[c].iat[i], df[c].iat[i]).items():
                counts.append({"round": df["round"].iat[i], "source_file":
                               df["source_file"].iat[i], "locator": df["locator"].iat[i],
                               "kind": kind, "n": n})
    return df, pd.DataFrame(counts, columns=["round", "source_file", "locator", "kind", "n"]
                            ), run


def _strip_furniture(df: pd.DataFrame) -> pd.DataFrame:
    """Remove signature blocks and contact lines (a sign-off inside an answer too), and
    greetings at the top of letter text; ingest has left out the letter's own furniture,
    this catches what it could not see."""
    written = df["source_type"].eq("written")
    text = df["text"].copy()
    text[written] = _map_unique(df.loc[written, "text"], strip_letter_furniture)
    text[~written] = _map_unique(df.loc[~written, "text"],
                                 lambda t: strip_letter_furniture(t, greetings=False))
    return df.assign(text=text)


def _map_unique(s: pd.Series, fn: Callable[[str], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (fields repeat across thousands of rows)."""
    cache = {v: fn(v) for v in s.unique()}
    return s.map(cache)


def _align_duplicate_letters(df: pd.DataFrame) -> pd.DataFrame:
    """Give letters that are the same letter the same paragraph layout.

    The same letter sent twice (as .txt and as a PDF scan) differs only in layout: PDF
    text loses its blank lines, so it would split into other statements and the copy's
    paragraphs would not merge one-to-one with the original's. When two letters' texts
    are equal after normalisation (casefold, no punctuation or whitespace), every copy
    takes the layout of the copy with the most paragraphs.
    """
    written = df["source_type"].eq("written") & df["text"].ne("")
    if written.sum() < 2:
        return df
    keys = df.loc[written, "text"].map(exact_key)
    dup_keys = keys[keys.duplicated(keep=False)]
    if dup_keys.empty:
        return df
    df = df.copy()
    for _, idx in dup_keys.groupby(dup_keys).groups.items():
        texts = df.loc[idx, "text"]
        best = max(texts.index, key=lambda i: (texts[i].count("\n\n"), -i))
        df.loc[idx, "text"] = texts[best]
    return df


def _split(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """One row per statement, statement_id = record_id + ":" + 2-digit index."""
    # once per distinct (text, source type): campaign copies and short answers repeat
    pairs = list(zip(df["text"].tolist(), df["source_type"].tolist(), strict=True))
    done = {p: split_statements(p[0], p[1], cfg.clean.split_sentences_over_chars)
            for p in set(pairs)}
    parts = [done[p] for p in pairs]
    counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    out = df.loc[df.index.repeat(counts)].reset_index(drop=True)
    idx = np.concatenate([np.arange(c) for c in counts]) if len(counts) else np.array([], int)
    out["text"] = [s for p in parts for s in p]
    out["statement_id"] = [f"{r}:{i:02d}" for r, i in zip(out["record_id"], idx, strict=True)]
    return out


def _classify(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Mark statements that carry no input: empty, non-answer, no words, too short."""
    non = frozenset(cfg.clean.non_answers) | frozenset(
        normalise_answer(a) for a in cfg.clean.non_answers if normalise_answer(a))
    texts = df["text"].tolist()
    # once per distinct text: campaigns and short answers repeat
    reasons = {t: reject_reason(t, non, cfg.clean.min_statement_chars) for t in set(texts)}
    return df.assign(reason_code=[reasons[t] for t in texts])


def _rejects_table(rej: pd.DataFrame, files: pd.DataFrame, names: frozenset[str]
                   ) -> pd.DataFrame:
    """Rejected statements plus one row per unreadable file (empty record_id), redacted
    with the run's private ``names``."""
    a = pd.DataFrame({
        "record_id": rej["record_id"], "statement_id": rej["statement_id"],
        "round": rej["round"], "source_file": rej["source_file"], "locator": rej["locator"],
        "reason_code": rej["reason_code"], "reason": rej["reason_code"].map(REASONS),
        "text": rej["text"],
    })
    b = pd.DataFrame({
        "record_id": "", "statement_id": "", "round": files["round"],
        "source_file": files["source_file"], "locator": "", "reason_code": files["code"],
        # in Danish; the English message with its technical details stays in the
        # problems table (a code without a Danish text keeps the message)
        "reason": files["code"].astype(str).map(problem_da).fillna(
            "Filen kunne ikke læses: " + files["message"].astype(str)),
        "text": "",
    })
    out = pd.concat([x for x in (a, b) if len(x)], ignore_index=True) if len(a) + len(b) \
        else a
    out = out[list(REJECT_COLUMNS)].astype("string")
    out["text"] = out["text"].fillna("").map(lambda t: pii.redact(t, names=names))
    out["reason"] = out["reason"].fillna("").map(lambda t: pii.redact(t, names=names))
    return out.sort_values(["round", "source_file", "record_id", "statement_id"],
                           kind="stable").reset_index(drop=True)


def clean_records(records: pd.DataFrame, cfg: Config, problems: pd.DataFrame | None = None,
                  *, resolver: Any | None = None, organisations: Iterable[str] = (),
                  private_names: Iterable[str] = (),
                  voice_key: bytes = DEFAULT_VOICE_KEY,
                  learned: set[str] | None = None) -> CleanResult:
    """Records (RECORD_COLUMNS) -> statements, rejects, accounting, duplicate groups.

    ``problems`` is ingest's problem table: files that could not be read appear in the
    rejects and the accounting. ``resolver`` defaults to ``reference.get_resolver`` over
    ``cfg.paths.reference``. The output is sorted by statement id, so it does not depend
    on the order of the input rows. Raises ``AccountingError`` if any record is lost.
    ``organisations``: known organisation names (the manifests' invited organisations),
    kept by redaction. ``CleanResult.problems`` holds what cleaning found (``findings``).
    ``private_names``: the private persons' names ingest found
    (``IngestResult.private_names``); with the ones cleaning finds they are redacted in
    every text, and ``CleanResult.private_names`` hands the list on to the final guard.
    ``voice_key``: the key of the voice ids (the pipeline passes the project's own,
    ``rus_analysis.voicekey``; the default is public, for library calls and tests).
    ``learned``: a set that receives the private names cleaning finds as soon as it finds
    them (``read_rounds(learned=)``), for a caller whose run fails later.
    """
    check_columns(records, RECORD_COLUMNS, "records")
    dupe_ids = records["record_id"][records["record_id"].duplicated()]
    if len(dupe_ids):
        raise AccountingError(f"record_id {dupe_ids.iloc[0]!r} occurs more than once "
                              "(in the input records); every record must have its own id")
    geo = Geo(cfg, resolver)
    keep = pii.known_organisations(records, cfg.stakeholders.regional_actors, organisations)
    df = (records.pipe(_prepare)
          .sort_values("record_id", kind="stable")
          .reset_index(drop=True)
          .pipe(_repair))
    df, private, people = _private_people(df, geo, keep)
    if learned is not None:
        learned.update(people)
    df, pii_counts, names = _redact(df, keep, [*private_names, *people], private)
    if learned is not None:
        learned.update(names)
    df = (df.pipe(_strip_furniture)
          .pipe(take_speakers, geo)
          .pipe(resolve_places, geo)
          .pipe(assign_voices, voice_key))
    found = [*findings.place_findings(df, geo), *findings.organisation_findings(df),
             *findings.text_findings(df), *findings.pii_findings(pii_counts)]
    df = (df.pipe(_align_duplicate_letters)
          .pipe(_split, cfg)
          .pipe(_classify, cfg))
    kept = df[df["reason_code"] == ""]
    kept, groups = find_duplicates(kept[[*STATEMENT_BASE, "voice_id", "text"]],
                                   cfg.clean.near_duplicate_threshold)
    kept = kept.assign(voice_id=opaque_campaigns(kept["voice_id"], voice_key))
    statements = _statements_table(kept)
    found += findings.campaign_findings(groups, statements)
    files = file_level_problems(records, problems)
    rejects = _rejects_table(df[df["reason_code"] != ""], files, names)
    accounting = build_accounting(records, statements, rejects, problems)
    found_df = problems_frame(found)
    found_df["action"] = found_df["code"].map(PROBLEM_CODES).fillna("")
    found_df["message"] = found_df["message"].map(lambda t: pii.redact(t, names=names))
    return CleanResult(statements=statements, rejects=rejects, accounting=accounting,
                       duplicate_groups=groups, problems=found_df, private_names=names)


STATEMENT_BASE = [c for c in STATEMENT_COLUMNS
                  if c not in {"voice_id", "text", "dup_group", "dup_count",
                               "is_representative", "status"}]


def _statements_table(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(STATEMENT_COLUMNS)].copy()
    str_cols = [c for c in STATEMENT_COLUMNS
                if c not in {"dup_count", "is_representative", "is_regional_actor"}]
    out["context"] = out["context"].fillna("")
    for c in str_cols:
        out[c] = out[c].astype("string")
    for c in ("municipality_code", "municipality_name", "landsdel"):
        out[c] = out[c].replace("", pd.NA)
    out["dup_count"] = out["dup_count"].astype("int64")
    out["is_representative"] = out["is_representative"].astype(bool)
    out["is_regional_actor"] = out["is_regional_actor"].astype(bool)
    return out.sort_values("statement_id", kind="stable").reset_index(drop=True)


def clean_text(text: object, private_names: frozenset[str] = pii.NO_NAMES) -> str:
    """The whole text treatment of one record, as one function: repair, redact (with a
    run's ``private_names``, if given), strip greetings and signature. Idempotent (a
    property test checks it)."""
    return strip_letter_furniture(pii.redact(repair_text(text), names=private_names))
