"""The report stage: notebooks -> one self-contained HTML report for the committee.

Where a change goes: what a notebook shows, escaped (cards, tables) ``present``; Danish
sentences from the tables ``summaries``; running notebooks with papermill ``execute``;
one notebook from the parts ``merge``; HTML without code or external resources
``export``; the personal-data scan of the exported file ``guard``; title page and methods
appendix ``pages``; the 29 municipality profiles ``profiles``; ``run.json`` ``record``.
The run itself (pipeline, then notebooks, then export) is ``pipeline.build_report``.
"""

from rus_analysis.report.execute import NotebookFailed

__all__ = ["NotebookFailed"]
