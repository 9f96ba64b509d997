"""The service and the command line plan the same tables and history into the same roster,
byte for byte: the history's reasons (weather and festival contacts come on top of the month's
visits) count the same way in both."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from api.service.settings import Settings
from tests.api.service.conftest import TABLES, upload
from tests.api.service.planned import run_worker

WEEK = "2024-05-27"
# E003's only contact in May is a weather call and E007's a festival one: each still owes the
# month's regular contact. Counted as regular visits (the defect), they would not be planned.
HISTORY = """date,elder_id,visitor_id,mode,reason
2024-05-06,E001,V01,home,regular
2024-05-20,E003,V04,phone,weather
2024-05-10,E007,V03,phone,festival
2024-05-13,E002,V04,phone,regular
"""


def test_the_service_plans_as_the_command_line_does(
    client: TestClient, imported: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(HISTORY, encoding="utf-8")
    answer = upload(client, imported, "history", history)
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    queued = client.post("/plans", json={"week": WEEK}, headers=imported)
    assert queued.status_code == 202, queued.text
    run_worker(settings)
    location = queued.headers["location"]
    served = client.get(f"{location}/roster?format=csv", headers=imported)
    assert served.status_code == 200, served.text

    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "api",
        "plan",
        "--elders",
        str(TABLES / "elders_good.csv"),
        "--visitors",
        str(TABLES / "visitors_good.csv"),
        "--history",
        str(history),
        "--week",
        WEEK,
        "--out",
        str(out),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    on_the_command_line = (out / "roster.csv").read_bytes()
    assert served.content == on_the_command_line
    # What the reasons decide is in it: the two elders contacted only for weather and a
    # festival are planned their month's regular contact.
    rows = on_the_command_line.decode().splitlines()
    assert any(",E003," in row and row.endswith(",regular") for row in rows)
