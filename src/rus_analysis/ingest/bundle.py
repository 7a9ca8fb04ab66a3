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
one letter, as before). Once it is a bundle, a heading paragraph further down a page
starts a part too (short responses printed one below the other), unless it is the
letter's own subject line (``is_subject``). Each part, from one heading to the next, is
read as a letter of its own; its sender is the heading's, or the "Organisation:" of its
metadata block, and a private person named there is "Privatperson" (the name is
redacted wherever it stands): by metadata, an anonymised heading, or a person-like
name the round does not know as an organisation (``part_sender``; privacy first, with a
warning when no first name confirms it). What stands above the first heading (cover,
table of contents) is furniture.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
# what a letter's title adds after its sender: "... vedrørende forslag til RUS", "...
# om udkast til ..." ("om"/"til" only before such words: "Foreningen til Hedens ...")
SUBJECT_TAIL = re.compile(
    r"(?i)[\s,]+(?:vedrørende|vedr\.?|angående|ang\.|i\s+forbindelse\s+med|"
    r"(?:om|til|på)\s+(?=(?:det\s+|den\s+)?(?:forslag|udkast|høring|regional|rus\b|"
    r"strategi|udviklingsstrategi)))\s*")
HEAD_LINES = 3     # a page that starts a part has its heading among its first lines
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
    # the letter's own subject lines in heading form below the heading (``is_subject``)
    subjects: list[Para] = field(default_factory=list)


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


def split_bundle(paras: list[Para], starts: dict[int, str],
                 greeting: Callable[[str], bool] = lambda _line: False
                 ) -> tuple[list[Para], list[Part]]:
    """(cover paragraphs, parts) of a bundle's paragraphs. The heading is taken off its
    paragraph: a metadata block set directly below it is laid out as one paragraph with
    it, and is read as the part's own first paragraph. ``greeting`` tells a letter's
    greeting line ("Kære Region Hovedstaden"; the letter reader's rule), for
    ``is_subject``."""
    cover: list[Para] = []
    parts: list[Part] = []
    for para in paras:
        head = starts.get(para.page)
        at_top = bool(head) and " ".join(para.lines[0].split()) == head and \
            not (parts and parts[-1].page == para.page)
        below = not at_top and parts and is_heading_paragraph(para.lines)
        if below and is_subject(parts[-1], para, greeting):
            parts[-1].subjects.append(para)
        elif at_top or below:
            parts.append(_part(para))
        else:
            (parts[-1].paras if parts else cover).append(para)
    return cover, parts


def is_subject(part: Part, para: Para,
               greeting: Callable[[str], bool] = lambda _line: False) -> bool:
    """Is a heading paragraph below a part's heading the letter's own subject line
    ("Høringssvar fra Gladsaxe Kommune vedrørende forslag til ...") rather than the
    next response: no metadata block with it, and it names the part's sender or stands
    where a subject stands, right below the heading, its metadata and the greeting?

    Why: it started a part of its own; the bundle had a response too many and the
    statements a respondent that does not exist (the whole title). Why a heading with
    a metadata block is always a response's: a subject line has none."""
    if len(para.lines) > _heading_lines(para.lines):
        return False
    m = PART_HEADING.match(" ".join(" ".join(para.lines).split()))
    new, mine = (pii.organisation_key(n) for n in (heading_sender(m["sender"]) if m else "",
                                                  part.named))
    same = bool(new and mine) and ((new + " ").startswith(mine + " ") or
                                   (mine + " ").startswith(new + " "))
    return same or all(_letter_head(p, greeting) for p in part.paras)


def _letter_head(para: Para, greeting: Callable[[str], bool]) -> bool:
    """Is a paragraph part of a letter's head: a metadata block or the greeting line?
    Why not any short line: a response of short bullets without full stops is text,
    and the next response's heading below it is a response of its own."""
    lines = [" ".join(ln.split()) for ln in para.lines]
    return all(META_LINE.match(ln) for ln in lines) or (len(lines) == 1 and
                                                          greeting(lines[0]))


def heading_sender(text: str) -> str:
    """The sender of a heading, without the subject the letter's own title adds
    ("Gladsaxe Kommune vedrørende forslag til Regional Udviklingsstrategi" -> "Gladsaxe
    Kommune"): such a title made the whole of it the respondent."""
    return SUBJECT_TAIL.split(text, maxsplit=1)[0].strip(" .:–-,")


def is_heading_paragraph(lines: list[str]) -> bool:
    """Is a paragraph further down a page the heading of the next response: its first
    line a heading (no table-of-contents entry), and nothing but the heading's wrapped
    lines and a metadata block with it?

    Why anywhere on a page, once the PDF is a bundle (``part_starts``): case systems
    print short responses one below the other; "Høringssvar fra Danske
    Handicaporganisationer" below Furesø's signature was read as that signature, and
    the response was lost. Why so strict: a body paragraph may begin "Høringssvar fra
    kommunerne viser ..."; a heading ends no sentence and has no text of its own."""
    first = " ".join(lines[0].split()) if lines else ""
    if not PART_HEADING.match(first) or TOC_ENTRY.search(lines[0].rstrip()):
        return False
    n = _heading_lines(lines)
    return not lines[n - 1].rstrip().endswith((".", "!", "?")) and \
        all(META_LINE.match(" ".join(ln.split())) for ln in lines[n:])


def _part(para: Para) -> Part:
    """A part from its heading's paragraph (the heading's lines off, the metadata block
    below them as its first paragraph)."""
    n = _heading_lines(para.lines)
    heading = " ".join(" ".join(para.lines[:n]).split())
    m = PART_HEADING.match(heading)
    part = Part(heading, heading_sender(m["sender"]) if m else "", para.page, para.locator)
    if para.lines[n:]:
        part.paras.append(Para(para.lines[n:], f"{para.locator}.1", page=para.page,
                               pages=set(para.pages)))
    return part


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


def part_sender(named: str, meta: dict[str, str],
                is_person: Callable[[str], bool] = pii.is_private_name,
                unknown: Callable[[str], bool] = pii.is_unknown_person_like
                ) -> tuple[str, list[str]]:
    """(organisation, private names) of a part: its metadata's "Organisation:", else the
    sender its heading names. The part is a private person's (``PRIVATE_HEADING``, and
    the names it gives are returned to be redacted) when its metadata says so
    ("Organisation: Privatperson"), its heading is anonymised ("Høringssvar fra
    privatperson"), the name is a person's by ``is_person`` (``pii.is_private_name``
    with the round's known organisations: a first name, no known organisation), or the
    heading alone names the sender and ``unknown`` holds (``heading_taken_for_person``).

    Why not only by a first name: "Høringssvar fra Mohammed Ali" was an organisation
    and the citizen's name reached the report. Why an organisation the round knows stays
    one: "Høringssvar fra Visit Nordsjælland" made it a private person, its name was
    redacted in every letter of the run. An organisation's sender ("Afsender: Lars
    Pedersen" below "Høringssvar fra Dansk Erhverv") is still a name to redact, whatever
    its first name: below an organisation's heading, a sender who is not that
    organisation and looks like a person is one."""
    org, sender = meta.get("organisation", ""), meta.get("sender", "")
    if _says_person(named, meta, is_person) or heading_taken_for_person(named, meta, unknown):
        names = (pii.strip_private_mark(n) for n in (named, org, sender) if n)
        return PRIVATE_HEADING, list(dict.fromkeys(
            n for n in names if pii.looks_like_private_person(n)))
    org = org or named
    # the sender below an organisation's heading: a person's name unless it is the
    # organisation itself ("Afsender: Visit Nordsjælland")
    names = [sender] if sender and pii.looks_like_private_person(sender) and \
        pii.organisation_key(sender) != pii.organisation_key(org) else []
    return org, names


def _says_person(named: str, meta: dict[str, str], is_person: Callable[[str], bool]
                 ) -> bool:
    """Does the part say it is a private person's: its metadata, an anonymised heading,
    a name ``is_person`` takes?"""
    org, sender = meta.get("organisation", ""), meta.get("sender", "")
    kind = "" if org else meta.get("organisation_type", "")
    return any(v and pii.is_private_sender(v) for v in (org, sender, kind)) or \
        pii.is_private_sender(named) or is_person(named) or bool(org and is_person(org))


def heading_taken_for_person(named: str, meta: dict[str, str],
                             unknown: Callable[[str], bool] = pii.is_unknown_person_like,
                             is_person: Callable[[str], bool] = pii.is_private_name
                             ) -> bool:
    """Is a part a private person's only because its heading's sender could be a
    person's and no one knows it as an organisation ("Høringssvar fra Mohammed Ali",
    no "Organisation:" below it)? The reader warns then: the analyst who knows it is an
    organisation declares it and reruns."""
    declared = meta.get("organisation") or meta.get("organisation_type")
    return not declared and not _says_person(named, meta, is_person) and unknown(named)
