"""Who and where: municipality, landsdel, region-wide actor and stakeholder type per record.

Why the order of evidence matters: the municipality cell comes first (fuzzy allowed:
people misspell their own municipality), then the organisation (exact names only, so
"Dansk Industri" never becomes a municipality). A region-wide actor gets no municipality
from its name, its input counts as cross-cutting; but a respondent of a region-wide
organisation who typed a municipality keeps it (the Novafos employee in Egedal).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from rus_analysis import pii
from rus_analysis.config import Config


class Geo:
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
        self.actors = cfg.stakeholders.actor_patterns()
        # what makes a person-like name an organisation's (``pii.is_private_name``)
        self.organisations = cfg.stakeholders.organisation_patterns()
        self.rules = [(r.type, re.compile(r.pattern, re.IGNORECASE))
                      for r in cfg.stakeholders.rules]
        self._cache: dict[tuple[str, bool], tuple[str | None, str | None]] = {}

    def actor(self, organisation: str) -> str | None:
        """The regional actor an organisation is (or belongs to), else None."""
        for name, pat in self.actors:
            if pat.search(organisation):
                return name
        return None

    def resolution(self, text: str) -> Any:
        """The resolver's full answer for a cell (method: exact, alias, outside, ...)."""
        return self.resolver.resolve(text)

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


def resolve_places(df: pd.DataFrame, geo: Geo) -> pd.DataFrame:
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
        rows[(raw, org, otype, stype_src)] = (code, name,
                                              geo.landsdel.get(code) if code else None,
                                              actor is not None and code is None, stype)
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
