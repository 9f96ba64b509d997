"""The plumbing of ``visitplan plan ... --previous DIR --now TIME [--alarms FILE]``: a published
week re-planned for a surge (``planner.replan``), its changes written next to the roster."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from planner.io.alarms import load_alarms, load_pins, parse_moment
from planner.io.changes_output import write_changes
from planner.io.previous import ROSTER_FILE, read_published_roster
from planner.io.problems import InputError, Problem
from planner.model import Alarm, Plan
from planner.planning import PageWriter, PlanRequest
from planner.replan import Replan, replan_week

__all__ = ["changes_writer", "parse_now", "previous_roster_file", "replan"]


def parse_now(text: str | None) -> datetime:
    if not text:
        raise InputError(
            [Problem("--now", None, None, "give --now YYYY-MM-DDTHH:MM with --previous")]
        )
    try:
        return parse_moment(text)
    except ValueError as error:
        raise InputError([Problem("--now", None, None, str(error))]) from None


def previous_roster_file(previous: Path | None) -> Path | None:
    """The file a re-plan reads from ``previous``: never replaced by the run's output."""
    return None if previous is None else previous / ROSTER_FILE


def replan(
    request: PlanRequest,
    previous: Path,
    now_text: str | None,
    alarms: Path | None,
    pin: Path | None = None,
) -> Replan:
    """Read the published roster and the alarms (every problem of both first), re-plan."""
    now = parse_now(now_text)
    problems: list[Problem] = []
    week: date = request.week_start
    published = None
    try:
        published = read_published_roster(previous, week)
    except InputError as error:
        problems += error.problems
    found: tuple[Alarm, ...] = ()
    if alarms is not None:
        try:
            found = load_alarms(
                alarms, elder_ids={e.elder_id for e in request.elders}, week_start=week
            )
        except InputError as error:
            problems += error.problems
    if pin is not None and published is not None:
        try:
            pinned = load_pins(pin, published)
            published = replace(published, pinned=published.pinned | pinned)
        except InputError as error:
            problems += error.problems
    if problems or published is None:
        raise InputError(problems)
    return replan_week(request, published, now, found)


def changes_writer(result: Replan, lang: str) -> tuple[str, PageWriter]:
    def write(plan: Plan, folder: Path) -> None:
        write_changes(plan, result.changes, folder, lang)

    return ("writing the changes", write)


def stop_marks(result: Replan) -> dict[tuple[str, date, str], str]:
    """The day maps' marks: each new or moved stop, by (visitor_id, day, elder_id)."""
    return {
        (c.after.visitor_id, c.after.day, c.elder_id): c.kind.value
        for c in result.changes
        if c.after is not None
    }
