"""The visit history table (``planner.io.history``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.io.problems import InputError
from planner.io.tables import load_tables
from planner.model import VisitReason
from tests.planner.io.table_files import BASE_ELDER, BASE_VISITOR, where, write_rows, write_table


def test_history_rows_are_validated(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visits = [
        {"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V01", "mode": "home"},
        {"date": "2024-13-06", "elder_id": "E001", "visitor_id": "V01", "mode": "fax"},
        {"date": "2024-05-07", "elder_id": "", "visitor_id": "V01", "mode": "phone"},
    ]
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, write_table(tmp_path / "visits.csv", visits))
    assert where(raised.value.problems) == [
        ("visits.csv", 3, "date"),
        ("visits.csv", 3, "mode"),
        ("visits.csv", 4, "elder_id"),
    ]


def test_history_of_a_visitor_no_longer_listed_is_kept(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visitors = write_table(tmp_path / "visitors.csv", [BASE_VISITOR])
    visits = [{"date": "2024-05-06", "elder_id": "E001", "visitor_id": "V77", "mode": "phone"}]
    tables = load_tables(elders, visitors, write_table(tmp_path / "visits.csv", visits))
    assert [visit.visitor_id for visit in tables.history] == ["V77"]


def test_empty_history_is_fine(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    history = write_rows(tmp_path / "visits.csv", [["date", "elder_id", "visitor_id", "mode"]])
    assert load_tables(elders, None, history).history == ()


def test_history_reason_is_optional_and_read_in_both_languages(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    rows = [
        {
            "date": "2024-05-06",
            "elder_id": "E001",
            "visitor_id": "V01",
            "mode": "phone",
            "reason": "节日",
        },
        {
            "date": "2024-05-07",
            "elder_id": "E001",
            "visitor_id": "V01",
            "mode": "home",
            "reason": "",
        },
    ]
    history = load_tables(elders, None, write_table(tmp_path / "visits.csv", rows)).history
    assert [v.reason for v in history] == [VisitReason.FESTIVAL, VisitReason.REGULAR]
