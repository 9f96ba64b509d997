"""The weekly assignment of one town: every due visit gets a visitor, a day, a time and an order.

Home visits are one routing problem for the whole town and week: each (visitor, working day)
is a vehicle that leaves the visitor's start inside the shift and is back by its end, carries
at most the daily cap of home visits, and may take only the visits of its area and of days the
visit is allowed on. The search starts from territories (each elder to one visitor, usual
visitor first, within a fair share of each visitor's capacity: that is what balances the load)
and then minimises travel, which keeps each visitor's day in one or two villages; an elder's
usual visitor is preferred over a little extra travel.
Phone and online visits then take the free slots of the shifts, usual visitor first, least
loaded visitor otherwise. What cannot be planned is explained in words a coordinator can act on.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from geo.crs import LonLat
from geo.travel import path_km, road_km_matrix, travel_seconds, whole_minutes
from planner.calendar import WorkCalendar
from planner.engine import ortools
from planner.engine import problem as routing
from planner.model import (
    DayRoute,
    DueVisit,
    Elder,
    PlannedVisit,
    Tier,
    TimeWindow,
    UnassignedVisit,
    VisitMode,
    Visitor,
)
from planner.policy import Policy

TOWN_SEARCH_MAX_VISITS = 1500
"""Above this many home visits in a town's week, the visitors' own routes are the plan: the
town-wide search adds a few per cent of travel at most (about 5% on the 600-elder town month,
measured with and without it), and on a town of thousands of visits it would spend its whole
time limit loading the model and making its first moves."""

_TIER_PENALTY = {Tier.KEY: 10_000_000, Tier.SECONDARY: 6_000_000, Tier.GENERAL: 3_000_000}
_WEEKDAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class TownWeek:
    """Everything the assignment of one town needs; picklable, for worker processes."""

    town: str
    days: tuple[date, ...]
    elders: dict[str, Elder]
    visitors: tuple[Visitor, ...]
    due: tuple[DueVisit, ...]
    working: frozenset[tuple[str, date]]
    """(visitor_id, day) pairs the visitor works."""
    policy: Policy


@dataclass(frozen=True)
class TownPlan:
    visits: tuple[PlannedVisit, ...]
    unassigned: tuple[UnassignedVisit, ...]
    routes: tuple[DayRoute, ...]


@dataclass
class _Day:
    """A visitor's day while it is being filled: home visits first, then calls in the gaps."""

    visitor: Visitor
    day: date
    free: list[tuple[int, int]]
    home_visits: int = 0
    busy_min: int = 0
    rows: list[PlannedVisit] = field(default_factory=list)

    def place(self, duration_min: int, windows: Sequence[TimeWindow]) -> int | None:
        """Book the earliest free slot of ``duration_min`` in ``windows``; its start or None."""
        for position, (free_start, free_end) in enumerate(self.free):
            for window in windows:
                start = max(free_start, window.start_min)
                if start + duration_min <= min(free_end, window.end_min):
                    self._carve(position, start, start + duration_min)
                    return start
        return None

    def book(
        self, visit: DueVisit, mode: VisitMode, arrival: int, departure: int, travel_min: int
    ) -> None:
        """Add a roster row (numbered later, when the day is complete)."""
        self.rows.append(
            PlannedVisit(
                day=self.day,
                visitor_id=self.visitor.visitor_id,
                elder_id=visit.elder_id,
                tier=visit.tier,
                mode=mode,
                sequence=0,
                arrival_min=arrival,
                departure_min=departure,
                travel_minutes=travel_min,
                reason=visit.reason,
                due_by=visit.due_by,
            )
        )
        if mode is VisitMode.HOME:
            self.home_visits += 1

    def occupy(self, start: int, end: int) -> None:
        if end <= start:
            return
        for position, (free_start, free_end) in enumerate(self.free):
            if free_start <= start and end <= free_end:
                self._carve(position, start, end)
                return
        raise ValueError(f"{self.visitor.visitor_id} {self.day}: {start}-{end} is not free")

    def _carve(self, position: int, start: int, end: int) -> None:
        free_start, free_end = self.free.pop(position)
        pieces = [(free_start, start), (end, free_end)]
        for piece in reversed(pieces):
            if piece[0] < piece[1]:
                self.free.insert(position, piece)
        self.busy_min += end - start


def plan_town(week: TownWeek, *, time_limit_s: float | None = None) -> TownPlan:
    """Assign and route every due visit of one town's week."""
    days = _visitor_days(week)
    home = [v for v in week.due if v.mode is VisitMode.HOME]
    remote = [v for v in week.due if v.mode is not VisitMode.HOME]
    route_list, unplaced_home = _plan_home_visits(week, home, days, time_limit_s)
    unplaced_remote = _plan_remote_visits(week, remote, days)
    visits = _number_visits(days)
    unassigned = tuple(_explain(week, visit, days) for visit in [*unplaced_home, *unplaced_remote])
    return TownPlan(visits, unassigned, tuple(route_list))


def _visitor_days(week: TownWeek) -> dict[tuple[str, date], _Day]:
    return {
        (v.visitor_id, d): _Day(v, d, [(v.shift.start_min, v.shift.end_min)])
        for v in week.visitors
        for d in week.days
        if (v.visitor_id, d) in week.working
    }


def _number_visits(days: dict[tuple[str, date], _Day]) -> tuple[PlannedVisit, ...]:
    numbered: list[PlannedVisit] = []
    for key in sorted(days):
        rows = sorted(days[key].rows, key=lambda r: r.arrival_min)
        numbered.extend(replace(row, sequence=n) for n, row in enumerate(rows, start=1))
    return tuple(numbered)


# ---------------------------------------------------------------------------------------------
# Home visits


def _elder_windows(elder: Elder, shift: TimeWindow) -> list[TimeWindow]:
    return [w for w in (window.intersect(shift) for window in elder.windows) if w is not None]


def _start_windows(windows: Sequence[TimeWindow], service: int) -> tuple[tuple[int, int], ...]:
    """Merged start-of-service windows in which the whole visit fits."""
    spans = sorted(
        (w.start_min, w.end_min - service) for w in windows if w.end_min - w.start_min >= service
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def can_serve(
    week: TownWeek, visit: DueVisit, visitor: Visitor, day: date, duration_min: int
) -> bool:
    """Hard: area, working day, the visit's allowed days, and the elder's hours within the shift."""
    elder = week.elders[visit.elder_id]
    if not visitor.serves(elder.town, elder.village) or not visit.allows(day):
        return False
    if (visitor.visitor_id, day) not in week.working:
        return False
    return bool(_start_windows(_elder_windows(elder, visitor.shift), duration_min))


def _plan_home_visits(
    week: TownWeek,
    home: list[DueVisit],
    days: dict[tuple[str, date], _Day],
    time_limit_s: float | None,
) -> tuple[list[DayRoute], list[DueVisit]]:
    if not home:
        return [], []
    service = week.policy.visit_minutes[VisitMode.HOME]
    problem, vehicle_days, locations = _build_home_problem(week, home, days, service)
    limit = (
        time_limit_s
        if time_limit_s is not None
        else min(
            week.policy.max_seconds_per_town, 1.0 + week.policy.seconds_per_home_visit * len(home)
        )
    )
    started = time.perf_counter()
    town_search = len(home) <= TOWN_SEARCH_MAX_VISITS
    start = _cluster_first_start(
        week, home, problem, vehicle_days, limit / 2 if town_search else limit
    )
    solution = start
    if town_search:
        remaining = max(0.05, limit - (time.perf_counter() - started))
        solution = ortools.solve(
            problem, time_limit_s=remaining, initial=_stops_by_vehicle(start, len(problem.vehicles))
        )
    route_list = []
    for route in solution.routes:
        day = days[vehicle_days[route.vehicle]]
        route_list.append(_book_route(week, day, route, home, locations, service))
    return route_list, [home[s] for s in solution.dropped]


def _cluster_first_start(
    week: TownWeek,
    home: list[DueVisit],
    problem: routing.RoutingProblem,
    vehicle_days: list[tuple[str, date]],
    time_limit_s: float,
) -> routing.RoutingSolution:
    """A start for the town's search: each elder to one visitor, then each visitor's week alone.

    Solving the whole town from scratch does not scale (on the demo's largest town, 677 visits
    and 235 visitor-days, OR-Tools' own start heuristics used up the time limit and planned
    nothing). Giving every elder to one visitor (``_assign_elders``: by regret, within a fair
    share of the visitor's capacity) splits the town into small problems that solve in a blink;
    the town-wide search then only has to improve on them.
    """
    found: list[routing.VehicleRoute] = []
    per_stop_s = time_limit_s / max(1, len(home))
    for vehicles, stops, part in _visitor_weeks(week, home, problem, vehicle_days):
        solution = ortools.solve(part, time_limit_s=max(0.02, per_stop_s * len(stops)))
        # Back to the town's numbering of vehicles and stops.
        found += [
            replace(
                route,
                vehicle=vehicles[route.vehicle],
                stops=tuple(replace(s, stop=stops[s.stop]) for s in route.stops),
            )
            for route in solution.routes
        ]
    served = {s.stop for route in found for s in route.stops}
    dropped = tuple(i for i in range(len(home)) if i not in served)
    return routing.RoutingSolution(tuple(found), dropped)


def _stops_by_vehicle(solution: routing.RoutingSolution, vehicles: int) -> list[list[int]]:
    by_vehicle = {r.vehicle: [s.stop for s in r.stops] for r in solution.routes}
    return [by_vehicle.get(n, []) for n in range(vehicles)]


def _visitor_weeks(
    week: TownWeek,
    home: list[DueVisit],
    problem: routing.RoutingProblem,
    vehicle_days: list[tuple[str, date]],
) -> list[tuple[list[int], list[int], routing.RoutingProblem]]:
    """Each visitor's week once elders are given to visitors: (its vehicles, its stops, the
    problem of routing just those), in the town problem's numbering."""
    vehicles_of: dict[str, list[int]] = defaultdict(list)
    for n, (visitor_id, _) in enumerate(vehicle_days):
        vehicles_of[visitor_id].append(n)
    stops_of = _assign_elders(week, home, problem, vehicle_days, vehicles_of)
    return [
        (vehicles_of[vid], stops, routing.subproblem(problem, vehicles_of[vid], stops))
        for vid, stops in stops_of.items()
    ]


def visitor_week_problems(week: TownWeek) -> list[routing.RoutingProblem]:
    """The routing problems of each visitor's week as the planner poses them (for benchmarks)."""
    home = [v for v in week.due if v.mode is VisitMode.HOME]
    if not home:
        return []
    days = _visitor_days(week)
    service = week.policy.visit_minutes[VisitMode.HOME]
    problem, vehicle_days, _ = _build_home_problem(week, home, days, service)
    return [part for _, _, part in _visitor_weeks(week, home, problem, vehicle_days)]


def _assign_elders(
    week: TownWeek,
    home: list[DueVisit],
    problem: routing.RoutingProblem,
    vehicle_days: list[tuple[str, date]],
    vehicles_of: dict[str, list[int]],
) -> dict[str, list[int]]:
    """Each elder's home visits of the week to one visitor (a territory), by regret.

    The cost of a visitor is the travel from their start to the elder, less the usual-visitor
    bonus; elders with the fewest good options choose first; a visitor takes at most a fair
    share of the town's visits in proportion to their capacity, then up to their capacity.
    """
    stops_by_elder: dict[str, list[int]] = defaultdict(list)
    for i, visit in enumerate(home):
        stops_by_elder[visit.elder_id].append(i)
    capacity = {
        vid: sum(problem.vehicles[n].capacity for n in ns) for vid, ns in vehicles_of.items()
    }
    total_capacity = sum(capacity.values()) or 1
    share = min(1.0, 1.25 * len(home) / total_capacity)
    fair = {vid: math.ceil(c * share) + 1 for vid, c in capacity.items()}
    first_vehicle = {vid: vehicles[0] for vid, vehicles in vehicles_of.items()}
    options: dict[str, list[tuple[float, str]]] = {}
    for elder_id, stops in stops_by_elder.items():
        options[elder_id] = _visitor_costs_for(
            week, elder_id, stops, problem, vehicle_days, first_vehicle
        )

    def regret(elder_id: str) -> float:
        costs = options[elder_id]
        return math.inf if len(costs) < 2 else costs[1][0] - costs[0][0]

    load: dict[str, int] = defaultdict(int)
    chosen: dict[str, list[int]] = defaultdict(list)
    for elder_id in sorted(options, key=lambda e: (-regret(e), e)):
        stops = stops_by_elder[elder_id]
        costs = options[elder_id]
        if not costs:
            continue
        pick = next((vid for _, vid in costs if load[vid] + len(stops) <= fair[vid]), None)
        pick = pick or next(
            (vid for _, vid in costs if load[vid] + len(stops) <= capacity[vid]), None
        )
        pick = pick or costs[0][1]
        load[pick] += len(stops)
        chosen[pick].extend(stops)
    return chosen


def _visitor_costs_for(
    week: TownWeek,
    elder_id: str,
    stops: list[int],
    problem: routing.RoutingProblem,
    vehicle_days: list[tuple[str, date]],
    first_vehicle: dict[str, int],
) -> list[tuple[float, str]]:
    """The visitors who could make all of an elder's visits, cheapest first."""
    allowed_visitors = [
        {vehicle_days[n][0] for n in problem.stops[s].allowed_vehicles} for s in stops
    ]
    able = set.intersection(*allowed_visitors) if allowed_visitors else set()
    usual = week.elders[elder_id].usual_visitor_id
    bonus = week.policy.usual_visitor_bonus_minutes
    node = problem.stops[stops[0]].node
    costs = []
    for visitor_id in able:
        vehicle = problem.vehicles[first_vehicle[visitor_id]]
        minutes = float(problem.travel_time[vehicle.travel_key][vehicle.start_node, node])
        costs.append((minutes - (bonus if visitor_id == usual else 0), visitor_id))
    return sorted(costs)


def _build_home_problem(
    week: TownWeek, home: list[DueVisit], days: dict[tuple[str, date], _Day], service: int
) -> tuple[routing.RoutingProblem, list[tuple[str, date]], list[LonLat]]:
    visitors = list(week.visitors)
    locations = [v.start for v in visitors] + [week.elders[v.elder_id].location for v in home]
    road_km = road_km_matrix(locations, detour_factor=week.policy.detour_factor)
    travel_min: dict[str, NDArray[np.int64]] = {}
    cost_base: dict[str, NDArray[np.int64]] = {}
    for mode in {v.travel_mode for v in visitors}:
        seconds = travel_seconds(road_km, speed_kph=week.policy.speed_kph[mode])
        travel_min[mode.value] = whole_minutes(seconds)
        cost_base[mode.value] = np.rint(seconds).astype(np.int64)

    vehicle_days = [
        key
        for key in sorted(days, key=lambda k: (k[1], k[0]))
        if days[key].visitor.max_home_visits_per_day > 0
    ]
    first_stop_node = len(visitors)
    stops = []
    allowed_by_stop = []
    for i, visit in enumerate(home):
        elder = week.elders[visit.elder_id]
        allowed = [
            n
            for n, (vid, d) in enumerate(vehicle_days)
            if can_serve(week, visit, days[(vid, d)].visitor, d, service)
        ]
        allowed_by_stop.append(allowed)
        windows = _start_windows(list(elder.windows), service) or ((0, 0),)
        penalty = _TIER_PENALTY[visit.tier] * (2 if visit.due_by <= week.days[-1] else 1)
        stops.append(routing.Stop(first_stop_node + i, service, windows, tuple(allowed), penalty))

    visit_cost = _usual_visitor_costs(week, home, visitors, allowed_by_stop, vehicle_days)
    visitor_index = {v.visitor_id: n for n, v in enumerate(visitors)}
    vehicles = []
    for vid, _day in vehicle_days:
        visitor = visitors[visitor_index[vid]]
        node = visitor_index[vid]
        vehicles.append(
            routing.Vehicle(
                start_node=node,
                end_node=node,
                travel_key=visitor.travel_mode.value,
                cost_key=visitor.travel_mode.value,
                shift_start=visitor.shift.start_min,
                shift_end=visitor.shift.end_min,
                capacity=visitor.max_home_visits_per_day,
                visit_cost_key=vid if vid in visit_cost else None,
            )
        )
    problem = routing.RoutingProblem(travel_min, cost_base, vehicles, stops, visit_cost)
    return problem, vehicle_days, locations


def _usual_visitor_costs(
    week: TownWeek,
    home: list[DueVisit],
    visitors: list[Visitor],
    allowed_by_stop: list[list[int]],
    vehicle_days: list[tuple[str, date]],
) -> dict[str, NDArray[np.int64]]:
    """Per visitor, what visiting each node costs extra: the bonus, at the homes of elders whose
    usual visitor is someone else.

    Only where the usual visitor could make the visit at all, so that the preference never
    drops a visit.
    """
    bonus_s = week.policy.usual_visitor_bonus_minutes * 60
    if bonus_s == 0:
        return {}
    preferred: dict[int, str] = {}
    for i, visit in enumerate(home):
        usual = week.elders[visit.elder_id].usual_visitor_id
        if usual and any(vehicle_days[n][0] == usual for n in allowed_by_stop[i]):
            preferred[len(visitors) + i] = usual
    if not preferred:
        return {}
    costs = {}
    nodes = len(visitors) + len(home)
    for visitor in visitors:
        vector = np.zeros(nodes, dtype=np.int64)
        vector[[node for node, usual in preferred.items() if usual != visitor.visitor_id]] = bonus_s
        costs[visitor.visitor_id] = vector
    return costs


def _book_route(
    week: TownWeek,
    day: _Day,
    route: routing.VehicleRoute,
    home: list[DueVisit],
    locations: list[LonLat],
    service: int,
) -> DayRoute:
    visitor = day.visitor
    start_place = visitor.start
    path = [start_place]
    elder_ids = []
    for stop in route.stops:
        visit = home[stop.stop]
        arrival = stop.start
        # The visitor waits before setting out, so the leg ends at the arrival.
        day.occupy(arrival - stop.travel, arrival + service)
        day.book(visit, VisitMode.HOME, arrival, arrival + service, stop.travel)
        path.append(week.elders[visit.elder_id].location)
        elder_ids.append(visit.elder_id)
    last_departure = route.stops[-1].start + service
    day.occupy(last_departure, last_departure + route.return_travel)
    path.append(start_place)
    travel_total = sum(s.travel for s in route.stops) + route.return_travel
    return DayRoute(
        visitor.visitor_id,
        day.day,
        tuple(path),
        tuple(elder_ids),
        travel_total,
        round(path_km(path), 3),
    )


# ---------------------------------------------------------------------------------------------
# Phone and online visits


def _plan_remote_visits(
    week: TownWeek, remote: list[DueVisit], days: dict[tuple[str, date], _Day]
) -> list[DueVisit]:
    by_visitor: dict[str, list[_Day]] = defaultdict(list)
    for (vid, _), day in sorted(days.items()):
        by_visitor[vid].append(day)
    unplaced = []
    ordered = sorted(remote, key=lambda v: (v.due_by, list(Tier).index(v.tier), v.elder_id))
    for visit in ordered:
        if not _place_remote(week, visit, by_visitor):
            unplaced.append(visit)
    return unplaced


def _place_remote(week: TownWeek, visit: DueVisit, by_visitor: dict[str, list[_Day]]) -> bool:
    elder = week.elders[visit.elder_id]
    duration = week.policy.visit_minutes[visit.mode]
    candidates = [v for v in week.visitors if v.serves(elder.town, elder.village)]
    load = {v.visitor_id: sum(d.busy_min for d in by_visitor[v.visitor_id]) for v in candidates}
    candidates.sort(
        key=lambda v: (v.visitor_id != elder.usual_visitor_id, load[v.visitor_id], v.visitor_id)
    )
    for visitor in candidates:
        open_days = [
            d
            for d in by_visitor[visitor.visitor_id]
            if can_serve(week, visit, visitor, d.day, duration)
        ]
        for day in sorted(open_days, key=lambda d: (d.busy_min, d.day)):
            start = day.place(duration, elder.windows)
            if start is None:
                continue
            mode = visit.mode if visit.mode.is_remote else VisitMode.PHONE
            day.book(visit, mode, start, start + duration, travel_min=0)
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Reasons a coordinator can act on


def _explain(
    week: TownWeek, visit: DueVisit, days: dict[tuple[str, date], _Day]
) -> UnassignedVisit:
    """Why a due visit is not planned: the first rule that fails, and what would fix it.

    Each reason comes in English (``unassigned.csv``) and Chinese (the spreadsheet).
    """

    def unassigned(english: str, chinese: str) -> UnassignedVisit:
        return UnassignedVisit(
            visit.elder_id, visit.tier, visit.due_by, english, visit.mode, visit.reason, chinese
        )

    elder = week.elders[visit.elder_id]
    place, village = f"{elder.village} ({elder.town})", elder.village
    span, span_zh = _span(visit.earliest, visit.latest), _span_zh(visit.earliest, visit.latest)
    serving = [v for v in week.visitors if v.serves(elder.town, elder.village)]
    if not serving:
        return unassigned(
            f"no visitor serves {place}: add one, or add {village} to a visitor's villages",
            f"没有探访人员服务{place}：请增加人员，或把{village}加入某位人员的服务村居",
        )
    working = [
        (v, d)
        for v in serving
        for d in week.days
        if visit.allows(d) and (v.visitor_id, d) in week.working
    ]
    if not working:
        holidays = _holidays(week, visit)
        note = f" ({holidays} public holiday)" if holidays else ""
        note_zh = f"（{holidays}为法定节假日）" if holidays else ""
        return unassigned(
            f"no visitor serving {place} works {span}{note}: let one of them work one of "
            "these days, or add a visitor",
            f"服务{place}的人员{span_zh}均不上班{note_zh}：请安排其中一人在这几天上班，或增加人员",
        )
    duration = week.policy.visit_minutes[visit.mode]
    if visit.mode is VisitMode.HOME:
        working = [(v, d) for v, d in working if v.max_home_visits_per_day > 0]
        if not working:
            ids = _names(sorted({v.visitor_id for v in serving}))
            return unassigned(
                f"the visitors serving {place} ({ids}) make no home visits "
                "(max_home_visits_per_day is 0): raise it for one of them",
                f"服务{place}的人员（{ids}）每日最多入户为0：请为其中一人调高",
            )
    fitting = [(v, d) for v, d in working if can_serve(week, visit, v, d, duration)]
    ids = _names(sorted({v.visitor_id for v, _ in working}))
    if not fitting:
        if elder.time_windows:
            hours = ", ".join(str(w) for w in elder.time_windows)
            # The row names the elder; an id repeated in the text could be an ID number.
            return unassigned(
                f"the elder's visiting hours {hours} leave no {duration} minutes inside the "
                f"shifts of {ids} {span}: widen the hours or change a shift",
                f"老人的可探访时段{hours}与{ids}的工作时段重叠不足{duration}分钟"
                f"（{span_zh}）：请放宽时段或调整工作时段",
            )
        return unassigned(
            f"the shifts of {ids} are shorter than a {duration}-minute visit: lengthen a shift",
            f"{ids}的工作时段短于一次{duration}分钟的探访：请延长工作时段",
        )
    fit_ids = _names(sorted({v.visitor_id for v, _ in fitting}))
    if visit.mode is VisitMode.HOME and all(
        days[(v.visitor_id, d)].home_visits >= v.max_home_visits_per_day for v, d in fitting
    ):
        return unassigned(
            f"the visitors who could go ({fit_ids}) have their full daily home visits on every "
            f"day {span}: add a visitor or raise max_home_visits_per_day",
            f"可前往的人员（{fit_ids}）{span_zh}每天的入户次数均已满：请增加人员或提高每日最多入户",
        )
    saturday = any(5 in v.work_weekdays for v, _ in fitting)
    advice = f"add a visitor serving {village}" + ("" if saturday else " or allow Saturday")
    advice_zh = f"请增加服务{village}的人员" + ("" if saturday else "或安排周六工作")
    if visit.mode is VisitMode.HOME:
        return unassigned(
            f"the shifts of {fit_ids} cannot fit this home visit with its travel {span}: {advice}",
            f"{fit_ids}的工作时段{span_zh}已排不下这次入户及路程：{advice_zh}",
        )
    return unassigned(
        f"the shifts of {fit_ids} are full {span}: {advice}",
        f"{fit_ids}的工作时段{span_zh}已满：{advice_zh}",
    )


def _holidays(week: TownWeek, visit: DueVisit) -> str:
    calendar = WorkCalendar(week.policy)
    days = [d for d in week.days if visit.allows(d) and calendar.is_public_holiday(d)]
    return ", ".join(str(d) for d in days)


def _span_zh(first: date, last: date) -> str:
    if first == last:
        return f"在{first}（{_WEEKDAY_ZH[first.weekday()]}）"
    return (
        f"在{first}（{_WEEKDAY_ZH[first.weekday()]}）至{last}（{_WEEKDAY_ZH[last.weekday()]}）期间"
    )


def _span(first: date, last: date) -> str:
    if first == last:
        return f"on {_WEEKDAY_EN[first.weekday()]} {first}"
    return (
        f"between {_WEEKDAY_EN[first.weekday()]} {first} and {_WEEKDAY_EN[last.weekday()]} {last}"
    )


def _names(ids: list[str]) -> str:
    if len(ids) <= 4:
        return " and ".join([", ".join(ids[:-1]), ids[-1]]) if len(ids) > 1 else ids[0]
    return ", ".join(ids[:3]) + f" and {len(ids) - 3} others"
