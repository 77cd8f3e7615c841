import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq

from probity.analytics.calendar import covered_years, load_holidays, uncovered_years, with_bundled
from probity.analytics.rules import AuditInput, merged_rules, run_rules

USERS = pa.table(
    {
        "user_id": ["U1", "U2", "U3"],
        "person_id": ["P1", "P2", "P3"],
        "name": ["陳志明", "林淑芬", "黃家豪"],
        "surname": ["陳", "林", "黃"],
        "address": ["高雄市前金區中正路1號", "高雄市前金區五福路2號", "高雄市旗津區中洲路3號"],
        "unit": ["前金區戶政事務所", "前金區戶政事務所", "旗津區戶政事務所"],
        "role": ["課員", "課員", "課員"],
        "area": ["前金區", "前金區", "旗津區"],
    }
)
SUBJECTS = pa.table(
    {
        "subject_id": ["P1", "P2", "P3", "S1", "S2", "S3", "S4", "R1"],
        "name": ["陳志明", "林淑芬", "黃家豪", "王小明", "陳美玲", "高明星", "李大同", "吳雅婷"],
        "surname": ["陳", "林", "黃", "王", "陳", "高", "李", "吳"],
        "address": [
            "高雄市前金區中正路1號",
            "高雄市前金區五福路2號",
            "高雄市旗津區中洲路3號",
            "高雄市前金區七賢路9號",
            "高雄市前金區中正路1號",
            "高雄市前金區成功路5號",
            "高雄市小港區民族路7號",
            "高雄市鹽埕區建國路8號",
        ],
        "area": ["前金區", "前金區", "旗津區", "前金區", "前金區", "前金區", "小港區", "鹽埕區"],
        "vip": [False, False, False, False, False, True, False, False],
        "staff_unit": ["前金區戶政事務所", "前金區戶政事務所", "旗津區戶政事務所", None, None, None, None, None],
    }
)
EXPLANATIONS = pa.table(
    {
        "user_id": ["U1", "U1"],
        "subject_id": ["S1", "S4"],
        "doc_no": ["高市民字第1號", "高市民字第2號"],
        "valid_from": [dt.date(2021, 7, 1), dt.date(2021, 7, 1)],
        "valid_to": [dt.date(2021, 7, 31), dt.date(2021, 12, 31)],
        "kind": ["案件指派", "查詢登記"],
    }
)
RELATIVES = pa.table(
    {"person_id": ["P1"], "relative_id": ["R1"], "relation": ["配偶"], "basis": ["財產申報之親屬資料"]}
)
DOC = "高市民字第1號"


def lookups(rows) -> pa.Table:
    """rows: (id, time, user, subject, reason[, action, records])."""
    full = [(*r, "query", 1)[:7] if len(r) == 5 else r for r in rows]
    return pa.table(
        {
            "lookup_id": pa.array([r[0] for r in full], pa.int64()),
            "ts": pa.array([dt.datetime.fromisoformat(r[1]) for r in full], pa.timestamp("us")),
            "user_id": [r[2] for r in full],
            "action": [r[5] for r in full],
            "subject_id": [r[3] for r in full],
            "reason": [r[4] for r in full],
            "client": ["t"] * len(full),
            "records": pa.array([r[6] for r in full], pa.int32()),
        }
    )


def run(
    rows, *, only, start=dt.date(2021, 7, 1), end=dt.date(2021, 12, 31), settings=None, relatives=RELATIVES, **extra
):
    rules = {key: {"enabled": key in only} for key in merged_rules(None)}
    for key, value in (settings or {}).items():
        rules[key].update(value)
    inputs = AuditInput(
        lookups=lookups(rows),
        users=USERS,
        subjects=SUBJECTS,
        explanations=EXPLANATIONS,
        relatives=relatives,
        **extra,
    )
    return run_rules(inputs, start=start, end=end, rules=rules)


def found(result):
    return sorted((a["rule"], a["kind"], a["lookup_id"]) for a in result.alerts.to_pylist())


def test_unexplained_flags_missing_reason_unknown_document_and_no_assignment():
    result = run(
        [
            (1, "2021-07-05 10:00:00", "U1", "S1", DOC),  # explained
            (2, "2021-07-05 10:01:00", "U1", "S1", ""),  # missing reason
            (3, "2021-07-05 10:02:00", "U1", "S1", None),  # missing reason (null)
            (4, "2021-07-05 10:03:00", "U1", "S1", "高市民字第999號"),  # no such document
            (5, "2021-07-05 10:04:00", "U1", "S2", DOC),  # a real document, but nothing links U1 to S2
            (6, "2021-08-01 10:00:00", "U1", "S1", DOC),  # the assignment ended on 7/31
        ],
        only={"unexplained"},
    )
    assert found(result) == [
        ("unexplained", "no_explanation", 5),
        ("unexplained", "no_explanation", 6),
        ("unexplained", "no_reason", 2),
        ("unexplained", "no_reason", 3),
        ("unexplained", "unknown_document", 4),
    ]
    reasons = {a["lookup_id"]: a["reason"] for a in result.alerts.to_pylist()}
    assert reasons[2] == "查閱時未填寫查詢事由或文號"
    assert reasons[4] == "查詢事由「高市民字第999號」不是登記有案的文號"
    # U1 never had anything on S2 and had an assignment on S1 that had ended: one reason fits both.
    assert reasons[5] == reasons[6] == "查閱當日沒有有效的案件指派或查詢登記，可說明查閱者為何查閱此當事人"


def test_unexplained_without_reason_check_only_uses_assignments():
    result = run(
        [(1, "2021-07-05 10:00:00", "U1", "S1", ""), (2, "2021-07-05 10:00:00", "U1", "S2", DOC)],
        only={"unexplained"},
        settings={"unexplained": {"params": {"check_reason": False}}},
    )
    assert found(result) == [("unexplained", "no_explanation", 2)]


def test_relationship_kinds_with_chinese_reasons():
    result = run(
        [
            (1, "2021-07-05 10:00:00", "U1", "P1", DOC),  # self
            (2, "2021-07-05 10:00:00", "U1", "P2", DOC),  # co-worker
            (3, "2021-07-05 10:00:00", "U1", "S2", DOC),  # same surname and household address
            (4, "2021-07-05 10:00:00", "U1", "R1", DOC),  # spouse from declarations
            (5, "2021-07-05 10:00:00", "U1", "S3", DOC),  # VIP
            (6, "2021-07-05 10:00:00", "U1", "S1", DOC),  # nothing
            (7, "2021-07-05 10:00:00", "U1", "P3", DOC),  # staff of another office: not a co-worker
        ],
        only={"relationship"},
    )
    assert found(result) == [
        ("relationship", "coworker", 2),
        ("relationship", "household", 3),
        ("relationship", "relative", 4),
        ("relationship", "self", 1),
        ("relationship", "vip", 5),
    ]
    reasons = {a["lookup_id"]: a["reason"] for a in result.alerts.to_pylist()}
    assert reasons[2] == "當事人「林淑芬」是查閱者同單位（前金區戶政事務所）的同仁"
    assert reasons[3] == "當事人與查閱者同姓（陳）且戶籍地址相同（高雄市前金區中正路1號）"
    assert reasons[4] == "當事人是查閱者的配偶（依財產申報之親屬資料）"
    facts = {a["lookup_id"]: json.loads(a["facts"]) for a in result.alerts.to_pylist()}
    assert facts == {
        1: {},
        2: {"name": "林淑芬", "unit": "前金區戶政事務所"},
        3: {"surname": "陳", "address": "高雄市前金區中正路1號"},
        4: {"relation": "配偶", "basis": "財產申報之親屬資料"},
        5: {"name": "高明星"},
    }


def test_a_relation_known_twice_raises_one_alert_naming_the_declared_basis(tmp_path):
    # The relatives file (no basis column, one relation left blank) and the declarations both know P1's spouse R1.
    stored = tmp_path / "relatives.parquet"
    pq.write_table(
        pa.table({"person_id": ["P1", "P2"], "relative_id": ["R1", "S4"], "relation": ["配偶", None]}), stored
    )
    rows = [(1, "2021-07-05 10:00:00", "U1", "R1", DOC), (2, "2021-07-05 10:00:00", "U2", "S4", DOC)]
    from_file = run(rows, only={"relationship"}, relatives=stored)
    both = run(
        rows,
        only={"relationship"},
        relatives=pa.concat_tables([pq.read_table(stored).append_column("basis", pa.nulls(2, pa.string())), RELATIVES]),
    )
    assert {a["lookup_id"]: a["reason"] for a in from_file.alerts.to_pylist()} == {
        1: "當事人是查閱者的配偶（依親屬資料）",
        2: "當事人是查閱者的親屬（依親屬資料）",
    }
    assert both.alerts.num_rows == 2
    assert {a["lookup_id"]: a["reason"] for a in both.alerts.to_pylist()} == {
        1: "當事人是查閱者的配偶（依財產申報之親屬資料）",
        2: "當事人是查閱者的親屬（依親屬資料）",
    }


def test_relationship_checks_can_be_switched_off():
    result = run(
        [(1, "2021-07-05 10:00:00", "U1", "P1", DOC), (5, "2021-07-05 10:00:00", "U1", "S3", DOC)],
        only={"relationship"},
        settings={"relationship": {"params": {"vip": False}}},
    )
    assert found(result) == [("relationship", "self", 1)]


def test_offhours_edges_midnight_weekend_holiday_and_makeup_workday():
    result = run(
        [
            (1, "2021-07-05 00:00:00", "U1", "S1", DOC),  # midnight is off-hours
            (2, "2021-07-05 07:59:59", "U1", "S1", DOC),
            (3, "2021-07-05 08:00:00", "U1", "S1", DOC),  # first second of office hours
            (4, "2021-07-05 17:59:59", "U1", "S1", DOC),
            (5, "2021-07-05 18:00:00", "U1", "S1", DOC),  # office hours end at 18:00
            (6, "2021-07-04 10:00:00", "U1", "S1", DOC),  # Sunday
            (7, "2021-09-21 10:00:00", "U1", "S1", DOC),  # 中秋節
            (8, "2021-09-11 10:00:00", "U1", "S1", DOC),  # Saturday, but a make-up workday
        ],
        only={"offhours"},
    )
    assert found(result) == [
        ("offhours", "holiday", 7),
        ("offhours", "night", 1),
        ("offhours", "night", 2),
        ("offhours", "night", 5),
        ("offhours", "weekend", 6),
    ]
    reasons = {a["lookup_id"]: a["reason"] for a in result.alerts.to_pylist()}
    assert reasons[1] == "於下班時間 00:00 查閱（上班時間 08:00–18:00）"
    assert reasons[6] == "於星期日 10:00 查閱"
    assert reasons[7] == "於放假日（中秋節）10:00 查閱"
    facts = {a["lookup_id"]: json.loads(a["facts"]) for a in result.alerts.to_pylist()}
    assert facts[6] == {"time": "10:00", "holiday": None, "weekday": 0, "start": "08:00", "end": "18:00"}
    assert facts[7] == {"time": "10:00", "holiday": "中秋節", "weekday": 2, "start": "08:00", "end": "18:00"}


def test_offhours_uses_a_configured_holiday_table():
    holidays = pa.table({"date": [dt.date(2021, 7, 6)], "name": ["防颱停班"], "kind": ["holiday"]})
    result = run([(1, "2021-07-06 10:00:00", "U1", "S1", DOC)], only={"offhours"}, holidays=holidays)
    assert found(result) == [("offhours", "holiday", 1)]


def _daily(user, days, per_day, start=dt.date(2021, 7, 1), first_id=1):
    rows, next_id = [], first_id
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        for i in range(per_day):
            rows.append((next_id, f"{day.isoformat()} 09:{i // 60:02d}:{i % 60:02d}", user, "S1", DOC))
            next_id += 1
    return rows


def test_volume_guards_zero_variance_and_needs_the_peer_group():
    # U1 looks up exactly 10 a day for 30 days (zero variance), then 40 in a day; U2, a peer, stays at 10.
    history = _daily("U1", 30, 10) + _daily("U2", 31, 10, first_id=10_000)
    spike = [(50_000 + i, f"2021-07-31 10:{i // 60:02d}:{i % 60:02d}", "U1", "S1", DOC) for i in range(40)]
    result = run(history + spike, only={"volume"}, start=dt.date(2021, 7, 31), end=dt.date(2021, 7, 31))
    alerts = result.alerts.to_pylist()
    assert [(a["rule"], a["user_id"], a["day"]) for a in alerts] == [("volume", "U1", dt.date(2021, 7, 31))]
    assert alerts[0]["reason"] == (
        "當日查閱 40 筆，遠高於本人前 30 日的每日平均 10.0 筆（標準差 0.0），也高於同單位同職稱同仁平均 10.0 筆"
    )


def test_volume_without_peers_says_so_and_keeps_its_figures_as_facts():
    history = _daily("U1", 30, 10)
    spike = [(50_000 + i, f"2021-07-31 10:{i // 60:02d}:{i % 60:02d}", "U1", "S1", DOC) for i in range(40)]
    result = run(history + spike, only={"volume"}, start=dt.date(2021, 7, 31), end=dt.date(2021, 7, 31))
    [alert] = result.alerts.to_pylist()
    assert alert["reason"] == "當日查閱 40 筆，遠高於本人前 30 日的每日平均 10.0 筆（標準差 0.0）；無同單位同職稱可比較"
    assert json.loads(alert["facts"]) == {"lookups": 40, "days": 30, "mean": 10.0, "sd": 0.0, "peer_mean": None}


def test_volume_is_quiet_when_the_peers_are_just_as_busy():
    history = _daily("U1", 30, 10) + _daily("U2", 30, 10, first_id=10_000)
    spike = [
        (50_000 + i, f"2021-07-31 10:{i // 60:02d}:{i % 60:02d}", u, "S1", DOC) for i in range(40) for u in ("U1",)
    ]
    peer_spike = [(60_000 + i, f"2021-07-31 10:{i // 60:02d}:{i % 60:02d}", "U2", "S1", DOC) for i in range(45)]
    result = run(history + spike + peer_spike, only={"volume"}, start=dt.date(2021, 7, 31), end=dt.date(2021, 7, 31))
    assert result.alerts.num_rows == 0


def test_peer_days_count_each_groups_users_and_lookups_in_the_window_only():
    rows = [
        (1, "2021-06-30 10:00:00", "U1", "S1", DOC),  # before the window: history, not a peer day
        (2, "2021-07-01 09:00:00", "U1", "S1", DOC),
        (3, "2021-07-01 09:05:00", "U1", "S2", DOC),
        (4, "2021-07-01 23:59:59", "U2", "S1", DOC),  # U1's peer (same unit and role), last second of the day
        (5, "2021-07-02 00:00:00", "U3", "S1", DOC),  # another unit: a group of its own
        (6, "2021-07-02 10:00:00", "U9", "S1", DOC),  # not in the users table: in no group
    ]
    # Peer days do not depend on any rule being enabled.
    result = run(rows, only=set(), start=dt.date(2021, 7, 1), end=dt.date(2021, 7, 2))
    assert result.peer_days.to_pylist() == [
        {"unit": "前金區戶政事務所", "role": "課員", "day": dt.date(2021, 7, 1), "users": 2, "lookups": 3},
        {"unit": "旗津區戶政事務所", "role": "課員", "day": dt.date(2021, 7, 2), "users": 1, "lookups": 1},
    ]


def test_area_flags_only_the_first_lookup_outside_the_usual_area():
    rows = _daily("U1", 3, 30)  # S1, in 前金區, U1's own area
    rows += [
        (900, "2021-07-10 10:00:00", "U1", "S4", DOC),  # 小港區: first time
        (901, "2021-07-11 10:00:00", "U1", "S4", DOC),  # again: not first
        (902, "2021-07-12 10:00:00", "U3", "P3", DOC),  # U3 in its own area
    ]
    result = run(rows, only={"area"})
    assert found(result) == [("area", "outside_area", 900)]
    assert result.alerts.to_pylist()[0]["reason"] == "首次查閱轄區外（小港區）的當事人；查閱者平常查閱的區域：前金區"


def test_bulk_export_threshold_is_a_parameter():
    rows = [
        (1, "2021-07-05 10:00:00", "U1", "S1", DOC, "export", 100),
        (2, "2021-07-05 10:00:00", "U1", "S1", DOC, "print", 99),
        (3, "2021-07-05 10:00:00", "U1", "S1", DOC, "query", 500),
    ]
    assert found(run(rows, only={"bulk"})) == [("bulk", "export", 1)]
    assert found(run(rows, only={"bulk"}, settings={"bulk": {"params": {"min_records": 50}}})) == [
        ("bulk", "export", 1),
        ("bulk", "print", 2),
    ]


def test_repeat_offender_needs_alerts_on_distinct_days_or_a_prior_finding():
    rows = [(i, f"2021-07-0{i} 10:00:00", "U1", "S2", DOC) for i in range(5, 8)]  # 3 days unexplained
    rows += [(20, "2021-07-05 10:00:00", "U2", "S2", DOC)]  # U2: one day
    result = run(rows, only={"unexplained", "repeat"}, prior_offenders=["U2"])
    repeats = sorted((a["user_id"], a["kind"], a["reason"]) for a in result.alerts.to_pylist() if a["rule"] == "repeat")
    assert repeats == [
        ("U1", "repeat", "本期有 3 個不同日期發生警示（共 3 則）"),
        ("U2", "prior_offender", "曾經確認不當查閱，本期又有 1 則警示"),
    ]
    facts = {a["user_id"]: json.loads(a["facts"]) for a in result.alerts.to_pylist() if a["rule"] == "repeat"}
    assert facts == {"U1": {"days": 3, "alerts": 3}, "U2": {"days": 1, "alerts": 1}}


def test_scores_are_weights_summed_per_user_and_month():
    rows = [(1, "2021-07-05 10:00:00", "U1", "P1", ""), (2, "2021-08-05 23:00:00", "U1", "S1", DOC)]
    result = run(rows, only={"unexplained", "relationship", "offhours"}, settings={"relationship": {"weight": 7}})
    scores = sorted((s["user_id"], s["month"], s["score"], s["alerts"]) for s in result.user_scores.to_pylist())
    assert scores == [("U1", "2021-07", 10.0, 2), ("U1", "2021-08", 4.0, 2)]


def test_lookups_before_the_window_are_history_only():
    rows = [(1, "2021-06-30 23:00:00", "U1", "P1", ""), (2, "2021-07-01 00:00:00", "U1", "S1", DOC)]
    result = run(rows, only={"unexplained", "relationship", "offhours"})
    assert found(result) == [("offhours", "night", 2)]


def test_offhours_knows_the_calendar_of_recent_years():
    result = run(
        [
            (1, "2026-02-17 10:00:00", "U1", "S1", DOC),  # 春節, a Tuesday
            (2, "2026-10-26 10:00:00", "U1", "S1", DOC),  # 臺灣光復節補假, a Monday
            (3, "2023-01-07 10:00:00", "U1", "S1", DOC),  # Saturday, but a make-up workday
            (4, "2026-10-27 10:00:00", "U1", "S1", DOC),  # an ordinary Tuesday
        ],
        only={"offhours"},
        start=dt.date(2023, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    assert [(a["lookup_id"], a["reason"]) for a in result.alerts.to_pylist()] == [
        (1, "於放假日（春節）10:00 查閱"),
        (2, "於放假日（臺灣光復節補假）10:00 查閱"),
    ]
    assert result.uncovered_years == []


def test_a_window_beyond_the_holiday_table_names_the_years_it_lacks():
    rows = [(1, "2028-01-03 10:00:00", "U1", "S1", DOC)]
    assert run(rows, only={"offhours"}, start=dt.date(2027, 12, 1), end=dt.date(2029, 1, 31)).uncovered_years == [
        2028,
        2029,
    ]
    assert run(rows, only={"bulk"}, start=dt.date(2028, 1, 1), end=dt.date(2028, 1, 31)).uncovered_years == []
    assert uncovered_years({2021}, dt.date(2020, 12, 1), dt.date(2022, 1, 1)) == [2020, 2022]


def test_a_year_is_known_from_its_holidays_not_from_a_few_days_added():
    typhoon_days = pa.table(
        {"date": [dt.date(2028, 7, 10), dt.date(2028, 7, 11)], "name": ["防颱停班"] * 2, "kind": ["holiday"] * 2}
    )
    assert covered_years(typhoon_days) == set()
    calendar = with_bundled(typhoon_days)
    assert covered_years(calendar) == set(range(2020, 2028))
    assert calendar.num_rows == load_holidays().num_rows + 2


def test_a_holiday_file_stored_before_kinds_were_checked_is_read_through_their_spellings():
    legacy = pa.table(
        {
            "date": [dt.date(2021, 7, 6), dt.date(2021, 7, 10), dt.date(2021, 7, 12)],
            "name": ["防颱停班", "補行上班", "不明"],
            "kind": ["停止上班", " 補行上班 ", "颱風假"],
        }
    )
    days = {row["date"]: row["kind"] for row in with_bundled(legacy).to_pylist()}
    assert [days[dt.date(2021, 7, d)] for d in (6, 10, 12)] == ["holiday", "workday", "颱風假"]
    result = run(
        [(1, "2021-07-06 10:00:00", "U1", "S1", DOC), (2, "2021-07-12 10:00:00", "U1", "S1", DOC)],
        only={"offhours"},
        holidays=with_bundled(legacy),
    )
    assert found(result) == [("offhours", "holiday", 1)]
