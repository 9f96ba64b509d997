"""Which column of the contract a header cell names, and the layout of a table's header.

Every column accepts its English name, its Chinese header and the usual spellings of a town's
ledger (``Column``); headers are compared without case, spaces, ``是否`` or a yes/no hint
(``header_key``), and ``name (中文)`` names the column either part names. A header that names no
column but looks like a misspelt one (``near_miss``) is refused with a guess, for its facts
would be lost; any other unknown header is ignored with a notice. ``layout_of`` puts this
together for one table: where each column sits and how the file names it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planner.io.cells import strip_invisible
from planner.io.problems import Notice, Problem, counted
from planner.io.reading import RawTable

__all__ = [
    "NEAR_MISS_EXTRA_CHARACTERS",
    "NEAR_MISS_RATIO",
    "Column",
    "HeaderGuess",
    "Layout",
    "compact",
    "header_key",
    "layout_of",
    "match_header",
    "near_miss",
]


@dataclass(frozen=True)
class Column:
    """A column of the contract: its English name, its Chinese header and accepted alternatives."""

    name: str
    chinese: str | None = None
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def label(self) -> str:
        """The name as the contract writes it, e.g. ``elder_id (编号)``."""
        return f"{self.name} ({self.chinese})" if self.chinese else self.name

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *((self.chinese,) if self.chinese else ()), *self.aliases)

    def header_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(header_key(spelling) for spelling in self.spellings()))


# Spaces (U+3000 becomes one under NFKC), line breaks, '_' and '-' do not tell headers apart.
_HEADER_SEPARATORS = re.compile(r"[\s_\-]+")
# A yes/no hint after a header: 独居（是/否）, 失智(是或否), lives_alone (y/n).
_YES_NO_HINT = re.compile(r"\((?:是|否|y|n|yes|no|1|0)(?:[/、,或]|or)(?:是|否|y|n|yes|no|1|0)\)$")
# 是否同意入户, 是否为独居老人, 老人是否失智: the question form of a yes/no column.
_WHETHER = re.compile(r"是否为?")
# Required-column markers and label colons: *姓名, 编号：
_HEADER_MARKS = "*※:"  # after NFKC: ＊ is *, ： is :
_BRACKETED = re.compile(r"^(.*?)\((.*?)\)$")


def _normalised(header: str) -> str:
    """Full-width letters, digits, brackets and colons as ASCII; no invisible characters."""
    return unicodedata.normalize("NFKC", strip_invisible(header))


def compact(text: str) -> str:
    """``text`` normalised (see ``_normalised``), without spaces, line breaks, ``_`` or ``-``."""
    return _HEADER_SEPARATORS.sub("", _normalised(text))


def header_key(header: str) -> str:
    """How headers are compared: ``是否同意入户``, ``同意 入户``, ``同意入户（是/否）`` are one."""
    key = _HEADER_SEPARATORS.sub("", _normalised(header).casefold()).strip(_HEADER_MARKS)
    return _WHETHER.sub("", _YES_NO_HINT.sub("", key))


def _header_keys(header: str) -> list[str]:
    """The keys a header cell may stand for: itself, and each part of ``name (中文)``."""
    keys = [header_key(header)]
    bracketed = _BRACKETED.match(compact(header))
    if bracketed:
        keys += [header_key(part) for part in bracketed.groups()]
    return [key for key in dict.fromkeys(keys) if key]


def match_header(header: str, lookup: Mapping[str, Column]) -> Column | None:
    """The column a header cell names; also understands ``name (中文)`` and ``中文（提示）``."""
    for key in _header_keys(header):
        column = lookup.get(key)
        if column is not None:
            return column
    return None


@dataclass(frozen=True)
class HeaderGuess:
    """The known column an unknown header most resembles, and the spelling it resembles."""

    column: Column
    spelling: str


# Resemblance (difflib's ratio) from which an unknown header is taken for a misspelt column:
# one extra character on a two- or three-character header (同意入户嘛, 失智症), two on four.
NEAR_MISS_RATIO = 0.8
# A known header inside an unknown one with at most this many characters around it
# (老人独居, 独居情况) is taken for that column too.
NEAR_MISS_EXTRA_CHARACTERS = 2
# Columns of ledgers that merely resemble a column of the contract: other people's details
# (子女电话, 监护人姓名), the registered residence (户籍地址), dates and kinds of something
# (能力评估时间, 残疾类别), relationships (联系人关系). They are ignored, never refused.
_OTHER_PEOPLE_AND_PLACES = (
    "子女",
    "儿子",
    "女儿",
    "儿女",
    "配偶",
    "老伴",
    "监护人",
    "赡养人",
    "代理人",
    "户主",
    "家属",
    "亲属",
    "户籍",
    "原",
)
_OTHER_QUALITIES = (
    "关系",
    "时间",
    "日期",
    "证号",
    "类别",
    "类型",
    "编码",
    "原因",
    "来源",
    "说明",
    "备注",
    "单位",
    "机构",
    "地址",
    "次数",
    "频次",
    "段",
)
_NEVER_A_CONTRACT_COLUMN = frozenset({"序号", "备注", "no", "no."})


def _names_something_else(key: str, known: str) -> bool:
    if key in _NEVER_A_CONTRACT_COLUMN:
        return True
    other_owner = any(
        key.startswith(prefix) and not known.startswith(prefix)
        for prefix in _OTHER_PEOPLE_AND_PLACES
    )
    other_quality = any(
        key.endswith(suffix) and not known.endswith(suffix) for suffix in _OTHER_QUALITIES
    )
    return other_owner or other_quality


def _resembles(key: str, known: str) -> float:
    """How much an unknown header key resembles a known one: 0 (not at all) to 1."""
    if len(known) < 2 or _names_something_else(key, known):
        return 0.0  # one character (村, 镇) is inside too many unrelated headers
    if known in key and len(key) - len(known) <= NEAR_MISS_EXTRA_CHARACTERS:
        return max(NEAR_MISS_RATIO, difflib.SequenceMatcher(None, key, known).ratio())
    ratio = difflib.SequenceMatcher(None, key, known).ratio()
    return ratio if ratio >= NEAR_MISS_RATIO else 0.0


def near_miss(
    header: str, columns: Sequence[Column], *, present: Iterable[str] = ()
) -> HeaderGuess | None:
    """The column an unknown header probably means, or None for an unrelated column.

    Columns already in the header (``present``, by name) are not guessed: a second header that
    resembles one (紧急联系人 and 紧急联系人关系) is something else.
    """
    skip = set(present)
    best: tuple[float, HeaderGuess] | None = None
    for key in _header_keys(header):
        for column in columns:
            if column.name in skip:
                continue
            for spelling in column.spellings():
                score = _resembles(key, header_key(spelling))
                if score and (best is None or score > best[0]):
                    best = (score, HeaderGuess(column, spelling))
    return None if best is None else best[1]


@dataclass(frozen=True)
class Layout:
    """Where each contract column sits in one table, and how the file names it."""

    table: RawTable
    positions: Mapping[str, int]
    headers: Mapping[str, str]
    extra_columns: tuple[str, ...]

    def column_name(self, column: str) -> str:
        return self.headers.get(column, column)

    def has(self, column: str) -> bool:
        return column in self.positions


def layout_of(
    table: RawTable, columns: Sequence[Column], problems: list[Problem], notices: list[Notice]
) -> Layout:
    """The layout of ``table``'s header; a column given twice, a required column missing or a
    header that looks like a misspelt column is recorded in ``problems``, ignored columns in
    ``notices``."""
    lookup = {key: column for column in columns for key in column.header_keys()}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for position, header in enumerate(table.headers):
        column = match_header(header, lookup)
        if column is None:
            if header:
                unknown.append(header)
        elif column.name in positions:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    header,
                    f"means the same as column {headers[column.name]!r} (both are "
                    f"{column.label}): keep only one of them",
                )
            )
        else:
            positions[column.name] = position
            headers[column.name] = header
    extras = _check_unknown_headers(table, unknown, columns, set(positions), problems, notices)
    found = ", ".join(header for header in table.headers if header) or "nothing"
    for column in columns:
        if column.required and column.name not in positions:
            problems.append(
                Problem(
                    table.file,
                    table.header_row,
                    column.name,
                    f"the required column {column.label} is missing: add it to the header row "
                    f"(the header has: {found})",
                )
            )
    return Layout(table, positions, headers, extras)


def _spelling_and_name(guess: HeaderGuess) -> str:
    spelling, name = guess.spelling, guess.column.name
    return spelling if spelling == name else f"{spelling} ({name})"


def _check_unknown_headers(
    table: RawTable,
    unknown: Sequence[str],
    columns: Sequence[Column],
    present: set[str],
    problems: list[Problem],
    notices: list[Notice],
) -> tuple[str, ...]:
    """Refuse headers that look like a misspelt column; return the others, which are ignored.

    A misspelt column ignored in silence loses its facts (是否同意入户嘛 = 否, and the elder
    gets home visits), so it is refused; an unrelated column (备注, 户籍地) is only noted.
    """
    extras: list[str] = []
    for header in unknown:
        guess = near_miss(header, columns, present=present)
        if guess is None:
            extras.append(header)
            continue
        problems.append(
            Problem(
                table.file,
                table.header_row,
                header,
                f"did you mean {_spelling_and_name(guess)}? This header is not one "
                "visitplan knows, so the column would be ignored and its facts lost: rename it "
                f"to {guess.spelling}, or, if it holds something else, rename or delete it",
            )
        )
    if extras:
        quoted = ", ".join(repr(header) for header in extras)
        notices.append(
            Notice(
                table.file,
                table.header_row,
                None,
                f"{counted(len(extras), 'column')} not read by visitplan, ignored: {quoted}",
            )
        )
    return tuple(extras)
