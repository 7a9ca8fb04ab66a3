"""Text repair: mojibake, Unicode normal form, control characters, HTML, bullets, spaces.

Why a fixed point: cleaning cleaned text must change nothing, so reruns and re-ingests of
the same input give the same statements (``repair_text`` is property-tested for it).
HTML in an answer is data, never markup: entities become characters and tags go, keeping
the words between them.
"""

from __future__ import annotations

import html
import re
import unicodedata

import ftfy

BULLET = "•"
# Control characters (NUL first of all) and invisible format characters; \t \n \r kept.
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060"
                   r"\u202a-\u202e\u2066-\u2069\ufeff\ufffe]")
_SCRIPT = re.compile(r"(?is)<(script|style)\b[^>]*>.*?</\1\s*>")
_BLOCK_TAG = re.compile(r"(?i)</?(?:br|p|div|tr|h[1-6]|ul|ol|table|blockquote)\b[^<>]*>")
_LI_TAG = re.compile(r"(?i)<li\b[^<>]*>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_BULLET_LINE = re.compile(r"^[ \t]*(?:[•●▪◦‣∙·○■□➢➤►✓✔\-\*–—+]|\d{1,2}[.)]|[a-h]\))[ \t]+")
# What UTF-8 read as cp1252/latin-1 looks like ("KÃ¸benhavn", "â€“", "Ã…"), or C1 controls.
_MOJIBAKE_HINT = re.compile(
    "[\u0080-\u009f]|[ÃÂâÅÆÐÑØÎÏ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]|\ufb00|\ufb01|\ufb02")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _repair_once(text: str) -> str:
    # C0 controls (NUL first of all) go at once; C1 controls (\x80-\x9f) only after ftfy,
    # which needs them to undo mojibake such as "Ã\x85" -> "Å"
    text = _C0.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _MOJIBAKE_HINT.search(text):  # ftfy is the slow step; most text needs none of it
        text = ftfy.fix_text(text, unescape_html=False, normalization="NFC",
                             uncurl_quotes=False, fix_latin_ligatures=True)
    # HTML: the text is data, never markup. Entities are decoded to characters and tags
    # removed, keeping the words between them; script/style bodies are not words.
    if _ENTITY.search(text):
        text = html.unescape(text)
    text = _SCRIPT.sub(" ", text)
    text = _LI_TAG.sub(f"\n{BULLET} ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub(" ", text)
    text = _CTRL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if _BULLET_LINE.match(line):
            rest = _BULLET_LINE.sub("", line, count=1).strip()
            line = f"{BULLET} {rest}" if rest else ""
        lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def repair_text(text: object) -> str:
    """Repair one raw text: mojibake, NFC, control characters, HTML, bullets, whitespace.

    Applied until nothing changes (at most a few rounds), so the result is a fixed point:
    cleaning cleaned text changes nothing, which makes reruns and re-ingests stable.
    """
    if text is None or (not isinstance(text, str) and _isna(text)):
        return ""
    s = str(text)
    for _ in range(5):
        new = _repair_once(s)
        if new == s:
            break
        s = new
    return s


def _isna(value: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
