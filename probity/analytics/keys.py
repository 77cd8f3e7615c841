"""The store's join keys and the DuckDB that wrote them.

Ingest stores ``user_key``, ``subject_key`` and ``reason_key`` (DuckDB's 64-bit ``hash()`` of the account,
the subject and the reason) and files each lookup under ``bucket = user_key % 16``, so that the rules join on
integers and a drill-down reads one bucket. DuckDB's ``hash()`` is its hash tables' function and is not kept
stable across releases (it changed in 1.3.0, duckdb/duckdb#17596). Each file's name therefore carries a tag of
the hash that wrote it (``b<batch>_<tag>_<n>.parquet``), so that checking a store reads no file. A file written
under another hash is *stale*: the rules then hash the strings instead of trusting its keys, a drill-down reads
every stale file of its months, and ``manage.py rekey_access_store`` rewrites the stale months with today's keys
and buckets.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import duckdb

BUCKETS = 16
# The key expressions over the canonical columns: the same at ingest and when a stale month is rewritten.
KEY_COLUMNS = (
    "hash(user_id) AS user_key, hash(subject_id) AS subject_key, "
    "CASE WHEN coalesce(reason, '') <> '' THEN hash(reason) END AS reason_key"
)
# Over a row that has its keys: the bucket a user's lookups are filed under.
BUCKET_COLUMN = f"CAST(user_key % {BUCKETS} AS INTEGER) AS bucket"
# Both forms the rules use: hash of a string, and hash of two keys (a user–subject pair).
_PROBE = "SELECT CAST(hash('probity') AS VARCHAR) || '-' || CAST(hash(hash('user'), hash('subject')) AS VARCHAR)"


@functools.cache
def key_tag() -> str:
    """This DuckDB's hash, in a file name: ``k`` and 8 hex digits of what ``hash()`` makes of fixed probes."""
    with duckdb.connect() as con:
        probe = con.execute(_PROBE).fetchone()[0]
    return "k" + hashlib.sha256(probe.encode()).hexdigest()[:8]


def file_pattern(batch: str) -> str:
    """The COPY file name pattern of a batch's files (``batch`` is ``b<number>``), tagged with today's hash."""
    return f"{batch}_{key_tag()}_{{i}}"


def is_stale(file: str | Path) -> bool:
    """Whether another hash wrote the file's keys: its name lacks today's tag (or any, from before tags)."""
    parts = Path(file).stem.split("_")
    return len(parts) != 3 or parts[1] != key_tag()


def stale_files(files: list[str]) -> list[str]:
    return [f for f in files if is_stale(f)]
