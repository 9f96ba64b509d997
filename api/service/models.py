"""The database tables, as SQLAlchemy 2 typed ORM classes.

Elders and visitors keep the validated planner object as JSON (``facts``: what the planner
reads back, whatever fields it grows) beside the indexed columns the service queries by.
Towns are implicit: a text column of the rows that belong to one. A plan is also the job the
worker runs (``status``); its visits, unassigned visits and routes are written with it in one
transaction when it is done. Visit records are never deleted: a re-import of a town replaces
its elders and visitors, not what was recorded.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class ElderRow(Base):
    __tablename__ = "elders"

    elder_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    village: Mapped[str] = mapped_column(String(200))
    facts: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime]


class VisitorRow(Base):
    __tablename__ = "visitors"

    visitor_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    facts: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime]


class HistoryRow(Base):
    """A visit made, from an imported history table (recorded visits are ``VisitRecord``)."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    day: Mapped[date]
    elder_id: Mapped[str] = mapped_column(String(64), index=True)
    visitor_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(16))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(400))
    role: Mapped[str] = mapped_column(String(20))
    town: Mapped[str | None] = mapped_column(String(200))
    """A coordinator's town; None: the whole district."""
    visitor_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    token_stamp: Mapped[str] = mapped_column(String(32))
    """Random per account; a token is good only while it carries the account's current stamp
    (a new password, a logout or a disabling draws a new one)."""
    disabled: Mapped[bool] = mapped_column(default=False)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(index=True)
    town: Mapped[str | None] = mapped_column(String(200))
    """The town planned; None: every town."""
    status: Mapped[str] = mapped_column(String(16), index=True)
    """queued, running, done or failed."""
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    worker: Mapped[str | None] = mapped_column(String(200))
    """The worker planning it, ``host:pid``."""
    heartbeat_at: Mapped[datetime | None]
    """When that worker last said it was still planning (``plan_store.fail_abandoned``)."""
    error: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    """What the roster workbook needs besides the rows: the elders and visitors planned,
    tiers, due visits, flags and warnings (planner objects as JSON). Deferred: it holds the
    whole town, and the visitors' pages, the most frequent reads, never need it."""
    version: Mapped[int] = mapped_column(default=1)
    """Raised by every edit: the plan's ETag."""
    job: Mapped[str] = mapped_column(String(16), default="plan", server_default="plan")
    """``plan``: a week planned from the tables; ``surge``: a re-plan of ``base_plan_id`` for
    the alarms in ``surge`` (a record's major event), by ``planner.usecases.replan.replan_week``."""
    base_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    surge: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class PlannedVisitRow(Base):
    __tablename__ = "planned_visits"
    __table_args__ = (Index("ix_planned_visits_plan_visitor_day", "plan_id", "visitor_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    town: Mapped[str] = mapped_column(String(200))
    day: Mapped[date]
    visitor_id: Mapped[str] = mapped_column(String(64))
    elder_id: Mapped[str] = mapped_column(String(64), index=True)
    sequence: Mapped[int]
    facts: Mapped[dict[str, Any]]
    """The planner's ``PlannedVisit`` as JSON."""


class UnassignedVisitRow(Base):
    __tablename__ = "unassigned_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    town: Mapped[str] = mapped_column(String(200))
    elder_id: Mapped[str] = mapped_column(String(64))
    due_by: Mapped[date]
    reason_zh: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    facts: Mapped[dict[str, Any]]
    """The planner's ``UnassignedVisit`` (with its reason code and facts) as JSON."""


class DayRouteRow(Base):
    __tablename__ = "day_routes"
    __table_args__ = (UniqueConstraint("plan_id", "visitor_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    visitor_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date]
    path: Mapped[list[Any]]
    elder_ids: Mapped[list[Any]]
    km: Mapped[float]
    minutes: Mapped[int]


class VisitRecord(Base):
    """A visit a visitor recorded (``PUT /visits/{uuid}``); counts in the next plan's history
    with its ``reason``.

    The notice's form (``planner.records``): ``observations`` is section 五 (JSON of
    ``Observations``), ``facts`` what the visit found changed, ``care_services`` section 六;
    ``hazards`` the hazard codes found, ``;``-joined, so that records can be filtered by them.
    ``details`` keeps the topics covered and what a record carries besides the form."""

    __tablename__ = "visit_records"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    day: Mapped[date]
    elder_id: Mapped[str] = mapped_column(String(64), index=True)
    visitor_id: Mapped[str] = mapped_column(String(64), index=True)
    mode: Mapped[str] = mapped_column(String(16))
    duration_minutes: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]]
    recorded_by: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(16), default="regular")
    town: Mapped[str] = mapped_column(String(200), index=True, default="")
    """The elder's town and village when the visit was recorded: who may read it."""
    village: Mapped[str] = mapped_column(String(200), default="")
    number_in_year: Mapped[int] = mapped_column(default=1)
    """第 n 次: the elder's visit of the year this is."""
    observations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    event: Mapped[str | None] = mapped_column(String(32))
    care_services: Mapped[list[Any]] = mapped_column(JSON, default=list)
    signatures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hazards: Mapped[str] = mapped_column(String(200), default="")


class ElderProfileRow(Base):
    """Sections 一-四 of the elder's record form beyond the elders table (``ElderProfile`` as
    JSON): kept apart from ``elders`` so that a re-import of the ledger leaves them."""

    __tablename__ = "elder_profiles"

    elder_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    profile: Mapped[dict[str, Any]]
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime]


class ElderHistoryRow(Base):
    """A dated change of an elder's facts and what caused it (a record, an import), with the
    tier before and after: who was key in March can be told afterwards."""

    __tablename__ = "elder_history"
    __table_args__ = (Index("ix_elder_history_elder_day", "elder_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[str] = mapped_column(String(64))
    town: Mapped[str] = mapped_column(String(200), index=True)
    day: Mapped[date]
    """The day the change holds from (the visit's date, the import's day)."""
    fact: Mapped[str] = mapped_column(String(40))
    """An elders column (``bedridden``), a status (``deceased``), or ``added``/``removed``."""
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    tier_before: Mapped[str | None] = mapped_column(String(16))
    tier_after: Mapped[str | None] = mapped_column(String(16))
    cause: Mapped[str] = mapped_column(String(16))
    """``record`` or ``import``."""
    record_id: Mapped[uuid.UUID | None]
    username: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]


class AuditEntry(Base):
    """Who read unmasked personal data or changed something, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    object: Mapped[str] = mapped_column(Text)


class ElderStatusRow(Base):
    """An elder away for a while (a pause: hospital, with_family, other; ``end_day`` None:
    until further notice) or for good (an ending: deceased, moved_away, from ``start_day``):
    ``planner.elder_status``. Plans read them; nothing is planned on a day away."""

    __tablename__ = "elder_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[str] = mapped_column(String(64), index=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    start_day: Mapped[date]
    end_day: Mapped[date | None]
    kind: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class VisitorAbsenceRow(Base):
    """A visitor's leave (``planner.absences``): days the plan gives them no visits."""

    __tablename__ = "visitor_absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    visitor_id: Mapped[str] = mapped_column(String(64), index=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    start_day: Mapped[date]
    end_day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class FollowUpRow(Base):
    """A follow-up a record opened (``planner.followups``), open until a care-service record
    (section 六) with the elder's satisfaction closes it."""

    __tablename__ = "followups"

    id: Mapped[int] = mapped_column(primary_key=True)
    elder_id: Mapped[str] = mapped_column(String(64), index=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(32))
    opened_on: Mapped[date]
    due_by: Mapped[date]
    status: Mapped[str] = mapped_column(String(8), index=True)
    opened_by_record: Mapped[uuid.UUID]
    closed_by_record: Mapped[uuid.UUID | None]
    closed_on: Mapped[date | None]
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime]


class VisitProof(Base):
    """When a record was saved on the phone and, with the visitor's consent, where; a photo
    (拍照留痕, EXIF removed). Shown to the town's coordinators, never published."""

    __tablename__ = "visit_proofs"

    record_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visit_records.id", ondelete="CASCADE"), primary_key=True
    )
    saved_at: Mapped[datetime | None]
    """When the phone saved the record (its clock, sent with the record)."""
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    accuracy_m: Mapped[float | None]
    distance_m: Mapped[int | None]
    """From the elder's home, for a home visit with a location."""
    far_from_home: Mapped[bool] = mapped_column(default=False, index=True)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_type: Mapped[str | None] = mapped_column(String(16))
    """``image/jpeg`` or ``image/png``."""
    updated_at: Mapped[datetime]


class SpotCheck(Base):
    """A visit drawn for the coordinator to call back, and what the call found."""

    __tablename__ = "spot_checks"
    __table_args__ = (UniqueConstraint("week", "record_id", name="uq_spot_checks_week_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[date] = mapped_column(index=True)
    town: Mapped[str] = mapped_column(String(200), index=True)
    record_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit_records.id"))
    outcome: Mapped[str | None] = mapped_column(String(16))
    """``confirmed``, ``not_confirmed`` or ``unreachable``; None: not yet called."""
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by: Mapped[str | None] = mapped_column(String(100))
    checked_at: Mapped[datetime | None]
