"""Imports: validated like the command line's tables, all or nothing, within the town."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.service.db import make_engine, session_factory
from api.service.models import AuditEntry, ElderRow
from api.service.settings import Settings
from tests.api.service.conftest import TABLES, login, make_user, upload


def _elders(settings: Settings) -> int:
    with session_factory(make_engine(settings.database_url))() as session:
        return session.scalar(select(func.count()).select_from(ElderRow)) or 0


def test_the_good_tables_import_and_the_import_is_audited(
    client: TestClient, coordinator: dict[str, str], settings: Settings
) -> None:
    answer = upload(client, coordinator, "elders", TABLES / "elders_good.csv")
    assert answer.status_code == 200, answer.text
    assert answer.json()["imported"] == 7
    assert answer.json()["towns"] == ["北园街道", "城关镇"]
    visitors = upload(client, coordinator, "visitors", TABLES / "visitors_good.csv")
    assert visitors.status_code == 200, visitors.text
    history = upload(client, coordinator, "history", TABLES / "history_good.csv")
    assert history.status_code == 200, history.text
    with session_factory(make_engine(settings.database_url))() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert {"import_elders", "import_visitors", "import_history"} <= set(actions)


def test_a_bad_table_is_422_with_every_problem_and_nothing_imported(
    client: TestClient, coordinator: dict[str, str], settings: Settings
) -> None:
    upload(client, coordinator, "elders", TABLES / "elders_good.csv")
    answer = upload(client, coordinator, "elders", TABLES / "elders_several_defects.csv")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    errors = answer.json()["errors"]
    assert len(errors) >= 8
    assert {"file", "row", "column", "message"} <= set(errors[0])
    assert ("birth_date", 3) in {(e["column"], e["row"]) for e in errors}
    assert _elders(settings) == 7  # the good import stands untouched


def test_a_nul_character_is_422_naming_its_cell(
    client: TestClient, coordinator: dict[str, str], tmp_path: Path
) -> None:
    table = (TABLES / "elders_good.csv").read_text(encoding="utf-8").replace("张三丰", "张\x00三")
    path = tmp_path / "elders.csv"
    path.write_text(table, encoding="utf-8")
    answer = upload(client, coordinator, "elders", path)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["row"] == 2
    assert answer.json()["errors"][0]["column"] == "name"


def test_a_town_coordinator_may_import_only_their_town(
    client: TestClient, settings: Settings
) -> None:
    make_user(settings, "chengguan", "coordinator", town="城关镇")
    answer = upload(client, login(client, "chengguan"), "elders", TABLES / "elders_good.csv")
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    lines = (TABLES / "elders_good.csv").read_text(encoding="utf-8").splitlines()
    other_town = [number for number, line in enumerate(lines, start=1) if "北园街道" in line]
    assert [error["row"] for error in errors] == other_town
    assert all("北园街道" in error["message"] for error in errors)
    assert _elders(settings) == 0


def test_an_upload_over_the_limit_is_413(
    client: TestClient, coordinator: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "elders.csv"
    path.write_bytes(b"x" * (settings.upload_limit_bytes + 1))
    answer = upload(client, coordinator, "elders", path)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_visitor_may_not_import(client: TestClient, settings: Settings) -> None:
    make_user(settings, "v01", "visitor", visitor_id="V01")
    answer = upload(client, login(client, "v01"), "elders", TABLES / "elders_good.csv")
    assert answer.status_code == 403


def test_visitors_or_history_before_any_elder_are_422(
    client: TestClient, coordinator: dict[str, str]
) -> None:
    for kind in ("visitors", "history"):
        answer = upload(client, coordinator, kind, TABLES / f"{kind}_good.csv")
        assert answer.status_code == 422
        assert "import the elders first" in answer.json()["errors"][0]["message"]
