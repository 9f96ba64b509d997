"""Who may see which visitor, elder and plan: the one place the refusals are decided.

A visitor sees only their own visitor_id and the elders of their own planned visits; a town's
coordinator only that town; everything else answers 404, as if it did not exist, so that
nobody learns what others hold.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.deps import Principal
from api.service.models import PlannedVisitRow, PlanRow
from api.service.plan_store import DONE
from api.service.problems import not_found
from api.service.store import stored_elder, stored_visitor
from planner.model import Elder, Visitor


def visible_visitor(db: Session, user: Principal, visitor_id: str) -> Visitor:
    if user.is_visitor and user.visitor_id != visitor_id:
        raise not_found(f"visitor {visitor_id}")
    visitor = stored_visitor(db, visitor_id)
    if visitor is None or not (user.is_visitor or user.sees_town(visitor.town)):
        raise not_found(f"visitor {visitor_id}")
    return visitor


def visits_elder(db: Session, visitor_id: str, elder_id: str) -> bool:
    """Whether a finished plan sends this visitor to this elder."""
    query = (
        select(PlannedVisitRow.id)
        .join(PlanRow, PlanRow.id == PlannedVisitRow.plan_id)
        .where(
            PlanRow.status == DONE,
            PlannedVisitRow.visitor_id == visitor_id,
            PlannedVisitRow.elder_id == elder_id,
        )
        .limit(1)
    )
    return db.scalars(query).first() is not None


def visible_elder(db: Session, user: Principal, elder_id: str) -> Elder:
    elder = stored_elder(db, elder_id)
    if elder is None:
        raise not_found(f"elder {elder_id}")
    if user.is_visitor:
        if user.visitor_id is None or not visits_elder(db, user.visitor_id, elder_id):
            raise not_found(f"elder {elder_id}")
    elif not user.sees_town(elder.town):
        raise not_found(f"elder {elder_id}")
    return elder
