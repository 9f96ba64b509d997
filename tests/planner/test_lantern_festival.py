"""The Lantern Festival (元宵节) is a festival the policy file may turn on; it is off by default."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.extra_contacts import festival_dates
from planner.model import VisitReason
from planner.policy import Policy, load_policy
from tests.conftest import make_elder
from tests.planner.test_demand import KEY, due_in

# 元宵节 2027 is Saturday 20 February; its week of calls (13..19 February) is the week of the 15th.
LANTERN_WEEK = date(2027, 2, 15)


def _festival_notes(policy: Policy) -> list[str]:
    due = due_in(policy, [make_elder("K", **KEY)], LANTERN_WEEK)
    return [v.note for v in due if v.reason is VisitReason.FESTIVAL]


def test_the_lantern_festival_falls_on_the_fifteenth_of_the_first_lunar_month() -> None:
    assert festival_dates(2027, ["lantern_festival"]) == [("lantern_festival", date(2027, 2, 20))]


def test_the_lantern_festival_brings_no_contact_by_default(policy: Policy) -> None:
    assert "lantern_festival" not in policy.festivals
    assert _festival_notes(policy) == []


def test_a_policy_with_the_lantern_festival_brings_key_elders_a_contact(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[festivals]\nnames = ["spring_festival", "lantern_festival"]\n', encoding="utf-8"
    )
    assert _festival_notes(load_policy(path)) == ["lantern_festival"]
