"""Registering a monitored system and mapping its log's columns from a form, for every role."""

import datetime as dt

import duckdb
import pytest
from django.urls import reverse

from probity.accessaudit import domain, queries
from probity.accessaudit.models import MonitoredSystem
from probity.audit.models import AuditEvent

CREATE = reverse("accessaudit:system_create")
FIELDS = {
    "name": "稅務資訊系統",
    "key": "tax",
    "encoding": "utf-8",
    "delimiter": ";",
    "timestamp_format": "%Y/%m/%d %H:%M",
    "column_ts": "時間",
    "column_user_id": "帳號",
    "column_subject_id": " 納稅義務人 ",
    "column_action": "動作",
    "column_reason": "文號",
    "action_query": "Q、查",
    "action_print": "P",
    "action_export": "",
}
MAPPING = {
    "columns": {"ts": "時間", "user_id": "帳號", "subject_id": "納稅義務人", "action": "動作", "reason": "文號"},
    "actions": {"Q": "query", "查": "query", "P": "print"},
    "timestamp_format": "%Y/%m/%d %H:%M",
    "delimiter": ";",
}


def _post(client, cast, **changes):
    return client.post(CREATE, {**FIELDS, "agency": cast.agency_a.pk, **changes})


@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 403), ("anonymous", 302)]
)
def test_the_new_system_form_by_role(designated, clients, role, expected):
    assert clients[role].get(CREATE).status_code == expected


def test_an_officer_registers_a_system_with_its_log_mapping(designated, clients):
    response = _post(clients["officer"], designated)
    system = MonitoredSystem.objects.get(key="tax")
    assert response.status_code == 302 and response.url == system.get_absolute_url()
    assert (system.name, system.agency, system.unit, system.encoding) == (
        "稅務資訊系統",
        designated.agency_a,
        designated.unit_a,
        "utf-8",
    )
    assert system.column_mapping == MAPPING
    event = AuditEvent.objects.get(verb="accessaudit.system.register")
    assert (event.actor, event.data) == (designated.officer, {"key": "tax", "name": "稅務資訊系統"})


def test_the_mapping_from_the_form_reads_a_real_log(designated, clients, tmp_path):
    _post(clients["officer"], designated)
    system = MonitoredSystem.objects.get(key="tax")
    log = tmp_path / "tax.csv"
    log.write_text(
        "時間;帳號;納稅義務人;動作;文號\n2021/08/02 09:30;TX1;a123456789;Q;府稅字第1號\n2021/08/02 10:00;TX1;B1;P;\n"
    )
    log_import = domain.queue_log_import(system=system, path=log, file_name="tax.csv", actor=designated.officer)
    assert domain.perform_log_import(log_import, actor=designated.officer).rows == 2
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT lookup_id & 4294967295, ts, user_id, action, subject_id, reason FROM read_parquet(?, "
            "hive_partitioning=true) ORDER BY 1",
            [queries.store_glob(system)],
        ).fetchall()
    assert rows == [
        (2, dt.datetime(2021, 8, 2, 9, 30), "TX1", "query", "A123456789", "府稅字第1號"),
        (3, dt.datetime(2021, 8, 2, 10, 0), "TX1", "print", "B1", None),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"column_ts": ""}, "column_ts", "這個欄位是必須的。"),
        ({"column_reason": "帳號"}, "column_reason", "「帳號」已對應到其他項目。"),
        ({"action_print": "P、查"}, "action_print", "「查」已代表其他作業。"),
        ({"timestamp_format": "%H:%M"}, "timestamp_format", "時間格式須含年、月、日，例如 %Y/%m/%d %H:%M:%S。"),
        ({"key": "Tax System"}, "key", "系統代號只能用小寫英文字母、數字、- 或 _，且以字母或數字開頭。"),
        ({"key": "hr"}, "key", "已有系統使用此代號。"),
    ],
)
def test_a_bad_system_form_names_the_field_and_registers_nothing(designated, clients, system, changes, field, message):
    response = _post(clients["officer"], designated, **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert list(MonitoredSystem.objects.values_list("key", flat=True)) == ["hr"]


def test_an_outsider_cannot_register_a_system_for_another_units_agency(designated, clients):
    response = _post(clients["outsider"], designated)
    assert response.status_code == 400 and "agency" in response.context["form"].errors
    assert not MonitoredSystem.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_the_edit_form_by_role(designated, clients, system, role, expected):
    assert clients[role].get(reverse("accessaudit:system_edit", args=[system.code])).status_code == expected


def test_an_officer_edits_the_mapping_and_the_key_stays(designated, clients, system):
    url = reverse("accessaudit:system_edit", args=[system.code])
    form = clients["officer"].get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"name": "戶役政資訊系統（新版）", "column_client": "", "encoding": "big5", "is_active": ""})
    response = clients["officer"].post(url, data)
    system.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert (system.key, system.name, system.encoding, system.is_active) == (
        "hr",
        "戶役政資訊系統（新版）",
        "big5",
        False,
    )
    assert "client" not in system.column_mapping["columns"]
    event = AuditEvent.objects.get(verb="accessaudit.system.update")
    assert event.data == {"changed": ["name", "encoding", "column_mapping", "is_active"]}


def test_an_outsider_cannot_edit_another_units_system(designated, clients, system):
    url = reverse("accessaudit:system_edit", args=[system.code])
    assert clients["outsider"].post(url, {"name": "x"}).status_code == 404
    system.refresh_from_db()
    assert system.name == "戶役政資訊系統"
