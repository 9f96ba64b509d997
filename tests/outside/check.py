"""An independent check of a plan, from its files: every rule of the roster, then every
unassigned visit tried in the roster as it stands (``tests.outside.insertion``).

A visitor's day, as the roster tells it: a home visit keeps the visitor busy from the moment
they leave for it (``arrival - travel_minutes``) to its departure; a call from its arrival to its
departure, with no travel; after the last home visit the visitor goes back to the start, busy
all the way. None of these may overlap, all lie in the shift, and every visit lies in one of the
elder's hours.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tests.outside.days import (
    WEEK_DAYS,
    DayKey,
    busy_spans,
    days_of,
    inside_some,
    overlaps,
    visit_dates,
    works,
)
from tests.outside.insertion import Insertion, insertions
from tests.outside.tables import (
    Plan,
    Rules,
    Town,
    Visit,
    Visitor,
    hhmm,
    load_rules,
    read_plan,
    read_town,
)


@dataclass(frozen=True)
class Breach:
    kind: str
    """area, working_day, shift, elder_hours, duration, travel, return, cap, consent, spacing,
    overlap, sequence, unknown, accounting"""
    where: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.where}: {self.detail}"


def _visit_breaches(town: Town, rules: Rules, visitor: Visitor, visit: Visit) -> list[Breach]:
    elder = town.elders[visit.elder_id]
    where = f"roster row {visit.row} ({visit.visitor_id} {visit.day} {visit.elder_id})"
    found = []
    need = rules.visit_minutes.get(visit.mode)
    if need is None or visit.mode == "road":
        found.append(Breach("duration", where, f"mode {visit.mode!r} cannot be planned"))
    elif visit.departure - visit.arrival < need:
        found.append(
            Breach(
                "duration",
                where,
                f"{visit.departure - visit.arrival} min, a {visit.mode} visit takes {need}",
            )
        )
    if not visitor.serves(elder):
        found.append(Breach("area", where, f"{visitor.visitor_id} does not serve {elder.village}"))
    if not works(visitor, visit.day):
        found.append(
            Breach("working_day", where, f"{visitor.visitor_id} does not work on {visit.day:%a}")
        )
    leaves = visit.arrival - (visit.travel if visit.mode == "home" else 0)
    if leaves < visitor.shift[0] or visit.departure > visitor.shift[1]:
        found.append(
            Breach(
                "shift",
                where,
                f"busy {hhmm(leaves)}-{hhmm(visit.departure)}, "
                f"shift {hhmm(visitor.shift[0])}-{hhmm(visitor.shift[1])}",
            )
        )
    if not inside_some((visit.arrival, visit.departure), elder.windows):
        found.append(
            Breach(
                "elder_hours",
                where,
                f"{hhmm(visit.arrival)}-{hhmm(visit.departure)} outside the elder's hours",
            )
        )
    if visit.mode == "home" and not elder.consent:
        found.append(Breach("consent", where, "home visit without consent"))
    if visit.mode != "home" and visit.travel != 0:
        found.append(
            Breach("travel", where, f"a {visit.mode} visit with {visit.travel} min travel")
        )
    return found


def _day_breaches(town: Town, rules: Rules, key: DayKey, visits: list[Visit]) -> list[Breach]:
    visitor_id, day = key
    visitor = town.visitors[visitor_id]
    where = f"{visitor_id} on {day}"
    found = []
    for visit in visits:
        found += _visit_breaches(town, rules, visitor, visit)
    if sorted(v.sequence for v in visits) != list(range(1, len(visits) + 1)) or [
        v.sequence for v in visits
    ] != sorted(v.sequence for v in visits):
        found.append(Breach("sequence", where, "sequences are not 1..n in order of arrival"))
    homes = [v for v in visits if v.mode == "home"]
    if len(homes) > visitor.cap:
        found.append(Breach("cap", where, f"{len(homes)} home visits, the cap is {visitor.cap}"))
    here = visitor.start
    for visit in homes:
        elder_home = town.elders[visit.elder_id].home
        need = rules.travel_minutes(here, elder_home, visitor.travel_mode)
        if visit.travel < need:
            found.append(
                Breach(
                    "travel",
                    f"roster row {visit.row}",
                    f"{visit.travel} min to {visit.elder_id}, the way takes {need}",
                )
            )
        here = elder_home
    spans = busy_spans(town, rules, visitor, visits)
    for a, b in itertools.combinations(spans, 2):
        if overlaps((a.start, a.end), (b.start, b.end)):
            found.append(
                Breach(
                    "overlap",
                    where,
                    f"{a.what} {hhmm(a.start)}-{hhmm(a.end)} and "
                    f"{b.what} {hhmm(b.start)}-{hhmm(b.end)}",
                )
            )
    for back in (s for s in spans if s.what == "return"):
        if back.end > visitor.shift[1]:
            found.append(
                Breach("return", where, f"back at the start at {hhmm(back.end)}, after the shift")
            )
    return found


def _spacing_breaches(town: Town, rules: Rules, plan: Plan) -> list[Breach]:
    """Two visits of an elder under the spacing; ``spacing_call_home`` when one of the two is a
    call or a road encounter and the other a home visit (the planner spaces an elder owed home
    visits from home visits only), ``spacing`` otherwise."""
    found = []
    gap = rules.min_days_between_visits
    for elder_id, dates in visit_dates(town, plan).items():
        for (d1, s1, m1), (d2, s2, m2) in itertools.combinations(sorted(dates), 2):
            if s1 == s2 == "history" or abs((d2 - d1).days) >= gap:
                continue
            kind = "spacing_call_home" if "home" in (m1, m2) and m1 != m2 else "spacing"
            detail = f"{m1} ({s1}) on {d1} and {m2} ({s2}) on {d2}, under {gap} days"
            found.append(Breach(kind, elder_id, detail))
    return found


def breaches(town: Town, rules: Rules, plan: Plan, week_start: date) -> list[Breach]:
    """Every rule the plan breaks."""
    found = []
    for visit in plan.roster:
        if visit.elder_id not in town.elders or visit.visitor_id not in town.visitors:
            found.append(Breach("unknown", f"roster row {visit.row}", "unknown elder or visitor"))
        elif not week_start <= visit.day < week_start + timedelta(days=WEEK_DAYS):
            found.append(Breach("working_day", f"roster row {visit.row}", "outside the week"))
    if found:
        return found
    for key, visits in sorted(days_of(plan).items()):
        found += _day_breaches(town, rules, key, visits)
    found += _spacing_breaches(town, rules, plan)
    counts = {"planned_visits": len(plan.roster), "unassigned": len(plan.unassigned)}
    for name, count in counts.items():
        if plan.summary.get(name) != count:
            found.append(
                Breach(
                    "accounting", "summary.json", f"{name} {plan.summary.get(name)}, files {count}"
                )
            )
    return found


@dataclass(frozen=True)
class Report:
    breaches: list[Breach]
    insertions: list[Insertion]

    def lines(self) -> list[str]:
        return [str(b) for b in self.breaches] + [i.describe() for i in self.insertions]


def check_folder(
    elders: Path,
    visitors: Path,
    history: Path | None,
    out: Path,
    week_start: date,
    policy: Path | None = None,
) -> Report:
    """Read the tables and the plan's files, and check them."""
    rules = load_rules(policy) if policy else load_rules()
    town = read_town(elders, visitors, history)
    plan = read_plan(out)
    return check(town, rules, plan, week_start)


def check(town: Town, rules: Rules, plan: Plan, week_start: date) -> Report:
    found = breaches(town, rules, plan, week_start)
    if any(b.kind == "unknown" for b in found):
        return Report(found, [])
    return Report(found, insertions(town, rules, plan, week_start))
