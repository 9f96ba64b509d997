"""Independent checks of a finished plan against every hard rule.

The planner runs these on each plan before writing it (a violated rule is a bug, never output),
and the property tests run them on random towns. They work from the roster and the inputs, not
from the solver's bookkeeping; the roster's travel minutes are taken as given.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from planner.calendar import WorkCalendar
from planner.model import Plan, PlannedVisit, VisitMode, VisitReason
from planner.policy import Policy


def check_plan(plan: Plan, policy: Policy) -> list[str]:
    """Every broken rule of ``plan``, in words; empty when the plan keeps them all."""
    problems: list[str] = []
    problems += _check_accounting(plan)
    problems += _check_visitor_days(plan, policy)
    problems += _check_elders(plan)
    return problems


def _key(elder_id: str, reason: VisitReason, due_by: date) -> tuple[str, str, date]:
    return (elder_id, reason.value, due_by)


def _check_accounting(plan: Plan) -> list[str]:
    """Every due visit is planned or explained, and nothing is planned that was not due."""
    due = Counter(_key(v.elder_id, v.reason, v.due_by) for v in plan.due)
    planned = Counter(_key(v.elder_id, v.reason, v.due_by) for v in plan.visits)
    explained = Counter(_key(u.elder_id, u.visit_reason, u.due_by) for u in plan.unassigned)
    problems = [
        f"due visit {k} is neither planned nor explained" for k in due - (planned + explained)
    ]
    problems += [f"visit {k} is planned but was not due" for k in planned - due]
    return problems


def _check_visitor_days(plan: Plan, policy: Policy) -> list[str]:
    visitors = {v.visitor_id: v for v in plan.visitors}
    elders = {e.elder_id: e for e in plan.elders}
    due_by_elder = defaultdict(list)
    for due in plan.due:
        due_by_elder[due.elder_id].append(due)
    calendar = WorkCalendar(policy)
    by_day: dict[tuple[str, date], list[PlannedVisit]] = defaultdict(list)
    for visit in plan.visits:
        by_day[(visit.visitor_id, visit.day)].append(visit)
    problems = []
    for (visitor_id, day), visits in by_day.items():
        visitor = visitors[visitor_id]
        where = f"{visitor_id} on {day}"
        if not calendar.works(visitor, day):
            problems.append(f"{where}: not a working day of the visitor")
        visits.sort(key=lambda v: v.sequence)
        if [v.sequence for v in visits] != list(range(1, len(visits) + 1)):
            problems.append(f"{where}: sequence is not 1..{len(visits)}")
        home = [v for v in visits if v.mode is VisitMode.HOME]
        if len(home) > visitor.max_home_visits_per_day:
            problems.append(
                f"{where}: {len(home)} home visits, "
                f"over the cap of {visitor.max_home_visits_per_day}"
            )
        previous_end = visitor.shift.start_min
        for visit in visits:
            elder = elders[visit.elder_id]
            leaves = visit.arrival_min - visit.travel_minutes
            if leaves < previous_end:
                problems.append(
                    f"{where}: visit {visit.sequence} starts before the previous one ends"
                )
            if visit.departure_min > visitor.shift.end_min:
                problems.append(f"{where}: visit {visit.sequence} ends after the shift")
            if visit.mode.is_remote and visit.travel_minutes != 0:
                problems.append(f"{where}: call {visit.sequence} has travel time")
            if not visitor.serves(elder.town, elder.village):
                problems.append(f"{where}: {elder.elder_id} is outside the visitor's area")
            if not any(
                w.start_min <= visit.arrival_min and visit.departure_min <= w.end_min
                for w in elder.windows
            ):
                problems.append(f"{where}: {elder.elder_id} visited outside their hours")
            if visit.mode is VisitMode.HOME and not elder.home_visit_consent:
                problems.append(f"{where}: home visit to {elder.elder_id} without consent")
            if not any(
                d.earliest <= day <= d.latest
                for d in due_by_elder[elder.elder_id]
                if d.due_by == visit.due_by
            ):
                problems.append(f"{where}: {elder.elder_id} visited on a day the visit was not due")
            if visit.reason is VisitReason.FOLLOWUP and not any(
                d.role in (None, visitor.role)
                for d in due_by_elder[elder.elder_id]
                if d.reason is VisitReason.FOLLOWUP and d.due_by == visit.due_by
            ):
                problems.append(
                    f"{where}: follow-up of {elder.elder_id} by another kind of visitor"
                )
            previous_end = visit.departure_min
    problems += _check_routes(plan, by_day)
    return problems


def _check_routes(plan: Plan, by_day: dict[tuple[str, date], list[PlannedVisit]]) -> list[str]:
    problems = []
    visitors = {v.visitor_id: v for v in plan.visitors}
    for route in plan.routes:
        home = [
            v.elder_id for v in by_day[(route.visitor_id, route.day)] if v.mode is VisitMode.HOME
        ]
        if list(route.elder_ids) != home:
            problems.append(
                f"{route.visitor_id} on {route.day}: route order differs from the roster"
            )
        last = max(
            (
                v.departure_min
                for v in by_day[(route.visitor_id, route.day)]
                if v.mode is VisitMode.HOME
            ),
            default=0,
        )
        shift_end = visitors[route.visitor_id].shift.end_min
        back = route.minutes - sum(v.travel_minutes for v in by_day[(route.visitor_id, route.day)])
        if last + back > shift_end:
            problems.append(f"{route.visitor_id} on {route.day}: back after the shift ends")
    return problems


def _check_elders(plan: Plan) -> list[str]:
    """No elder gets two regular visits on one day."""
    seen = Counter((v.elder_id, v.day) for v in plan.visits if v.reason is VisitReason.REGULAR)
    return [
        f"{elder} gets {n} regular visits on {day}" for (elder, day), n in seen.items() if n > 1
    ]
