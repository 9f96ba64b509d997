"""Two runs of the command on one small demo district, as real processes (each with its own
hash seed) and with one and two workers, write the same bytes: every file but the seconds."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.test_cli import visitplan

SMALL_DEMO = ("--elders", "200", "--visitors", "10", "--towns", "2", "--week", "2026-12-07")
TIMED = {"summary.json", ".visitplan-output.json"}
"""The files that carry the seconds of planning (the manifest holds summary.json's hash)."""


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_two_runs_write_the_same_bytes(tmp_path: Path) -> None:
    folders = [tmp_path / "one_worker", tmp_path / "two_workers"]
    for folder, workers in zip(folders, ("1", "2"), strict=True):
        result = visitplan("demo", *SMALL_DEMO, "--workers", workers, "--out", folder)
        assert result.returncode == 0, result.stderr
    first, second = (files_of(folder) for folder in folders)
    assert first.keys() == second.keys()
    assert any(name.startswith("maps/") and name.endswith(".html") for name in first)
    assert "roster.xlsx" in first
    for name in first.keys() - TIMED:
        assert first[name] == second[name], f"{name} differs between the runs"
    summaries = [json.loads(files[name]) for files in (first, second) for name in ["summary.json"]]
    for summary in summaries:
        del summary["seconds"]
        assert summary["time_cap_hit"] == [] and summary["warnings"] == []  # nothing capped
    assert summaries[0] == summaries[1]
    manifests = [json.loads(files[".visitplan-output.json"]) for files in (first, second)]
    assert manifests[0].keys() == manifests[1].keys()
