"""The columns of each table: their spellings are unambiguous (``planner.io.columns``)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from planner.io.columns import ELDER_COLUMNS, HISTORY_COLUMNS, VISITOR_COLUMNS
from planner.io.headers import Column


@pytest.mark.parametrize("columns", [ELDER_COLUMNS, VISITOR_COLUMNS, HISTORY_COLUMNS])
def test_header_spellings_are_unambiguous(columns: Sequence[Column]) -> None:
    keys = [key for column in columns for key in column.header_keys()]
    assert len(keys) == len(set(keys))


def test_every_contract_column_has_its_chinese_header() -> None:
    chinese = {column.name: column.chinese for column in (*ELDER_COLUMNS, *VISITOR_COLUMNS)}
    assert chinese["elder_id"] == "编号" and chinese["visitor_id"] == "编号"
    assert chinese["family_planning_special"] == "计生特殊家庭"
    assert chinese["max_home_visits_per_day"] == "每日最多入户"
    assert all(chinese.values())
