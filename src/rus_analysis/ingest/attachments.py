"""Files attached to an e-mail response: read as letters where a letter reader reads
them; one problem line naming the mail, the attachment and what to do where none does.

Why: a region receives most written responses as a covering note with the response
attached (PDF or Word). The attachment is the response; it is read by the same readers
as a declared letter (``letters.read_letters``), behind the same safety checks
(``safety``: size, zip bombs, encrypted or renamed Office files), and its paragraphs are
the mail's, from the manifest's organisation (locator ``attachment=NAME;page=1;para=2``;
two attachments of one name are told apart by their place, ``attachment=2:NAME``).
An attachment no reader reads - a scanned letter as an image, a zip, Outlook's
``winmail.dat`` - is never dropped silently: the analyst is told to save it as a file of
its own and declare it.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rus_analysis import pii
from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.safety import MB, check_ooxml, check_size

if TYPE_CHECKING:
    from rus_analysis.ingest.letters import Letter
    from rus_analysis.ingest.mail import Attachment

MAX_DEPTH = 3          # a mail attached to a mail attached to a mail: deeper is not read
BY_TYPE = {"application/pdf": "pdf", "message/rfc822": "eml", "text/plain": "txt",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}
BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".md": "md", ".eml": "eml"}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".heic")
DECLARE = ("save it in the round folder and declare it in manifest.yaml as a file of its own "
           "(type: written, with the mail's organisation)")


@dataclass
class AttachmentContext(FileContext):
    """The mail's context, for a reader of one of its attachments: every problem names
    the attachment (message and locator) and is filed under the mail."""

    parent: FileContext | None = None
    attachment: str = ""
    depth: int = 1

    def problem(self, code: str, detail: str, *, severity: str = "error",
                locator: str = "", action: str | None = None, value: str = "") -> None:
        where = ";".join(x for x in (f"attachment={self.attachment}", locator) if x)
        report = self.parent.problem if self.parent is not None else super().problem
        report(code, f"attachment '{self.attachment}': {detail}", severity=severity,
               locator=where, action=action, value=value)


def attachment_format(att: Attachment) -> str:
    """The letter format of an attachment ("pdf", "docx", "txt", "md", "eml"), or ""."""
    suffix = Path(att.name).suffix.lower()
    return BY_SUFFIX.get(suffix) or ("" if suffix else BY_TYPE.get(att.content_type, ""))


def not_read_reason(att: Attachment) -> tuple[str, str]:
    """(what the attachment is, what the analyst can do) for one no reader reads."""
    name, suffix = att.name.lower(), Path(att.name).suffix.lower()
    if name == "winmail.dat" or att.content_type in ("application/ms-tnef",
                                                     "application/vnd.ms-tnef"):
        return ("Outlook's winmail.dat (TNEF), which wraps the sender's real attachments "
                "and formatting", "ask the sender to send the response again as PDF or "
                "Word (Outlook: not as Rich Text), or open winmail.dat with a TNEF viewer, "
                "save the files it holds, and " + DECLARE.replace("it in", "each in"))
    if att.content_type.startswith("image/") or suffix in IMAGE_SUFFIXES:
        return ("an image (a scanned or photographed letter?); its text cannot be read",
                "open the image; if it holds a response, run OCR on it (e.g. save it as a "
                "PDF with text) or type it into a .txt file, and " + DECLARE)
    if suffix == ".zip" or att.content_type in ("application/zip",
                                                "application/x-zip-compressed"):
        return ("a zip archive; its files were not unpacked", "unpack it; for each file "
                "that holds a response, " + DECLARE)
    return (f"a format no letter reader reads ({att.content_type}, '{suffix or 'no suffix'}')",
            "open it; if it holds a response, save it as PDF, .docx or .txt and " + DECLARE)


def locator_names(attachments: list[Attachment], ctx: FileContext) -> list[str]:
    """The name each attachment goes by in locators and problem lines, unique in the mail.

    Why the position: two attachments may have the same name ("høringssvar.pdf" twice),
    or names that become the same when a sender's name is redacted ("Brev fra
    [NAVN].pdf"); their paragraphs then had the same locator, so the same record id, and
    the second attachment's statements were dropped. A name used more than once is
    prefixed by the attachment's place among the mail's attachments ("2:høringssvar.pdf");
    a name used once stays as it is, so existing locators do not change."""
    # the name goes into locators: a sender's name or address in it is redacted
    names = [pii.redact(" ".join(att.name.replace(";", ",").split()) or "(no name)",
                        names=ctx.known_names()) for att in attachments]
    counts = Counter(names)
    return [f"{i}:{n}" if counts[n] > 1 else n for i, n in enumerate(names, start=1)]


def read_attachments(attachments: list[Attachment], ctx: FileContext, max_mb: float
                     ) -> list[Letter]:
    """The letters in a mail's attachments (each one reported, read or not)."""
    from rus_analysis.ingest.letters import read_letters

    depth = ctx.depth + 1 if isinstance(ctx, AttachmentContext) else 1
    letters: list[Letter] = []
    for att, name in zip(attachments, locator_names(attachments, ctx), strict=True):
        sub = AttachmentContext(ctx.round_id, ctx.source_file, ctx.problems,
                                ctx.private_names, ctx.organisations,
                                ctx.organisation_patterns, private_source=ctx.private_source,
                                parent=ctx, attachment=name, depth=depth)
        fmt = attachment_format(att)
        if not fmt or depth > MAX_DEPTH:
            what, action = not_read_reason(att) if not fmt else (
                f"a mail nested more than {MAX_DEPTH} levels deep", "save the innermost "
                "mail as .eml and " + DECLARE)
            sub.problem("mail_attachment_not_read", f"the mail's attachment is {what}; it "
                        "was not read", severity="warning", action=action, value=name)
            continue
        with tempfile.TemporaryDirectory(prefix="rus_attachment_") as tmp:
            path = Path(tmp) / f"attachment.{fmt}"
            path.write_bytes(att.data)
            try:
                check_size(path, sub, max_mb)
                if fmt == "docx":
                    check_ooxml(path, sub, max_mb, "docx")
                found = read_letters(path, fmt, sub, max_mb)
            except FileRejected:
                continue           # the reader has said why, naming the attachment
        for letter in found:
            for p in letter.body:
                p.locator = f"attachment={name};{p.locator}"
            letter.furniture = [(k, f"attachment={name};{loc}") for k, loc in letter.furniture]
        n = sum(len(lt.body) for lt in found)
        sub.problem("mail_attachment_read", f"the mail's attachment ({fmt}, "
                    f"{len(att.data) / MB:.2f} MB) was read as part of the response: {n} "
                    "paragraph(s), from the mail's sender", severity="info", value=name)
        letters.extend(found)
    return letters
