"""The output folder: a plan replaces only what an earlier plan wrote and nobody changed since.

Plans here are fake (``tests.planner.io.folder_plans``): a few relative paths with contents,
written through ``staged_output``. What the manifest lets a plan replace is ``test_manifest``'s.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.io import output_folder
from planner.io.manifest import MANIFEST_NAME, SCRATCH_PREFIX
from planner.io.output_folder import (
    TABLES_FOLDER,
    OutputFolderError,
    check_output_folder,
    staged_output,
)
from tests.conftest import as_one_who_obeys_permissions
from tests.planner.io.folder_plans import LAST_WEEK, THIS_WEEK, Files, files_in, write_plan


def snapshot(folder: Path) -> dict[str, object]:
    """Every file's bytes and every folder's mode under ``folder``, and the folder's own mode."""
    tree: dict[str, object] = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        tree[rel] = path.read_bytes() if path.is_file() else stat.S_IMODE(path.stat().st_mode)
    return tree


def scratch_left(folder: Path) -> list[Path]:
    return [path for path in folder.parent.rglob(f"{SCRATCH_PREFIX}*")]


def usual_folder_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def test_a_new_folder_gets_the_plan_the_manifest_and_the_usual_mode(tmp_path: Path) -> None:
    out = tmp_path / "a" / "out"
    write_plan(out, LAST_WEEK)
    assert files_in(out) == LAST_WEEK
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(LAST_WEEK)
    assert stat.S_IMODE(out.stat().st_mode) == usual_folder_mode()
    assert stat.S_IMODE((out / "maps").stat().st_mode) == usual_folder_mode()
    assert not scratch_left(out)


def test_a_replan_keeps_the_users_files_and_removes_only_stale_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    out.chmod(0o755)
    (out / "notes.txt").write_text("call Mrs Wang\n", encoding="utf-8")
    (out / "extra").mkdir()
    (out / "extra" / "x.txt").write_text("x\n", encoding="utf-8")
    (out / "input" / "history.csv").write_bytes(b"date,elder_id\n2026-10-12,E1\n")

    write_plan(out, THIS_WEEK, inputs=(out / "input" / "history.csv",))

    assert files_in(out) == {
        **THIS_WEEK,
        "notes.txt": b"call Mrs Wang\n",
        "extra/x.txt": b"x\n",
        "input/history.csv": b"date,elder_id\n2026-10-12,E1\n",
    }
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert not scratch_left(out)


def test_folders_emptied_by_removing_stale_outputs_go_and_others_stay(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, {"roster.csv": b"1", "old/deep/a.html": b"a", "kept/b.html": b"b"})
    (out / "kept" / "mine.txt").write_text("mine", encoding="utf-8")
    (out / "empty").mkdir()
    write_plan(out, {"roster.csv": b"2"})
    assert not (out / "old").exists()
    assert (out / "kept" / "mine.txt").exists() and not (out / "kept" / "b.html").exists()
    assert (out / "empty").is_dir()


def test_a_changed_output_is_the_users_and_a_collision_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    (out / "roster.csv").write_text("my corrections\n", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(OutputFolderError) as refusal:
        write_plan(out, THIS_WEEK)
    assert f"{out / 'roster.csv'}: changed since visitplan wrote it" in str(refusal.value)
    assert "Move them away, or choose another output folder" in str(refusal.value)
    assert snapshot(out) == before
    assert not scratch_left(out)


def test_a_changed_stale_output_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    day_map = out / "maps" / "V2_2026-10-13.html"
    day_map.write_text("annotated", encoding="utf-8")
    write_plan(out, THIS_WEEK)
    assert day_map.read_text(encoding="utf-8") == "annotated"
    assert not (out / "maps" / "V1_2026-10-12.html").exists()


def test_a_users_file_where_the_plan_writes_is_refused_before_anything_changes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    with pytest.raises(
        OutputFolderError, match=re.escape("summary.json: not written by visitplan")
    ):
        write_plan(out, THIS_WEEK)
    with pytest.raises(
        OutputFolderError, match=re.escape("summary.json: not written by visitplan")
    ):
        check_output_folder(out, will_write=["roster.csv", "summary.json"])
    assert snapshot(out) == before


def test_an_input_of_the_run_is_never_overwritten_even_when_listed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    history = out / "input" / "history.csv"
    before = snapshot(out)
    with pytest.raises(OutputFolderError, match=re.escape("history.csv: an input of this run")):
        write_plan(out, {"input/history.csv": b"new"}, inputs=(history,))
    assert snapshot(out) == before


def test_an_unchanged_input_stays_listed_so_the_demo_may_replace_it_later(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    history = out / "input" / "history.csv"
    write_plan(out, THIS_WEEK, inputs=(history,))
    assert history.read_bytes() == LAST_WEEK["input/history.csv"]
    write_plan(out, {"input/history.csv": b"regenerated"})
    assert history.read_bytes() == b"regenerated"


def test_the_demos_tables_outlive_a_plan_that_does_not_read_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    write_plan(out, THIS_WEEK)
    history = out / "input" / "history.csv"
    assert history.read_bytes() == LAST_WEEK["input/history.csv"]
    write_plan(out, {"input/history.csv": b"regenerated"})
    assert history.read_bytes() == b"regenerated"


def test_a_failure_while_moving_in_leaves_the_earlier_plan_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    move_into_place = output_folder._move_into_place
    moves = 0

    def fail_on_the_third_move(source: Path, destination: Path, undo: output_folder._Undo) -> None:
        nonlocal moves
        moves += 1
        if moves == 3:
            raise OSError(28, "No space left on device")
        move_into_place(source, destination, undo)

    monkeypatch.setattr(output_folder, "_move_into_place", fail_on_the_third_move)
    with pytest.raises(OutputFolderError, match="No space left on device"):
        write_plan(out, THIS_WEEK)
    assert snapshot(out) == before
    assert not scratch_left(out)


def test_a_failure_while_writing_leaves_nothing_and_no_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    with pytest.raises(OutputFolderError, match="No space left on device"), staged_output(out):
        raise OSError(28, "No space left on device")
    assert not (tmp_path / "new").exists()


def test_an_error_of_another_kind_passes_through_and_leaves_the_plan(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    before = snapshot(out)
    with pytest.raises(RuntimeError), staged_output(out) as scratch:
        (scratch / "roster.csv").write_text("half", encoding="utf-8")
        raise RuntimeError("the plan broke its own rules")
    assert snapshot(out) == before


@pytest.mark.parametrize("make_out", ["/proc", "/proc/visitplan-out", "file/out", "file"])
def test_an_unwritable_folder_is_refused_with_the_reason_and_nothing_created(
    tmp_path: Path, make_out: str
) -> None:
    (tmp_path / "file").write_text("a regular file", encoding="utf-8")
    out = Path(make_out) if make_out.startswith("/") else tmp_path / make_out
    before = snapshot(tmp_path)
    for attempt in (lambda: check_output_folder(out), lambda: write_plan(out, THIS_WEEK)):
        with pytest.raises(OutputFolderError) as refusal:
            attempt()
        message = str(refusal.value)
        assert f"cannot write into {out}" in message
        assert "Choose a folder you can write to" in message
    assert snapshot(tmp_path) == before
    assert not Path("/proc/visitplan-out").exists()


READ_ONLY_ATTEMPTS = """
import sys
from pathlib import Path
from planner.io.output_folder import OutputFolderError, check_output_folder
from tests.planner.io.folder_plans import THIS_WEEK, write_plan

out = Path(sys.argv[1])
for attempt in (lambda: check_output_folder(out), lambda: write_plan(out, THIS_WEEK)):
    try:
        attempt()
        print("written")
    except OutputFolderError as refusal:
        print(refusal)
"""


def test_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    """In a process that obeys the folder's permissions (root too: tests/conftest.py)."""
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    command = [*as_one_who_obeys_permissions(), sys.executable, "-c", READ_ONLY_ATTEMPTS, str(out)]
    checkout = Path(__file__).parents[3]
    result = subprocess.run(command, capture_output=True, text=True, cwd=checkout, timeout=120)
    assert result.returncode == 0, result.stderr
    refusals = result.stdout.splitlines()
    assert len(refusals) == 2
    assert all(f"cannot write into {out}" in r and "Permission denied" in r for r in refusals)
    assert list(out.iterdir()) == []


def test_a_check_of_a_new_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    check_output_folder(tmp_path / "a" / "b", will_write=["roster.csv"])
    assert list(tmp_path.iterdir()) == []


def test_a_linked_folder_of_the_user_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_plan(out, LAST_WEEK)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "V1_2026-10-12.html").write_bytes(LAST_WEEK["maps/V1_2026-10-12.html"])
    shutil.rmtree(out / "maps")
    (out / "maps").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputFolderError, match="maps: in the way"):
        write_plan(out, THIS_WEEK)
    assert [p.name for p in elsewhere.iterdir()] == ["V1_2026-10-12.html"]


# --- property: a re-plan never touches what it did not write --------------------------------

# Paths a plan may write: no one is a folder of another, as in a real plan.
PLAN_PATHS = (
    "roster.csv",
    "summary.json",
    "maps/index.html",
    "maps/V1_2026-10-12.html",
    "maps/V1_2026-10-19.html",
    "maps/lib/leaflet.js",
    "input/history.csv",
)
NAME_PARTS = ("roster.csv", "maps", "index.html", "lib", "input", "notes.txt", "x", "新建文件夹")

contents = st.binary(min_size=0, max_size=8)
plans = st.dictionaries(st.sampled_from(PLAN_PATHS), contents, min_size=1)
user_paths = st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=3).map("/".join)


@st.composite
def users_doings(draw: st.DrawFn) -> tuple[dict[str, bytes], list[str], set[str], set[str]]:
    """Files the user adds, empty folders they make, outputs they edit, and the run's inputs."""
    added = draw(st.dictionaries(user_paths, contents, max_size=5))
    folders = draw(st.lists(user_paths, max_size=2))
    edited = draw(st.sets(st.sampled_from(PLAN_PATHS), max_size=2))
    inputs = draw(st.sets(st.sampled_from(PLAN_PATHS), max_size=2))
    return added, folders, edited, inputs


def make_users_changes(
    out: Path, added: dict[str, bytes], folders: list[str], edited: set[str]
) -> None:
    """Do what the user would, skipping whatever the folder's shape does not allow."""
    for rel in edited:
        if (out / rel).is_file():
            (out / rel).write_bytes((out / rel).read_bytes() + b" (edited)")
    for rel, content in added.items():
        try:
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            if not (out / rel).exists():
                (out / rel).write_bytes(content)
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            pass
    for rel in folders:
        with contextlib.suppress(FileExistsError, NotADirectoryError):
            (out / rel).mkdir(parents=True, exist_ok=True)


def expect_refusal(out: Path, earlier: Files, new: Files, inputs: set[str]) -> bool:
    """Independently: does a file of ``new`` meet something that is not an unchanged output?"""
    ours = {
        rel
        for rel, content in earlier.items()
        if (out / rel).is_file()
        and not (out / rel).is_symlink()
        and (out / rel).read_bytes() == content
        and rel not in inputs
    }
    for rel in new:
        if rel in inputs and (out / rel).exists():
            return True
        parents = [p.as_posix() for p in reversed(PurePosixPath(rel).parents)][1:]
        for parent in parents:
            if (out / parent).exists() and not (out / parent).is_dir() and parent not in ours:
                return True
        if (out / rel).exists() and rel not in ours:
            return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(earlier=plans, new=plans, doings=users_doings())
def test_a_replan_never_touches_what_it_did_not_write(
    earlier: dict[str, bytes],
    new: dict[str, bytes],
    doings: tuple[dict[str, bytes], list[str], set[str], set[str]],
) -> None:
    added, folders, edited, input_names = doings
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        write_plan(out, earlier)
        make_users_changes(out, added, folders, edited)
        inputs = {rel for rel in input_names if (out / rel).is_file()}
        before = snapshot(out)
        refused = expect_refusal(out, earlier, new, inputs)
        users = {
            rel: content
            for rel, content in files_in(out).items()
            if rel not in earlier or content != earlier[rel] or rel in inputs
        }
        empty_before = {
            path.relative_to(out).as_posix()
            for path in out.rglob("*")
            if path.is_dir() and not any(path.iterdir())
        }

        try:
            write_plan(out, new, inputs=tuple(out / rel for rel in inputs))
        except OutputFolderError:
            assert refused
            assert snapshot(out) == before
        else:
            assert not refused
            after = files_in(out)
            for rel, content in users.items():
                assert after.get(rel) == content, rel
            for rel, content in new.items():
                assert after[rel] == content, rel
            tables = {rel for rel in earlier if rel.startswith(f"{TABLES_FOLDER}/")}
            stale = set(earlier) - set(new) - set(users) - tables
            assert not stale & set(after)
            assert set(after) <= set(users) | set(new) | tables
            for path in out.rglob("*"):
                if path.is_dir() and not any(path.iterdir()):
                    assert path.relative_to(out).as_posix() in empty_before
        assert not [p for p in Path(tmp).rglob(f"{SCRATCH_PREFIX}*")]
