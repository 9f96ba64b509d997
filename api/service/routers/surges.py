"""``GET /plans/{id}/changes``: a surge re-plan's differences from the plan it started from,
as ``changes.csv``'s rows (``visitor_id, elder_id, change, from_date, from_visitor,
from_arrival, to_date, to_visitor, to_arrival, reason``). A plan made from the tables has none.
A town's coordinator sees the rows of their town's elders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from api.service.deps import Reader, RowId, SessionDep
from api.service.models import ElderRow
from api.service.routers.plans import finished_plan

router = APIRouter(prefix="/plans", tags=["plans"])


@router.get("/{plan_id}/changes", responses={401: {}, 403: {}, 404: {}, 409: {}})
def changes(plan_id: RowId, user: Reader, db: SessionDep) -> list[dict[str, Any]]:
    plan = finished_plan(db, user, plan_id)
    rows: list[dict[str, Any]] = list((plan.details or {}).get("changes", []))
    if user.town is None or plan.town == user.town:
        return rows
    mine = set(db.scalars(select(ElderRow.elder_id).where(ElderRow.town == user.town)))
    return [row for row in rows if row["elder_id"] in mine]
