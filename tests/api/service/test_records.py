"""Visit records with the notice's form (PUT /visits/{uuid}), read back by who may read them,
exported, and the facts they find kept in the elder's dated history."""

from __future__ import annotations

import io
import uuid
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from api.service.models import AuditEntry, VisitRecord
from api.service.settings import Settings
from api.service.store import stored_visitor
from api.service.visitor_day import visitor_day
from planner.records import Hazard, NeedKind
from tests.api.service.conftest import TABLES, database, login, make_user, upload
from tests.api.service.planned import run_worker

WEEK, TUESDAY = "2024-05-27", "2024-05-28"
NEXT_WEEK = "2024-06-03"
Headers = dict[str, str]


@pytest.fixture
def people(client: TestClient, imported: Headers, settings: Settings) -> dict[str, Headers]:
    """The week of 2024-05-27 planned (V01 visits E001, E004, E005; V04 calls E002 and E003 on
    the Tuesday), and everyone logged in."""
    answer = client.post("/plans", json={"week": WEEK}, headers=imported)
    assert answer.status_code == 202, answer.text
    run_worker(settings)
    make_user(settings, "v01", "visitor", visitor_id="V01")
    make_user(settings, "v04", "visitor", visitor_id="V04")
    make_user(settings, "audit", "auditor")
    make_user(settings, "beiyuan", "coordinator", town="北园街道")
    return {
        "district": imported,
        **{name: login(client, name) for name in ("v01", "v04", "audit", "beiyuan")},
    }


FULL: dict[str, Any] = {
    "date": TUESDAY,
    "elder_id": "E001",
    "mode": "home",
    "duration_minutes": 40,
    "note": "老人说子女每周来",
    "topics": ["health", "home_safety"],
    "reason": "regular",
    "observations": {
        "household_change": -1,
        "speech": "same",
        "mobility": "worse",
        "illness": "serious",
        "illness_name": "肺炎",
        "mood": "better",
        "gas_safety": "unsafe",
        "water_heating_safety": "fairly_safe",
        "electricity_safety": "safe",
        "fire_safety": "unsafe",
        "personal_hygiene": "same",
        "household_hygiene": "worse",
        "indoor_environment": "better",
        "needs": "需要助餐",
        "needs_kinds": ["care", "medical"],
        "suggested_care": "联系家庭医生上门",
    },
    "facts": {"limited_mobility": True},
    "event": "fall",
    "care_services": [
        {
            "date": TUESDAY,
            "done": "更换燃气软管",
            "given_by": "村委会王师傅",
            "satisfaction": "fairly_satisfied",
        }
    ],
    "signatures": {"elder_confirmed": True, "confirmed_by": "supporter"},
}


def put(client: TestClient, headers: Headers, body: dict[str, Any], record_id: Any = None) -> Any:
    return client.put(f"/visits/{record_id or uuid.uuid4()}", json=body, headers=headers)


def test_every_field_round_trips_through_the_database_and_the_export(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    record_id = uuid.uuid4()
    answer = put(client, people["v01"], FULL, record_id)
    assert answer.status_code == 201, answer.text
    read = client.get(f"/visits/{record_id}", headers=people["district"]).json()
    for key, value in FULL.items():
        assert read[key] == value, key
    assert read["hazards"] == ["gas", "fire"]
    assert (read["number_in_year"], read["town"], read["village"]) == (1, "城关镇", "李家庄")
    with database(settings) as session:
        row = session.get_one(VisitRecord, record_id)
        assert (row.reason, row.event, row.hazards) == ("regular", "fall", "gas;fire")
        assert row.observations["illness_name"] == "肺炎"
        assert row.signatures["entered_by"] == "v01"
    sheet = _export(client, people["district"], "2024-05")
    header, line = sheet[0], sheet[1]
    cells = dict(zip(header, line, strict=True))
    assert cells["本年第几次"] == 1
    assert cells["被探访人"] == "张*丰"  # masked by default
    assert cells["当日级别"] == "重点"
    assert (cells["行动能力"], cells["燃气安全"], cells["水暖安全"]) == ("较差", "不安全", "较安全")
    assert (cells["疾病状况"], cells["疾病名称"], cells["家庭人口变化"]) == ("严重", "肺炎", -1)
    assert cells["安全隐患"] == "燃气不安全; 消防不安全"
    assert cells["需求类别"] == "照护; 医疗"
    assert cells["重大变故"] == "跌倒"
    assert "更换燃气软管" in cells["关爱服务情况"] and "基本满意" in cells["关爱服务情况"]
    assert cells["被探访人确认"] == "赡养人/监护人"
    assert cells["情况变化"] == "limited_mobility=是"


def _export(
    client: TestClient, headers: Headers, month: str, **query: str
) -> list[tuple[Any, ...]]:
    answer = client.get("/visits/export.xlsx", params={"month": month, **query}, headers=headers)
    assert answer.status_code == 200, answer.text
    workbook = load_workbook(io.BytesIO(answer.content))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


BAD: list[tuple[dict[str, Any], list[str]]] = [
    ({"anything": [1, 2, 3]}, ["anything"]),
    ({"details": {"a": 1}}, ["details"]),
    ({"topics": ["gossip"]}, ["topics", "0"]),
    ({"mode": "carrier_pigeon"}, ["mode"]),
    ({"reason": "whim"}, ["reason"]),
    ({"event": "party"}, ["event"]),
    ({"observations": {"speech": "louder"}}, ["observations", "speech"]),
    ({"observations": {"gas_safety": "yes"}}, ["observations", "gas_safety"]),
    ({"observations": {"illness": "worse"}}, ["observations", "illness"]),
    ({"observations": {"illness": "serious"}}, ["observations", "illness_name"]),
    ({"observations": {"household_change": 99}}, ["observations", "household_change"]),
    ({"observations": {"needs_kinds": ["money"]}}, ["observations", "needs_kinds", "0"]),
    ({"observations": {"smell": "bad"}}, ["observations", "smell"]),
    ({"facts": {"wealthy": True}}, ["facts", "wealthy"]),
    ({"facts": {"bedridden": "perhaps"}}, ["facts", "bedridden"]),
    ({"facts": {"ability": "superb"}}, ["facts", "ability"]),
    ({"facts": {"disability_grade": 7}}, ["facts", "disability_grade"]),
    ({"care_services": [{"date": TUESDAY, "done": "x"}]}, ["care_services", "0", "given_by"]),
    (
        {"care_services": [{"date": TUESDAY, "done": "x", "given_by": "y", "satisfaction": "ok"}]},
        ["care_services", "0", "satisfaction"],
    ),
    ({"signatures": {"elder_confirmed": True}}, ["signatures", "confirmed_by"]),
    ({"signatures": {"signed_by": "x"}}, ["signatures", "signed_by"]),
    ({"date": "2999-01-01"}, ["date"]),
    ({"date": "2024-05-01"}, ["date"]),  # before the elder's first plan
]


def test_bad_values_are_422s_that_name_the_field(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    plain = {k: FULL[k] for k in ("date", "elder_id", "mode", "duration_minutes")}
    for change, location in BAD:
        answer = put(client, people["v01"], {**plain, **change})
        assert answer.status_code == 422, (change, answer.text)
        locations = [[str(p) for p in error["location"]] for error in answer.json()["errors"]]
        assert ["body", *location] in locations, (change, locations)
    with database(settings) as session:
        assert session.scalars(select(VisitRecord)).all() == []
    assert put(client, people["v01"], plain).status_code == 201


def test_a_record_sent_twice_is_stored_once_and_counted_in_the_year(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    record_id = uuid.uuid4()
    assert put(client, people["v01"], FULL, record_id).status_code == 201
    assert put(client, people["v01"], FULL, record_id).status_code == 200
    later = {**FULL, "date": "2024-05-30", "facts": {}}
    assert put(client, people["v01"], later).json()["number_in_year"] == 2
    history = client.get("/elders/E001/history", headers=people["district"]).json()
    from_records = [c for c in history["changes"] if c["cause"] == "record"]
    assert [(c["fact"], c["old"], c["new"]) for c in from_records] == [
        ("limited_mobility", False, True)
    ]
    with database(settings) as session:
        assert len(session.scalars(select(VisitRecord)).all()) == 2


def test_who_reads_which_records(client: TestClient, people: dict[str, Headers]) -> None:
    mine = put(client, people["v01"], FULL).json()
    theirs = put(client, people["v04"], {**FULL, "elder_id": "E003", "mode": "phone"}).json()
    # A visitor: their own records, and the earlier records of the elders they are sent to.
    assert [r["id"] for r in client.get("/visits", headers=people["v01"]).json()] == [mine["id"]]
    assert client.get(f"/visits/{theirs['id']}", headers=people["v01"]).status_code == 404
    assert client.get("/elders/E003/records", headers=people["v01"]).status_code == 404
    assert client.get("/elders/E006/history", headers=people["v01"]).status_code == 404
    assert put(client, people["v01"], {**FULL, "elder_id": "E003"}).status_code == 404
    # Another town's coordinator sees none of 城关镇's.
    assert client.get("/visits", headers=people["beiyuan"]).json() == []
    assert client.get(f"/visits/{mine['id']}", headers=people["beiyuan"]).status_code == 404
    assert client.get("/visits?town=城关镇", headers=people["beiyuan"]).status_code == 404
    # The district's coordinator and the auditor read all, filtered.
    for reader in ("district", "audit"):
        every = client.get("/visits?month=2024-05", headers=people[reader]).json()
        assert {r["id"] for r in every} == {mine["id"], theirs["id"]}
    by_elder = client.get("/visits?elder_id=E003", headers=people["audit"]).json()
    assert [r["id"] for r in by_elder] == [theirs["id"]]
    with_gas = client.get("/visits?hazard=gas&village=李家庄", headers=people["audit"]).json()
    assert len(with_gas) == 2
    assert client.get("/visits?hazard=housing", headers=people["audit"]).json() == []
    assert client.get("/visits?month=2024-06", headers=people["audit"]).json() == []
    assert client.get("/visits?month=2024-13", headers=people["audit"]).status_code == 422


def test_the_export_is_masked_unless_a_coordinator_asks_and_then_audited(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    put(client, people["v01"], {**FULL, "note": "女儿电话13812345678"})
    masked = _export(client, people["audit"], "2024-05")
    assert "138****5678" in str(masked) and "13812345678" not in str(masked)
    answer = client.get(
        "/visits/export.xlsx",
        params={"month": "2024-05", "unmasked": "true"},
        headers=people["audit"],
    )
    assert answer.status_code == 403
    assert client.get("/visits/export.xlsx?month=2024-05", headers=people["v01"]).status_code == 403
    full = _export(client, people["district"], "2024-05", unmasked="true")
    assert "13812345678" in str(full) and "张三丰" in str(full)
    with database(settings) as session:
        audited = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "export_records_unmasked")
        ).all()
    assert [entry.username for entry in audited] == ["district"]


def test_a_general_elder_found_bedridden_is_key_from_that_day_and_the_next_plan_owes_key_visits(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    elder = client.get("/elders/E003", headers=people["district"]).json()
    assert elder["tier"] == "general"
    # In none of the notice's groups (and consent never asked): flagged, still planned.
    assert [f["kind"] for f in elder["flags"]] == ["outside_programme", "consent_not_asked"]
    assert elder["flags"][0]["words"] == "不属于探访关爱对象范围"
    found = {**FULL, "elder_id": "E003", "mode": "phone", "facts": {"长期卧床": "是"}}
    assert put(client, people["v04"], found).status_code == 201
    elder = client.get("/elders/E003", headers=people["district"]).json()
    assert elder["tier"] == "key"
    assert [f["kind"] for f in elder["flags"]] == ["consent_not_asked"]
    history = client.get("/elders/E003/history", headers=people["district"]).json()
    (change,) = [c for c in history["changes"] if c["cause"] == "record"]
    assert (change["fact"], change["old"], change["new"], change["day"]) == (
        "bedridden",
        False,
        True,
        TUESDAY,
    )
    assert (change["tier_before"], change["tier_after"], change["cause"]) == (
        "general",
        "key",
        "record",
    )
    before = client.get("/elders/E003/history?on=2024-05-27", headers=people["district"]).json()
    assert before["tier"] == "general"
    answer = client.post("/plans", json={"week": NEXT_WEEK}, headers=people["district"])
    run_worker(settings)
    roster = client.get(f"{answer.headers['location']}/roster", headers=people["district"]).json()
    visits = [row for row in roster if row["elder_id"] == "E003"]
    assert visits and all(row["tier"] == "key" and row["mode"] == "home" for row in visits)


def test_a_reimport_keeps_what_it_changed_in_the_history(
    client: TestClient, people: dict[str, Headers], tmp_path: Any
) -> None:
    text = (TABLES / "elders_good.csv").read_text(encoding="utf-8")
    changed = text.replace(
        "E007,吴九,,78,M,,,北园街道,张庄,,,,,,,,,,unassessed,",
        ("E007,吴九,,78,M,,,北园街道,张庄,,,,,,,,,,severe,"),
    )
    assert changed != text
    path = tmp_path / "elders_good.csv"
    path.write_text(changed, encoding="utf-8")
    assert upload(client, people["district"], "elders", path).status_code == 200  # type: ignore[attr-defined]
    history = client.get("/elders/E007/history", headers=people["district"]).json()
    assert [(c["fact"], c["cause"]) for c in history["changes"]] == [
        ("added", "import"),
        ("ability", "import"),
    ]
    assert history["changes"][-1]["old"] == "unassessed"
    assert (history["changes"][-1]["tier_before"], history["tier"]) == ("general", "key")


def test_the_day_page_data_starts_where_the_last_visit_ended(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    put(
        client,
        people["v01"],
        {
            **FULL,
            "note": "",
            "observations": {**FULL["observations"], "needs": "女儿电话13812345678"},
        },
    )
    with database(settings) as session:
        visitor = stored_visitor(session, "V01")
        assert visitor is not None
        wednesday = visitor_day(session, visitor, date(2024, 5, 29))
        tuesday = visitor_day(session, visitor, date(2024, 5, 28))
    assert wednesday is not None and tuesday is not None
    last = wednesday.last_visits["E001"]
    assert (last.day, last.hazards) == (date(2024, 5, 28), (Hazard.GAS, Hazard.FIRE))
    assert last.needs_kinds == (NeedKind.CARE, NeedKind.MEDICAL)
    assert last.needs == "女儿电话138****5678"
    assert "E001" not in tuesday.last_visits  # the visit of the day itself is not "last"


PROFILE: dict[str, Any] = {
    "lives_at_registered_residence": False,
    "disability_certificate": "37011219400512001342",
    "household": [
        {
            "name": "张三丰",
            "relation": "head",
            "sex": "M",
            "id_number": "370112194005120013",
            "health": "高血压",
            "assistance": "subsistence",
        },
        {"name": "李秀英", "relation": "spouse", "sex": "F", "assistance": "none"},
    ],
    "living": {
        "safe_drinking_water": True,
        "safe_electricity": True,
        "safe_housing": False,
        "monthly_income_yuan": 1200,
        "monthly_benefits_yuan": 800,
        "benefits_note": "养老保险、低保",
    },
    "help": {
        "helpers": ["town_village_committee", "volunteer"],
        "responsible_person": "王主任",
        "measures": "每月送米面油",
    },
}


def test_the_elders_profile_round_trips_masked_for_visitors_and_kept_in_the_history(
    client: TestClient, people: dict[str, Headers]
) -> None:
    written = client.put("/elders/E001/profile", json=PROFILE, headers=people["v01"])
    assert written.status_code == 200, written.text
    full = client.get("/elders/E001/profile", headers=people["district"]).json()
    assert {key: full[key] for key in PROFILE} == {
        **PROFILE,
        "household": [
            PROFILE["household"][0],
            {**PROFILE["household"][1], "id_number": None, "health": ""},
        ],
    }
    assert (full["masked"], full["updated_by"]) == (False, "v01")
    masked = client.get("/elders/E001/profile", headers=people["v01"]).json()
    assert masked["household"][0]["name"] == "张*丰"
    assert masked["household"][0]["id_number"] == "3701**********0013"
    assert masked["help"]["responsible_person"] == "王*任"
    history = client.get("/elders/E001/history", headers=people["district"]).json()
    (change,) = [c for c in history["changes"] if c["cause"] == "profile"]
    assert change["new"] == [
        "lives_at_registered_residence",
        "disability_certificate",
        "household",
        "living",
        "help",
    ]
    # The same profile again changes nothing: no history row.
    client.put("/elders/E001/profile", json=PROFILE, headers=people["district"])
    history = client.get("/elders/E001/history", headers=people["district"]).json()
    assert len([c for c in history["changes"] if c["cause"] == "profile"]) == 1


def test_a_bad_profile_is_422_naming_the_field_and_others_get_404(
    client: TestClient, people: dict[str, Headers]
) -> None:
    head = PROFILE["household"][0]
    for change, location in (
        (
            {"household": [{**head, "id_number": "370112194005120014"}]},
            ["household", "0", "id_number"],
        ),
        ({"household": [{**head, "relation": "pet"}]}, ["household", "0", "relation"]),
        ({"household": [head, head]}, ["household"]),
        ({"living": {"monthly_income_yuan": -5}}, ["living", "monthly_income_yuan"]),
        ({"help": {"helpers": ["aliens"]}}, ["help", "helpers", "0"]),
        ({"hobby": "chess"}, ["hobby"]),
    ):
        answer = client.put(
            "/elders/E001/profile", json={**PROFILE, **change}, headers=people["v01"]
        )
        assert answer.status_code == 422, (change, answer.text)
        locations = [[str(p) for p in error["location"]] for error in answer.json()["errors"]]
        assert ["body", *location] in locations, (change, locations)
        assert "370112194005120014" not in answer.text
    assert (
        client.put("/elders/E003/profile", json=PROFILE, headers=people["v01"]).status_code == 404
    )
    assert client.get("/elders/E001/profile", headers=people["beiyuan"]).status_code == 404
    assert (
        client.put("/elders/E001/profile", json=PROFILE, headers=people["audit"]).status_code == 403
    )
