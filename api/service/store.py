"""Reading and writing the planner's objects in the database: imports, history, records, the
audit log. Each import is one transaction (the caller's ``transaction``): all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.service.clock import utcnow
from api.service.codec import from_json, to_json
from api.service.models import AuditEntry, ElderRow, HistoryRow, VisitorRow, VisitRecord
from planner.io.tables import Problem, Tables
from planner.model import Elder, PastVisit, VisitMode, Visitor, VisitReason


def audit(session: Session, username: str, action: str, obj: str) -> None:
    session.add(AuditEntry(at=utcnow(), username=username, action=action, object=obj))


def stored_elders(session: Session, towns: Iterable[str] | None = None) -> list[Elder]:
    query = select(ElderRow).order_by(ElderRow.elder_id)
    if towns is not None:
        query = query.where(ElderRow.town.in_(list(towns)))
    return [from_json(Elder, row.facts) for row in session.scalars(query)]


def stored_visitors(session: Session, towns: Iterable[str] | None = None) -> list[Visitor]:
    query = select(VisitorRow).order_by(VisitorRow.visitor_id)
    if towns is not None:
        query = query.where(VisitorRow.town.in_(list(towns)))
    return [from_json(Visitor, row.facts) for row in session.scalars(query)]


def stored_elder(session: Session, elder_id: str) -> Elder | None:
    row = session.get(ElderRow, elder_id)
    return None if row is None else from_json(Elder, row.facts)


def stored_visitor(session: Session, visitor_id: str) -> Visitor | None:
    row = session.get(VisitorRow, visitor_id)
    return None if row is None else from_json(Visitor, row.facts)


def towns_of(objects: Iterable[Elder | Visitor]) -> set[str]:
    return {item.town for item in objects}


def ids_taken_elsewhere(
    session: Session, table: type[ElderRow] | type[VisitorRow], ids: dict[str, str]
) -> dict[str, str]:
    """Of ``ids`` (id -> town in the upload), those already used in another town: id -> town."""
    key = ElderRow.elder_id if table is ElderRow else VisitorRow.visitor_id
    taken: dict[str, str] = {}
    for chunk in _chunks(sorted(ids), 500):
        for found_id, town in session.execute(select(key, table.town).where(key.in_(chunk))):
            if town != ids[found_id]:
                taken[found_id] = town
    return taken


def replace_elders(session: Session, tables: Tables) -> None:
    """The uploaded towns' elders become exactly those of the upload (records are kept)."""
    towns = towns_of(tables.elders)
    session.execute(delete(ElderRow).where(ElderRow.town.in_(towns)))
    now = utcnow()
    session.add_all(
        ElderRow(
            elder_id=elder.elder_id,
            town=elder.town,
            village=elder.village,
            facts=to_json(elder),
            imported_at=now,
        )
        for elder in tables.elders
    )


def replace_visitors(session: Session, tables: Tables) -> None:
    towns = towns_of(tables.visitors)
    session.execute(delete(VisitorRow).where(VisitorRow.town.in_(towns)))
    now = utcnow()
    session.add_all(
        VisitorRow(
            visitor_id=visitor.visitor_id,
            town=visitor.town,
            facts=to_json(visitor),
            imported_at=now,
        )
        for visitor in tables.visitors
    )


def replace_history(session: Session, visits: Sequence[PastVisit], town_of: dict[str, str]) -> None:
    """The towns' imported history becomes that of the upload (recorded visits are apart)."""
    towns = {town_of[visit.elder_id] for visit in visits}
    session.execute(delete(HistoryRow).where(HistoryRow.town.in_(towns)))
    session.add_all(
        HistoryRow(
            town=town_of[visit.elder_id],
            day=visit.day,
            elder_id=visit.elder_id,
            visitor_id=visit.visitor_id,
            mode=visit.mode.value,
            reason=visit.reason.value,
        )
        for visit in visits
    )


def past_visits(session: Session, elder_ids: Iterable[str], before: date) -> list[PastVisit]:
    """Imported history and recorded visits of these elders before ``before``: what a plan
    counts when it decides who is due."""
    wanted = set(elder_ids)
    # Each with its reason: a weather or festival contact comes on top of the month's visits
    # and must not count as one of them (as on the command line, which reads the column).
    visits = [
        PastVisit(
            row.day, row.elder_id, row.visitor_id, VisitMode(row.mode), VisitReason(row.reason)
        )
        for row in session.scalars(select(HistoryRow).where(HistoryRow.day < before))
        if row.elder_id in wanted
    ]
    visits += [
        PastVisit(
            record.day,
            record.elder_id,
            record.visitor_id,
            VisitMode(record.mode),
            VisitReason(record.reason),
        )
        for record in session.scalars(select(VisitRecord).where(VisitRecord.day < before))
        if record.elder_id in wanted
    ]
    return sorted(visits, key=lambda visit: (visit.day, visit.elder_id, visit.visitor_id))


def rows_outside_town(file: str, tables: Tables, town: str) -> list[Problem]:
    """A town coordinator's upload must hold only their town's rows: one problem per other row."""
    problems = []
    for kind, objects in (("elders", tables.elders), ("visitors", tables.visitors)):
        rows = tables.rows.get(kind, {})
        for item in objects:
            if item.town == town:
                continue
            item_id = item.elder_id if isinstance(item, Elder) else item.visitor_id
            problems.append(
                Problem(
                    file,
                    rows.get(item_id),
                    "town",
                    f"{item_id} belongs to {item.town}, but you coordinate {town}: upload "
                    f"only the rows of {town}",
                )
            )
    return sorted(problems, key=lambda problem: problem.row or 0)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
