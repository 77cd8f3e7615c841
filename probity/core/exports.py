"""CSV and XLSX exports whose cells can never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext

from probity.core import roc
from probity.core.imports import FORMULA_PREFIXES
from probity.core.text import display_width

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    header: Any  # may be a lazy translation
    value: Callable[[Any], Any]
    sort: str = ""  # the field a list sorts on when its header is clicked ("" : not sortable)


def readable(value: Any) -> Any:
    """是/否 and ROC dates, as pages and exports show them; any other value unchanged."""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, dt.datetime):
        return roc.format_datetime(value)
    if isinstance(value, dt.date):
        return roc.format_slash(value)
    return value


def safe_cell(value: Any) -> Any:
    """Dates in ROC form; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool | dt.date):
        return readable(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def rows_for(columns: list[ExportColumn], objects: Iterable[Any]) -> Iterable[list[Any]]:
    for obj in objects:
        yield [safe_cell(column.value(obj)) for column in columns]


CHUNK_ROWS = 500
EXPORT_CHUNK_OBJECTS = 1000


def csv_chunks(headers: list[str], rows: Iterable[list[Any]], *, cut_short: str = "") -> Iterator[bytes]:
    """The CSV as UTF-8 pieces of a few hundred rows, so a long list starts downloading at once.

    Should reading fail part way, the file's last line says so (``cut_short``, with ``%(rows)d`` for the rows
    written) before the error goes on: a download that ends early can otherwise look whole.
    """
    buffer = io.StringIO()
    # The BOM lets Excel on Windows open UTF-8 with Chinese text correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    written = 0
    try:
        for written, row in enumerate(rows, start=1):
            writer.writerow(row)
            if written % CHUNK_ROWS == 0:
                yield _drain(buffer)
    except Exception:
        writer.writerow([_cut_short_note(cut_short, written)])
        yield _drain(buffer)
        raise
    yield _drain(buffer)


def cut_short_text() -> str:
    return gettext("匯出未完成：寫出 %(rows)d 列後讀取資料失敗，本檔案不完整，請重新匯出。")


def _cut_short_note(template: str, written: int) -> str:
    return (template or cut_short_text()) % {"rows": written}


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def csv_bytes(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    return b"".join(csv_chunks(headers, rows))


def xlsx_chunks(
    headers: list[str], rows: Iterable[list[Any]], title: str = "Sheet1", *, cut_short: str = ""
) -> Iterator[bytes]:
    """A one-sheet workbook as pieces of a few hundred rows, so a long list starts downloading at once.

    openpyxl writes its archive only when saved, so it makes the workbook of the header and the first rows
    (their widths size the columns); the archive is then written again as it is sent, every part copied but
    the sheet, whose later rows are written out as they are read. Should reading fail part way,
    the sheet ends with a row saying so (``cut_short``, as for CSV) and the workbook is closed whole before
    the error goes on.
    """
    rows = iter(rows)
    first, failed = [], None
    try:
        first.extend([_sheet_value(value) for value in row] for row in itertools.islice(rows, SIZED_ROWS))
    except Exception as error:
        failed = error
        first.append([_cut_short_note(cut_short, len(first))])
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(_first_rows_workbook(headers, first, title))) as made:
            for part in made.infolist():
                if part.filename != SHEET_PART:
                    archive.writestr(part.filename, made.read(part), zipfile.ZIP_DEFLATED)
            head, tail = made.read(SHEET_PART).split(b"</sheetData>")
        with archive.open(SHEET_PART, "w", force_zip64=True) as sheet:
            sheet.write(head)
            yield sink.drain()
            number = len(first) + 1
            try:
                for number, row in enumerate(() if failed else rows, start=len(first) + 2):
                    sheet.write(_row_xml(number, row))
                    if number % CHUNK_ROWS == 0:
                        yield sink.drain()
            except Exception as error:
                failed = error
                sheet.write(_row_xml(number + 1, [_cut_short_note(cut_short, number - 1)]))
            sheet.write(b"</sheetData>" + tail)
    yield sink.drain()
    if failed is not None:
        raise failed


def xlsx_bytes(headers: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> bytes:
    return b"".join(xlsx_chunks(headers, rows, title))


SHEET_PART = "xl/worksheets/sheet1.xml"


class _Sink(io.RawIOBase):
    """Where the archive is written as it is sent: it keeps what was written until drained."""

    def __init__(self):
        self._pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._pieces)
        self._pieces.clear()
        return data


def _first_rows_workbook(headers: list[str], first: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(sheet_column_widths(headers, first), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, _sheet_value(header), bold) for header in headers])
    for row in first:
        # openpyxl reads text as a formula only when it starts with "="; safe_cell quotes such text.
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_value(value: Any) -> Any:
    """A cell as safe_cell gives it, without what a workbook cannot hold: XML's control characters, and
    numbers that are not finite (left empty)."""
    value = safe_cell(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS.sub("", value)
    return value if math.isfinite(value) else ""


ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _row_xml(number: int, row: list[Any]) -> bytes:
    """A sheet row as openpyxl writes one: numbers as values, text as inline strings (never a formula)."""
    cells = []
    for value in row:
        value = _sheet_value(value)
        if isinstance(value, int | float | Decimal):
            cells.append(f'<c t="n"><v>{value}</v></c>')
        elif value == "":
            cells.append("<c/>")
        else:
            space = ' xml:space="preserve"' if value != value.strip() else ""
            cells.append(f'<c t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


# A sheet is written as its rows are read: its columns are sized by the header and the first rows.
SIZED_ROWS = 200
COLUMN_WIDTH = (6, 60)  # in widths of a digit, as spreadsheets count them


def sheet_column_widths(headers: list[str], rows: list[list[Any]]) -> list[int]:
    """Each column as wide as its widest cell among ``headers`` and ``rows`` (a CJK character counts two),
    within COLUMN_WIDTH."""
    low, high = COLUMN_WIDTH
    return [
        min(high, max(low, max(display_width(str(safe_cell(cell))) for cell in column) + 2))
        for column in zip(headers, *rows, strict=False)
    ]


def _header_cell(sheet, value: Any, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def export_response(
    columns: list[ExportColumn], objects: Iterable[Any], *, fmt: str, name: str
) -> StreamingHttpResponse:
    """An attachment named ``<name>-<date>.<fmt>``, streamed as its rows are read; ``name`` must not
    identify a person."""
    headers = [str(column.header) for column in columns]
    if isinstance(objects, QuerySet):
        # Read in chunks rather than caching every object of a long list.
        objects = objects.iterator(chunk_size=EXPORT_CHUNK_OBJECTS)
    rows = rows_for(columns, objects)
    stamp = roc.local_date(dt.datetime.now(dt.UTC)).strftime("%Y%m%d")
    file_name = f"{slugify(name) or 'export'}-{stamp}"
    # Read now, in the request's language: the rows are read later, as the response is sent.
    cut_short = cut_short_text()
    if fmt == "xlsx":
        chunks = xlsx_chunks(headers, rows, title=name, cut_short=cut_short)
        response = StreamingHttpResponse(chunks, content_type=XLSX_TYPE)
        file_name += ".xlsx"
    elif fmt == "csv":
        chunks = csv_chunks(headers, rows, cut_short=cut_short)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        file_name += ".csv"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
