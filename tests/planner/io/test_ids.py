"""Ids and personal numbers: resident ID numbers checked and masked, numbers Excel spoiled, ids
that would publish a personal number or break a file name refused (``planner.io.ids``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.io.cells import Cell
from planner.io.ids import birth_date_of_id_number, id_check_character, parse_id_number
from planner.io.problems import InputError
from planner.io.tables import load_tables
from tests.planner.io.table_files import (
    BASE_ELDER,
    elder_problem,
    make_id_number,
    one_elder,
    one_visitor,
    problems_of,
    visitor_problem,
    where,
    write_table,
)

# --------------------------------------------------------------------------- ID numbers


def test_xlsx_numbers_become_text_for_ids_and_phones(tmp_path: Path) -> None:
    elder = one_elder(
        tmp_path, ".xlsx", elder_id=1001, phone=13812345678, emergency_phone=13900000001.0, age=80.0
    )
    assert (elder.elder_id, elder.phone, elder.emergency_phone, elder.stated_age) == (
        "1001",
        "13812345678",
        "13900000001",
        80,
    )


@pytest.mark.parametrize(
    "id_number",
    ["11010519491231002X", "11010519491231002x", "440524188001010014", " 370112194005120013 "],
)
def test_valid_id_numbers(id_number: str) -> None:
    assert parse_id_number(id_number) == id_number.strip().upper()


@pytest.mark.parametrize(
    ("id_number", "says"),
    [
        ("110105194912310021", "GB 11643 check"),
        ("11010519491231002", "has 17 characters"),
        ("370112450301003", "has 15 characters"),
        ("1101051949123100X2", "only digits and a final X"),
        ("110105194913310028", "not a date"),
    ],
)
def test_invalid_id_numbers(tmp_path: Path, id_number: str, says: str) -> None:
    problem = elder_problem(tmp_path, id_number=id_number)
    assert (problem.row, problem.column) == (2, "id_number")
    assert says in problem.message
    assert id_number not in problem.message  # masked: messages end up in logs


def test_check_digit_of_the_standards_example() -> None:
    assert id_check_character("11010519491231002") == "X"
    assert birth_date_of_id_number("11010519491231002X") == date(1949, 12, 31)


@given(
    birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    serial=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_fails_the_check(
    birth: date, serial: int, position: int, delta: int
) -> None:
    valid = make_id_number(birth.strftime("%Y%m%d"), f"{serial:03d}")
    assert parse_id_number(valid) == valid
    digits = list(valid)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(ValueError, match=r"GB 11643|not a date|in the future"):
        parse_id_number("".join(digits))


def test_id_number_stored_as_a_number_in_xlsx(tmp_path: Path) -> None:
    problem = elder_problem(tmp_path, ".xlsx", id_number=int(make_id_number("19400512")))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "stored as a number" in problem.message and "Text" in problem.message


def test_an_id_number_born_in_the_future_is_refused_like_a_birth_date(tmp_path: Path) -> None:
    next_year = date.today().year + 1
    problem = elder_problem(tmp_path, id_number=make_id_number(f"{next_year}0101"))
    assert (problem.row, problem.column) == (2, "id_number")
    assert "in the future" in problem.message and str(next_year) not in problem.message


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("phone", "1.38123E+10"),
        ("emergency_phone", "1.39E+10"),
        ("id_number", "3.70402E+17"),
        ("elder_id", "3.70402E+17"),
        ("usual_visitor_id", "1.38123E+10"),
    ],
)
def test_numbers_excel_wrote_in_scientific_notation_are_refused(
    tmp_path: Path, column: str, cell: str
) -> None:
    problem = elder_problem(tmp_path, **{column: cell})
    assert (problem.row, problem.column) == (2, column)
    assert problem.message.startswith("Excel stored this as a number and lost digits")
    assert "format the column as text" in problem.message


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("phone", 13812300000.0),  # 1.38123E+10 pasted back as a number
        ("emergency_phone", 13900000000),
        ("elder_id", 12345600000.0),
        ("elder_id", 1234567890123456789),
    ],
)
def test_xlsx_numbers_that_lost_their_digits_are_refused(
    tmp_path: Path, column: str, cell: Cell
) -> None:
    problem = elder_problem(tmp_path, ".xlsx", **{column: cell})
    assert (problem.row, problem.column) == (2, column)
    assert "lost digits" in problem.message


def test_xlsx_numbers_that_kept_their_digits_are_read(tmp_path: Path) -> None:
    elder = one_elder(tmp_path, ".xlsx", phone=13812345678.0, emergency_phone=13800000002)
    assert (elder.phone, elder.emergency_phone) == ("13812345678", "13800000002")


BIRTH_DIGITS = ("19600230", "600230", "1960-02-30")


def test_no_message_shows_more_of_an_id_number_than_its_masked_form(tmp_path: Path) -> None:
    """Messages end up in terminals and logs; the birth date is most of what the mask hides."""
    not_a_date = "370402" + "19600230" + "001"
    not_a_date += id_check_character(not_a_date)
    valid = make_id_number("19600301")
    born = birth_date_of_id_number(valid)
    records = [
        {**BASE_ELDER, "id_number": not_a_date},
        {**BASE_ELDER, "elder_id": "E002", "id_number": valid, "birth_date": "1960-03-02"},
        {**BASE_ELDER, "elder_id": "E003", "id_number": valid[:-1] + "0", "sex": "女"},
        {**BASE_ELDER, "elder_id": valid},
        {**BASE_ELDER, "elder_id": "E005", "lives_alone": valid, "age": not_a_date},
        {**BASE_ELDER, "elder_id": "E006", "lon": not_a_date},
        {**BASE_ELDER, "elder_id": "E007", "usual_visitor_id": not_a_date},
    ]
    messages = [str(problem) for problem in problems_of(tmp_path, *records)]
    assert len(messages) >= len(records)
    shown = "\n".join(messages)
    hidden = (*BIRTH_DIGITS, valid[6:14], born.isoformat(), "1960-03-02")
    assert not [digits for digits in hidden if digits in shown], shown
    assert "'3704**********0011'" in shown


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("cell", "says", "shown"),
    [
        ("370402194005120013", "is a resident ID number", "'3704**********0013'"),
        ("37040219400512001x", "is a resident ID number", "'3704**********001x'"),
        ("370402400512001", "is a resident ID number", "'3704*******2001'"),
        ("13812345678", "is a mobile phone number", "'138****5678'"),
        ("+8613812345678", "is a mobile phone number", "'+86*******5678'"),
    ],
)
def test_an_elder_id_that_is_a_personal_number_is_refused_masked(
    tmp_path: Path, cell: str, says: str, shown: str
) -> None:
    """Ids are published in every output (roster.csv, maps): ledgers keyed by 身份证号 leak."""
    problem = elder_problem(tmp_path, elder_id=cell)
    assert (problem.row, problem.column) == (2, "elder_id")
    assert problem.message.startswith(f"{shown} {says}, which every output would publish")
    assert "a number of the town's own (e.g. E0001)" in problem.message
    assert cell not in str(problem)


def test_a_chinese_elder_id_header_is_named_in_the_refusal(tmp_path: Path) -> None:
    record = {"编号" if key == "elder_id" else key: value for key, value in BASE_ELDER.items()}
    (problem,) = problems_of(tmp_path, {**record, "编号": make_id_number("19400512")})
    assert str(problem).startswith(f"{tmp_path / 'elders.csv'}, row 2, column 编号: '3701*")
    assert "身份证号" in problem.message


@pytest.mark.parametrize("cell", ["13812345678", "370402194005120013"])
def test_a_visitor_id_that_is_a_personal_number_is_refused_too(tmp_path: Path, cell: str) -> None:
    problem = visitor_problem(tmp_path, visitor_id=cell)
    assert (problem.row, problem.column) == (2, "visitor_id")
    assert "which every output would publish" in problem.message and cell not in problem.message
    assert "(e.g. V001)" in problem.message


def test_a_history_naming_elders_by_id_number_gets_the_same_advice(tmp_path: Path) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visit = {"date": "2026-11-30", "elder_id": make_id_number("19400512"), "visitor_id": "V01"}
    history = write_table(tmp_path / "visits.csv", [{**visit, "mode": "home"}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, history)
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "elder_id")
    assert "is a resident ID number" in problem.message and "E0001" in problem.message


UNSAFE_IDS = [
    ("=HYPERLINK(1)", "a formula"),
    ("+E001", "a formula"),
    ("-1", "a formula"),
    ("@E001", "a formula"),
    ("\r=1+1", "a formula"),
    ("V/01", "file name"),
    ("V\\01", "file name"),
    ("V:01", "file name"),
    ("V*", "file name"),
    ("V?", "file name"),
    ('V"1', "file name"),
    ("<V1>", "file name"),
    ("V|1", "file name"),
    ("V\x0701", "file name"),
    (".", "file name"),
    ("..", "file name"),
    ("V" * 65, "more than the 64"),
]


@pytest.mark.parametrize(("cell", "says"), UNSAFE_IDS)
def test_an_unsafe_visitor_id_is_refused(tmp_path: Path, cell: str, says: str) -> None:
    """A visitor id names map files (maps/<visitor_id>_<date>.html) and fills cells."""
    problem = visitor_problem(tmp_path, visitor_id=cell)
    assert (problem.row, problem.column) == (2, "visitor_id")
    assert says in problem.message and "a plain id such as V001" in problem.message


@pytest.mark.parametrize(("cell", "says"), UNSAFE_IDS)
def test_an_unsafe_elder_id_is_refused(tmp_path: Path, cell: str, says: str) -> None:
    problem = elder_problem(tmp_path, elder_id=cell)
    assert (problem.row, problem.column) == (2, "elder_id")
    assert says in problem.message


@pytest.mark.parametrize("column", ["elder_id", "visitor_id"])
def test_an_unsafe_id_in_the_history_is_refused(tmp_path: Path, column: str) -> None:
    elders = write_table(tmp_path / "elders.csv", [BASE_ELDER])
    visit = {"date": "2026-11-30", "elder_id": "E001", "visitor_id": "V01", "mode": "home"}
    history = write_table(tmp_path / "visits.csv", [{**visit, column: "=1+1"}])
    with pytest.raises(InputError) as raised:
        load_tables(elders, None, history)
    assert where(raised.value.problems) == [("visits.csv", 2, column)]


@pytest.mark.parametrize("cell", ["V" * 64, "村委-01", "V 01", "E_0001", "V01.a"])
def test_plain_ids_are_read(tmp_path: Path, cell: str) -> None:
    assert one_visitor(tmp_path, visitor_id=cell).visitor_id == cell
