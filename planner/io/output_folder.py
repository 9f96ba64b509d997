"""The output folder: a plan's files go in whole or not at all, and nothing else is touched.

The next plan into a folder may replace or remove only the files an earlier plan wrote there,
and only while they are as visitplan wrote them (see ``planner.io.manifest``): a file the user
added or changed is the user's, and a file the run reads is never replaced nor removed by it. A
plan that would overwrite such a file is refused before anything in the folder changes;
everything else in the folder (notes, the input tables, other folders) stays as it was.

The plan is written into a scratch folder inside the output folder first (so that every move is
a rename on one filesystem), checked against what is there, then moved in file by file. Should a
move fail, the moves already made are undone, so that the earlier plan is left as it was. The
output folder keeps its permissions; one that the run creates gets the usual ones (the umask's).

This module is plain file handling, shared by the command line and the web service.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Final

from planner.io.manifest import (
    MANIFEST_NAME,
    SCRATCH_PREFIX,
    conflicts_message,
    file_sha256,
    find_conflicts,
    inputs_inside,
    is_plain_relative,
    is_real_folder,
    lstat_mode,
    read_earlier_plan,
    write_manifest,
)

__all__ = ["TABLES_FOLDER", "OutputFolderError", "check_output_folder", "staged_output"]

TABLES_FOLDER: Final = "input"
"""Where the demo writes the tables it planned from: the user's to plan from and add to, so a
later plan never removes them; only a later demo replaces them, and only while unchanged."""


class OutputFolderError(Exception):
    """The plan cannot go into the output folder; nothing in the folder was changed."""


def check_output_folder(
    folder: Path, *, inputs: Iterable[Path] = (), will_write: Iterable[str] = ()
) -> None:
    """Check, before the minutes of planning, that a plan can be written into ``folder``.

    The folder is created for a moment to try writing a file into it, then removed again with
    any parent the check created.

    Parameters
    ----------
    folder
        The output folder; it may be missing.
    inputs
        The files this run reads; those inside ``folder`` must never be overwritten.
    will_write
        Relative POSIX paths the plan is sure to write (``roster.csv``, ...); each must not
        overwrite a file that is not visitplan's.

    Raises
    ------
    OutputFolderError
        When the folder cannot be created or written, or a file in ``will_write`` would
        overwrite one of the user's; the message names the file and what to do.
    """
    folder = folder.resolve()
    created = _create_folder(folder)
    try:
        _try_writing_into(folder)
        protected = inputs_inside(folder, inputs)
        earlier = read_earlier_plan(folder, protected=protected)
        conflicts = find_conflicts(folder, frozenset(will_write), earlier, protected=protected)
    except OSError as error:
        raise _unwritable(folder, error) from None
    finally:
        _remove_created_folders(created)
    if conflicts:
        raise OutputFolderError(conflicts_message(conflicts))


@contextmanager
def staged_output(folder: Path, *, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """A scratch folder whose files replace the earlier plan in ``folder`` when the block ends.

    Write the plan's files into the folder this yields. When the block ends without an error,
    the files are checked against the folder (none may overwrite a file that is not
    visitplan's), then moved in; the earlier plan's files that the new plan does not write are
    removed when unchanged, with the folders that this leaves empty; the manifest is rewritten.
    On any failure the folder is left as it was, with no scratch folder, and a folder the call
    created is removed again.

    Parameters
    ----------
    folder
        The output folder; created (with its parents) when missing.
    inputs
        The files this run read; those inside ``folder`` are never replaced nor removed, even
        when an earlier manifest lists them.

    Yields
    ------
    Path
        An empty scratch folder on the same filesystem as ``folder``.

    Raises
    ------
    OutputFolderError
        When the folder cannot be created or written (an ``OSError`` inside the block
        included), or a new file would overwrite one of the user's.
    """
    folder = folder.resolve()
    created = _create_folder(folder)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=folder))
    except OSError as error:
        _remove_created_folders(created)
        raise _unwritable(folder, error) from None
    try:
        staged = scratch / "plan"
        staged.mkdir()
        yield staged
        _install_staged(folder, staged, scratch, inputs=inputs)
    except BaseException as error:
        shutil.rmtree(scratch, ignore_errors=True)
        _remove_created_folders(created)
        if isinstance(error, OSError):
            raise _unwritable(folder, error) from None
        raise
    shutil.rmtree(scratch, ignore_errors=True)


# --- creating and probing the folder --------------------------------------------------------


def _create_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing: list[Path] = []
    existing = folder
    try:
        while lstat_mode(existing) is None and existing != existing.parent:
            missing.append(existing)
            existing = existing.parent
        is_folder = existing.is_dir()
    except OSError as error:
        raise _unwritable(folder, error) from None
    if not is_folder:
        raise OutputFolderError(
            f"cannot write into {folder}: {existing} is a file, not a folder. "
            "Choose a folder you can write to; nothing was written."
        )
    created: list[Path] = []
    for path in reversed(missing):
        try:
            # The umask decides the mode, as for any folder the user makes.
            path.mkdir()
        except OSError as error:
            _remove_created_folders(created)
            raise _unwritable(folder, error) from None
        created.append(path)
    return created


def _remove_created_folders(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            path.rmdir()  # only when empty: what the run created and left nothing in


def _try_writing_into(folder: Path) -> None:
    # os.access answers for the real user's bits, wrongly for root and for read-only mounts.
    try:
        descriptor, probe = tempfile.mkstemp(prefix=SCRATCH_PREFIX, dir=folder)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise _unwritable(folder, error) from None


def _unwritable(folder: Path, error: OSError) -> OutputFolderError:
    reason = error.strerror or str(error)
    if error.filename is not None:
        # A path outside the folder (a parent in the way) helps; one of the scratch files not.
        culprit = Path(os.fsdecode(error.filename))
        if not culprit.is_relative_to(folder):
            reason += f" ({culprit})"
    return OutputFolderError(
        f"cannot write into {folder}: {reason}. "
        "Choose a folder you can write to; nothing was written."
    )


# --- moving the new plan in -----------------------------------------------------------------


class _Undo:
    """What the install did so far, so that a failure can take it back in reverse order."""

    def __init__(self) -> None:
        self._steps: list[Callable[[], None]] = []

    def add(self, step: Callable[[], None]) -> None:
        self._steps.append(step)

    def run(self) -> None:
        for step in reversed(self._steps):
            # Restore as much as can be restored; the failure that led here is raised after.
            with contextlib.suppress(OSError):
                step()


def _install_staged(folder: Path, staged: Path, scratch: Path, *, inputs: Iterable[Path]) -> None:
    new_files = _files_under(staged)
    protected = inputs_inside(folder, inputs)
    earlier = read_earlier_plan(folder, protected=protected)
    conflicts = find_conflicts(folder, new_files, earlier, protected=protected)
    if conflicts:
        raise OutputFolderError(conflicts_message(conflicts))
    # An input of this run, and the demo's tables, stay where they are; while unchanged they are
    # still visitplan's, so that a later demo may replace them.
    kept = {
        rel: digest
        for rel, digest in earlier.unchanged.items()
        if rel in protected or _is_table(rel)
    }
    manifest = scratch / MANIFEST_NAME
    write_manifest(manifest, kept | {rel: file_sha256(staged / rel) for rel in new_files})
    stale = frozenset(rel for rel in earlier.replaceable - new_files if not _is_table(rel))
    undo = _Undo()
    try:
        _move_in(folder, staged, scratch / "previous", new_files, stale, earlier.records, undo)
        _move_into_place(manifest, folder / MANIFEST_NAME, undo)
        _remove_emptied_folders(folder, stale, undo)
    except BaseException:
        undo.run()
        raise


def _is_table(rel: str) -> bool:
    return PurePosixPath(rel).parts[0] == TABLES_FOLDER


def _files_under(staged: Path) -> frozenset[str]:
    files = set()
    for path in staged.rglob("*"):
        rel = path.relative_to(staged).as_posix()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            raise ValueError(f"{rel}: an output must be a regular file")
        if path.is_file():
            if not is_plain_relative(rel):
                raise ValueError(f"{rel}: an output may not take a name visitplan keeps")
            files.add(rel)
    return frozenset(files)


def _move_in(
    folder: Path,
    staged: Path,
    previous: Path,
    new_files: frozenset[str],
    stale: frozenset[str],
    records: tuple[str, ...],
    undo: _Undo,
) -> None:
    # Stale files go first: one may be in the way of a folder the new plan writes into.
    for rel in sorted(stale) + list(records):
        _move_aside(folder / rel, previous / rel, undo)
    for rel in sorted(new_files):
        _make_parent_folders(folder, rel, undo)
        if lstat_mode(folder / rel) is not None:
            _move_aside(folder / rel, previous / rel, undo)
        _move_into_place(staged / rel, folder / rel, undo)


def _move_aside(path: Path, keep: Path, undo: _Undo) -> None:
    keep.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, keep)
    undo.add(lambda: os.replace(keep, path))


def _move_into_place(source: Path, destination: Path, undo: _Undo) -> None:
    os.replace(source, destination)
    undo.add(lambda: os.replace(destination, source))


def _make_parent_folders(folder: Path, rel: str, undo: _Undo) -> None:
    parts = PurePosixPath(rel).parts
    for depth in range(1, len(parts)):
        path = folder.joinpath(*parts[:depth])
        if lstat_mode(path) is None:
            path.mkdir()
            undo.add(path.rmdir)


def _remove_emptied_folders(folder: Path, stale: frozenset[str], undo: _Undo) -> None:
    """Remove the folders that held removed files and are empty now, deepest first."""
    held: set[PurePosixPath] = set()
    for rel in stale:
        held.update(PurePosixPath(rel).parents)
    held.discard(PurePosixPath("."))
    for rel_folder in sorted(held, key=lambda p: len(p.parts), reverse=True):
        path = folder / rel_folder
        if not is_real_folder(path) or any(path.iterdir()):
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        path.rmdir()
        undo.add(_recreate_folder(path, mode))


def _recreate_folder(path: Path, mode: int) -> Callable[[], None]:
    def recreate() -> None:
        path.mkdir()
        path.chmod(mode)

    return recreate
