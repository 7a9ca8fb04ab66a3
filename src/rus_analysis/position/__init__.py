"""The position stage: what each statement wants, and its tone.

Two questions are asked of every statement, and kept apart because they differ —
"Trafikken er et mareridt, derfor støtter vi letbanen" supports something in a
negative tone:

- **position** (``classify_positions``): what the statement does — ``forslag`` (proposes
  or demands), ``bekymring`` (a problem or worry), ``støtte`` (agrees, welcomes),
  ``modstand`` (opposes), ``spørgsmål`` (asks), ``neutral`` (informs, describes) — with
  a score and the words that decided it, so an analyst can check why;
- **tone** (``classify_tones``): ``positiv`` / ``neutral`` / ``negativ`` with a score.

Both are Danish rules over hand-written lexicons (``data/``) and the AFINN Danish word
list read from the ``afinn`` package: no model is loaded, nothing is downloaded, the
same input always gives the same output, and row order does not matter. ``vectors``
(e5 sentence vectors the caller already has) are accepted for API stability and are
currently not used: measured, they did not beat the rules across corpora (RESULTS.md).
"""

from rus_analysis.position.assign import LICENCE_NOTICE_DA, POSITION_COLUMNS, assign_positions
from rus_analysis.position.classify import classify_positions, classify_tones
from rus_analysis.position.stance import POSITIONS
from rus_analysis.position.tone import TONES

__all__ = ["LICENCE_NOTICE_DA", "POSITIONS", "POSITION_COLUMNS", "TONES", "assign_positions",
           "classify_positions", "classify_tones"]
