# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""A user's drill-down: their lookups in a date range, read from their bucket of each month only (see ``keys``
for the files another DuckDB wrote)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import duckdb
import pyarrow as pa

from probity.analytics.keys import BUCKETS, stale_files


def bucket_of(user_id: str, con: duckdb.DuckDBPyConnection | None = None) -> int:
    """The store's bucket for a user (the same hash DuckDB used when writing), on ``con`` when given: a
    connection of its own costs more than the hash."""
    if con is not None:
        return con.execute(f"SELECT CAST(hash(?) % {BUCKETS} AS INTEGER)", [user_id]).fetchall()[0][0]
    with duckdb.connect() as own:
        return bucket_of(user_id, own)


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class Timeline(NamedTuple):
    page: pa.Table  # the requested page of the user's lookups
    total: int  # all of the user's lookups in the range
    daily: list[tuple[dt.date, int]]  # lookups per day, for the days that have any, in date order


def _bucket_files(con, root: Path | str, system: str, user_id: str, months: list[str]) -> list[str]:
    """The user's bucket of each month, and every file another DuckDB hash filed (its buckets are not ours)."""
    bucket = bucket_of(user_id, con)
    base = Path(root) / "lookups" / f"system={system}"
    files = [str(f) for m in months for f in sorted((base / f"month={m}").glob("bucket=*/*.parquet"))]
    own = {str(f) for m in months for f in (base / f"month={m}" / f"bucket={bucket}").glob("*.parquet")}
    stale = set(stale_files(files))
    return [f for f in files if f in own or f in stale]


COLUMNS = "lookup_id, ts, user_id, action, subject_id, reason, client, records"


def _empty_page(con) -> pa.Table:
    return con.sql(
        "SELECT CAST(NULL AS BIGINT) AS lookup_id, CAST(NULL AS TIMESTAMP) AS ts, CAST(NULL AS VARCHAR) AS user_id, "
        "CAST(NULL AS VARCHAR) AS action, CAST(NULL AS VARCHAR) AS subject_id, CAST(NULL AS VARCHAR) AS reason, "
        "CAST(NULL AS VARCHAR) AS client, CAST(NULL AS INTEGER) AS records WHERE false"
    ).to_arrow_table()


def one_lookup(root: Path | str, system: str, user_id: str, day: dt.date, lookup_id: int) -> dict | None:
    """One of the user's lookups, as the store holds it, read from that month's bucket only."""
    with duckdb.connect() as con:
        files = _bucket_files(con, root, system, user_id, _months(day, day))
        if not files:
            return None
        query = f"SELECT {COLUMNS} FROM read_parquet(?, union_by_name=true) WHERE lookup_id = ? AND user_id = ?"
        rows = con.sql(query, params=[files, lookup_id, user_id]).to_arrow_table().to_pylist()
    return rows[0] if rows else None


def user_timeline(
    root: Path | str,
    system: str,
    user_id: str,
    start: dt.date,
    end: dt.date,
    *,
    limit: int = 500,
    offset: int = 0,
    oldest_first: bool = False,
) -> Timeline:
    """A user's lookups between start and end inclusive: one page of them (newest first unless
    ``oldest_first``), their count, and their days."""
    with duckdb.connect() as con:
        files = _bucket_files(con, root, system, user_id, _months(start, end))
        if not files:
            return Timeline(_empty_page(con), 0, [])
        con.execute(
            f"CREATE TEMP TABLE mine AS SELECT {COLUMNS} FROM read_parquet(?, union_by_name=true) "
            "WHERE user_id = ? AND ts >= ? AND ts < ?",
            [files, user_id, start, end + dt.timedelta(days=1)],
        )
        daily = con.execute("SELECT CAST(ts AS DATE) AS day, count(*) FROM mine GROUP BY day ORDER BY day").fetchall()
        order = "ts, lookup_id" if oldest_first else "ts DESC, lookup_id DESC"
        page = con.sql(f"SELECT * FROM mine ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}").to_arrow_table()
    return Timeline(page, sum(count for _day, count in daily), daily)


class SubjectLookups(NamedTuple):
    page: pa.Table  # the requested page of the subject's lookups
    total: int  # all of the subject's lookups in the range
    accounts: list[tuple[str, int, dt.datetime, dt.datetime]]  # (account, lookups, first, last), most first


def subject_lookups(
    root: Path | str,
    system: str,
    subject_id: str,
    start: dt.date,
    end: dt.date,
    *,
    limit: int = 500,
    oldest_first: bool = False,
) -> SubjectLookups:
    """Who looked a subject up between start and end inclusive: a page of the lookups (newest first unless
    ``oldest_first``) and every account's count.

    A subject's lookups lie in every bucket, so every file of the months is read; files with today's keys are
    filtered on the integer key (a third of the time of the string), the others on the subject itself."""
    subject = subject_id.strip().upper()  # as ingest stores it
    base = Path(root) / "lookups" / f"system={system}"
    files = [str(f) for m in _months(start, end) for f in sorted((base / f"month={m}").glob("bucket=*/*.parquet"))]
    stale = stale_files(files)
    fresh = sorted(set(files) - set(stale))
    period = "ts >= $start AND ts < $after"
    parts = []
    if fresh:
        parts.append(
            f"SELECT {COLUMNS} FROM read_parquet($fresh, union_by_name=true) WHERE subject_key = hash($subject) AND {period}"
        )
    if stale:
        parts.append(
            f"SELECT {COLUMNS} FROM read_parquet($stale, union_by_name=true) WHERE subject_id = $subject AND {period}"
        )
    with duckdb.connect() as con:
        if not parts:
            return SubjectLookups(_empty_page(con), 0, [])
        params = {"subject": subject, "start": start, "after": end + dt.timedelta(days=1)}
        params.update({name: value for name, value in (("fresh", fresh), ("stale", stale)) if value})
        con.execute(f"CREATE TEMP TABLE theirs AS {' UNION ALL '.join(parts)}", params)
        accounts = con.execute(
            "SELECT user_id, count(*) AS n, min(ts), max(ts) FROM theirs GROUP BY user_id ORDER BY n DESC, user_id"
        ).fetchall()
        order = "ts, lookup_id" if oldest_first else "ts DESC, lookup_id DESC"
        page = con.sql(f"SELECT * FROM theirs ORDER BY {order} LIMIT {int(limit)}").to_arrow_table()
    return SubjectLookups(page, sum(row[1] for row in accounts), accounts)
