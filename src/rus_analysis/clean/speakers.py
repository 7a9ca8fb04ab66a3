"""A leading "Organisation: ..." speaker on meeting and workshop texts.

Why only recognisable organisations: "Forslag: ..." or "Udfordring: ..." are text, not
speakers; a prefix counts only when it resolves to a municipality, is a regional actor or
has an organisation form ("Kommune", "A/S").
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from rus_analysis.clean.repair import BULLET
from rus_analysis.clean.resolve import Geo

# "Halsnæs Kommune: Busforbindelserne ..." - a speaker before a colon at the start
_SPEAKER = re.compile(r"^(?P<speaker>[^:\n!?]{2,60}?)\s*[:–]\s+(?=\S)")
_ORG_FORM = re.compile(r"(?i)\b(kommune|regionskommune|region hovedstaden|a/s|aps|i/s|"
                       r"forening|forsyning|selskab|styrelse|universitet|borgmester\w*)\b")


def take_speakers(df: pd.DataFrame, geo: Geo) -> pd.DataFrame:
    """Take a leading "Organisation: ..." speaker off meeting/workshop texts.

    Only when the prefix is recognisably an organisation (resolves to a municipality,
    is a regional actor, or has an organisation form such as "Kommune", "A/S"), so that
    "Forslag: ..." or "Udfordring: ..." stay text.
    """
    df = df.copy()
    speaker = [""] * len(df)
    texts = df["text"].tolist()
    for i, (st, text) in enumerate(zip(df["source_type"], texts, strict=True)):
        if st not in {"meeting", "workshop"}:
            continue
        m = _SPEAKER.match(text)
        if not m:
            continue
        cand = m.group("speaker").strip().lstrip(BULLET).strip()
        if len(cand.split()) > 6:
            continue
        if geo.actor(cand) or _ORG_FORM.search(cand) or geo.resolve(cand, fuzzy=False)[0]:
            speaker[i] = cand
            texts[i] = text[m.end():]
    df["speaker"] = speaker
    df["text"] = texts
    df["organisation"] = np.where(df["organisation"].eq("") & df["speaker"].ne(""),
                                  df["speaker"], df["organisation"])
    return df
