"""The ingest stage: round folders in, one table of input records with provenance out.

Entry point: ``read_rounds(paths, cfg) -> IngestResult`` (records, invitations,
attendance, problems, files). One module per format or job: ``manifest`` (the round's
declaration), ``survey`` and ``tables`` (spreadsheets), ``notes`` (meeting and workshop
notes), ``letters`` (written responses), ``textfile`` (encodings), ``safety`` (file size,
zip bombs, encryption), ``records`` (record ids), ``rounds`` (the folder walk).
"""

from rus_analysis.ingest.rounds import (
    FILE_COLUMNS,
    IngestResult,
    read_configured,
    read_round,
    read_rounds,
)

__all__ = ["FILE_COLUMNS", "IngestResult", "read_configured", "read_round", "read_rounds"]
