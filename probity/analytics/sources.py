# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""Bulk loaders for the source tables (users, subjects, explanations, relatives, holidays).

A source file is CSV (UTF-8 or Big5) or Parquet whose header names the
canonical columns, in English or with the Chinese headers below. It is checked
as a whole and written as one Parquet file, atomically (temporary file, then
rename), so a bad file never replaces a good table. A file either replaces its
table or is merged into it (a month's query register added to the earlier ones,
say): see ``MERGE_KEYS``.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from probity.analytics.calendar import KIND_SPELLINGS
from probity.analytics.ingest import IngestError, _csv_header, _duckdb_error, _literal, _quote, transcode_to_utf8
from probity.analytics.messages import Message
from probity.analytics.schema import MERGE_KEYS, SOURCE_COLUMNS, source_select

CHINESE_HEADERS = {
    "users": {
        "帳號": "user_id",
        "身分證號": "person_id",
        "姓名": "name",
        "姓": "surname",
        "戶籍地址": "address",
        "單位": "unit",
        "職稱": "role",
        "轄區": "area",
    },
    "subjects": {
        "當事人統號": "subject_id",
        "姓名": "name",
        "姓": "surname",
        "戶籍地址": "address",
        "區域": "area",
        "重要人士": "vip",
        "任職單位": "staff_unit",
    },
    "explanations": {
        "帳號": "user_id",
        "當事人統號": "subject_id",
        "文號": "doc_no",
        "起日": "valid_from",
        "迄日": "valid_to",
        "類別": "kind",
    },
    "relatives": {"身分證號": "person_id", "親屬身分證號": "relative_id", "關係": "relation", "依據": "basis"},
    "holidays": {"日期": "date", "名稱": "name", "類別": "kind"},
}
REQUIRED = {
    "users": ("user_id", "person_id"),
    "subjects": ("subject_id",),
    "explanations": ("user_id", "subject_id", "doc_no"),
    "relatives": ("person_id", "relative_id"),
    "holidays": ("date", "kind"),
}

# Columns whose values the rules compare with fixed words: each accepted spelling and the word it stands for.
# Anything else is refused by line, for a holiday kind the rules do not know would be ignored in silence.
CODED = {("holidays", "kind"): KIND_SPELLINGS}
YES_NO = {
    **dict.fromkeys(("1", "true", "t", "y", "yes", "是", "v"), True),
    **dict.fromkeys(("0", "false", "f", "n", "no", "否"), False),
}
CODED_HINT = {("holidays", "kind"): Message("holiday（放假）或 workday（補行上班）")}
YES_NO_HINT = Message("是、否、Y、N、1 或 0")


@dataclass(frozen=True)
class SourceLoad:
    rows: int  # the file's
    total: int  # the table's after the load: the file's own when it replaced the table


def load_source(
    kind: str, path: Path | str, target: Path | str, *, encoding: str = "utf-8", merge: bool = False
) -> SourceLoad:
    """Check ``path`` and write it as the Parquet source table ``target``, or merged into it."""
    if kind not in SOURCE_COLUMNS:
        raise ValueError(f"unknown source kind {kind!r}")
    source, target = Path(path), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    utf8 = None
    try:
        if source.suffix.lower() == ".parquet":
            relation = f"read_parquet({_literal(str(source))})"
            with duckdb.connect() as probe:
                header = [row[0] for row in probe.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
        else:
            if codecs.lookup(encoding).name != "utf-8":
                utf8 = staging.with_suffix(".csv")
                transcode_to_utf8(source, utf8, encoding)
            readable = utf8 or source
            header = _csv_header(readable, ",")
            columns = "{" + ", ".join(f"{_literal(h)}: 'VARCHAR'" for h in header) + "}"
            relation = (
                f"read_csv({_literal(str(readable))}, columns={columns}, header=true, delim=',', quote='\"', "
                "escape='\"', auto_detect=false, strict_mode=true)"
            )
        aliases = CHINESE_HEADERS[kind]
        present = {aliases.get(h, h): h for h in header}
        missing = [c for c in REQUIRED[kind] if c not in present]
        if missing:
            raise IngestError(Message("檔案缺少必要欄位：%(columns)s。", columns="、".join(missing)), 1)
        hints = {}
        selects = []
        for column, duck_type in SOURCE_COLUMNS[kind].items():
            if column not in present:
                selects.append(f"CAST(NULL AS {duck_type}) AS {column}")
                continue
            raw = f"CAST({_quote(present[column])} AS VARCHAR)"
            value = f"TRY_CAST(nullif(trim({raw}), '') AS {duck_type})"
            spellings, hints[column] = (
                (YES_NO, YES_NO_HINT)
                if duck_type == "BOOLEAN"
                else (CODED.get((kind, column)), CODED_HINT.get((kind, column)))
            )
            if spellings:
                value = _coded_value(raw, spellings)
            check = f"nullif(trim({raw}), '') IS NOT NULL AND {value} IS NULL"
            if column in REQUIRED[kind]:
                check = f"nullif(trim({raw}), '') IS NULL OR {value} IS NULL"
            refused = f"json_object('line', _line, 'column', {_literal(column)}, 'value', coalesce({raw}, ''))"
            selects.append(f"CASE WHEN {check} THEN error('#refused' || {refused}) ELSE {value} END AS {column}")
        header_lines = 0 if source.suffix.lower() == ".parquet" else 1
        query = f"SELECT {', '.join(selects)} FROM (SELECT *, row_number() OVER () + {header_lines} AS _line FROM {relation})"
        con = duckdb.connect()
        try:
            con.execute(f"CREATE TEMP TABLE incoming AS {query}")
            rows = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
            table = _merged(con, kind, target) if merge and target.exists() else "SELECT * FROM incoming"
            con.execute(f"COPY ({table}) TO {_literal(str(staging))} (FORMAT parquet)")
            total = con.execute(f"SELECT count(*) FROM read_parquet({_literal(str(staging))})").fetchone()[0]
        except duckdb.Error as exc:
            raise _refused_value(exc, present, hints) or _duckdb_error(exc, lambda canonical: None) from None
        finally:
            con.close()
        os.replace(staging, target)
        return SourceLoad(rows=rows, total=total)
    finally:
        staging.unlink(missing_ok=True)
        if utf8 is not None:
            utf8.unlink(missing_ok=True)


def _refused_value(exc: duckdb.Error, present: dict, hints: dict) -> IngestError | None:
    """The error for a value the check refused: its line, the file's own column name and what may be written."""
    found = re.search(r"#refused(\{.*\})", str(exc))
    if not found:
        return None
    refused = json.loads(found.group(1))
    column, line = refused["column"], int(refused["line"])
    hint = Message("可填：%(expected)s。", expected=hints[column]) if hints.get(column) else ""
    message = Message(
        "第 %(line)s 行：欄位「%(column)s」的值「%(value)s」不正確或空白。%(hint)s",
        line=line,
        column=present[column],
        value=refused["value"],
        hint=hint,
    )
    return IngestError(message, line)


def _coded_value(raw: str, spellings: dict) -> str:
    """Each accepted spelling (trimmed, in any case) read as its value; NULL for anything else."""
    whens = " ".join(
        f"WHEN {_literal(k)} THEN {_literal(v) if isinstance(v, str) else str(v).lower()}" for k, v in spellings.items()
    )
    return f"(CASE lower(trim({raw})) {whens} END)"


def _merged(con, kind: str, target: Path) -> str:
    """The table ``target`` with the checked file (``incoming``) merged in."""
    relation = f"read_parquet({_literal(str(target))}, union_by_name=true)"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
    current = f"SELECT {source_select(kind, present)} FROM {relation}"
    keys = MERGE_KEYS.get(kind)
    if keys is None:
        return f"{current} UNION SELECT * FROM incoming"
    match = " AND ".join(f"c.{key} = i.{key}" for key in keys)
    return f"SELECT * FROM ({current}) c ANTI JOIN incoming i ON {match} UNION ALL SELECT * FROM incoming"
