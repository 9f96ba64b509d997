"""A plan's figures: ``summary.json``, and the rows of the workbook's summary sheet.

The figures are counted here once, in a fixed order (the contract's keys and useful extras), so
that the file and the sheet say the same.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

from geo.travel import path_km
from planner.io.gap import elders_missing_month, visitor_days_to_close_gap
from planner.io.note_words import warning_text
from planner.io.plan_rows import KM_DECIMALS, CellValue
from planner.model import Plan, Tier, VisitMode

__all__ = ["by_tier", "figures", "summary", "write_summary_json"]


def by_tier(plan: Plan) -> dict[str, dict[str, int]]:
    """Due, planned and unassigned visits per tier, key first."""
    due = Counter(visit.tier for visit in plan.due)
    planned = Counter(visit.tier for visit in plan.visits)
    unassigned = Counter(item.tier for item in plan.unassigned)
    return {
        tier.value: {"due": due[tier], "planned": planned[tier], "unassigned": unassigned[tier]}
        for tier in Tier
    }


def figures(plan: Plan) -> dict[str, CellValue]:
    """The plan's single-valued figures, in their fixed order."""
    modes = Counter(visit.mode for visit in plan.visits)
    home_visits = modes[VisitMode.HOME]
    straight_line_km = sum(path_km(route.path) for route in plan.routes)
    towns = {elder.town for elder in plan.elders} | {visitor.town for visitor in plan.visitors}
    return {
        "week_start": plan.week_start.isoformat(),
        "week_end": (plan.week_start + timedelta(days=6)).isoformat(),
        "elders": len(plan.elders),
        "visitors": len(plan.visitors),
        "towns": len(towns),
        "due_visits": len(plan.due),
        "planned_visits": len(plan.visits),
        "unassigned": len(plan.unassigned),
        "home_visits": home_visits,
        "phone_visits": modes[VisitMode.PHONE],
        "online_visits": modes[VisitMode.ONLINE],
        "visitors_with_visits": len({visit.visitor_id for visit in plan.visits}),
        "travel_minutes": sum(visit.travel_minutes for visit in plan.visits),
        "route_minutes": sum(route.minutes for route in plan.routes),
        "route_km": round(sum(route.km for route in plan.routes), KM_DECIMALS),
        "straight_line_km": round(straight_line_km, KM_DECIMALS),
        "km_per_home_visit": (
            round(straight_line_km / home_visits, KM_DECIMALS) if home_visits else None
        ),
        "approximate_locations": sum(elder.approximate_location for elder in plan.elders),
        "flags": len(plan.flags),
        "elders_missing_month": elders_missing_month(plan),
        "visitor_days_to_close_gap": visitor_days_to_close_gap(plan),
        "seconds": round(plan.seconds, 3),
    }


def summary(plan: Plan) -> dict[str, object]:
    """The plan's figures, in a fixed key order (the contract's keys and useful extras).

    ``travel_minutes`` is the sum of the roster's ``travel_minutes`` column (the legs to each
    stop); ``route_minutes`` and ``route_km`` add up the day routes as ``routes.geojson`` gives
    them. ``km_per_home_visit`` is the straight-line length of all routes per home visit, a
    measure of how compact the rounds are that does not depend on the travel model (``None``
    when there is no home visit). ``by_tier`` counts due, planned and unassigned visits per tier.
    ``time_cap_hit`` names the towns whose route search the wall clock stopped (normally none):
    only their part of the plan may differ between two runs. ``seconds`` always differs.
    ``elders_missing_month`` and ``visitor_days_to_close_gap``: see ``planner.io.gap``.
    """
    warnings = [warning_text(warning, "en") for warning in plan.warnings]
    return {
        **figures(plan),
        "by_tier": by_tier(plan),
        "warnings": warnings,
        "time_cap_hit": list(plan.time_cap_hit),
    }


def write_summary_json(plan: Plan, path: Path) -> None:
    """Write ``summary.json`` (see ``summary``): indent 2, UTF-8 text unescaped."""
    text = json.dumps(summary(plan), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
