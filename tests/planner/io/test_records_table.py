"""The visit records table (planner.io.records_table): the form's words in, the domain's
record out, each bad cell refused with its row and column, as the API refuses it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.io.problems import InputError
from planner.io.records_table import RECORD_COLUMNS, load_records, parse_household_change
from planner.model import VisitMode
from planner.records import (
    Change,
    Confirmer,
    Illness,
    MajorEvent,
    NeedKind,
    Safety,
    Satisfaction,
)
from tests.planner.io.record_rows import CALL, FULL_VISIT, write_records


def problems_of(path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputError) as caught:
        load_records(path)
    return [(p.row, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_box_of_section_five_and_a_care_service_are_read(tmp_path: Path, suffix: str) -> None:
    first, call = load_records(write_records(tmp_path / f"r{suffix}")).records
    entry = first.entry
    seen = entry.observations
    assert (entry.elder_id, entry.day, entry.mode) == ("E1", date(2026, 3, 2), VisitMode.HOME)
    assert entry.number_in_year == 1 and call.entry.number_in_year == 2
    assert seen.household_change == -1
    assert (seen.speech, seen.mobility, seen.mood) == (Change.SAME, Change.WORSE, Change.BETTER)
    assert (seen.illness, seen.illness_name) == (Illness.SERIOUS, "高血压")
    assert [seen.gas_safety, seen.water_heating_safety, seen.electricity_safety] == [
        Safety.UNSAFE,
        Safety.SAFE,
        Safety.FAIRLY_SAFE,
    ]
    assert seen.fire_safety is Safety.SAFE
    assert (seen.personal_hygiene, seen.household_hygiene) == (Change.SAME, Change.BETTER)
    assert seen.indoor_environment is Change.WORSE
    assert seen.needs_kinds == (NeedKind.MEDICAL, NeedKind.CARE)
    assert (seen.needs, seen.suggested_care) == ("想申请助餐", "联系家庭医生")
    assert entry.event is MajorEvent.FALL
    assert entry.signatures.elder_confirmed and entry.signatures.confirmed_by is Confirmer.SUPPORTER
    (service,) = first.care_services
    assert (service.day, service.done, service.given_by) == (
        date(2026, 3, 5),
        "送餐一次",
        "村助餐点",
    )
    assert service.satisfaction is Satisfaction.SATISFIED
    # A call sees what it can: the rest is "not observed", not "no change".
    assert call.entry.observations.gas_safety is None and call.care_services == ()
    assert not call.entry.signatures.elder_confirmed


def test_the_api_codes_and_english_headers_are_read_too(tmp_path: Path) -> None:
    row = {
        "elder_id": "E1",
        "visitor_id": "V001",
        "date": "2026-03-02",
        "mode": "home",
        "gas_safety": "unsafe",
        "illness": "serious",
        "illness_name": "COPD",
        "household_change": "+2",
    }
    (record,) = load_records(write_records(tmp_path / "r.csv", row)).records
    assert record.entry.observations.gas_safety is Safety.UNSAFE
    assert record.entry.observations.household_change == 2


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("燃气安全", "有点危险", "安全/较安全/不安全"),
        ("表达能力", "good", "无变化/较好/较差"),
        ("疾病状况", "重病", "无变化/严重/转好"),
        ("家庭人口变化", "增加很多", "无变化, 增加2人 or 减少1人"),
        ("家庭人口变化", "增加21人", "at most 20"),
        ("需求类别", "医疗、钱", "医疗/照护"),
        ("重大变故", "搬家", "丧偶/丧亲"),
        ("被探访人确认", "邻居", "本人"),
        ("满意度评价", "很好", "满意/基本满意/不满意"),
        ("探访日期", "2026-13-01", "YYYY-MM-DD"),
    ],
)
def test_a_value_the_form_does_not_allow_names_its_row_and_column(
    tmp_path: Path, column: str, value: str, words: str
) -> None:
    service = {"关爱服务情况": "理发", "服务人员": "志愿者"} if column == "满意度评价" else {}
    path = write_records(tmp_path / "r.csv", FULL_VISIT, {**CALL, **service, column: value})
    ((row, named, message),) = problems_of(path)
    assert (row, named) == (3, column)
    assert words in message


def test_the_forms_own_rules_name_their_column(tmp_path: Path) -> None:
    no_disease = {**FULL_VISIT, "疾病名称": ""}
    disease_without_illness = {**CALL, "疾病名称": "感冒"}
    service_by_nobody = {**CALL, "探访日期": "2026-05-04", "关爱服务情况": "理发"}
    path = write_records(tmp_path / "r.csv", no_disease, disease_without_illness, service_by_nobody)
    assert problems_of(path) == [
        (2, "疾病名称", "required when the illness is serious: name it"),
        (3, "疾病名称", "only with a serious illness (illness: serious)"),
        (4, "服务人员", "required: who gave the service"),
    ]


def test_a_visit_typed_twice_is_refused_and_a_future_one_too(tmp_path: Path) -> None:
    path = write_records(tmp_path / "r.csv", CALL, {**CALL, "表达能力": "较差"})
    ((row, column, message),) = problems_of(path)
    assert (row, column) == (3, None) and "the same visit as row 2" in message
    future = write_records(tmp_path / "f.csv", {**CALL, "探访日期": "2026-12-08"})
    with pytest.raises(InputError, match="after today"):
        load_records(future, today=date(2026, 12, 7))
    assert len(load_records(future, today=date(2026, 12, 8)).records) == 1


def test_a_missing_required_column_is_refused(tmp_path: Path) -> None:
    row = {key: value for key, value in CALL.items() if key != "探访人员"}
    assert any(
        column is None or "探访人员" in message
        for _, column, message in problems_of(write_records(tmp_path / "r.csv", row))
    )


def test_visits_are_numbered_in_each_elders_year_unless_the_sheet_numbers_them(
    tmp_path: Path,
) -> None:
    rows = [
        {**CALL, "探访日期": "2025-12-30"},
        {**CALL, "探访日期": "2026-02-01"},
        {**CALL, "探访日期": "2026-01-05"},
        {**CALL, "老人编号": "E2", "探访日期": "2026-01-07"},
        {**CALL, "探访日期": "2026-03-01", "本年第几次": "7"},
    ]
    records = load_records(write_records(tmp_path / "r.csv", *rows)).records
    numbers = {(r.entry.elder_id, r.entry.day.isoformat()): r.entry.number_in_year for r in records}
    assert numbers == {
        ("E1", "2025-12-30"): 1,
        ("E1", "2026-01-05"): 1,
        ("E1", "2026-02-01"): 2,
        ("E1", "2026-03-01"): 7,
        ("E2", "2026-01-07"): 1,
    }


def test_every_column_has_a_chinese_header() -> None:
    assert all(column.chinese for column in RECORD_COLUMNS)
    headers = [column.chinese for column in RECORD_COLUMNS]
    assert len(headers) == len(set(headers))


@pytest.mark.parametrize(
    ("cell", "people"),
    [("无变化", 0), ("增加2人", 2), ("减少 1 人", -1), ("-3", -3), (4, 4), ("0", 0)],
)
def test_household_changes_as_the_form_writes_them(cell: str | int, people: int) -> None:
    assert parse_household_change(cell) == people
