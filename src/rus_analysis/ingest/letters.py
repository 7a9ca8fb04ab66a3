"""Written consultation responses (.txt, .docx, .pdf): one record per letter.

Why one record and not paragraphs: a letter's greeting, body and signature are split
(and the signature's name, phone and e-mail removed) by cleaning, which sees the whole
letter. Ingest keeps the text whole, paragraphs separated by blank lines.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rus_analysis.ingest.context import FileContext, FileRejected
from rus_analysis.ingest.notes import docx_blocks
from rus_analysis.ingest.textfile import decode_bytes, normalise_newlines

log = logging.getLogger("rus_analysis.ingest")

MIN_TEXT_CHARS_PER_PAGE = 10   # less than this on average: a scanned image, not text
MAX_PDF_PAGES = 5000


def letter_text(path: Path, fmt: str, ctx: FileContext) -> tuple[str, str]:
    """(text, encoding) of a letter; reports and raises FileRejected when unreadable."""
    if fmt == "txt":
        dec = decode_bytes(path.read_bytes(), ctx)
        text, enc = normalise_newlines(dec.text), dec.encoding
    elif fmt == "docx":
        blocks = docx_blocks(path, ctx)
        parts = [("- " + b.text) if b.kind == "bullet" else b.text
                 for b in blocks if b.kind != "row" and b.text.strip()]
        text, enc = "\n\n".join(parts), ""
    else:
        text, enc = _pdf_text(path, ctx), ""
    if not text.strip():
        ctx.problem("empty_file", "the letter holds no text")
        raise FileRejected
    return text.strip("\n"), enc


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


def _pdf_text(path: Path, ctx: FileContext) -> str:
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
                texts.append((page.extract_text() or "").strip())
        limit = next((m for m in warned.messages if "limit reached" in m.lower()), None)
        if limit:
            # extract_text logs (not raises) pypdf's decompression limit: a PDF bomb.
            ctx.problem("zip_bomb", f"a compressed stream in the PDF unpacks beyond the "
                        f"safe limit ({limit[:120]}); its text was not read")
            raise FileRejected
    except FileRejected:
        raise
    except FileNotDecryptedError:
        ctx.problem("encrypted_file", "the PDF is password-protected; its text cannot be read")
        raise FileRejected from None
    except LimitReachedError as exc:
        # pypdf refuses streams that inflate beyond its limits: a decompression bomb.
        ctx.problem("zip_bomb", f"a compressed stream in the PDF unpacks beyond the safe "
                    f"limit ({str(exc)[:120]}); reading stopped")
        raise FileRejected from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError, AssertionError, ZeroDivisionError) as exc:
        ctx.problem("corrupt_file", f"the PDF is damaged or truncated ({type(exc).__name__}: "
                    f"{str(exc)[:200]})")
        raise FileRejected from None
    total = sum(len(t) for t in texts)
    if n == 0 or total < MIN_TEXT_CHARS_PER_PAGE * max(n, 1):
        ctx.problem("no_text", f"the PDF has {n} page(s) but no extractable text "
                    f"({total} characters): it is probably a scanned image")
        raise FileRejected
    return "\n\n".join(t for t in texts if t)
