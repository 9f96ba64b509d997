"""The domain: elders, visitors, visits and plans, as plain frozen dataclasses.

Units are written into names: ``*_min`` are minutes since midnight (times of day) or minutes
(durations), ``km`` kilometres. Places are WGS-84 ``LonLat`` from ``geo``; every coordinate in
this module has already been converted to WGS-84 on the way in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from geo.crs import LonLat


class Tier(StrEnum):
    KEY = "key"
    SECONDARY = "secondary"
    GENERAL = "general"


class Ability(StrEnum):
    """Loss-of-ability assessment (能力评估)."""

    INTACT = "intact"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    TOTAL = "total"
    UNASSESSED = "unassessed"


class VisitMode(StrEnum):
    HOME = "home"
    PHONE = "phone"
    ONLINE = "online"
    ROAD = "road"

    @property
    def is_remote(self) -> bool:
        """A visit that needs no travel: it takes a slot in the shift but no route."""
        return self in (VisitMode.PHONE, VisitMode.ONLINE)


class Role(StrEnum):
    """The eight kinds of visitor of the policy (二(二))."""

    VILLAGE_STAFF = "village_staff"
    CARE_INSTITUTION = "care_institution"
    SOCIAL_WORKER = "social_worker"
    FAMILY_DOCTOR = "family_doctor"
    ELDERS_ASSOCIATION = "elders_association"
    PROPERTY_STAFF = "property_staff"
    VOLUNTEER = "volunteer"
    NEIGHBOUR_RELATIVE = "neighbour_relative"


class TravelMode(StrEnum):
    WALK = "walk"
    BIKE = "bike"
    EBIKE = "ebike"
    CAR = "car"


class VisitReason(StrEnum):
    REGULAR = "regular"
    WEATHER = "weather"
    FESTIVAL = "festival"
    FOLLOWUP = "followup"
    URGENT = "urgent"


class VisitConsent(StrEnum):
    """What the elder agreed to (同意探访方式): home visits, calls only, or no visits at all."""

    HOME = "home"
    CALLS_ONLY = "calls_only"
    NONE = "none"


class ConsentGiver(StrEnum):
    """Who gave the consent: the elder, or the person supporting them (监护人/赡养人)."""

    ELDER = "elder"
    SUPPORTER = "supporter"


@dataclass(frozen=True, order=True)
class TimeWindow:
    """A span of one day, ``start_min`` inclusive to ``end_min`` exclusive, in minutes."""

    start_min: int
    end_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_min < self.end_min <= 24 * 60:
            raise ValueError(f"time window {self.start_min}-{self.end_min} is not within a day")

    def intersect(self, other: TimeWindow) -> TimeWindow | None:
        start, end = max(self.start_min, other.start_min), min(self.end_min, other.end_min)
        return TimeWindow(start, end) if start < end else None

    def __str__(self) -> str:
        return f"{format_hhmm(self.start_min)}-{format_hhmm(self.end_min)}"


ALL_DAY = TimeWindow(0, 24 * 60)


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Elder:
    elder_id: str
    name: str
    town: str
    village: str
    location: LonLat
    birth_date: date | None = None
    stated_age: int | None = None
    approximate_location: bool = False
    sex: str | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    lives_alone: bool = False
    empty_nest: bool = False
    left_behind: bool = False
    family_planning_special: bool = False
    disability_grade: int | None = None
    ability: Ability = Ability.UNASSESSED
    bedridden: bool = False
    limited_mobility: bool = False
    dementia: bool = False
    home_visit_consent: bool = True
    time_windows: tuple[TimeWindow, ...] = ()
    emergency_contact: str | None = None
    emergency_phone: str | None = None
    usual_visitor_id: str | None = None
    visit_consent: VisitConsent | None = None
    """None: not yet asked (or a table that does not record it)."""
    consent_given_by: ConsentGiver | None = None
    consent_date: date | None = None

    def age_on(self, day: date) -> int:
        """Whole years on ``day``; the stated age when there is no birth date."""
        if self.birth_date is None:
            if self.stated_age is None:
                raise ValueError(f"elder {self.elder_id} has neither birth_date nor age")
            return self.stated_age
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)

    @property
    def windows(self) -> tuple[TimeWindow, ...]:
        """The elder's visiting windows; any time of day when none were given."""
        return self.time_windows or (ALL_DAY,)


@dataclass(frozen=True)
class Visitor:
    visitor_id: str
    name: str
    role: Role
    town: str
    start: LonLat
    villages: frozenset[str] = frozenset()
    approximate_start: bool = False
    travel_mode: TravelMode = TravelMode.EBIKE
    work_weekdays: frozenset[int] = frozenset(range(5))
    """Weekdays worked, 0 = Monday."""
    shift: TimeWindow = TimeWindow(8 * 60 + 30, 17 * 60)
    max_home_visits_per_day: int = 8

    def serves(self, town: str, village: str) -> bool:
        """Whether the elder's place lies in this visitor's area (empty villages: whole town)."""
        return town == self.town and (not self.villages or village in self.villages)


@dataclass(frozen=True)
class PastVisit:
    """A visit that was made (the history table).

    Only regular visits count toward an elder's monthly visits: weather and festival contacts
    come on top of them, as the notice asks.
    """

    day: date
    elder_id: str
    visitor_id: str
    mode: VisitMode
    reason: VisitReason = VisitReason.REGULAR


class WarningLevel(StrEnum):
    """China's four warning colours (预警等级), mildest first."""

    BLUE = "blue"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"

    @property
    def severe(self) -> bool:
        return self in (WarningLevel.ORANGE, WarningLevel.RED)


@dataclass(frozen=True)
class WeatherWarning:
    """An extreme-weather warning for an area (a town, or villages of it) and a date range."""

    town: str
    start: date
    end: date
    severe: bool = False
    villages: frozenset[str] = frozenset()
    kind: str = ""
    level: WarningLevel | None = None

    @property
    def is_severe(self) -> bool:
        """Orange and red are severe; an explicit ``severe`` says so for any colour (or none)."""
        return self.severe or (self.level is not None and self.level.severe)

    def covers(self, town: str, village: str) -> bool:
        return town == self.town and (not self.villages or village in self.villages)


@dataclass(frozen=True)
class Alarm:
    """An alarm about an elder (a smart device, a call, a bereavement, a disaster in a record):
    a home visit is owed within a day of ``at``."""

    elder_id: str
    at: datetime
    kind: str = ""


class Priority(StrEnum):
    """Which visits come first when visitors are short; the policy file orders them."""

    MONTH_FLOOR = "month_floor"
    """The elder's first contact of the month (every elder is visited at least once a month)."""
    FIRST_HOME_VISIT = "first_home_visit"
    """A key or secondary elder's first home visit of the month, after a call or road visit."""
    KEY = "key"
    SECONDARY = "secondary"
    GENERAL = "general"
    """Further visits (and extra contacts) of an elder of that tier."""


@dataclass(frozen=True)
class DueVisit:
    """A visit the policy asks for in the planning week.

    ``earliest``..``latest`` are the days it may be made on (inside the week); ``due_by`` is the
    day the policy wants it done by, which may lie after the week.
    """

    elder_id: str
    tier: Tier
    mode: VisitMode
    reason: VisitReason
    earliest: date
    latest: date
    due_by: date
    note: str = ""
    shortfall: Reason | None = None
    """Why the visit cannot be made this week at all (``Demand.unplannable``), else None."""
    priority: Priority | None = None
    """Its class when visitors are short (``[priorities] order``); None: its tier's class."""

    def allows(self, day: date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def priority_class(self) -> Priority:
        return self.priority or Priority(self.tier.value)


@dataclass(frozen=True)
class PlannedVisit:
    """One row of the roster."""

    day: date
    visitor_id: str
    elder_id: str
    tier: Tier
    mode: VisitMode
    sequence: int
    arrival_min: int
    departure_min: int
    travel_minutes: int
    reason: VisitReason
    due_by: date


class Blocked(StrEnum):
    """What stopped a home visit in one visitor's day it was tried in after the search."""

    OUT_OF_REACH = "out_of_reach"
    """Even alone in the day, the visit and the way there and back miss the elder's hours or
    the shift."""
    CAP_FULL = "cap_full"
    """The day's home visits are at the daily cap, and that alone is in the way: with room for
    one more the visit would fit among them."""
    DAY_FULL = "day_full"
    """The day's other visits leave no gap for the visit and its travel, and moving any one of
    them to another visitor's day where it fits does not make one."""


@dataclass(frozen=True, order=True)
class DayBlock:
    """One visitor's day a left-out home visit was tried in, and what stopped it there."""

    visitor_id: str
    day: date
    blocked: Blocked
    home_visits: int
    """Home visits already in the day."""
    cap: int
    """The visitor's daily cap of home visits."""
    earliest_arrival_min: int
    """Setting out at the start of the shift, when the visitor could be at the elder's."""
    latest_start_min: int
    """The latest start of the visit that still gets the visitor back by the end of the shift."""
    shift_end_min: int


class ReasonCode(StrEnum):
    """Why a due visit is not planned: the first rule that fails (``planner.engine.reasons``), or
    the month's shortfall (``planner.demand``)."""

    NO_VISITOR_SERVES_VILLAGE = "no_visitor_serves_village"
    """No visitor's area holds the elder's village. Needs: village, town."""
    NOBODY_WORKS_THOSE_DAYS = "nobody_works_those_days"
    """No visitor of the village works a day the visit may be made on. Needs: village, town,
    first, last; holidays: those of the days that are public holidays."""
    NO_HOME_VISITS_ALLOWED = "no_home_visits_allowed"
    """The village's visitors make no home visits (a daily cap of 0). Needs: village, town,
    visitor_ids."""
    HOURS_MISS_SHIFTS = "hours_miss_shifts"
    """The elder's visiting hours leave no room for the visit in the shifts. Needs: hours,
    minutes, visitor_ids, first, last."""
    SHIFT_TOO_SHORT = "shift_too_short"
    """The shifts are shorter than one visit. Needs: minutes, visitor_ids."""
    DAILY_CAPS_FULL = "daily_caps_full"
    """Every visitor who could go has their daily home visits full. Needs: visitor_ids, first,
    last; blocks: the days, with their counts and caps."""
    HOME_VISIT_DOES_NOT_FIT = "home_visit_does_not_fit"
    """The shifts cannot fit the home visit and its travel. Needs: visitor_ids, first, last,
    village; works_saturday: whether one of them works Saturdays; blocks: what stopped it in
    each day (some days full, some at their cap, some out of reach)."""
    VISIT_OUT_OF_REACH = "visit_out_of_reach"
    """For every visitor who could go, even alone in a day the way there and back and the
    visit miss the elder's hours or the shift. Needs: visitor_ids, blocks (each
    ``Blocked.OUT_OF_REACH``); hours: the elder's, if given."""
    SHIFTS_FULL = "shifts_full"
    """The shifts have no free slot for a call. Needs: as ``home_visit_does_not_fit``."""
    MONTH_ENDS_SHORT = "month_ends_short"
    """More visits are due this week than fit on separate days before the month ends. Needs:
    visits_due, visits_fitting, month_end."""
    WEEK_TOO_SHORT = "week_too_short"
    """More visits are due this week than fit on separate days. Needs: visits_due,
    visits_fitting."""
    URGENT_NOT_IN_TIME = "urgent_not_in_time"
    """No visitor on shift can be at an alarmed elder's home by the deadline. Needs: by (the
    deadline), call (the emergency contact, masked)."""


_REASON_NEEDS: dict[ReasonCode, tuple[str, ...]] = {
    ReasonCode.NO_VISITOR_SERVES_VILLAGE: ("village", "town"),
    ReasonCode.NOBODY_WORKS_THOSE_DAYS: ("village", "town", "first", "last"),
    ReasonCode.NO_HOME_VISITS_ALLOWED: ("village", "town", "visitor_ids"),
    ReasonCode.HOURS_MISS_SHIFTS: ("hours", "minutes", "visitor_ids", "first", "last"),
    ReasonCode.SHIFT_TOO_SHORT: ("minutes", "visitor_ids"),
    ReasonCode.DAILY_CAPS_FULL: ("visitor_ids", "first", "last"),
    ReasonCode.HOME_VISIT_DOES_NOT_FIT: ("visitor_ids", "first", "last", "village"),
    ReasonCode.VISIT_OUT_OF_REACH: ("visitor_ids", "blocks"),
    ReasonCode.SHIFTS_FULL: ("visitor_ids", "first", "last", "village"),
    ReasonCode.MONTH_ENDS_SHORT: ("visits_due", "month_end"),
    ReasonCode.WEEK_TOO_SHORT: ("visits_due",),
    ReasonCode.URGENT_NOT_IN_TIME: ("by", "call"),
}


@dataclass(frozen=True)
class Reason:
    """Why a due visit is not planned, as a code and the facts it names; no words
    (``planner.io.words`` renders them). Each code needs some of the facts (``ReasonCode``)."""

    code: ReasonCode
    village: str = ""
    town: str = ""
    visitor_ids: tuple[str, ...] = ()
    """Sorted."""
    first: date | None = None
    """The first day the visit may be made on; with ``last``, the days it was looked for."""
    last: date | None = None
    holidays: tuple[date, ...] = ()
    hours: tuple[TimeWindow, ...] = ()
    """The elder's visiting hours."""
    minutes: int = 0
    """How long the visit takes."""
    works_saturday: bool = False
    visits_due: int = 0
    visits_fitting: int = 0
    month_end: date | None = None
    by: str = ""
    """An urgent visit's deadline, ``YYYY-MM-DD HH:MM``."""
    call: str = ""
    """Whom to call instead (an elder's emergency contact, masked)."""
    blocks: tuple[DayBlock, ...] = ()
    """Home visits: each visitor's day the visit was tried in after the search and what stopped
    it there (sorted); empty when no day could take it by area, working day and hours."""

    def __post_init__(self) -> None:
        missing = [name for name in _REASON_NEEDS[self.code] if not getattr(self, name)]
        if missing:
            raise ValueError(f"reason {self.code.value} needs {', '.join(missing)}")
        if self.first and self.last and self.first > self.last:
            raise ValueError(f"reason {self.code.value}: first {self.first} is after {self.last}")


@dataclass(frozen=True)
class UnassignedVisit:
    """A due visit that is not planned, with a reason a coordinator can act on."""

    elder_id: str
    tier: Tier
    due_by: date
    reason: Reason
    mode: VisitMode = VisitMode.HOME
    visit_reason: VisitReason = VisitReason.REGULAR


@dataclass(frozen=True)
class DayRoute:
    """A visitor's home-visit round on one day: start, the homes in order, back to the start."""

    visitor_id: str
    day: date
    path: tuple[LonLat, ...]
    elder_ids: tuple[str, ...]
    minutes: int
    km: float


@dataclass(frozen=True)
class Flag:
    """Something a coordinator should look at that does not stop the plan."""

    subject_id: str
    kind: str
    detail: str


@dataclass(frozen=True)
class Plan:
    week_start: date
    elders: tuple[Elder, ...]
    visitors: tuple[Visitor, ...]
    tiers: dict[str, Tier]
    due: tuple[DueVisit, ...]
    visits: tuple[PlannedVisit, ...]
    unassigned: tuple[UnassignedVisit, ...]
    routes: tuple[DayRoute, ...]
    flags: tuple[Flag, ...] = ()
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    time_cap_hit: tuple[str, ...] = ()
    """The towns whose routing stopped at the wall-clock cap rather than its budget: their part
    of the plan may differ between runs (``planner.engine.limits``)."""
