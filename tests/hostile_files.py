"""Hostile tables, written straight as zip and XML (no spreadsheet library would write them):
workbooks that unzip to far more than they weigh, sheets too long or too wide, cells too long.

The tests use them at a small scale (just past each limit); ``benchmarks/hostile_files.py``
at the scale of the attacks that were found (a 1.1 MB workbook of 900 MB of XML).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="elders" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
_SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = b"</sheetData></worksheet>"
_HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>elder_id</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
)


def write_workbook(
    path: Path, rows: Iterable[bytes], *, extra_parts: Iterable[tuple[str, Iterable[bytes]]] = ()
) -> Path:
    """An XLSX file whose first sheet is a header row and then ``rows`` (each a ``<row>``),
    streamed into the zip so that gigabytes of XML never sit in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        _stream_part(archive, "xl/worksheets/sheet1.xml", _sheet(rows))
        for name, chunks in extra_parts:
            _stream_part(archive, name, chunks)
    return path


def _stream_part(archive: zipfile.ZipFile, name: str, chunks: Iterable[bytes]) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        buffer: list[bytes] = []
        size = 0
        for chunk in chunks:
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 20:
                part.write(b"".join(buffer))
                buffer, size = [], 0
        part.write(b"".join(buffer))


def _sheet(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield _SHEET_START
    yield _HEADER_ROW
    yield from rows
    yield _SHEET_END


def long_cell_rows(count: int, chars: int) -> Iterator[bytes]:
    """Rows whose name cell holds ``chars`` characters (an inline string)."""
    text = b"x" * chars
    for row in range(2, count + 2):
        yield (
            f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>E{row}</t></is></c>'
            f'<c r="B{row}" t="inlineStr"><is><t>'.encode()
            + text
            + b"</t></is></c></row>"
        )


def far_column_rows(count: int, column: str = "XFD") -> Iterator[bytes]:
    """Rows with one cell in the first column and one in ``column`` (XFD: the last Excel has)."""
    for row in range(2, count + 2):
        yield (
            f'<row r="{row}"><c r="A{row}"><v>{row}</v></c><c r="{column}{row}"><v>1</v></c></row>'
        ).encode()


def many_rows(count: int) -> Iterator[bytes]:
    """Rows of one small number each, naming no place (a sheet as long as it can be)."""
    for _ in range(count):
        yield b"<row><c><v>1</v></c></row>"


def wide_row(cells: int) -> Iterator[bytes]:
    """One row of ``cells`` cells that name no column (the reader counts them)."""
    yield b"<row>"
    for _ in range(cells // 1000):
        yield b"<c><v>1</v></c>" * 1000
    yield b"</row>"


def zeros(size: int) -> Iterator[bytes]:
    """``size`` zero bytes, the classic bomb: a thousandth of it compressed."""
    block = b"\0" * (1 << 20)
    for _ in range(size >> 20):
        yield block
