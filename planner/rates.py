"""The monthly visit rate (月探访率) from the visits made, as of a day of the month.

Two ratios over the same elders, the elders *owed* the month's visits:

- ``floor_rate``: elders with at least one regular contact of any mode (home, phone, online,
  road) in the month so far: the notice's 月探访率, whose target is 100%.
- ``frequency_rate``: elders who got the regular visits their tier asks, in the mode it asks,
  for the periods of the month that have ended by the day (``planner.demand``'s periods: at the
  month's end, all of them; mid-month, the elder is "on schedule"), with at least one contact
  so far. An elder owed home visits
  (key and secondary with consent, under the default policy) counts only home visits: a call
  keeps the floor but is not one of the home visits the notice asks for.

Only regular contacts count: weather and festival contacts come on top of the monthly visits,
as ``PastVisit`` says; follow-up and urgent visits too.

Decisions the notice leaves open, written down here and tested:

- The tier of the month is the elder's tier on the month's last day (``planner.policy.classify``
  on that day): an elder who turns 80 during the month is a key elder of that month, and owes
  the key tier's visits only for the periods that end on or after the birthday (the planner's
  own rule, ``planner.demand.owed_periods``): the month's count is not squeezed into its end.
- An elder is attributed to their usual visitor (``usual_visitor_id``) when the elders table
  gives one: the visitor answerable for the elder. Otherwise to the visitor who made most of
  the elder's regular contacts in the month (ties: the smaller id); an elder nobody is
  answerable for and nobody visited falls under ``""``.
- An elder paused or ended (``Pause``) on any day of the month up to the day is left out of the
  elders owed and counted apart (``paused``, ``ended``); ``ended`` wins when both apply.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planner.demand import owed_periods, owes_home_visits
from planner.model import Elder, PastVisit, Tier, VisitMode, VisitReason
from planner.policy import Policy, classify


class PauseKind(StrEnum):
    PAUSED = "paused"
    """Away for a while (in hospital, staying with children): not owed visits meanwhile."""
    ENDED = "ended"
    """No longer served (died, moved away)."""


@dataclass(frozen=True)
class Pause:
    """An elder not owed visits from ``start`` to ``end`` (None: open-ended), both included.

    The shape the visit records' pauses and endings plug into (issue 19).
    """

    elder_id: str
    start: date
    end: date | None
    kind: PauseKind

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


class Standing(StrEnum):
    OWED = "owed"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class ElderMonth:
    """One elder's month so far: what was owed and what was done, in counts."""

    elder_id: str
    town: str
    village: str
    visitor_id: str
    tier: Tier
    standing: Standing
    contacts: int
    """Regular contacts of any mode by the day."""
    counted: int
    """Regular visits in the mode the tier asks (home visits for key and secondary)."""
    home_visits: int
    """Regular home visits by the day."""
    asked: int
    """Regular visits the tier asks for in the whole month (fewer after a mid-month change)."""
    due_so_far: int
    """Of ``asked``, the visits whose period has ended by the day."""
    first_contact: date | None
    owes_home: bool

    @property
    def floor_met(self) -> bool:
        return self.contacts > 0

    @property
    def frequency_met(self) -> bool:
        """On schedule: the visits of the periods ended so far, and at least one contact (so
        that the frequency rate never exceeds the floor rate, mid-month included)."""
        return self.floor_met and self.counted >= self.due_so_far

    @property
    def behind(self) -> int:
        """Visits in the tier's mode missing for the periods ended so far."""
        return max(self.due_so_far - self.counted, 0)


@dataclass(frozen=True)
class Tally:
    """The counts behind both ratios for a group of elders."""

    owed: int = 0
    floor_met: int = 0
    frequency_met: int = 0
    paused: int = 0
    ended: int = 0
    contacts: int = 0
    home_visits: int = 0

    @property
    def floor_rate(self) -> float | None:
        """None when nobody is owed a visit (a village of paused elders)."""
        return self.floor_met / self.owed if self.owed else None

    @property
    def frequency_rate(self) -> float | None:
        return self.frequency_met / self.owed if self.owed else None


def tally(elders: Iterable[ElderMonth]) -> Tally:
    owed = floor = frequency = paused = ended = contacts = home = 0
    for elder in elders:
        if elder.standing is Standing.PAUSED:
            paused += 1
            continue
        if elder.standing is Standing.ENDED:
            ended += 1
            continue
        owed += 1
        floor += elder.floor_met
        frequency += elder.frequency_met
        contacts += elder.contacts
        home += elder.home_visits
    return Tally(owed, floor, frequency, paused, ended, contacts, home)


DIMENSIONS: dict[str, Callable[[ElderMonth], str]] = {
    "town": lambda e: e.town,
    "village": lambda e: f"{e.town}/{e.village}",
    "visitor": lambda e: e.visitor_id,
    "tier": lambda e: e.tier.value,
}
"""The groupings a report gives, each a key of an elder's month (villages within their town)."""


@dataclass(frozen=True)
class MonthRates:
    first: date
    """The month's first day."""
    as_of: date
    elders: tuple[ElderMonth, ...]

    @property
    def last(self) -> date:
        return month_end(self.first)

    def total(self) -> Tally:
        return tally(self.elders)

    def by(self, dimension: str) -> dict[str, Tally]:
        """The tally of each group of ``dimension`` (town, village, visitor, tier), sorted."""
        key = DIMENSIONS[dimension]
        groups: dict[str, list[ElderMonth]] = defaultdict(list)
        for elder in self.elders:
            groups[key(elder)].append(elder)
        return {name: tally(groups[name]) for name in sorted(groups)}

    def floor_by_day(self, days: Iterable[date]) -> list[tuple[date, Tally]]:
        """The floor as it stood at the end of each of ``days`` (e.g. each week's last day)."""
        owed = [e for e in self.elders if e.standing is Standing.OWED]
        rows = []
        for day in days:
            met = sum(1 for e in owed if e.first_contact is not None and e.first_contact <= day)
            rows.append((day, Tally(owed=len(owed), floor_met=met)))
        return rows


REPORT_YEARS = range(2000, 2100)
"""The years a report may be asked for (the workbook's zip dates end in 2107)."""


def parse_month(text: str) -> date:
    """The first day of the month ``YYYY-MM``; ``ValueError`` saying what to write."""
    year, dash, month = text.strip().partition("-")
    if not (dash and year.isdigit() and month.isdigit() and len(year) == 4 and len(month) == 2):
        raise ValueError(f"{text!r} is not a month: write YYYY-MM, e.g. 2026-10")
    if int(year) not in REPORT_YEARS or not 1 <= int(month) <= 12:
        raise ValueError(
            f"{text!r} is not a month from {REPORT_YEARS[0]} to {REPORT_YEARS[-1]}: "
            "write YYYY-MM, e.g. 2026-10"
        )
    return date(int(year), int(month), 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def default_as_of(first: date, today: date) -> date:
    """Today while the month runs; its last day once it is over; its first before it starts."""
    return min(max(today, first), month_end(first))


def month_rates(
    elders: Sequence[Elder],
    history: Sequence[PastVisit],
    first: date,
    as_of: date,
    policy: Policy,
    *,
    pauses: Sequence[Pause] = (),
) -> MonthRates:
    """Each elder's month from the visits made between ``first`` (the 1st) and ``as_of``."""
    if first.day != 1:
        raise ValueError(f"a month starts on its 1st; got {first}")
    last = month_end(first)
    if not first <= as_of <= last:
        raise ValueError(f"the day {as_of} is not in the month of {first:%Y-%m}")
    visits: dict[str, list[PastVisit]] = defaultdict(list)
    for visit in history:
        if first <= visit.day <= as_of and visit.reason is VisitReason.REGULAR:
            visits[visit.elder_id].append(visit)
    standings = _standings(pauses, first, as_of)
    months = tuple(
        _elder_month(
            elder,
            visits.get(elder.elder_id, []),
            standings.get(elder.elder_id, Standing.OWED),
            first,
            as_of,
            policy,
        )
        for elder in elders
    )
    return MonthRates(first, as_of, months)


def _standings(pauses: Sequence[Pause], first: date, as_of: date) -> dict[str, Standing]:
    standings: dict[str, Standing] = {}
    for pause in pauses:
        if not pause.overlaps(first, as_of):
            continue
        if pause.kind is PauseKind.ENDED:
            standings[pause.elder_id] = Standing.ENDED
        else:
            standings.setdefault(pause.elder_id, Standing.PAUSED)
    return standings


def _elder_month(
    elder: Elder,
    regular: list[PastVisit],
    standing: Standing,
    first: date,
    as_of: date,
    policy: Policy,
) -> ElderMonth:
    last = month_end(first)
    tier = classify(elder, policy, last).tier
    owes_home = owes_home_visits(elder, tier, policy)
    periods = owed_periods(elder, tier, policy, first.year, first.month)
    home = sum(1 for v in regular if v.mode is VisitMode.HOME)
    return ElderMonth(
        elder_id=elder.elder_id,
        town=elder.town,
        village=elder.village,
        visitor_id=_answerable_visitor(elder, regular),
        tier=tier,
        standing=standing,
        contacts=len(regular),
        counted=home if owes_home else len(regular),
        home_visits=home,
        asked=len(periods),
        due_so_far=sum(1 for p in periods if p.last <= as_of),
        first_contact=min((v.day for v in regular), default=None),
        owes_home=owes_home,
    )


def _answerable_visitor(elder: Elder, regular: list[PastVisit]) -> str:
    if elder.usual_visitor_id:
        return elder.usual_visitor_id
    made = Counter(v.visitor_id for v in regular if v.visitor_id)
    if not made:
        return ""
    most = max(made.values())
    return min(visitor for visitor, count in made.items() if count == most)


def week_ends(first: date) -> list[date]:
    """The last day of each week of the month (Sundays, and the month's last day)."""
    last = month_end(first)
    ends = []
    day = first
    while day <= last:
        sunday = day + timedelta(days=6 - day.weekday())
        ends.append(min(sunday, last))
        day = min(sunday, last) + timedelta(days=1)
    return ends
