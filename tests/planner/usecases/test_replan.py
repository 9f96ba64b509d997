"""A published week re-planned for a warning and alarms (``planner.usecases.replan``): nothing
published moves, the extra contacts fall between now and the warning, an alarm gets a visit
within a day or a reason with the emergency contact to call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.io.outputs import write_roster_csv
from planner.io.previous import PublishedRoster, read_published_roster
from planner.io.problems import InputError
from planner.io.replan_inputs import ReplanFiles, read_replan_inputs
from planner.io.words import reason_text
from planner.model import (
    Alarm,
    Plan,
    PlannedVisit,
    ReasonCode,
    VisitReason,
    WarningLevel,
    WeatherWarning,
)
from planner.policy import load_policy
from planner.usecases.plan import InputFiles, PlanRequest, load_request, plan_week
from planner.usecases.replan import calls_come_first, replan_week
from tests.api.test_cli import DATA

MONDAY = date(2026, 12, 7)
ORANGE = WeatherWarning(
    "城关镇", date(2026, 12, 10), date(2026, 12, 10), level=WarningLevel.ORANGE, kind="寒潮"
)


@pytest.fixture(scope="module")
def request_and_plan() -> tuple[PlanRequest, Plan]:
    files = InputFiles(
        DATA / "elders_good.csv", DATA / "visitors_good.csv", DATA / "history_good.csv"
    )
    request = load_request(files, MONDAY, load_policy())
    return request, plan_week(request, workers=1)


@pytest.fixture(scope="module")
def published(
    request_and_plan: tuple[PlanRequest, Plan], tmp_path_factory: pytest.TempPathFactory
) -> PublishedRoster:
    folder = tmp_path_factory.mktemp("published")
    write_roster_csv(request_and_plan[1], folder / "roster.csv")
    return read_published_roster(folder, MONDAY)


def _with(request: PlanRequest, *warnings: WeatherWarning) -> PlanRequest:
    return PlanRequest(
        request.elders, request.visitors, MONDAY, request.policy, request.history, warnings
    )


def _key(visit: object) -> tuple[object, ...]:
    return tuple(getattr(visit, f) for f in ("day", "visitor_id", "elder_id", "arrival_min"))


def _moment(visit: PlannedVisit) -> datetime:
    return datetime.combine(visit.day, datetime.min.time()) + timedelta(minutes=visit.arrival_min)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=st.integers(0, 7 * 24 * 60 - 1), pin_all=st.booleans())
def test_visits_before_now_and_pinned_visits_never_move(
    request_and_plan: tuple[PlanRequest, Plan],
    published: PublishedRoster,
    minutes: int,
    pin_all: bool,
) -> None:
    now = datetime(2026, 12, 7) + timedelta(minutes=minutes)
    roster = replace(published, pinned=frozenset(published.visits)) if pin_all else published
    alarm = Alarm("E001", now, "smart_device")
    result = replan_week(_with(request_and_plan[0], ORANGE), roster, now, [alarm])
    new = {_key(v) for v in result.plan.visits}
    fixed = [v for v in published.visits if pin_all or _moment(v) < now]
    assert all(_key(v) in new for v in fixed)
    for visit in result.plan.visits:
        if _key(visit) not in {_key(v) for v in published.visits}:  # new or moved: after now
            assert _moment(visit) >= now


def test_weather_contacts_fall_between_now_and_the_warning(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    now = datetime(2026, 12, 8, 8, 0)
    result = replan_week(_with(request_and_plan[0], ORANGE), published, now)
    weather = [v for v in result.plan.visits if v.reason is VisitReason.WEATHER]
    left = [u for u in result.plan.unassigned if u.visit_reason is VisitReason.WEATHER]
    assert weather or left
    assert all(now.date() <= v.day < ORANGE.start for v in weather)
    assert {c.elder_id for c in result.changes} == {v.elder_id for v in weather}


def test_without_a_warning_or_alarm_nothing_changes(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    result = replan_week(request_and_plan[0], published, datetime(2026, 12, 8, 8, 0))
    assert result.changes == ()
    assert sorted(map(_key, result.plan.visits)) == sorted(map(_key, published.visits))


FRIDAY_ALARM = datetime(2026, 12, 11, 16, 30)
NOW = datetime(2026, 12, 11, 16, 45)


def test_an_alarm_on_friday_afternoon_gets_a_visit_by_saturday_afternoon(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    # E001 lives in 李家庄, which V04 serves on Saturday mornings
    result = replan_week(
        request_and_plan[0], published, NOW, [Alarm("E001", FRIDAY_ALARM, "smart_device")]
    )
    (urgent,) = [v for v in result.plan.visits if v.reason is VisitReason.URGENT]
    arrival = datetime.combine(urgent.day, datetime.min.time()) + timedelta(
        minutes=urgent.arrival_min
    )
    assert NOW <= arrival <= FRIDAY_ALARM + timedelta(hours=24)
    assert urgent.visitor_id == "V04"


def test_an_alarm_nobody_can_answer_in_time_names_the_emergency_contact(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    # E004 lives in 王家村, whose visitors do not work on Saturday
    result = replan_week(
        request_and_plan[0], published, NOW, [Alarm("E004", FRIDAY_ALARM, "bereavement")]
    )
    assert not [v for v in result.plan.visits if v.reason is VisitReason.URGENT]
    (left,) = [u for u in result.plan.unassigned if u.visit_reason is VisitReason.URGENT]
    assert left.reason.code is ReasonCode.URGENT_NOT_IN_TIME
    assert left.reason.deadline == datetime(2026, 12, 12, 16, 30)
    assert left.reason.contact_of == "E004"
    elders = {e.elder_id: e for e in result.plan.elders}
    assert "2026-12-12 16:30" in reason_text(left, "en", elders)
    assert "紧急联系人" in reason_text(left, "zh", elders)


def test_the_emergency_contact_in_the_reason_is_masked(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    request = request_and_plan[0]
    no_saturday = [v for v in request.visitors if v.visitor_id != "V04"]
    quiet = PlanRequest(request.elders, no_saturday, MONDAY, request.policy, request.history)
    kept = [v for v in published.visits if v.visitor_id != "V04"]
    roster = PublishedRoster(tuple(kept), frozenset(), published.rows, published.file)
    result = replan_week(quiet, roster, NOW, [Alarm("E001", FRIDAY_ALARM, "smart_device")])
    (left,) = result.plan.unassigned
    text = reason_text(left, "en", {e.elder_id: e for e in result.plan.elders})
    assert "张*明" in text and "139****0001" in text and "13900000001" not in text


def test_now_outside_the_week_is_refused(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    with pytest.raises(ValueError, match="not in the week of 2026-12-07"):
        replan_week(request_and_plan[0], published, datetime(2026, 12, 14, 9, 0))


def test_now_outside_the_week_is_bad_input_naming_the_flag(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    request = request_and_plan[0]
    files = ReplanFiles(Path(published.file).parent, "2026-12-14T09:00")
    visitor_ids = {v.visitor_id for v in request.visitors}
    with pytest.raises(InputError) as raised:
        read_replan_inputs(files, MONDAY, elder_ids=elder_ids_of(request), visitor_ids=visitor_ids)
    (problem,) = raised.value.problems
    assert problem.file == "--now" and "not in the week of 2026-12-07" in problem.message


def test_now_inside_the_week_is_read(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    request = request_and_plan[0]
    files = ReplanFiles(Path(published.file).parent, "2026-12-08T08:00")
    inputs = read_replan_inputs(
        files,
        MONDAY,
        elder_ids=elder_ids_of(request),
        visitor_ids={v.visitor_id for v in request.visitors},
    )
    assert inputs.now == datetime(2026, 12, 8, 8, 0) and inputs.published.visits


def test_a_published_visit_of_someone_unknown_is_bad_input(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    request = request_and_plan[0]
    files = ReplanFiles(Path(published.file).parent, "2026-12-08T08:00")
    with pytest.raises(InputError) as raised:
        read_replan_inputs(files, MONDAY, elder_ids=elder_ids_of(request), visitor_ids=())
    assert {p.column for p in raised.value.problems} == {"visitor_id"}
    assert all("is not in the tables given" in p.message for p in raised.value.problems)


def elder_ids_of(request: PlanRequest) -> set[str]:
    return {e.elder_id for e in request.elders}


def test_a_roster_of_another_week_is_bad_input(published: PublishedRoster) -> None:
    folder = Path(published.file).parent
    with pytest.raises(InputError) as raised:
        read_published_roster(folder, MONDAY + timedelta(days=7))
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "date")


def test_a_folder_without_a_roster_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        read_published_roster(tmp_path, MONDAY)
    assert "output folder of the week's plan" in raised.value.problems[0].message


def test_an_alarm_visit_comes_after_the_alarm_not_before(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    alarm = datetime(2026, 12, 9, 10, 0)
    now = datetime(2026, 12, 8, 8, 0)
    result = replan_week(request_and_plan[0], published, now, [Alarm("E001", alarm, "call")])
    (urgent,) = [v for v in result.plan.visits if v.reason is VisitReason.URGENT]
    arrival = datetime.combine(urgent.day, datetime.min.time()) + timedelta(
        minutes=urgent.arrival_min
    )
    assert alarm <= arrival <= alarm + timedelta(hours=24)


def test_a_replan_of_the_replan_adds_nothing_more(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster, tmp_path: Path
) -> None:
    """Each weather contact is planned once: published, it is not planned again."""
    now = datetime(2026, 12, 8, 8, 0)
    request = _with(request_and_plan[0], ORANGE)
    first = replan_week(request, published, now)
    assert first.changes
    write_roster_csv(first.plan, tmp_path / "roster.csv")
    again = read_published_roster(tmp_path, MONDAY)
    assert replan_week(request, again, now).changes == ()


def test_a_warning_starting_within_a_day_puts_its_calls_first(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    soon = datetime(2026, 12, 9, 9, 0)  # Wednesday 09:00, the warning starts Thursday 00:00
    assert calls_come_first([ORANGE], soon)
    assert not calls_come_first([ORANGE], datetime(2026, 12, 8, 8, 0))


def test_an_alarm_for_an_elder_without_consent_brings_a_call(
    request_and_plan: tuple[PlanRequest, Plan], published: PublishedRoster
) -> None:
    # E002 has no consent to home visits; E001 has
    now = datetime(2026, 12, 8, 8, 0)
    alarms = [Alarm("E002", now, "call"), Alarm("E001", now, "call")]
    result = replan_week(request_and_plan[0], published, now, alarms)
    urgent = {v.elder_id: v.mode for v in result.plan.visits if v.reason is VisitReason.URGENT} | {
        u.elder_id: u.mode for u in result.plan.unassigned if u.visit_reason is VisitReason.URGENT
    }
    assert urgent["E002"] is request_and_plan[0].policy.mode_without_consent
    assert urgent["E001"].value == "home"


def test_the_published_plans_unassigned_visits_stay_unassigned_and_explained(
    request_and_plan: tuple[PlanRequest, Plan], tmp_path: Path
) -> None:
    write_roster_csv(request_and_plan[1], tmp_path / "roster.csv")
    (tmp_path / "unassigned.csv").write_text(
        "elder_id,tier,due_by,reason,mode,visit_reason\n"
        "E006,key,2026-12-11,no visitor serves the village,home,regular\n",
        encoding="utf-8",
    )
    published = read_published_roster(tmp_path, MONDAY)
    result = replan_week(request_and_plan[0], published, datetime(2026, 12, 8, 8, 0))
    (left,) = result.plan.unassigned
    assert (left.elder_id, left.due_by, left.visit_reason) == (
        "E006",
        date(2026, 12, 11),
        VisitReason.REGULAR,
    )
    # explained again on the days as they now stand (V03, who serves 张庄, works weekends only)
    assert left.reason.code is ReasonCode.HOME_VISIT_DOES_NOT_FIT
    assert "V03" in reason_text(left, "en")
