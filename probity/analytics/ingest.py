# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""Ingest access logs (CSV in UTF-8 or Big5, JSON lines, Parquet) into partitioned Parquet.

The store is ``<root>/lookups/system=<key>/month=<YYYY-MM>/bucket=<n>/b<batch>_<tag>_<i>.parquet``:
one directory per system and month (retention purges whole months) and per
user bucket (a user's drill-down reads one bucket of one month). Every file
written by an import batch carries the batch number in its name, so a failed
or abandoned batch can be removed exactly. A batch is written into a temporary
directory first and moved into place file by file only once the whole input
has been read and checked: a malformed file leaves nothing behind.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from probity.analytics.keys import BUCKET_COLUMN, KEY_COLUMNS, file_pattern, stale_files
from probity.analytics.messages import Message
from probity.analytics.schema import LOOKUP_COLUMNS, REQUIRED_LOOKUP_COLUMNS

CHUNK = 4 * 1024 * 1024
# A dictionary pays only for the few-valued columns (action); trying one for accounts, subjects, reasons and
# terminals and then dropping it cost a tenth of the import.
PARQUET_OPTIONS = "ROW_GROUP_SIZE 250000, COMPRESSION zstd, COMPRESSION_LEVEL 1, DICTIONARY_SIZE_LIMIT 1000"
Progress = Callable[[str, float], None]  # (stage, fraction done 0..1)


class IngestError(Exception):
    """The file cannot be ingested; the message names the line when it can."""

    def __init__(self, message: Message, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ColumnMapping:
    """How one system's log names its columns: canonical name → the log's column name.

    ``actions`` maps the log's own action words (查詢, 列印, 匯出) to query/print/export;
    ``timestamp_format`` is a strptime format when the log does not write ISO times.
    """

    columns: dict[str, str]
    actions: dict[str, str] = field(default_factory=dict)
    timestamp_format: str | None = None
    delimiter: str = ","

    def __post_init__(self) -> None:
        unknown = set(self.columns) - set(LOOKUP_COLUMNS)
        if unknown:
            raise ValueError(f"unknown canonical columns: {sorted(unknown)}")
        missing = [name for name in REQUIRED_LOOKUP_COLUMNS if name not in self.columns]
        if missing:
            raise ValueError(f"the mapping must name the columns {missing}")

    @classmethod
    def from_dict(cls, data: dict) -> ColumnMapping:
        return cls(
            columns=dict(data["columns"]),
            actions=dict(data.get("actions") or {}),
            timestamp_format=data.get("timestamp_format") or None,
            delimiter=data.get("delimiter") or ",",
        )

    def as_dict(self) -> dict:
        return {
            "columns": self.columns,
            "actions": self.actions,
            "timestamp_format": self.timestamp_format,
            "delimiter": self.delimiter,
        }


@dataclass(frozen=True)
class IngestResult:
    rows: int
    months: list[str]
    files: list[str]
    sha256: str


def file_sha256(path: Path, progress: Progress | None = None) -> str:
    """The file's SHA-256, read in chunks (also how re-imports of the same file are recognised)."""
    digest = hashlib.sha256()
    size = max(1, path.stat().st_size)
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if progress:
                progress("hash", done / size)
    return digest.hexdigest()


def transcode_to_utf8(source: Path, target: Path, encoding: str, progress: Progress | None = None) -> None:
    """Stream ``source`` in ``encoding`` (e.g. big5, cp950) into a UTF-8 file, chunk by chunk."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    size = max(1, source.stat().st_size)
    done = 0
    line = 1
    with source.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        while chunk := src.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                bad_line = line + chunk[: exc.start].count(b"\n")
                raise IngestError(
                    Message("第 %(line)s 行不是 %(encoding)s 編碼的文字，無法讀取。", line=bad_line, encoding=encoding),
                    bad_line,
                ) from None
            line += text.count("\n")
            dst.write(text)
            done += len(chunk)
            if progress:
                progress("transcode", done / size)
        try:
            dst.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            raise IngestError(
                Message("第 %(line)s 行不是 %(encoding)s 編碼的文字（檔案結尾不完整）。", line=line, encoding=encoding),
                line,
            ) from None


def _csv_header(path: Path, delimiter: str) -> list[str]:
    with path.open("rb") as handle:
        raw = handle.readline()
    try:
        first = raw.decode("utf-8").lstrip("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError:
        raise IngestError(Message("第 1 行不是 UTF-8 編碼的文字；若是 Big5 檔案，請選擇 Big5 編碼。"), 1) from None
    if not first:
        raise IngestError(Message("檔案是空的，沒有標題列。"), 1)
    return [name.strip().strip('"') for name in first.split(delimiter)]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_CSV_TYPES = {"ts": "TIMESTAMP", "records": "INTEGER", "lookup_id": "BIGINT"}
_LABELS = {
    "ts": Message("查詢時間"),
    "user_id": Message("使用者帳號"),
    "subject_id": Message("當事人識別碼"),
}


def _source_relation(path: Path, fmt: str, mapping: ColumnMapping) -> tuple[str, list[str]]:
    """A DuckDB relation over the file; CSV columns are typed up front (fast, and errors name the line)."""
    if fmt == "csv":
        header = _csv_header(path, mapping.delimiter)
        typed = {source: _CSV_TYPES.get(canonical, "VARCHAR") for canonical, source in mapping.columns.items()}
        columns = "{" + ", ".join(f"{_literal(name)}: {_literal(typed.get(name, 'VARCHAR'))}" for name in header) + "}"
        options = f", timestampformat={_literal(mapping.timestamp_format)}" if mapping.timestamp_format else ""
        relation = (
            f"read_csv({_literal(str(path))}, columns={columns}, header=true, delim={_literal(mapping.delimiter)}, "
            f"quote='\"', escape='\"', auto_detect=false, strict_mode=true{options})"
        )
        return relation, header
    if fmt == "jsonl":
        relation = f"read_json({_literal(str(path))}, format='newline_delimited')"
    elif fmt == "parquet":
        relation = f"read_parquet({_literal(str(path))})"
    else:
        raise IngestError(Message("不支援的檔案格式：%(format)s", format=fmt))
    return relation, []


def _canonical_select(mapping: ColumnMapping, available: list[str], fmt: str) -> str:
    """SELECT list producing the canonical columns; a bad value raises an error naming its column."""
    missing = [source for source in mapping.columns.values() if available and source not in available]
    if missing:
        raise IngestError(Message("檔案缺少欄位：%(columns)s（請檢查欄位對應）。", columns="、".join(missing)), 1)

    def col(canonical: str) -> str:
        source = mapping.columns.get(canonical)
        return _quote(source) if source else "NULL"

    def typed(canonical: str, duck_type: str) -> str:
        if fmt == "csv" or canonical not in mapping.columns:
            return col(canonical) if canonical in mapping.columns else "NULL"
        return f"CAST({col(canonical)} AS {duck_type})"

    if mapping.timestamp_format and fmt != "csv":
        ts = f"strptime(CAST({col('ts')} AS VARCHAR), {_literal(mapping.timestamp_format)})"
    else:
        ts = typed("ts", "TIMESTAMP")
    action_raw = f"trim(CAST({col('action')} AS VARCHAR))"
    action_cases = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in mapping.actions.items())
    action = (
        f"CASE {action_raw} {action_cases} ELSE lower({action_raw}) END" if action_cases else f"lower({action_raw})"
    )
    user = f"trim(CAST({col('user_id')} AS VARCHAR))"
    subject = f"upper(trim(CAST({col('subject_id')} AS VARCHAR)))"
    lookup_id = typed("lookup_id", "BIGINT") if "lookup_id" in mapping.columns else "_batch_base + _line"
    return ",\n".join(
        [
            f"{lookup_id} AS lookup_id",
            f"CASE WHEN {ts} IS NOT NULL THEN {ts} ELSE error('#ts') END AS ts",
            f"CASE WHEN nullif({user}, '') IS NOT NULL THEN {user} ELSE error('#user_id') END AS user_id",
            f"coalesce(nullif({action}, ''), 'query') AS action",
            f"CASE WHEN nullif({subject}, '') IS NOT NULL THEN {subject} ELSE error('#subject_id') END AS subject_id",
            f"trim(CAST({col('reason')} AS VARCHAR)) AS reason",
            f"trim(CAST({col('client')} AS VARCHAR)) AS client",
            f"coalesce({typed('records', 'INTEGER')}, 1) AS records",
        ]
    )


def _first_bad_line(con, relation: str, mapping: ColumnMapping, canonical: str, header_lines: int) -> int | None:
    """Only after a failure: find the first line where a required column is empty."""
    source = _quote(mapping.columns[canonical])
    row = con.execute(
        f"SELECT min(_line) FROM (SELECT {source} AS v, row_number() OVER () + {header_lines} AS _line "
        f"FROM {relation}) WHERE v IS NULL OR trim(CAST(v AS VARCHAR)) = ''"
    ).fetchone()
    return row[0] if row else None


def _duckdb_error(exc: Exception, locate) -> IngestError:
    text = str(exc)
    own = re.search(r"#(ts|user_id|subject_id)", text)
    if own:
        canonical = own.group(1)
        line = locate(canonical)
        if line:
            return IngestError(
                Message("第 %(line)s 行：%(column)s空白或無法辨識。", line=line, column=_LABELS[canonical]), line
            )
        return IngestError(Message("檔案中有一列：%(column)s空白或無法辨識。", column=_LABELS[canonical]))
    found = re.search(r"CSV Error on Line: (\d+)", text)
    if found:
        line = int(found.group(1))
        columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        if columns:
            expected, actual = int(columns.group(1)), int(columns.group(2))
            message = Message(
                "第 %(line)s 行：應有 %(expected)s 個欄位，實際為 %(actual)s 個。",
                line=line,
                expected=expected,
                actual=actual,
            )
            return IngestError(message, line)
        value = re.search(r'converting column "([^"]+)"\. Could not convert string "([^"]*)"', text)
        if value:
            message = Message(
                "第 %(line)s 行：欄位「%(column)s」的值「%(value)s」格式不正確。",
                line=line,
                column=value.group(1),
                value=value.group(2),
            )
            return IngestError(message, line)
        return IngestError(Message("第 %(line)s 行格式錯誤，無法讀取。", line=line), line)
    return IngestError(Message("檔案無法讀取：%(detail)s", detail=text.splitlines()[0][:200]))


def connect(memory_limit: str = "4GB", temp_dir: Path | None = None, threads: int | None = None):
    """A DuckDB connection with a memory ceiling; beyond it DuckDB spills to ``temp_dir``."""
    con = duckdb.connect()
    con.execute(f"SET memory_limit = {_literal(memory_limit)}")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = {_literal(str(temp_dir))}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def ingest(
    path: Path | str,
    *,
    root: Path | str,
    system: str,
    mapping: ColumnMapping,
    batch: int,
    fmt: str | None = None,
    encoding: str = "utf-8",
    progress: Progress | None = None,
    memory_limit: str = "4GB",
    sha256: str | None = None,
) -> IngestResult:
    """Convert one log file into the partitioned store under ``root``; all of it or nothing.

    ``sha256`` is the file's digest when the caller has it already; otherwise it is computed in a
    thread beside the conversion (hashlib releases the GIL, so the two overlap).
    """
    source = Path(path)
    root = Path(root)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", system):
        raise ValueError("system keys are lower-case letters, digits, - and _")
    fmt = fmt or {".csv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet"}.get(
        source.suffix.lower(), "csv"
    )
    work = root / ".incoming" / f"b{batch}-{uuid.uuid4().hex[:8]}"
    work.mkdir(parents=True)
    hasher = ThreadPoolExecutor(max_workers=1)
    digest = hasher.submit(lambda: sha256 or file_sha256(source))
    try:
        readable = source
        if fmt in ("csv", "jsonl") and codecs.lookup(encoding).name != "utf-8":
            readable = work / "utf8.txt"
            transcode_to_utf8(source, readable, encoding, progress)
        relation, header = _source_relation(readable, fmt, mapping)
        select = _canonical_select(mapping, header, fmt)
        if progress:
            progress("convert", 0.0)
        out = work / "out"
        con = connect(memory_limit, root / ".tmp")
        if "lookup_id" in mapping.columns:
            # Rows carry their own serial, so the writer need not keep file order (faster, less memory).
            con.execute("SET preserve_insertion_order = false")
        try:
            # row_number() over () streams in file order: it is the data line (+1 for a CSV header).
            # It is only computed when the log has no serial number of its own.
            header_lines = 1 if fmt == "csv" else 0
            numbered = (
                ""
                if "lookup_id" in mapping.columns
                else f", row_number() OVER () + {header_lines} AS _line, CAST({int(batch)} AS BIGINT) << 32 AS _batch_base"
            )
            query = f"""
              WITH src AS (SELECT *{numbered} FROM {relation}),
              canon AS (SELECT {select} FROM src)
              SELECT *, {BUCKET_COLUMN}
              FROM (SELECT *, {KEY_COLUMNS}, strftime(ts, '%Y-%m') AS month FROM canon)
            """
            pattern = file_pattern(f"b{int(batch)}")
            con.execute(
                f"COPY ({query}) TO {_literal(str(out))} "
                f"(FORMAT parquet, PARTITION_BY (month, bucket), FILENAME_PATTERN '{pattern}', {PARQUET_OPTIONS})"
            )
            written = list(out.rglob("*.parquet"))
            rows = (
                con.execute(f"SELECT count(*) FROM read_parquet({_literal(str(out / '**' / '*.parquet'))})").fetchone()[
                    0
                ]
                if written
                else 0
            )
        except duckdb.Error as exc:
            raise _duckdb_error(
                exc, lambda canonical: _first_bad_line(con, relation, mapping, canonical, header_lines)
            ) from None
        finally:
            con.close()
        with store_lock(root, system):
            moved = _move_into_place(out, root / "lookups" / f"system={system}")
        months = sorted({part.split("=", 1)[1] for f in moved for part in Path(f).parts if part.startswith("month=")})
        if progress:
            progress("done", 1.0)
        return IngestResult(rows=rows, months=months, files=moved, sha256=digest.result())
    finally:
        hasher.shutdown(wait=True)
        shutil.rmtree(work, ignore_errors=True)


def _move_into_place(out: Path, target: Path) -> list[str]:
    """Rename each finished file into the store (same file system: each rename is atomic)."""
    moved = []
    for file in sorted(out.rglob("*.parquet")):
        destination = target / file.relative_to(out)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, destination)
        moved.append(str(destination))
    return moved


class StoreBusyError(Exception):
    """A system's store is being rewritten (a rekey or the retention purge) and a reader would not wait."""

    def __init__(self, system: str):
        super().__init__(system)
        self.system = system


@contextlib.contextmanager
def store_lock(root: Path | str, system: str, *, exclusive: bool = False, timeout: float | None = None):
    """A system's store, locked across processes: imports move files in and readers read under a shared
    lock, and what rewrites or deletes whole months (the rekey, the retention purge) holds it alone, so that
    no reader sees a month half-swapped or a file vanish under it.

    A rewrite waiting for the store goes first: every taker passes a gate, which a waiting rewrite holds
    alone, so readers arriving after it queue behind it instead of holding it off for as long as they keep
    coming. ``timeout`` is how long to wait in all (None: as long as it takes); past it,
    :class:`StoreBusyError`."""
    locks = Path(root) / "lookups" / ".locks"  # beside the systems' folders: those hold only months
    locks.mkdir(parents=True, exist_ok=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    with (locks / f"{system}.gate").open("a") as gate, (locks / f"{system}.lock").open("a") as handle:
        _acquire(gate, mode, deadline, system)
        try:
            _acquire(handle, mode, deadline, system)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle, mode: int, deadline: float | None, system: str) -> None:
    if deadline is None:
        fcntl.flock(handle, mode)
        return
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusyError(system) from None
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))


def remove_batch(root: Path | str, system: str, batch: int) -> int:
    """Delete every file a batch wrote (an import that failed half-way is restarted after this)."""
    removed = 0
    with store_lock(root, system):
        for file in (Path(root) / "lookups" / f"system={system}").rglob(f"b{int(batch)}_*.parquet"):
            file.unlink()
            removed += 1
    return removed


def purge_months_before(root: Path | str, month: str) -> list[str]:
    """Remove whole months older than ``month`` (YYYY-MM) for every system: the retention purge."""
    removed = []
    for directory in sorted((Path(root) / "lookups").glob("system=*/month=*")):
        if directory.name.split("=", 1)[1] < month:
            with store_lock(root, directory.parent.name.split("=", 1)[1], exclusive=True):
                shutil.rmtree(directory)
            removed.append(str(directory))
    return removed


def months_held(root: Path | str, system: str) -> set[str]:
    """The months (YYYY-MM) of which the store holds a system's lookups: the retention purge removes whole months."""
    return {
        directory.name.split("=", 1)[1] for directory in (Path(root) / "lookups" / f"system={system}").glob("month=*")
    }


def stale_months(root: Path | str, system: str) -> dict[str, int]:
    """Per month (YYYY-MM), how many of a system's files another DuckDB hash wrote (see ``keys``)."""
    files = [str(f) for f in sorted((Path(root) / "lookups" / f"system={system}").glob("month=*/bucket=*/*.parquet"))]
    counts: dict[str, int] = {}
    for file in stale_files(files):
        month = Path(file).parent.parent.name.split("=", 1)[1]
        counts[month] = counts.get(month, 0) + 1
    return counts


def _rekey_dir(root: Path | str, system: str) -> Path:
    """Where a rekey builds its months: in the store (renames stay on one file system), outside the systems."""
    return Path(root) / "lookups" / ".rekey" / f"system={system}"


def _rekey_month(root: Path | str, system: str, month: str, memory_limit: str = "4GB") -> int:
    """Rewrite one month of a system with this DuckDB's keys and buckets; returns its rows.

    Each batch's rows keep their batch number in the new files' names. The new month is built under ``.rekey``
    and swapped in by two renames (``rekey_store`` finishes a swap a crash cut short)."""
    live, work = Path(root) / "lookups" / f"system={system}" / f"month={month}", _rekey_dir(root, system)
    fresh, old = work / f"month={month}", work / f"old-{month}"
    shutil.rmtree(fresh, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    batches: dict[str, list[str]] = {}
    for file in sorted(live.glob("bucket=*/*.parquet")):
        batches.setdefault(file.name.split("_", 1)[0], []).append(str(file))
    columns = ", ".join(LOOKUP_COLUMNS)
    con = connect(memory_limit, Path(root) / ".tmp")
    rows = 0
    try:
        for batch, files in batches.items():
            rows += con.execute(
                f"COPY (SELECT *, {BUCKET_COLUMN} FROM (SELECT {columns}, {KEY_COLUMNS} "
                f"FROM read_parquet(?, hive_partitioning=false, union_by_name=true))) TO {_literal(str(fresh))} "
                f"(FORMAT parquet, PARTITION_BY (bucket), FILENAME_PATTERN '{file_pattern(batch)}', "
                f"OVERWRITE_OR_IGNORE true, {PARQUET_OPTIONS})",
                [files],
            ).fetchone()[0]
    finally:
        con.close()
    os.replace(live, old)
    if fresh.exists():
        os.replace(fresh, live)
    shutil.rmtree(old)
    return rows


def rekey_store(root: Path | str, system: str, memory_limit: str = "4GB") -> dict[str, int]:
    """Rewrite every month of a system that holds stale files; returns the rows of each month rewritten.

    The store is locked meanwhile: an import that finishes during the rewrite moves its files in after it."""
    base = Path(root) / "lookups" / f"system={system}"
    with store_lock(root, system, exclusive=True):
        for leftover in sorted(_rekey_dir(root, system).glob("*")):
            live = base / leftover.name
            if leftover.name.startswith("month=") and not live.exists():
                os.replace(leftover, live)  # a crash came between a month's two renames: the new month was complete
            else:
                shutil.rmtree(leftover)
        return {month: _rekey_month(root, system, month, memory_limit) for month in sorted(stale_months(root, system))}


def lookups_glob(root: Path | str, system: str | None = None) -> str:
    system_part = f"system={system}" if system else "system=*"
    return str(Path(root) / "lookups" / system_part / "month=*" / "bucket=*" / "*.parquet")


def has_lookups(root: Path | str, system: str | None = None) -> bool:
    base = Path(root) / "lookups"
    pattern = f"system={system}/month=*/bucket=*/*.parquet" if system else "system=*/month=*/bucket=*/*.parquet"
    return any(base.glob(pattern))
