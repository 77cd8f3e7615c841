"""CSV and XLSX exports whose cells can never run as spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
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


CSV_CHUNK_ROWS = 500
EXPORT_CHUNK_OBJECTS = 1000


def csv_chunks(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """The CSV as UTF-8 pieces of a few hundred rows, so a long list starts downloading at once."""
    buffer = io.StringIO()
    # The BOM lets Excel on Windows open UTF-8 with Chinese text correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(header) for header in headers])
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % CSV_CHUNK_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def csv_bytes(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    return b"".join(csv_chunks(headers, rows))


def xlsx_bytes(headers: list[str], rows: Iterable[list[Any]], title: str = "Sheet1") -> bytes:
    """A one-sheet workbook, written row by row (time and memory linear in the rows), its columns as wide as
    the header and the first rows need."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    rows = iter(rows)
    first = [[safe_cell(value) for value in row] for row in itertools.islice(rows, SIZED_ROWS)]
    for index, width in enumerate(sheet_column_widths(headers, first), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, safe_cell(header), bold) for header in headers])
    for row in first:
        sheet.append(row)
    for row in rows:
        # openpyxl reads text as a formula only when it starts with "="; safe_cell quotes such text,
        # so plain values suffice (a cell object per value made large exports 60% slower).
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
) -> HttpResponse | StreamingHttpResponse:
    """An attachment named ``<name>-<date>.<fmt>``; ``name`` must not identify a person.

    CSV is streamed as the rows are read; a workbook is built whole, since openpyxl writes its archive
    only when it is saved.
    """
    headers = [str(column.header) for column in columns]
    if isinstance(objects, QuerySet):
        # Read in chunks rather than caching every object of a long list.
        objects = objects.iterator(chunk_size=EXPORT_CHUNK_OBJECTS)
    rows = rows_for(columns, objects)
    stamp = roc.local_date(dt.datetime.now(dt.UTC)).strftime("%Y%m%d")
    file_name = f"{slugify(name) or 'export'}-{stamp}"
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, title=name), content_type=XLSX_TYPE)
        file_name += ".xlsx"
    elif fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(headers, rows), content_type="text/csv; charset=utf-8")
        file_name += ".csv"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
