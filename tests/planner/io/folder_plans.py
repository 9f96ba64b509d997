"""Fake plans for the output folder tests: a few relative paths with contents, written through
``staged_output``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from planner.io.manifest import MANIFEST_NAME
from planner.io.output_folder import staged_output

Files = Mapping[str, bytes]

LAST_WEEK: Files = {
    "roster.csv": b"week 1\n",
    "summary.json": b"{}\n",
    "maps/index.html": b"<p>week 1</p>",
    "maps/V1_2026-10-12.html": b"<p>V1 monday</p>",
    "maps/V2_2026-10-13.html": b"<p>V2 tuesday</p>",
    "maps/lib/leaflet.js": b"leaflet",
    "input/history.csv": b"date,elder_id\n",
}
THIS_WEEK: Files = {
    "roster.csv": b"week 2\n",
    "summary.json": b'{"week": 2}\n',
    "maps/index.html": b"<p>week 2</p>",
    "maps/V1_2026-10-19.html": b"<p>V1 monday</p>",
    "maps/lib/leaflet.js": b"leaflet",
}


def write_plan(folder: Path, files: Files, *, inputs: tuple[Path, ...] = ()) -> None:
    with staged_output(folder, inputs=inputs) as scratch:
        for rel, content in files.items():
            path = scratch / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != MANIFEST_NAME
    }
