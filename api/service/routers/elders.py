"""``GET /elders/{elder_id}``: masked for visitors (only elders they are sent to) and
auditors; in full for coordinators of the elder's town, each such read written to the audit
log."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from api.service.access import visible_elder
from api.service.codec import to_json
from api.service.db import writing
from api.service.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from api.service.store import audit
from planner.model import Elder
from planner.policy import Policy, classify
from planner.privacy import mask_name, mask_personal_numbers, mask_phone

router = APIRouter(prefix="/elders", tags=["elders"])


class ElderPublic(BaseModel):
    """What a visitor may know of an elder they visit: personal data masked."""

    elder_id: str
    name: str
    town: str
    village: str
    address: str | None
    age: int | None
    tier: str
    phone: str | None
    lives_alone: bool
    home_visit_consent: bool
    time_windows: list[str]
    emergency_contact: str | None
    emergency_phone: str | None
    masked: bool = True
    facts: dict[str, Any] | None = None
    """Every fact as imported (coordinators of the town only; ``masked`` is then false)."""


@router.get("/{elder_id}", responses={401: {}, 404: {}})
def elder(elder_id: IdPath, user: CurrentUser, db: SessionDep, found: ServicesDep) -> ElderPublic:
    subject = visible_elder(db, user, elder_id)
    policy = found.policy
    if not user.is_coordinator:
        return _masked(subject, policy)
    with writing(db):
        audit(db, user.username, "read_personal_data", f"elder {elder_id}")
    public = _masked(subject, policy)
    return public.model_copy(
        update={
            "name": subject.name,
            "address": subject.address,
            "phone": subject.phone,
            "emergency_contact": subject.emergency_contact,
            "emergency_phone": subject.emergency_phone,
            "masked": False,
            "facts": to_json(subject),
        }
    )


def _masked(subject: Elder, policy: Policy) -> ElderPublic:
    today = date.today()
    age = subject.age_on(today) if subject.birth_date or subject.stated_age else None
    return ElderPublic(
        elder_id=subject.elder_id,
        name=mask_name(subject.name),
        town=subject.town,
        village=subject.village,
        address=mask_personal_numbers(subject.address) if subject.address else None,
        age=age,
        tier=classify(subject, policy, today).tier.value,
        phone=mask_phone(subject.phone) if subject.phone else None,
        lives_alone=subject.lives_alone,
        home_visit_consent=subject.home_visit_consent,
        time_windows=[str(window) for window in subject.time_windows],
        emergency_contact=mask_name(subject.emergency_contact)
        if subject.emergency_contact
        else None,
        emergency_phone=mask_phone(subject.emergency_phone) if subject.emergency_phone else None,
    )
