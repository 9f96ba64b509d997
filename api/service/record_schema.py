"""The notice's record form in requests and answers (``PUT /visits/{uuid}``, ``GET /visits``).

Every box with fixed choices is the planner's enumeration (``planner.records``), every object
forbids keys it does not know: a misspelt field or choice is a 422 that names it. The rules
the form itself states (a serious illness names the disease; a confirmation says who gave it)
are the domain's, checked by building its objects (``to_entry``), and their ``RecordError``
answered as a 422 naming the field (``record_problem``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.service.problems import ProblemError
from api.service.text import LongText, Text
from planner.model import VisitMode, VisitReason
from planner.records import (
    MAX_HOUSEHOLD_CHANGE,
    CareService,
    Change,
    Confirmer,
    FactChange,
    Illness,
    MajorEvent,
    NeedKind,
    Observations,
    RecordError,
    Safety,
    Satisfaction,
    Signatures,
    VisitEntry,
)
from planner.visit_topics import Topic


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ObservationsIn(_Form):
    """Section 五: what the visit found; a box left out was not observed."""

    household_change: Annotated[int, Field(ge=-MAX_HOUSEHOLD_CHANGE, le=MAX_HOUSEHOLD_CHANGE)] = 0
    speech: Change | None = None
    mobility: Change | None = None
    illness: Illness | None = None
    illness_name: Text = ""
    mood: Change | None = None
    gas_safety: Safety | None = None
    water_heating_safety: Safety | None = None
    electricity_safety: Safety | None = None
    fire_safety: Safety | None = None
    personal_hygiene: Change | None = None
    household_hygiene: Change | None = None
    indoor_environment: Change | None = None
    needs: LongText = ""
    needs_kinds: list[NeedKind] = Field(default_factory=list, max_length=len(NeedKind))
    suggested_care: LongText = ""

    def to_domain(self) -> Observations:
        return Observations(**{**self.model_dump(), "needs_kinds": tuple(self.needs_kinds)})


class CareServiceIn(_Form):
    """Section 六: a care service given after the visit."""

    date: date
    done: LongText
    given_by: Text
    satisfaction: Satisfaction | None = None


class SignaturesIn(_Form):
    """The elder's confirmation of the record (the visitor signs by recording it)."""

    elder_confirmed: bool = False
    confirmed_by: Confirmer | None = None


FactCell = bool | int | str | None
"""A fact's value as the elders table's cell would hold it."""


class VisitRecorded(_Form):
    """A visit as recorded: the fields of the first form (date, elder, mode, duration, note,
    the services covered) and the notice's sections 五 and 六."""

    date: date
    elder_id: Text
    mode: VisitMode
    duration_minutes: Annotated[int, Field(ge=1, le=600)]
    note: LongText = ""
    topics: list[Topic] = Field(default_factory=list, max_length=len(Topic))
    """The services the visit covered (the form's ticks): the seven of the notice."""
    reason: VisitReason = VisitReason.REGULAR
    observations: ObservationsIn = Field(default_factory=ObservationsIn)
    facts: dict[Annotated[str, Field(max_length=40)], FactCell] = Field(
        default_factory=dict, max_length=20
    )
    """What the visit found changed, by the elders table's column names: ``{"bedridden": true}``."""
    event: MajorEvent | None = None
    care_services: list[CareServiceIn] = Field(default_factory=list, max_length=20)
    signatures: SignaturesIn = Field(default_factory=SignaturesIn)


class VisitRecordPublic(VisitRecorded):
    """A stored record, as its visitor, the town's coordinators and auditors read it."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    visitor_id: str
    town: str
    village: str
    number_in_year: int
    hazards: list[str]
    """The hazards found (``gas``, ``fire``...): each opens a follow-up."""


def to_entry(
    record: VisitRecorded,
    facts: tuple[FactChange, ...],
    *,
    visitor_id: str,
    username: str,
    number_in_year: int,
) -> tuple[VisitEntry, tuple[CareService, ...]]:
    """The domain's record, checked by the form's own rules."""
    entry = VisitEntry(
        elder_id=record.elder_id,
        number_in_year=number_in_year,
        day=record.date,
        mode=record.mode,
        signatures=Signatures(
            visitor_id,
            elder_confirmed=record.signatures.elder_confirmed,
            confirmed_by=record.signatures.confirmed_by,
            entered_by=username,
        ),
        observations=record.observations.to_domain(),
        facts=facts,
        event=record.event,
        reason=record.reason,
    )
    services = tuple(
        CareService(n, item.date, item.done, item.given_by, item.satisfaction)
        for n, item in enumerate(record.care_services, start=1)
    )
    return entry, services


def record_problem(error: RecordError) -> ProblemError:
    """A rule of the form broken: 422 naming the field, as pydantic's own answers do."""
    return field_problem(error.field.split("."), error.problem)


def field_problem(location: list[str], message: str) -> ProblemError:
    return ProblemError(
        422,
        "the request is not valid",
        errors=[{"location": ["body", *location], "message": message}],
    )
