"""The demo's elders: valid ID numbers, believable ages, tiers, names, phones and addresses."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from planner.demo.district import DemoSize, demo_rows
from planner.model import Tier
from tests.planner.demo.conftest import Tables, tiers_of


def gb11643_check_character(first_17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first_17, weights, strict=True)) % 11]


def age_of(row: dict[str, str], on: date) -> int:
    if not row["birth_date"]:
        return int(row["age"])
    born = date.fromisoformat(row["birth_date"])
    return on.year - born.year - int((on.month, on.day) < (born.month, born.day))


def test_the_check_character_of_this_test_follows_gb_11643() -> None:
    assert gb11643_check_character("11010519491231002") == "X"  # the standard's own example


def test_id_numbers_are_valid_and_agree_with_the_birth_date(default_tables: Tables) -> None:
    elders, _ = default_tables
    with_id = [row for row in elders if row["id_number"]]
    assert 0.85 < len(with_id) / len(elders) < 0.97
    assert len({row["id_number"] for row in with_id}) == len(with_id)
    for row in with_id:
        id_number = row["id_number"]
        assert len(id_number) == 18 and id_number.startswith("370404")
        assert gb11643_check_character(id_number[:17]) == id_number[17]
        assert id_number[6:14] == row["birth_date"].replace("-", "")
        assert int(id_number[16]) % 2 == (1 if row["sex"] == "M" else 0)


def test_rows_give_a_birth_date_or_else_only_an_age(default_tables: Tables) -> None:
    elders, _ = default_tables
    only_age = [row for row in elders if not row["birth_date"]]
    assert all(row["age"] and not row["id_number"] for row in only_age)
    assert all(not row["age"] for row in elders if row["birth_date"])
    assert 0.01 < len(only_age) / len(elders) < 0.08


@pytest.mark.parametrize("planning_date", [date(2025, 3, 3), date(2028, 2, 29), date(2026, 12, 31)])
def test_ages_are_60_to_100_on_the_planning_date(planning_date: date) -> None:
    size = DemoSize(elders=2000, visitors=60, towns=3, villages=40)
    elders, _ = demo_rows(size=size, planning_date=planning_date)
    ages = [age_of(row, planning_date) for row in elders]
    assert min(ages) >= 60 and max(ages) <= 100
    assert 0.28 < sum(age >= 80 for age in ages) / len(ages) < 0.38
    assert sum(age < 70 for age in ages) > sum(age >= 90 for age in ages) * 3  # skewed young


def test_tier_shares_are_near_40_15_45(default_tables: Tables) -> None:
    elders, _ = default_tables
    shares = Counter(tiers_of(elders).values())
    assert abs(shares[Tier.KEY] / len(elders) - 0.40) < 0.05
    assert abs(shares[Tier.SECONDARY] / len(elders) - 0.15) < 0.04
    assert abs(shares[Tier.GENERAL] / len(elders) - 0.45) < 0.05


def test_personal_details_look_like_real_ones(default_tables: Tables) -> None:
    elders, _ = default_tables
    mobile = re.compile(r"^1[358]\d{9}$")
    for row in elders:
        assert 2 <= len(row["name"]) <= 3
        assert not row["phone"] or mobile.match(row["phone"])
        assert not row["emergency_phone"] or mobile.match(row["emergency_phone"])
        assert row["address"].startswith(f"峄城区{row['town']}{row['village']}")
    assert 0.08 < sum(row["disability_grade"] != "" for row in elders) / len(elders) < 0.12
    assert 0.01 < sum(row["home_visit_consent"] == "0" for row in elders) / len(elders) < 0.05
