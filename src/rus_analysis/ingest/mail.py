"""E-mail responses (.eml): the body as text, the attachments, sender date and subject.

Why the standard library's ``email`` package: it decodes quoted-printable and base64
bodies, encoded headers and character sets the way mail programs write them. The sender's
name and address are personal data and are not kept; the sending organisation comes
from the manifest. Quoted replies and the signature are recognised in the body like any
letter's (``letters.letter_parts``).

Why attachments are returned, not dropped: a written response very often reaches the
region as a short covering note ("Hermed fremsendes Gribskov Kommunes høringssvar") with
the response itself as a PDF or Word attachment. Reading only the body lost the response
without a word; the attachments are read by the letter readers (``attachments``).

Why forwards are cut here: a colleague's forward ("---------- Videresendt besked
----------", or Outlook's "-----Original Message-----" under a "VS:"/"Fwd:" subject)
carries the response *below* the marker, under a "Fra:/Sendt:/Til:/Emne:" block. Read as
a reply, everything from the marker on was quoted text, so the response was lost and the
forwarder's note ("Til orientering") was quoted as the statement. The note is still read
(``_forward_note``): what a forwarder adds is a statement; only passing the mail on is not.

Why every inline text part: only the plain and HTML copies of one text (the parts of a
``multipart/alternative``) are alternatives. Apple Mail puts an inline PDF between two
text parts of a ``multipart/mixed``; reading one text part lost the rest (``_walk``).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import email.utils
import html
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from rus_analysis import pii
from rus_analysis.danish import split_sentences
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.layout import Para, text_paragraphs
from rus_analysis.ingest.letters import COVER_NOTE, MAX_LEAD_IN_CHARS, Letter, letter_parts
from rus_analysis.ingest.textfile import normalise_newlines


@dataclass
class Attachment:
    """An attached file: its name as the mail gives it, its MIME type and its bytes."""

    name: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass
class Mail:
    """An e-mail read: body text, what of the body is furniture, metadata, attachments."""

    body: str
    meta: dict[str, str]
    furniture: list[tuple[str, str]] = field(default_factory=list)   # (kind, locator)
    attachments: list[Attachment] = field(default_factory=list)
    # a forwarder's own text above a forwarded mail, when it says something
    note: Letter | None = None


# a forward's marker line; "original message" is also Outlook's reply marker, so it counts
# as a forward only under a forward's subject (FORWARD_SUBJECT)
FORWARD_MARK = re.compile(r"(?i)^\s*-{2,}\s*(?:videresendt\s+(?:besked|meddelelse)|"
                          r"forwarded\s+message|begin\s+forwarded\s+message)\s*-*\s*$")
ORIGINAL_MARK = re.compile(r"(?i)^\s*-{2,}\s*(?:oprindelig\s+meddelelse|original\s+message)"
                           r"\s*-*\s*$")
FORWARD_SUBJECT = re.compile(r"(?i)^\s*(?:vs|fw|fwd|wg|tr)\s*:")
# a forwarder's words that only pass the mail on ("Til orientering", "Videresender
# borgerens svar", "Se nedenstående"): a sentence holding them is ``forward_note`` unless
# it takes a position (``_passes_mail_on``)
FORWARD_COURTESY = re.compile(
    r"(?i)\b(?:videresend\w*|send(?:er|t)\s+(?:\w+\s+){0,2}videre|til\s+(?:din\s+|jeres\s+)?"
    r"(?:orientering|info\w*)|fyi|fw|fwd|forward\w*|se\s+(?:venligst\s+)?(?:nedenfor|"
    r"nedenstående|herunder)|kom\s+ind\s+i|indbakke)\b")
# a sentence about the mail itself: a pass-on verb or pointer, and the mail as its object
PASS_ON = re.compile(r"(?i)\b(?:her\s+er|nedenfor|herunder|nedenstående|modt(?:og|aget|ager)|"
                     r"fik|kom\s+(?:ind|frem)|sender|sendt|send\w*\s+igen|vedhæft\w*|"
                     r"vedlag\w*|finder\s+(?:du|i)|følger)\b")
ABOUT_MAIL = re.compile(r"(?i)\b(?:\w*svar\w*|\w*mail\w*|henvendelse\w*|besked\w*|brev\w*|"
                        r"kontaktformular\w*)")
# a position or a proposal: such a sentence is the forwarder's statement
POSITION = re.compile(r"(?i)\b(?:støtte[rt]?|bakke[rt]?\s+op|ønske[rt]?|foreslå\w*|anbefale\w*|"
                      r"tilslutte[rt]?|mene[rt]?|bør|savne[rt]?|opfordre[rt]?|tilføje[rt]?|"
                      r"prioritere[rt]?|enig\w*|uenig\w*|imod|bekymre[rt]?|kræve[rt]?)\b")
MIN_NOTE_WORDS = 5      # fewer words ("Hej igen", "Som aftalt") is no statement
PREFERENCE = ("plain", "html")    # the body's text: plain text, else HTML
HEADER_LINE = re.compile(r"(?i)^\s*(?P<label>fra|from|sendt|sent|dato|date|til|to|cc|bcc|"
                         r"emne|subject|vigtighed|importance)\s*:\s*(?P<value>.*)$")


def read_eml(path: Path, ctx: FileContext) -> Mail:
    """The body text, metadata ({"letter_date": ISO, "subject": ...}) and attachments of
    an e-mail file; reports and raises FileRejected when it cannot be read."""
    try:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        part = msg.get_body(preferencelist=PREFERENCE)
        texts, leaves, before_file = _walk(msg, part)
        body, lead_ins = _body(texts, before_file)
        mail = Mail(body, {"subject": str(msg.get("subject", "") or "").strip()}, lead_ins)
        _private_sender(str(msg.get("from", "") or ""), ctx)
        date = msg.get("date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                mail.meta["letter_date"] = email.utils.parsedate_to_datetime(str(date)).date(
                ).isoformat()
        mail.attachments, inline = _attachments(leaves, texts)
        mail.furniture += [("inline_image", f"attachment={n}") for n in inline]
    except Exception as exc:  # a broken MIME structure raises many kinds of error
        ctx.problem("corrupt_file", f"the e-mail cannot be read ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        raise FileRejected from None
    if not mail.body.strip() and not mail.attachments:
        ctx.problem("no_text", "the e-mail has no text or HTML body and no attachment",
                    action="open the mail; if it holds a response, save it as .txt or PDF "
                           "and declare that file instead")
        raise FileRejected
    mail.body = _cut_forward(mail, ctx)
    return mail


def _private_sender(header: str, ctx: FileContext) -> None:
    """A sender's name that is a private person's (``ctx.is_private_sender_name``, the
    decision the bundle reader shares) is redacted wherever the run repeats it.

    Why not any two capitalised words: "Hovedstadens Letbane <info@m.dk>" sending for
    Metroselskabet became a private name, and Gladsaxe's unrelated letter read "forlænge
    [NAVN] til Lyngby"."""
    sender = pii.strip_private_mark(email.utils.parseaddr(header)[0])
    if sender and ctx.is_private_sender_name(sender):
        ctx.private_name(sender)


def _walk(msg: EmailMessage, body: EmailMessage | None
          ) -> tuple[list[EmailMessage], list[EmailMessage], list[bool]]:
    """(the text parts read as the body, in the mail's order; the other leaves; for each
    text part, whether a file follows it).

    Why not only ``get_body()``: it returns one text part, and Apple Mail writes a mail
    with an inline PDF as ``multipart/mixed`` of text, PDF, text - the text after the
    PDF was lost without a word. Only the siblings of a ``multipart/alternative`` are
    alternatives of each other (the plain and the HTML copy of one text): of each
    alternative, the branch holding the chosen body (else the one ``get_body`` prefers)
    is read, the other branches' text parts are not. Every inline plain or HTML part
    without a file name outside those is more of the body."""
    texts: list[EmailMessage] = []
    leaves: list[EmailMessage] = []
    before_file: list[bool] = []

    def visit(p: EmailMessage, alternative: bool) -> None:
        if p.get_content_type() == "message/rfc822" or not p.is_multipart():
            if p is body or _inline_text(p):
                if not alternative and p.get_content_subtype() in PREFERENCE:
                    texts.append(p)
                    before_file.append(False)
                return   # another text of an alternative, or a calendar or vCard part
            leaves.append(p)
            if before_file:
                before_file[-1] = True
            return
        kids = list(p.iter_parts())
        chosen = None
        if p.get_content_subtype() == "alternative" and kids:
            target = body if body is not None and _holds(p, body) else \
                p.get_body(preferencelist=PREFERENCE)
            chosen = next((k for k in kids if target is not None and _holds(k, target)),
                          None)
        for k in kids:
            visit(k, alternative or (chosen is not None and k is not chosen))

    visit(msg, False)
    return texts, leaves, before_file


def _body(texts: list[EmailMessage], before_file: list[bool]
          ) -> tuple[str, list[tuple[str, str]]]:
    """The body: the text parts one after another, a blank line between (locators are
    lines of this text); and the lead-ins to a file between them ("Se kortet her:" above
    an inline PDF), which are furniture: the file itself is read as an attachment."""
    parts: list[str] = []
    lead_ins: list[tuple[str, str]] = []
    offset = 0
    for text, file_follows in zip(texts, before_file, strict=True):
        lines = _text_of(text).split("\n")
        last = next((k for k in range(len(lines) - 1, -1, -1) if lines[k].strip()), None)
        if file_follows and last is not None and lines[last].rstrip().endswith(":") and \
                len(lines[last].strip()) <= MAX_LEAD_IN_CHARS and \
                (last == 0 or not lines[last - 1].strip()):
            lead_ins.append(("lead_in", f"line={offset + last + 1}"))
            lines[last] = ""
        parts.append("\n".join(lines))
        offset += len(lines) + 1          # the blank line the join puts between
    return "\n\n".join(parts), lead_ins


def _inline_text(p: EmailMessage) -> bool:
    """A text part that is shown as text, not attached as a file."""
    return p.get_content_maintype() == "text" and not p.get_filename() and \
        p.get_content_disposition() != "attachment"


def _holds(part: EmailMessage, target: EmailMessage) -> bool:
    return any(x is target for x in part.walk())


def _text_of(part: EmailMessage) -> str:
    """A text part's text; an HTML part's as text (``html_text``)."""
    text = str(part.get_content())
    text = html_text(text) if part.get_content_subtype() == "html" else text
    return normalise_newlines(text)


def _attachments(leaves: list[EmailMessage], texts: list[EmailMessage]
                 ) -> tuple[list[Attachment], list[str]]:
    """(attached files, names of inline images the HTML body shows).

    Why every leaf: mail programs nest attachments at any depth (mixed > related >
    alternative). An image the HTML body shows by ``cid:`` (a logo in the signature) is
    decoration, listed as furniture, not a response."""
    shown = " ".join(str(t.get_content()) for t in texts if t.get_content_subtype() == "html")
    files: list[Attachment] = []
    inline: list[str] = []
    for p in leaves:
        if p.get_content_type() == "message/rfc822":   # a mail forwarded as attachment
            inner = p.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            name = p.get_filename() or f"{str(inner.get('subject', '') or 'mail')}.eml"
            files.append(Attachment(name, "message/rfc822", inner.as_bytes()))
            continue
        name = p.get_filename() or ""
        cid = str(p.get("content-id", "") or "").strip("<> ")
        if cid and f"cid:{cid}" in shown and p.get_content_maintype() == "image":
            inline.append(name or cid)
            continue
        files.append(Attachment(name or f"part-{len(files) + 1}", p.get_content_type(),
                                p.get_payload(decode=True) or b""))
    return files, inline


def _cut_forward(mail: Mail, ctx: FileContext) -> str:
    """The body of a forwarded mail: the forwarder's note above the marker and the
    forwarded header block below it are blanked (their lines stay, empty, so that every
    locator is still the line of the mail) and listed as furniture; the forwarded text
    is read as the response. A person named in the forwarded "Fra:" is redacted."""
    lines = mail.body.split("\n")
    forward = FORWARD_SUBJECT.match(mail.meta.get("subject", "")) is not None
    at = next((i for i, ln in enumerate(lines) if FORWARD_MARK.match(ln) or
               (forward and ORIGINAL_MARK.match(ln))), None)
    if at is None:
        return mail.body
    end = at + 1
    while end < len(lines) and (not lines[end].strip() and end == at + 1 or
                                HEADER_LINE.match(lines[end])):
        m = HEADER_LINE.match(lines[end])
        if m and m["label"].lower() in ("fra", "from"):
            _private_sender(m["value"], ctx)
        end += 1
    if not "\n".join(lines[end:]).strip():
        return mail.body        # a marker with nothing under it: read as it stands
    mail.note = _forward_note(lines[:at], mail.meta)
    if mail.note is None and any(ln.strip() for ln in lines[:at]):
        mail.furniture.append(("forward_note", f"line={_first(lines, 0)}"))
    mail.furniture.append(("forwarded_header", f"line={at + 1}"))
    return "\n".join([""] * end + lines[end:])


def _forward_note(lines: list[str], meta: dict[str, str]) -> Letter | None:
    """The forwarder's text above the marker, as a letter of its own, when it says
    something; None when it is only a covering line, a greeting and a signature.

    Why: a forwarder often adds to what is forwarded ("Helsingør Kommune tilslutter sig
    nedenstående svar og vil tilføje, at færgeforbindelsen ... bør indgå"). That is
    the forwarder's own statement and was lost as ``forward_note``. Read as a letter
    (``letter_parts``), the greeting, courtesy line and signature are its furniture.

    Why sentence by sentence: "Til orientering. Vi bakker op om forslaget ..." was left
    out whole for its first sentence, and "Her er høringssvaret fra borgeren, som vi
    modtog i går på mail." was quoted as the municipality's statement for its length. A
    sentence that only passes the mail on (``_passes_mail_on``) is ``forward_note``; the
    others are read, marked in their context as the forwarder's addition."""
    letter = letter_parts(text_paragraphs("\n".join(lines)))
    said: list[Para] = []
    for p in letter.body:
        sentences = split_sentences(" ".join(p.text.split()))
        kept = [t for t in sentences if not _passes_mail_on(t)]
        short = len(" ".join(kept).split()) < MIN_NOTE_WORDS
        if short or len(kept) < len(sentences):   # all or a sentence of it left out
            letter.furniture.append(("forward_note", p.locator))
        if short:
            continue
        if len(kept) < len(sentences):
            p.lines = [" ".join(kept)]
        p.context = {**p.context, "del": "videresenders tilføjelse"}
        said.append(p)
    if not said:
        return None
    letter.body = said
    letter.meta = {**letter.meta, **{k: v for k, v in meta.items() if v}}
    return letter


def _passes_mail_on(sentence: str) -> bool:
    """A sentence of a forwarder's note that only passes the mail on ("Til orientering.",
    "Her er høringssvaret fra borgeren, som vi modtog i går på mail.", "Jeg sender lige
    svaret igen."), and takes no position ("Vi bakker op om forslaget" is a statement,
    even after "Til orientering,")."""
    if POSITION.search(sentence):
        return False
    if FORWARD_COURTESY.search(sentence) or COVER_NOTE.search(sentence):
        return True
    return bool(PASS_ON.search(sentence) and ABOUT_MAIL.search(sentence))


def _first(lines: list[str], start: int) -> int:
    """The 1-based number of the first non-blank line from ``start`` on."""
    return next((i + 1 for i in range(start, len(lines)) if lines[i].strip()), start + 1)


_BREAK = re.compile(r"(?i)<\s*(?:br|/li|/tr)\b[^>]*>")
_PARA_END = re.compile(r"(?i)<\s*(?:/p|/div|/h[1-6]|/table|/ul|/ol)\b[^>]*>")
_QUOTE = re.compile(r"(?is)<blockquote\b.*?</blockquote>")


def html_text(markup: str) -> str:
    """The text of an HTML mail body: paragraphs and line breaks kept, quoted blocks
    (``<blockquote>``) marked as quoted lines, tags removed, entities decoded."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", markup)
    markup = _QUOTE.sub(lambda m: "\n\n> " + re.sub(r"<[^>]+>", " ", m.group(0)) + "\n", markup)
    markup = _PARA_END.sub("\n\n", markup)
    markup = _BREAK.sub("\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return re.sub(r"\n{3,}", "\n\n", text)
