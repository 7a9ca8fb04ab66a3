"""One PDF with many consultation responses ("Samlede høringssvar"): one part per sender.

Why: a case system or Høringsportalen exports a whole consultation as one PDF: a cover
page (title, a table of contents of senders and pages), then each response on a page of
its own under a heading "Høringssvar fra Gribskov Kommune" or "Høringssvar nr. 7 – Dansk
Erhverv", often above a metadata block ("Afsender: ...", "Modtaget: 12.03.2026"). Read
as one letter, the first response's "Med venlig hilsen" made everything after it a
signature: five of six responses were lost as furniture, and what was left was
attributed to the one organisation the manifest names.

The conservative reading: a bundle is recognised only when at least ``MIN_PARTS`` pages
open with such a heading (a single letter whose subject line is "Høringssvar fra ..." is
one letter, as before). Each part, from one heading to the next, is read as a letter of
its own; its sender is the heading's, or the "Organisation:" of its metadata block, and a
private person named there is "Privatperson" (the name is redacted wherever it stands).
What stands above the first heading (cover, table of contents) is furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rus_analysis import pii
from rus_analysis.ingest.layout import Para

PART_HEADING = re.compile(
    r"(?i)^høringssvar\s+(?:(?:nr\.?\s*)?\d{1,4}\s*[-–—:.]?\s*(?:fra\s*:?\s*)?|fra\s*:?\s*)"
    r"(?P<sender>\S.{0,98}?)\s*$")
# a table-of-contents line: "Høringssvar fra Movia ........ 4", "Movia      4"
TOC_ENTRY = re.compile(r"(?:\.{3,}|…|\s{3,})\s*\d{1,4}\s*$")
# a metadata block: "Afsender: ...", "Modtaget: 12.03.2026", "Organisation: ..." (a
# bundle's part, a case system's cover sheet, a høringsskema's head); label -> meta key
META_LINE = re.compile(
    r"(?i)^(?P<label>afsender|indsendt\s+af|modtaget|indsendt|dato|organisation|"
    r"organisationstype|virksomhed|myndighed|kommune|kontaktperson|kontakt|navn|adresse|"
    r"e-?mail|telefon|tlf|sagsnr|journalnr|j\.?\s*nr|cvr(?:-?nr)?|høringssvar\s+nr)"
    r"\.?\s*:\s*(?P<value>.{0,120})$")
META_KEYS = {"afsender": "sender", "indsendt af": "sender", "navn": "sender",
             "kontaktperson": "contact", "kontakt": "contact", "modtaget": "received",
             "indsendt": "received", "dato": "received", "organisation": "organisation",
             "virksomhed": "organisation", "myndighed": "organisation",
             "organisationstype": "organisation_type", "kommune": "municipality"}
HEAD_LINES = 3     # the heading is among the first lines of its page (below a running header)
MIN_PARTS = 2
MAX_HEADING_LINES = 3
PRIVATE_HEADING = "Privatperson"


@dataclass
class Part:
    """One response of a bundle: its heading, the sender it names, its paragraphs."""

    heading: str
    named: str                      # the sender as the heading names it
    page: int
    heading_locator: str
    paras: list[Para] = field(default_factory=list)


def part_starts(page_texts: list[str]) -> dict[int, str]:
    """{page: heading} of the pages (1-based) that open with a response heading; empty
    unless at least ``MIN_PARTS`` pages do (then the PDF is a bundle)."""
    starts: dict[int, str] = {}
    for p, text in enumerate(page_texts, start=1):
        lines = [ln for ln in text.split("\n") if ln.strip()][:HEAD_LINES]
        for line in lines:
            s = " ".join(line.split())
            if PART_HEADING.match(s) and not TOC_ENTRY.search(line.rstrip()):
                starts[p] = s
                break
    return starts if len(starts) >= MIN_PARTS else {}


def split_bundle(paras: list[Para], starts: dict[int, str]) -> tuple[list[Para], list[Part]]:
    """(cover paragraphs, parts) of a bundle's paragraphs. The heading is taken off its
    paragraph: a metadata block set directly below it is laid out as one paragraph with
    it, and is read as the part's own first paragraph."""
    cover: list[Para] = []
    parts: list[Part] = []
    for para in paras:
        head = starts.get(para.page)
        if head and " ".join(para.lines[0].split()) == head and \
                not (parts and parts[-1].page == para.page):
            n = _heading_lines(para.lines)
            heading = " ".join(" ".join(para.lines[:n]).split())
            m = PART_HEADING.match(heading)
            part = Part(heading, m["sender"].strip(" .:–-") if m else "", para.page,
                        para.locator)
            if para.lines[n:]:
                part.paras.append(Para(para.lines[n:], f"{para.locator}.1", page=para.page,
                                       pages=set(para.pages)))
            parts.append(part)
            continue
        (parts[-1].paras if parts else cover).append(para)
    return cover, parts


def _heading_lines(lines: list[str]) -> int:
    """How many lines the heading takes: a long sender's name wraps ("Høringssvar fra
    Foreningen for Bæredygtig Mobilitet og Grøn" / "Omstilling i Nordsjælland"). The lines
    after the first belong to it when they end no sentence and all that follows them in
    the paragraph is a metadata block (or nothing)."""
    rest = [" ".join(ln.split()) for ln in lines[1:]]
    k = next((i for i, ln in enumerate(rest) if META_LINE.match(ln)), len(rest))
    cont = rest[:k]
    if cont and len(cont) <= MAX_HEADING_LINES - 1 and \
            all(META_LINE.match(ln) for ln in rest[k:]) and \
            not any(ln.endswith((".", "!", "?", ":")) for ln in cont):
        return 1 + len(cont)
    return 1


def part_sender(named: str, meta: dict[str, str]) -> tuple[str, list[str]]:
    """(organisation, private names) of a part: its metadata's "Organisation:", else the
    sender its heading names; a person ("Høringssvar nr. 5 – Mette Kristensen", or
    "Høringssvar fra privatperson" above "Afsender: Mette Kristensen") is
    ``PRIVATE_HEADING`` and the name is returned to be redacted."""
    names = [n for n in (named, meta.get("sender", ""))
             if n and pii.looks_like_private_person(n)]
    org = meta.get("organisation", "")
    if org and not pii.looks_like_private_person(org):
        return org, names
    if named in names or pii.is_private_sender(named):
        return PRIVATE_HEADING, names
    return named, names
