"""Writing a plan's maps: index.html and a file per visitor and day, named safely
(../shared/CONTRACT.md)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from maps import day_map_file_name, write_plan_maps
from planner.model import Plan, UnassignedVisit
from planner.privacy import mask_phone
from tests.conftest import reason_quoting
from tests.maps.conftest import (
    MONDAY,
    ROUTE_V002_MONDAY,
    V001_MONDAY,
    V001_TUESDAY,
    V002_MONDAY,
    V002_TUESDAY,
    VISITORS,
    write_pages,
)

# --- files -------------------------------------------------------------------------------------


def test_writes_index_and_a_map_per_visitor_day_with_visits(
    small_plan: Plan, tmp_path: Path
) -> None:
    paths = write_plan_maps(small_plan, tmp_path / "maps")

    assert paths[0] == tmp_path / "maps" / "index.html"
    assert sorted(path.name for path in paths[1:]) == [V001_MONDAY, V001_TUESDAY, V002_MONDAY]
    assert all(path.is_file() for path in paths)
    pages = sorted(p.name for p in (tmp_path / "maps").iterdir() if p.suffix == ".html")
    assert pages == sorted(p.name for p in paths)
    assert not (tmp_path / "maps" / V002_TUESDAY).exists()  # V002 has nothing on Tuesday


def test_a_plan_with_nothing_planned_still_has_an_overview(
    small_plan: Plan, tmp_path: Path
) -> None:
    unassigned = tuple(
        UnassignedVisit(v.elder_id, v.tier, v.due_by, reason_quoting("V"))
        for v in small_plan.visits
    )
    plan = replace(small_plan, visits=(), routes=(), unassigned=unassigned)

    paths = write_plan_maps(plan, tmp_path)

    assert [path.name for path in paths] == ["index.html"]


def test_an_unknown_language_is_refused(small_plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang"):
        write_plan_maps(small_plan, tmp_path, lang="fr")


# --- file names --------------------------------------------------------------------------------


def test_unsafe_visitor_ids_become_safe_file_names() -> None:
    assert day_map_file_name("V003", MONDAY) == "V003_2026-12-07.html"
    assert day_map_file_name("村V 3", MONDAY) == "村V 3_2026-12-07.html"
    assert day_map_file_name("村/V 3:a", MONDAY) == "村_V 3_a_2026-12-07.html"


HOSTILE_VISITOR_IDS = (
    "..",
    "../../etc/cron.d/x",
    "..\\..\\x",
    "/etc/passwd",
    "C:\\Windows\\x",
    ".hidden",
    "a\x00b",
    "=cmd|' /C calc'!A0",
    "-rf",
    "@SUM(1)",
    "\t+1",
    "V" * 300,
    "村" * 120,
)


@pytest.mark.parametrize("visitor_id", HOSTILE_VISITOR_IDS)
def test_a_hostile_visitor_id_gives_a_plain_file_name(visitor_id: str) -> None:
    name = day_map_file_name(visitor_id, MONDAY)
    assert name.endswith("_2026-12-07.html")
    assert not set(name) & set("/\\\x00")
    assert not name.startswith((".", "=", "+", "-", "@", "\t", "\r"))
    assert len(name.encode("utf-8")) <= 255


def test_maps_of_hostile_visitor_ids_stay_inside_their_folder(
    small_plan: Plan, tmp_path: Path
) -> None:
    ids = dict(zip(("V001", "V002"), HOSTILE_VISITOR_IDS[1:3], strict=True))
    visitors = tuple(replace(v, visitor_id=ids[v.visitor_id]) for v in VISITORS)
    visits = tuple(replace(v, visitor_id=ids[v.visitor_id]) for v in small_plan.visits)
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=())
    folder = tmp_path / "out" / "maps"

    paths = write_plan_maps(plan, folder)

    assert all(path.parent == folder for path in paths)
    written = {p for p in tmp_path.rglob("*") if p.is_file() and "lib" not in p.parts}
    assert written == set(paths)


def test_a_visitor_id_that_is_a_mobile_number_is_masked_in_names_and_pages(
    small_plan: Plan, tmp_path: Path
) -> None:
    number = "13912345678"
    visitors = (replace(VISITORS[0], visitor_id=number), VISITORS[1])
    visits = tuple(
        replace(v, visitor_id=number) if v.visitor_id == "V001" else v for v in small_plan.visits
    )
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=(ROUTE_V002_MONDAY,))

    pages = write_pages(plan, tmp_path)

    assert "139____5678_2026-12-07.html" in pages
    assert not [name for name, page in pages.items() if number in name or number in page]
    assert mask_phone(number) in pages["index.html"]


def test_visitor_ids_that_clash_once_made_safe_keep_separate_files(
    small_plan: Plan, tmp_path: Path
) -> None:
    visitors = (replace(VISITORS[0], visitor_id="A/1"), replace(VISITORS[1], visitor_id="A_1"))
    renamed = {"V001": "A/1", "V002": "A_1"}
    visits = tuple(replace(v, visitor_id=renamed[v.visitor_id]) for v in small_plan.visits)
    plan = replace(small_plan, visitors=visitors, visits=visits, routes=())

    names = [path.name for path in write_plan_maps(plan, tmp_path)]

    assert names == [
        "index.html",
        "A_1_2026-12-07.html",
        "A_1_2026-12-08.html",
        "A_1_2026-12-07-2.html",
    ]
