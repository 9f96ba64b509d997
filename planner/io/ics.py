"""A visitor's planned visits as an iCalendar feed (RFC 5545), for the calendar on their phone.

One event per planned visit, arrival to departure in China's time. The feed is published
outside the service's pages (a phone's calendar app keeps it), so it carries no more than a
page may: the elder's masked name, the mode, the village, and what the visit should cover; no
address, phone or ID number, and no elder id (which may be one). Each event's UID is a
UUID 5 of the visitor, the elder, the day and the reason: a re-plan of the week that keeps a
visit keeps its UID, so the calendar app updates the event instead of adding a second one.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from planner.io.page_words import page_text
from planner.io.words import label
from planner.model import Elder, PlannedVisit, Visitor
from planner.privacy import mask_name, mask_personal_numbers, public_id
from planner.visit_topics import visit_topics

CHINA_TIME: Final = ZoneInfo("Asia/Shanghai")
PRODUCT_ID: Final = "-//visitplan//visitor calendar//EN"
TOPICS_IN_EVENT: Final = 3
# A fixed namespace: the same visit gets the same UID on every machine and in every release.
_UID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:visitplan:planned-visit")


def visit_uid(visit: PlannedVisit, occurrence: int = 0) -> str:
    """The event's UID: the same for the same visit (visitor, elder, day, reason) in every plan
    of its week. ``occurrence`` tells apart two such visits on one day (0 for the first)."""
    parts = [visit.visitor_id, visit.elder_id, visit.day.isoformat(), visit.reason.value]
    if occurrence:
        parts.append(str(occurrence))
    return str(uuid.uuid5(_UID_NAMESPACE, "\n".join(parts)))


def visitor_calendar(
    visits: Sequence[PlannedVisit],
    elders: Mapping[str, Elder],
    visitor: Visitor,
    *,
    lang: str = "zh",
    stamp: datetime | None = None,
) -> bytes:
    """The visitor's planned visits as an iCalendar file.

    Parameters
    ----------
    visits
        Planned visits; those of other visitors are left out.
    elders
        The elders visited, by id.
    visitor
        Whose calendar it is.
    lang
        ``"zh"`` or ``"en"``: the words of the events.
    stamp
        The events' DTSTAMP, when the plan was published; now when not given.
    """
    own = sorted(
        (v for v in visits if v.visitor_id == visitor.visitor_id),
        key=lambda v: (v.day, v.sequence),
    )
    visitor_name = f"{public_id(visitor.visitor_id)} {mask_name(visitor.name)}"
    calendar = Calendar.new(
        uid=uuid.uuid5(_UID_NAMESPACE, f"calendar\n{visitor.visitor_id}"),
        prodid=PRODUCT_ID,
        name=page_text("calendar_name", lang, visitor=visitor_name),
    )
    seen: Counter[tuple[str, date, str]] = Counter()
    for visit in own:
        elder = elders.get(visit.elder_id)
        if elder is None:
            raise ValueError(f"planned visit on {visit.day} names an elder not in `elders`")
        key = (visit.elder_id, visit.day, visit.reason.value)
        calendar.add_component(_event(visit, elder, seen[key], lang, stamp or datetime.now(UTC)))
        seen[key] += 1
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def _event(visit: PlannedVisit, elder: Elder, occurrence: int, lang: str, stamp: datetime) -> Event:
    topics = visit_topics(elder, visit)[:TOPICS_IN_EVENT]
    topic_words = ("、" if lang == "zh" else ", ").join(
        label("topic", advice.topic, lang) for advice in topics
    )
    details = [
        label("tier", visit.tier, lang),
        label("reason", visit.reason, lang),
        page_text("event_topics", lang, topics=topic_words),
    ]
    return Event.new(
        uid=visit_uid(visit, occurrence),
        stamp=stamp,
        start=_china_time(visit.day, visit.arrival_min),
        end=_china_time(visit.day, visit.departure_min),
        summary=page_text(
            "event_summary",
            lang,
            mode=label("mode", visit.mode, lang),
            name=mask_name(elder.name),
        ),
        location=mask_personal_numbers(elder.village),
        description=" · ".join(details),
    )


def _china_time(day: date, minutes: int) -> datetime:
    if minutes >= 24 * 60:  # a visit that ends at midnight
        return datetime.combine(day, time(23, 59), CHINA_TIME)
    return datetime.combine(day, time(minutes // 60, minutes % 60), CHINA_TIME)
