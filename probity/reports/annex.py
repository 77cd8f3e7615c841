"""The statistical annex as a spreadsheet (XLSX or ODS): every indicator against the two comparison periods."""

from __future__ import annotations

import io

from probity.core.exports import safe_cell, sheet_column_widths, xlsx_bytes
from probity.reports import builder

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def annex_table(inputs: dict) -> tuple[list[str], list[list]]:
    headers = [*builder.annex_header(inputs), "指標代碼"]
    rows = [
        [
            row["section"],
            row["label"],
            row["unit"],
            row["now"],
            row["previous"],
            row["change_previous"],
            row["year_earlier"],
            row["change_year"],
            row["key"],
        ]
        for row in builder.annex_rows(inputs)
    ]
    return headers, [[safe_cell(cell) for cell in row] for row in rows]


def spreadsheet(inputs: dict, fmt: str) -> bytes:
    headers, rows = annex_table(inputs)
    if fmt == "xlsx":
        return xlsx_bytes(headers, rows, title="統計附表")
    if fmt == "ods":
        return _ods(headers, rows)
    raise ValueError(f"unknown spreadsheet format {fmt!r}")


DIGIT_CM = 0.2  # a digit's width at the spreadsheet's default font: what a column width counts in


def _ods(headers: list[str], rows: list[list]) -> bytes:
    from odfdo import Column, Document, Row, Style, Table

    document = Document("spreadsheet")
    body = document.body
    body.clear()
    table = Table("統計附表")
    for index, width in enumerate(sheet_column_widths(headers, rows)):
        document.insert_style(
            Style("table-column", name=f"co{index}", width=f"{width * DIGIT_CM:.2f}cm"), automatic=True
        )
        table.append(Column(style=f"co{index}"))
    for values in (headers, *rows):
        row = Row()
        row.set_values([float(v) if _is_number(v) else ("" if v is None else str(v)) for v in values])
        table.append(row)
    body.append(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _is_number(value) -> bool:
    from decimal import Decimal

    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
