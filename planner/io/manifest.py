"""What an earlier plan left in an output folder, and what a new plan may overwrite there.

visitplan keeps a manifest (``MANIFEST_NAME``) of the files it wrote into a folder, each with its
sha256. A file is visitplan's to replace or remove only while it is listed there and still as
visitplan wrote it; a file the run reads (``protected``) never is. ``read_earlier_plan`` finds
those files, ``find_conflicts`` the new files that would overwrite anything else.

Folders written before the manifest existed hold only the bare marker ``LEGACY_MARKER_NAME``;
their files of visitplan's layout not modified since the marker was written count as visitplan's.
Writing a plan into the folder with this is ``planner.io.output_folder``'s work.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

__all__ = [
    "LEGACY_LAYOUT",
    "LEGACY_MARKER_NAME",
    "MANIFEST_NAME",
    "MANIFEST_VERSION",
    "SCRATCH_PREFIX",
    "EarlierPlan",
    "conflicts_message",
    "file_sha256",
    "find_conflicts",
    "inputs_inside",
    "is_plain_relative",
    "is_real_folder",
    "lstat_mode",
    "read_earlier_plan",
    "write_manifest",
]


MANIFEST_NAME: Final = ".visitplan-output.json"
"""Lists the files visitplan wrote into the folder, with their sha256."""
LEGACY_MARKER_NAME: Final = ".visitplan-output"
"""What marked an output folder before the manifest: a bare file, no list."""
SCRATCH_PREFIX: Final = ".visitplan-scratch-"
"""How the scratch folders and probe files of a run in the output folder are named."""
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
_RECORD_NAMES: Final = (MANIFEST_NAME, LEGACY_MARKER_NAME)
_HASH_CHUNK_BYTES: Final = 1 << 20
_SHOWN_CONFLICTS: Final = 10


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
        unchanged = {rel: file_sha256(folder / rel) for rel in _legacy_outputs(folder)}
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


# --- reading what is there -------------------------------------------------------------------


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
        if isinstance(rel, str) and isinstance(digest, str) and is_plain_relative(rel)
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
        return file_sha256(path) == digest
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as the manifest lists it."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def inputs_inside(folder: Path, inputs: Iterable[Path]) -> frozenset[str]:
    """The relative paths of those of ``inputs`` that lie inside ``folder``."""
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
        mode = lstat_mode(folder / prefix)
        if mode is None or prefix in earlier.replaceable:
            return None  # free from here down, or an earlier output moved away first
        if not stat.S_ISDIR(mode):
            return f"{folder / prefix}: in the way of {rel}, and not written by visitplan"
    path = folder / rel
    if rel in protected:
        return f"{path}: an input of this run"
    mode = lstat_mode(path)
    if mode is None or rel in earlier.replaceable:
        return None
    if stat.S_ISDIR(mode):
        return f"{path}: a folder of yours where the plan writes a file"
    if rel in earlier.listed:
        return f"{path}: changed since visitplan wrote it"
    return f"{path}: not written by visitplan"


def conflicts_message(conflicts: list[str]) -> str:
    """Why a plan is refused, naming the first conflicts (see ``find_conflicts``)."""
    shown = "\n".join(f"  {conflict}" for conflict in conflicts[:_SHOWN_CONFLICTS])
    more = len(conflicts) - _SHOWN_CONFLICTS
    if more > 0:
        shown += f"\n  ... and {more} more"
    return (
        f"the plan would overwrite {len(conflicts)} file(s) that are not visitplan's own, "
        f"so nothing was written:\n{shown}\n"
        "Move them away, or choose another output folder."
    )


def write_manifest(path: Path, hashes: dict[str, str]) -> None:
    """Write a manifest that lists ``hashes`` (relative path -> sha256)."""
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


# --- small helpers ---------------------------------------------------------------------------


def lstat_mode(path: Path) -> int | None:
    """The mode of ``path`` itself (a link is not followed), None when nothing is there."""
    try:
        return path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _is_regular_file(path: Path) -> bool:
    mode = lstat_mode(path)
    return mode is not None and stat.S_ISREG(mode)


def is_real_folder(path: Path) -> bool:
    """Whether ``path`` is a folder and not a link to one."""
    mode = lstat_mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def _parents_are_real_folders(folder: Path, rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return all(is_real_folder(folder.joinpath(*parts[:depth])) for depth in range(1, len(parts)))


def is_plain_relative(rel: str) -> bool:
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
