"""The visitor's calendar feed (planner.io.ics), read back with the icalendar parser."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from planner.io.ics import visitor_calendar
from planner.model import Elder, PlannedVisit, VisitMode, VisitReason
from planner.privacy import mask_name
from tests.maps.conftest import ELDER_BY_ID, MONDAY, RAW_PERSONAL_DATA, TUESDAY, VISITORS, VISITS

V001, V002 = VISITORS
CHINA = ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)


def feed(
    visits: tuple[PlannedVisit, ...] = VISITS,
    elders: dict[str, Elder] = ELDER_BY_ID,
    lang: str = "zh",
) -> bytes:
    return visitor_calendar(visits, elders, V001, lang=lang, stamp=PUBLISHED)


def events(ics: bytes) -> list[Event]:
    return list(Calendar.from_ical(ics).events)


def uids(ics: bytes) -> dict[tuple[str, date], str]:
    """UID by the event's start day and summary (which names the elder, masked)."""
    return {(str(e["SUMMARY"]), e.start.date()): str(e["UID"]) for e in events(ics)}


def test_one_event_per_planned_visit_of_the_visitor_in_china_time() -> None:
    found = events(feed())
    own = [v for v in VISITS if v.visitor_id == "V001"]
    assert len(found) == len(own) == 4
    first = found[0]
    assert first.start == datetime(2026, 12, 7, 9, 0, tzinfo=CHINA)
    assert first.end == datetime(2026, 12, 7, 9, 30, tzinfo=CHINA)
    assert first.start.tzinfo is not None and str(first["DTSTART"].params["TZID"]) == (
        "Asia/Shanghai"
    )
    assert first["DTSTAMP"].dt == PUBLISHED


def test_the_calendar_says_in_words_who_how_and_where_masked() -> None:
    first = events(feed())[0]
    assert str(first["SUMMARY"]) == "入户探访 王*明"
    assert str(first["LOCATION"]) == "王庄村"
    assert "本次重点" in str(first["DESCRIPTION"])
    english = events(feed(lang="en"))[1]
    assert str(english["SUMMARY"]) == "phone visit: 孙*"
    assert "To cover" in str(english["DESCRIPTION"])


def test_the_calendar_has_its_time_zone() -> None:
    calendar = Calendar.from_ical(feed())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_uids_are_stable_across_a_replan_of_the_week() -> None:
    before = uids(feed())
    # The re-plan moves Monday's second home visit later and swaps the order of the day.
    replanned = tuple(
        replace(
            v,
            sequence=4 - v.sequence,
            arrival_min=v.arrival_min + 45,
            departure_min=v.departure_min + 45,
        )
        if v.day == MONDAY and v.visitor_id == "V001"
        else v
        for v in VISITS
    )
    assert uids(feed(replanned)) == before
    assert feed(replanned) != feed()  # the times did change
    assert feed() == feed()  # and the same plan gives the same bytes


def test_a_visit_moved_to_another_day_or_for_another_reason_is_a_new_event() -> None:
    before = set(uids(feed()).values())
    e1 = next(v for v in VISITS if v.elder_id == "E1")
    moved = replace(e1, day=TUESDAY, sequence=2)
    weather = replace(e1, reason=VisitReason.WEATHER)
    for changed in (moved, weather):
        after = set(uids(feed(tuple(changed if v is e1 else v for v in VISITS))).values())
        assert len(after - before) == 1


def test_two_visits_of_one_elder_on_one_day_have_their_own_uids() -> None:
    e3 = next(v for v in VISITS if v.elder_id == "E3" and v.day == MONDAY)
    again = replace(e3, sequence=4, arrival_min=16 * 60, departure_min=16 * 60 + 10)
    found = events(feed((*VISITS, again)))
    assert len({str(e["UID"]) for e in found}) == len(found) == 5


def test_other_visitors_visits_stay_out() -> None:
    assert all("周*强" not in str(e["SUMMARY"]) for e in events(feed()))
    theirs = visitor_calendar(VISITS, ELDER_BY_ID, V002, stamp=PUBLISHED)
    assert [str(e["SUMMARY"]) for e in events(theirs)] == ["入户探访 周*强"]


def test_no_unmasked_personal_data_in_the_feed() -> None:
    # The elder's id is a resident ID number here: it must not show either.
    resident_id = ELDER_BY_ID["E1"].id_number or ""
    elders = {**ELDER_BY_ID, resident_id: replace(ELDER_BY_ID["E1"], elder_id=resident_id)}
    visits = tuple(replace(v, elder_id=resident_id) if v.elder_id == "E1" else v for v in VISITS)
    for lang in ("zh", "en"):
        text = feed(visits, elders, lang).decode("utf-8").replace("\r\n ", "")  # unfolded
        for secret in (*RAW_PERSONAL_DATA, "王庄村1号", resident_id):
            assert secret not in text
        assert mask_name("王小明") in text


def test_hostile_text_comes_back_as_text() -> None:
    hostile = replace(ELDER_BY_ID["E1"], name="<script>x</script>", village="王庄;村,\n=cmd")
    found = events(feed(elders={**ELDER_BY_ID, "E1": hostile}))[0]
    assert str(found["LOCATION"]) == "王庄;村,\n=cmd"
    assert str(found["SUMMARY"]) == f"入户探访 {mask_name('<script>x</script>')}"


def test_an_empty_week_is_an_empty_calendar() -> None:
    calendar = Calendar.from_ical(feed(()))
    assert list(calendar.events) == []
    assert "陈*华" in str(calendar["X-WR-CALNAME"])


def test_a_visit_naming_an_unknown_elder_is_refused() -> None:
    stray = replace(VISITS[0], elder_id="E99", mode=VisitMode.PHONE)
    with pytest.raises(ValueError, match="not in `elders`"):
        feed((stray,))
