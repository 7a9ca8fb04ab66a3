"""Measuring ingest + clean against a demo round's answer key (imported as ``truth``).

Used by the truth tests (``tests/test_demo_truth.py``) and the recovery table of
``benchmarks/ingest_truth.py``. A truth statement is *recovered* when a kept or merged
statement of its file starts with its snippet, sits at its locator and holds no other
truth statement's snippet (it is its own statement). Locators of the answer keys count
differently from the readers' (which name the place in the file), so they are mapped:

* xlsx ``sheet=S;row=n;col=C``: Excel row = header row of S + n; C is the question id
  or, for a column the manifest does not declare, its header;
* csv survey ``row=n``: the n-th data row (its physical start line);
* long csv ``respondent=R;question=Q``: the same respondent and question;
* ``para=n`` (minutes, workshop notes, letters): the n-th statement of the file in
  document order, table rows not counted; workshop csv ``para=n``: data row n;
* ``table=T;row=r``: row r below the table's header row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rus_analysis.clean import repair_text
from rus_analysis.ingest.records import slug

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "raw" / "demo"
TRUTH_DIRS = {"2022-23": DEMO / "truth", "2025": DEMO / "truth", "2026": DEMO / "truth" / "2026"}

# planted kind -> (problem code, how the problem is matched) for findings that must be in
# the problem list; the other kinds are checked by what they do to the statements
FINDING_CODES: dict[str, str] = {
    "outside_region": "outside_region", "ambiguous_municipality": "ambiguous_municipality",
    "blank_municipality": "blank_municipality", "extra_sheet": "sheet_not_read",
    "choice_column": "choice_column", "pii_column": "contact_column",
    "extra_column": "undeclared_column", "html": "html_removed",
    "formula": "formula_neutralised", "title_rows": "title_rows", "campaign": "campaign",
    "running_header": "furniture", "page_number": "furniture",
    "next_steps_section": "furniture", "results_table": "furniture",
    "quoted_reply": "furniture",
}
FURNITURE_KIND = {"running_header": "running_header", "page_number": "page_number",
                  "next_steps_section": "next_steps", "results_table": "table_header",
                  "quoted_reply": "quoted_reply"}
PII_KINDS = ("email", "phone", "cpr", "person_name", "address")
SNIPPET_CUT = 80   # a statement longer than this has a snippet of its start ...
SNIPPET_MIN = 40   # ... cut at a word boundary after 40 characters


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", repair_text(str(text))).strip().casefold()


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() \
        else pd.DataFrame()


def truth_tables(round_id: str) -> dict[str, pd.DataFrame]:
    """statements, furniture and planted rows of one round of the answer key."""
    d = TRUTH_DIRS[round_id]
    out = {name: read_csv(d / f"{name}.csv") for name in ("statements", "furniture",
                                                          "planted")}
    for name, df in out.items():
        if "round" in df.columns:
            out[name] = df[df["round"] == round_id].reset_index(drop=True)
    return out


@dataclass
class FileScore:
    file: str
    truth: int = 0
    recovered: int = 0
    furniture: int = 0
    furniture_kept: int = 0
    findings: int = 0
    findings_reported: int = 0
    missing: list[str] = field(default_factory=list)
    kept_furniture: list[str] = field(default_factory=list)
    unreported: list[str] = field(default_factory=list)


def _csv_start_lines(path: Path, encoding: str) -> list[int]:
    """Physical start line of each data row of a CSV (row 1 = first below the header)."""
    text = path.read_bytes().decode(encoding or "utf-8-sig", errors="replace")
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=";" if text.count(";") >
                    text.count(",") else ",")
    starts, start = [], 1
    for _ in rd:
        starts.append(start)
        start = rd.line_num + 1
    return starts[1:]


def _order(st: pd.DataFrame) -> pd.DataFrame:
    """Statements of one file in document order (record locator, then statement index)."""
    def key(loc: str) -> tuple:
        return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", loc))
    st = st.assign(_k=st["locator"].map(key), _i=st["statement_id"].str.rsplit(":", n=1).str[1])
    return st.sort_values(["_k", "_i"], kind="stable").drop(columns=["_k", "_i"])


def locate(truth_loc: str, st: pd.DataFrame, files: pd.DataFrame, round_dir: Path,
           file: str, columns: bool = True) -> pd.DataFrame:
    """The statements of ``st`` (one file) that sit at a truth locator; ``columns=False``
    matches a survey answer by its row only (a minimal manifest names no question ids)."""
    kv = dict(p.split("=", 1) for p in truth_loc.split(";") if "=" in p)
    if "respondent" in kv:
        return st[st["locator"].str.contains(f"respondent={kv['respondent']};question="
                                             f"{kv['question']}", regex=False)]
    if "table" in kv:
        row = int(kv["row"]) + 1
        return st[st["locator"].str.startswith(f"table={kv['table']};row={row};")]
    if "sheet" in kv:
        f = files[(files["source_file"] == file) & (files["sheet"] == kv["sheet"])]
        header = int(f["header_row"].iloc[0]) if len(f) else 1
        row = header + int(kv["row"])
        col = kv.get("col", "")
        at = st[st["locator"].str.startswith(f"sheet={kv['sheet']};row={row};")]
        if not columns:
            return at
        return at[(at["question_id"] == col) | (at["question_id"] == slug(col))
                  | (at["question"] == col)]
    if "row" in kv and file.endswith((".csv", ".xlsx")):
        want = _row_locator(file, kv, files, round_dir)
        col = kv.get("col", "")
        at = st[st["locator"].str.startswith(want + ";")]
        return at[at["question_id"] == col] if col else at
    if "para" in kv:
        if file.endswith(".csv"):   # post-its: data row n
            return st[st["locator"] == f"row={int(kv['para']) + 1}"]
        seq = _order(st[~st["locator"].str.startswith("table=")])
        n = int(kv["para"])
        return seq.iloc[n - 1:n] if 0 < n <= len(seq) else seq.iloc[0:0]
    return st.iloc[0:0]


def score_round(round_id: str, round_dir: Path, statements: pd.DataFrame,
                rejects: pd.DataFrame, problems: pd.DataFrame, files: pd.DataFrame,
                duplicate_groups: pd.DataFrame | None = None, minimal: bool = False
                ) -> dict[str, FileScore]:
    """The recovery table of one round: per file, what the answer key says and what the
    run kept, left out and reported. ``minimal``: the round was read with a minimal
    manifest (no ``columns:``), so question ids are the reader's own and no column is
    "undeclared"."""
    t = truth_tables(round_id)
    st_all = statements[statements["round"] == round_id].copy()
    st_all["norm"] = st_all["text"].map(norm)
    scores: dict[str, FileScore] = {}
    truth = t["statements"]
    for file, rows in truth.groupby("file", sort=False):
        sc = scores.setdefault(file, FileScore(file))
        st = st_all[st_all["source_file"] == file]
        claimed: dict[str, list[str]] = {}
        for r in rows.itertuples():
            sc.truth += 1
            sn = norm(r.snippet)
            at = locate(r.locator, st, files, round_dir, file, columns=not minimal)
            # a snippet is the whole statement unless the statement is longer than the
            # cut (then the snippet is its start, cut at a word after 40 characters)
            longer = at["norm"].str.len().gt(SNIPPET_CUT) & (len(sn) >= SNIPPET_MIN)
            hit = at[at["norm"].eq(sn) | (longer & at["norm"].str.startswith(sn))]
            if len(hit):
                claimed.setdefault(hit["statement_id"].iloc[0], []).append(r.locator)
            else:
                sc.missing.append(f"{r.locator}: {r.snippet[:50]}")
        # two truth statements in one statement: glued together, not their own
        glued = [locs for locs in claimed.values() if len(locs) > 1]
        sc.recovered = sum(1 for locs in claimed.values() if len(locs) == 1)
        sc.missing += [f"glued: {', '.join(locs)}" for locs in glued]
    for r in t["furniture"].itertuples():
        sc = scores.setdefault(r.file, FileScore(r.file))
        sc.furniture += 1
        fn = norm(r.text)
        st = st_all[st_all["source_file"] == r.file]
        kept = st[(st["norm"] == fn) | (st["norm"].str.startswith(fn) & (len(fn) >= 25))]
        if len(kept):
            sc.furniture_kept += 1
            sc.kept_furniture.append(r.text[:60])
    planted = t["planted"]
    pr = problems[problems["round"] == round_id] if len(problems) else problems
    for r in planted.itertuples():
        code = FINDING_CODES.get(r.kind)
        if code is None or (minimal and r.kind == "extra_column"):
            continue
        sc = scores.setdefault(r.file, FileScore(r.file))
        sc.findings += 1
        scope = pr if r.kind == "campaign" else pr[pr["source_file"] == r.file]
        if _reported(r, code, scope, files, round_dir):
            sc.findings_reported += 1
        else:
            sc.unreported.append(f"{r.kind} {r.locator} {r.value[:40]}")
    return scores


def _row_locator(file: str, kv: dict[str, str], files: pd.DataFrame, round_dir: Path
                 ) -> str:
    """Our locator of the respondent row (or post-it row) a truth locator names."""
    f = files[files["source_file"] == file]
    if "respondent" in kv:
        return f"respondent={kv['respondent']}"
    if "para" in kv:                                   # post-its: data row n
        return f"row={int(kv['para']) + 1}"
    n = int(kv["row"])
    if file.endswith(".csv"):
        enc = str(f["encoding"].iloc[0]) if len(f) else ""
        starts = _csv_start_lines(round_dir / file, "cp1252" if enc.startswith("mixed")
                                  else enc)
        return f"row={starts[n - 1]}" if 0 < n <= len(starts) else "row=?"
    sheet = kv.get("sheet") or (str(f["sheet"].iloc[0]) if len(f) else "")
    fs = f[f["sheet"] == sheet]
    header = int(fs["header_row"].iloc[0]) if len(fs) else 1
    return f"sheet={sheet};row={header + n}" if sheet else f"row={header + n}"


def _reported(r: object, code: str, pr: pd.DataFrame, files: pd.DataFrame,
              round_dir: Path) -> bool:
    """Is the planted finding ``r`` in the problem list ``pr`` (its file's problems)?"""
    mine = pr[pr["code"] == code]
    if mine.empty:
        return False
    kind, loc, value = r.kind, r.locator, r.value
    kv = dict(p.split("=", 1) for p in loc.split(";") if "=" in p)
    if kind in ("outside_region", "ambiguous_municipality", "blank_municipality",
                "municipality_alias"):
        want = _row_locator(r.file, kv, files, round_dir)
        return any(want == p or f"{want})" in m or f"{want}," in m or f"{want} " in m
                   for p, m in zip(mine["locator"], mine["message"], strict=True))
    if kind in ("extra_sheet",):
        return value in set(mine["value"])
    if kind in ("choice_column", "pii_column", "extra_column"):
        return kv.get("col", value) in set(mine["value"])
    if kind in ("html", "formula"):
        return any(f"respondent={kv['respondent']};question={kv['question']}" in p
                   for p in mine["locator"])
    if kind == "title_rows":
        return any(p.startswith(f"sheet={kv['sheet']};") for p in mine["locator"])
    if kind == "campaign":
        return any(r.file in m for m in mine["message"])
    if kind in FURNITURE_KIND:
        return any(FURNITURE_KIND[kind] in v for v in mine["value"])
    return True


def written_text(out: Path) -> str:
    """Everything the run wrote to ``out`` (Parquet, CSV, Excel) as one text."""
    parts: list[str] = []
    for p in sorted(out.iterdir()):
        if p.suffix == ".parquet":
            df = pd.read_parquet(p)
            parts += [str(v) for c in df.columns for v in df[c].tolist()]
        elif p.suffix == ".csv":
            parts.append(p.read_text(encoding="utf-8-sig"))
        elif p.suffix == ".xlsx":
            for df in pd.read_excel(p, sheet_name=None, dtype=str).values():
                parts += [str(v) for c in df.columns for v in df[c].tolist()]
    return "\n".join(parts)


def pii_pattern(kind: str, value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if kind == "phone":
        return r"(?<!\d)" + r"[\s\-.]?".join(digits[-8:]) + r"(?!\d)"
    if kind == "cpr":
        return digits[:6] + r"[-\s]?" + digits[6:]
    if kind == "address":
        return re.escape(value.split(",")[0])
    return r"(?<!\w)" + re.escape(value) + r"(?!\w)"


def pii_left(planted: pd.DataFrame, written: str) -> list[tuple[str, str, str]]:
    """Planted personal data found in ``written`` (kind, file, locator)."""
    pii = planted[planted["kind"].isin(PII_KINDS)]
    return [(r.kind, r.file, r.locator) for r in pii.itertuples()
            if r.value and re.search(pii_pattern(r.kind, r.value), written)]
