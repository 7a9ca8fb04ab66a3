"""Who spoke: one voice per respondent, letter, organisation at a meeting, or post-it.

Members of a duplicate group later share the group's voice (see ``duplicates``).
"""

from __future__ import annotations

import pandas as pd


def assign_voices(df: pd.DataFrame) -> pd.DataFrame:
    """Who spoke: the respondent, the letter, the organisation within a meeting, or the
    post-it. Members of a duplicate group later share the group's voice instead."""
    def voice(row: tuple) -> str:
        rid, rnd, sf, st, resp, org = row
        if st == "survey" and resp:
            return f"resp:{rnd}:{sf}:{resp}"
        if st == "written":
            return f"letter:{rid}"
        if st == "meeting" and org:
            return f"org:{rnd}:{sf}:{org.casefold()}"
        return f"rec:{rid}"

    cols = ["record_id", "round", "source_file", "source_type", "respondent_id",
            "organisation"]
    return df.assign(voice_id=[voice(r) for r in df[cols].itertuples(index=False)])
