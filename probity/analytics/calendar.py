"""Taiwan's working calendar: weekends, national holidays and make-up workdays (補行上班), as a table."""

from __future__ import annotations

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
