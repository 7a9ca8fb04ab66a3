"""The clean stage: raw records -> statements, rejects, accounting, duplicate groups.

Entry point: ``clean_records(records, cfg, problems) -> CleanResult``. Where a change
goes: broken characters and HTML ``repair``; greetings and signatures ``letters``; how a
record is split into statements ``split``; non-answers ``answers``; speakers at meetings
``speakers``; municipality and stakeholder type ``resolve``; who spoke ``voices``;
duplicates and campaigns ``duplicates``; the per-file proof that nothing was lost
``accounting``; the chain itself ``stage``.
"""

from rus_analysis.clean.accounting import AccountingError
from rus_analysis.clean.answers import reject_reason
from rus_analysis.clean.letters import strip_letter_furniture
from rus_analysis.clean.repair import repair_text
from rus_analysis.clean.split import split_statements
from rus_analysis.clean.stage import CleanResult, clean_records, clean_text

__all__ = ["AccountingError", "CleanResult", "clean_records", "clean_text", "reject_reason",
           "repair_text", "split_statements", "strip_letter_furniture"]
