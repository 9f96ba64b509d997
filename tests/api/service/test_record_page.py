"""The record form as the service serves it (/me/visits/{id}/record): the planned visit's own
uuid, and the last visit's hazards and needs on top, masked."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.service.codec import from_json
from api.service.models import PlannedVisitRow
from api.service.settings import Settings
from maps.visitor_forms import planned_record_uuid
from planner.model import PlannedVisit
from tests.api.service.reading import database_session
from tests.api.service.test_hostile import _cookie
from tests.api.service.test_records import FULL, Headers, people, put

__all__ = ["people"]  # the fixture, used by name


def test_the_form_starts_where_the_last_visit_ended(
    client: TestClient, people: dict[str, Headers], settings: Settings
) -> None:
    monday = {
        **FULL,
        "date": "2024-05-27",
        "observations": {**FULL["observations"], "needs": "女儿电话13812345678"},
    }
    assert put(client, people["v01"], monday).status_code == 201
    with database_session(settings) as session:
        rows = session.scalars(
            select(PlannedVisitRow).where(
                PlannedVisitRow.visitor_id == "V01", PlannedVisitRow.elder_id == "E001"
            )
        ).all()
        later = [row for row in rows if str(row.day) > "2024-05-27"]
        assert later, "V01 is sent to E001 after the Monday"
        row_id, visit = later[0].id, from_json(PlannedVisit, later[0].facts)
    page = client.get(f"/me/visits/{row_id}/record", headers=_cookie(people["v01"]))
    assert page.status_code == 200
    last = page.text[page.text.index('id="vp-last"') : page.text.index('id="vp-record"')]
    assert "燃气不安全" in last and "消防不安全" in last and "照护" in last
    assert "138****5678" in last and "13812345678" not in page.text
    assert f'data-uuid="{planned_record_uuid(visit)}"' in page.text
    assert f'"/visits/{planned_record_uuid(visit)}"' in page.text
