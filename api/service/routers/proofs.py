"""Proof of a recorded visit (issue 19): when it was saved and, with the visitor's consent,
where (``PUT /visits/{uuid}/proof``), and a photo (``PUT /visits/{uuid}/photo``, 拍照留痕).

Only the record's own visitor sends them. The photo is shown to the coordinators of the
record's town (``GET /visits/{uuid}/photo``, each view audited) and never published; a home
visit saved farther from the elder's home than the policy allows is listed for them
(``GET /proofs/far-from-home``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.db import writing
from api.service.deps import (
    Coordinator,
    CurrentUser,
    Principal,
    ServicesDep,
    SessionDep,
    Visitor,
)
from api.service.models import VisitProof, VisitRecord
from api.service.problems import ProblemError, not_found
from api.service.record_views import month_span
from api.service.store import audit, stored_elder
from geo.crs import LonLat
from planner.io.photos import MAX_PHOTO_BYTES, PhotoError, clean_photo
from planner.model import VisitMode
from planner.proof import far_from_home

router = APIRouter(tags=["visits"])


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    accuracy_m: Annotated[float | None, Field(ge=0, le=100_000)] = None


class ProofIn(BaseModel):
    """When the phone saved the record, and where (only with the visitor's consent)."""

    model_config = ConfigDict(extra="forbid")

    saved_at: datetime | None = None
    location: Location | None = None

    @field_validator("saved_at")
    @classmethod
    def _this_century(cls, moment: datetime | None) -> datetime | None:
        if moment is not None and not 2000 <= moment.year <= 2100:
            raise ValueError("a time of this century, as the phone's clock gives it")
        return moment


class ProofPublic(BaseModel):
    record_id: uuid.UUID
    saved_at: datetime | None
    distance_m: int | None
    """From the elder's home (home visits with a location only)."""
    far_from_home: bool
    has_photo: bool


class FarRecord(BaseModel):
    record_id: uuid.UUID
    date: str
    elder_id: str
    visitor_id: str
    town: str
    village: str
    distance_m: int
    accuracy_m: float | None
    saved_at: datetime | None


def _own_record(db: Session, record_id: uuid.UUID, user: Principal) -> VisitRecord:
    row = db.get(VisitRecord, record_id)
    if row is None or row.visitor_id != user.visitor_id:
        raise not_found(f"visit record {record_id}")
    return row


def _proof(db: Session, record_id: uuid.UUID) -> VisitProof:
    proof = db.get(VisitProof, record_id)
    if proof is None:
        proof = VisitProof(record_id=record_id, far_from_home=False, updated_at=utcnow())
        db.add(proof)
    return proof


def _public(proof: VisitProof) -> ProofPublic:
    return ProofPublic(
        record_id=proof.record_id,
        saved_at=proof.saved_at,
        distance_m=proof.distance_m,
        far_from_home=proof.far_from_home,
        has_photo=proof.photo is not None,
    )


@router.put("/visits/{record_id}/proof", responses={401: {}, 403: {}, 404: {}, 422: {}})
def put_proof(
    record_id: uuid.UUID, proof_in: ProofIn, user: Visitor, db: SessionDep, found: ServicesDep
) -> ProofPublic:
    """The time the record was saved and the phone's location, when the visitor allowed it."""
    with writing(db) as session:
        row = _own_record(session, record_id, user)
        proof = _proof(session, record_id)
        proof.saved_at = None if proof_in.saved_at is None else _naive_utc(proof_in.saved_at)
        where = proof_in.location
        proof.lat, proof.lon = (None, None) if where is None else (where.lat, where.lon)
        proof.accuracy_m = None if where is None else where.accuracy_m
        proof.distance_m, proof.far_from_home = None, False
        elder = stored_elder(session, row.elder_id)
        if where is not None and elder is not None and row.mode == VisitMode.HOME.value:
            distance = far_from_home(
                elder.location, LonLat(where.lon, where.lat), found.policy.proof_max_distance_m
            )
            proof.distance_m, proof.far_from_home = distance.metres, distance.far
        proof.updated_at = utcnow()
        audit(session, user.username, "record_proof", f"record {record_id}")
        return _public(proof)


def _naive_utc(moment: datetime) -> datetime:
    """Stored as UTC without a zone, as every time in the database (a time without a zone is
    taken as UTC, as the page sends it: ``toISOString``)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


@router.put(
    "/visits/{record_id}/photo",
    responses={401: {}, 403: {}, 404: {}, 413: {}, 415: {}, 422: {}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"image/jpeg": {"schema": {}}, "image/png": {"schema": {}}},
        }
    },
)
async def put_photo(
    record_id: uuid.UUID, request: Request, user: Visitor, db: SessionDep
) -> ProofPublic:
    """The photo of the visit, as the request body (JPEG or PNG, at most 8 MB); kept without
    its EXIF data. The same record's photo again replaces it."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_PHOTO_BYTES:
            raise ProblemError(413, f"the photo is larger than {MAX_PHOTO_BYTES:,} bytes")
    try:
        photo = await run_in_threadpool(clean_photo, bytes(data))
    except PhotoError as error:
        raise ProblemError(415, str(error)) from None
    return await run_in_threadpool(_store_photo, db, record_id, user, photo.data, photo.media_type)


def _store_photo(
    db: Session, record_id: uuid.UUID, user: Principal, data: bytes, media_type: str
) -> ProofPublic:
    with writing(db) as session:
        _own_record(session, record_id, user)
        proof = _proof(session, record_id)
        proof.photo, proof.photo_type, proof.updated_at = data, media_type, utcnow()
        audit(session, user.username, "record_photo", f"record {record_id}")
        return _public(proof)


@router.get(
    "/visits/{record_id}/photo",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}, 401: {}, 404: {}},
)
def get_photo(
    record_id: uuid.UUID, user: CurrentUser, db: SessionDep, found: ServicesDep
) -> Response:
    """The visit's photo, for the coordinators of the record's town (audited); 404 for others
    and for a record without a photo."""
    row = db.get(VisitRecord, record_id)
    proof = db.get(VisitProof, record_id)
    if (
        row is None
        or proof is None
        or proof.photo is None
        or not (user.is_coordinator and user.sees_town(row.town))
    ):
        raise not_found(f"photo of visit record {record_id}")
    with writing(db) as session:
        audit(session, user.username, "read_visit_photo", f"record {record_id}")
    return Response(
        proof.photo,
        media_type=proof.photo_type or "application/octet-stream",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


Month = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]


def _month(month: str) -> tuple[date, date]:
    try:
        return month_span(month)
    except ValueError:
        raise ProblemError(
            422,
            "the request is not valid",
            errors=[{"location": ["query", "month"], "message": f"{month}: not a month"}],
        ) from None


@router.get("/proofs/far-from-home", responses={401: {}, 403: {}, 422: {}})
def far_records(month: Month, user: Coordinator, db: SessionDep) -> list[FarRecord]:
    """The month's home visits saved farther from the elder's home than the policy allows."""
    start, end = _month(month)
    query = (
        select(VisitRecord, VisitProof)
        .join(VisitProof, VisitProof.record_id == VisitRecord.id)
        .where(VisitProof.far_from_home, VisitRecord.day >= start, VisitRecord.day <= end)
        .order_by(VisitRecord.day, VisitRecord.id)
    )
    if user.town is not None:
        query = query.where(VisitRecord.town == user.town)
    return [
        FarRecord(
            record_id=row.id,
            date=row.day.isoformat(),
            elder_id=row.elder_id,
            visitor_id=row.visitor_id,
            town=row.town,
            village=row.village,
            distance_m=proof.distance_m or 0,
            accuracy_m=proof.accuracy_m,
            saved_at=proof.saved_at,
        )
        for row, proof in db.execute(query)
    ]
