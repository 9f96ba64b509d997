"""``POST /imports/records``: a town's paper record forms typed into a sheet (CSV or XLSX,
field ``file``, one row per visit, the form's Chinese headers: ``planner.io.records_table``).

Each row is held to the rules ``PUT /visits/{uuid}`` holds a record to: the form's own (read
by the records table, each problem naming its row and column), then the service's: the elder
and the visitor exist and are in the coordinator's town, the date is not after today nor before
the elder's first plan. Every row is stored as the API stores a record (``save_record``: facts
applied, history kept), under the uuid of its visitor, elder and day, so a sheet imported twice,
or a visit recorded on the phone and typed in again, is stored once. One transaction: every
row, or none (422 listing each problem).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, ValidationError

from api.service.db import writing
from api.service.deps import Coordinator, Principal, ServicesDep, SessionDep
from api.service.problems import ProblemError, input_problems
from api.service.record_schema import (
    CareServiceIn,
    ObservationsIn,
    SignaturesIn,
    VisitRecorded,
)
from api.service.records_store import check_date, save_record
from api.service.store import audit, stored_elder, stored_visitor
from api.service.uploads import saved_upload
from maps.visitor_forms import record_uuid
from planner.io.problems import InputError, Problem
from planner.io.records_table import RECORD_COLUMNS, RecordRow, RecordsTable, load_records
from planner.policy import Policy

router = APIRouter(prefix="/imports", tags=["imports"])

UploadField = Annotated[UploadFile, File(description="The records, CSV (UTF-8) or XLSX.")]
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {},
    403: {},
    413: {},
    422: {"description": "Every problem: row, column, message"},
}


class RecordsImported(BaseModel):
    imported: int
    created: int
    """Rows that were not recorded before (the rest replaced the same visit's record)."""
    towns: list[str]
    notices: list[str]


@router.post("/records", responses=REFUSALS)
def import_records(
    file: UploadField, user: Coordinator, found: ServicesDep, db: SessionDep
) -> RecordsImported:
    """Store the visits of the sheet, each as ``PUT /visits/{uuid}`` would."""
    with saved_upload(file, found.settings.upload_limit_bytes) as (path, name):
        try:
            table = load_records(path)
        except InputError as error:
            raise input_problems([_named(problem, name) for problem in error.problems]) from None
    created = 0
    towns: set[str] = set()
    with writing(db) as session:
        problems: list[Problem] = []
        for row in table.rows:
            checked = _check_row(session, user, row, name, problems, found.policy)
            if checked is None:
                continue
            town, request = checked
            towns.add(town)
            try:
                stored = save_record(
                    session,
                    record_uuid(row.record.entry.signatures.visitor_id, _elder(row), _day(row)),
                    request,
                    visitor_id=row.record.entry.signatures.visitor_id,
                    username=user.username,
                    policy=found.policy,
                )
            except ProblemError as error:
                problems.append(Problem(name, row.number, None, _first_message(error)))
                continue
            created += stored.created
        if problems:
            raise input_problems(sorted(problems, key=lambda problem: problem.row or 0))
        audit(session, user.username, "import_records", f"{len(table.rows)} rows of {name}")
    return _result(table, created, towns)


def _named(problem: Problem, name: str) -> Problem:
    """The upload's own name in messages, not the temporary file's."""
    return Problem(name, problem.row, problem.column, problem.message)


def _elder(row: RecordRow) -> str:
    return row.record.entry.elder_id


def _day(row: RecordRow) -> date:
    return row.record.entry.day


def _check_row(
    session: Any,
    user: Principal,
    row: RecordRow,
    name: str,
    problems: list[Problem],
    policy: Policy,
) -> tuple[str, VisitRecorded] | None:
    """The elder's town and the row as a request when it may be stored; else its problems
    are added."""
    entry = row.record.entry
    elder = stored_elder(session, entry.elder_id)
    if elder is None or not user.sees_town(elder.town):
        message = f"{entry.elder_id} is not an elder of your town: give an elder_id you coordinate"
        problems.append(Problem(name, row.number, "老人编号", message))
        return None
    visitor = stored_visitor(session, entry.signatures.visitor_id)
    if visitor is None or not user.sees_town(visitor.town):
        message = f"{entry.signatures.visitor_id} is not a visitor of your town: check the id"
        problems.append(Problem(name, row.number, "探访人员", message))
        return None
    try:
        request = _as_request(row, policy)
    except ValidationError as error:
        for found in error.errors():
            column = _HEADERS.get(str(found["loc"][-1]) if found["loc"] else "")
            problems.append(Problem(name, row.number, column, str(found["msg"])))
        return None
    try:
        check_date(session, request)
    except ProblemError as error:
        problems.append(Problem(name, row.number, "探访日期", _first_message(error)))
        return None
    return elder.town, request


def _first_message(error: ProblemError) -> str:
    errors = list(getattr(error, "errors", ()))
    return str(errors[0]["message"]) if errors else str(error)


# The sheet's header of each field of the request, for a value the request refuses (too long).
_HEADERS = {column.name: column.chinese for column in RECORD_COLUMNS} | {
    "done": "关爱服务情况",
    "given_by": "服务人员",
}


def _as_request(row: RecordRow, policy: Policy) -> VisitRecorded:
    """The row as the body ``PUT /visits/{uuid}`` takes, so that it is stored the same way.
    A paper form gives no length of visit: the policy's for its mode is assumed."""
    entry = row.record.entry
    seen = entry.observations
    minutes = row.duration_minutes or policy.visit_minutes[entry.mode]
    return VisitRecorded(
        date=entry.day,
        elder_id=entry.elder_id,
        mode=entry.mode,
        duration_minutes=minutes,
        note=row.note,
        reason=entry.reason,
        observations=ObservationsIn(
            **{
                name: getattr(seen, name)
                for name in ObservationsIn.model_fields
                if name != "needs_kinds"
            },
            needs_kinds=list(seen.needs_kinds),
        ),
        event=entry.event,
        care_services=[
            CareServiceIn(
                date=service.day,
                done=service.done,
                given_by=service.given_by,
                satisfaction=service.satisfaction,
            )
            for service in row.record.care_services
        ],
        signatures=SignaturesIn(
            elder_confirmed=entry.signatures.elder_confirmed,
            confirmed_by=entry.signatures.confirmed_by,
        ),
    )


def _result(table: RecordsTable, created: int, towns: set[str]) -> RecordsImported:
    return RecordsImported(
        imported=len(table.rows),
        created=created,
        towns=sorted(towns),
        notices=[str(notice) for notice in table.notices],
    )
