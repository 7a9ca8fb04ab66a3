"""Splitting a cleaned record into statements: paragraphs, bullets, distinct points.

Why here and only here: "how letters are split" is one decision with one home. A point and
its justification stay one statement; a bullet list is several; a long paragraph is split
only where a sentence opens a new point ("Derudover", "For det andet").
"""

from __future__ import annotations

import re

from rus_analysis.clean.repair import BULLET, repair_text
from rus_analysis.danish import split_sentences

# A sentence that starts like this opens a new point ("Derudover ...", "For det andet
# ...", "Et andet område ..."). Long paragraphs are split only at such markers: a long
# paragraph that argues one point stays one statement.
_NEW_POINT = re.compile(
    r"^(?:derudover|desuden|endvidere|endelig|dernæst|herudover|yderligere|for\s+det\s+"
    r"(?:første|andet|tredje|fjerde|femte)|et\s+(?:andet|tredje|fjerde)\s+\w+|en\s+"
    r"(?:anden|tredje)\s+\w+|\d{1,2}[.)]\s|[a-h]\)\s|vi\s+vil\s+også|også\s+på|"
    r"hvad\s+angår|med\s+hensyn\s+til|når\s+det\s+gælder|i\s+forhold\s+til)",
    re.IGNORECASE)


def split_points(paragraph: str, max_chars: int) -> list[str]:
    """Split a long paragraph into its distinct points, or return it whole.

    Only paragraphs longer than ``max_chars`` are split, and only where a sentence opens
    a new point ("Derudover", "For det andet", "Et andet område ..."): a point and its
    justification stay one statement, and a long paragraph on one subject stays whole.
    """
    if len(paragraph) <= max_chars:
        return [paragraph]
    chunks: list[str] = []
    for sent in split_sentences(paragraph):
        if chunks and not _NEW_POINT.match(sent):
            chunks[-1] = f"{chunks[-1]} {sent}"
        else:
            chunks.append(sent)
    return chunks if len(chunks) > 1 else [paragraph]


def reflow_paragraphs(text: str) -> str:
    """Put blank lines between paragraphs of hard-wrapped text (PDF extraction).

    PDF text has a line break at every line end and none between paragraphs. A line that
    ends a sentence and is clearly shorter than the full lines around it ends a
    paragraph; a bullet starts one. Text that already has blank lines is returned as is.
    """
    if "\n\n" in text:
        return text
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    lengths = sorted(len(ln) for ln in lines)
    full = lengths[int(0.8 * (len(lengths) - 1))]
    out: list[str] = []
    for i, ln in enumerate(lines):
        if out and ln.startswith(BULLET):
            out.append("")
        out.append(ln)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and ln.rstrip().endswith((".", "!", "?", ":")) and len(ln) < 0.75 * full \
                and (nxt[:1].isupper() or nxt.startswith(BULLET)):
            out.append("")
    return "\n".join(out)


def flatten(text: str) -> str:
    """One line: no leading bullet, single spaces."""
    text = re.sub(rf"^{BULLET}\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def split_statements(text: str, source_type: str, max_chars: int) -> list[str]:
    """Split one cleaned record text into statements.

    Letters (written) split on paragraphs and bullet points; every source type splits a
    bullet list into its bullets (a survey answer "• busser • vand" holds two points); a
    paragraph longer than ``max_chars`` is split into its distinct points. A line that
    follows a bullet without a bullet sign continues that bullet (wrapped text); a line
    before the first bullet ("Vi har følgende bemærkninger:") is its own statement, so
    nothing the sender wrote is dropped here (a too-short one is rejected with a reason).
    """
    if not text.strip():
        return [""]
    if source_type == "written":
        blocks = [b for b in re.split(r"\n\s*\n", reflow_paragraphs(text)) if b.strip()]
    else:
        blocks = [text]
    statements: list[str] = []
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        n_bullets = sum(ln.startswith(BULLET) for ln in lines)
        units: list[str] = []
        if n_bullets >= 1 and (source_type == "written" or n_bullets >= 2):
            current: list[str] = []
            for ln in lines:
                if ln.startswith(BULLET):
                    if current:
                        units.append(" ".join(current))
                    current = [ln]
                else:
                    current.append(ln)
            if current:
                units.append(" ".join(current))
        else:
            units = [" ".join(lines)]
        for unit in units:
            flat = flatten(unit)
            statements.extend(split_points(flat, max_chars))
    return statements or [""]


def clean_statement_text(text: str) -> str:
    """The single-line form of a statement: what ``statements.text`` holds."""
    return flatten(repair_text(text))
