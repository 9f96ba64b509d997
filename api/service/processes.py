"""Processes of the service, on Linux: the descendants of one (read from ``/proc``), ending a
process with all of them, and a child that dies with its parent.

``serve`` starts the plan worker, the worker forks a process per plan, and the planner may fork
its own (``--workers``): none of them may outlive the one that started it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from pathlib import Path

_PR_SET_PDEATHSIG = 1


def children(pid: int) -> list[int]:
    """The processes ``pid`` started that still run (or wait to be reaped)."""
    return _children_of().get(pid, [])


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``: children, their children, and so on."""
    below_each = _children_of()
    found: list[int] = []
    waiting = [pid]
    while waiting:
        below = below_each.get(waiting.pop(), [])
        found += below
        waiting += below
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped, does not)."""
    try:
        return _stat_fields(Path(f"/proc/{pid}/stat"))[0] != "Z"
    except (OSError, IndexError):
        return False


def _children_of() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(_stat_fields(stat)[1])
        except (OSError, IndexError, ValueError):
            continue
        found.setdefault(parent, []).append(int(stat.parent.name))
    return found


def _stat_fields(stat: Path) -> list[str]:
    """The fields of ``/proc/PID/stat`` after the command name (state, parent, ...): the name,
    in parentheses, may hold spaces, so they follow its last ")"."""
    return stat.read_text().rsplit(")", 1)[1].split()


def kill_tree(pid: int) -> None:
    """SIGKILL ``pid`` and every process below it (those first seen, then it)."""
    for each in [*descendants(pid), pid]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(each, signal.SIGKILL)


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the thread that started it ends, so that a
    worker killed outright (SIGKILL, the watchdog) leaves no plan running behind it."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
