"""``GET|PUT /elders/{elder_id}/profile``: sections 一-四 of the elder's record form (living at
the registered residence, disability certificate, household members, living conditions, help
received), which belong to the elder, not to a visit.

A town's coordinator, or a visitor sent to the elder, fills it in; each change is audited and
kept in the elder's history (which sections changed, not their personal data). Coordinators
read it in full (audited); visitors and auditors read names and numbers masked.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.service.access import visible_elder
from api.service.clock import china_today, utcnow
from api.service.codec import from_json, to_json
from api.service.db import writing
from api.service.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from api.service.models import ElderHistoryRow, ElderProfileRow
from api.service.problems import ProblemError
from api.service.record_schema import record_problem
from api.service.store import audit
from api.service.text import LongText, Text
from planner.io.ids import parse_id_number
from planner.policy import classify
from planner.privacy import mask_id_number, mask_name, mask_personal_numbers
from planner.records import (
    Assistance,
    ElderProfile,
    HelperKind,
    HelpReceived,
    HouseholdMember,
    LivingConditions,
    RecordError,
    Relation,
    Sex,
)

router = APIRouter(prefix="/elders", tags=["elders"])

PROFILE = "profile"
Yuan = Annotated[int, Field(ge=0, le=10_000_000)]


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HouseholdMemberIn(_Form):
    """A row of section 二; the resident ID number is checked (GB 11643) by ``to_domain``, so
    that the answer, which holds it masked, is this model too."""

    name: Text
    relation: Relation
    sex: Sex | None = None
    id_number: Text | None = None
    health: Text = ""
    assistance: Assistance = Assistance.NONE


class LivingIn(_Form):
    safe_drinking_water: bool | None = None
    safe_electricity: bool | None = None
    safe_housing: bool | None = None
    monthly_income_yuan: Yuan | None = None
    monthly_benefits_yuan: Yuan | None = None
    benefits_note: LongText = ""


class HelpIn(_Form):
    helpers: list[HelperKind] = Field(default_factory=list, max_length=len(HelperKind))
    responsible_person: Text = ""
    measures: LongText = ""


class ProfileIn(_Form):
    """Sections 一-四 of the form, beyond the elders table's columns."""

    lives_at_registered_residence: bool | None = None
    disability_certificate: Text = ""
    household: list[HouseholdMemberIn] = Field(default_factory=list, max_length=30)
    living: LivingIn = Field(default_factory=LivingIn)
    help: HelpIn = Field(default_factory=HelpIn)

    def to_domain(self, elder_id: str) -> ElderProfile:
        try:
            return ElderProfile(
                elder_id=elder_id,
                lives_at_registered_residence=self.lives_at_registered_residence,
                disability_certificate=self.disability_certificate,
                household=tuple(_member(n, m) for n, m in enumerate(self.household)),
                living=LivingConditions(**self.living.model_dump()),
                help=HelpReceived(
                    tuple(self.help.helpers), self.help.responsible_person, self.help.measures
                ),
            )
        except RecordError as error:
            raise record_problem(error) from None


def _member(number: int, member: HouseholdMemberIn) -> HouseholdMember:
    id_number = None
    if member.id_number:
        try:
            id_number = parse_id_number(member.id_number)
        except ValueError as error:
            raise RecordError(f"household.{number}.id_number", str(error)) from None
    return HouseholdMember(**{**member.model_dump(), "id_number": id_number})


class ProfilePublic(ProfileIn):
    elder_id: str
    masked: bool
    updated_by: str | None = None
    updated_on: date | None = None


def _public(profile: ElderProfile, *, masked: bool) -> ElderProfile:
    """Names and personal numbers masked, free text's numbers too."""
    if not masked:
        return profile
    certificate = profile.disability_certificate
    return replace(
        profile,
        disability_certificate=mask_id_number(certificate) if certificate else "",
        household=tuple(
            replace(
                member,
                name=mask_name(member.name),
                id_number=mask_id_number(member.id_number) if member.id_number else None,
            )
            for member in profile.household
        ),
        living=replace(
            profile.living, benefits_note=mask_personal_numbers(profile.living.benefits_note)
        ),
        help=replace(
            profile.help,
            responsible_person=mask_name(profile.help.responsible_person)
            if profile.help.responsible_person
            else "",
            measures=mask_personal_numbers(profile.help.measures),
        ),
    )


def _answer(profile: ElderProfile, row: ElderProfileRow | None, *, masked: bool) -> ProfilePublic:
    data = to_json(_public(profile, masked=masked))
    return ProfilePublic(
        **data,
        masked=masked,
        updated_by=None if row is None else row.updated_by,
        updated_on=None if row is None else row.updated_at.date(),
    )


@router.get("/{elder_id}/profile", responses={401: {}, 404: {}})
def read_profile(
    elder_id: IdPath, user: CurrentUser, db: SessionDep, found: ServicesDep
) -> ProfilePublic:
    visible_elder(db, user, elder_id)
    row = db.get(ElderProfileRow, elder_id)
    profile = ElderProfile(elder_id) if row is None else from_json(ElderProfile, row.profile)
    if user.is_coordinator:
        with writing(db):
            audit(db, user.username, "read_personal_data", f"elder {elder_id} profile")
    return _answer(profile, row, masked=not user.is_coordinator)


@router.put("/{elder_id}/profile", responses={401: {}, 403: {}, 404: {}, 422: {}})
def write_profile(
    elder_id: IdPath,
    body: ProfileIn,
    user: CurrentUser,
    db: SessionDep,
    found: ServicesDep,
) -> ProfilePublic:
    """Replace the elder's profile; the sections that changed are kept in the history."""
    if user.is_auditor:
        raise ProblemError(403, "auditors read, they do not write profiles")
    profile = body.to_domain(elder_id)
    with writing(db) as session:
        elder = visible_elder(session, user, elder_id)
        row = session.get(ElderProfileRow, elder_id)
        before = ElderProfile(elder_id) if row is None else from_json(ElderProfile, row.profile)
        changed = [
            name
            for name in (
                "lives_at_registered_residence",
                "disability_certificate",
                "household",
                "living",
                "help",
            )
            if getattr(before, name) != getattr(profile, name)
        ]
        now = utcnow()
        if row is None:
            row = ElderProfileRow(
                elder_id=elder_id,
                town=elder.town,
                profile={},
                updated_by=user.username,
                updated_at=now,
            )
            session.add(row)
        row.profile, row.town, row.updated_by, row.updated_at = (
            to_json(profile),
            elder.town,
            user.username,
            now,
        )
        if changed:
            tier = classify(elder, found.policy, china_today()).tier.value
            session.add(
                ElderHistoryRow(
                    elder_id=elder_id,
                    town=elder.town,
                    day=china_today(),
                    fact=PROFILE,
                    old=None,
                    new=changed,
                    tier_before=tier,
                    tier_after=tier,
                    cause=PROFILE,
                    record_id=None,
                    username=user.username,
                    at=now,
                )
            )
        audit(session, user.username, "write_profile", f"elder {elder_id}: {', '.join(changed)}")
        return _answer(profile, row, masked=not user.is_coordinator)
