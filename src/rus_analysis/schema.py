"""Column contracts between the stages: which columns, and what kind of values.

Each stage takes and returns DataFrames; these contracts say which columns a later stage
may rely on and what they hold. They live in one place so that a change to a table is a
change to one contract, and tests check every stage's output against it
(``check_columns`` for the columns a step needs, ``check_table`` for names and kinds).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.api import types as ptypes

SOURCE_TYPES: tuple[str, ...] = ("survey", "meeting", "workshop", "written")
SOURCE_TYPE_DA: dict[str, str] = {
    "survey": "Spørgeskema",
    "meeting": "Møde",
    "workshop": "Workshop",
    "written": "Skriftligt høringssvar",
}


def source_type_da(value: object) -> str:
    """A source type as the report names it ("meeting" -> "Møde"); unknown types as is."""
    text = "" if value is None else str(value)
    return SOURCE_TYPE_DA.get(text, text)

# ingest -> clean: one row per raw input record (survey answer, bullet, post-it, letter)
RECORD_COLUMNS: tuple[str, ...] = (
    "record_id",          # stable hash of round + file + locator
    "round",              # round id from the manifest
    "source_file",        # path relative to the round folder
    "source_type",        # survey | meeting | workshop | written
    "source_name",        # the manifest's name of the source (meeting name, survey title)
    "source_date",        # ISO date text
    "locator",            # where in the file: "sheet=Besvarelser;row=12;col=q2", "para=7"
    "respondent_id",      # survey respondent id, or "" where none
    "question_id",        # short id of the survey question / table group, or ""
    "question",           # survey question text or heading path of notes
    "municipality_raw",   # free text as given (cell, sender, speaker), may be ""
    "organisation",       # organisation as given, may be ""
    "organisation_type_raw",  # survey answer for organisation type, may be ""
    "text_raw",           # the text exactly as read
    "voice_key",          # who spoke, as the reader knows it within its file:
                          # "resp:<sheet>:<id or row>", "person:<hash>", "group:<label>"
    "context",            # JSON object of what surrounds the text: respondent attributes
                          # (choice answers), table group, letter date and subject
)

# clean -> nlp/themes/coverage: one row per statement, kept or merged into a duplicate group
STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id",       # stable: record_id + ":" + index of the statement in the record
    "record_id",
    "round",
    "source_file",
    "source_type",
    "source_name",
    "source_date",
    "locator",
    "respondent_id",
    "question_id",
    "question",
    "organisation",
    "stakeholder_type",   # one of config.STAKEHOLDER_TYPES
    "municipality_code",  # 4-digit code of one of the 29, or <NA> (regional actor / unknown)
    "municipality_name",
    "landsdel",           # NUTS-3 name, or <NA>
    "is_regional_actor",  # bool: region-wide actor, counted as "tværgående"
    "voice_id",           # who spoke; members of a duplicate group share the group's voice
    "text",               # cleaned, PII-redacted statement
    "dup_group",          # duplicate group id (singletons have their own)
    "dup_count",          # members in the group (1 for singletons)
    "is_representative",  # bool: the one member themes are fitted on
    "status",             # kept | merged
    "context",            # JSON object: respondent attributes, table group, letter date
)

REJECT_COLUMNS: tuple[str, ...] = (
    "record_id", "statement_id", "round", "source_file", "locator", "reason_code",
    "reason", "text",
)

# ingest: invitations and attendance from manifests and participant lists
INVITATION_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "municipality_code", "organisation",
)
ATTENDANCE_COLUMNS: tuple[str, ...] = (
    "round", "source_file", "municipality_code", "organisation",
)

# themes -> coverage/charts
ASSIGNMENT_COLUMNS: tuple[str, ...] = (
    "statement_id", "theme_id", "rank", "score",   # rank 0 = primary theme
)
# on the rank-0 rows (secondary rows <NA>): the sub-theme, and how sure the model is
ASSIGNMENT_LEVEL_COLUMNS: tuple[str, ...] = ("subtheme_id", "confidence", "confident")
# the themes table's kind of "Øvrige": statements no theme holds, not a topic (no gap,
# no representation, listed after the themes)
OTHER_KIND = "other"
THEME_COLUMNS: tuple[str, ...] = (
    "theme_id", "label", "kind", "description", "top_terms", "size",
)


# Kinds of values a contract names; "int?" is an integer column that may hold <NA>.
_KINDS = {
    "text": ptypes.is_string_dtype,
    "int": ptypes.is_integer_dtype,
    "int?": lambda s: ptypes.is_integer_dtype(s) or ptypes.is_float_dtype(s),
    "float": ptypes.is_float_dtype,
    "bool": ptypes.is_bool_dtype,
    "list": ptypes.is_object_dtype,
}


def _all_text(columns: Iterable[str], **other: str) -> dict[str, str]:
    return {c: other.get(c, "text") for c in columns}


RECORD_SCHEMA: Mapping[str, str] = _all_text(RECORD_COLUMNS)
STATEMENT_SCHEMA: Mapping[str, str] = _all_text(
    STATEMENT_COLUMNS, is_regional_actor="bool", dup_count="int", is_representative="bool")
REJECT_SCHEMA: Mapping[str, str] = _all_text(REJECT_COLUMNS)
INVITATION_SCHEMA: Mapping[str, str] = _all_text(INVITATION_COLUMNS)
ATTENDANCE_SCHEMA: Mapping[str, str] = _all_text(ATTENDANCE_COLUMNS)
ASSIGNMENT_SCHEMA: Mapping[str, str] = {"statement_id": "text", "theme_id": "text",
                                        "rank": "int", "score": "float"}
POSITION_SCHEMA: Mapping[str, str] = {
    "statement_id": "text", "position": "text", "position_score": "float",
    "position_cues": "text", "tone": "text", "tone_score": "float", "position_source": "text"}
THEME_SCHEMA: Mapping[str, str] = {"theme_id": "text", "label": "text", "kind": "text",
                                   "description": "text", "top_terms": "list", "size": "int"}


SUBTHEME_SCHEMA: Mapping[str, str] = {"subtheme_id": "text", "theme_id": "text",
                                      "label": "text", "top_terms": "list", "size": "int",
                                      "quotes": "list", "quote_texts": "list"}
REVIEW_SCHEMA: Mapping[str, str] = {"statement_id": "text", "theme_id": "text",
                                    "rank_in_theme": "int", "subtheme_id": "text",
                                    "confidence": "float", "confident": "bool", "text": "text"}


class SchemaError(ValueError):
    """A table that lacks a column a later stage relies on."""


def check_columns(df: pd.DataFrame, required: Iterable[str], table: str) -> pd.DataFrame:
    """Raise a SchemaError naming the missing columns; return ``df`` for chaining."""
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SchemaError(f"table '{table}' lacks column(s) {missing}; found {list(df.columns)}")
    return df


def check_table(df: pd.DataFrame, contract: Mapping[str, str], table: str) -> pd.DataFrame:
    """Raise a SchemaError naming the first missing column or column of the wrong kind;
    return ``df`` for chaining. An empty column of object dtype passes any kind (a table
    with no rows carries no values to check)."""
    check_columns(df, contract, table)
    for col, kind in contract.items():
        series = df[col]
        if len(series) == 0 and series.dtype == object:
            continue
        if not _KINDS[kind](series):
            raise SchemaError(f"table '{table}': column '{col}' must hold {kind} values, "
                              f"holds {series.dtype}")
    return df
