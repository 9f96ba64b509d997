"""The manifest: a legacy folder, an unreadable manifest, one naming files outside the folder
(``planner.io.manifest``, through ``staged_output``)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from planner.io.manifest import LEGACY_MARKER_NAME, MANIFEST_NAME, file_sha256
from planner.io.output_folder import OutputFolderError
from tests.planner.io.folder_plans import LAST_WEEK, THIS_WEEK, files_in, write_plan


def test_a_legacy_folder_replaces_its_unchanged_outputs_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    for rel, content in LAST_WEEK.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(content)
    (out / LEGACY_MARKER_NAME).write_text("written by visitplan\n", encoding="utf-8")
    written = (out / LEGACY_MARKER_NAME).stat().st_mtime_ns
    for rel in LAST_WEEK:
        os.utime(out / rel, ns=(written - 10**9, written - 10**9))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    history = out / "input" / "history.csv"
    history.write_bytes(b"appended since")
    os.utime(history, ns=(written + 10**9, written + 10**9))

    write_plan(out, THIS_WEEK)

    assert files_in(out) == {
        **THIS_WEEK,
        "notes.txt": b"mine",
        "input/history.csv": b"appended since",
    }
    assert not (out / LEGACY_MARKER_NAME).exists()
    with pytest.raises(OutputFolderError, match=re.escape("history.csv: not written by visitplan")):
        write_plan(out, {"input/history.csv": b"demo"})


def test_an_unreadable_manifest_makes_nothing_replaceable(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(OutputFolderError, match=re.escape("roster.csv")):
        write_plan(out, THIS_WEEK)
    write_plan(out, {"other.csv": b"fine"})
    assert files_in(out) == {**LAST_WEEK, "other.csv": b"fine"}


def test_a_manifest_cannot_make_visitplan_touch_files_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["files"]["../outside.txt"] = file_sha256(outside)
    manifest["files"][str(outside)] = file_sha256(outside)
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    write_plan(out, THIS_WEEK)
    assert outside.read_text(encoding="utf-8") == "precious"
