"""Shared builders for tiny named instances (PyVRP style): one elder, one visitor, one town."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.crs import LonLat
from planner.model import Ability, Elder, Plan, Reason, ReasonCode, Role, TimeWindow, Visitor
from planner.policy import Policy, load_policy

TOWN = "古邵镇"
VILLAGE = "王庄村"
CENTRE = LonLat(117.455, 34.800)
MONDAY = date(2026, 12, 7)  # an ordinary working week: no holidays


def make_elder(elder_id: str = "E1", **changes: Any) -> Elder:
    base = Elder(
        elder_id=elder_id,
        name="张三丰",
        town=TOWN,
        village=VILLAGE,
        location=LonLat(CENTRE.lon + 0.002, CENTRE.lat + 0.001),
        birth_date=date(1950, 6, 1),
        ability=Ability.INTACT,
        phone="13812345678",
    )
    return replace(base, **changes)


def make_visitor(visitor_id: str = "V1", **changes: Any) -> Visitor:
    base = Visitor(
        visitor_id=visitor_id,
        name="李四",
        role=Role.VILLAGE_STAFF,
        town=TOWN,
        start=CENTRE,
        villages=frozenset({VILLAGE}),
    )
    return replace(base, **changes)


def window(text: str) -> TimeWindow:
    start, end = text.split("-")
    to_min = lambda hhmm: int(hhmm[:2]) * 60 + int(hhmm[3:])  # noqa: E731
    return TimeWindow(to_min(start), to_min(end))


def reason_quoting(text: str) -> Reason:
    """A reason whose words quote ``text`` (as the village nobody serves): for tests of what the
    outputs do with data that reaches a reason's words."""
    return Reason(ReasonCode.NO_VISITOR_SERVES_VILLAGE, village=text, town=TOWN)


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


def rename_ids(
    plan: Plan, elders: dict[str, str] | None = None, visitors: dict[str, str] | None = None
) -> Plan:
    """``plan`` with elder and visitor ids renamed everywhere they occur (flags included)."""
    elder_id = lambda old: (elders or {}).get(old, old)  # noqa: E731
    visitor_id = lambda old: (visitors or {}).get(old, old)  # noqa: E731
    return replace(
        plan,
        elders=tuple(replace(e, elder_id=elder_id(e.elder_id)) for e in plan.elders),
        visitors=tuple(replace(v, visitor_id=visitor_id(v.visitor_id)) for v in plan.visitors),
        tiers={elder_id(old): tier for old, tier in plan.tiers.items()},
        due=tuple(replace(d, elder_id=elder_id(d.elder_id)) for d in plan.due),
        visits=tuple(
            replace(v, elder_id=elder_id(v.elder_id), visitor_id=visitor_id(v.visitor_id))
            for v in plan.visits
        ),
        unassigned=tuple(replace(u, elder_id=elder_id(u.elder_id)) for u in plan.unassigned),
        routes=tuple(
            replace(
                r,
                visitor_id=visitor_id(r.visitor_id),
                elder_ids=tuple(map(elder_id, r.elder_ids)),
            )
            for r in plan.routes
        ),
        flags=tuple(replace(f, subject_id=visitor_id(elder_id(f.subject_id))) for f in plan.flags),
    )


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where the browser tests keep their screenshots, as test artefacts that outlive the run:
    ``test-artifacts/screenshots`` in the checkout (ignored by git), or the folder
    ``VISITPLAN_TEST_ARTIFACTS`` names (a CI job can collect it)."""
    checkout = Path(__file__).parents[1]
    root = Path(os.environ.get("VISITPLAN_TEST_ARTIFACTS", checkout / "test-artifacts"))
    folder = root / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def as_one_who_obeys_permissions() -> list[str]:
    """A command prefix under which a folder's permissions hold for this user, root included.

    Root writes into a read-only folder, and CI runs as root: under root, util-linux's
    ``setpriv`` drops the capabilities that override permissions (``CAP_DAC_OVERRIDE``,
    ``CAP_DAC_READ_SEARCH``) from the command's bounding set, so that root is an owner like any
    other. Any other user needs no prefix.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:  # util-linux is part of every Debian; a test without it cannot be true
        pytest.fail("running as root, the read-only tests need setpriv (util-linux)")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
