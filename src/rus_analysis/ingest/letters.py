"""Written consultation responses (.txt, .docx, .pdf, .eml, .md): body paragraphs.

Why paragraphs, and why the furniture is recognised here: a letter is laid out as a
letter. Above the greeting stand the letterhead, addressee, place-and-date line and
subject line; after the closing formula the signature block (name, title, phone,
e-mail); an e-mail adds quoted replies and a disclaimer. None of it is input to the
strategy, and two letters with the same subject line are not a duplicate. They are
recognised by position and pattern and kept as metadata (the letter's date, its subject)
or left out, and each file gets one problem line saying what was left out where. Every
body paragraph or bullet becomes one record (``para=N``: the N-th paragraph of the
letter as laid out); cleaning splits long paragraphs and bullet lists.

A case system's or a portal's metadata block ("Afsender:", "Modtaget:", "Kommune:") is
furniture too; what it says is kept (date, sender, municipality). A PDF that bundles many
responses is read one response at a time (``bundle``; ``read_letters`` returns one
``Letter`` per response).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from rus_analysis import pii
from rus_analysis.ingest.bundle import (
    META_KEYS,
    META_LINE,
    PRIVATE_HEADING,
    heading_taken_for_person,
    part_sender,
    part_starts,
    split_bundle,
)
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.layout import Para, pdf_paragraphs, split_columns, text_paragraphs
from rus_analysis.ingest.manifest import parse_date
from rus_analysis.ingest.textfile import decode_bytes, normalise_newlines

log = logging.getLogger("rus_analysis.ingest")

MIN_TEXT_CHARS_PER_PAGE = 10   # less than this on average: a scanned image, not text
MAX_PDF_PAGES = 5000
LAYOUT_MAX_PAGES = 300         # above this, plain extraction (layout mode is slower)

GREETING = re.compile(r"(?i)^(?:kære|hej|hejsa|goddag|dear|til|att\.?|attention)\b"
                      r"[^\n]{0,80}$")
GREETING_TIL_OK = re.compile(
    r"^[Tt]il\s+(?:(?i:region|regionen|regionsrådet|sekretariatet|rus|hvem)\b|"
    r"[A-ZÆØÅ][\w\-]*\s+[Kk]ommune|(?i:rette\s+vedkommende)|[A-ZÆØÅ])")
CLOSING = re.compile(
    r"(?i)^\s*(?:med\s+venlig(?:st)?\s+hilsen|venlig(?:st)?\s+hilsen|de\s+bedste\s+hilsner|"
    r"bedste\s+hilsner?|mange\s+hilsner|kærlig\s+hilsen|hilsen|mvh\.?|vh\.?|"
    r"kind\s+regards|best\s+regards|regards)(?=[\s,.:!]|$)")
QUOTED = re.compile(
    r"(?i)^\s*(?:-{2,}\s*(?:oprindelig meddelelse|original message|videresendt meddelelse|"
    r"forwarded message)\s*-*|>|(?:den|on)\s.{4,80}\s(?:skrev|wrote)\s*:?\s*$|"
    r"(?:fra|from)\s*:.*$)")
DISCLAIMER = re.compile(r"(?i)(fortrolig\w*\s+oplysninger|confidential|modtaget\s+(?:denne\s+"
                        r"e-?mail|den)\s+ved\s+en\s+fejl|intended\s+recipient)")
SUBJECT = re.compile(r"(?i)^(?:vedr\.?|vedrørende|emne|re|sv|fw|fwd|angående|sag|"
                     r"j\.?\s*nr\.?)\s*[:.]|^(?:høringssvar|høring)\b")
MONTH = (r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
         r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
PLACE_DATE = re.compile(
    rf"(?i)^(?:[A-ZÆØÅ][\w .\-]{{1,40}},\s*)?(?:den\s+)?(?:\d{{1,2}}\.\s*{MONTH}\s+\d{{4}}|"
    rf"\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$|^dato\s*[:.]")
COURTESY = re.compile(
    r"(?i)\b(?:takker\s+for|tak\s+for\s+(?:muligheden|invitationen|henvendelsen|svaret|jeres|"
    r"din|høringen)|her\s+er\s+(?:mine|vores|\w+s)\s+bemærkninger|har\s+følgende\s+"
    r"bemærkninger|fremsender\s+hermed|afgiver\s+hermed)")
# a covering note: the body of a mail (or a letter) that points at the attached response
COVER_NOTE = re.compile(
    r"(?i)\b(?:hermed\s+fremsendes|fremsendes\s+hermed|vedhæftet\s+(?:er|findes|følger|"
    r"sendes|ses)|vedlagt\s+(?:er|findes|følger|sendes|fremsendes)|se\s+(?:venligst\s+)?"
    r"(?:vedhæftede|vedlagte)|(?:i|den)\s+vedhæftede\s+fil|please\s+find\s+attached)")
MAX_COURTESY_CHARS = 300
MAX_LEAD_IN_CHARS = 150
MAX_TOP_ZONE = 12              # paragraphs above the greeting that can be furniture
LONG_STATEMENT_CHARS = 1500    # a body paragraph this long is probably several
LONG_MEAN_CHARS = 900          # ... as is a letter whose paragraphs are this long on average


@dataclass
class Letter:
    """A letter read: body paragraphs, what was left out, and its metadata."""

    body: list[Para]
    furniture: list[tuple[str, str]] = field(default_factory=list)   # (kind, locator)
    meta: dict[str, str] = field(default_factory=dict)               # letter_date, subject
    encoding: str = ""
    # the signer's name, as the signature block writes it ("" if none looks like a
    # person's): a private sender's name is redacted wherever the letter repeats it
    signer: str = field(default="", repr=False)
    # persons the metadata block names (sender, contact): redacted wherever they stand
    names: list[str] = field(default_factory=list, repr=False)
    # a bundle's part: its sender and where its heading stands ("" = the manifest's)
    sender: str = ""
    part: str = ""


def _bundle_letters(texts: list[str], starts: dict[int, str], ctx: FileContext
                    ) -> list[Letter]:
    """A PDF bundle's responses, one letter each (see ``bundle``); reported as
    ``bundle_split``. The file's own furniture (running headers, the cover) is listed
    with the first letter's."""
    paras, furniture = pdf_paragraphs(texts, breaks=frozenset(starts), content=CLOSING)
    cover, parts = split_bundle(paras, starts, _is_greeting)
    furniture += [("bundle_cover", p.locator) for p in cover]
    letters: list[Letter] = []
    for part in parts:
        letter = letter_parts(part.paras) if part.paras else Letter([])
        letter.furniture.insert(0, ("part_heading", part.heading_locator))
        # the letter's own subject line below the heading ("Høringssvar fra Gladsaxe
        # Kommune vedrørende ...") is no part of its own and no statement
        letter.furniture += [("subject", p.locator) for p in part.subjects]
        if part.subjects:
            letter.meta.setdefault("subject", part.subjects[0].text)
        letter.sender, names = part_sender(part.named, letter.meta, ctx.is_private_name,
                                           ctx.is_unknown_person_like)
        # the metadata's sender is a person's name only if ``part_sender`` says so
        # ("Afsender: Visit Nordsjælland" is the organisation itself)
        sender = letter.meta.get("sender")
        letter.names = list(dict.fromkeys([*names, *(n for n in letter.names
                                                     if n != sender)]))
        # a second response on a page is named by its heading's paragraph
        same_page = letters and parts[len(letters) - 1].page == part.page
        letter.part = part.heading_locator if same_page else f"page={part.page}"
        if heading_taken_for_person(part.named, letter.meta, ctx.is_unknown_person_like,
                                    ctx.is_private_name):
            ctx.problem("bundle_sender_person", f"the response at {letter.part} is headed "
                        f"by a sender named like a person that the round does not know as "
                        f"an organisation: it was read as '{PRIVATE_HEADING}' and the name "
                        f"is redacted everywhere", severity="warning", locator=letter.part)
        letters.append(letter)
    letters[0].furniture = furniture + letters[0].furniture
    shown = "; ".join(f"{lt.part}: {lt.sender} ({len(lt.body)} paragraph(s))"
                      for lt in letters)
    ctx.problem("bundle_split", f"the PDF holds {len(letters)} responses, each under a "
                f"heading 'Høringssvar fra/nr. ...'; each was read as "
                f"a letter of its own, from the sender its heading or metadata names "
                f"(private persons as '{PRIVATE_HEADING}'): {shown}", severity="info",
                locator=letters[0].part, value=str(len(letters)))
    return letters


def _letter(paras: list[Para], furniture: list[tuple[str, str]], meta: dict[str, str],
            enc: str) -> Letter:
    """A letter from its paragraphs; the reader's furniture and metadata first."""
    letter = letter_parts(paras)
    letter.furniture = furniture + letter.furniture
    letter.meta = {**letter.meta, **{k: v for k, v in meta.items() if v}}
    letter.encoding = enc
    return letter


def read_letters(path: Path, fmt: str, ctx: FileContext, max_mb: float = 200.0
                 ) -> list[Letter]:
    """The letters of a file, with their body paragraphs and metadata: one, or one per
    response of a PDF bundle; an e-mail's body and then each attachment a letter reader
    reads (``attachments``; ``max_mb`` is their size limit). Reports and raises
    FileRejected when the file cannot be read."""
    furniture: list[tuple[str, str]] = []
    meta: dict[str, str] = {}
    enc = ""
    if fmt == "eml":
        return _mail_letters(path, ctx, max_mb)
    if fmt in ("txt", "md"):
        dec = decode_bytes(path.read_bytes(), ctx)
        paras, enc = text_paragraphs(normalise_newlines(dec.text)), dec.encoding
    elif fmt == "docx":
        from rus_analysis.ingest.notes import docx_paragraphs

        paras, furniture = docx_paragraphs(path, ctx)
    else:
        texts = pdf_page_texts(path, ctx)
        starts = part_starts(texts)
        if starts:
            return _bundle_letters(texts, starts, ctx)
        paras, furniture = pdf_paragraphs(texts, content=CLOSING)
    if not any(p.text.strip() for p in paras):
        ctx.problem("empty_file", "the letter holds no text")
        raise FileRejected
    return [_letter(paras, furniture, meta, enc)]


def _mail_letters(path: Path, ctx: FileContext, max_mb: float) -> list[Letter]:
    """An e-mail's letters: its body (header, forward, quoted replies, covering note and
    signature as furniture), then what its attachments hold (``attachments``).

    Why the body stays a letter even when it holds only furniture: its furniture line
    says what was left out; the attachments' letters come after it, from the same
    sender."""
    from rus_analysis.ingest.attachments import read_attachments
    from rus_analysis.ingest.mail import read_eml

    mail = read_eml(path, ctx)
    paras = text_paragraphs(mail.body)
    letter = _letter(paras, [("mail_header", "header"), *mail.furniture], mail.meta, "")
    notes = [mail.note] if mail.note is not None else []   # a forwarder's own text
    found = read_attachments(mail.attachments, ctx, max_mb)
    if not any(p.text.strip() for p in paras) and not found and not notes:
        ctx.problem("empty_file", "the e-mail holds no text, and no attachment that could "
                    "be read")
        raise FileRejected
    return [*notes, letter, *found]


def letter_parts(paras: list[Para]) -> Letter:
    """Split a letter's paragraphs into body and furniture, by position and pattern."""
    paras = _split_lines(paras)
    kinds: list[str] = ["" for _ in paras]
    meta: dict[str, str] = {}
    # the end: quoted replies, then the signature from the closing formula on
    end = len(paras)
    for i, p in enumerate(paras):
        if QUOTED.match(p.lines[0]) and i > 0:
            end = min(end, i)
            for j in range(i, len(paras)):
                kinds[j] = kinds[j] or "quoted_reply"
            break
    signer = ""
    for i in range(end):
        if CLOSING.match(paras[i].lines[0]):
            for j in range(i, end):
                kinds[j] = "signature"
            signer = _signer(paras[i:end])
            end = i
            break
    for i in range(end):
        if DISCLAIMER.search(paras[i].text) and i > 0:
            kinds[i] = "disclaimer"
    names = _metadata(paras[:end], kinds, meta)
    # the top: everything above the greeting is letterhead, address, date or subject
    greets = [i for i in range(min(end, MAX_TOP_ZONE + 1)) if _is_greeting(paras[i].lines[0])]
    # "Til Region Hovedstaden" above "Kære ..." is the addressee, not the greeting: the
    # place-and-date line between them was read as a statement
    greet = next((i for i in greets if not paras[i].lines[0].strip().lower().startswith(
        "til")), greets[0]) if greets else None
    top = greet if greet is not None else _top_without_greeting(paras, end)
    for i in range(top):
        kinds[i] = kinds[i] or _top_kind(paras[i], meta)
    if greet is not None:
        kinds[greet] = "greeting"
    body = [i for i in range(end) if not kinds[i]]
    if body and COURTESY.search(paras[body[0]].text) and \
            len(paras[body[0]].text) <= MAX_COURTESY_CHARS:
        kinds[body[0]] = "courtesy"
    elif body and COVER_NOTE.search(paras[body[0]].text) and \
            len(paras[body[0]].text) <= MAX_COURTESY_CHARS:
        kinds[body[0]] = "cover_note"
    for n, i in enumerate(body):
        p = paras[i]
        nxt = paras[body[n + 1]] if n + 1 < len(body) else None
        if not kinds[i] and p.text.endswith(":") and len(p.text) <= MAX_LEAD_IN_CHARS and \
                not p.bullet and (nxt is None or nxt.bullet):
            kinds[i] = "lead_in"
    furniture = [(k, p.locator) for k, p in zip(kinds, paras, strict=True) if k]
    for k, p in zip(kinds, paras, strict=True):
        p.kind = k
    return Letter([p for p in paras if not p.kind], furniture, meta, signer=signer,
                  names=names)


def _metadata(paras: list[Para], kinds: list[str], meta: dict[str, str]) -> list[str]:
    """Mark the metadata blocks above the body ("Afsender: ...", "Modtaget: ...": every
    line a known label and a short value) as furniture ``metadata``; keep what they say
    in ``meta`` (sender, organisation, organisation_type, municipality, letter_date).
    Returns the persons they name (sender, contact person), to be redacted.

    Why only above the first sentence paragraph: below it a "Kommune: ..." line could
    be part of what the sender wrote."""
    names: list[str] = []
    for i, p in enumerate(paras):
        found = [META_LINE.match(" ".join(ln.split())) for ln in p.lines]
        if all(found):
            kinds[i] = kinds[i] or "metadata"
            for m in found:
                label = " ".join(m["label"].lower().split())
                key, value = META_KEYS.get(label, ""), m["value"].strip()
                if key == "received":
                    date = parse_date(value)[0]
                    if date:
                        meta.setdefault("letter_date", date)
                elif key in ("sender", "contact"):
                    person = value.split(",")[0].strip()
                    if pii.looks_like_private_person(person):
                        names.append(person)
                    if key == "sender":
                        meta.setdefault("sender", person)
                elif key and value:
                    meta.setdefault(key, value)
        elif len(p.text) > 40 and p.text.rstrip().endswith((".", "!", "?")):
            break
    return names


def _signer(block: list[Para]) -> str:
    """The first line of a signature block (after the closing formula) that is a
    person's name: "Jens Hansen", "Jens Hansen, formand" -> "Jens Hansen"."""
    lines = [ln for p in block for ln in p.lines][1:]
    first = block[0].lines[0] if block and block[0].lines else ""
    m = CLOSING.match(first)
    if m and first[m.end():].strip(" ,.-"):
        lines.insert(0, first[m.end():])      # "Med venlig hilsen Jens Hansen"
    for line in lines[:3]:
        name = line.split(",")[0].strip(" .-")
        if pii.looks_like_private_person(name):
            return " ".join(name.split())
    return ""


def _split_lines(paras: list[Para]) -> list[Para]:
    """A greeting or a closing formula on the first line of a block starts its own
    paragraph (text letters often have no blank line after "Kære ..."), as does a
    closing formula or a quoted reply inside a block."""
    out: list[Para] = []
    for p in paras:
        cur = Para([], p.locator, page=p.page, pages=set(p.pages), context=p.context)
        for k, line in enumerate(p.lines):
            starts = k > 0 and (CLOSING.match(line) or QUOTED.match(line))
            if starts and cur.lines:
                out.append(cur)
                cur = Para([], f"{p.locator}.{k}", page=p.page, pages=set(p.pages),
                           context=p.context)
            cur.lines.append(line)
            if k == 0 and len(p.lines) > 1 and _is_greeting(line):
                out.append(cur)
                cur = Para([], f"{p.locator}.1", page=p.page, pages=set(p.pages),
                           context=p.context)
        if cur.lines:
            out.append(cur)
    return [p for p in out if p.lines]


def _is_greeting(line: str) -> bool:
    first = line.strip()
    if not GREETING.match(first):
        return False
    if first.lower().startswith("til") and (not GREETING_TIL_OK.match(first)
                                            or first.lower().startswith(("til gengæld",
                                                                         "til slut"))):
        return False
    return first.endswith((",", "!", ":")) or len(first) < 60


def _top_kind(p: Para, meta: dict[str, str]) -> str:
    """What a paragraph above the greeting is: place and date, subject or address."""
    kind = "address"
    for line in p.lines:
        s = " ".join(line.split())
        if PLACE_DATE.match(s):
            kind = "place_date"
            date = parse_date(re.sub(r"^(?:[^,]{1,40},\s*)?(?:den\s+)?|^dato\s*[:.]\s*", "",
                                     s, flags=re.IGNORECASE))[0]
            if date:
                meta.setdefault("letter_date", date)
        elif SUBJECT.match(s):
            kind = "subject"
            meta.setdefault("subject", s)
    return kind


def _top_without_greeting(paras: list[Para], end: int) -> int:
    """Without a greeting: leading paragraphs of short lines that look like a letterhead,
    an address, a date or a subject line (and no sentence) are furniture."""
    n = 0
    for p in paras[:min(end, MAX_TOP_ZONE)]:
        short = all(len(ln.strip()) <= 70 for ln in p.lines)
        sentence = p.text.rstrip().endswith((".", "!", "?")) and len(p.text) > 40
        looks = any(PLACE_DATE.match(ln.strip()) or SUBJECT.match(ln.strip())
                    or re.match(r"^\d{4}\s+\w", ln.strip()) for ln in p.lines)
        if short and not sentence and (looks or n < 3 and len(p.lines) > 1):
            n += 1
            continue
        break
    # only when the block really held an address, a date or a subject line
    if not any(PLACE_DATE.match(ln.strip()) or SUBJECT.match(ln.strip())
               for p in paras[:n] for ln in p.lines):
        return 0
    return n


def long_statements(letter: Letter) -> str:
    """Why a letter's body looks like a few long blocks instead of paragraphs, or ""."""
    lengths = [len(p.text) for p in letter.body]
    if not lengths:
        return ""
    long = [p.locator for p in letter.body if len(p.text) > LONG_STATEMENT_CHARS]
    mean = sum(lengths) / len(lengths)
    if long or (len(lengths) >= 2 and mean > LONG_MEAN_CHARS):
        over = (f", {len(long)} over {LONG_STATEMENT_CHARS:,} ({', '.join(long[:5])})"
                if long else "")
        return (f"{len(lengths)} body paragraph(s) of {mean:,.0f} characters on average"
                f"{over}; the letter may not have been split into its paragraphs")
    return ""


def furniture_summary(furniture: list[tuple[str, str]]) -> str:
    """'signature (para=9, para=10), greeting (para=2)': what was left out where."""
    by_kind: dict[str, list[str]] = {}
    for kind, loc in furniture:
        by_kind.setdefault(kind, []).append(loc)
    parts = []
    for kind, locs in by_kind.items():
        shown = ", ".join(dict.fromkeys(locs[:6]))
        more = f" and {len(locs) - 6} more" if len(locs) > 6 else ""
        parts.append(f"{kind.replace('_', ' ')} ({shown}{more})")
    return "; ".join(parts)


class _PypdfWarnings(logging.Handler):
    """Collects pypdf's logged warnings while a PDF is read (it logs, not raises, many
    problems - among them its refusal to inflate a decompression bomb)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> _PypdfWarnings:
        logging.getLogger("pypdf").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("pypdf").removeHandler(self)


def pdf_page_texts(path: Path, ctx: FileContext) -> list[str]:
    """The text of each page, laid out (vertical gaps as blank lines); reports and raises
    FileRejected for encrypted, damaged, bomb-like or image-only PDFs."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

    with open(path, "rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            ctx.problem("corrupt_file", "the file is not a PDF (it does not start with %PDF)")
            raise FileRejected
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # unsupported algorithm (e.g. AES without cryptography)
                ok = 0
            if not ok:
                ctx.problem("encrypted_file", "the PDF is password-protected; its text "
                            "cannot be read")
                raise FileRejected
        pages = reader.pages
        n = len(pages)
        if n > MAX_PDF_PAGES:
            ctx.problem("too_large", f"the PDF has {n} pages, more than a letter can have "
                        f"(limit {MAX_PDF_PAGES}); it was not read")
            raise FileRejected
        texts: list[str] = []
        with _PypdfWarnings() as warned:
            for page in pages:
                # Decode the content stream first: extract_text swallows pypdf's
                # LimitReachedError (a decompression bomb) and returns "".
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
                texts.append(_page_text(page, layout=n <= LAYOUT_MAX_PAGES))
        limit = next((m for m in warned.messages if "limit reached" in m.lower()), None)
        if limit:
            ctx.problem("zip_bomb", f"a compressed stream in the PDF unpacks beyond the "
                        f"safe limit ({limit[:120]}); its text was not read")
            raise FileRejected
    except FileRejected:
        raise
    except FileNotDecryptedError:
        ctx.problem("encrypted_file", "the PDF is password-protected; its text cannot be read")
        raise FileRejected from None
    except LimitReachedError as exc:
        ctx.problem("zip_bomb", f"a compressed stream in the PDF unpacks beyond the safe "
                    f"limit ({str(exc)[:120]}); reading stopped")
        raise FileRejected from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError, AssertionError, ZeroDivisionError) as exc:
        ctx.problem("corrupt_file", f"the PDF is damaged or truncated ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        raise FileRejected from None
    total = sum(len(t.strip()) for t in texts)
    if n == 0 or total < MIN_TEXT_CHARS_PER_PAGE * max(n, 1):
        ctx.problem("no_text", f"the PDF has {n} page(s) but no extractable text "
                    f"({total} characters): it is probably a scanned image")
        raise FileRejected
    # a page in two columns is read column by column, not line by line across both
    out: list[str] = []
    for p, text in enumerate(texts, start=1):
        text, column = split_columns(text)
        if column is not None:
            ctx.problem("pdf_columns", f"page {p} is laid out in two columns (the right one "
                        f"starts at character {column} of the line); it was read column by "
                        "column", severity="info", locator=f"page={p}")
        out.append(text)
    return out


def _page_text(page: object, layout: bool) -> str:
    """One page's text; layout mode keeps vertical gaps, plain mode is the fallback."""
    if layout:
        try:
            return page.extract_text(extraction_mode="layout",  # type: ignore[attr-defined]
                                     layout_mode_space_vertically=True) or ""
        except Exception:  # noqa: BLE001 - layout mode fails on some fonts; plain works
            log.debug("layout extraction failed; plain text used", exc_info=True)
    return page.extract_text() or ""  # type: ignore[attr-defined]
