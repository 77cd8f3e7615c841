"""Benchmark: a list's Excel and CSV exports (``core.exports``), 12 columns, at several sizes.

Both are streamed: the first piece (Excel: every part but the sheet, and its first 200 rows; CSV: the header
and 500 rows) is timed on its own.

Run by hand:  python bench/exports_bench.py [--rows 1000 4000 60000]
The rows look like the alert queue's: dates, accounts, names, rule names and long reasons in Chinese.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "probity.settings")


def rows(count: int):
    for n in range(count):
        yield [
            dt.date(2021, 7, 1) + dt.timedelta(days=n % 180),
            "戶役政資訊系統",
            f"HR{n % 400:05d}",
            "郭明品",
            "查閱本人、同仁、同戶或親屬、重要人士",
            f"當事人與查閱者同姓（郭）且戶籍地址相同（高雄市楠梓區九如路{n % 300}號）",
            3.0,
            "待審查",
            "",
            n,
            "=SUM(A1:A2)" if n % 1000 == 0 else "",  # hostile text, quoted on the way out
            None,
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 4000, 60000])
    args = parser.parse_args()
    import django

    django.setup()
    from probity.core.exports import csv_chunks, safe_cell, xlsx_chunks

    headers = [f"欄{n}" for n in range(12)]
    for count in args.rows:
        _measure("xlsx", count, xlsx_chunks(headers, rows(count), title="警示"))
        _measure("csv ", count, csv_chunks(headers, ([safe_cell(value) for value in row] for row in rows(count))))


def _measure(name: str, count: int, pieces) -> None:
    started = time.perf_counter()
    first = len(next(pieces))
    to_first = time.perf_counter() - started
    size = first + sum(len(piece) for piece in pieces)
    elapsed = time.perf_counter() - started
    print(
        f"{name} {count:>7,} rows  {elapsed:6.2f} s  {size / 1e6:5.1f} MB  ({count / elapsed:,.0f} rows/s), "
        f"first piece after {to_first * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
