"""The final personal-data guard on every exported HTML file.

Why a second check after redaction: a report with personal data must never be shared, so
an exported file is scanned again, and a hit moves it aside and fails the run. Besides
the patterns it looks for the run's private persons' names as literal strings: the
caller passes them (``RunTables.private_names`` of the run it exports). The guard runs
in the process that ran the pipeline (``pipeline.build_report``, the profile sweep, the
høringsnotat), never in a notebook's kernel; tables read back from disk carry no names
(they are never written), so a guard given none relies on the patterns alone.

The same guard holds the respondents' consent to be quoted: given the run's withheld
passages (``withheld_passages``), it refuses a file that still contains the words of a
statement whose respondent did not consent (``consent.quotable``), naming the statement
ids, never the words.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rus_analysis.consent import quotable
from rus_analysis.danish import split_sentences

MIN_WITHHELD_CHARS = 40   # shorter passages ("Flere busser.") are said by many

# Machine tokens that look like phone or CPR numbers to a pattern but are not personal
# data: element ids, UUIDs, hashes, dates and timestamps the report itself writes.
# Every alternative starts with a hex digit ("c" of cell-id, \d of the dates); the leading
# look-ahead says so once, so most positions of a 7 MB report fail after one test instead
# of five (-30 % of this substitution; same matches).
_SAFE_TOKENS = re.compile(
    r"(?=[0-9a-f])(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|\b[0-9a-f]{16,}\b"
    r"|cell-id=[\w-]+"
    r"|\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\b"
    r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b)", re.I)


def scan_report(path: Path, names: frozenset[str] = frozenset()) -> list[str]:
    """Personal-data patterns and the run's private ``names`` left in an exported
    report (the final guard).

    The plotly.js bundle (library code, full of digit runs), CSS, and machine tokens the
    report writes itself (ids, hashes, dates) are skipped; every other byte, figure data
    and hover texts included, is scanned.
    """
    from rus_analysis.pii import scan_pii

    return scan_pii(_SAFE_TOKENS.sub(" ", _content(path)), names)


def _content(path: Path) -> str:
    """The exported file without the plotly.js bundle and the CSS."""
    text = path.read_text(encoding="utf-8")
    text = _strip_blocks(text, "<script", "</script>", min_body=500_000)
    return _strip_blocks(text, "<style", "</style>")


def _flat(text: str) -> str:
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Withheld:
    """The passages of the run's statements that may not be quoted: (statement id,
    passage) pairs, each passage whitespace-normalised and at least
    ``MIN_WITHHELD_CHARS`` long."""

    passages: tuple[tuple[str, str], ...] = ()


def withheld_passages(statements: pd.DataFrame) -> Withheld:
    """What the consent guard looks for: the whole text and each sentence of every
    statement that may not be quoted (a shortened point keeps its first sentences).

    A passage that a quotable statement also says is left out: it may be quoted through
    that one. "Also says" is containment, not equality: a refusing respondent's short
    answer is often part of a longer quotable one ("Flere trygge cykelstier ved de store
    veje mellem kommunerne" in another's "…, især ved skolerne."), which the report
    shows legitimately; an exact-match rule blocked that report and left the analyst no
    way out.
    """
    if statements.empty:
        return Withheld()
    ok = quotable(statements).to_numpy()
    texts = statements["text"].fillna("").astype(str).tolist()
    quoted = _QuotableText([t for t, q in zip(texts, ok, strict=True) if q])
    out: dict[tuple[str, str], None] = {}
    for sid, t, q in zip(statements["statement_id"].astype(str).tolist(), texts, ok,
                         strict=True):
        if q:
            continue
        for passage in (_flat(t), *(_flat(x) for x in split_sentences(t))):
            if len(passage) >= MIN_WITHHELD_CHARS and not quoted.contains(passage):
                out[(sid, passage)] = None
    return Withheld(tuple(out))


class _QuotableText:
    """The quotable statements' texts (whitespace-normalised), asked whether a passage
    occurs inside any of them.

    Why an index: a run has up to 10⁵ statements; testing each withheld passage against
    all quotable texts is quadratic. A passage inside a text has its inner words (all but
    the first and last, which may be parts of words) as whole words of that text, so
    only the texts holding its rarest inner word are searched. The answer is the plain
    substring test the scan makes, so nothing the scan would find is dropped by mistake.
    """

    def __init__(self, texts: list[str]) -> None:
        raw = list(dict.fromkeys(texts))    # copies and campaign letters: split once
        self.texts = list(dict.fromkeys(_flat(t) for t in raw))
        # a sentence as split_sentences cuts it need not be a substring of the flat text
        self.whole = set(self.texts).union(_flat(x) for t in raw
                                           for x in split_sentences(t))
        self.by_word: dict[str, list[int]] = {}
        for i, t in enumerate(self.texts):
            for w in dict.fromkeys(t.split(" ")):
                self.by_word.setdefault(w, []).append(i)

    def contains(self, passage: str) -> bool:
        """Whether ``passage`` (flat) occurs inside some quotable text."""
        if passage in self.whole:
            return True
        inner = passage.split(" ")[1:-1]
        if not inner:
            return any(passage in t for t in self.texts)
        rarest = min(inner, key=lambda w: len(self.by_word.get(w, ())))
        return any(passage in self.texts[i] for i in self.by_word.get(rarest, ()))


def scan_withheld(path: Path, withheld: Withheld) -> list[str]:
    """Ids of the statements whose withheld words are in the exported file (sorted)."""
    if not withheld.passages:
        return []
    text = _flat(html.unescape(_content(path)))
    return sorted({sid for sid, passage in withheld.passages if passage in text})


def _strip_blocks(text: str, start: str, end: str, min_body: int = 0) -> str:
    """Replace each ``<start…>body</end>`` whose body has >= ``min_body`` characters by " ".

    Exactly what ``re.sub(start + r"[^>]*>(?:(?!" + end + r").){min_body,}?" + end, " ",
    text, flags=re.S)`` does (the body ends at the first ``end``; a block too short is
    kept and the search goes on after its start), but with ``str.find``: that regex tests
    a look-ahead at every character of the 4.6 MB plotly.js bundle and took ~3 s of the
    guard on a 12 MB report; this is a few scans at C speed.
    """
    out: list[str] = []
    copied = 0
    i = text.find(start)
    while i != -1:
        gt = text.find(">", i + len(start))
        if gt == -1:
            break  # no later start has a ">" after it either
        close = text.find(end, gt + 1)
        if close == -1:
            break  # nor an end after its ">"
        if close - gt - 1 >= min_body:
            out.append(text[copied:i])
            out.append(" ")
            copied = close + len(end)
            i = text.find(start, copied)
        else:
            i = text.find(start, i + 1)
    if not out:
        return text
    out.append(text[copied:])
    return "".join(out)


def guard(path: Path, names: frozenset[str] = frozenset(),
          withheld: Withheld | None = None) -> None:
    """Scan an exported report (patterns, and the run's private ``names``; the words of
    statements that may not be quoted, ``withheld``); on a hit move it to
    ``.html.blocked`` and raise ValueError."""
    leaks = scan_report(path, names)
    if leaks:
        bad = _block(path)
        raise ValueError(f"{path.name}: personal data patterns found in the exported report "
                         f"({len(leaks)}: e.g. {leaks[0][:3]}…); the file was moved to {bad} "
                         "and must not be shared. Check the redaction rules (rus_analysis.pii).")
    quoted = scan_withheld(path, withheld) if withheld is not None else []
    if quoted:
        bad = _block(path)
        raise ValueError(
            f"{path.name}: the words of {len(quoted)} statement(s) whose respondent did not "
            f"consent to be quoted are in the exported file (statement id(s) "
            f"{_ids(quoted)}); the file was moved to {bad} and must not be shared (the "
            "run's tables and workbook are not affected). What to do: look the id(s) up in "
            "the workbook (sheet 'Udsagn', column 'udsagn-id', where 'må citeres' says "
            "'nej') and search the blocked file for the words. If they are the report's "
            "own text (a theme name or description from the config or "
            "theme_overrides.yaml, the title), reword that text and run again. If the "
            "respondent did consent, read a corrected copy of the export (see the "
            "quote_consent problem line). Otherwise a part of the report quotes without "
            "asking rus_analysis.consent.quotable: report that with the id(s) (not the "
            "words).")


def _block(path: Path) -> Path:
    bad = path.with_suffix(".html.blocked")
    os.replace(path, bad)
    return bad


def _ids(ids: Iterable[str], n: int = 5) -> str:
    ids = list(ids)
    return ", ".join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")
