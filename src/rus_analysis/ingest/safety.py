"""Checks made before a file is opened by a parser.

Why before: openpyxl, python-docx and pypdf are written for well-formed files. A 5 KB
"xlsx" that unpacks to 50 GB, or a password-protected workbook (an OLE container, not a
zip), makes them hang, exhaust memory or fail with an error from deep inside the library.
Looking at the bytes and at the zip directory first costs microseconds and lets the
ingest stage say what is wrong in the user's words.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from rus_analysis.ingest.context import FileContext, FileRejected

MB = 1024 * 1024
MAX_COMPRESSION_RATIO = 100.0
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
MAX_ZIP_MEMBERS = 10_000


def sha256_of(path: Path) -> str:
    """Content hash in 1 MB blocks (files may be large; never read whole)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(MB), b""):
            h.update(block)
    return h.hexdigest()


def head(path: Path, n: int = 8192) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def check_size(path: Path, ctx: FileContext, max_mb: float) -> int:
    """Refuse empty files and files over the configured limit; return the size."""
    size = path.stat().st_size
    if size == 0:
        ctx.problem("empty_file", "the file is empty (0 bytes)")
        raise FileRejected
    if size > max_mb * MB:
        ctx.problem("too_large", f"the file is {size / MB:.1f} MB, over the limit of "
                    f"ingest.max_file_mb = {max_mb:g} MB; it was not read")
        raise FileRejected
    return size


def check_ooxml(path: Path, ctx: FileContext, max_mb: float, kind: str) -> None:
    """Check an .xlsx/.docx container before a parser unpacks it.

    ``kind`` is "xlsx" or "docx". Detects encrypted OOXML (OLE container with an
    EncryptionInfo stream), legacy binary .xls/.doc renamed, non-zip bytes, truncated
    zips, and zip bombs by the sizes the zip directory declares - nothing is unpacked.
    """
    start = head(path, 8)
    if start.startswith(OLE_MAGIC):
        data = _ole_sniff(path)
        if "EncryptionInfo".encode("utf-16-le") in data:
            ctx.problem("encrypted_file", f"the {kind} file is password-protected "
                        "(encrypted Office file); it cannot be read")
        else:
            legacy = {"xlsx": ".xls", "docx": ".doc"}[kind]
            ctx.problem("unknown_format", f"the file is an old binary Office file "
                        f"({legacy}), not {kind}",
                        action=f"open it in Office and save it as .{kind}")
        raise FileRejected
    if not start.startswith(ZIP_MAGIC):
        what = "a PDF" if start.startswith(PDF_MAGIC) else "not a zip container"
        ctx.problem("corrupt_file", f"the file is not a valid {kind} file ({what}; the "
                    f"first bytes are {start[:8]!r})")
        raise FileRejected
    n_members = _zip_member_count(path)
    if n_members is not None and n_members > MAX_ZIP_MEMBERS:
        ctx.problem("zip_bomb", f"the {kind} file's zip directory lists {n_members:,} "
                    f"members (a real {kind} has at most a few hundred); refused without "
                    "unpacking")
        raise FileRejected
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        ctx.problem("corrupt_file", f"the {kind} file is damaged or truncated (the zip "
                    f"directory cannot be read: {exc})")
        raise FileRejected from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    limit = max_mb * MB
    if total > limit:
        ctx.problem("zip_bomb", f"the {kind} file would unpack to {total / MB:.0f} MB, over "
                    f"the limit of ingest.max_file_mb = {max_mb:g} MB; refused without "
                    "unpacking")
        raise FileRejected
    worst = max(((i.file_size / max(i.compress_size, 1), i.filename) for i in infos
                 if i.file_size > MB), default=(0.0, ""))
    overall = total / max(packed, 1)
    if overall > MAX_COMPRESSION_RATIO or worst[0] > MAX_COMPRESSION_RATIO:
        ratio, member = max(worst, (overall, "(all members)"))
        ctx.problem("zip_bomb", f"the {kind} file has a compression ratio of {ratio:.0f}:1 "
                    f"({member}), over {MAX_COMPRESSION_RATIO:.0f}:1 - a zip bomb or not a "
                    "real Office file; refused without unpacking")
        raise FileRejected
    names = {i.filename for i in infos}
    needed = "xl/workbook.xml" if kind == "xlsx" else "word/document.xml"
    if needed not in names:
        ctx.problem("corrupt_file", f"the file is a zip archive but not a {kind} file "
                    f"({needed} is missing)")
        raise FileRejected


def _zip_member_count(path: Path) -> int | None:
    """Member count from the end-of-central-directory record, read before zipfile parses
    the directory (a directory of millions of entries costs gigabytes to parse).

    None when the record is not found (zipfile then reports the damage); a zip64 marker
    (0xFFFF) counts as "too many", since no Office file needs zip64 entry counts.
    """
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 12 > len(tail):
        return None
    total = int.from_bytes(tail[at + 10:at + 12], "little")
    return MAX_ZIP_MEMBERS + 1 if total == 0xFFFF else total


def _ole_sniff(path: Path, limit: int = 4 * MB) -> bytes:
    """The first and last few MB of an OLE file, where its directory's stream names are."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        first = fh.read(limit)
        if size <= 2 * limit:
            return first + fh.read()
        fh.seek(size - limit)
        return first + fh.read()
