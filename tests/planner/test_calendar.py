"""Which days a visitor works (planner.calendar): weekdays, public holidays, make-up days.

The dates are those of the State Council's 2026 schedule (国办发明电〔2025〕), which the
``chinese-calendar`` package carries; 2031 stands for a year it does not know yet.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.calendar import WorkCalendar
from planner.notes import PlanWarning, WarningCode
from planner.policy import Policy, load_policy
from tests.conftest import make_visitor

NATIONAL_DAY = date(2026, 10, 1)  # a Thursday, a statutory holiday
NATIONAL_DAY_MAKEUP = date(2026, 10, 10)  # a Saturday worked in lieu
ORDINARY_THURSDAY = date(2026, 10, 15)
ORDINARY_SATURDAY = date(2026, 10, 17)
UNKNOWN_YEAR_MONDAY = date(2031, 1, 6)
VOLUNTEER_DAYS = frozenset({0, 2, 4})  # Mon, Wed, Fri


def test_a_weekday_visitor_works_an_ordinary_weekday_and_not_the_weekend(policy: Policy) -> None:
    calendar = WorkCalendar(policy)
    visitor = make_visitor()
    assert calendar.works(visitor, ORDINARY_THURSDAY)
    assert not calendar.works(visitor, ORDINARY_SATURDAY)


def test_a_public_holiday_is_off_for_everyone(policy: Policy) -> None:
    calendar = WorkCalendar(policy)
    assert calendar.is_public_holiday(NATIONAL_DAY)
    assert not calendar.works(make_visitor(), NATIONAL_DAY)
    every_day = make_visitor(work_weekdays=frozenset(range(7)))
    assert not calendar.works(every_day, NATIONAL_DAY)


def test_the_policy_may_keep_public_holidays_as_working_days(policy: Policy) -> None:
    calendar = WorkCalendar(replace(policy, public_holidays_are_working_days=True))
    assert calendar.works(make_visitor(), NATIONAL_DAY)


def test_a_makeup_saturday_is_worked_by_the_monday_to_friday_week(policy: Policy) -> None:
    calendar = WorkCalendar(policy)
    assert calendar.is_makeup_workday(NATIONAL_DAY_MAKEUP)
    assert calendar.works(make_visitor(), NATIONAL_DAY_MAKEUP)


def test_a_volunteer_with_days_of_their_own_keeps_them_on_a_makeup_saturday(
    policy: Policy,
) -> None:
    calendar = WorkCalendar(policy)
    volunteer = make_visitor(work_weekdays=VOLUNTEER_DAYS)
    assert not calendar.works(volunteer, NATIONAL_DAY_MAKEUP)
    assert calendar.works(volunteer, date(2026, 10, 16))  # a Friday
    assert not calendar.works(volunteer, ORDINARY_THURSDAY)


def test_an_ordinary_saturday_is_not_a_makeup_day(policy: Policy) -> None:
    assert not WorkCalendar(policy).is_makeup_workday(ORDINARY_SATURDAY)


def test_a_year_the_package_does_not_know_falls_back_to_weekends_and_says_so(
    policy: Policy,
) -> None:
    calendar = WorkCalendar(policy)
    assert calendar.works(make_visitor(), UNKNOWN_YEAR_MONDAY)
    assert calendar.warnings() == [PlanWarning(WarningCode.HOLIDAYS_UNKNOWN, year=2031)]


def test_a_known_year_gives_no_warning(policy: Policy) -> None:
    calendar = WorkCalendar(policy)
    calendar.works(make_visitor(), ORDINARY_THURSDAY)
    assert calendar.warnings() == []


def test_the_policy_files_days_decide_for_an_unknown_year(policy: Policy) -> None:
    holiday, makeup = date(2031, 1, 1), date(2031, 1, 4)  # a Wednesday off, a Saturday worked
    calendar = WorkCalendar(
        replace(policy, extra_holidays=frozenset({holiday}), extra_working_days=frozenset({makeup}))
    )
    visitor = make_visitor()
    assert not calendar.works(visitor, holiday)
    assert calendar.works(visitor, makeup)


POLICY_2027 = """
[calendar]
# 2027's days off and make-up working days, until chinese-calendar knows the year
extra_holidays = [2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09, 2027-02-10,
                  2027-02-11, 2027-02-12, 2027-02-13]
extra_working_days = [2027-02-14, 2027-02-20]
"""


def test_a_year_whose_days_the_policy_file_lists_gives_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(POLICY_2027, encoding="utf-8")
    calendar = WorkCalendar(load_policy(path))
    visitor = make_visitor()
    assert not calendar.works(visitor, date(2027, 2, 8))
    assert calendar.works(visitor, date(2027, 2, 14))
    assert calendar.works(visitor, date(2027, 3, 1))
    assert calendar.warnings() == []


def test_a_year_the_policy_file_does_not_list_still_warns(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(POLICY_2027, encoding="utf-8")
    calendar = WorkCalendar(load_policy(path))
    calendar.works(make_visitor(), UNKNOWN_YEAR_MONDAY)
    assert calendar.warnings() == [PlanWarning(WarningCode.HOLIDAYS_UNKNOWN, year=2031)]
