"""The plumbing of ``visitplan plan ... --previous DIR --now TIME``: the re-plan's files read
(``planner.io.replan_inputs``), the week re-planned (``planner.usecases.replan``), its changes
written next to the roster and marked on the day maps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.io.changes_output import write_changes
from planner.io.replan_inputs import ReplanFiles, read_replan_inputs
from planner.model import Plan
from planner.usecases.plan import PageWriter, PlanRequest
from planner.usecases.replan import Replan, replan_week

__all__ = ["changes_writer", "replan", "stop_marks"]


def replan(request: PlanRequest, files: ReplanFiles) -> Replan:
    """Read the re-plan's files (every problem of all of them first), then re-plan."""
    inputs = read_replan_inputs(
        files,
        request.week_start,
        elder_ids={e.elder_id for e in request.elders},
        visitor_ids={v.visitor_id for v in request.visitors},
    )
    return replan_week(request, inputs.published, inputs.now, inputs.alarms)


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
