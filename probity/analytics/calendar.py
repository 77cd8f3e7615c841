"""Taiwan's working calendar: weekends, national holidays and make-up workdays (補行上班), as a table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HOLIDAYS_CSV = Path(__file__).with_name("data") / "tw-holidays.csv"
# How a holiday file may write a day's kind, in lower case, and the kind it stands for. A source file is held to
# these as it loads (``sources``); files loaded earlier are read through them too.
KIND_SPELLINGS = {
    "holiday": "holiday",
    "放假": "holiday",
    "假日": "holiday",
    "停止上班": "holiday",
    "停班": "holiday",
    "workday": "workday",
    "上班": "workday",
    "上班日": "workday",
    "補行上班": "workday",
}


def load_holidays(path: Path | str | None = None) -> pa.Table:
    """The holiday table (date, name, kind ∈ {holiday, workday}); the bundled one unless a file is given."""
    table = pacsv.read_csv(
        str(path or HOLIDAYS_CSV),
        convert_options=pacsv.ConvertOptions(
            column_types={"date": pa.date32(), "name": pa.string(), "kind": pa.string()}
        ),
    )
    return table.select(["date", "name", "kind"])


def with_bundled(own: pa.Table | None) -> pa.Table:
    """The bundled calendar with a system's own days laid over it, so that a unit adds its typhoon days
    (防颱停班) without copying the national calendar: a date in ``own`` replaces the bundled row of that date
    (a holiday worked is a ``workday`` row), and every other bundled day stays."""
    bundled = load_holidays()
    if own is None or own.num_rows == 0:
        return bundled
    own = own.select(bundled.column_names).cast(bundled.schema)
    kinds = [KIND_SPELLINGS.get(kind.strip().lower(), kind) if kind else kind for kind in own["kind"].to_pylist()]
    own = own.set_column(own.column_names.index("kind"), "kind", pa.array(kinds, pa.string()))
    kept = bundled.filter(pc.invert(pc.is_in(bundled["date"], value_set=own["date"])))
    return pa.concat_tables([kept, own]).sort_by("date")


# Taiwan's office calendar gives 11 to 17 weekday holidays a year (2020–2027). A year with fewer listed is not a
# calendar of it but a few days added, such as typhoon days, and is not taken as known.
MIN_HOLIDAYS_PER_YEAR = 10


def covered_years(table: pa.Table) -> set[int]:
    """The years the holiday table knows: those it lists at least ``MIN_HOLIDAYS_PER_YEAR`` holidays of."""
    holidays = table.filter(pc.equal(table["kind"], "holiday"))
    counts = pc.value_counts(pc.year(holidays["date"])).to_pylist()
    return {row["values"] for row in counts if row["counts"] >= MIN_HOLIDAYS_PER_YEAR}


def uncovered_years(known: set[int], start: dt.date, end: dt.date) -> list[int]:
    """The years of [start, end] outside ``known``: there the holidays would pass for workdays and the
    make-up workdays for weekends."""
    return [year for year in range(start.year, end.year + 1) if year not in known]
