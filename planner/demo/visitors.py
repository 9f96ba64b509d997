"""The demo district's visitors: their roles, areas, working weeks and starts, and usual visitors.

The visitors are the eight kinds of the policy, split over the towns in proportion to their
elders: village staff serving one to three neighbouring villages, social workers and
care-institution staff serving four to eight, family doctors serving the town or a part of it,
part-time volunteers and elders' association members, property staff in urban communities and
the odd neighbour. Every village is served by at least two visitors who work every weekday, and
the home-visit capacity is several times the weekly need. Most elders then get a usual visitor
among those serving their village.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from planner.demo.draws import apportion, stochastic_round
from planner.demo.geography import GCJ02_SHARE, Point, Town, Village, coordinate_cells, scatter
from planner.demo.names import person_name
from planner.demo.people import ElderDraft
from planner.model import Role

# The columns of the visitors' table: all of ../shared/CONTRACT.md's, in its order.
VISITOR_HEADERS = (
    "visitor_id", "name", "role", "town", "villages", "start_lon", "start_lat", "coord_system",
    "travel_mode", "work_days", "shift", "max_home_visits_per_day",
)  # fmt: skip

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PART_TIME_DAYS = (
    ("Mon,Wed,Fri", 0.35), ("Tue,Thu", 0.3), ("Tue,Thu,Sat", 0.15), ("Mon,Wed,Fri,Sat", 0.1),
    ("Mon-Fri", 0.1),
)  # fmt: skip
# Shares of a town's visitors; village staff take the rest. Property staff work only in towns
# with several communities.
_ROLE_SHARES = (
    (Role.FAMILY_DOCTOR, 0.07), (Role.SOCIAL_WORKER, 0.06), (Role.CARE_INSTITUTION, 0.07),
    (Role.VOLUNTEER, 0.08), (Role.ELDERS_ASSOCIATION, 0.06), (Role.PROPERTY_STAFF, 0.05),
    (Role.NEIGHBOUR_RELATIVE, 0.015),
)  # fmt: skip
_PART_TIME_ROLES = (Role.VOLUNTEER, Role.ELDERS_ASSOCIATION, Role.NEIGHBOUR_RELATIVE)
_EMPTY_START_SHARE = 0.1
_USUAL_VISITOR_SHARE = 0.6


@dataclass(eq=False)
class VisitorDraft:
    """A visitor's row of the table, while it is being made."""

    visitor_id: str
    name: str
    role: Role
    town: str
    villages: list[Village]
    """Served villages; empty is the whole town."""
    start: Point | None = None
    travel_mode: str = "ebike"
    work_days: str = "Mon-Fri"
    shift: str = "08:30-17:00"
    max_home_visits_per_day: int = 8
    blank_defaults: bool = False
    """True: a standard week and shift are left empty, which the reader takes as the default."""
    gcj02: bool = False

    @property
    def weekly_capacity(self) -> int:
        return self.max_home_visits_per_day * len(_days_of(self.work_days))

    def serves(self, village: Village) -> bool:
        return village.town == self.town and (not self.villages or village in self.villages)

    def row(self) -> dict[str, str]:
        start_lon = start_lat = system = ""
        if self.start is not None:
            start_lon, start_lat, system = coordinate_cells(self.start, gcj02=self.gcj02)
        standard = self.work_days == "Mon-Fri" and self.shift == "08:30-17:00"
        leave_empty = standard and self.blank_defaults
        return {
            "visitor_id": self.visitor_id,
            "name": self.name,
            "role": self.role.value,
            "town": self.town,
            "villages": ";".join(village.name for village in self.villages),
            "start_lon": start_lon,
            "start_lat": start_lat,
            "coord_system": system,
            "travel_mode": self.travel_mode,
            "work_days": "" if leave_empty else self.work_days,
            "shift": "" if leave_empty else self.shift,
            "max_home_visits_per_day": str(self.max_home_visits_per_day),
        }


def _days_of(work_days: str) -> set[int]:
    """Weekday numbers (0 = Monday) of a work-days text as this module writes it."""
    days: set[int] = set()
    for part in work_days.split(","):
        first, _, last = part.partition("-")
        start = _WEEKDAYS.index(first)
        days.update(range(start, _WEEKDAYS.index(last or first) + 1))
    return days


def make_visitors(
    towns: Sequence[Town], villages: Sequence[Village], count: int, rng: random.Random
) -> list[VisitorDraft]:
    """``count`` visitors split over the towns by their elders, each with area and week."""
    by_town: dict[str, list[Village]] = {town.name: [] for town in towns}
    for village in villages:
        by_town[village.town].append(village)
    elders_per_town = [sum(len(village.elders) for village in by_town[town.name]) for town in towns]
    per_town = apportion(count, [float(n) for n in elders_per_town], minimum=2)
    visitors: list[VisitorDraft] = []
    width = max(4, len(str(count)))
    for town, town_count in zip(towns, per_town, strict=True):
        chain = _neighbour_chain(by_town[town.name])
        communities = sum(village.community for village in chain)
        roles = _town_roles(town_count, rng, with_property_staff=communities >= 3)
        drafts = [
            VisitorDraft(f"V{len(visitors) + index + 1:0{width}d}", "", role, town.name, [])
            for index, role in enumerate(roles)
        ]
        _assign_areas(drafts, chain, rng)
        _ensure_two_weekday_visitors(drafts, chain)
        for draft in drafts:
            _set_working_pattern(draft, town, rng)
        visitors.extend(drafts)
    return visitors


def _town_roles(count: int, rng: random.Random, *, with_property_staff: bool) -> list[Role]:
    """The roles of a town's visitors: mostly village staff, two working every weekday at least."""
    roles: list[Role] = []
    for role, share in _ROLE_SHARES:
        if role is Role.PROPERTY_STAFF and not with_property_staff:
            continue
        wanted = stochastic_round(count * share, rng)
        if role is Role.FAMILY_DOCTOR and count >= 4:
            wanted = max(1, wanted)  # every town has a health centre
        roles.extend([role] * wanted)
    # At least half are village staff, and at least two visitors work every weekday.
    roles = roles[: count - max(1, math.ceil(count / 2))]
    roles += [Role.VILLAGE_STAFF] * (count - len(roles))
    while sum(role not in _PART_TIME_ROLES for role in roles) < 2:
        part_timer = next(i for i, role in enumerate(roles) if role in _PART_TIME_ROLES)
        roles[part_timer] = Role.VILLAGE_STAFF
    return roles


# --- areas -------------------------------------------------------------------------------------


def _neighbour_chain(villages: Sequence[Village]) -> list[Village]:
    """The town's villages in an order where neighbours follow each other.

    Nearest-next from the westernmost village, then untangled by 2-opt so that runs cut from
    the chain (a visitor's villages) seldom straddle a long jump.
    """
    remaining = sorted(villages, key=lambda v: (v.centre.east_km, v.centre.north_km))
    chain = [remaining.pop(0)]
    while remaining:
        last = chain[-1].centre
        nearest = min(range(len(remaining)), key=lambda i: remaining[i].centre.distance_km(last))
        chain.append(remaining.pop(nearest))
    if len(chain) <= _MAX_VILLAGES_TO_UNTANGLE:
        _two_opt([village.centre for village in chain], chain)
    return chain


# 2-opt is quadratic a pass: bigger towns keep the nearest-next order, and passes are capped.
_MAX_VILLAGES_TO_UNTANGLE = 150
_MAX_UNTANGLE_PASSES = 8


def _two_opt(points: list[Point], order: list[Village]) -> None:
    """Shorten the open path through ``points`` by reversing runs, in place (both lists)."""

    def gap(a: int, b: int) -> float:
        # The ends of an open path join "nothing", which is no distance from anywhere.
        if a < 0 or b >= len(points):
            return 0.0
        return points[a].distance_km(points[b])

    for _ in range(_MAX_UNTANGLE_PASSES):
        improved = False
        for first in range(-1, len(points) - 2):
            for last in range(first + 2, len(points)):
                before = gap(first, first + 1) + gap(last, last + 1)
                after = gap(first, last) + gap(first + 1, last + 1)
                if after < before - 1e-9:
                    points[first + 1 : last + 1] = points[first + 1 : last + 1][::-1]
                    order[first + 1 : last + 1] = order[first + 1 : last + 1][::-1]
                    improved = True
        if not improved:
            return


def _assign_areas(
    drafts: Sequence[VisitorDraft], chain: Sequence[Village], rng: random.Random
) -> None:
    """Which villages each visitor serves, by role, along the chain of neighbouring villages."""
    needs = [village.need + 0.5 for village in chain]  # +0.5: a village with no need is still there
    of_role = {role: [d for d in drafts if d.role is role] for role in Role}
    _assign_village_staff(of_role[Role.VILLAGE_STAFF], chain, needs, rng)
    wide = of_role[Role.SOCIAL_WORKER] + of_role[Role.CARE_INSTITUTION]
    for index, draft in enumerate(wide):
        # Runs of four to eight villages spread evenly along the chain.
        width = min(len(chain), rng.randint(4, 8))
        if len(wide) > 1:
            first = round(index * (len(chain) - width) / (len(wide) - 1))
        else:
            first = rng.randrange(len(chain) - width + 1)
        draft.villages = list(chain[first : first + width])
    doctors = of_role[Role.FAMILY_DOCTOR]
    if len(doctors) > 1:  # one doctor serves the whole town; several split it (extras: whole town)
        groups = _contiguous_groups(needs, min(len(doctors), len(chain)))
        for doctor, group in zip(doctors, groups, strict=False):
            doctor.villages = [chain[i] for i in group]
    part_time_reach = (
        (Role.VOLUNTEER, 3),
        (Role.ELDERS_ASSOCIATION, 2),
        (Role.NEIGHBOUR_RELATIVE, 1),
    )
    for role, most in part_time_reach:
        for draft in of_role[role]:
            home = rng.choices(range(len(chain)), weights=needs)[0]
            draft.villages = _stretch(chain, home, rng.randint(1, most))
    communities = [village for village in chain if village.community]
    for draft in of_role[Role.PROPERTY_STAFF]:
        draft.villages = _stretch(communities, rng.randrange(len(communities)), rng.randint(1, 2))


def _assign_village_staff(
    staff: Sequence[VisitorDraft],
    chain: Sequence[Village],
    needs: Sequence[float],
    rng: random.Random,
) -> None:
    """Village staff: groups of neighbouring villages balanced by need, or several per village."""
    if not staff:
        return
    if len(staff) < len(chain):
        for draft, group in zip(staff, _contiguous_groups(needs, len(staff)), strict=True):
            draft.villages = [chain[i] for i in group]
        return
    per_village = apportion(len(staff), list(needs), minimum=1)
    homes = [index for index, n in enumerate(per_village) for _ in range(n)]
    for draft, home in zip(staff, homes, strict=True):
        extra = rng.choices((0, 1, 2), weights=(0.5, 0.35, 0.15))[0]
        draft.villages = _stretch(chain, home, 1 + extra)


def _stretch(chain: Sequence[Village], home: int, count: int) -> list[Village]:
    """``count`` neighbouring villages of the chain starting at ``home`` (home first)."""
    count = min(count, len(chain))
    first = min(home, len(chain) - count)
    around = list(chain[first : first + count])
    around.remove(chain[home])
    return [chain[home], *around]


def _contiguous_groups(weights: Sequence[float], count: int) -> list[range]:
    """Cut ``range(len(weights))`` into ``count`` non-empty runs of about equal weight."""
    total = math.fsum(weights)
    cuts = [0]
    running = 0.0
    for index, weight in enumerate(weights):
        groups_left = count - len(cuts)
        if groups_left == 0:
            break
        slots_left = len(weights) - index
        # Cut here when the running weight passes the next quantile, or when it must.
        due = running + weight / 2 >= total * len(cuts) / count
        if index > cuts[-1] and (due or slots_left == groups_left):
            cuts.append(index)
        running += weight
    cuts.append(len(weights))
    return [range(start, end) for start, end in itertools.pairwise(cuts)]


def _ensure_two_weekday_visitors(drafts: Sequence[VisitorDraft], chain: Sequence[Village]) -> None:
    """Widen areas until every village has two visitors who work every weekday."""
    weekday_staff = [d for d in drafts if d.role not in _PART_TIME_ROLES]
    position_of = {id(village): index for index, village in enumerate(chain)}

    def chain_gap(draft: VisitorDraft, position: int) -> int:
        return min(abs(position_of[id(village)] - position) for village in draft.villages)

    for position, village in enumerate(chain):
        serving = [d for d in weekday_staff if d.serves(village)]
        while len(serving) < 2:
            # The nearest along the chain, the one with fewest villages among equals.
            helper = min(
                (d for d in weekday_staff if d not in serving),
                key=lambda d: (chain_gap(d, position), len(d.villages), d.visitor_id),
            )
            helper.villages.append(village)
            serving.append(helper)


# --- working weeks and starts ------------------------------------------------------------------


def _set_working_pattern(draft: VisitorDraft, town: Town, rng: random.Random) -> None:
    role = draft.role
    old = role in (Role.ELDERS_ASSOCIATION, Role.NEIGHBOUR_RELATIVE)
    draft.name = person_name(rng, female=rng.random() < 0.55, old=old)
    urban = bool(draft.villages) and all(village.community for village in draft.villages)
    if role in _PART_TIME_ROLES:
        draft.work_days = rng.choices(
            [days for days, _ in _PART_TIME_DAYS], weights=[w for _, w in _PART_TIME_DAYS]
        )[0]
        draft.shift = rng.choice(("08:00-12:00", "08:00-12:00", "14:00-17:30", "09:00-16:00"))
        most = 3 if role is Role.NEIGHBOUR_RELATIVE else 4
        draft.max_home_visits_per_day = rng.randint(most - 1, most)
        draft.travel_mode = rng.choice(("walk", "bike", "ebike")) if not urban else "walk"
    else:
        saturdays = role is Role.VILLAGE_STAFF and rng.random() < 0.15
        draft.work_days = "Mon-Sat" if saturdays else "Mon-Fri"
        draft.shift = "09:00-16:00" if rng.random() < 0.12 else "08:30-17:00"
        draft.max_home_visits_per_day = rng.choices((6, 7, 8, 9, 10), weights=(1, 2, 5, 2, 1))[0]
        draft.travel_mode = _full_time_travel_mode(role, urban, rng)
    draft.blank_defaults = rng.random() < 0.15
    draft.start = _start_point(draft, town, rng)
    draft.gcj02 = draft.start is not None and rng.random() < GCJ02_SHARE


def _full_time_travel_mode(role: Role, urban: bool, rng: random.Random) -> str:
    if role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER):
        return "car" if rng.random() < 0.45 else "ebike"
    if urban and role in (Role.VILLAGE_STAFF, Role.PROPERTY_STAFF):
        return "walk" if rng.random() < 0.6 else "ebike"
    return rng.choices(("ebike", "bike", "car"), weights=(0.8, 0.12, 0.08))[0]


def _start_point(draft: VisitorDraft, town: Town, rng: random.Random) -> Point | None:
    """Where the day starts: the town's health centre or social-work station, or an office or home
    in the first village served. Some rows leave it empty (the reader uses the first village)."""
    if draft.role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER) and not draft.villages:
        return scatter(rng, town.centre, sigma_km=0.3, max_km=0.6)
    if rng.random() < _EMPTY_START_SHARE:
        return None
    if draft.role in (Role.FAMILY_DOCTOR, Role.SOCIAL_WORKER):
        return scatter(rng, town.centre, sigma_km=0.3, max_km=0.6)
    return scatter(rng, draft.villages[0].centre, sigma_km=0.08, max_km=0.15)


# --- usual visitors ----------------------------------------------------------------------------


def choose_usual_visitors(
    elders: Sequence[ElderDraft],
    visitors: Sequence[VisitorDraft],
    villages: Sequence[Village],
    rng: random.Random,
) -> None:
    """Give most elders a usual visitor serving their village, spreading the load by capacity.

    Each elder's visitor is the least loaded of a few drawn from those serving the village (the
    "power of a few choices": nearly as even as the least loaded of all, at a fraction of the cost).
    """
    serving: dict[int, list[VisitorDraft]] = {id(village): [] for village in villages}
    for visitor in visitors:
        area = visitor.villages or [v for v in villages if v.town == visitor.town]
        for village in area:
            serving[id(village)].append(visitor)
    capacity = {id(visitor): visitor.weekly_capacity for visitor in visitors}
    load = {id(visitor): 0.0 for visitor in visitors}
    for elder in elders:
        if rng.random() >= _USUAL_VISITOR_SHARE:
            continue
        weight = max(elder.weekly_home_visits, 0.05)  # phone calls take time too
        candidates = serving[id(elder.village)]
        drawn = rng.sample(candidates, min(3, len(candidates)))
        best = min(drawn, key=lambda v: load[id(v)] / capacity[id(v)])
        if (load[id(best)] + weight) / capacity[id(best)] > 0.7:
            continue  # everyone drawn is busy enough: leave the choice to the planner
        load[id(best)] += weight
        elder.row["usual_visitor_id"] = best.visitor_id
