"""``POST /imports/elders|visitors|history``: a coordinator's table, CSV or XLSX, in the field
``file``, validated by the same code as the command line's (``planner.io.tables``).

An import is one transaction: the uploaded towns' rows are replaced whole, or nothing changes
(422 lists every problem). A town's coordinator may import only that town's rows. Visit
records are never touched.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from api.service.clock import china_today
from api.service.db import transaction
from api.service.deps import Coordinator, Principal, ServicesDep
from api.service.elder_history import note_import
from api.service.models import ElderRow, VisitorRow
from api.service.problems import input_problems
from api.service.store import (
    audit,
    ids_taken_elsewhere,
    replace_elders,
    replace_history,
    replace_visitors,
    rows_outside_town,
    stored_elders,
    towns_of,
)
from api.service.uploads import saved_upload
from planner.io.tables import InputError, Problem, TableKind, Tables, load_table
from planner.model import Elder, Visitor

router = APIRouter(prefix="/imports", tags=["imports"])

UploadField = Annotated[UploadFile, File(description="The table, CSV (UTF-8) or XLSX.")]
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {},
    403: {},
    413: {},
    422: {"description": "Every problem: row, column, message"},
}


class ImportResult(BaseModel):
    imported: int
    towns: list[str]
    flags: list[dict[str, str]]
    """Things to look at that did not stop the import (approximate places, ...)."""
    notices: list[str]


@router.post("/elders", responses=REFUSALS)
def import_elders(file: UploadField, user: Coordinator, found: ServicesDep) -> ImportResult:
    """Replace the elders of the towns in the table."""
    tables, name = _read(found, file, "elders", known_elders=())
    _check_scope(user, name, tables)
    with transaction(found.sessions) as session:
        taken = ids_taken_elsewhere(
            session, ElderRow, {elder.elder_id: elder.town for elder in tables.elders}
        )
        _refuse_taken(name, "elder_id", taken)
        note_import(
            session, tables.elders, day=china_today(), username=user.username, policy=found.policy
        )
        replace_elders(session, tables)
        audit(session, user.username, "import_elders", _imported(tables.elders))
    return _result(len(tables.elders), towns_of(tables.elders), tables)


@router.post("/visitors", responses=REFUSALS)
def import_visitors(file: UploadField, user: Coordinator, found: ServicesDep) -> ImportResult:
    """Replace the visitors of the towns in the table (checked against the stored elders)."""
    with found.sessions() as session:
        elders = stored_elders(session)
    _need_elders(elders, file)
    tables, name = _read(found, file, "visitors", known_elders=elders)
    _check_scope(user, name, tables)
    with transaction(found.sessions) as session:
        taken = ids_taken_elsewhere(
            session, VisitorRow, {v.visitor_id: v.town for v in tables.visitors}
        )
        _refuse_taken(name, "visitor_id", taken)
        replace_visitors(session, tables)
        audit(session, user.username, "import_visitors", _imported(tables.visitors))
    return _result(len(tables.visitors), towns_of(tables.visitors), tables)


@router.post("/history", responses=REFUSALS)
def import_history(file: UploadField, user: Coordinator, found: ServicesDep) -> ImportResult:
    """Replace the imported visit history of the towns of its elders (recorded visits stay)."""
    with found.sessions() as session:
        elders = stored_elders(session)
    _need_elders(elders, file)
    tables, name = _read(found, file, "history", known_elders=elders)
    town_of = {elder.elder_id: elder.town for elder in elders}
    if user.town is not None:
        outside = sorted({v.elder_id for v in tables.history if town_of[v.elder_id] != user.town})
        if outside:
            raise input_problems(
                [
                    Problem(
                        name,
                        None,
                        "elder_id",
                        f"elder {elder_id} lives in "
                        f"{town_of[elder_id]}, but you coordinate {user.town}: upload only "
                        f"the visits of {user.town}",
                    )
                    for elder_id in outside
                ]
            )
    with transaction(found.sessions) as session:
        replace_history(session, tables.history, town_of)
        audit(session, user.username, "import_history", f"{len(tables.history)} visits")
    towns = {town_of[v.elder_id] for v in tables.history}
    return _result(len(tables.history), towns, tables)


def _need_elders(elders: list[Elder], file: UploadFile) -> None:
    """Visitors are placed and checked by the elders' villages, history by their ids."""
    if not elders:
        message = "no elders are imported yet: import the elders first"
        raise input_problems([Problem(file.filename or "upload", None, None, message)])


def _read(
    found: ServicesDep, file: UploadFile, kind: TableKind, *, known_elders: list[Elder] | tuple[()]
) -> tuple[Tables, str]:
    limit = found.settings.upload_limit_bytes
    with saved_upload(file, limit) as (path, name):
        try:
            return load_table(kind, path, name=name, elders=known_elders), name
        except InputError as error:
            raise input_problems(error.problems) from None


def _check_scope(user: Principal, name: str, tables: Tables) -> None:
    if user.town is None:
        return
    problems = rows_outside_town(name, tables, user.town)
    if problems:
        raise input_problems(problems)


def _refuse_taken(name: str, column: str, taken: dict[str, str]) -> None:
    if taken:
        raise input_problems(
            [
                Problem(
                    name,
                    None,
                    column,
                    f"{found_id} is already used in {town}: ids are unique "
                    "across the district, give this row another id",
                )
                for found_id, town in sorted(taken.items())
            ]
        )


def _imported(objects: tuple[Elder, ...] | tuple[Visitor, ...]) -> str:
    return f"{len(objects)} rows of {', '.join(sorted(towns_of(objects)))}"


def _result(count: int, towns: set[str], tables: Tables) -> ImportResult:
    return ImportResult(
        imported=count,
        towns=sorted(towns),
        flags=[{"id": f.subject_id, "kind": f.kind, "detail": f.detail} for f in tables.flags],
        notices=[str(notice) for notice in tables.notices],
    )
