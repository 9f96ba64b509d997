"""A finished plan of the good tables' week, for tests of what visitors read.

In the week of 2024-05-06, V01 visits E001 at home and V02 visits E005 and E004 (both of
城关镇) on the Monday; V03 (北园街道) visits E006 on the Saturday.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from api.service.db import make_engine, session_factory
from api.service.settings import Settings
from api.service.worker import work_one
from planner.policy import load_policy

WEEK = "2024-05-06"
MONDAY = "2024-05-06"


def run_worker(settings: Settings) -> None:
    """What the worker process does, here in the test's process: every queued plan."""
    engine = make_engine(settings.database_url)
    sessions: sessionmaker[Session] = session_factory(engine)
    try:
        while work_one(sessions, load_policy(), settings):
            pass
    finally:
        engine.dispose()


def plan_the_week(client: TestClient, headers: dict[str, str], settings: Settings) -> str:
    """Ask for the week's plan, run the worker; the plan's URL."""
    answer = client.post("/plans", json={"week": WEEK}, headers=headers)
    assert answer.status_code == 202, answer.text
    run_worker(settings)
    location = answer.headers["location"]
    assert client.get(location, headers=headers).json()["status"] == "done"
    return str(location)
