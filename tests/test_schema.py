"""Column contracts: a missing column or a column of the wrong kind is named."""

from __future__ import annotations

import pandas as pd
import pytest

from rus_analysis.schema import ASSIGNMENT_SCHEMA, SchemaError, check_table


def _assignments(**over: object) -> pd.DataFrame:
    data = {"statement_id": ["a:00"], "theme_id": ["klima"], "rank": [0], "score": [0.5]}
    data.update(over)
    return pd.DataFrame(data)


def test_a_table_that_keeps_its_contract_passes() -> None:
    df = _assignments()
    assert check_table(df, ASSIGNMENT_SCHEMA, "assignments") is df


def test_missing_column_and_wrong_kind_are_named() -> None:
    with pytest.raises(SchemaError, match=r"lacks column\(s\) \['score'\]"):
        check_table(_assignments().drop(columns="score"), ASSIGNMENT_SCHEMA, "assignments")
    with pytest.raises(SchemaError, match="column 'rank' must hold int"):
        check_table(_assignments(rank=["0"]), ASSIGNMENT_SCHEMA, "assignments")
