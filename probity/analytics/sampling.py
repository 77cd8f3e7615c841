# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""A verifiable random sample of a month's lookups for manual review (1%, at least one).

The pool is the month's lookups ordered by (time, lookup id); its SHA-256
digest is published with the draw so anyone can check that the pool was not
changed after the random sources became known. The selection itself is a
public draw through the small interface :data:`DrawFunction`: given the pool
size, the number to draw and the public random sources, it returns 0-based
positions in the ordered pool. RFC 3797 (:func:`rfc3797_draw`) is the default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from probity.analytics import rfc3797

DrawFunction = Callable[[int, int, Sequence], list[int]]


def rfc3797_draw(pool_size: int, count: int, sources: Sequence) -> list[int]:
    """The project's public draw: RFC 3797 over the key string of ``sources``."""
    return rfc3797.select(pool_size, count, rfc3797.key_string(sources))


@dataclass(frozen=True)
class Sample:
    month: str
    pool_size: int
    pool_digest: str
    key_string: str
    size: int
    lookups: pa.Table  # the drawn lookups, in draw order, with their draw position


def sample_size(pool_size: int, rate: float = 0.01, minimum: int = 1) -> int:
    """ceil(rate × pool), at least ``minimum``, never more than the pool."""
    if pool_size <= 0:
        return 0
    return min(pool_size, max(minimum, math.ceil(pool_size * rate - 1e-9)))


def pool_digest(lookup_ids: Sequence[int]) -> str:
    """SHA-256 of the ordered pool written as one lookup id per line."""
    digest = hashlib.sha256()
    for start in range(0, len(lookup_ids), 100_000):
        digest.update("".join(f"{value}\n" for value in lookup_ids[start : start + 100_000]).encode("ascii"))
    return digest.hexdigest()


def draw_sample(
    lookups: str | pa.Table,
    *,
    month: str,
    sources: Sequence,
    rate: float = 0.01,
    minimum: int = 1,
    draw: DrawFunction = rfc3797_draw,
) -> Sample:
    """Draw the month's sample from ``lookups`` (a Parquet glob of the store, or an Arrow table)."""
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    con = duckdb.connect()
    try:
        if isinstance(lookups, pa.Table):
            con.register("src", lookups)
            relation = "src"
        else:
            relation = f"read_parquet('{lookups}', hive_partitioning=true, union_by_name=true)"
        con.execute(
            f"""CREATE TEMP TABLE pool AS
                SELECT row_number() OVER (ORDER BY ts, lookup_id) - 1 AS position,
                       lookup_id, ts, user_id, action, subject_id, reason
                FROM {relation} WHERE ts >= ? AND ts < ?""",
            [first, following],
        )
        ids = [row[0] for row in con.execute("SELECT lookup_id FROM pool ORDER BY position").fetchall()]
        size = sample_size(len(ids), rate, minimum)
        positions = draw(len(ids), size, sources) if size else []
        con.register("drawn", pa.table({"draw_order": list(range(1, size + 1)), "position": positions}))
        table = con.sql(
            "SELECT d.draw_order, p.* FROM drawn d JOIN pool p USING (position) ORDER BY d.draw_order"
        ).to_arrow_table()
        return Sample(
            month=month,
            pool_size=len(ids),
            pool_digest=pool_digest(ids),
            key_string=rfc3797.key_string(sources),
            size=size,
            lookups=table,
        )
    finally:
        con.close()
