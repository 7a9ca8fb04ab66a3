"""What cleaning and resolution found, as problem lines an analyst can act on.

Why: a municipality outside the region, an ambiguous or blank municipality cell, an
organisation that fits no stakeholder group, HTML removed from an answer, a formula-like
answer, personal data replaced, a campaign - each changes what the report counts. Found
silently, the accounting still balances and nobody can check. Each finding becomes one
problem line naming the file and the row (or paragraph), what was found and what the
analyst can do; personal data is counted, never quoted.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd

from rus_analysis.clean.resolve import Geo

HTML = re.compile(r"(?i)<\s*/?\s*(?:b|br|p|div|span|i|u|strong|em|a|li|ul|ol|script|style|"
                  r"font|table|tr|td|h[1-6])\b[^>]*>|&(?:nbsp|amp|lt|gt|quot|#\d{1,6});")
FORMULA = re.compile(r"^\s*[=+@]")
PII_DA = {"EMAIL": "e-mail address(es)", "TELEFON": "phone number(s)", "CPR": "CPR number(s)",
          "NAVN": "name(s)", "ADRESSE": "street address(es)"}
MAX_PLACES = 8   # locators listed in one line


def respondent_locator(locator: str) -> str:
    """The row (or respondent) part of an answer's locator: the cell's column is dropped.

    "sheet=S;row=7;col=q2" -> "sheet=S;row=7";
    "line=5;respondent=P-1;question=q1" -> "respondent=P-1".
    """
    parts = [p for p in locator.split(";") if not p.startswith(("col=", "question="))]
    if any(p.startswith("respondent=") for p in parts):
        parts = [p for p in parts if not p.startswith("line=")]
    return ";".join(parts)


def _row(rnd: str, sf: str, locator: str, severity: str, code: str, message: str,
         value: str = "") -> dict[str, str]:
    return {"round": rnd, "source_file": sf, "locator": locator, "severity": severity,
            "code": code, "message": f"{sf} (round {rnd}): {message}", "action": "",
            "value": value}


def place_findings(df: pd.DataFrame, geo: Geo) -> list[dict[str, str]]:
    """Municipality cells outside the region, ambiguous, blank or read by alias.

    One line per respondent (per record for notes) for the first three; aliases, which
    are read correctly, one line per file and spelling listing the rows.
    """
    out: list[dict[str, str]] = []
    typed = df[df["source_type"].isin(["survey", "workshop"])]
    has_cell = set(typed.loc[typed["municipality_raw"].ne(""), "source_file"])
    alias: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for r in typed[["round", "source_file", "locator", "municipality_raw", "organisation",
                    "is_regional_actor", "source_type"]].itertuples(index=False):
        where = respondent_locator(r.locator) if r.source_type == "survey" else r.locator
        key = (r.round, r.source_file, where)
        if key in seen:
            continue
        seen.add(key)
        raw = r.municipality_raw
        if not raw:
            if r.source_file in has_cell and r.source_type == "survey":
                who = f" (organisation '{r.organisation}')" if r.organisation else ""
                out.append(_row(r.round, r.source_file, where, "info", "blank_municipality",
                                f"{where}: the municipality cell is empty{who}; the "
                                "respondent's statements count for no municipality"))
            continue
        res = geo.resolution(raw)
        if res.method == "outside":
            out.append(_row(r.round, r.source_file, where, "warning", "outside_region",
                            f"{where}: the municipality '{raw}' is not one of Region "
                            f"Hovedstaden's 29 ({res.reason}); the statements are kept but "
                            "count for no municipality", raw))
        elif res.method == "ambiguous":
            out.append(_row(r.round, r.source_file, where, "warning", "ambiguous_municipality",
                            f"{where}: the municipality '{raw}' is ambiguous ({res.reason}); "
                            "the statements count for no municipality", raw))
        elif res.method == "unknown" and not r.is_regional_actor:
            out.append(_row(r.round, r.source_file, where, "warning", "unknown_municipality",
                            f"{where}: the municipality '{raw}' was not recognised "
                            f"({res.reason}); the statements count for no municipality", raw))
        elif res.method in ("alias", "fuzzy") and res.name and \
                raw.strip().casefold() != str(res.name).casefold():
            alias[(r.round, r.source_file, raw, str(res.name))].append(where)
    for (rnd, sf, raw, name), wheres in sorted(alias.items()):
        out.append(_row(rnd, sf, wheres[0], "info", "municipality_alias",
                        f"the municipality '{raw}' was read as {name} "
                        f"({_places(wheres)})", raw))
    return out


def _places(wheres: list[str]) -> str:
    shown = ", ".join(wheres[:MAX_PLACES])
    return shown + (f" and {len(wheres) - MAX_PLACES} more" if len(wheres) > MAX_PLACES
                    else "")


def organisation_findings(df: pd.DataFrame) -> list[dict[str, str]]:
    """Organisations that fit no stakeholder group: one line per file and organisation."""
    unknown = df[df["stakeholder_type"].eq("ukendt") & df["organisation"].ne("")
                 & ~df["organisation"].str.contains(r"\[NAVN\]", regex=True)]
    out = []
    for (rnd, sf, org), g in unknown.groupby(["round", "source_file", "organisation"],
                                             sort=True):
        out.append(_row(rnd, sf, g["locator"].iloc[0], "info", "unknown_organisation",
                        f"the organisation '{org}' fits no stakeholder group of the config "
                        f"and counts as 'ukendt' ({_places(g['locator'].tolist())})", org))
    return out


def text_findings(df: pd.DataFrame) -> list[dict[str, str]]:
    """HTML removed and formula-like answers, one line per record."""
    out = []
    for r in df[["round", "source_file", "locator", "text_raw"]].itertuples(index=False):
        if HTML.search(r.text_raw):
            out.append(_row(r.round, r.source_file, r.locator, "info", "html_removed",
                            f"{r.locator}: the text held HTML markup; the tags were removed "
                            "and the words kept"))
        if FORMULA.match(r.text_raw):
            sign = r.text_raw.strip()[0]
            out.append(_row(r.round, r.source_file, r.locator, "warning",
                            "formula_neutralised", f"{r.locator}: the text starts with "
                            f"'{sign}', which a spreadsheet reads as a formula; it is read "
                            "as text (a leading list sign is dropped) and written as text",
                            sign))
    return out


def pii_findings(counts: pd.DataFrame) -> list[dict[str, str]]:
    """Personal data replaced, counted per file (``counts``: round, source_file,
    locator, kind, n); never the values."""
    out = []
    for (rnd, sf), g in counts.groupby(["round", "source_file"], sort=True):
        per_kind = g.groupby("kind")["n"].sum()
        what = ", ".join(f"{int(n)} {PII_DA.get(k, k)}" for k, n in per_kind.items())
        out.append(_row(rnd, sf, g["locator"].iloc[0], "info", "pii_redacted",
                        f"{what} replaced by placeholders "
                        f"({_places(list(dict.fromkeys(g['locator'])))})",
                        ", ".join(per_kind.index)))
    return out


def campaign_findings(groups: pd.DataFrame, statements: pd.DataFrame) -> list[dict[str, str]]:
    """One line per campaign: its name, copies, senders and files."""
    out = []
    camp = groups[groups["kind"] == "campaign"]
    if camp.empty:
        return out
    st = statements.set_index("statement_id")
    for g in camp.itertuples(index=False):
        members = g.members.split(";")
        files = st.loc[members, "source_file"].astype(str)
        rnd = str(st.loc[g.representative, "round"])
        out.append(_row(rnd, str(st.loc[g.representative, "source_file"]),
                        str(st.loc[g.representative, "locator"]), "info", "campaign",
                        f"{g.name}: {g.dup_count} copies from {g.senders} senders count as "
                        f"one voice (files: {_places(sorted(set(files)))})", g.name))
    return out
