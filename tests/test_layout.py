"""The house keeps its shape: no source file grows past what one reader holds in mind.

The arrows between the folders are import-linter's contracts (``pyproject.toml``, run by
``make test``); this test keeps the rooms small.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

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
