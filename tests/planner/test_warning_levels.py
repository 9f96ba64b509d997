"""The warning's colour decides the key elders' extra contact: orange and red bring a home
visit, blue and yellow a call (unless the row says severe)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.model import VisitMode, VisitReason, WarningLevel, WeatherWarning
from planner.policy import Policy
from tests.conftest import TOWN, make_elder
from tests.planner.test_demand import KEY, due_in

MONDAY = date(2026, 9, 7)


def _key_weather_mode(policy: Policy, warning: WeatherWarning) -> VisitMode:
    due = due_in(policy, [make_elder("K", **KEY)], MONDAY, warnings=[warning])
    # a weather home visit merges into the week's regular home visit (its note says so)
    (contact,) = [v for v in due if v.reason is VisitReason.WEATHER or "also before" in v.note]
    return contact.mode


@pytest.mark.parametrize("level", [WarningLevel.ORANGE, WarningLevel.RED])
def test_an_orange_or_red_warning_brings_key_elders_a_home_visit(
    policy: Policy, level: WarningLevel
) -> None:
    warning = WeatherWarning(TOWN, date(2026, 9, 10), date(2026, 9, 11), level=level, kind="寒潮")
    assert _key_weather_mode(policy, warning) is policy.weather_key_mode_severe is VisitMode.HOME


@pytest.mark.parametrize("level", [WarningLevel.BLUE, WarningLevel.YELLOW])
def test_a_blue_or_yellow_warning_brings_key_elders_a_call(
    policy: Policy, level: WarningLevel
) -> None:
    warning = WeatherWarning(TOWN, date(2026, 9, 10), date(2026, 9, 11), level=level, kind="大风")
    assert _key_weather_mode(policy, warning) is policy.weather_key_mode is VisitMode.PHONE


def test_an_explicit_severe_on_a_yellow_warning_still_brings_a_home_visit(policy: Policy) -> None:
    warning = WeatherWarning(
        TOWN, date(2026, 9, 10), date(2026, 9, 11), severe=True, level=WarningLevel.YELLOW
    )
    assert _key_weather_mode(policy, warning) is VisitMode.HOME
