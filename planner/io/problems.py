"""What is wrong with the input tables, and what was read otherwise than the files show it.

Every check of the input reports through these. A ``Problem`` stops the plan and says where it
is (the file, the row number a spreadsheet shows, the column as the file's header names it) and
what to do; ``InputError`` carries every problem of every file at once. A ``Notice`` says what
was read differently from how the file shows it (title rows skipped, columns ignored) and does
not stop the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["InputError", "Notice", "Problem", "counted"]


@dataclass(frozen=True)
class _Located:
    """A message about a place in a table: the file, the row a spreadsheet shows, the column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = [self.file]
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        return f"{', '.join(place)}: {self.message}"


@dataclass(frozen=True)
class Problem(_Located):
    """One thing wrong with the input, located as precisely as the defect allows.

    ``row`` is the spreadsheet row number (the first data row follows the header row), None for
    a problem of the whole file; ``column`` is the column as named in the file's header, or its
    canonical name when the column is missing; ``message`` says what is wrong and what to do.
    """


@dataclass(frozen=True)
class Notice(_Located):
    """Something read differently from how the file shows it, which does not stop a plan.

    Title rows skipped above the header, footer rows skipped, merged cells filled, columns that
    are not used: said once, so that a coordinator knows what was (not) read.
    """


class InputError(Exception):
    """The input tables cannot be used; ``problems`` lists every defect found in every file."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def counted(number: int, noun: str) -> str:
    """``1 column``, ``3 columns``: a number of things in a message."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
