"""A problem's and an input error's text (``planner.io.problems``)."""

from __future__ import annotations

from planner.io.problems import InputError, Problem


def test_problem_text() -> None:
    assert (
        str(Problem("elders.csv", 7, "birth_date", "bad"))
        == "elders.csv, row 7, column birth_date: bad"
    )
    assert str(Problem("elders.csv", None, None, "is empty")) == "elders.csv: is empty"
    assert str(Problem("elders.csv", 3, None, "too long")) == "elders.csv, row 3: too long"
    error = InputError([Problem("a.csv", 2, "x", "one"), Problem("b.csv", None, None, "two")])
    assert str(error) == "a.csv, row 2, column x: one\nb.csv: two"
