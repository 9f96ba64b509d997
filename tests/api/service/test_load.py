"""A bounded load on a real server: visitors reading their day pages at once, through the
login form's cookie, on loopback. Asserts what must hold under load (every answer a 200 page,
each visitor's own), never a time: the latencies are ``benchmarks.service_load``'s to report.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import httpx2

from benchmarks.service_load import (
    add_accounts,
    free_port,
    page_cookie,
    plan_week_through_api,
    read_pages,
    running_server,
    visitors_on_duty,
)
from planner.demo.district import DemoSize, write_demo_tables

WEEK = date(2026, 12, 7)


def test_visitors_reading_their_day_at_once_all_get_their_page(tmp_path: Path) -> None:
    write_demo_tables(
        tmp_path / "tables", size=DemoSize(elders=200, visitors=14), planning_date=WEEK
    )
    db = tmp_path / "visitplan.db"
    with (
        running_server(db, free_port()) as base_url,
        httpx2.Client(base_url=base_url, timeout=60) as client,
    ):
        add_accounts(db, coordinator=True)
        plan_id = plan_week_through_api(client, tmp_path / "tables", WEEK)
        on_duty = visitors_on_duty(client, plan_id, WEEK)
        assert len(on_duty) >= 3
        add_accounts(db, on_duty)
        cookies = {visitor_id: page_cookie(client, visitor_id) for visitor_id in on_duty}
        path = f"/me/{WEEK.isoformat()}"
        result = asyncio.run(read_pages(base_url, list(cookies.values()) * 3, path, 3.0))
        assert result.errors == 0
        assert result.requests >= len(cookies) * 3
        for visitor_id, cookie in cookies.items():
            page = client.get(path, headers={"Cookie": f"visitplan_token={cookie}"}).text
            others = set(on_duty) - {visitor_id}
            assert visitor_id in page
            assert not any(other in page for other in others)
