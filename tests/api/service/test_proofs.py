"""Proof of a recorded visit: the time and place it was saved (a home visit far from the home
is flagged for the coordinator), a photo kept without EXIF, shown to the town's coordinators
only (audited)."""

from __future__ import annotations

import io
import uuid
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from api.service.models import AuditEntry
from api.service.settings import Settings
from tests.api.service.conftest import login, make_user
from tests.api.service.reading import database_session
from tests.api.service.test_records import FULL, Headers, people, put
from tests.planner.io.test_photos import GPS_IFD, jpeg_with_gps

__all__ = ["people"]  # the fixture, used by name
HOME = {"lat": 36.6512, "lon": 117.0201}  # E001's home (tests/data/tables/elders_good.csv)


def recorded(client: TestClient, people: dict[str, Headers], **changes: Any) -> uuid.UUID:
    record_id = uuid.uuid4()
    assert put(client, people["v01"], {**FULL, **changes}, record_id).status_code == 201
    return record_id


def test_a_home_visit_saved_far_from_home_is_listed_and_one_near_is_not(
    client: TestClient, people: dict[str, Headers]
) -> None:
    near, far = recorded(client, people), recorded(client, people, date="2024-05-29")
    at_home = {"saved_at": "2024-05-28T02:30:00Z", "location": {**HOME, "accuracy_m": 30}}
    answer = client.put(f"/visits/{near}/proof", json=at_home, headers=people["v01"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["far_from_home"] is False and answer.json()["distance_m"] == 0
    away = {"location": {"lat": HOME["lat"] + 0.01, "lon": HOME["lon"]}}  # about 1.1 km north
    answer = client.put(f"/visits/{far}/proof", json=away, headers=people["v01"])
    assert answer.json()["far_from_home"] is True and 1000 < answer.json()["distance_m"] < 1200
    listed = client.get("/proofs/far-from-home?month=2024-05", headers=people["district"]).json()
    assert [(r["record_id"], r["elder_id"]) for r in listed] == [(str(far), "E001")]
    assert client.get("/proofs/far-from-home?month=2024-05", headers=people["beiyuan"]).json() == []
    assert (
        client.get("/proofs/far-from-home?month=2024-05", headers=people["v01"]).status_code == 403
    )
    assert (
        client.get("/proofs/far-from-home?month=2024-13", headers=people["district"]).status_code
        == 422
    )


def test_a_call_has_no_home_to_be_far_from_and_no_location_is_no_flag(
    client: TestClient, people: dict[str, Headers]
) -> None:
    call = recorded(client, people, mode="phone", observations={}, care_services=[])
    away = {"location": {"lat": HOME["lat"] + 0.05, "lon": HOME["lon"]}}
    assert (
        client.put(f"/visits/{call}/proof", json=away, headers=people["v01"]).json()[
            "far_from_home"
        ]
        is False
    )
    home = recorded(client, people, date="2024-05-29")
    answer = client.put(f"/visits/{home}/proof", json={"saved_at": None}, headers=people["v01"])
    assert answer.json()["distance_m"] is None and answer.json()["far_from_home"] is False


def test_only_the_records_visitor_sends_its_proof_and_bad_values_are_422(
    client: TestClient, people: dict[str, Headers]
) -> None:
    record_id = recorded(client, people)
    for who in ("v04", "district"):
        answer = client.put(f"/visits/{record_id}/proof", json={}, headers=people[who])
        assert answer.status_code in (403, 404)
    assert (
        client.put(f"/visits/{uuid.uuid4()}/proof", json={}, headers=people["v01"]).status_code
        == 404
    )
    for bad in (
        {"location": {"lat": 91, "lon": 0}},
        {"where": "home"},
        {"saved_at": "0001-01-01T00:00:00+01:00"},
    ):
        answer = client.put(f"/visits/{record_id}/proof", json=bad, headers=people["v01"])
        assert answer.status_code == 422


def test_a_photo_is_kept_without_exif_and_shown_to_the_towns_coordinator_only(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    record_id = recorded(client, people)
    url = f"/visits/{record_id}/photo"
    answer = client.put(
        url, content=jpeg_with_gps(), headers={**people["v01"], "Content-Type": "image/jpeg"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["has_photo"] is True
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    shown = client.get(url, headers=login(client, "chengguan"))
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    assert shown.headers["cache-control"] == "private, no-store"
    assert not Image.open(io.BytesIO(shown.content)).getexif().get_ifd(GPS_IFD)
    for who in ("v01", "audit", "beiyuan"):
        assert client.get(url, headers=people[who]).status_code == 404
    with database_session(settings) as session:
        reads = session.scalars(
            select(AuditEntry.username).where(AuditEntry.action == "read_visit_photo")
        ).all()
    assert reads == ["chengguan"]


def test_what_is_not_a_photo_or_too_big_is_refused(
    client: TestClient, people: dict[str, Headers]
) -> None:
    record_id = recorded(client, people)
    url = f"/visits/{record_id}/photo"
    gif = client.put(url, content=b"GIF89a" + b"\0" * 64, headers=people["v01"])
    assert gif.status_code == 415 and "JPEG or PNG" in gif.text
    huge = client.put(
        url, content=b"\xff\xd8\xff" + b"\0" * (9 * 1024 * 1024), headers=people["v01"]
    )
    assert huge.status_code == 413
    assert client.get(url, headers=people["district"]).status_code == 404  # nothing kept
    other = client.put(url, content=jpeg_with_gps(), headers=people["v04"])
    assert other.status_code == 404
