"""``GET /elders/{elder_id}``: masked for visitors (only elders they are sent to) and
auditors; in full for coordinators of the elder's town, each such read written to the audit
log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.service.access import visible_elder
from api.service.clock import china_today
from api.service.codec import to_json
from api.service.db import transaction
from api.service.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from api.service.elder_history import history_of, tiers_on
from api.service.record_schema import VisitRecordPublic
from api.service.record_views import public_record
from api.service.records_store import elders_records
from api.service.store import audit
from planner.io.words import label
from planner.model import Elder
from planner.policy import Policy, classify
from planner.privacy import mask_name, mask_phone
from planner.programme import ProgrammeFlag, programme_flags

router = APIRouter(prefix="/elders", tags=["elders"])


class ElderFlag(BaseModel):
    kind: str
    words: str


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
    visit_consent: str | None = None
    """home, calls_only or none; null: not yet asked."""
    consent_given_by: str | None = None
    consent_date: date | None = None
    flags: list[ElderFlag] = []
    """What the coordinator should look at: outside the notice's groups, ability to assess
    again, visits refused, consent not yet asked."""
    masked: bool = True
    facts: dict[str, Any] | None = None
    """Every fact as imported (coordinators of the town only; ``masked`` is then false)."""


class FactChangePublic(BaseModel):
    """A dated change of the elder's facts and what caused it."""

    day: date
    fact: str
    """An elders column, a status (``deceased``...), or ``added`` (first imported)."""
    old: Any
    new: Any
    tier_before: str | None
    tier_after: str | None
    cause: str
    """``record`` (``record_id`` says which) or ``import``."""
    record_id: uuid.UUID | None
    by: str
    at: datetime


class ElderHistoryPublic(BaseModel):
    elder_id: str
    tier: str
    """In force today."""
    changes: list[FactChangePublic]


@router.get("/{elder_id}/history", responses={401: {}, 404: {}})
def elder_history(
    elder_id: IdPath,
    user: CurrentUser,
    db: SessionDep,
    found: ServicesDep,
    on: Annotated[date | None, Query(description="the tier in force on this day")] = None,
) -> ElderHistoryPublic:
    """Every dated change of the elder's facts and tier, oldest first; ``?on=`` gives the tier
    in force on that day instead of today."""
    subject = visible_elder(db, user, elder_id)
    rows = history_of(db, elder_id)
    tier = tiers_on(subject, rows, found.policy, on or china_today())
    return ElderHistoryPublic(
        elder_id=elder_id,
        tier=tier.value,
        changes=[
            FactChangePublic(
                day=row.day,
                fact=row.fact,
                old=row.old,
                new=row.new,
                tier_before=row.tier_before,
                tier_after=row.tier_after,
                cause=row.cause,
                record_id=row.record_id,
                by=row.username,
                at=row.at,
            )
            for row in rows
        ],
    )


@router.get("/{elder_id}/records", responses={401: {}, 404: {}})
def elder_records(elder_id: IdPath, user: CurrentUser, db: SessionDep) -> list[VisitRecordPublic]:
    """The elder's visit records, oldest first: a visitor reads those of the elders they are
    sent to (by any visitor), so that a visit starts where the last one ended."""
    visible_elder(db, user, elder_id)
    return [public_record(row) for row in elders_records(db, elder_id)]


@router.get("/{elder_id}", responses={401: {}, 404: {}})
def elder(elder_id: IdPath, user: CurrentUser, db: SessionDep, found: ServicesDep) -> ElderPublic:
    subject = visible_elder(db, user, elder_id)
    policy = found.policy
    if not user.is_coordinator:
        return _masked(subject, policy, found.settings.lang)
    with transaction(found.sessions) as session:
        audit(session, user.username, "read_personal_data", f"elder {elder_id}")
    public = _masked(subject, policy, found.settings.lang)
    return public.model_copy(
        update={
            "name": subject.name,
            "phone": subject.phone,
            "emergency_contact": subject.emergency_contact,
            "emergency_phone": subject.emergency_phone,
            "masked": False,
            "facts": to_json(subject),
        }
    )


def _flags(subject: Elder, policy: Policy, lang: str) -> list[ElderFlag]:
    found = [flag.kind for flag in programme_flags(subject, policy)]
    if subject.visit_consent is None:
        found.append(ProgrammeFlag.CONSENT_NOT_ASKED)
    return [ElderFlag(kind=kind, words=label("flag", kind, lang)) for kind in found]


def _masked(subject: Elder, policy: Policy, lang: str) -> ElderPublic:
    today = china_today()
    age = subject.age_on(today) if subject.birth_date or subject.stated_age else None
    return ElderPublic(
        elder_id=subject.elder_id,
        name=mask_name(subject.name),
        town=subject.town,
        village=subject.village,
        address=subject.address,
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
        visit_consent=subject.visit_consent,
        consent_given_by=subject.consent_given_by,
        consent_date=subject.consent_date,
        flags=_flags(subject, policy, lang),
    )
