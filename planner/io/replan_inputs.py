"""The files of a re-plan (``visitplan plan ... --previous DIR --now TIME [--alarms FILE]
[--pin FILE]``): the published roster, the alarms and the pins, read and checked against the
week's tables, every problem of every file gathered before stopping. The use case
(``planner.usecases.replan``) is given what this reads, never a file or a flag."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from planner.io.alarms import load_alarms, load_pins, parse_moment
from planner.io.previous import ROSTER_FILE, PublishedRoster, read_published_roster
from planner.io.problems import InputError, Problem
from planner.model import Alarm

__all__ = ["ReplanFiles", "ReplanInputs", "previous_roster_file", "read_replan_inputs"]


@dataclass(frozen=True)
class ReplanFiles:
    """What the command line names: the published plan's folder, the time, alarms and pins."""

    previous: Path
    now: str | None
    alarms: Path | None = None
    pin: Path | None = None


@dataclass(frozen=True)
class ReplanInputs:
    published: PublishedRoster
    now: datetime
    alarms: tuple[Alarm, ...]


def previous_roster_file(previous: Path | None) -> Path | None:
    """The file a re-plan reads from ``previous``: never replaced by the run's output."""
    return None if previous is None else previous / ROSTER_FILE


def read_replan_inputs(
    files: ReplanFiles,
    week_start: date,
    *,
    elder_ids: Collection[str],
    visitor_ids: Collection[str],
) -> ReplanInputs:
    """Read the published roster, the alarms and the pins of the week starting ``week_start``.

    Raises
    ------
    InputError
        With every problem: ``--now`` missing, unreadable or outside the week; a roster that is
        not the week's or names someone the tables do not hold; a bad alarm or pin.
    """
    problems: list[Problem] = []
    now = None
    try:
        now = _now(files.now, week_start)
    except InputError as error:
        problems += error.problems
    published = None
    try:
        published = read_published_roster(files.previous, week_start)
        problems += _unknown_people(published, elder_ids, visitor_ids)
    except InputError as error:
        problems += error.problems
    found: tuple[Alarm, ...] = ()
    if files.alarms is not None:
        try:
            found = load_alarms(files.alarms, elder_ids=set(elder_ids), week_start=week_start)
        except InputError as error:
            problems += error.problems
    if files.pin is not None and published is not None:
        try:
            pinned = load_pins(files.pin, published)
            published = replace(published, pinned=published.pinned | pinned)
        except InputError as error:
            problems += error.problems
    if problems or published is None or now is None:
        raise InputError(problems)
    return ReplanInputs(published, now, found)


def _now(text: str | None, week_start: date) -> datetime:
    if not text:
        raise InputError(
            [Problem("--now", None, None, "give --now YYYY-MM-DDTHH:MM with --previous")]
        )
    try:
        now = parse_moment(text)
    except ValueError as error:
        raise InputError([Problem("--now", None, None, str(error))]) from None
    if not week_start <= now.date() <= week_start + timedelta(days=6):
        message = f"{now:%Y-%m-%dT%H:%M} is not in the week of {week_start}: give a time in it"
        raise InputError([Problem("--now", None, None, message)])
    return now


def _unknown_people(
    published: PublishedRoster, elder_ids: Collection[str], visitor_ids: Collection[str]
) -> list[Problem]:
    """A problem for each published visit naming an elder or a visitor the tables do not hold."""
    problems = []
    for visit in published.visits:
        row = published.rows[visit]
        for column, known in (("elder_id", elder_ids), ("visitor_id", visitor_ids)):
            value = getattr(visit, column)
            if value not in known:
                problems.append(
                    Problem(published.file, row, column, f"{value!r} is not in the tables given")
                )
    return problems
