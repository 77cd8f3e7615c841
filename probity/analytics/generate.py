# ruff: noqa: S608  (SQL is built from the library's own templates; every value is quoted by _literal or bound)
"""Realistic access logs with injected, labelled misuse, generated vectorised (numpy + DuckDB).

The logs look like a household-registration or land system's query log: staff
of district offices (peer groups: same office and job title) look up residents
of their own district during office hours, each lookup justified by a case or
a query-register entry whose document number is typed into the reason field.
On top of that rhythm, misuse scenarios are injected and labelled so the rules'
recall can be measured: unexplained lookups, missing reasons, self, co-worker,
household and relative lookups, VIPs, off-hours and holidays, volume spikes,
first access outside the usual area, bulk exports and repeat offenders.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from probity.analytics.calendar import load_holidays

SURNAMES = list(
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高簡朱鍾施游詹沈彭胡余盧潘顏梁趙柯翁魏方孫戴范宋"
)
GIVEN = list("志明淑芬俊傑家豪雅婷怡君冠宇宗翰美玲建宏秀英文雄佳蓉承恩品妍柏翰詩涵子晴宥廷思妤宜庭育誠振華麗珠國強惠如")
DISTRICTS = [
    "鹽埕區",
    "鼓山區",
    "左營區",
    "楠梓區",
    "三民區",
    "新興區",
    "前金區",
    "苓雅區",
    "前鎮區",
    "旗津區",
    "小港區",
    "鳳山區",
    "林園區",
    "大寮區",
    "大樹區",
    "大社區",
    "仁武區",
    "鳥松區",
    "岡山區",
    "橋頭區",
    "燕巢區",
    "田寮區",
    "阿蓮區",
    "路竹區",
    "湖內區",
    "茄萣區",
    "永安區",
    "彌陀區",
    "梓官區",
    "旗山區",
    "美濃區",
    "六龜區",
    "甲仙區",
    "杉林區",
    "內門區",
    "茂林區",
    "桃源區",
    "那瑪夏區",
]
STREETS = [
    "中山路",
    "中正路",
    "民族路",
    "自由路",
    "建國路",
    "博愛路",
    "九如路",
    "七賢路",
    "五福路",
    "四維路",
    "青年路",
    "成功路",
    "民生路",
    "光復路",
    "和平路",
    "明誠路",
]
ROLES = ("課員", "課員", "課員", "科員", "科員", "課長", "主任")
# Office rhythm: lookups per hour from 08:00 to 17:59 (lunch dip at noon).
HOUR_WEIGHTS = np.array([4, 14, 16, 14, 5, 6, 14, 13, 10, 4], dtype=float)
SCENARIOS = {
    # scenario: the rule expected to catch it
    "unexplained": "unexplained",
    "no_reason": "unexplained",
    "self": "relationship",
    "coworker": "relationship",
    "household": "relationship",
    "relative": "relationship",
    "vip": "relationship",
    "offhours": "offhours",
    "holiday": "offhours",
    "volume": "volume",
    "outside_area": "area",
    "bulk_export": "bulk",
    "repeat": "repeat",
}
LOG_COLUMNS = {  # the generated system's own column names → canonical names (a column mapping)
    "序號": "lookup_id",
    "查詢時間": "ts",
    "使用者帳號": "user_id",
    "作業別": "action",
    "當事人統號": "subject_id",
    "查詢事由": "reason",
    "終端機": "client",
    "筆數": "records",
}
ACTION_VALUES = {"查詢": "query", "列印": "print", "匯出": "export"}


@dataclass(frozen=True)
class GeneratedLog:
    directory: Path
    log_path: Path
    rows: int
    labels: int


def canonical_log(directory: Path) -> pa.Table:
    """A generated ``log.parquet`` with the canonical column names and action codes, as the rules read it."""
    log = pq.read_table(Path(directory) / "log.parquet")
    log = log.rename_columns([LOG_COLUMNS[name] for name in log.column_names])
    words = pa.array(list(ACTION_VALUES))
    actions = pc.take(pa.array(list(ACTION_VALUES.values())), pc.index_in(log["action"], value_set=words))
    return log.set_column(log.column_names.index("action"), "action", actions)


def _workday_tables(start: dt.date, end: dt.date, holidays: pa.Table):
    """Per calendar day from start-60 to end+60: is it a workday, and the next workday on or after it."""
    first = start - dt.timedelta(days=60)
    days = (end - first).days + 61
    dates = [first + dt.timedelta(days=i) for i in range(days)]
    kinds = dict(zip(holidays.column("date").to_pylist(), holidays.column("kind").to_pylist(), strict=True))
    work = np.array(
        [kinds.get(d) == "workday" or (d.weekday() < 5 and kinds.get(d) != "holiday") for d in dates], dtype=bool
    )
    nxt = np.empty(days, dtype=np.int64)
    following = days - 1
    for i in range(days - 1, -1, -1):
        if work[i]:
            following = i
        nxt[i] = following
    return first, work, nxt


def generate(
    directory: Path | str,
    *,
    events: int,
    start: dt.date = dt.date(2021, 7, 1),
    end: dt.date = dt.date(2021, 12, 31),
    seed: int = 110,
    system: str = "hr",
    fmt: str = "parquet",
    users: int | None = None,
    scenario_rate: float = 0.0002,
) -> GeneratedLog:
    """Write ``log.<fmt>`` plus users/subjects/explanations/relatives/labels Parquet files into ``directory``."""
    rng = np.random.default_rng(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    holidays = load_holidays()
    first, work, next_work = _workday_tables(start, end, holidays)
    start_i, end_i = (start - first).days, (end - first).days
    workday_idx = np.flatnonzero(work[start_i : end_i + 1]) + start_i
    offday_idx = np.flatnonzero(~work[start_i : end_i + 1]) + start_i

    n_users = users or int(np.clip(events // 1800, 24, 5000))
    n_areas = len(DISTRICTS)
    n_units = max(2, min(n_areas, n_users // 8))
    n_users = n_units * -(-n_users // n_units)  # whole offices, so colleagues share user % n_units
    n_public = max(2000, events // 20)
    n_cases = max(n_users * 4, events // 5)
    prefix = {"hr": "HR", "land": "LD"}.get(system, system[:2].upper())
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order=false")

    # Staff: user u works in unit u % n_units, whose district is the unit's area; second area next door.
    user_unit = np.arange(n_users) % n_units
    user_area = user_unit % n_areas
    user_area2 = (user_area + 1) % n_areas
    user_role = rng.integers(0, len(ROLES), n_users)
    user_surname = rng.integers(0, len(SURNAMES), n_users)
    user_street = rng.integers(0, len(STREETS), n_users)
    user_number = rng.integers(1, 400, n_users)
    given = rng.integers(0, len(GIVEN), (n_users * 3 + n_public, 2))

    # Subjects: [0,U) the staff themselves, [U,2U) a declared relative of each, [2U,3U) another member
    # of the same household (same surname and address, not declared), then the public.
    n_subjects = 3 * n_users + n_public
    subj_surname = rng.integers(0, len(SURNAMES), n_subjects)
    subj_area = np.empty(n_subjects, dtype=np.int64)
    subj_street = rng.integers(0, len(STREETS), n_subjects)
    subj_number = rng.integers(1, 400, n_subjects)
    public = np.arange(n_public)
    subj_area[3 * n_users :] = public % n_areas
    for block in range(3):
        sl = slice(block * n_users, (block + 1) * n_users)
        subj_area[sl] = user_area
        subj_street[sl] = user_street
        subj_number[sl] = user_number
    relation = rng.integers(0, 2, n_users)  # 0 spouse (own surname), 1 child (shares the surname)
    subj_surname[:n_users] = user_surname
    subj_surname[n_users : 2 * n_users] = np.where(relation == 1, user_surname, subj_surname[n_users : 2 * n_users])
    subj_surname[2 * n_users : 3 * n_users] = user_surname
    vip = np.zeros(n_subjects, dtype=bool)
    vip[3 * n_users + rng.choice(n_public, max(3, n_public // 2000), replace=False)] = True

    def public_in(area: np.ndarray, size: int | None = None) -> np.ndarray:
        per_area = n_public // n_areas
        k = rng.integers(0, per_area, size if size is not None else len(area))
        return 3 * n_users + area + n_areas * k

    # Cases: case c belongs to user c % U, concerns a public subject of the user's (first or second) area.
    case_user = np.arange(n_cases) % n_users
    second = rng.random(n_cases) < 0.1
    case_subject = public_in(np.where(second, user_area2[case_user], user_area[case_user]))
    case_start = rng.integers(start_i - 29, end_i + 1, n_cases)
    case_kind = (rng.random(n_cases) < 0.4).astype(np.int8)  # 1: query register entry, 0: case assignment

    # Normal lookups: a case, a day within its first 30 days moved to the next workday, an office hour.
    draw = int(events * 1.35) + 1000
    ev_case = rng.integers(0, n_cases, draw)
    ev_day = next_work[np.minimum(case_start[ev_case] + rng.integers(0, 30, draw), len(next_work) - 1)]
    keep = (ev_day >= start_i) & (ev_day <= end_i)
    ev_case, ev_day = ev_case[keep][:events], ev_day[keep][:events]
    n = len(ev_case)
    ev_user = case_user[ev_case]
    ev_subject = case_subject[ev_case]
    ev_reason = ev_case.copy()  # document number of the case
    ev_sec = (8 + rng.choice(10, n, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())) * 3600 + rng.integers(0, 3600, n)
    ev_action = np.where(rng.random(n) < 0.03, 1, 0).astype(np.int8)  # 0 query, 1 print, 2 export
    ev_records = np.ones(n, dtype=np.int32)
    ev_label = np.full(n, -1, dtype=np.int16)
    scen_names = list(SCENARIOS)

    k = max(3, int(events * scenario_rate))
    # Misuse is concentrated: the scenarios happen in the lookups of one user in twenty.
    misusers = np.zeros(n_users, dtype=bool)
    misusers[rng.choice(n_users, max(2, n_users // 20), replace=False)] = True
    candidates = np.flatnonzero(misusers[ev_user])
    if len(candidates) < k * 11:
        candidates = np.arange(n)
    slots = rng.choice(candidates, size=k * 11, replace=False)
    cursor = 0

    def take(name: str) -> np.ndarray:
        nonlocal cursor
        rows = slots[cursor : cursor + k]
        cursor += k
        ev_label[rows] = scen_names.index(name)
        return rows

    rows = take("unexplained")
    ev_subject[rows] = public_in(user_area[ev_user[rows]])
    ev_reason[rows] = -2  # a document number that does not exist
    rows = take("no_reason")
    ev_reason[rows] = -1
    rows = take("self")
    ev_subject[rows] = ev_user[rows]
    rows = take("coworker")
    colleague = (ev_user[rows] + n_units * rng.integers(1, 3, k)) % n_users
    colleague = np.where(colleague == ev_user[rows], (colleague + n_units) % n_users, colleague)
    ev_subject[rows] = colleague
    rows = take("household")
    ev_subject[rows] = 2 * n_users + ev_user[rows]
    rows = take("relative")
    ev_subject[rows] = n_users + ev_user[rows]
    rows = take("vip")
    ev_subject[rows] = rng.choice(np.flatnonzero(vip), k)
    rows = take("offhours")
    late = rng.integers(0, 2, k)
    ev_sec[rows] = np.where(late == 1, (19 + rng.integers(0, 5, k)) * 3600, rng.integers(0, 7, k) * 3600) + (
        rng.integers(0, 3600, k)
    )
    rows = take("holiday")
    ev_day[rows] = rng.choice(offday_idx, k)
    rows = take("outside_area")
    far = (user_area[ev_user[rows]] + rng.integers(3, n_areas - 3, k)) % n_areas
    ev_subject[rows] = public_in(far)
    rows = take("bulk_export")
    ev_action[rows] = rng.integers(1, 3, k)
    ev_records[rows] = rng.integers(200, 2000, k)

    # Repeat offenders: a few users, each with unexplained lookups on four different days.
    offenders = rng.choice(n_users, max(2, k // 20), replace=False)
    rep_user = np.repeat(offenders, 4)
    rep_day = rng.choice(workday_idx[workday_idx >= start_i + 35], len(rep_user))
    rep = {
        "user": rep_user,
        "subject": public_in(user_area[rep_user]),
        "day": rep_day,
        "sec": (9 + rng.integers(0, 8, len(rep_user))) * 3600,
        "reason": np.full(len(rep_user), -2),
        "action": np.zeros(len(rep_user), dtype=np.int8),
        "records": np.ones(len(rep_user), dtype=np.int32),
        "label": np.full(len(rep_user), scen_names.index("repeat"), dtype=np.int16),
    }

    # Volume: a user's day with six times the usual count, all of it their own explained casework.
    vol_users = rng.choice(n_users, max(2, k // 10), replace=False)
    vol_day = rng.choice(workday_idx[workday_idx >= start_i + 40], len(vol_users))
    per_user_day = max(1.0, n / (n_users * len(workday_idx)))
    extra = int(max(40, per_user_day * 6))
    v_user = np.repeat(vol_users, extra)
    cases_per_user = n_cases // n_users
    v_case = v_user + n_users * rng.integers(0, cases_per_user, len(v_user))
    vol = {
        "user": v_user,
        "subject": case_subject[v_case],
        "day": np.repeat(vol_day, extra),
        "sec": (8 + rng.choice(10, len(v_user), p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())) * 3600
        + rng.integers(0, 3600, len(v_user)),
        "reason": v_case,
        "action": np.zeros(len(v_user), dtype=np.int8),
        "records": np.ones(len(v_user), dtype=np.int32),
        "label": np.full(len(v_user), scen_names.index("volume"), dtype=np.int16),
    }
    # Volume lookups are explained: their cases must cover the day.
    case_start[v_case] = np.minimum(case_start[v_case], np.repeat(vol_day, extra))
    case_len = np.full(n_cases, 45, dtype=np.int64)
    case_len[v_case] = np.maximum(45, np.repeat(vol_day, extra) - case_start[v_case] + 1)

    user_all = np.concatenate([ev_user, rep["user"], vol["user"]])
    subject_all = np.concatenate([ev_subject, rep["subject"], vol["subject"]])
    day_all = np.concatenate([ev_day, rep["day"], vol["day"]])
    sec_all = np.concatenate([ev_sec, rep["sec"], vol["sec"]])
    reason_all = np.concatenate([ev_reason, rep["reason"], vol["reason"]])
    action_all = np.concatenate([ev_action, rep["action"], vol["action"]])
    records_all = np.concatenate([ev_records, rep["records"], vol["records"]])
    label_all = np.concatenate([ev_label, rep["label"], vol["label"]])
    order = np.lexsort((sec_all, day_all))
    total = len(order)
    epoch = dt.datetime.combine(first, dt.time())
    micros = (day_all[order] * 86400 + sec_all[order]).astype(np.int64) * 1_000_000
    events_table = pa.table(
        {
            "log_id": np.arange(1, total + 1, dtype=np.int64),
            "ts_us": micros,
            "u": user_all[order],
            "s": subject_all[order],
            "r": reason_all[order],
            "a": action_all[order],
            "n": records_all[order],
            "label": label_all[order],
            "term": rng.integers(1, 250, total).astype(np.int16),
        }
    )
    con.register("ev", events_table)
    con.register(
        "staff",
        pa.table(
            {
                "u": np.arange(n_users),
                "unit": user_unit,
                "area": user_area,
                "role": user_role,
                "surname": user_surname,
                "g1": given[:n_users, 0],
                "g2": given[:n_users, 1],
                "street": user_street,
                "num": user_number,
            }
        ),
    )
    subj_g1 = (
        given[n_users : n_users + n_subjects, 0].copy()
        if n_subjects <= len(given) - n_users
        else rng.integers(0, len(GIVEN), n_subjects)
    )
    subj_g2 = rng.integers(0, len(GIVEN), n_subjects)
    # The staff as subjects are the same people: their records carry the staff's own names.
    subj_g1[:n_users], subj_g2[:n_users] = given[:n_users, 0], given[:n_users, 1]
    con.register(
        "subj",
        pa.table(
            {
                "s": np.arange(n_subjects),
                "surname": subj_surname,
                "g1": subj_g1,
                "g2": subj_g2,
                "area": subj_area,
                "street": subj_street,
                "num": subj_number,
                "vip": vip,
            }
        ),
    )
    con.register(
        "cases",
        pa.table(
            {
                "c": np.arange(n_cases),
                "u": case_user,
                "s": case_subject,
                "start_day": case_start,
                "len": case_len,
                "kind": case_kind,
            }
        ),
    )
    lists = {
        "surnames": SURNAMES,
        "given": GIVEN,
        "districts": DISTRICTS,
        "streets": STREETS,
        "roles": list(ROLES),
        "scenarios": scen_names,
    }
    for name, values in lists.items():
        con.register(name, pa.table({"i": np.arange(len(values)), "v": values}))
    con.execute(f"CREATE MACRO uid(u) AS '{prefix}' || lpad(CAST(u AS VARCHAR), 5, '0')")
    # The public are the same people in every system; the staff, their relatives and households are each
    # system's own, so two generated systems never share an employee (their ID numbers lie above the public's).
    staff_base = 50_000_000 + zlib.crc32(system.encode()) % 40 * 1_000_000
    con.execute(
        "CREATE MACRO id_number(n) AS chr(65 + CAST(n % 23 AS INTEGER)) || CAST(1 + n % 2 AS VARCHAR) "
        "|| lpad(CAST(n AS VARCHAR), 8, '0')"
    )
    con.execute(f"CREATE MACRO pid(s) AS id_number(CASE WHEN s < {3 * n_users} THEN s + {staff_base} ELSE s END)")
    con.execute(f"CREATE MACRO docno(c) AS '高市{prefix}字第' || CAST(1100000000 + c AS VARCHAR) || '號'")
    con.execute(f"CREATE MACRO day_of(d) AS DATE '{first.isoformat()}' + CAST(d AS INTEGER)")
    con.execute(
        "CREATE TABLE area_units AS SELECT i, v AS district, v || '戶政事務所' AS unit FROM districts"
        if system == "hr"
        else "CREATE TABLE area_units AS SELECT i, v AS district, replace(v, '區', '') || '地政事務所' AS unit FROM districts"
    )

    con.execute(
        f"""COPY (
          SELECT uid(st.u) AS user_id, pid(st.u) AS person_id,
                 sn.v || g1.v || g2.v AS name, sn.v AS surname,
                 '高雄市' || d.v || str.v || CAST(st.num AS VARCHAR) || '號' AS address,
                 au.unit AS unit, r.v AS role, d.v AS area
          FROM staff st JOIN surnames sn ON sn.i = st.surname JOIN given g1 ON g1.i = st.g1
          JOIN given g2 ON g2.i = st.g2 JOIN districts d ON d.i = st.area JOIN streets str ON str.i = st.street
          JOIN roles r ON r.i = st.role JOIN area_units au ON au.i = st.unit % {n_areas} ORDER BY st.u
        ) TO '{out / "users.parquet"}' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (
          SELECT pid(sb.s) AS subject_id, sn.v || g1.v || g2.v AS name, sn.v AS surname,
                 '高雄市' || d.v || str.v || CAST(sb.num AS VARCHAR) || '號' AS address, d.v AS area, sb.vip AS vip,
                 CASE WHEN sb.s < {n_users} THEN au.unit END AS staff_unit
          FROM subj sb JOIN surnames sn ON sn.i = sb.surname JOIN given g1 ON g1.i = sb.g1
          JOIN given g2 ON g2.i = sb.g2 JOIN districts d ON d.i = sb.area JOIN streets str ON str.i = sb.street
          LEFT JOIN staff st ON st.u = sb.s LEFT JOIN area_units au ON au.i = st.unit % {n_areas}
        ) TO '{out / "subjects.parquet"}' (FORMAT parquet)"""
    )
    con.register("rel", pa.table({"u": np.arange(n_users), "relation": relation}))
    con.execute(
        f"""COPY (
          SELECT pid(u) AS person_id, pid({n_users} + u) AS relative_id,
                 CASE relation WHEN 0 THEN '配偶' ELSE '子女' END AS relation FROM rel
        ) TO '{out / "relatives.parquet"}' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (
          SELECT uid(u) AS user_id, pid(s) AS subject_id, docno(c) AS doc_no,
                 day_of(start_day) AS valid_from, day_of(start_day + len - 1) AS valid_to,
                 CASE kind WHEN 1 THEN '查詢登記' ELSE '案件指派' END AS kind
          FROM cases
        ) TO '{out / "explanations.parquet"}' (FORMAT parquet)"""
    )
    log_select = f"""
          SELECT log_id AS 序號,
                 TIMESTAMP '{epoch.isoformat(sep=" ")}' + to_microseconds(ts_us) AS 查詢時間,
                 uid(u) AS 使用者帳號,
                 CASE a WHEN 0 THEN '查詢' WHEN 1 THEN '列印' ELSE '匯出' END AS 作業別,
                 pid(s) AS 當事人統號,
                 CASE WHEN r = -1 THEN '' WHEN r = -2 THEN '高市{prefix}字第09' || lpad(CAST(log_id AS VARCHAR), 8, '0') || '號'
                      ELSE docno(r) END AS 查詢事由,
                 '10.' || CAST(u % 200 AS VARCHAR) || '.' || CAST(term AS VARCHAR) || '.1' AS 終端機,
                 n AS 筆數
          FROM ev"""
    log_path = out / f"log.{fmt}"
    if fmt == "parquet":
        con.execute(f"COPY ({log_select}) TO '{log_path}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)")
    elif fmt == "csv":
        con.execute(
            f"COPY ({log_select}) TO '{log_path}' (FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')"
        )
    elif fmt == "jsonl":
        con.execute(f"COPY ({log_select}) TO '{log_path}' (FORMAT json)")
    else:
        raise ValueError(f"unknown format {fmt}")
    label_count = con.execute(
        f"""COPY (
          SELECT ev.log_id AS lookup_id, sc.v AS scenario, uid(ev.u) AS user_id,
                 CAST(TIMESTAMP '{epoch.isoformat(sep=" ")}' + to_microseconds(ev.ts_us) AS DATE) AS day
          FROM ev JOIN scenarios sc ON sc.i = ev.label WHERE ev.label >= 0
        ) TO '{out / "labels.parquet"}' (FORMAT parquet)"""
    ).fetchone()[0]
    con.close()
    return GeneratedLog(out, log_path, total, label_count)
