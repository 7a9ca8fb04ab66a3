"""A workbook's codebook sheet: the question texts behind coded column headers.

Why: SurveyXact (and SPSS-minded tools) export answers under variable names (``s_1``,
``s_2_1``, ``s_4_5_other``) and put the question texts on a second sheet, one row per
variable. Read as it stands, such a workbook goes wrong twice: the data sheet's roles are
not found (``s_1`` is "Hvilken kommune repræsenterer du?", so no answer gets its
municipality, and the municipality and organisation cells become statements), and the
label sheet's question texts are read as if someone had written them. A codebook is
recognised by what it holds - one column whose values are the other sheet's headers, the
next column their labels - not by its name, which differs by tool and language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rus_analysis.ingest.tables import cell_text

MIN_CODED = 3            # headers a codebook must explain (two could be chance)
MIN_SHARE = 0.8          # of the data sheet's headers the codebook explains
MAX_CODEBOOK_ROWS = 5000


@dataclass(frozen=True)
class Codebook:
    """The sheet that holds the labels, the sheet it labels, and header -> label."""

    sheet: str
    data_sheet: str
    labels: dict[str, str]


def find_codebooks(path: Path, sheets: list[str]) -> dict[str, Codebook]:
    """Data sheet -> its codebook, for every sheet of ``path`` that labels another one."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = {s: [[cell_text(v).strip() for v in r] for r in
                    wb[s].iter_rows(values_only=True, max_row=MAX_CODEBOOK_ROWS)]
                for s in sheets}
    finally:
        wb.close()
    headers = {s: {h for h in (next((r for r in rs if any(r)), []) or []) if h}
               for s, rs in rows.items()}
    found: dict[str, Codebook] = {}
    for book, rs in rows.items():
        for data, head in headers.items():
            if data == book or data in found or len(head) < MIN_CODED:
                continue
            labels = _labels(rs, head)
            if len(labels) >= max(MIN_CODED, MIN_SHARE * len(head)):
                found[data] = Codebook(book, data, labels)
                break
    return found


def _labels(rows: list[list[str]], head: set[str]) -> dict[str, str]:
    """Header -> label from the column pair (code, label) that explains most headers.

    A codebook lists each variable once: a column in which a header recurs is answers,
    not codes. Why: a matrix question's answers ("Meget vigtigt", "Vigtigt", ...) are the
    column headers of a sheet of aggregated percentages beside it, and the answer sheet
    was taken for that sheet's codebook and not read at all.
    """
    width = max((len(r) for r in rows), default=0)
    best: dict[str, str] = {}
    for c in range(width - 1):
        codes = Counter(r[c] for r in rows if len(r) > c and r[c] in head)
        if any(n > 1 for n in codes.values()):
            continue
        pairs = {r[c]: r[c + 1] for r in rows
                 if len(r) > c + 1 and r[c] in head and r[c + 1]}
        if len(pairs) > len(best):
            best = pairs
    return best
