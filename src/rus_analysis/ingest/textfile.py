"""Decoding text files whose encoding nobody wrote down.

Why not chardet-style guessing: the inputs come from a short list of programs. Excel with
Danish settings writes cp1252, newer Excel and everything else UTF-8 (often with a BOM),
"Unicode text" exports are UTF-16. Trying those in a fixed order is deterministic and
explainable, and when a file was pasted together from two exports (UTF-8 lines and cp1252
lines) we decode line by line and say so, instead of turning "ø" into "Ã¸" silently.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

from rus_analysis.ingest.context import FileContext, FileRejected


@dataclass
class Decoded:
    text: str
    encoding: str
    mixed_lines: list[int] = field(default_factory=list)   # 1-based lines read as cp1252
    utf8_lines: list[int] = field(default_factory=list)    # 1-based non-ASCII UTF-8 lines
    nul_bytes: int = 0


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, ctx: FileContext, forced: str | None = None) -> Decoded:
    """Decode ``data``; report mixed or undecodable bytes via ``ctx``.

    Order: a forced encoding (manifest ``encoding:``), BOMs, UTF-16 without BOM, strict
    UTF-8, then line by line (UTF-8 where a line is valid UTF-8, else cp1252; a file
    with no valid non-ASCII UTF-8 line is plain cp1252). Raises FileRejected after
    reporting when no choice decodes the bytes.
    """
    if forced:
        try:
            text = data.decode(forced)
        except (UnicodeDecodeError, LookupError) as exc:
            ctx.problem("undecodable", f"the file cannot be decoded with the encoding "
                        f"'{forced}' set in manifest.yaml ({exc})",
                        action="correct 'encoding:' in manifest.yaml or remove it")
            raise FileRejected from None
        return _finish(Decoded(text, forced), ctx)
    if data.startswith(codecs.BOM_UTF8):
        enc, body = "utf-8-sig", data[len(codecs.BOM_UTF8):]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        enc, body = "utf-16", data
    else:
        enc, body = "", data
        guess = _looks_utf16(data)
        if guess:
            enc = guess
    if enc:
        try:
            return _finish(Decoded(body.decode("utf-16" if enc == "utf-16" else
                                               enc if enc != "utf-8-sig" else "utf-8"), enc),
                           ctx)
        except UnicodeDecodeError:
            if enc != "utf-8-sig":
                ctx.problem("undecodable", f"the file looks like {enc} but is not valid "
                            f"{enc}")
                raise FileRejected from None
            # A BOM followed by cp1252 lines: fall through to line-by-line decoding.
    try:
        return _finish(Decoded(body.decode("utf-8"), enc or "utf-8"), ctx)
    except UnicodeDecodeError:
        pass
    # Not UTF-8 as a whole: decode line by line, so that a file pasted together from a
    # UTF-8 and a cp1252 export keeps its UTF-8 lines intact (whole-file cp1252 would
    # "succeed" and turn them into mojibake).
    lines = body.split(b"\n")
    out: list[str] = []
    mixed: list[int] = []
    utf8: list[int] = []
    for i, line in enumerate(lines, start=1):
        try:
            s = line.decode("utf-8")
            if not line.isascii():
                utf8.append(i)
        except UnicodeDecodeError:
            try:
                s = line.decode("cp1252")
                mixed.append(i)
            except UnicodeDecodeError as exc:
                bad = line[exc.start:exc.start + 1]
                ctx.problem("undecodable", f"line {i}, byte {exc.start + 1}: the byte "
                            f"{bad!r} is neither UTF-8 nor Windows-1252 (cp1252) text",
                            locator=f"line={i}")
                raise FileRejected from None
        out.append(s)
    enc_name = "mixed(utf-8+cp1252)" if utf8 else "cp1252"
    return _finish(Decoded("\n".join(out), enc_name, mixed_lines=mixed, utf8_lines=utf8), ctx)


def _finish(dec: Decoded, ctx: FileContext) -> Decoded:
    if dec.encoding.startswith("mixed"):
        # Name the minority: that is where the pasted-in lines are.
        few, enc, other = ((dec.utf8_lines, "UTF-8", "cp1252")
                           if len(dec.utf8_lines) <= len(dec.mixed_lines)
                           else (dec.mixed_lines, "cp1252", "UTF-8"))
        shown = ", ".join(str(n) for n in few[:10])
        more = f" and {len(few) - 10} more" if len(few) > 10 else ""
        ctx.problem("mixed_encoding", f"the file mixes UTF-8 and Windows-1252 (cp1252) "
                    f"text; line(s) {shown}{more} were read as {enc}, the other non-ASCII "
                    f"lines as {other}", severity="warning",
                    locator=f"line={few[0]}" if few else "")
    if "\x00" in dec.text:
        dec.nul_bytes = dec.text.count("\x00")
        dec.text = dec.text.replace("\x00", "")
        ctx.problem("nul_bytes", f"the file contains {dec.nul_bytes} NUL byte(s); they were "
                    "removed", severity="warning")
    if dec.text.startswith("\ufeff"):
        dec.text = dec.text[1:]
    return dec


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line ends to LF, so locators count real lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


DELIMITERS: tuple[str, ...] = (";", ",", "\t")


def sniff_delimiter(text: str, forced: str | None = None) -> str:
    """Pick the delimiter that splits the first lines into the most consistent columns.

    Why not csv.Sniffer: it guesses from character frequencies and picks ':' or ' ' on
    free text. We only accept the three delimiters exports use, and score each by how
    many of the first 50 rows have the modal (> 1) number of fields.
    """
    if forced:
        return {"tab": "\t", "\\t": "\t"}.get(forced, forced)
    sample = text[:200_000]
    best, best_score = ";", (-1, -1)
    for d in DELIMITERS:
        counts: list[int] = []
        try:
            for row in csv.reader(io.StringIO(sample, newline=""), delimiter=d):
                counts.append(len(row))
                if len(counts) >= 50:
                    break
        except csv.Error:
            continue
        if len(counts) > 1 and counts[-1] != counts[0] and len(counts) < 50:
            counts = counts[:-1]  # the sample may cut the last row short
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=lambda c: (multi.count(c), c))
        score = (multi.count(mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best
