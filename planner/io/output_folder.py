"""The output folder: a plan's files go in whole or not at all, and nothing else is touched.

visitplan keeps a manifest (``MANIFEST_NAME``) of the files it wrote into a folder, each with its
sha256. The next plan into that folder may replace or remove only those files, and only while
they are as visitplan wrote them: a file the user added or changed is the user's, and a file the
run reads is never replaced nor removed by it. A plan that would overwrite such a file is refused
before anything in the folder changes; everything else in the folder (notes, the input tables,
other folders) stays as it was.

The plan is written into a scratch folder inside the output folder first (so that every move is
a rename on one filesystem), checked against what is there, then moved in file by file. Should a
move fail, the moves already made are undone, so that the earlier plan is left as it was. The
output folder keeps its permissions; one that the run creates gets the usual ones (the umask's).

Folders written before the manifest existed hold only the bare marker ``LEGACY_MARKER_NAME``;
their files of visitplan's layout not modified since the marker was written count as visitplan's.

This module is plain file handling, shared by the command line and the web service.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

MANIFEST_NAME: Final = ".visitplan-output.json"
"""Lists the files visitplan wrote into the folder, with their sha256."""
LEGACY_MARKER_NAME: Final = ".visitplan-output"
"""What marked an output folder before the manifest: a bare file, no list."""
SCRATCH_PREFIX: Final = ".visitplan-scratch-"
MANIFEST_VERSION: Final = 1

# The files a plan wrote before the manifest existed; nothing else of a legacy folder is ours.
LEGACY_LAYOUT: Final = (
    "roster.csv",
    "roster.xlsx",
    "unassigned.csv",
    "flags.csv",
    "routes.geojson",
    "summary.json",
    "maps/*.html",
    "maps/lib/*",
    "maps/lib/images/*",
    "input/elders.csv",
    "input/visitors.csv",
    "input/history.csv",
)
TABLES_FOLDER: Final = "input"
"""Where the demo writes the tables it planned from: the user's to plan from and add to, so a
later plan never removes them; only a later demo replaces them, and only while unchanged."""
_RECORD_NAMES: Final = (MANIFEST_NAME, LEGACY_MARKER_NAME)
_HASH_CHUNK_BYTES: Final = 1 << 20
_SHOWN_CONFLICTS: Final = 10


class OutputFolderError(Exception):
    """The plan cannot go into the output folder; nothing in the folder was changed."""


@dataclass(frozen=True)
class EarlierPlan:
    """What an earlier plan left in the output folder.

    Attributes
    ----------
    listed
        Every file the earlier plan's manifest (or the legacy layout) names, as relative POSIX
        paths, whatever became of them since.
    unchanged
        Those of ``listed`` that are still regular files exactly as visitplan wrote them, with
        their sha256.
    replaceable
        Those of ``unchanged`` that are not inputs of this run: the only files a new plan may
        replace or remove.
    records
        The manifest and the legacy marker, those of them the folder holds.
    """

    listed: frozenset[str]
    unchanged: Mapping[str, str]
    replaceable: frozenset[str]
    records: tuple[str, ...]


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
        protected = _inputs_inside(folder, inputs)
        earlier = read_earlier_plan(folder, protected=protected)
        conflicts = find_conflicts(folder, frozenset(will_write), earlier, protected=protected)
    except OSError as error:
        raise _unwritable(folder, error) from None
    finally:
        _remove_created_folders(created)
    if conflicts:
        raise OutputFolderError(_conflicts_message(conflicts))


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


def read_earlier_plan(folder: Path, *, protected: Collection[str] = ()) -> EarlierPlan:
    """Which files of ``folder`` an earlier plan wrote, and which of them are still unchanged.

    Parameters
    ----------
    folder
        The output folder (resolved).
    protected
        Relative paths of this run's inputs: never replaceable.
    """
    records = tuple(name for name in _RECORD_NAMES if _is_regular_file(folder / name))
    manifest = _read_manifest(folder)
    if manifest is not None:
        unchanged = {rel: digest for rel, digest in manifest.items() if _holds(folder, rel, digest)}
        listed = frozenset(manifest)
    else:
        unchanged = {rel: _sha256(folder / rel) for rel in _legacy_outputs(folder)}
        listed = frozenset(unchanged)
    return EarlierPlan(
        listed=listed,
        unchanged=unchanged,
        replaceable=frozenset(unchanged.keys() - set(protected)),
        records=records,
    )


def find_conflicts(
    folder: Path, new_files: Collection[str], earlier: EarlierPlan, *, protected: Collection[str]
) -> list[str]:
    """Each new file that would overwrite something not visitplan's, with why, one per line.

    A new file may take the place of a missing file or of a replaceable one of ``earlier``; each
    folder on its way must be a real folder (not a link) or a replaceable file, which is removed
    first.
    """
    return [
        conflict
        for rel in sorted(new_files)
        if (conflict := _conflict(folder, rel, earlier, protected)) is not None
    ]


# --- reading what is there ----------------------------------------------------------------


def _read_manifest(folder: Path) -> dict[str, str] | None:
    """The manifest's files and hashes; None without a manifest, empty when unreadable."""
    path = folder / MANIFEST_NAME
    if not _is_regular_file(path):
        return None
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # Nothing can be proved ours, so nothing is replaced: a conflict names the file.
        return {}
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, dict):
        return {}
    return {
        rel: digest
        for rel, digest in files.items()
        if isinstance(rel, str) and isinstance(digest, str) and _is_plain_relative(rel)
    }


def _legacy_outputs(folder: Path) -> set[str]:
    """The files of a pre-manifest output folder that are visitplan's and unchanged.

    The old plan replaced the whole folder and wrote the marker last, so a file of its layout
    not modified after the marker is still as visitplan wrote it.
    """
    marker = folder / LEGACY_MARKER_NAME
    if not _is_regular_file(marker):
        return set()
    written_ns = marker.lstat().st_mtime_ns
    found: set[str] = set()
    for pattern in LEGACY_LAYOUT:
        for path in folder.glob(pattern):  # each "*" stays within one folder
            rel = path.relative_to(folder).as_posix()
            if (
                _is_regular_file(path)
                and _parents_are_real_folders(folder, rel)
                and path.lstat().st_mtime_ns <= written_ns
            ):
                found.add(rel)
    return found


def _holds(folder: Path, rel: str, digest: str) -> bool:
    """Whether ``folder/rel`` is a regular file, reached through real folders, with that hash."""
    path = folder / rel
    if not (_parents_are_real_folders(folder, rel) and _is_regular_file(path)):
        return False
    try:
        return _sha256(path) == digest
    except OSError:
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _inputs_inside(folder: Path, inputs: Iterable[Path]) -> frozenset[str]:
    inside: set[str] = set()
    for path in inputs:
        resolved = path.resolve()
        if resolved.is_relative_to(folder) and resolved != folder:
            inside.add(resolved.relative_to(folder).as_posix())
    return frozenset(inside)


def _conflict(
    folder: Path, rel: str, earlier: EarlierPlan, protected: Collection[str]
) -> str | None:
    parts = PurePosixPath(rel).parts
    for depth in range(1, len(parts)):
        prefix = "/".join(parts[:depth])
        mode = _lstat_mode(folder / prefix)
        if mode is None or prefix in earlier.replaceable:
            return None  # free from here down, or an earlier output moved away first
        if not stat.S_ISDIR(mode):
            return f"{folder / prefix}: in the way of {rel}, and not written by visitplan"
    path = folder / rel
    if rel in protected:
        return f"{path}: an input of this run"
    mode = _lstat_mode(path)
    if mode is None or rel in earlier.replaceable:
        return None
    if stat.S_ISDIR(mode):
        return f"{path}: a folder of yours where the plan writes a file"
    if rel in earlier.listed:
        return f"{path}: changed since visitplan wrote it"
    return f"{path}: not written by visitplan"


def _conflicts_message(conflicts: list[str]) -> str:
    shown = "\n".join(f"  {conflict}" for conflict in conflicts[:_SHOWN_CONFLICTS])
    more = len(conflicts) - _SHOWN_CONFLICTS
    if more > 0:
        shown += f"\n  ... and {more} more"
    return (
        f"the plan would overwrite {len(conflicts)} file(s) that are not visitplan's own, "
        f"so nothing was written:\n{shown}\n"
        "Move them away, or choose another output folder."
    )


# --- creating and probing the folder --------------------------------------------------------


def _create_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing: list[Path] = []
    existing = folder
    try:
        while _lstat_mode(existing) is None and existing != existing.parent:
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
    protected = _inputs_inside(folder, inputs)
    earlier = read_earlier_plan(folder, protected=protected)
    conflicts = find_conflicts(folder, new_files, earlier, protected=protected)
    if conflicts:
        raise OutputFolderError(_conflicts_message(conflicts))
    # An input of this run, and the demo's tables, stay where they are; while unchanged they are
    # still visitplan's, so that a later demo may replace them.
    kept = {
        rel: digest
        for rel, digest in earlier.unchanged.items()
        if rel in protected or _is_table(rel)
    }
    manifest = scratch / MANIFEST_NAME
    _write_manifest(manifest, kept | {rel: _sha256(staged / rel) for rel in new_files})
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
            if not _is_plain_relative(rel):
                raise ValueError(f"{rel}: an output may not take a name visitplan keeps")
            files.add(rel)
    return frozenset(files)


def _write_manifest(path: Path, hashes: dict[str, str]) -> None:
    content = {
        "written_by": "visitplan",
        "version": MANIFEST_VERSION,
        "note": (
            "The files visitplan wrote into this folder. The next plan into it may replace or "
            "remove them while their sha256 is unchanged; every other file is left alone."
        ),
        "files": dict(sorted(hashes.items())),
    }
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


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
        if _lstat_mode(folder / rel) is not None:
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
        if _lstat_mode(path) is None:
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
        if not _is_real_folder(path) or any(path.iterdir()):
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        path.rmdir()
        undo.add(_recreate_folder(path, mode))


def _recreate_folder(path: Path, mode: int) -> Callable[[], None]:
    def recreate() -> None:
        path.mkdir()
        path.chmod(mode)

    return recreate


# --- small helpers --------------------------------------------------------------------------


def _lstat_mode(path: Path) -> int | None:
    try:
        return path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _is_regular_file(path: Path) -> bool:
    mode = _lstat_mode(path)
    return mode is not None and stat.S_ISREG(mode)


def _is_real_folder(path: Path) -> bool:
    mode = _lstat_mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def _parents_are_real_folders(folder: Path, rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return all(_is_real_folder(folder.joinpath(*parts[:depth])) for depth in range(1, len(parts)))


def _is_plain_relative(rel: str) -> bool:
    """A normalised relative path that stays inside the folder and is not one of ours."""
    path = PurePosixPath(rel)
    return (
        bool(rel)
        and not path.is_absolute()
        and path.as_posix() == rel
        and ".." not in path.parts
        and path.parts[0] not in _RECORD_NAMES
        and not path.parts[0].startswith(SCRATCH_PREFIX)
    )
