"""Who spoke: the one definition of a voice, used by every count of voices.

A voice is one of:

* a survey respondent (``resp:``, from round, file, sheet and respondent id or row);
* a sending organisation (``org:``, from the organisation's name; the same organisation
  is one voice in every file and round); a private sender of a letter is a voice of its
  own (``borger:``, from round and file);
* a named meeting participant (``person:``: the name itself is personal data and never
  leaves ingest) or an organisation speaking at a meeting (``org:``);
* a table group of a meeting or workshop (``group:``, from round, file and label);
* a campaign (``campaign:``, set by ``duplicates``): the copies of one text sent by
  several senders count as one voice, with their copy count.

Unattributed meeting bullets are statements without a voice of their own: they share
the meeting's voice (``meeting:``, from round and file), so a meeting with 20
unattributed bullets counts as one voice, not 20.

Why opaque: a respondent id is often an e-mail address, and a voice id is written to
every table and the analysts' workbook. After the kind, a voice id is a keyed hash of
what defines the voice, in lowercase letters and the digits 2-7 (base32, never four
digits in a row), so it never carries input text and no phone or CPR pattern can match
it; equal definitions still give equal ids, so every count is unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pandas as pd

from rus_analysis.pii import PRIVATE_SENDERS, is_private_sender, organisation_key

__all__ = ["PRIVATE_SENDERS", "assign_voices", "opaque_voice", "organisation_key",
           "voice_of"]

# The key of the voice hash when no project key is given (library calls and tests): a
# run of the pipeline uses the project's own random key (``rus_analysis.voicekey``), so
# that a guessed name cannot be checked against a ``person:`` id with this public one.
DEFAULT_VOICE_KEY = b"rus_analysis voice id v1"
_DIGIT_RUN = re.compile(r"\d{4}")


def opaque_voice(kind: str, *parts: str, key: bytes = DEFAULT_VOICE_KEY) -> str:
    """``kind:`` + a keyed hash of ``parts`` in base32 (a-z, 2-7), no 4 digits in a row."""
    data = "\x1f".join(parts).encode()
    for salt in range(100):
        digest = hashlib.blake2b(data, key=key, digest_size=10,
                                 salt=salt.to_bytes(2, "big")).digest()
        code = base64.b32encode(digest).decode().lower()
        if not _DIGIT_RUN.search(code):
            return f"{kind}:{code}"
    return f"{kind}:{code.translate(_LETTERS)}"   # never reached in practice


_LETTERS = str.maketrans("234567", "cdefgh")


def voice_of(source_type: str, round_id: str, source_file: str, record_id: str,
             respondent_id: str, organisation: str, voice_key: str,
             key: bytes = DEFAULT_VOICE_KEY) -> str:
    """The voice of one record, by the definition above (an opaque id, hashed with
    ``key``)."""
    def h(kind: str, *parts: str) -> str:
        return opaque_voice(kind, *parts, key=key)

    if source_type == "survey":
        who = voice_key.removeprefix("resp:") or respondent_id or record_id
        return h("resp", round_id, source_file, who)
    if source_type == "written":
        if is_private_sender(organisation):
            return h("borger", round_id, source_file)
        return h("org", organisation_key(organisation))
    if voice_key.startswith("person:"):
        return h("person", voice_key)
    if organisation:
        return h("org", organisation_key(organisation))
    if voice_key.startswith("group:"):
        return h("group", round_id, source_file, voice_key.removeprefix("group:"))
    return h("meeting", round_id, source_file)


def opaque_campaigns(voice_ids: pd.Series, key: bytes = DEFAULT_VOICE_KEY) -> pd.Series:
    """A campaign's voice (``campaign:<statement id>`` from ``duplicates``) made opaque
    like every other voice."""
    ids = voice_ids.astype(str)
    camp = ids.str.startswith("campaign:")
    if not camp.any():
        return voice_ids
    out = ids.copy()
    out[camp] = ids[camp].map(lambda v: opaque_voice("campaign", v.removeprefix("campaign:"),
                                                     key=key))
    return out.astype(voice_ids.dtype)


def assign_voices(df: pd.DataFrame, key: bytes = DEFAULT_VOICE_KEY) -> pd.DataFrame:
    """``voice_id`` of every record (members of a campaign later share its voice)."""
    cols = ["source_type", "round", "source_file", "record_id", "respondent_id",
            "organisation", "voice_key"]
    return df.assign(voice_id=[voice_of(*r, key=key)
                               for r in df[cols].itertuples(index=False)])
