"""E-mail responses (.eml): the body as text, sender date and subject as metadata.

Why the standard library's ``email`` package: it decodes quoted-printable and base64
bodies, encoded headers and character sets the way mail programs write them. The sender's
name and address are personal data and are not kept; the sending organisation comes
from the manifest. Quoted replies and the signature are recognised in the body like any
letter's (``letters.letter_parts``).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import email.utils
import html
import re
from pathlib import Path

from rus_analysis import pii
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.textfile import normalise_newlines


def read_eml(path: Path, ctx: FileContext) -> tuple[str, dict[str, str]]:
    """(body text, {"letter_date": ISO, "subject": ...}) of an e-mail file."""
    try:
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html"))
        if part is None:
            ctx.problem("no_text", "the e-mail has no text or HTML body (only attachments?)",
                        action="save the attachment that holds the response and declare it "
                               "instead")
            raise FileRejected
        body = part.get_content()
        if part.get_content_subtype() == "html":
            body = html_text(body)
        meta = {"subject": str(msg.get("subject", "") or "").strip()}
        sender = email.utils.parseaddr(str(msg.get("from", "") or ""))[0]
        if pii.looks_like_private_person(sender):
            # the sender's name is not kept, and is redacted where the text repeats it
            ctx.private_name(sender)
        date = msg.get("date")
        if date:
            with contextlib.suppress(TypeError, ValueError):
                meta["letter_date"] = email.utils.parsedate_to_datetime(str(date)).date(
                ).isoformat()
    except FileRejected:
        raise
    except Exception as exc:  # a broken MIME structure raises many kinds of error
        ctx.problem("corrupt_file", f"the e-mail cannot be read ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        raise FileRejected from None
    return normalise_newlines(str(body)), meta


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
