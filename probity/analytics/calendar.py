"""Taiwan's working calendar: weekends, national holidays and make-up workdays (補行上班), as a table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

HOLIDAYS_CSV = Path(__file__).with_name("data") / "tw-holidays.csv"


def load_holidays(path: Path | str | None = None) -> pa.Table:
    """The holiday table (date, name, kind ∈ {holiday, workday}); the bundled one unless a file is given."""
    table = pacsv.read_csv(
        str(path or HOLIDAYS_CSV),
        convert_options=pacsv.ConvertOptions(
            column_types={"date": pa.date32(), "name": pa.string(), "kind": pa.string()}
        ),
    )
    return table.select(["date", "name", "kind"])


def uncovered_years(known: set[int], start: dt.date, end: dt.date) -> list[int]:
    """The years of [start, end] that a holiday table listing days of ``known`` years does not cover.

    Every year of Taiwan's calendar has a national holiday on a weekday (the lunar new year's days alone
    see to that), so a year without a single row is a year the table knows nothing of: its holidays would
    pass for workdays and its make-up workdays for weekends."""
    return [year for year in range(start.year, end.year + 1) if year not in known]
