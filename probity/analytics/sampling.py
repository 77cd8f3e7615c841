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
from probity.analytics.messages import Message

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


def _load_pool(con, lookups: str | pa.Table, month: str) -> list[int]:
    """Create the temp table ``pool`` (the month's lookups, numbered in pool order); return its ids in order."""
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
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
    return [row[0] for row in con.execute("SELECT lookup_id FROM pool ORDER BY position").fetchall()]


def pool_text(lookups: str | pa.Table, month: str) -> bytes:
    """The month's pool exactly as :func:`pool_digest` hashes it, for anyone to check a draw outside Probity."""
    with duckdb.connect() as con:
        return "".join(f"{value}\n" for value in _load_pool(con, lookups, month)).encode("ascii")


def draw_sample(
    lookups: str | pa.Table,
    *,
    month: str,
    sources: Sequence,
    rate: float = 0.01,
    minimum: int = 1,
    size: int | None = None,
    draw: DrawFunction = rfc3797_draw,
) -> Sample:
    """Draw the month's sample from ``lookups`` (a Parquet glob of the store, or an Arrow table).

    ``size`` fixes the number drawn (a re-run of a recorded draw); otherwise it follows ``rate``.
    """
    con = duckdb.connect()
    try:
        ids = _load_pool(con, lookups, month)
        size = min(size, len(ids)) if size is not None else sample_size(len(ids), rate, minimum)
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


@dataclass(frozen=True)
class Verification:
    """A recorded draw re-run against the store as it is now: empty ``problems`` means it stands."""

    pool_size: int
    pool_digest: str
    problems: list[str]


def verify_sample(
    lookups: str | pa.Table,
    *,
    month: str,
    sources: Sequence,
    pool_digest: str,
    drawn_ids: Sequence[int],
    draw: DrawFunction = rfc3797_draw,
) -> Verification:
    """Rebuild the month's pool, compare its digest, redraw with the same sources and compare the lookups."""
    again = draw_sample(lookups, month=month, sources=sources, size=len(drawn_ids), draw=draw)
    problems = []
    if again.pool_digest != pool_digest:
        problems.append(
            Message(
                "母體雜湊不符：抽籤時為 %(drawn)s，現在為 %(now)s"
                "（母體 %(size)s 筆；該月紀錄檔可能已重新匯入、補匯入或逾保存期限刪除）。",
                drawn=pool_digest,
                now=again.pool_digest,
                size=f"{again.pool_size:,}",
            )
        )
    redrawn = again.lookups.column("lookup_id").to_pylist()
    differing = [
        (order, recorded, now)
        for order, (recorded, now) in enumerate(zip(drawn_ids, redrawn, strict=False), start=1)
        if recorded != now
    ]
    problems += [
        Message(
            "第 %(order)s 筆：抽籤紀錄為查閱序號 %(recorded)s，重算為 %(now)s。",
            order=order,
            recorded=recorded,
            now=now,
        )
        for order, recorded, now in differing[:5]
    ]
    if len(differing) > 5:
        problems.append(Message("另有 %(more)s 筆抽出之查閱不符。", more=len(differing) - 5))
    if len(redrawn) != len(drawn_ids):
        problems.append(
            Message("抽出筆數不符：紀錄為 %(drawn)s 筆，重算為 %(now)s 筆。", drawn=len(drawn_ids), now=len(redrawn))
        )
    return Verification(pool_size=again.pool_size, pool_digest=again.pool_digest, problems=problems)
