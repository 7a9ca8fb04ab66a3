"""The clean stage: raw records -> statements, rejects, accounting, duplicate groups.

Why every step is a small named function in one ``.pipe`` chain: a committee member may
ask why a sentence is not in the report, and the answer must be findable - repaired,
redacted, stripped of letter furniture, split, rejected with a reason, or merged into a
campaign group. Nothing is dropped silently; ``accounting`` proves it per file.

Text-level functions (``repair_text``, ``strip_letter_furniture``, ``split_statements``,
``reject_reason``) are pure ``str -> str`` so they can be property-tested on their own.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ftfy
import numpy as np
import pandas as pd

from rus_analysis import pii
from rus_analysis.accounting import AccountingError, build_accounting, file_level_problems
from rus_analysis.config import Config
from rus_analysis.duplicates import exact_key, find_duplicates
from rus_analysis.ingest.problems import problem_da
from rus_analysis.schema import RECORD_COLUMNS, REJECT_COLUMNS, STATEMENT_COLUMNS, check_columns

__all__ = ["AccountingError", "CleanResult", "clean_records", "repair_text",
           "strip_letter_furniture", "split_statements", "reject_reason", "clean_text"]

BULLET = "•"
# Control characters (NUL first of all) and invisible format characters; \t \n \r kept.
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u2060"
                   r"\u202a-\u202e\u2066-\u2069\ufeff\ufffe]")
_SCRIPT = re.compile(r"(?is)<(script|style)\b[^>]*>.*?</\1\s*>")
_BLOCK_TAG = re.compile(r"(?i)</?(?:br|p|div|tr|h[1-6]|ul|ol|table|blockquote)\b[^<>]*>")
_LI_TAG = re.compile(r"(?i)<li\b[^<>]*>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_BULLET_LINE = re.compile(r"^[ \t]*(?:[•●▪◦‣∙·○■□➢➤►✓✔\-\*–—]|\d{1,2}[.)]|[a-h]\))[ \t]+")
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


# --- letter furniture -------------------------------------------------------------------

_GREETING = re.compile(
    r"(?i)^(?:kære|hej|hejsa|goddag|dear|att\.?|attention|til)\b[^\n]{0,80}$")
_GREETING_TIL_OK = re.compile(
    r"(?i)^til\s+(?:region|regionen|regionsrådet|sekretariatet|rus|hvem|[A-ZÆØÅ][\w\-]*\s+"
    r"kommune|[A-ZÆØÅ])")
_SUBJECT = re.compile(r"(?i)^(?:vedr\.?|vedrørende|emne|re|sag|j\.?\s*nr\.?|dato)\s*[:.]")
_CLOSING = re.compile(
    r"(?im)(?:^|(?<=[.!?])[ \t]+|(?<=\n))[ \t]*(?:med\s+venlig(?:st)?\s+hilsen|"
    r"venlig(?:st)?\s+hilsen|de\s+bedste\s+hilsner|bedste\s+hilsner|mange\s+hilsner|"
    r"mvh\.?|vh\.?)(?=[\s,.:!]|$)")
_CLOSING_ANYWHERE = re.compile(r"(?i)\b(?:med\s+venlig(?:st)?\s+hilsen|venlig(?:st)?\s+hilsen)\b")
_CONTACT_LINE = re.compile(
    r"(?im)^[ \t]*(?:•[ \t]*)?(?:kontaktperson(?:er)?|kontakt|tlf|telefon|telefonnr|mobil|"
    r"direkte(?:\s+tlf)?|e-?mail|mail|navn|sagsbehandler|cvr(?:-?nr)?|adresse|www)\b\.?"
    r"[ \t]*[:.][^\n]*(?:\n|$)")


def strip_letter_furniture(text: str) -> str:
    """Remove greetings at the top and the signature block at the end.

    Greetings ("Kære ...", "Til Region Hovedstaden", "Vedr.: ...") are removed only from
    the first lines; the signature from the first closing formula ("Med venlig hilsen",
    "Venlig hilsen", "Mvh") to the end, since what follows is name, title and contact
    details, not input to the strategy. Contact-field lines ("Kontaktperson: ...",
    "Tlf.: ...") are removed wherever they stand.
    """
    if not text:
        return text
    m = _CLOSING.search(text) or _CLOSING_ANYWHERE.search(text)
    if m:
        text = text[: m.start()]
    text = _CONTACT_LINE.sub("", text)
    lines = text.split("\n")
    while lines:
        first = lines[0].strip()
        if not first:
            lines.pop(0)
            continue
        is_greeting = bool(_GREETING.match(first)) and (
            not first.lower().startswith("til") or bool(_GREETING_TIL_OK.match(first))
        ) and (first.endswith((",", "!", ":")) or len(first) < 60)
        if is_greeting and not first.lower().startswith(("til gengæld", "til slut")) \
                or _SUBJECT.match(first):
            lines.pop(0)
            continue
        break
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# --- splitting --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“„(]?[A-ZÆØÅ0-9])")
_ABBREV_END = re.compile(
    r"(?i)\b(?:f\.eks|bl\.a|ca|mv|jf|nr|pct|kr|dvs|osv|evt|inkl|ift|hhv|mht|vedr|st|"
    r"hr|fr|dr|tlf|mio|mia|ref|s|pkt|stk|kap|afs)\.$")
# A sentence that starts like this opens a new point ("Derudover ...", "For det andet
# ...", "Et andet område ..."). Long paragraphs are split only at such markers: a long
# paragraph that argues one point stays one statement.
_NEW_POINT = re.compile(
    r"^(?:derudover|desuden|endvidere|endelig|dernæst|herudover|yderligere|for\s+det\s+"
    r"(?:første|andet|tredje|fjerde|femte)|et\s+(?:andet|tredje|fjerde)\s+\w+|en\s+"
    r"(?:anden|tredje)\s+\w+|\d{1,2}[.)]\s|[a-h]\)\s|vi\s+vil\s+også|også\s+på|"
    r"hvad\s+angår|med\s+hensyn\s+til|når\s+det\s+gælder|i\s+forhold\s+til)",
    re.IGNORECASE)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, respecting common Danish abbreviations."""
    pieces = _SENTENCE_END.split(paragraph)
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and _ABBREV_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def split_points(paragraph: str, max_chars: int) -> list[str]:
    """Split a long paragraph into its distinct points, or return it whole.

    Only paragraphs longer than ``max_chars`` are split, and only where a sentence opens
    a new point ("Derudover", "For det andet", "Et andet område ..."): a point and its
    justification stay one statement, and a long paragraph on one subject stays whole.
    """
    if len(paragraph) <= max_chars:
        return [paragraph]
    chunks: list[str] = []
    for sent in split_sentences(paragraph):
        if chunks and not _NEW_POINT.match(sent):
            chunks[-1] = f"{chunks[-1]} {sent}"
        else:
            chunks.append(sent)
    return chunks if len(chunks) > 1 else [paragraph]


def reflow_paragraphs(text: str) -> str:
    """Put blank lines between paragraphs of hard-wrapped text (PDF extraction).

    PDF text has a line break at every line end and none between paragraphs. A line that
    ends a sentence and is clearly shorter than the full lines around it ends a
    paragraph; a bullet starts one. Text that already has blank lines is returned as is.
    """
    if "\n\n" in text:
        return text
    lines = text.split("\n")
    if len(lines) < 3:
        return text
    lengths = sorted(len(ln) for ln in lines)
    full = lengths[int(0.8 * (len(lengths) - 1))]
    out: list[str] = []
    for i, ln in enumerate(lines):
        if out and ln.startswith(BULLET):
            out.append("")
        out.append(ln)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt and ln.rstrip().endswith((".", "!", "?", ":")) and len(ln) < 0.75 * full \
                and (nxt[:1].isupper() or nxt.startswith(BULLET)):
            out.append("")
    return "\n".join(out)


def _flatten(text: str) -> str:
    text = re.sub(rf"^{BULLET}\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def split_statements(text: str, source_type: str, max_chars: int) -> list[str]:
    """Split one cleaned record text into statements.

    Letters (written) split on paragraphs and bullet points; every source type splits a
    bullet list into its bullets (a survey answer "• busser • vand" holds two points); a
    paragraph longer than ``max_chars`` is split into its distinct points. A line that
    follows a bullet without a bullet sign continues that bullet (wrapped text); a line
    before the first bullet ("Vi har følgende bemærkninger:") is its own statement, so
    nothing the sender wrote is dropped here (a too-short one is rejected with a reason).
    """
    if not text.strip():
        return [""]
    if source_type == "written":
        blocks = [b for b in re.split(r"\n\s*\n", reflow_paragraphs(text)) if b.strip()]
    else:
        blocks = [text]
    statements: list[str] = []
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        n_bullets = sum(ln.startswith(BULLET) for ln in lines)
        units: list[str] = []
        if n_bullets >= 1 and (source_type == "written" or n_bullets >= 2):
            current: list[str] = []
            for ln in lines:
                if ln.startswith(BULLET):
                    if current:
                        units.append(" ".join(current))
                    current = [ln]
                else:
                    current.append(ln)
            if current:
                units.append(" ".join(current))
        else:
            units = [" ".join(lines)]
        for unit in units:
            flat = _flatten(unit)
            statements.extend(split_points(flat, max_chars))
    return statements or [""]


def clean_statement_text(text: str) -> str:
    """The single-line form of a statement: what ``statements.text`` holds."""
    return _flatten(repair_text(text))


# --- non-answers ------------------------------------------------------------------------

_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_TAGS = re.compile(r"\[(?:EMAIL|TELEFON|CPR|NAVN)\]")


_WS = re.compile(r"\s+")
_NOT_WORD_SPACE_SLASH = re.compile(r"[^\w\s/]")
_LETTER = re.compile(r"[^\W\d_]")


def normalise_answer(text: str) -> str:
    """Casefold and strip punctuation/whitespace at the edges: "Ved ikke." -> "ved ikke"."""
    t = _WS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    return _PUNCT_EDGES.sub("", t)


# Words that turn a configured non-answer into a longer one: "nej" -> "nej tak",
# "intet" -> "intet at tilføje", "ingen" -> "ingen yderligere kommentarer".
_FILLER = re.compile(
    r"^(?:\s+(?:tak|at\s+tilføje|at\s+bemærke|yderligere|herfra|fra\s+min\s+side|"
    r"fra\s+vores\s+side|til\s+dette|til\s+spørgsmålet|på\s+nuværende\s+tidspunkt|"
    r"kommentarer|bemærkninger|svar|relevant))+$")


def is_non_answer(text: str, non_answers: frozenset[str]) -> bool:
    """True for configured non-answers, case/punctuation-insensitive, also with fillers
    ("Nej tak", "Intet at tilføje") and for text of punctuation only ("...", "-")."""
    stripped = text.strip()
    if not stripped:
        return False
    low = _WS.sub(" ", stripped.casefold())
    norm = normalise_answer(stripped)
    if low in non_answers or not norm or norm in non_answers:
        return True
    words = _NOT_WORD_SPACE_SLASH.sub(" ", norm)
    words = _WS.sub(" ", words).strip()
    return any(na and words.startswith(na) and _FILLER.match(words[len(na):])
               for na in non_answers)


def reject_reason(text: str, non_answers: frozenset[str], min_chars: int) -> str:
    """Reason code for a statement that carries no input, or "" when it is kept."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if is_non_answer(stripped, non_answers):
        return "non_answer"
    if not _LETTER.search(_TAGS.sub("", stripped)):
        return "no_text"
    if len(stripped) < min_chars:
        return "too_short"
    return ""


# reason_code -> the reason in Danish: the rejects table is read by the analysts and its
# reasons are counted in the committee's report; the codes are the stable English keys
REASONS: dict[str, str] = {
    "empty": "Tom tekst efter rensning",
    "non_answer": "Ikke-svar (fx 'ved ikke', '-')",
    "no_text": "Ingen ord, kun tegn, tal eller fjernede personoplysninger",
    "too_short": "For kort til at være et udsagn",
}


# === the DataFrame pipeline ===========================================================

@dataclass
class CleanResult:
    """What the clean stage hands on: statements, rejects, accounting, duplicate groups."""

    statements: pd.DataFrame
    rejects: pd.DataFrame
    accounting: pd.DataFrame
    duplicate_groups: pd.DataFrame


_TEXT_FIELDS = ("record_id", "round", "source_file", "source_type", "source_name",
                "source_date", "locator", "respondent_id", "question_id", "question",
                "municipality_raw", "organisation", "organisation_type_raw", "text_raw")

# "Halsnæs Kommune: Busforbindelserne ..." - a speaker before a colon at the start
_SPEAKER = re.compile(r"^(?P<speaker>[^:\n!?]{2,60}?)\s*[:–]\s+(?=\S)")
_ORG_FORM = re.compile(r"(?i)\b(kommune|regionskommune|region hovedstaden|a/s|aps|i/s|"
                       r"forening|forsyning|selskab|styrelse|universitet|borgmester\w*)\b")


def _prepare(records: pd.DataFrame) -> pd.DataFrame:
    """Every contract column as text ("" for missing), so later steps need no NA checks."""
    df = records[list(RECORD_COLUMNS)].copy()
    for c in _TEXT_FIELDS:
        df[c] = df[c].astype("string").fillna("").astype(str)
    return df.reset_index(drop=True)


def _repair(df: pd.DataFrame) -> pd.DataFrame:
    """Repair the text and the short fields that reach the outputs."""
    df = df.assign(text=_map_unique(df["text_raw"], repair_text))
    for c in ("organisation", "organisation_type_raw", "municipality_raw", "respondent_id",
              "question", "source_name"):
        df[c] = _map_unique(df[c], lambda v: _flatten(repair_text(v)) if v else "")
    return df


def _redact(df: pd.DataFrame) -> pd.DataFrame:
    """Replace personal data before the text is split, so signature context is intact."""
    df = df.assign(text=_map_unique(df["text"], pii.redact))
    for c in ("organisation", "respondent_id", "municipality_raw", "organisation_type_raw"):
        df[c] = _map_unique(df[c], pii.redact_field)
    return df


def _strip_furniture(df: pd.DataFrame) -> pd.DataFrame:
    """Remove greetings, signature blocks and contact lines."""
    return df.assign(text=_map_unique(df["text"], strip_letter_furniture))


def _map_unique(s: pd.Series, fn: Callable[[str], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (fields repeat across thousands of rows)."""
    cache = {v: fn(v) for v in s.unique()}
    return s.map(cache)


class _Geo:
    """Municipality and regional-actor lookups with caches (values repeat a lot)."""

    def __init__(self, cfg: Config, resolver: Any | None) -> None:
        if resolver is None:
            from rus_analysis.reference import get_resolver

            resolver = get_resolver(cfg.paths.reference)
        self.resolver = resolver
        try:
            from rus_analysis.reference import capital_region

            cr = capital_region(cfg.paths.reference)
            self.landsdel = dict(zip(cr["kommunekode"], cr["landsdel"], strict=True))
        except Exception:  # noqa: BLE001 - landsdel is optional detail, the code is not
            self.landsdel = {}
        self.actors = [(a, re.compile(rf"(?i)(?<![\w]){re.escape(a)}(?![\w])"))
                       for a in cfg.stakeholders.regional_actors]
        self.rules = [(r.type, re.compile(r.pattern, re.IGNORECASE))
                      for r in cfg.stakeholders.rules]
        self._cache: dict[tuple[str, bool], tuple[str | None, str | None]] = {}

    def actor(self, organisation: str) -> str | None:
        """The regional actor an organisation is (or belongs to), else None."""
        for name, pat in self.actors:
            if pat.search(organisation):
                return name
        return None

    def resolve(self, text: str, fuzzy: bool) -> tuple[str | None, str | None]:
        """(code, name) for one free text; cached; None when not sure."""
        key = (text, fuzzy)
        if key in self._cache:
            return self._cache[key]
        code = name = None
        if text.strip() and pii.NAME_TAG not in text:
            r = self.resolver.resolve(text)
            if r.code and (fuzzy or r.method in {"exact", "alias", "code"}):
                code, name = r.code, r.name
            elif hasattr(self.resolver, "find_in_text"):
                r2 = self.resolver.find_in_text(text)
                if r2.code:
                    code, name = r2.code, r2.name
        self._cache[key] = (code, name)
        return code, name

    def stakeholder_type(self, organisation: str, org_type: str, is_municipality_sender: bool
                         ) -> str:
        """First configured rule matching organisation or type; else kommune/borger/ukendt."""
        for typ, pat in self.rules:
            if (organisation and pat.search(organisation)) or (org_type and pat.search(org_type)):
                return typ
        if is_municipality_sender:
            return "kommune"
        if not organisation and org_type.strip().casefold() in {"borger", "privatperson"}:
            return "borger"
        return "ukendt"


def _speakers(df: pd.DataFrame, geo: _Geo) -> pd.DataFrame:
    """Take a leading "Organisation: ..." speaker off meeting/workshop texts.

    Only when the prefix is recognisably an organisation (resolves to a municipality,
    is a regional actor, or has an organisation form such as "Kommune", "A/S"), so that
    "Forslag: ..." or "Udfordring: ..." stay text.
    """
    df = df.copy()
    speaker = [""] * len(df)
    texts = df["text"].tolist()
    for i, (st, text) in enumerate(zip(df["source_type"], texts, strict=True)):
        if st not in {"meeting", "workshop"}:
            continue
        m = _SPEAKER.match(text)
        if not m:
            continue
        cand = m.group("speaker").strip().lstrip(BULLET).strip()
        if len(cand.split()) > 6:
            continue
        if geo.actor(cand) or _ORG_FORM.search(cand) or geo.resolve(cand, fuzzy=False)[0]:
            speaker[i] = cand
            texts[i] = text[m.end():]
    df["speaker"] = speaker
    df["text"] = texts
    df["organisation"] = np.where(df["organisation"].eq("") & df["speaker"].ne(""),
                                  df["speaker"], df["organisation"])
    return df


def _municipalities(df: pd.DataFrame, geo: _Geo) -> pd.DataFrame:
    """Fill municipality code/name/landsdel, regional-actor flag and stakeholder type.

    Order of evidence: the municipality cell (fuzzy allowed: people misspell their own
    municipality), then the organisation ("Gentofte Kommune", "Borgmester i Gribskov";
    exact names only, so "Dansk Industri" never becomes a municipality). Regional actors
    get no municipality: their input counts as cross-cutting, not for one place.
    """
    combos = df[["municipality_raw", "organisation", "organisation_type_raw", "source_type"]
                ].drop_duplicates()
    rows = {}
    for raw, org, otype, stype_src in combos.itertuples(index=False):
        actor = geo.actor(org) if org else None
        code = name = None
        org_code = None
        if org and not actor:
            org_code, org_name = geo.resolve(org, fuzzy=False)
        if not actor:
            if raw:
                code, name = geo.resolve(raw, fuzzy=True)
            if code is None and org_code:
                code, name = org_code, org_name
        # a municipality sender: the organisation is a municipality, or - at meetings and
        # workshops, where the participants are municipalities and organisations - the
        # note or post-it is tagged with a municipality and no organisation
        sender = org_code is not None or (
            not org and code is not None and stype_src in {"meeting", "workshop"})
        stype = geo.stakeholder_type(org, otype, sender)
        if actor and stype in {"kommune", "ukendt"}:
            stype = geo.stakeholder_type(actor, "", False)
        rows[(raw, org, otype, stype_src)] = (code, name, geo.landsdel.get(code) if code else None,
                                   actor is not None, stype)
    keys = list(zip(df["municipality_raw"], df["organisation"], df["organisation_type_raw"],
                    df["source_type"], strict=True))
    vals = [rows[k] for k in keys]
    df = df.copy()
    df["municipality_code"] = pd.array([v[0] for v in vals], dtype="string")
    df["municipality_name"] = pd.array([v[1] for v in vals], dtype="string")
    df["landsdel"] = pd.array([v[2] for v in vals], dtype="string")
    df["is_regional_actor"] = np.array([v[3] for v in vals], dtype=bool)
    df["stakeholder_type"] = pd.array([v[4] for v in vals], dtype="string")
    return df


def _voices(df: pd.DataFrame) -> pd.DataFrame:
    """Who spoke: the respondent, the letter, the organisation within a meeting, or the
    post-it. Members of a duplicate group later share the group's voice instead."""
    def voice(row: tuple) -> str:
        rid, rnd, sf, st, resp, org = row
        if st == "survey" and resp:
            return f"resp:{rnd}:{sf}:{resp}"
        if st == "written":
            return f"letter:{rid}"
        if st == "meeting" and org:
            return f"org:{rnd}:{sf}:{org.casefold()}"
        return f"rec:{rid}"

    cols = ["record_id", "round", "source_file", "source_type", "respondent_id",
            "organisation"]
    return df.assign(voice_id=[voice(r) for r in df[cols].itertuples(index=False)])


def _align_duplicate_letters(df: pd.DataFrame) -> pd.DataFrame:
    """Give letters that are the same letter the same paragraph layout.

    The same letter sent twice (as .txt and as a PDF scan) differs only in layout: PDF
    text loses its blank lines, so it would split into other statements and the copy's
    paragraphs would not merge one-to-one with the original's. When two letters' texts
    are equal after normalisation (casefold, no punctuation or whitespace), every copy
    takes the layout of the copy with the most paragraphs.
    """
    written = df["source_type"].eq("written") & df["text"].ne("")
    if written.sum() < 2:
        return df
    keys = df.loc[written, "text"].map(exact_key)
    dup_keys = keys[keys.duplicated(keep=False)]
    if dup_keys.empty:
        return df
    df = df.copy()
    for _, idx in dup_keys.groupby(dup_keys).groups.items():
        texts = df.loc[idx, "text"]
        best = max(texts.index, key=lambda i: (texts[i].count("\n\n"), -i))
        df.loc[idx, "text"] = texts[best]
    return df


def _split(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """One row per statement, statement_id = record_id + ":" + 2-digit index."""
    # once per distinct (text, source type): campaign copies and short answers repeat
    pairs = list(zip(df["text"].tolist(), df["source_type"].tolist(), strict=True))
    done = {p: split_statements(p[0], p[1], cfg.clean.split_sentences_over_chars)
            for p in set(pairs)}
    parts = [done[p] for p in pairs]
    counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    out = df.loc[df.index.repeat(counts)].reset_index(drop=True)
    idx = np.concatenate([np.arange(c) for c in counts]) if len(counts) else np.array([], int)
    out["text"] = [s for p in parts for s in p]
    out["statement_id"] = [f"{r}:{i:02d}" for r, i in zip(out["record_id"], idx, strict=True)]
    return out


def _classify(df: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Mark statements that carry no input: empty, non-answer, no words, too short."""
    non = frozenset(cfg.clean.non_answers) | frozenset(
        normalise_answer(a) for a in cfg.clean.non_answers if normalise_answer(a))
    texts = df["text"].tolist()
    # once per distinct text: campaigns and short answers repeat
    reasons = {t: reject_reason(t, non, cfg.clean.min_statement_chars) for t in set(texts)}
    return df.assign(reason_code=[reasons[t] for t in texts])


def _rejects_table(rej: pd.DataFrame, files: pd.DataFrame) -> pd.DataFrame:
    """Rejected statements plus one row per unreadable file (empty record_id)."""
    a = pd.DataFrame({
        "record_id": rej["record_id"], "statement_id": rej["statement_id"],
        "round": rej["round"], "source_file": rej["source_file"], "locator": rej["locator"],
        "reason_code": rej["reason_code"], "reason": rej["reason_code"].map(REASONS),
        "text": rej["text"],
    })
    b = pd.DataFrame({
        "record_id": "", "statement_id": "", "round": files["round"],
        "source_file": files["source_file"], "locator": "", "reason_code": files["code"],
        # in Danish; the English message with its technical details stays in the
        # problems table (a code without a Danish text keeps the message)
        "reason": files["code"].astype(str).map(problem_da).fillna(
            "Filen kunne ikke læses: " + files["message"].astype(str)),
        "text": "",
    })
    out = pd.concat([x for x in (a, b) if len(x)], ignore_index=True) if len(a) + len(b) \
        else a
    out = out[list(REJECT_COLUMNS)].astype("string")
    out["text"] = out["text"].fillna("").map(pii.redact)
    out["reason"] = out["reason"].fillna("").map(pii.redact)
    return out.sort_values(["round", "source_file", "record_id", "statement_id"],
                           kind="stable").reset_index(drop=True)


def clean_records(records: pd.DataFrame, cfg: Config, problems: pd.DataFrame | None = None,
                  *, resolver: Any | None = None) -> CleanResult:
    """Records (RECORD_COLUMNS) -> statements, rejects, accounting, duplicate groups.

    ``problems`` is ingest's problem table: files that could not be read appear in the
    rejects and the accounting. ``resolver`` defaults to ``reference.get_resolver`` over
    ``cfg.paths.reference``. The output is sorted by statement id, so it does not depend
    on the order of the input rows. Raises ``AccountingError`` if any record is lost.
    """
    check_columns(records, RECORD_COLUMNS, "records")
    dupe_ids = records["record_id"][records["record_id"].duplicated()]
    if len(dupe_ids):
        raise AccountingError(f"record_id {dupe_ids.iloc[0]!r} occurs more than once "
                              "(in the input records); every record must have its own id")
    geo = _Geo(cfg, resolver)
    df = (records.pipe(_prepare)
          .sort_values("record_id", kind="stable")
          .reset_index(drop=True)
          .pipe(_repair)
          .pipe(_redact)
          .pipe(_strip_furniture)
          .pipe(_speakers, geo)
          .pipe(_municipalities, geo)
          .pipe(_voices)
          .pipe(_align_duplicate_letters)
          .pipe(_split, cfg)
          .pipe(_classify, cfg))
    kept = df[df["reason_code"] == ""]
    kept, groups = find_duplicates(kept[[*STATEMENT_BASE, "voice_id", "text"]],
                                   cfg.clean.near_duplicate_threshold)
    statements = _statements_table(kept)
    files = file_level_problems(records, problems)
    rejects = _rejects_table(df[df["reason_code"] != ""], files)
    accounting = build_accounting(records, statements, rejects, problems)
    return CleanResult(statements=statements, rejects=rejects, accounting=accounting,
                       duplicate_groups=groups)


STATEMENT_BASE = [c for c in STATEMENT_COLUMNS
                  if c not in {"voice_id", "text", "dup_group", "dup_count",
                               "is_representative", "status"}]


def _statements_table(df: pd.DataFrame) -> pd.DataFrame:
    out = df[list(STATEMENT_COLUMNS)].copy()
    str_cols = [c for c in STATEMENT_COLUMNS
                if c not in {"dup_count", "is_representative", "is_regional_actor"}]
    for c in str_cols:
        out[c] = out[c].astype("string")
    for c in ("municipality_code", "municipality_name", "landsdel"):
        out[c] = out[c].replace("", pd.NA)
    out["dup_count"] = out["dup_count"].astype("int64")
    out["is_representative"] = out["is_representative"].astype(bool)
    out["is_regional_actor"] = out["is_regional_actor"].astype(bool)
    return out.sort_values("statement_id", kind="stable").reset_index(drop=True)


def clean_text(text: object) -> str:
    """The whole text treatment of one record, as one function: repair, redact, strip
    greetings and signature. Idempotent (a property test checks it)."""
    return strip_letter_furniture(pii.redact(repair_text(text)))
