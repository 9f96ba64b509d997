"""The monthly rate on a hand-computed November (30 days, no public holiday)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.model import Ability, PastVisit, PlannedVisit, Role, Tier, VisitMode, VisitReason
from planner.month_risks import FollowUp, Missing, at_risk
from planner.month_work import Reward, month_work
from planner.policy import Policy
from planner.rates import (
    Pause,
    PauseKind,
    Standing,
    default_as_of,
    month_rates,
    parse_month,
    week_ends,
)
from tests.conftest import make_elder

NOV = date(2026, 11, 1)
HOME, PHONE = VisitMode.HOME, VisitMode.PHONE


def visit(
    day: int,
    elder: str,
    mode: VisitMode = HOME,
    reason: VisitReason = VisitReason.REGULAR,
    visitor: str = "V1",
) -> PastVisit:
    return PastVisit(date(2026, 11, day), elder, visitor, mode, reason)


ELDERS = [
    make_elder("K1", birth_date=date(1936, 3, 1)),  # key by age: 4 home visits
    make_elder("K2", ability=Ability.SEVERE),  # key by ability
    make_elder("G1"),  # general
    make_elder("G2"),
    make_elder("S1", ability=Ability.MODERATE),  # secondary: 2 home visits
    make_elder("P1"),  # paused from the 10th to the 20th
    make_elder("T80", birth_date=date(1946, 11, 15)),  # turns 80 on the 15th
]
HISTORY = [
    # K1: three home visits and a call: the call keeps the floor, not one of the home visits.
    visit(3, "K1"),
    visit(10, "K1"),
    visit(17, "K1", PHONE),
    visit(24, "K1"),
    visit(2, "K2"),
    visit(9, "K2"),
    visit(16, "K2"),
    visit(23, "K2"),
    visit(12, "G1", PHONE, VisitReason.WEATHER),  # an extra contact: not a monthly visit
    visit(20, "G2", PHONE),
    visit(5, "S1"),
    visit(12, "T80"),
    visit(18, "T80"),
    visit(25, "T80"),
    visit(3, "K9"),  # an elder not in the table: ignored
]
PAUSES = [Pause("P1", date(2026, 11, 10), date(2026, 11, 20), PauseKind.PAUSED)]


def test_the_month_as_counted_by_hand(policy: Policy) -> None:
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 30), policy, pauses=PAUSES)
    total = rates.total()
    assert (total.owed, total.floor_met, total.frequency_met, total.paused) == (6, 5, 3, 1)
    assert total.floor_rate == pytest.approx(5 / 6)
    by_id = {e.elder_id: e for e in rates.elders}
    assert by_id["K1"].floor_met and not by_id["K1"].frequency_met
    assert (by_id["K1"].contacts, by_id["K1"].counted) == (4, 3)
    assert not by_id["G1"].floor_met  # the weather call does not count
    assert by_id["P1"].standing is Standing.PAUSED
    tiers = rates.by("tier")
    assert (tiers["key"].owed, tiers["key"].floor_met, tiers["key"].frequency_met) == (3, 3, 2)
    assert (tiers["general"].owed, tiers["general"].paused) == (2, 1)
    assert (tiers["secondary"].floor_met, tiers["secondary"].frequency_met) == (1, 0)


def test_an_elder_who_turns_80_owes_the_key_visits_from_the_birthday(policy: Policy) -> None:
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 30), policy)
    t80 = next(e for e in rates.elders if e.elder_id == "T80")
    assert t80.tier is Tier.KEY and t80.owes_home
    assert t80.asked == 3  # the periods ending on or after the 15th, not the month's four
    assert t80.frequency_met
    fewer = [v for v in HISTORY if not (v.elder_id == "T80" and v.day.day == 25)]
    short = month_rates(ELDERS, fewer, NOV, date(2026, 11, 30), policy)
    assert not next(e for e in short.elders if e.elder_id == "T80").frequency_met


def test_a_pause_outside_the_month_does_not_leave_the_elder_out(policy: Policy) -> None:
    october = [Pause("P1", date(2026, 10, 1), date(2026, 10, 31), PauseKind.PAUSED)]
    ended = [*PAUSES, Pause("P1", date(2026, 11, 15), None, PauseKind.ENDED)]
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 30), policy, pauses=october)
    assert rates.total().owed == 7 and rates.total().paused == 0
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 30), policy, pauses=ended)
    assert (rates.total().owed, rates.total().paused, rates.total().ended) == (6, 0, 1)


def test_visits_after_the_day_do_not_count_yet(policy: Policy) -> None:
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 16), policy, pauses=PAUSES)
    by_id = {e.elder_id: e for e in rates.elders}
    assert not by_id["G2"].floor_met  # called on the 20th
    assert by_id["K1"].due_so_far == 2 and by_id["K1"].frequency_met  # on schedule
    weeks = rates.floor_by_day(week_ends(NOV))  # 1 November is a Sunday: a week of one day
    assert [(day.day, t.floor_met) for day, t in weeks[:2]] == [(1, 0), (8, 3)]  # K1, K2, S1


def test_the_at_risk_list_mid_month(policy: Policy) -> None:
    as_of = date(2026, 11, 16)
    rates = month_rates(ELDERS, HISTORY, NOV, as_of, policy, pauses=PAUSES)
    plan = [
        _planned("G1", date(2026, 11, 18)),
        _planned("G2", date(2026, 12, 1)),  # next month: does not keep November's floor
    ]
    followups = [FollowUp("K2", "health", date(2026, 11, 10))]
    risks = {
        r.elder_id: r
        for r in at_risk(rates, ELDERS, HISTORY, policy, plan=plan, followups=followups)
    }
    assert Missing.CONTACT in risks["G1"].missing and risks["G1"].planned_on == date(2026, 11, 18)
    assert not risks["G1"].unplanned
    assert risks["G2"].unplanned and risks["G2"].planned_on is None
    assert risks["K2"].missing == (Missing.FOLLOWUP,)
    assert "K1" not in risks and "P1" not in risks and "T80" not in risks
    late = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 30), policy, pauses=PAUSES)
    behind = {r.elder_id: r for r in at_risk(late, ELDERS, HISTORY, policy)}
    assert behind["K1"].missing == (Missing.HOME_VISITS,) and behind["K1"].behind == 1
    assert behind["S1"].behind == 1


def test_no_home_visit_this_quarter(policy: Policy) -> None:
    dec = date(2026, 12, 1)  # the quarter's last month: every general elder's month has come
    calls = [
        PastVisit(date(2026, 10, 5), "G1", "V1", PHONE),
        PastVisit(date(2026, 12, 3), "G1", "V1", PHONE),
    ]
    home = [
        PastVisit(date(2026, 10, 5), "G1", "V1", HOME),
        PastVisit(date(2026, 12, 3), "G1", "V1", PHONE),
    ]
    elders = [make_elder("G1")]
    for history, late in ((calls, True), (home, False)):
        rates = month_rates(elders, history, dec, date(2026, 12, 31), policy)
        risks = at_risk(rates, elders, history, policy)
        assert (bool(risks) and Missing.QUARTER_HOME_VISIT in risks[0].missing) is late


def test_work_per_visitor_and_kind(policy: Policy) -> None:
    roles = {"V1": Role.CARE_INSTITUTION, "V2": Role.VOLUNTEER}
    history = [visit(3, "K1"), visit(4, "G1", PHONE, VisitReason.WEATHER, visitor="V2")]
    travel = {(date(2026, 11, 3), "V1", "K1"): 12}
    visitors, kinds = month_work(
        history, NOV, date(2026, 11, 30), policy, roles=roles, travel=travel
    )
    v1, v2 = visitors
    assert (v1.visits, v1.home_visits, v1.travel_minutes, v1.reward) == (1, 1, 12, Reward.PAY)
    assert v1.visit_minutes == policy.visit_minutes[HOME]
    assert (v2.reward, v2.visit_minutes) == (Reward.POINTS, policy.visit_minutes[PHONE])
    assert [k.key for k in kinds] == ["care_institution", "volunteer"]


def test_the_default_day() -> None:
    assert default_as_of(NOV, date(2026, 11, 12)) == date(2026, 11, 12)
    assert default_as_of(NOV, date(2027, 1, 3)) == date(2026, 11, 30)


def _planned(elder_id: str, day: date) -> PlannedVisit:
    return PlannedVisit(
        day, "V1", elder_id, Tier.GENERAL, PHONE, 1, 540, 560, 0, VisitReason.REGULAR, day
    )


def test_nobody_is_on_schedule_without_a_contact(policy: Policy) -> None:
    """A general elder owes one visit by the month's end: on the 2nd nothing is late, but an
    elder never contacted is not counted as visited often enough."""
    rates = month_rates(ELDERS, HISTORY, NOV, date(2026, 11, 2), policy)
    by_id = {e.elder_id: e for e in rates.elders}
    assert by_id["G2"].due_so_far == 0 and not by_id["G2"].frequency_met
    assert by_id["K2"].frequency_met  # visited on the 2nd
    assert rates.total().frequency_met <= rates.total().floor_met


@settings(max_examples=60, deadline=None)
@given(
    visits=st.lists(
        st.tuples(
            st.integers(1, 30),
            st.sampled_from([e.elder_id for e in ELDERS]),
            st.sampled_from(list(VisitMode)),
            st.sampled_from(list(VisitReason)),
        ),
        max_size=40,
    ),
    day=st.integers(1, 29),
)
def test_the_counts_hold_together(
    policy: Policy, visits: list[tuple[int, str, VisitMode, VisitReason]], day: int
) -> None:
    """Frequency within the floor within the elders owed; an elder owed on both days who had a
    contact by the first still has it by the next (a pause starting between them takes the
    elder out of the month instead)."""
    history = [visit(d, elder, mode, reason) for d, elder, mode, reason in visits]
    earlier = month_rates(ELDERS, history, NOV, date(2026, 11, day), policy, pauses=PAUSES)
    later = month_rates(ELDERS, history, NOV, date(2026, 11, day + 1), policy, pauses=PAUSES)
    for rates in (earlier, later):
        total = rates.total()
        assert total.frequency_met <= total.floor_met <= total.owed == 7 - total.paused
        assert sum(t.owed for t in rates.by("town").values()) == total.owed
    still = {e.elder_id: e for e in later.elders if e.standing is Standing.OWED}
    for elder in earlier.elders:
        if elder.floor_met and elder.elder_id in still:
            assert still[elder.elder_id].floor_met


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "26-10", "2500-01", "1999-12", "abcd-ef"])
def test_a_month_that_is_not_one_is_refused_with_the_fix(text: str) -> None:
    with pytest.raises(ValueError, match="write YYYY-MM"):
        parse_month(text)


def test_a_month() -> None:
    assert parse_month("2026-10") == date(2026, 10, 1)
