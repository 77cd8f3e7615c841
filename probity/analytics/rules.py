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
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from probity.analytics.calendar import load_holidays
from probity.analytics.schema import SOURCE_COLUMNS

RULE_LABELS = {
    "unexplained": "無事由或無案可稽之查閱",
    "relationship": "查閱本人、同仁、同戶或親屬、重要人士",
    "offhours": "下班時間或假日查閱",
    "volume": "單日查閱量異常",
    "area": "首次查閱轄區外當事人",
    "bulk": "批次匯出或列印",
    "repeat": "重複發生",
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
    ]
)


def merged_rules(overrides: dict | None) -> dict[str, dict]:
    """DEFAULT_RULES with a system's settings laid over it (params merged key by key)."""
    rules = copy.deepcopy(DEFAULT_RULES)
    for key, setting in (overrides or {}).items():
        if key not in rules:
            raise ValueError(f"unknown rule {key!r}")
        rules[key]["enabled"] = bool(setting.get("enabled", rules[key]["enabled"]))
        rules[key]["weight"] = float(setting.get("weight", rules[key]["weight"]))
        rules[key]["params"].update(setting.get("params") or {})
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


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _register(con, name: str, source, columns: dict[str, str]) -> None:
    """A view ``name`` with exactly ``columns``; an empty one when the source is missing."""
    if source is None:
        cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {cols} WHERE false")
        return
    if isinstance(source, pa.Table):
        con.register(f"{name}_arrow", source)
        relation = f"{name}_arrow"
    else:
        relation = f"read_parquet({_lit(str(source))}, union_by_name=true)"
    cols = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in columns.items())
    # Source tables are small beside the log: load them once rather than re-reading files per rule.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {cols} FROM {relation}")


def _lookup_relation(source) -> str:
    if isinstance(source, pa.Table):
        return "lookups_arrow"
    return f"read_parquet({_lit(str(source))}, hive_partitioning=true, union_by_name=true)"


def _prepare(con, inputs: AuditInput, start: dt.date, end: dt.date, lookback_days: int) -> int:
    for name, columns in SOURCE_COLUMNS.items():
        source = getattr(inputs, name)
        if name == "holidays" and source is None:
            source = load_holidays()
        _register(con, name, source, columns)
    if isinstance(inputs.lookups, pa.Table):
        con.register("lookups_arrow", inputs.lookups)
    first = start - dt.timedelta(days=lookback_days)
    month_filter = ""
    if not isinstance(inputs.lookups, pa.Table) and "month=" in str(inputs.lookups):
        month_filter = f"AND month BETWEEN {_lit(first.strftime('%Y-%m'))} AND {_lit(end.strftime('%Y-%m'))}"
    con.execute(f"SET VARIABLE window_start = TIMESTAMP {_lit(start.isoformat())}")
    # Joins run on 64-bit hashes of the keys instead of strings (the store keeps them from ingest).
    # A collision between two different (user, subject) pairs is possible in principle; at 2^-64 per
    # pair it is far below any error that matters for an alert queue.
    con.execute("CREATE OR REPLACE TEMP TABLE users AS SELECT *, hash(user_id) AS user_key FROM users")
    con.execute("CREATE OR REPLACE TEMP TABLE subjects AS SELECT *, hash(subject_id) AS subject_key FROM subjects")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE explanations AS "
        "SELECT *, hash(hash(user_id), hash(subject_id)) AS pair_key FROM explanations"
    )
    relation = _lookup_relation(inputs.lookups)
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()}
    user_key = "l.user_key" if "user_key" in present else "hash(l.user_id)"
    subject_key = "l.subject_key" if "subject_key" in present else "hash(l.subject_id)"
    # The lookups stay in Parquet (a view, read column by column by each rule); only the small
    # source tables were loaded into memory above.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW ev AS
        SELECT l.lookup_id, l.ts, CAST(l.ts AS DATE) AS day, l.user_id, l.action, l.subject_id, l.reason,
               coalesce(l.records, 1) AS records, {user_key} AS user_key, {subject_key} AS subject_key,
               hash({user_key}, {subject_key}) AS pair_key,
               l.ts >= TIMESTAMP {_lit(start.isoformat())} AS in_window
        FROM {relation} l
        WHERE l.ts >= TIMESTAMP {_lit(first.isoformat())} AND l.ts < TIMESTAMP {_lit((end + dt.timedelta(days=1)).isoformat())}
              {month_filter}
        """
    )
    return con.execute("SELECT count(*) FROM ev WHERE in_window").fetchone()[0]


def _rule_unexplained(rule: dict) -> str:
    # Two cheap passes instead of one OR over a correlated subquery: the reason check is a hash join
    # against the register's document numbers, the explanation check a plain anti-join.
    check_reason = bool(rule["params"].get("check_reason", True))
    bad_reason = (
        """
        SELECT l.lookup_id, l.user_id, l.subject_id, l.ts, l.day,
               CASE WHEN coalesce(l.reason, '') = '' THEN 'no_reason' ELSE 'unknown_document' END AS kind,
               CASE WHEN coalesce(l.reason, '') = '' THEN '查閱時未填寫查詢事由或文號'
                    ELSE '查詢事由「' || l.reason || '」不是登記有案的文號' END AS reason
        FROM ev l LEFT JOIN (SELECT DISTINCT hash(doc_no) AS doc_key, true AS doc_no FROM explanations) d
          ON d.doc_key = hash(l.reason)
        WHERE l.in_window AND (coalesce(l.reason, '') = '' OR d.doc_no IS NULL)
        """
        if check_reason
        else "SELECT lookup_id, user_id, subject_id, ts, day, '' AS kind, '' AS reason FROM ev WHERE false"
    )
    return f"""
      WITH bad_reason AS MATERIALIZED ({bad_reason}),
      unexplained AS (
        SELECT l.lookup_id, l.user_id, l.subject_id, l.ts, l.day FROM ev l
        ANTI JOIN explanations e ON e.pair_key = l.pair_key AND l.day BETWEEN e.valid_from AND e.valid_to
        WHERE l.in_window
      )
      SELECT 'unexplained' AS rule, kind, lookup_id, user_id, subject_id, ts, day, reason FROM bad_reason
      UNION ALL
      SELECT 'unexplained', 'no_explanation', u.lookup_id, u.user_id, u.subject_id, u.ts, u.day,
             '查無任何案件指派或查詢登記，可說明查閱者為何查閱此當事人'
      FROM unexplained u ANTI JOIN bad_reason b ON b.lookup_id = u.lookup_id
    """


def _rule_relationship(rule: dict) -> str:
    # The pairs (user, subject) that are related are few: build them from the small source tables,
    # then one hash join against the lookups finds them.
    p = rule["params"]
    pairs = []
    if p.get("coworker", True):
        pairs.append(
            """SELECT u.user_id, s.subject_id, 'coworker' AS kind,
                      '當事人「' || coalesce(s.name, s.subject_id) || '」是查閱者同單位（' || u.unit || '）的同仁' AS reason
               FROM users u JOIN subjects s ON s.staff_unit = u.unit AND s.subject_id <> u.person_id"""
        )
    if p.get("household", True):
        pairs.append(
            """SELECT u.user_id, s.subject_id, 'household',
                      '當事人與查閱者同姓（' || s.surname || '）且戶籍地址相同（' || s.address || '）'
               FROM users u JOIN subjects s ON s.surname = u.surname AND s.address = u.address
                 AND s.subject_id <> u.person_id"""
        )
    if p.get("relative", True):
        pairs.append(
            """SELECT u.user_id, r.relative_id, 'relative', '當事人是查閱者的' || r.relation || '（依財產申報之親屬資料）'
               FROM users u JOIN relatives r ON r.person_id = u.person_id"""
        )
    if p.get("self", True):
        pairs.append("SELECT user_id, person_id, 'self', '查閱者查詢本人的資料' FROM users WHERE person_id IS NOT NULL")
    parts = []
    if pairs:
        parts.append(
            f"""SELECT 'relationship' AS rule, p.kind, l.lookup_id, l.user_id, l.subject_id, l.ts, l.day, p.reason
                FROM ev l
                JOIN (SELECT hash(hash(user_id), hash(subject_id)) AS pair_key, kind, reason
                      FROM ({" UNION ALL ".join(pairs)})) p ON p.pair_key = l.pair_key
                WHERE l.in_window"""
        )
    if p.get("vip", True):
        parts.append(
            """SELECT 'relationship', 'vip', l.lookup_id, l.user_id, l.subject_id, l.ts, l.day,
                      '當事人「' || coalesce(s.name, s.subject_id) || '」列為重要人士（VIP）'
               FROM ev l JOIN (SELECT subject_key, subject_id, name FROM subjects WHERE vip) s ON s.subject_key = l.subject_key
               WHERE l.in_window"""
        )
    return " UNION ALL ".join(parts)


def _rule_offhours(rule: dict) -> str:
    p = rule["params"]
    start, end = p.get("start", "08:00"), p.get("end", "18:00")
    return f"""
      SELECT 'offhours' AS rule, kind, lookup_id, user_id, subject_id, ts, day,
             CASE kind
               WHEN 'holiday' THEN '於國定假日（' || holiday || '）' || strftime(ts, '%H:%M') || ' 查閱'
               WHEN 'weekend' THEN '於' || CASE dayofweek(ts) WHEN 0 THEN '星期日' ELSE '星期六' END
                                   || ' ' || strftime(ts, '%H:%M') || ' 查閱'
               ELSE '於下班時間 ' || strftime(ts, '%H:%M') || ' 查閱（上班時間 {start}–{end}）' END AS reason
      FROM (
        SELECT l.*, h.name AS holiday,
               CASE WHEN h.kind = 'holiday' THEN 'holiday'
                    WHEN dayofweek(l.ts) IN (0, 6) AND coalesce(h.kind, '') <> 'workday' THEN 'weekend'
                    WHEN CAST(l.ts AS TIME) < TIME {_lit(start + ":00")} OR CAST(l.ts AS TIME) >= TIME {_lit(end + ":00")}
                      THEN 'night' END AS kind
        FROM ev l LEFT JOIN holidays h ON h.date = l.day
        WHERE l.in_window
      ) WHERE kind IS NOT NULL
    """


def _rule_volume(rule: dict) -> str:
    p = rule["params"]
    days = int(p.get("history_days", 30))
    return f"""
      WITH daily AS (SELECT user_id, day, count(*) AS n, bool_or(in_window) AS in_window FROM ev GROUP BY ALL),
      hist AS (
        SELECT d.*, sum(n) OVER w AS s, sum(n * n) OVER w AS s2, count(*) OVER w AS active
        FROM daily d
        WINDOW w AS (PARTITION BY user_id ORDER BY day
                     RANGE BETWEEN INTERVAL {days} DAYS PRECEDING AND INTERVAL 1 DAYS PRECEDING)
      ),
      peers AS (
        SELECT d.day, u.unit, u.role, sum(d.n) AS ps, count(*) AS pc
        FROM daily d JOIN users u ON u.user_id = d.user_id GROUP BY ALL
      ),
      scored AS (
        SELECT h.*, h.s / h.active AS mean,
               sqrt(greatest(h.s2 / h.active - (h.s / h.active) ^ 2, 0)) AS sd,
               (p.ps - h.n) / nullif(p.pc - 1, 0) AS peer_mean
        FROM hist h LEFT JOIN users u ON u.user_id = h.user_id
        LEFT JOIN peers p ON p.day = h.day AND p.unit = u.unit AND p.role = u.role
        WHERE h.in_window AND h.active >= {int(p.get("min_history_days", 10))} AND h.n >= {int(p.get("min_count", 30))}
      )
      SELECT 'volume' AS rule, 'daily_volume' AS kind, CAST(NULL AS BIGINT) AS lookup_id, user_id,
             CAST(NULL AS VARCHAR) AS subject_id, CAST(NULL AS TIMESTAMP) AS ts, day,
             '當日查閱 ' || n || ' 筆，遠高於本人前 {days} 日的每日平均 ' || round(mean, 1) || ' 筆（標準差 '
               || round(sd, 1) || '）' || CASE WHEN peer_mean IS NULL THEN '；無同單位同職稱可比較'
               ELSE '，也高於同單位同職稱同仁平均 ' || round(peer_mean, 1) || ' 筆' END AS reason
      FROM scored
      -- a zero standard deviation (the same count every day) is floored at min_sd
      WHERE n > mean + {float(p.get("z", 4.0))} * greatest(sd, {float(p.get("min_sd", 2.0))})
        AND (peer_mean IS NULL OR n > {float(p.get("peer_factor", 2.0))} * peer_mean)
    """


def _rule_area(rule: dict) -> str:
    # Aggregate to (user, subject) on integer keys first: the first access is its earliest lookup, and
    # the much smaller aggregate is what gets joined to the subjects' areas.
    share = float(rule["params"].get("usual_share", 0.05))
    return f"""
      WITH pairs AS (
        SELECT user_key, subject_key, count(*) AS n, min(ts) AS first_ts,
               arg_min(lookup_id, (ts, lookup_id)) AS first_id
        FROM ev GROUP BY user_key, subject_key
      ),
      located AS MATERIALIZED (
        SELECT p.*, s.area, s.subject_id FROM pairs p JOIN subjects s ON s.subject_key = p.subject_key WHERE s.area IS NOT NULL
      ),
      shares AS (
        SELECT user_key, area, sum(n) / sum(sum(n)) OVER (PARTITION BY user_key) AS share
        FROM located GROUP BY user_key, area
      ),
      usual AS (
        SELECT user_key, area FROM shares WHERE share >= {share}
        UNION SELECT user_key, area FROM users WHERE area IS NOT NULL
      ),
      usual_text AS (SELECT user_key, string_agg(area, '、' ORDER BY area) AS areas FROM usual GROUP BY user_key),
      firsts AS MATERIALIZED (
        SELECT l.* FROM located l
        ANTI JOIN usual u ON u.user_key = l.user_key AND u.area = l.area
        WHERE l.first_ts >= getvariable('window_start')
      ),
      -- the account name of the few first lookups: a semi-join that builds on the small side
      names AS (
        SELECT lookup_id, user_key, user_id FROM ev WHERE lookup_id IN (SELECT first_id FROM firsts)
      )
      SELECT 'area' AS rule, 'outside_area' AS kind, f.first_id AS lookup_id, n.user_id, f.subject_id,
             f.first_ts AS ts, CAST(f.first_ts AS DATE) AS day,
             '首次查閱轄區外（' || f.area || '）的當事人；查閱者平常查閱的區域：' || coalesce(t.areas, '無') AS reason
      FROM firsts f
      JOIN names n ON n.lookup_id = f.first_id AND n.user_key = f.user_key
      LEFT JOIN usual_text t ON t.user_key = f.user_key
    """


def _rule_bulk(rule: dict) -> str:
    p = rule["params"]
    actions = ", ".join(_lit(a) for a in p.get("actions", ["print", "export"])) or "''"
    return f"""
      SELECT 'bulk' AS rule, action AS kind, lookup_id, user_id, subject_id, ts, day,
             '一次' || CASE action WHEN 'export' THEN '匯出' WHEN 'print' THEN '列印' ELSE action END
               || ' ' || records || ' 筆資料' AS reason
      FROM ev WHERE in_window AND action IN ({actions}) AND records >= {int(p.get("min_records", 100))}
    """


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
                  ELSE '本期有 ' || days || ' 個不同日期發生警示（共 ' || n || ' 則）' END AS reason
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
        lookback = int(settings["volume"]["params"].get("history_days", 30)) + 1
        total = _prepare(con, inputs, start, end, lookback)
        empty = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in _ALERT_TYPES.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE alerts AS SELECT {empty} WHERE false")
        # One rule at a time: each gets the whole machine and memory budget instead of competing in a UNION.
        for key, build in RULE_QUERIES.items():
            rule = settings[key]
            if not rule["enabled"]:
                continue
            sql = build(rule)
            if sql:
                con.execute(
                    f"INSERT INTO alerts SELECT rule, kind, lookup_id, user_id, subject_id, ts, day, "
                    f"CAST({float(rule['weight'])} AS DOUBLE) AS score, reason FROM ({sql})"
                )
        repeat = settings["repeat"]
        if repeat["enabled"]:
            con.execute(
                f"INSERT INTO alerts SELECT rule, kind, lookup_id, user_id, subject_id, ts, day, "
                f"CAST({float(repeat['weight'])} AS DOUBLE), reason FROM ({_repeat_query(repeat, inputs.prior_offenders)})"
            )
        alerts = con.sql(
            "SELECT * FROM alerts ORDER BY day, user_id, rule, ts NULLS LAST, lookup_id NULLS LAST"
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
        return AuditResult(alerts=alerts.cast(ALERT_SCHEMA), user_scores=scores, lookups=total, alerted_by_rule=by_rule)
    finally:
        if own:
            con.close()


_ALERT_TYPES = {
    "rule": "VARCHAR",
    "kind": "VARCHAR",
    "lookup_id": "BIGINT",
    "user_id": "VARCHAR",
    "subject_id": "VARCHAR",
    "ts": "TIMESTAMP",
    "day": "DATE",
    "score": "DOUBLE",
    "reason": "VARCHAR",
}
