# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""The audit rules: each one a DuckDB query over the lookups, each alert saying why in Chinese.

Rules are data: :data:`DEFAULT_RULES` gives every rule's ``enabled``, ``weight``
and ``params``; a system's settings override them key by key. An alert's score
is its rule's weight; alerts are then summed per user and month.

Inputs are Arrow tables or Parquet paths (the library knows nothing of the
web application): the lookups and the source tables described in ``schema``.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from probity.analytics.calendar import covered_years, load_holidays, uncovered_years
from probity.analytics.keys import stale_files
from probity.analytics.messages import Message
from probity.analytics.schema import ACTIONS, SOURCE_COLUMNS, source_select

RULE_LABELS = {
    "unexplained": Message("無事由或無案可稽之查閱"),
    "relationship": Message("查閱本人、同仁、同戶或親屬、重要人士"),
    "offhours": Message("下班時間或假日查閱"),
    "volume": Message("單日查閱量異常"),
    "area": Message("首次查閱轄區外當事人"),
    "bulk": Message("批次匯出或列印"),
    "repeat": Message("重複發生"),
}
DEFAULT_RULES: dict[str, dict] = {
    "unexplained": {"enabled": True, "weight": 3.0, "params": {"check_reason": True}},
    "relationship": {
        "enabled": True,
        "weight": 5.0,
        "params": {"self": True, "coworker": True, "household": True, "relative": True, "vip": True},
    },
    "offhours": {"enabled": True, "weight": 1.0, "params": {"start": "08:00", "end": "18:00"}},
    "volume": {
        "enabled": True,
        "weight": 3.0,
        "params": {
            "history_days": 30,
            "z": 4.0,
            "min_sd": 2.0,
            "min_count": 30,
            "peer_factor": 2.0,
            "min_history_days": 10,
        },
    },
    "area": {"enabled": True, "weight": 1.0, "params": {"usual_share": 0.05}},
    "bulk": {"enabled": True, "weight": 2.0, "params": {"min_records": 100, "actions": ["print", "export"]}},
    "repeat": {
        "enabled": True,
        "weight": 4.0,
        "params": {"min_days": 3, "rules": ["unexplained", "relationship", "bulk", "volume"]},
    },
}
ALERT_SCHEMA = pa.schema(
    [
        ("rule", pa.string()),
        ("kind", pa.string()),
        ("lookup_id", pa.int64()),
        ("user_id", pa.string()),
        ("subject_id", pa.string()),
        ("ts", pa.timestamp("us")),
        ("day", pa.date32()),
        ("score", pa.float64()),
        ("reason", pa.string()),
        # The values the reason names, as a JSON object, so that a page can say the same in its own language.
        ("facts", pa.string()),
    ]
)


@dataclass(frozen=True)
class Param:
    """What one rule parameter takes: ``kind`` is bool, int, float (within low–high), time ("HH:MM"),
    actions (some of ACTIONS) or rules (some of the rules other than repeat)."""

    kind: str
    low: float | None = None
    high: float | None = None


WEIGHT_RANGE = (0, 100)
REPEATABLE_RULES = ("unexplained", "relationship", "offhours", "volume", "area", "bulk")
PARAMS: dict[str, dict[str, Param]] = {
    "unexplained": {"check_reason": Param("bool")},
    "relationship": {
        "self": Param("bool"),
        "coworker": Param("bool"),
        "household": Param("bool"),
        "relative": Param("bool"),
        "vip": Param("bool"),
    },
    "offhours": {"start": Param("time"), "end": Param("time")},
    "volume": {
        "history_days": Param("int", 7, 365),
        "z": Param("float", 0.5, 20),
        "min_sd": Param("float", 0, 1000),
        "min_count": Param("int", 1, 100_000),
        "peer_factor": Param("float", 1, 100),
        "min_history_days": Param("int", 1, 365),
    },
    "area": {"usual_share": Param("float", 0, 1)},
    "bulk": {
        "min_records": Param("int", 1, 1_000_000),
        "actions": Param("actions"),
    },
    "repeat": {
        "min_days": Param("int", 1, 366),
        "rules": Param("rules"),
    },
}


class RuleSettingsError(ValueError):
    """Settings a run cannot use; ``messages`` name each rule and parameter."""

    def __init__(self, messages: list[Message]):
        super().__init__("；".join(messages))
        self.messages = messages


def _param_problem(param: Param, value) -> Message | None:
    """Why ``value`` cannot be this parameter, or None."""
    if param.kind == "bool":
        return None if isinstance(value, bool) else Message("須為是或否")
    if param.kind in ("int", "float"):
        number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        if not number or (param.kind == "int" and value != int(value)):
            return Message("須為整數") if param.kind == "int" else Message("須為數字")
        if not param.low <= value <= param.high:
            return Message("須介於 %(low)s 與 %(high)s 之間", low=f"{param.low:g}", high=f"{param.high:g}")
        return None
    if param.kind == "time":
        try:
            dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            return Message("須為 HH:MM 形式的時間")
        return None if len(value) == 5 else Message("須為 HH:MM 形式的時間")
    allowed = ACTIONS if param.kind == "actions" else REPEATABLE_RULES
    if not isinstance(value, list) or not all(item in allowed for item in value):
        return Message("只能是：%(allowed)s", allowed="、".join(allowed))
    return None


def check_rules(overrides: dict) -> None:
    """Refuse settings that name an unknown rule or parameter, or give a value the rule cannot use."""
    problems = []
    for key, setting in overrides.items():
        if key not in DEFAULT_RULES or not isinstance(setting, dict):
            problems.append(
                Message("沒有「%(rule)s」這條規則", rule=key)
                if key not in DEFAULT_RULES
                else Message("%(rule)s：設定須為物件", rule=RULE_LABELS[key])
            )
            continue
        label = RULE_LABELS[key]
        if set(setting) - {"enabled", "weight", "params"}:
            problems.append(Message("%(rule)s：只能設定 enabled、weight 與 params", rule=label))
        if "enabled" in setting and not isinstance(setting["enabled"], bool):
            problems.append(Message("%(rule)s：啟用須為是或否", rule=label))
        if "weight" in setting and _param_problem(Param("float", *WEIGHT_RANGE), setting["weight"]):
            problems.append(Message("%(rule)s：權重須為 0 到 100 的數字", rule=label))
        params = setting.get("params") or {}
        if not isinstance(params, dict):
            problems.append(Message("%(rule)s：params 須為物件", rule=label))
            continue
        for name, value in params.items():
            spec = PARAMS[key].get(name)
            if spec is None:
                problems.append(Message("%(rule)s：沒有「%(param)s」這個參數", rule=label, param=name))
            elif why := _param_problem(spec, value):
                problems.append(Message("%(rule)s：參數 %(param)s %(problem)s", rule=label, param=name, problem=why))
    if problems:
        raise RuleSettingsError(problems)


def merged_rules(overrides: dict | None) -> dict[str, dict]:
    """DEFAULT_RULES with a system's settings laid over it (params merged key by key)."""
    overrides = overrides or {}
    check_rules(overrides)
    rules = copy.deepcopy(DEFAULT_RULES)
    for key, setting in overrides.items():
        rules[key]["enabled"] = setting.get("enabled", rules[key]["enabled"])
        rules[key]["weight"] = float(setting.get("weight", rules[key]["weight"]))
        rules[key]["params"].update(setting.get("params") or {})
    start, end = rules["offhours"]["params"]["start"], rules["offhours"]["params"]["end"]
    if start >= end:
        raise RuleSettingsError([Message("%(rule)s：上班時間起須早於上班時間迄", rule=RULE_LABELS["offhours"])])
    return rules


@dataclass
class AuditInput:
    """What a run reads. ``lookups`` is a Parquet path/glob or an Arrow table in the canonical shape."""

    lookups: str | Path | pa.Table
    users: str | Path | pa.Table | None = None
    subjects: str | Path | pa.Table | None = None
    explanations: str | Path | pa.Table | None = None
    relatives: str | Path | pa.Table | None = None
    holidays: str | Path | pa.Table | None = None
    prior_offenders: list[str] = field(default_factory=list)


@dataclass
class AuditResult:
    alerts: pa.Table
    user_scores: pa.Table
    lookups: int
    alerted_by_rule: dict[str, int]
    # Per peer group (unit and role in the users table) and day of the window: the users who looked
    # anything up and their lookups. A drill-down sets an account's days beside its peers' mean.
    peer_days: pa.Table
    # Years of the window that the holiday table does not list (the off-hours rule sees weekends only there).
    uncovered_years: list[int] = field(default_factory=list)


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


# The hashed keys each source table carries beside its columns (the rules join on them, not on strings).
# A collision between two different (user, subject) pairs is possible in principle; at 2^-64 per pair it
# is far below any error that matters for an alert queue.
SOURCE_KEYS = {
    "users": "hash(user_id) AS user_key",
    "subjects": "hash(subject_id) AS subject_key",
    "explanations": "hash(hash(user_id), hash(subject_id)) AS pair_key",
}


def _register(con, name: str, source) -> None:
    """A temp table ``name`` with the schema's columns (and its keys); an empty one when the source is missing.

    A column the source lacks (one added to the schema after the file was loaded) reads as NULL."""
    if source is None:
        relation, present = "(SELECT 1 WHERE false)", set()
    elif isinstance(source, pa.Table):
        con.register(f"{name}_arrow", source)
        relation, present = f"{name}_arrow", set(source.column_names)
    else:
        relation = f"read_parquet({_lit(str(source))}, union_by_name=true)"
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
    cols = source_select(name, present)
    keys = f", {SOURCE_KEYS[name]}" if name in SOURCE_KEYS else ""
    # Source tables are small beside the log: load them once rather than re-reading files per rule.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT *{keys} FROM (SELECT {cols} FROM {relation})")


def _lookup_files(con, source) -> list[str] | None:
    """The files of the lookups as they are when the run starts (None for an Arrow table). Every pass of the
    run reads this one list, so an import that moves files in meanwhile is seen by none of them, not by some."""
    if isinstance(source, pa.Table):
        return None
    files = [row[0] for row in con.execute(f"SELECT file FROM glob({_lit(str(source))}) ORDER BY file").fetchall()]
    if not files:
        raise ValueError(f"no lookups match {source}")
    return files


def _file_list(files: list[str]) -> str:
    return "[" + ", ".join(_lit(file) for file in files) + "]"


def _lookup_relation(files: list[str] | None) -> str:
    if files is None:
        return "lookups_arrow"
    return f"read_parquet({_file_list(files)}, hive_partitioning=true, union_by_name=true)"


STORED_KEYS = ("user_key", "subject_key", "reason_key")


def _stored_keys(con, source, files: list[str] | None) -> set[str]:
    """The key columns that every file of the store carries (older batches may lack some), and none when a
    file's keys come from another DuckDB's hash: the strings are hashed again then (see ``keys``)."""
    if files is None:
        return set(source.column_names) & set(STORED_KEYS)
    if stale_files(files):
        return set()
    having = con.execute(
        f"SELECT name, count(DISTINCT file_name) FROM parquet_schema({_file_list(files)}) "
        f"WHERE name IN ({', '.join(_lit(k) for k in STORED_KEYS)}) GROUP BY name"
    ).fetchall()
    return {name for name, count in having if count == len(files)}


def _prepare(con, inputs: AuditInput, start: dt.date, end: dt.date, lookback_days: int) -> None:
    for name in SOURCE_COLUMNS:
        source = getattr(inputs, name)
        if name == "holidays" and source is None:
            source = load_holidays()
        _register(con, name, source)
    if isinstance(inputs.lookups, pa.Table):
        con.register("lookups_arrow", inputs.lookups)
    first = start - dt.timedelta(days=lookback_days)
    month_filter = ""
    if not isinstance(inputs.lookups, pa.Table) and "month=" in str(inputs.lookups):
        month_filter = f"AND month BETWEEN {_lit(first.strftime('%Y-%m'))} AND {_lit(end.strftime('%Y-%m'))}"
    con.execute(f"SET VARIABLE window_start = TIMESTAMP {_lit(start.isoformat())}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE docs AS "
        "SELECT DISTINCT hash(doc_no) AS doc_key FROM explanations WHERE coalesce(doc_no, '') <> ''"
    )
    files = _lookup_files(con, inputs.lookups)
    relation = _lookup_relation(files)
    stored = _stored_keys(con, inputs.lookups, files)
    user_key = "l.user_key" if "user_key" in stored else "hash(l.user_id)"
    subject_key = "l.subject_key" if "subject_key" in stored else "hash(l.subject_id)"
    reason_key = (
        "l.reason_key" if "reason_key" in stored else "CASE WHEN coalesce(l.reason, '') <> '' THEN hash(l.reason) END"
    )
    where = (
        f"WHERE l.ts >= TIMESTAMP {_lit(first.isoformat())} "
        f"AND l.ts < TIMESTAMP {_lit((end + dt.timedelta(days=1)).isoformat())} {month_filter}"
    )
    # Two views over the same rows. The rules read only ``ev``: keys, times and numbers, cheap to decode.
    # The strings (account, subject, reason) are read once at the end, for the alerted lookups only.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW ev AS
        SELECT l.lookup_id, l.ts, CAST(l.ts AS DATE) AS day, l.action, coalesce(l.records, 1) AS records,
               {user_key} AS user_key, {subject_key} AS subject_key, hash({user_key}, {subject_key}) AS pair_key,
               {reason_key} AS reason_key, l.ts >= TIMESTAMP {_lit(start.isoformat())} AS in_window
        FROM {relation} l {where}
        """
    )
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW ev_text AS SELECT l.lookup_id, l.user_id, l.subject_id, l.reason "
        f"FROM {relation} l {where}"
    )


def _build_pairs(con) -> None:
    """The (user, subject, reason) triples and the (user, subject) pairs: the aggregates the pair rules share.

    One pass over the lookups; every pair rule then works on these few million rows, not on every lookup.
    """
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE triples AS
        SELECT user_key, subject_key, reason_key, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts
        FROM ev GROUP BY ALL
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pairs AS
        SELECT hash(user_key, subject_key) AS pair_key, user_key, subject_key, sum(n) AS n,
               min(first_ts) AS first_ts, max(last_ts) AS last_ts
        FROM triples GROUP BY user_key, subject_key
        """
    )


def _build_days(con) -> None:
    """Lookups per user and day (the volume rule's history), and per peer group and day of the window."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE user_days AS
        SELECT user_key, day, count(*) AS n, bool_or(in_window) AS in_window, min(lookup_id) AS ref_id
        FROM ev GROUP BY ALL
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE peer_days AS
        SELECT u.unit, u.role, d.day, CAST(count(*) AS INTEGER) AS users, CAST(sum(d.n) AS BIGINT) AS lookups
        FROM user_days d JOIN users u ON u.user_key = d.user_key
        WHERE d.in_window AND u.unit IS NOT NULL AND u.role IS NOT NULL
        GROUP BY ALL
        """
    )


@dataclass(frozen=True)
class RulePlan:
    """How one rule runs.

    ``setup`` builds small tables from the aggregates. ``mark`` is a condition on a lookup ``l`` (a row of
    ``ev``) that every hit of the rule satisfies: all rules mark their candidates in one shared pass over the
    lookups, into the small table ``marked``. ``hits`` then selects the rule's hits from ``marked`` (or, for a
    rule without a mark, from its own aggregate).
    """

    hits: str
    setup: list[str] = field(default_factory=list)
    mark: str | None = None


# Every rule yields hits: (rule, kind, lookup_id, ref_id, ts, day, reason, facts). ``ref_id`` names the lookup
# whose account and subject the alert shows (for a day's volume: one of that day's lookups); ``facts`` holds the
# values that ``reason`` names, as a JSON object.
NO_FACTS = "'{}'"
UNKNOWN_DOCUMENT_TEXT = "'查詢事由「' || t.reason || '」不是登記有案的文號'"
BAD_REASON = "(l.reason_key IS NULL OR l.reason_key IN (SELECT reason_key FROM bad_reasons))"


def _rule_unexplained(rule: dict) -> RulePlan:
    # The reason check works on the distinct reasons: those that name no registered document are few, and
    # only lookups citing them are marked. The explanation check works on pairs: a pair with an explanation
    # covering all its days in the window is explained, so only the lookups of the other pairs are marked
    # and checked day by day.
    check_reason = bool(rule["params"].get("check_reason", True))
    setup = [
        """
      CREATE OR REPLACE TEMP TABLE uncovered_pairs AS
      SELECT p.pair_key FROM pairs p
      ANTI JOIN explanations e ON e.pair_key = p.pair_key
       AND e.valid_from <= greatest(CAST(p.first_ts AS DATE), CAST(getvariable('window_start') AS DATE))
       AND e.valid_to >= CAST(p.last_ts AS DATE)
      WHERE p.last_ts >= getvariable('window_start')
      """,
        """
      CREATE OR REPLACE TEMP TABLE bad_reasons AS
      SELECT DISTINCT t.reason_key FROM triples t ANTI JOIN docs d ON d.doc_key = t.reason_key
      WHERE t.reason_key IS NOT NULL AND t.last_ts >= getvariable('window_start')
      """,
    ]
    uncovered = "l.pair_key IN (SELECT pair_key FROM uncovered_pairs)"
    bad_reason = (
        f"""
        SELECT l.lookup_id, l.ts, l.day,
               CASE WHEN l.reason_key IS NULL THEN 'no_reason' ELSE 'unknown_document' END AS kind
        FROM marked l WHERE l.mark_unexplained AND {BAD_REASON}
        """
        if check_reason
        else "SELECT lookup_id, ts, day, '' AS kind FROM marked WHERE false"
    )
    hits = f"""
      WITH bad_reason AS MATERIALIZED ({bad_reason})
      SELECT 'unexplained' AS rule, kind, lookup_id, lookup_id AS ref_id, ts, day,
             CASE kind WHEN 'no_reason' THEN '查閱時未填寫查詢事由或文號' END AS reason, {NO_FACTS} AS facts
      FROM bad_reason
      UNION ALL
      SELECT 'unexplained', 'no_explanation', l.lookup_id, l.lookup_id, l.ts, l.day,
             '查閱當日沒有有效的案件指派或查詢登記，可說明查閱者為何查閱此當事人', {NO_FACTS}
      FROM marked l
      ANTI JOIN explanations e ON e.pair_key = l.pair_key AND l.day BETWEEN e.valid_from AND e.valid_to
      ANTI JOIN bad_reason b ON b.lookup_id = l.lookup_id
      WHERE l.mark_unexplained AND {uncovered}
    """
    mark = f"({BAD_REASON} OR {uncovered})" if check_reason else uncovered
    return RulePlan(setup=setup if check_reason else setup[:1], mark=mark, hits=hits)


def _rule_relationship(rule: dict) -> RulePlan | None:
    # The related (user, subject) pairs are few: find them among the pairs, then mark their lookups.
    p = rule["params"]
    pairs = []
    if p.get("coworker", True):
        pairs.append(
            """SELECT u.user_id, s.subject_id, 'coworker' AS kind,
                      '當事人「' || coalesce(s.name, s.subject_id) || '」是查閱者同單位（' || u.unit || '）的同仁' AS reason,
                      json_object('name', coalesce(s.name, s.subject_id), 'unit', u.unit) AS facts
               FROM users u JOIN subjects s ON s.staff_unit = u.unit AND s.subject_id <> u.person_id"""
        )
    if p.get("household", True):
        pairs.append(
            """SELECT u.user_id, s.subject_id, 'household',
                      '當事人與查閱者同姓（' || s.surname || '）且戶籍地址相同（' || s.address || '）',
                      json_object('surname', s.surname, 'address', s.address)
               FROM users u JOIN subjects s ON s.surname = u.surname AND s.address = u.address
                 AND s.subject_id <> u.person_id"""
        )
    if p.get("relative", True):
        pairs.append(
            # One reason per pair when a relation is both declared and in the file: the declared one, naming its
            # basis.
            """SELECT * FROM (
                 SELECT DISTINCT ON (u.user_id, r.relative_id) u.user_id, r.relative_id, 'relative',
                        '當事人是查閱者的' || coalesce(r.relation, '親屬') || '（依' || coalesce(r.basis, '親屬資料') || '）',
                        json_object('relation', r.relation, 'basis', r.basis)
                 FROM users u JOIN relatives r ON r.person_id = u.person_id
                 ORDER BY u.user_id, r.relative_id, r.basis NULLS LAST)"""
        )
    if p.get("self", True):
        pairs.append(
            f"SELECT user_id, person_id, 'self', '查閱者查詢本人的資料', {NO_FACTS} FROM users WHERE person_id IS NOT NULL"
        )
    flagged = []
    if pairs:
        flagged.append(
            f"""SELECT p.pair_key, r.kind, r.reason, r.facts FROM pairs p
                JOIN (SELECT hash(hash(user_id), hash(subject_id)) AS pair_key, kind, reason, facts
                      FROM ({" UNION ALL ".join(pairs)})) r ON r.pair_key = p.pair_key
                WHERE p.last_ts >= getvariable('window_start')"""
        )
    if p.get("vip", True):
        flagged.append(
            """SELECT p.pair_key, 'vip', '當事人「' || coalesce(s.name, s.subject_id) || '」列為重要人士（VIP）',
                      json_object('name', coalesce(s.name, s.subject_id))
               FROM pairs p JOIN subjects s ON s.subject_key = p.subject_key AND s.vip WHERE p.last_ts >= getvariable('window_start')"""
        )
    if not flagged:
        return None
    return RulePlan(
        setup=[f"CREATE OR REPLACE TEMP TABLE flagged_pairs AS {' UNION ALL '.join(flagged)}"],
        mark="l.pair_key IN (SELECT pair_key FROM flagged_pairs)",
        hits="""
        SELECT 'relationship' AS rule, f.kind, l.lookup_id, l.lookup_id AS ref_id, l.ts, l.day, f.reason, f.facts
        FROM marked l JOIN flagged_pairs f ON f.pair_key = l.pair_key
        WHERE l.mark_relationship
        """,
    )


def _rule_offhours(rule: dict) -> RulePlan:
    p = rule["params"]
    start, end = p.get("start", "08:00"), p.get("end", "18:00")
    night = f"CAST(l.ts AS TIME) < TIME {_lit(start + ':00')} OR CAST(l.ts AS TIME) >= TIME {_lit(end + ':00')}"
    hits = f"""
      SELECT 'offhours' AS rule, kind, lookup_id, lookup_id AS ref_id, ts, day,
             CASE kind
               WHEN 'holiday' THEN '於放假日（' || holiday || '）' || strftime(ts, '%H:%M') || ' 查閱'
               WHEN 'weekend' THEN '於' || CASE dayofweek(ts) WHEN 0 THEN '星期日' ELSE '星期六' END
                                   || ' ' || strftime(ts, '%H:%M') || ' 查閱'
               ELSE '於下班時間 ' || strftime(ts, '%H:%M') || ' 查閱（上班時間 {start}–{end}）' END AS reason,
             json_object('time', strftime(ts, '%H:%M'), 'holiday', holiday, 'weekday', dayofweek(ts),
                         'start', {_lit(start)}, 'end', {_lit(end)}) AS facts
      FROM (
        SELECT l.lookup_id, l.ts, l.day, h.name AS holiday,
               CASE WHEN h.kind = 'holiday' THEN 'holiday'
                    WHEN dayofweek(l.ts) IN (0, 6) AND coalesce(h.kind, '') <> 'workday' THEN 'weekend'
                    WHEN {night} THEN 'night' END AS kind
        FROM marked l LEFT JOIN holidays h ON h.date = l.day
        WHERE l.mark_offhours
      ) WHERE kind IS NOT NULL
    """
    # The mark is wider than the rule (a weekend that is a make-up workday); the hits decide exactly.
    mark = f"(dayofweek(l.ts) IN (0, 6) OR l.day IN (SELECT date FROM holidays WHERE kind = 'holiday') OR {night})"
    return RulePlan(mark=mark, hits=hits)


def _rule_volume(rule: dict) -> RulePlan:
    # Over the lookups per user and day (``user_days``), with their 30-day history: no mark.
    p = rule["params"]
    days = int(p.get("history_days", 30))
    return RulePlan(
        hits=f"""
      WITH hist AS (
        SELECT d.*, sum(n) OVER w AS s, sum(n * n) OVER w AS s2, count(*) OVER w AS active
        FROM user_days d
        WINDOW w AS (PARTITION BY user_key ORDER BY day
                     RANGE BETWEEN INTERVAL {days} DAYS PRECEDING AND INTERVAL 1 DAYS PRECEDING)
      ),
      scored AS (
        SELECT h.*, h.s / h.active AS mean,
               sqrt(greatest(h.s2 / h.active - (h.s / h.active) ^ 2, 0)) AS sd,
               (p.lookups - h.n) / nullif(p.users - 1, 0) AS peer_mean
        FROM hist h LEFT JOIN users u ON u.user_key = h.user_key
        LEFT JOIN peer_days p ON p.day = h.day AND p.unit = u.unit AND p.role = u.role
        WHERE h.in_window AND h.active >= {int(p.get("min_history_days", 10))} AND h.n >= {int(p.get("min_count", 30))}
      )
      SELECT 'volume' AS rule, 'daily_volume' AS kind, CAST(NULL AS BIGINT) AS lookup_id, ref_id,
             CAST(NULL AS TIMESTAMP) AS ts, day,
             '當日查閱 ' || n || ' 筆，遠高於本人前 {days} 日的每日平均 ' || round(mean, 1) || ' 筆（標準差 '
               || round(sd, 1) || '）' || CASE WHEN peer_mean IS NULL THEN '；無同單位同職稱可比較'
               ELSE '，也高於同單位同職稱同仁平均 ' || round(peer_mean, 1) || ' 筆' END AS reason,
             json_object('lookups', n, 'days', {days}, 'mean', round(mean, 1), 'sd', round(sd, 1),
                         'peer_mean', round(peer_mean, 1)) AS facts
      FROM scored
      -- a zero standard deviation (the same count every day) is floored at min_sd
      WHERE n > mean + {float(p.get("z", 4.0))} * greatest(sd, {float(p.get("min_sd", 2.0))})
        AND (peer_mean IS NULL OR n > {float(p.get("peer_factor", 2.0))} * peer_mean)
    """
    )


def _rule_area(rule: dict) -> RulePlan:
    # Works on the pairs: the first access to a subject is its pair's earliest lookup. The pairs first met
    # outside the user's usual areas are few; their lookups are marked, and the lowest id at the pair's first
    # time is the first lookup.
    share = float(rule["params"].get("usual_share", 0.05))
    setup = [
        f"""
      CREATE OR REPLACE TEMP TABLE area_firsts AS
      WITH located AS MATERIALIZED (
        SELECT p.user_key, p.pair_key, p.n, p.first_ts, s.area
        FROM pairs p JOIN subjects s ON s.subject_key = p.subject_key WHERE s.area IS NOT NULL
      ),
      shares AS (
        SELECT user_key, area, sum(n) / sum(sum(n)) OVER (PARTITION BY user_key) AS share
        FROM located GROUP BY user_key, area
      ),
      usual AS (
        SELECT user_key, area FROM shares WHERE share >= {share}
        UNION SELECT user_key, area FROM users WHERE area IS NOT NULL
      ),
      usual_text AS (SELECT user_key, string_agg(area, '、' ORDER BY area) AS areas FROM usual GROUP BY user_key)
      SELECT l.pair_key, l.first_ts, l.area, t.areas FROM located l
      ANTI JOIN usual u ON u.user_key = l.user_key AND u.area = l.area
      LEFT JOIN usual_text t ON t.user_key = l.user_key
      WHERE l.first_ts >= getvariable('window_start')
      """
    ]
    hits = """
      WITH first_ids AS (
        SELECT l.pair_key, min(l.lookup_id) AS first_id FROM marked l
        JOIN area_firsts f ON f.pair_key = l.pair_key AND f.first_ts = l.ts
        WHERE l.mark_area GROUP BY l.pair_key
      )
      SELECT 'area' AS rule, 'outside_area' AS kind, i.first_id AS lookup_id, i.first_id AS ref_id,
             f.first_ts AS ts, CAST(f.first_ts AS DATE) AS day,
             '首次查閱轄區外（' || f.area || '）的當事人；查閱者平常查閱的區域：' || coalesce(f.areas, '無') AS reason,
             json_object('area', f.area, 'areas', f.areas) AS facts
      FROM area_firsts f JOIN first_ids i ON i.pair_key = f.pair_key
    """
    return RulePlan(setup=setup, mark="l.pair_key IN (SELECT pair_key FROM area_firsts)", hits=hits)


def _rule_bulk(rule: dict) -> RulePlan:
    p = rule["params"]
    actions = ", ".join(_lit(a) for a in p.get("actions", ["print", "export"])) or "''"
    return RulePlan(
        mark=f"(l.action IN ({actions}) AND l.records >= {int(p.get('min_records', 100))})",
        hits="""
      SELECT 'bulk' AS rule, action AS kind, lookup_id, lookup_id AS ref_id, ts, day,
             '一次' || CASE action WHEN 'export' THEN '匯出' WHEN 'print' THEN '列印' ELSE action END
               || ' ' || records || ' 筆資料' AS reason, json_object('records', records) AS facts
      FROM marked WHERE mark_bulk
    """,
    )


RULE_QUERIES = {
    "unexplained": _rule_unexplained,
    "relationship": _rule_relationship,
    "offhours": _rule_offhours,
    "volume": _rule_volume,
    "area": _rule_area,
    "bulk": _rule_bulk,
}


def _repeat_query(rule: dict, prior: list[str]) -> str:
    p = rule["params"]
    rules = ", ".join(_lit(r) for r in p.get("rules", [])) or "''"
    prior_list = ", ".join(_lit(u) for u in prior) or "NULL"
    return f"""
      WITH per_user AS (
        SELECT user_id, count(DISTINCT day) AS days, count(*) AS n, max(day) AS last_day
        FROM alerts WHERE rule IN ({rules}) GROUP BY user_id
      )
      SELECT 'repeat' AS rule, CASE WHEN user_id IN ({prior_list}) THEN 'prior_offender' ELSE 'repeat' END AS kind,
             CAST(NULL AS BIGINT) AS lookup_id, user_id, CAST(NULL AS VARCHAR) AS subject_id,
             CAST(NULL AS TIMESTAMP) AS ts, last_day AS day,
             CASE WHEN user_id IN ({prior_list}) THEN '曾經確認不當查閱，本期又有 ' || n || ' 則警示'
                  ELSE '本期有 ' || days || ' 個不同日期發生警示（共 ' || n || ' 則）' END AS reason,
             json_object('days', days, 'alerts', n) AS facts
      FROM per_user WHERE days >= {int(p.get("min_days", 3))} OR user_id IN ({prior_list})
    """


def run_rules(
    inputs: AuditInput,
    *,
    start: dt.date,
    end: dt.date,
    rules: dict | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> AuditResult:
    """Run every enabled rule over the lookups of [start, end]; history rules look back before start."""
    settings = merged_rules(rules)
    own = con is None
    con = con or duckdb.connect()
    try:
        # Every pass reads the same files; their footers need parsing once (the store's files never change).
        con.execute("SET parquet_metadata_cache = true")
        lookback = int(settings["volume"]["params"].get("history_days", 30)) + 1
        _prepare(con, inputs, start, end, lookback)
        if any(settings[key]["enabled"] for key in PAIR_RULES):
            _build_pairs(con)
        _build_days(con)
        # A day lies wholly inside the window or wholly before it, so the user-days count the window's
        # lookups exactly, without another pass over them.
        total = con.execute("SELECT coalesce(sum(n), 0) FROM user_days WHERE in_window").fetchone()[0]
        plans = {
            key: plan
            for key, build in RULE_QUERIES.items()
            if settings[key]["enabled"] and (plan := build(settings[key])) is not None
        }
        for plan in plans.values():
            for step in plan.setup:
                con.execute(step)
        _mark(con, {key: plan.mark for key, plan in plans.items() if plan.mark})
        empty = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in _HIT_TYPES.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE hits AS SELECT {empty} WHERE false")
        for key, plan in plans.items():
            con.execute(
                f"INSERT INTO hits SELECT rule, kind, lookup_id, ref_id, ts, day, "
                f"CAST({float(settings[key]['weight'])} AS DOUBLE) AS score, reason, facts FROM ({plan.hits})"
            )
        _attach_texts(con)
        repeat = settings["repeat"]
        if repeat["enabled"]:
            con.execute(
                f"INSERT INTO alerts SELECT rule, kind, lookup_id, user_id, subject_id, ts, day, "
                f"CAST({float(repeat['weight'])} AS DOUBLE), reason, facts FROM ({_repeat_query(repeat, inputs.prior_offenders)})"
            )
        alerts = con.sql(
            "SELECT * FROM alerts ORDER BY day, user_id, rule, ts NULLS LAST, lookup_id NULLS LAST, kind, reason"
        ).to_arrow_table()
        scores = con.sql(
            """
            SELECT user_id, strftime(day, '%Y-%m') AS month, sum(score) AS score, count(*) AS alerts,
                   string_agg(DISTINCT rule, ',' ORDER BY rule) AS rules, min(day) AS first_day, max(day) AS last_day
            FROM alerts GROUP BY ALL ORDER BY score DESC, user_id, month
            """
        ).to_arrow_table()
        by_rule = dict(
            con.execute(
                "SELECT rule, count(DISTINCT coalesce(lookup_id, -1)) FROM alerts WHERE lookup_id IS NOT NULL GROUP BY rule"
            ).fetchall()
        )
        peer_days = con.sql("SELECT * FROM peer_days ORDER BY unit, role, day").to_arrow_table()
        uncovered = []
        if settings["offhours"]["enabled"]:
            known = covered_years(con.sql("SELECT date, kind FROM holidays").to_arrow_table())
            uncovered = uncovered_years(known, start, end)
        return AuditResult(
            alerts=alerts.cast(ALERT_SCHEMA),
            user_scores=scores,
            lookups=total,
            alerted_by_rule=by_rule,
            peer_days=peer_days,
            uncovered_years=uncovered,
        )
    finally:
        if own:
            con.close()


def _mark(con, marks: dict[str, str]) -> None:
    """One pass over the window's lookups: each rule marks its candidates; only marked lookups are kept."""
    if not marks:
        return
    flags = "".join(f", {mark} AS mark_{key}" for key, mark in marks.items())
    keep = " OR ".join(f"mark_{key}" for key in marks)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE marked AS
        SELECT * FROM (
          SELECT l.lookup_id, l.ts, l.day, l.action, l.records, l.pair_key, l.reason_key{flags}
          FROM ev l WHERE l.in_window
        ) WHERE {keep}
        """
    )


def _attach_texts(con) -> None:
    """Read the account, subject and reason of the alerted lookups (one pass), and finish the alerts."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE texts AS
        SELECT lookup_id, any_value(user_id) AS user_id, any_value(subject_id) AS subject_id,
               any_value(reason) AS reason
        FROM ev_text WHERE lookup_id IN (SELECT ref_id FROM hits) GROUP BY lookup_id
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE alerts AS
        SELECT h.rule, h.kind, h.lookup_id, t.user_id,
               CASE WHEN h.lookup_id IS NOT NULL THEN t.subject_id END AS subject_id, h.ts, h.day, h.score,
               CASE WHEN h.kind = 'unknown_document' THEN {UNKNOWN_DOCUMENT_TEXT} ELSE h.reason END AS reason,
               CASE WHEN h.kind = 'unknown_document' THEN json_object('document', t.reason) ELSE h.facts END AS facts
        FROM hits h LEFT JOIN texts t ON t.lookup_id = h.ref_id
        """
    )


PAIR_RULES = ("unexplained", "relationship", "area")
_HIT_TYPES = {
    "rule": "VARCHAR",
    "kind": "VARCHAR",
    "lookup_id": "BIGINT",
    "ref_id": "BIGINT",
    "ts": "TIMESTAMP",
    "day": "DATE",
    "score": "DOUBLE",
    "reason": "VARCHAR",
    "facts": "VARCHAR",
}
