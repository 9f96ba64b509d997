"""POST /imports/records: paper forms typed into a sheet, held to the API's rules, each problem
naming its row and column, stored once per visit (the phone's record of the same visit too)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.service.settings import Settings
from maps.visitor_forms import record_uuid
from tests.api.service.conftest import login, make_user, upload
from tests.api.service.test_records import FULL, Headers, people, put
from tests.planner.io.record_rows import CALL, FULL_VISIT, write_records

__all__ = ["people"]  # the fixture, used by name
TUESDAY_ROW = {**FULL_VISIT, "老人编号": "E001", "探访人员": "V01", "探访日期": "2024-05-28"}
TUESDAY_ROW["关爱服务日期"] = "2024-05-29"
WEDNESDAY_ROW = {**CALL, "老人编号": "E001", "探访人员": "V01", "探访日期": "2024-05-29"}


def chengguan(client: TestClient, settings: Settings) -> Headers:
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    return login(client, "chengguan")


def records_of(client: TestClient, headers: Headers) -> list[dict[str, Any]]:
    answer = client.get("/visits", params={"elder_id": "E001"}, headers=headers)
    assert answer.status_code == 200, answer.text
    listed: list[dict[str, Any]] = answer.json()
    return listed


def test_a_sheet_is_stored_as_the_api_stores_records_and_only_once(
    client: TestClient, people: dict[str, Headers], settings: Settings, tmp_path: Path
) -> None:
    coordinator = chengguan(client, settings)
    sheet = write_records(tmp_path / "records.xlsx", TUESDAY_ROW, WEDNESDAY_ROW)
    answer = upload(client, coordinator, "records", sheet)
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    assert answer.json() == {  # type: ignore[attr-defined]
        "imported": 2,
        "created": 2,
        "towns": ["城关镇"],
        "notices": [],
    }
    stored = records_of(client, coordinator)
    assert [(r["date"], r["number_in_year"]) for r in stored] == [
        ("2024-05-28", 1),
        ("2024-05-29", 2),
    ]
    first = stored[0]
    assert first["observations"]["gas_safety"] == "unsafe"
    assert first["observations"]["illness_name"] == "高血压"
    assert first["hazards"] == ["gas"]
    assert first["care_services"][0]["done"] == "送餐一次"
    assert first["signatures"] == {"elder_confirmed": True, "confirmed_by": "supporter"}
    assert first["duration_minutes"] > 0  # the policy's length of a home visit
    assert first["id"] == str(record_uuid("V01", "E001", date(2024, 5, 28)))
    again = upload(client, coordinator, "records", sheet)
    assert again.json()["created"] == 0  # type: ignore[attr-defined]
    assert len(records_of(client, coordinator)) == 2


def test_a_visit_recorded_on_the_phone_and_typed_in_again_is_one_record(
    client: TestClient, people: dict[str, Headers], settings: Settings, tmp_path: Path
) -> None:
    phone_id = record_uuid("V01", "E001", date(2024, 5, 28))
    assert put(client, people["v01"], FULL, phone_id).status_code == 201
    sheet = write_records(tmp_path / "records.csv", TUESDAY_ROW)
    answer = upload(client, chengguan(client, settings), "records", sheet)
    assert answer.json()["created"] == 0  # type: ignore[attr-defined]
    assert len(records_of(client, people["district"])) == 1


def test_every_problem_names_its_row_and_column_and_nothing_is_stored(
    client: TestClient, people: dict[str, Headers], settings: Settings, tmp_path: Path
) -> None:
    rows = [
        TUESDAY_ROW,
        {**WEDNESDAY_ROW, "燃气安全": "危险"},
        {**WEDNESDAY_ROW, "探访日期": "2024-05-01"},
        {**WEDNESDAY_ROW, "探访日期": "2024-05-30", "老人编号": "E404"},
        {**WEDNESDAY_ROW, "探访日期": "2024-05-31", "探访人员": "V404"},
    ]
    sheet = write_records(tmp_path / "records.csv", *rows)
    coordinator = chengguan(client, settings)
    answer = upload(client, coordinator, "records", sheet)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    errors = answer.json()["errors"]  # type: ignore[attr-defined]
    assert [(e["row"], e["column"]) for e in errors] == [(3, "燃气安全")]
    assert errors[0]["file"] == "records.csv"
    del rows[1]
    answer = upload(client, coordinator, "records", write_records(tmp_path / "r.csv", *rows))
    errors = answer.json()["errors"]  # type: ignore[attr-defined]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "探访日期"),
        (4, "老人编号"),
        (5, "探访人员"),
    ]
    assert "before the elder's first plan" in errors[0]["message"]
    assert records_of(client, coordinator) == []


def test_another_towns_coordinator_and_a_visitor_cannot_import(
    client: TestClient, people: dict[str, Headers], tmp_path: Path
) -> None:
    sheet = write_records(tmp_path / "records.csv", TUESDAY_ROW)
    answer = upload(client, people["beiyuan"], "records", sheet)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert answer.json()["errors"][0]["column"] == "老人编号"  # type: ignore[attr-defined]
    assert upload(client, people["v01"], "records", sheet).status_code == 403  # type: ignore[attr-defined]
    assert records_of(client, people["district"]) == []


def test_a_value_the_api_would_refuse_as_too_long_or_with_a_nul_names_its_column(
    client: TestClient, people: dict[str, Headers], settings: Settings, tmp_path: Path
) -> None:
    rows = [
        {**TUESDAY_ROW, "疾病名称": "病" * 201},
        {**WEDNESDAY_ROW, "老年人服务需求": "a\x00b"},
    ]
    answer = upload(
        client, chengguan(client, settings), "records", write_records(tmp_path / "r.csv", *rows)
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    errors = answer.json()["errors"]  # type: ignore[attr-defined]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "疾病名称"), (3, "老年人服务需求")]
