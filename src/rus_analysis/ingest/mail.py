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
forwarder's note ("Til orientering") was quoted as the statement.
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
from rus_analysis.ingest.context import FileContext, FileRejected
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


# a forward's marker line; "original message" is also Outlook's reply marker, so it counts
# as a forward only under a forward's subject (FORWARD_SUBJECT)
FORWARD_MARK = re.compile(r"(?i)^\s*-{2,}\s*(?:videresendt\s+(?:besked|meddelelse)|"
                          r"forwarded\s+message|begin\s+forwarded\s+message)\s*-*\s*$")
ORIGINAL_MARK = re.compile(r"(?i)^\s*-{2,}\s*(?:oprindelig\s+meddelelse|original\s+message)"
                           r"\s*-*\s*$")
FORWARD_SUBJECT = re.compile(r"(?i)^\s*(?:vs|fw|fwd|wg|tr)\s*:")
HEADER_LINE = re.compile(r"(?i)^\s*(?P<label>fra|from|sendt|sent|dato|date|til|to|cc|bcc|"
                         r"emne|subject|vigtighed|importance)\s*:\s*(?P<value>.*)$")


def read_eml(path: Path, ctx: FileContext) -> Mail:
    """The body text, metadata ({"letter_date": ISO, "subject": ...}) and attachments of
    an e-mail file; reports and raises FileRejected when it cannot be read."""
    try:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html"))
        body = ""
        if part is not None:
            body = part.get_content()
            if part.get_content_subtype() == "html":
                body = html_text(body)
        mail = Mail(normalise_newlines(str(body)),
                    {"subject": str(msg.get("subject", "") or "").strip()})
        _private_sender(str(msg.get("from", "") or ""), ctx)
        date = msg.get("date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                mail.meta["letter_date"] = email.utils.parsedate_to_datetime(str(date)).date(
                ).isoformat()
        mail.attachments, inline = _attachments(msg, part)
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
    """A sender's name that looks like a person's is not kept, and is redacted wherever
    the text repeats it."""
    sender = email.utils.parseaddr(header)[0]
    if pii.looks_like_private_person(sender):
        ctx.private_name(sender)


def _attachments(msg: EmailMessage, body: EmailMessage | None
                 ) -> tuple[list[Attachment], list[str]]:
    """(attached files, names of inline images the HTML body shows).

    Why walk every leaf: mail programs nest attachments at any depth (mixed > related >
    alternative). The body's own text parts (the plain/HTML alternatives) are not
    attachments; an image the HTML body shows by ``cid:`` (a logo in the signature) is
    decoration, listed as furniture, not a response."""
    shown = ""
    if body is not None and body.get_content_subtype() == "html":
        shown = str(body.get_content())
    files: list[Attachment] = []
    inline: list[str] = []

    def visit(p: EmailMessage) -> None:
        if p.get_content_type() == "message/rfc822":   # a mail forwarded as attachment
            inner = p.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            name = p.get_filename() or f"{str(inner.get('subject', '') or 'mail')}.eml"
            files.append(Attachment(name, "message/rfc822", inner.as_bytes()))
            return
        if p.is_multipart():
            for sub in p.iter_parts():
                visit(sub)
            return
        if p is body:
            return
        name = p.get_filename() or ""
        if p.get_content_maintype() == "text" and not name and \
                p.get_content_disposition() != "attachment":
            return   # an alternative of the body
        cid = str(p.get("content-id", "") or "").strip("<> ")
        if cid and f"cid:{cid}" in shown and p.get_content_maintype() == "image":
            inline.append(name or cid)
            return
        files.append(Attachment(name or f"part-{len(files) + 1}", p.get_content_type(),
                                p.get_payload(decode=True) or b""))

    visit(msg)
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
    if any(ln.strip() for ln in lines[:at]):
        mail.furniture.append(("forward_note", f"line={_first(lines, 0)}"))
    mail.furniture.append(("forwarded_header", f"line={at + 1}"))
    return "\n".join([""] * end + lines[end:])


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
