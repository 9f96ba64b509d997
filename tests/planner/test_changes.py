"""changes.csv is exactly the difference of the two rosters (a property over random rosters)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.changes import ChangeKind, Slot, apply_changes, roster_changes
from planner.model import PlannedVisit, Tier, VisitMode, VisitReason

MONDAY = date(2026, 12, 7)


def _visit(elder: str, reason: VisitReason, day: int, visitor: str, arrival: int) -> PlannedVisit:
    return PlannedVisit(
        MONDAY + timedelta(days=day),
        visitor,
        elder,
        Tier.KEY,
        VisitMode.HOME,
        1,
        arrival,
        arrival + 30,
        0,
        reason,
        MONDAY,
    )


visits = st.builds(
    _visit,
    st.sampled_from(["E1", "E2", "E3"]),
    st.sampled_from([VisitReason.REGULAR, VisitReason.WEATHER]),
    st.integers(0, 6),
    st.sampled_from(["V1", "V2"]),
    st.sampled_from([510, 600, 840]),
)
rosters = st.lists(visits, max_size=12, unique_by=lambda v: (v.elder_id, v.reason, v.day))


def _as_rows(roster: list[PlannedVisit]) -> list[tuple[str, VisitReason, Slot]]:
    rows = [(v.elder_id, v.reason, Slot(v.day, v.visitor_id, v.arrival_min)) for v in roster]
    return sorted(rows, key=lambda v: (v[0], v[1].value, v[2].day, v[2].arrival_min))


@given(rosters, rosters)
def test_the_changes_turn_the_published_roster_into_the_new_one(
    published: list[PlannedVisit], replanned: list[PlannedVisit]
) -> None:
    changes = roster_changes(published, replanned)
    assert apply_changes(_as_rows(published), changes) == _as_rows(replanned)
    kept = {(v.elder_id, v.reason, v.day, v.visitor_id, v.arrival_min) for v in published} & {
        (v.elder_id, v.reason, v.day, v.visitor_id, v.arrival_min) for v in replanned
    }
    # a visit in both rosters, the same, is no change
    touched = {
        (c.elder_id, c.reason, s.day, s.visitor_id, s.arrival_min)
        for c in changes
        for s in (c.before, c.after)
        if s
    }
    assert not kept & touched


def test_a_visit_on_another_day_is_moved_and_a_new_one_added() -> None:
    regular = _visit("E1", VisitReason.REGULAR, 1, "V1", 510)
    later = _visit("E1", VisitReason.REGULAR, 2, "V1", 510)
    weather = _visit("E2", VisitReason.WEATHER, 1, "V2", 600)
    changes = roster_changes([regular], [later, weather])
    assert [(c.elder_id, c.kind) for c in changes] == [
        ("E1", ChangeKind.MOVED),
        ("E2", ChangeKind.ADDED),
    ]
    assert roster_changes([regular], [regular]) == ()
    (cancelled,) = roster_changes([regular], [])
    assert (cancelled.kind, cancelled.visitor_id) == (ChangeKind.CANCELLED, "V1")
