"""The weekly spot checks: a sample of the visits recorded, drawn once per week and town and
kept (5 %, at least 3), answered by the coordinator; others see none."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service.models import AuditEntry
from api.service.settings import Settings
from tests.api.service.reading import database_session
from tests.api.service.test_records import FULL, Headers, people, put

__all__ = ["people"]  # the fixture, used by name
WEEK = date(2024, 5, 27)


def record_days(client: TestClient, people: dict[str, Headers], days: int) -> None:
    for offset in range(days):
        day = (WEEK + timedelta(days=offset)).isoformat()
        answer = put(client, people["v01"], {**FULL, "date": day}, uuid.uuid4())
        assert answer.status_code == 201, answer.text


def test_the_sample_is_drawn_once_and_answered(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    record_days(client, people, 5)
    first = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["district"]
    )
    assert first.status_code == 200, first.text
    checks = first.json()
    assert len(checks) == 3  # 5 % of 5 visits is less than the minimum of 3
    assert {check["town"] for check in checks} == {"城关镇"}
    assert checks[0]["elder_name"] == "张三丰" and checks[0]["elder_phone"] == "13812345678"
    sunday = {**FULL, "date": (WEEK + timedelta(days=6)).isoformat()}
    assert put(client, people["v01"], sunday, uuid.uuid4()).status_code == 201  # after the draw
    again = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["district"]
    )
    assert [c["record_id"] for c in again.json()] == [c["record_id"] for c in checks]
    answer = client.put(
        f"/spot-checks/{checks[0]['id']}",
        json={"outcome": "not_confirmed", "note": "老人说那天没人来"},
        headers=people["district"],
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] == "not_confirmed"
    assert answer.json()["checked_by"] == "district"
    listed = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["district"]
    )
    assert listed.json()[0]["note"] == "老人说那天没人来"
    with database_session(settings) as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {"read_spot_checks", "answer_spot_check"} <= actions


def test_a_week_without_visits_has_no_sample_and_others_see_nothing(
    client: TestClient, people: dict[str, Headers]
) -> None:
    record_days(client, people, 4)
    quiet = client.get("/spot-checks", params={"week": "2024-06-03"}, headers=people["district"])
    assert quiet.json() == []
    other_town = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["beiyuan"]
    )
    assert other_town.json() == []
    assert (
        client.get(
            "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["v01"]
        ).status_code
        == 403
    )
    checks = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["district"]
    ).json()
    answer = client.put(
        f"/spot-checks/{checks[0]['id']}", json={"outcome": "confirmed"}, headers=people["beiyuan"]
    )
    assert answer.status_code == 404


def test_bad_weeks_and_answers_are_422(client: TestClient, people: dict[str, Headers]) -> None:
    assert client.get("/spot-checks?week=2024-05-28", headers=people["district"]).status_code == 422
    assert client.get("/spot-checks?week=soon", headers=people["district"]).status_code == 422
    # The last Monday there is: its Sunday would be past the calendar's end.
    assert client.get("/spot-checks?week=9999-12-27", headers=people["district"]).status_code == 422
    record_days(client, people, 3)
    checks = client.get(
        "/spot-checks", params={"week": WEEK.isoformat()}, headers=people["district"]
    ).json()
    url = f"/spot-checks/{checks[0]['id']}"
    assert client.put(url, json={"outcome": "maybe"}, headers=people["district"]).status_code == 422
    assert (
        client.put(
            "/spot-checks/999999", json={"outcome": "confirmed"}, headers=people["district"]
        ).status_code
        == 404
    )
