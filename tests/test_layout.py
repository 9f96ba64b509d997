"""The house keeps its shape: no source file grows past what one reader holds in mind, and the
README's map of the house ("How the code is laid out") names every room there is.

The arrows between the folders are import-linter's contracts (``pyproject.toml``, run by
``make test``); this test keeps the rooms small and the map true.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest

MAX_LINES = 500
ROOT = Path(__file__).resolve().parents[1]
VENDORED = ("maps/static/",)


def _source_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        # Not a checkout (an unpacked archive): every Python file outside the virtualenv.
        listed = [
            p.relative_to(ROOT).as_posix()
            for p in ROOT.rglob("*.py")
            if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
        ]
    return [ROOT / name for name in listed if not name.startswith(VENDORED)]


def test_no_source_file_is_over_500_lines() -> None:
    files = _source_files()
    assert len(files) > 20, "the listing found too few files to mean anything"
    too_long = {
        path.relative_to(ROOT).as_posix(): lines
        for path in files
        if path.exists()
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these along a seam (at most {MAX_LINES} lines each)"


# --- the README's map of the house ----------------------------------------------------------------

PACKAGES = ("geo", "planner", "maps", "api")
"""The packaged folders, whose every module the README's block must name."""
UNNAMED = ("__init__.py", "__main__.py")
NAMED_AS_A_FOLDER = ("api/service/migrations/",)
"""Alembic's scripts: the block names the folder (``migrations/``), not each revision."""
LAYOUT_HEADING = "## How the code is laid out"
FOLDER_LINE = re.compile(r"^(?P<indent> *)(?P<folder>[A-Za-z_][\w.-]*)/(?:\s|$)")
MODULE = re.compile(r"(?<![\w./])(?P<path>(?:[A-Za-z_]\w*/)*[A-Za-z_]\w*\.py)\b")


def layout_block(readme: str) -> str:
    """The first fenced block after the heading "How the code is laid out"."""
    after = readme.split(LAYOUT_HEADING, 1)
    if len(after) < 2:
        raise ValueError(f"the README has no heading {LAYOUT_HEADING!r}")
    fenced = re.search(r"^```[^\n]*\n(.*?)^```", after[1], re.MULTILINE | re.DOTALL)
    if fenced is None:
        raise ValueError(f"no fenced block after {LAYOUT_HEADING!r}")
    return fenced.group(1)


def modules_named(block: str) -> set[str]:
    """The modules the block names, as paths from the checkout.

    A folder is a line that starts, after its indentation, with ``name/``; a line indented
    further than the folder above it is a folder inside that one. Every other line continues the
    description of the last folder, unless it is indented no further than that folder: then it
    is an entry of the folder above (``  planning.py  the use case`` after ``  io/``). A module
    is a ``name.py`` word (or ``sub/name.py``) in its folder's lines, read relative to it.
    """
    named: set[str] = set()
    folders: list[tuple[int, PurePosixPath]] = []  # the open folders, outermost first
    for line in block.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        folder_line = FOLDER_LINE.match(line)
        if folder_line or (folders and indent <= folders[-1][0]):
            # An entry of its own (a folder, or a module such as "  planning.py  ..."), not the
            # description going on: it closes the folders indented as far as it or further.
            while folders and folders[-1][0] >= indent:
                folders.pop()
        here = folders[-1][1] if folders else PurePosixPath()
        if folder_line:
            here = here / folder_line["folder"]
            folders.append((indent, here))
            line = line[folder_line.end() :]
        named |= {str(here / found["path"]) for found in MODULE.finditer(line)}
    return named


def modules_in_tree() -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = path.relative_to(ROOT).as_posix()
            if path.name not in UNNAMED and not name.startswith(NAMED_AS_A_FOLDER):
                found.add(name)
    return found


def test_the_readme_names_every_module_and_no_other() -> None:
    named = modules_named(layout_block((ROOT / "README.md").read_text(encoding="utf-8")))
    in_tree = modules_in_tree()
    assert len(in_tree) > 50, "the tree walk found too few modules to mean anything"
    in_packages = {name for name in named if name.startswith(tuple(f"{p}/" for p in PACKAGES))}
    assert sorted(in_tree - in_packages) == [], "modules the README's layout block leaves out"
    assert sorted(in_packages - in_tree) == [], "modules the README's layout block names wrongly"


BLOCK = """\
geo/              places: crs.py, travel.py
planner/          the domain: model.py and policy.py,
                  checks.py on a line of its own
  engine/         the solver: ortools.py (not geo/crs.py: that would be planner/engine/geo/crs.py)
  io/             words.py
  planning.py     a module of planner/ on a line of its own, after the folders inside it
maps/             day.py; the io/ folder above is planner's, not maps'
api/              cli.py
  service/        app.py, and routers/me.py read from here
    routers/      plans.py
tests/            mirrors the folders file by file
"""


@pytest.mark.parametrize(
    ("module", "named"),
    [
        ("geo/crs.py", True),
        ("planner/policy.py", True),
        ("planner/checks.py", True),  # a continuation line belongs to the folder above
        ("planner/engine/ortools.py", True),
        ("planner/io/words.py", True),
        ("planner/planning.py", True),
        ("planner/io/planning.py", False),
        ("maps/day.py", True),  # back to the top level after the nested folders
        ("api/service/app.py", True),
        ("api/service/routers/plans.py", True),
        ("api/service/routers/me.py", True),  # a path is read from its folder
        ("planner/engine/geo/crs.py", True),
        ("geo/crs.py/", False),
        ("planner/io/day.py", False),
        ("api/plans.py", False),
        ("engine/ortools.py", False),
    ],
)
def test_the_layout_block_is_read_folder_by_folder(module: str, named: bool) -> None:
    assert (module in modules_named(BLOCK)) is named
