"""Agenda-style minutes: typed agenda items as groups, and the parts of an item.

Why a module of its own: the parts of an agenda item ("Sagsfremstilling:", "Drøftelse:",
"Beslutning:") mean something only in agenda minutes. Applied to every note, the word
"Baggrund:" in an ordinary workshop summary turned that paragraph and every paragraph
after it, speakers' statements included, into the organiser's case presentation. So the
case presentation is recognised only inside an agenda item (a typed "2. Drøftelse af
udkast" or a heading of that form; elsewhere a label is only the paragraph's context), a
label covers its own paragraph (or, standing alone, the paragraphs up to the next
label), and a paragraph that names its speaker is never case presentation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rus_analysis.ingest.notes import Block

# the organiser's text (what the region put on the table) is not input; the discussion
# and the decision or conclusion are what the meeting said
AGENDA_LABEL = re.compile(
    r"(?is)^\s*(?P<label>sagsfremstilling|sagsbeskrivelse|baggrund|resumé|resume|indstilling|"
    r"drøftelse|drøftelser|bemærkninger|beslutning|beslutninger|konklusion|konklusioner|"
    r"opsummering)\s*:\s*(?P<rest>.*)$")
CASE_PRESENTATION = {"sagsfremstilling", "sagsbeskrivelse", "baggrund", "resumé", "resume",
                     "indstilling"}
# "2. Drøftelse af udkast", "Punkt 3: Eventuelt" (a heading's text, typed or styled)
AGENDA_ITEM = re.compile(r"(?i)^\s*(?:(?:dagsordens)?punkt\s*\d{1,2}\b|\d{1,2}[.)]\s)")
MAX_AGENDA_ITEM_CHARS = 80
SENTENCE_END = (".", "!", "?", ":")


def is_agenda_item(heading: str) -> bool:
    """True for a heading that numbers an agenda item ("2. Drøftelse af udkast til RUS")."""
    return bool(AGENDA_ITEM.match(heading))


def below_title(blocks: list[Block], furniture_heading: Callable[[str], bool]
                ) -> list[Block]:
    """The headings after a level-1 title one level down, when the sections are styled
    like the title ("Referat af dialogmøde" as Title, "1. Velkomst", "2. Drøftelse af
    udkast" and "3. Eventuelt" as Heading 1).

    Why: an agenda item, a participant list and an "Eventuelt" section are recognised
    below the meeting's title (level 2 or more); styled as Heading 1 they were not, and
    the case presentation under "Sagsfremstilling:" was quoted as a statement. Only
    when a later level-1 heading is an agenda item or a participant/next-steps heading
    (``furniture_heading``) and the first is neither: notes whose level-1 headings are
    all groups ("# Bord 1", "# Bord 2", no title) keep their levels.
    """
    heads = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    if not heads:
        return blocks
    first = blocks[heads[0]]
    if first.level != 1 or is_agenda_item(first.text) or furniture_heading(first.text):
        return blocks
    if not any(blocks[i].level == 1 and (is_agenda_item(blocks[i].text)
                                         or furniture_heading(blocks[i].text))
               for i in heads[1:]):
        return blocks
    out = list(blocks)
    for i in heads[1:]:
        out[i] = dataclasses.replace(blocks[i], level=blocks[i].level + 1)
    return out


def agenda_headings(blocks: list[Block], furniture_heading: Callable[[str], bool]
                    ) -> list[Block]:
    """Typed agenda items ("1. Velkomst", "2. Drøftelse af udkast til RUS") as headings.

    Why: minutes typed without heading styles number their agenda items by hand; read as
    bullets, every item title became a statement and nothing grouped the discussion
    under its item. Told apart from a numbered list of points by structure: only in a
    document without any group heading, at least two short numbered lines that end no
    sentence, each followed by other text before the next one (the points of a list
    stand one under the other). A participant or next-steps heading ("Deltagere",
    "3. Eventuelt", ``furniture_heading``) is no group heading: typical minutes have
    one, and counting it left their discussion unread or read as the participant list.
    """
    if any(b.kind == "heading" and b.level >= 2 and not furniture_heading(b.text)
           for b in blocks):
        return blocks
    items = [i for i, b in enumerate(blocks) if b.kind == "bullet" and b.number
             and len(b.text) <= MAX_AGENDA_ITEM_CHARS and "\n" not in b.text
             and not b.text.rstrip().endswith(SENTENCE_END)]
    if len(items) < 2 or any(j - i < 2 for i, j in zip(items, items[1:], strict=False)):
        return blocks
    out = list(blocks)
    for i in items:
        b = blocks[i]
        out[i] = dataclasses.replace(b, kind="heading", text=f"{b.number}. {b.text}",
                                     level=2)
    return out


def split_item_block(b: Block, names_speaker: Callable[[str], bool]) -> list[Block]:
    """A block of an agenda item cut where a line starts a new part: a label
    ("Beslutning: ...") or a speaker ("Gribskov Kommune pegede på, at ...").

    Why: minutes typed in a text editor put the case presentation, each speaker's point
    and the decision on lines of one paragraph; read as one, the whole paragraph took
    the first line's label and every speaker in it became case presentation. A cut is
    made only after a line that ends a sentence, so the wrapped lines of a PDF paragraph
    stay together. Locators: ``line=N`` counts on; any other gets ``;line=K``.
    """
    lines = b.text.split("\n")
    if len(lines) < 2 or b.kind == "table":
        return [b]
    starts = [0] + [k for k in range(1, len(lines))
                    if lines[k - 1].rstrip().endswith(SENTENCE_END)
                    and (AGENDA_LABEL.match(lines[k]) or names_speaker(lines[k]))]
    if len(starts) == 1:
        return [b]
    out = []
    for k, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        out.append(dataclasses.replace(b, text="\n".join(lines[k:end]),
                                       locator=_line_locator(b.locator, k)))
    return out


def _line_locator(locator: str, k: int) -> str:
    if k == 0:
        return locator
    m = re.fullmatch(r"line=(\d+)", locator)
    return f"line={int(m[1]) + k}" if m else f"{locator};line={k + 1}"


@dataclass
class ItemParts:
    """Which part of an agenda item the paragraphs stand in.

    ``section`` is set by a label that stands alone ("Sagsfremstilling:") and holds until
    the next label or heading; a label with text after it ("Baggrund: Regionen har
    ...") covers that paragraph only. A case presentation ends at the first paragraph
    that names its speaker: from there on the minutes report the discussion, and
    before, "Flere deltagere ønskede ..." after "Gribskov Kommune pegede på ..." was
    left out as the organiser's text.
    """

    names_speaker: Callable[[str], bool]
    section: str = ""

    def read(self, text: str, in_item: bool) -> tuple[str, str, str]:
        """(furniture kind or "", the text without its label, the part it stands in).

        Outside an agenda item (``in_item`` False) a label is context only: "Baggrund:"
        in a workshop summary heads what the table said, not a case presentation.
        """
        part = self.section
        m = AGENDA_LABEL.match(text)
        if m:
            part = m["label"].lower()
            text = m["rest"].strip()
            if not text:
                self.section = part
                return "label", "", part
        speaks: bool | None = None   # names_speaker is costly: asked at most once
        if not m and part in CASE_PRESENTATION:
            speaks = self.names_speaker(text)
            if speaks:
                self.section = part = ""
        if in_item and part in CASE_PRESENTATION:
            if speaks is None:
                speaks = self.names_speaker(text)
            if not speaks:
                return "case_presentation", text, part
        return "", text, part
