"""Follow-ups (planner.followups): opened by a record's hazards and needs, routed to the kind of
visitor the notice names, planned within their due time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from planner.followups import FollowUp, FollowUpKind, followup_visits, opened_by
from planner.model import Ability, Plan, Role, VisitMode, Visitor, VisitReason
from planner.policy import Policy, PolicyError, classify, load_policy
from planner.records import Hazard, NeedKind, Observations, Safety, hazards
from planner.usecases.plan import PlanRequest, plan_week
from tests.conftest import MONDAY, make_elder, make_visitor

DOCTOR = make_visitor("V1", role=Role.FAMILY_DOCTOR)
STAFF = make_visitor("V2", role=Role.VILLAGE_STAFF)


def gas_unsafe() -> tuple[Hazard, ...]:
    return hazards(Observations(gas_safety=Safety.UNSAFE, electricity_safety=Safety.FAIRLY_SAFE))


def test_a_hazard_opens_a_follow_up_for_village_staff_due_sooner_than_a_need(
    policy: Policy,
) -> None:
    opened = opened_by("E1", MONDAY, gas_unsafe(), [NeedKind.EMOTIONAL], policy)
    assert [(f.kind, f.role) for f in opened] == [
        (FollowUpKind.GAS, Role.VILLAGE_STAFF),
        (FollowUpKind.EMOTIONAL, Role.SOCIAL_WORKER),
    ]
    assert opened[0].due_by == MONDAY + timedelta(days=2)
    assert opened[1].due_by == MONDAY + timedelta(days=7)


def test_fairly_safe_opens_nothing(policy: Policy) -> None:
    fairly = hazards(Observations(gas_safety=Safety.FAIRLY_SAFE))
    assert opened_by("E1", MONDAY, fairly, [], policy) == []


def test_the_roles_and_due_days_come_from_the_policy_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[followups]\nhazard_due_days = 1\n[followups.roles]\ngas = "property_staff"\n',
        encoding="utf-8",
    )
    custom = load_policy(path)
    (gas,) = opened_by("E1", MONDAY, gas_unsafe(), [], custom)
    assert (gas.role, gas.due_by) == (Role.PROPERTY_STAFF, MONDAY + timedelta(days=1))


def test_a_role_that_is_not_a_kind_of_visitor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[followups.roles]\nmedical = "doctor"\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"followups\.roles\.medical"):
        load_policy(path)


def plan_with(policy: Policy, visitors: list[Visitor], opened: list[FollowUp]) -> Plan:
    elder = make_elder("E1", ability=Ability.INTACT, usual_visitor_id="V1")
    return plan_week(PlanRequest([elder], visitors, MONDAY, policy, followups=opened), workers=1)


def test_a_gas_hazard_is_planned_for_village_staff_within_its_due_time(policy: Policy) -> None:
    opened = opened_by("E1", MONDAY, gas_unsafe(), [], policy)
    plan = plan_with(policy, [DOCTOR, STAFF], opened)
    (visit,) = [v for v in plan.visits if v.reason is VisitReason.FOLLOWUP]
    assert visit.visitor_id == "V2", "village staff, though the elder's usual visitor is V1"
    assert visit.mode is VisitMode.HOME
    assert MONDAY < visit.day <= opened[0].due_by


def test_no_hazard_no_follow_up(policy: Policy) -> None:
    plan = plan_with(policy, [DOCTOR, STAFF], opened_by("E1", MONDAY, [], [], policy))
    assert not any(v.reason is VisitReason.FOLLOWUP for v in plan.visits)


def test_without_a_visitor_of_the_role_another_one_goes_and_the_note_says_why(
    policy: Policy,
) -> None:
    opened = opened_by("E1", MONDAY, gas_unsafe(), [], policy)
    plan = plan_with(policy, [DOCTOR], opened)
    (visit,) = [v for v in plan.visits if v.reason is VisitReason.FOLLOWUP]
    assert visit.visitor_id == "V1"
    (due,) = [d for d in plan.due if d.reason is VisitReason.FOLLOWUP]
    assert due.role is None and "no village_staff" in due.note


def test_an_overdue_follow_up_is_due_at_once_and_says_so(policy: Policy) -> None:
    last_week = MONDAY - timedelta(days=6)
    opened = opened_by("E1", last_week, gas_unsafe(), [], policy)
    elder = make_elder("E1")
    tier = classify(elder, policy, MONDAY).tier
    working = frozenset(("V2", MONDAY + timedelta(days=d)) for d in range(5))
    (due,) = followup_visits(opened, {"E1": elder}, {"E1": tier}, [STAFF], working, MONDAY, policy)
    assert (due.earliest, due.latest) == (MONDAY, MONDAY + timedelta(days=6))
    assert due.note.startswith("overdue") and due.role is Role.VILLAGE_STAFF


def test_every_follow_up_and_away_code_has_words_in_both_languages() -> None:
    from planner.absences import AbsenceKind
    from planner.elder_status import EndingKind, PauseKind
    from planner.io.status_words import status_label

    for kind in FollowUpKind:
        assert status_label("followup", kind.value, "zh") != status_label("followup", kind, "en")
    for away in (*PauseKind, *EndingKind, *AbsenceKind):
        assert status_label("away", away.value, "zh")
    with pytest.raises(ValueError, match="no label"):
        status_label("followup", "leaking_roof", "zh")


def test_when_the_visitor_of_the_role_cannot_go_another_one_does(policy: Policy) -> None:
    """Village staff serve the village but work only mornings; the elder is home afternoons."""
    from tests.conftest import window

    morning_staff = make_visitor("V2", role=Role.VILLAGE_STAFF, shift=window("08:00-12:00"))
    elder = make_elder("E1", ability=Ability.INTACT, time_windows=(window("14:00-17:00"),))
    opened = opened_by("E1", MONDAY, gas_unsafe(), [], policy)
    request = PlanRequest([elder], [DOCTOR, morning_staff], MONDAY, policy, followups=opened)
    plan = plan_week(request, workers=1)
    (visit,) = [v for v in plan.visits if v.reason is VisitReason.FOLLOWUP]
    assert visit.visitor_id == "V1"
    (due,) = [d for d in plan.due if d.reason is VisitReason.FOLLOWUP]
    assert due.role is None and "no village_staff free in time" in due.note


def test_the_final_check_refuses_a_follow_up_made_by_another_kind_of_visitor(
    policy: Policy,
) -> None:
    from dataclasses import replace

    from planner.checks import check_plan

    opened = opened_by("E1", MONDAY, gas_unsafe(), [], policy)
    plan = plan_with(policy, [DOCTOR, STAFF], opened)
    assert check_plan(plan, policy) == []
    wrong = tuple(
        replace(v, visitor_id="V1") if v.reason is VisitReason.FOLLOWUP else v for v in plan.visits
    )
    problems = check_plan(replace(plan, visits=wrong), policy)
    assert any("follow-up of E1 by another kind of visitor" in p for p in problems)
