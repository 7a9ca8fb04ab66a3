"""Who spoke: the one definition of a voice, used by every count of voices.

A voice is one of:

* a survey respondent (``resp:<round>:<file>:<sheet and respondent id or row>``);
* a sending organisation (``org:<name>``; the same organisation is one voice in every
  file and round); a private sender of a letter is a voice of its own
  (``borger:<round>:<file>``);
* a named meeting participant (``person:<hash>``: the name itself is personal data and
  never leaves ingest) or an organisation speaking at a meeting (``org:<name>``);
* a table group of a meeting or workshop (``group:<round>:<file>:<label>``);
* a campaign (``campaign:<id>``, set by ``duplicates``): the copies of one text sent by
  several senders count as one voice, with their copy count.

Unattributed meeting bullets are statements without a voice of their own: they share
the meeting's voice (``meeting:<round>:<file>``), so a meeting with 20 unattributed
bullets counts as one voice, not 20.
"""

from __future__ import annotations

import re

import pandas as pd

# organisation values that name no organisation: the sender is a private person
PRIVATE_SENDERS = frozenset({"", "privatperson", "privat", "borger", "private", "citizen",
                             "anonym", "anonymous"})


def organisation_key(name: str) -> str:
    """The voice key of an organisation: case, spacing and a trailing dot folded."""
    return re.sub(r"\s+", " ", name.strip().rstrip(".")).casefold()


def voice_of(source_type: str, round_id: str, source_file: str, record_id: str,
             respondent_id: str, organisation: str, voice_key: str) -> str:
    """The voice of one record, by the definition above."""
    if source_type == "survey":
        who = voice_key.removeprefix("resp:") or respondent_id or record_id
        return f"resp:{round_id}:{source_file}:{who}"
    if source_type == "written":
        if organisation_key(organisation) in PRIVATE_SENDERS:
            return f"borger:{round_id}:{source_file}"
        return f"org:{organisation_key(organisation)}"
    if voice_key.startswith("person:"):
        return voice_key
    if organisation:
        return f"org:{organisation_key(organisation)}"
    if voice_key.startswith("group:"):
        return f"group:{round_id}:{source_file}:{voice_key.removeprefix('group:')}"
    return f"meeting:{round_id}:{source_file}"


def assign_voices(df: pd.DataFrame) -> pd.DataFrame:
    """``voice_id`` of every record (members of a campaign later share its voice)."""
    cols = ["source_type", "round", "source_file", "record_id", "respondent_id",
            "organisation", "voice_key"]
    return df.assign(voice_id=[voice_of(*r) for r in df[cols].itertuples(index=False)])
