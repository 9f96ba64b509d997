"""Which days a visitor works: their weekdays, less Chinese public holidays, plus make-up days.

The official calendar (public holidays and the weekend days worked in lieu, 调休) comes from the
``chinese-calendar`` package, which is updated each year when the State Council publishes the
next year's schedule. For a year it does not know yet the plan falls back to weekends only and
says so, unless the policy file lists that year's days (``[calendar] extra_holidays``,
``extra_working_days``): then those days and the weekends are the year's calendar.
"""

from __future__ import annotations

from datetime import date

import chinese_calendar

from planner.model import Visitor
from planner.notes import PlanWarning, WarningCode
from planner.policy import Policy

_STANDARD_WEEK = frozenset(range(5))


class WorkCalendar:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.unknown_years: set[int] = set()
        self._years_in_policy = {
            day.year for day in policy.extra_holidays | policy.extra_working_days
        }

    def _package_lacks(self, year: int) -> None:
        """Note a year the package does not know; the policy file's days stand in for it."""
        if year not in self._years_in_policy:
            self.unknown_years.add(year)

    def is_official_workday(self, day: date) -> bool:
        """Whether the State Council calendar has ``day`` as a working day."""
        if day in self.policy.extra_working_days:
            return True
        if day in self.policy.extra_holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self._package_lacks(day.year)
            return day.weekday() < 5

    def is_public_holiday(self, day: date) -> bool:
        """A statutory holiday (on a weekday or a weekend), or one the policy file adds."""
        if day in self.policy.extra_holidays:
            return True
        if day in self.policy.extra_working_days:
            return False
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:
            self._package_lacks(day.year)
            return False
        return bool(on_holiday and name is not None)

    def is_makeup_workday(self, day: date) -> bool:
        """A weekend day worked in lieu of a holiday."""
        return day.weekday() >= 5 and self.is_official_workday(day)

    def works(self, visitor: Visitor, day: date) -> bool:
        """Whether ``visitor`` works on ``day``.

        Make-up days are worked by those who keep the standard Monday-to-Friday week; volunteers
        with their own days keep them. A day of leave (``Visitor.days_off``) is never worked.
        """
        if day in visitor.days_off:
            return False
        if self.is_public_holiday(day) and not self.policy.public_holidays_are_working_days:
            return False
        if self.is_makeup_workday(day) and visitor.work_weekdays >= _STANDARD_WEEK:
            return True
        return day.weekday() in visitor.work_weekdays

    def warnings(self) -> list[PlanWarning]:
        """A warning per year the holiday calendar does not know (only weekends were off)."""
        return [
            PlanWarning(WarningCode.HOLIDAYS_UNKNOWN, year=year)
            for year in sorted(self.unknown_years)
        ]
