"""``GET /elders/{elder_id}/form.pdf?year=``: the elder's record form of a year for the paper
archive (一式两份), laid out like the notice's attachment (``planner.io.record_form``).

The archive copy is the town's own and unmasked: only a coordinator of the elder's town gets
it (anyone else: 404, as if there were no such elder), and each copy is written to the audit
log.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.service.access import visible_elder
from api.service.clock import china_today
from api.service.codec import from_json
from api.service.db import writing
from api.service.deps import CurrentUser, IdPath, ServicesDep, SessionDep
from api.service.models import ElderProfileRow
from api.service.problems import not_found
from api.service.record_views import domain_record
from api.service.records_store import elders_records
from api.service.store import audit
from planner.io.record_form import write_record_form
from planner.records import ElderProfile, VisitRecord

router = APIRouter(prefix="/elders", tags=["elders"])
PDF = "application/pdf"
Year = Annotated[int | None, Query(ge=2000, le=2100, description="the year (default: this one)")]


@router.get(
    "/{elder_id}/form.pdf",
    response_class=Response,
    responses={200: {"content": {PDF: {}}}, 401: {}, 404: {}, 422: {}},
)
def record_form_pdf(
    elder_id: IdPath, user: CurrentUser, db: SessionDep, found: ServicesDep, year: Year = None
) -> Response:
    """The elder's form: sections 一-四 (the elders table and the stored profile), the year's
    visits (五) and care services (六)."""
    if not user.is_coordinator:
        raise not_found(f"elder {elder_id}")
    elder = visible_elder(db, user, elder_id)
    wanted = year or china_today().year
    records = [VisitRecord(*domain_record(row)) for row in elders_records(db, elder_id)]
    stored = db.get(ElderProfileRow, elder_id)
    profile = None if stored is None else from_json(ElderProfile, stored.profile)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        write_record_form(elder, records, wanted, path, profile=profile)
        body = path.read_bytes()
    with writing(db) as session:
        audit(session, user.username, "print_record_form", f"elder {elder_id}, {wanted}")
    return Response(
        body,
        media_type=PDF,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": f'attachment; filename="form-{elder_id}-{wanted}.pdf"',
        },
    )
