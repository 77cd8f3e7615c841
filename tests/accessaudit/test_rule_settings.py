"""Rules are data: each system's rules are switched, weighted and tuned from a form, and checked."""

import re

import pytest
from django.urls import reverse

from probity.accessaudit import domain
from probity.accessaudit.forms import RuleSettingsForm
from probity.accessaudit.models import Alert, MonitoredSystem
from probity.analytics.rules import RuleSettingsError, check_rules, merged_rules
from probity.audit.domain import record
from probity.audit.models import AuditEvent


def _form_data(system, **changes) -> dict:
    """What the browser sends for the system's form as shown, with ``changes`` (field → value) made."""
    form = RuleSettingsForm(current=merged_rules(system.rule_settings))
    data = {}
    for name in form.fields:
        value = changes.get(name, form.initial[name])
        if value is True:
            data[name] = "on"
        elif value is not False and value is not None:
            data[name] = value.strftime("%H:%M") if hasattr(value, "strftime") else value
    return data


def _post(clients, system, role="officer", **changes):
    url = reverse("accessaudit:rule_settings", args=[system.code])
    return clients[role].post(url, _form_data(system, **changes))


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_rule_settings_by_role(designated, system, clients, role, expected):
    response = _post(clients, system, role, bulk__min_records=50)
    assert response.status_code == expected
    system.refresh_from_db()
    changed = role == "officer"  # the anonymous visitor's 302 is to the login page
    assert system.rule_settings == ({"bulk": {"params": {"min_records": 50}}} if changed else {})


def test_only_the_changes_from_the_defaults_are_stored(designated, system, clients):
    response = _post(
        clients,
        system,
        offhours__start="07:30",
        volume__weight=4.5,
        volume__z=3,
        relationship__vip=False,
        bulk__actions=["export"],
        repeat__rules=["volume", "bulk", "relationship", "unexplained"],  # the default set, another order
    )
    assert response.status_code == 302
    system.refresh_from_db()
    assert system.rule_settings == {
        "relationship": {"params": {"vip": False}},
        "offhours": {"params": {"start": "07:30"}},
        "volume": {"weight": 4.5, "params": {"z": 3.0}},
        "bulk": {"params": {"actions": ["export"]}},
    }
    event = AuditEvent.objects.filter(verb="accessaudit.system.rules").get()
    assert event.data == {"rule_settings": system.rule_settings, "before": {}}
    # The form as shown again sends nothing new.
    _post(clients, system)
    system.refresh_from_db()
    assert system.rule_settings["offhours"] == {"params": {"start": "07:30"}}


def _history_changes(html: str) -> list[list[str]]:
    """Each entry's changes in the page's history, newest first, as the reader sees them."""
    history = html[html.index('id="history"') :]
    return [
        [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", changes)]
        for changes in re.findall(r'<ul class="plain changes">(.*?)</ul>', history, re.S)
    ]


def test_the_systems_history_says_what_each_change_of_the_rules_did(designated, system, clients):
    _post(clients, system, offhours__start="07:30", volume__weight=4.5, bulk__actions=["export"])
    _post(clients, system, offhours__start="07:30", volume__weight=3, relationship__vip=False)
    client = clients["officer"]
    # Newest first; a change back to a default is a change too.
    assert _history_changes(client.get(system.get_absolute_url()).content.decode()) == [
        [
            "查閱本人、同仁、同戶或親屬、重要人士（查閱重要人士）：是 → 否",
            "單日查閱量異常（權重）：4.5 → 3",
            "批次匯出或列印（計入的作業）：匯出 → 列印、匯出",
        ],
        [
            "下班時間或假日查閱（上班時間起）：08:00 → 07:30",
            "單日查閱量異常（權重）：3 → 4.5",
            "批次匯出或列印（計入的作業）：列印、匯出 → 匯出",
        ],
    ]
    client.cookies["django_language"] = "en"
    assert _history_changes(client.get(system.get_absolute_url()).content.decode())[1] == [
        "Lookup after hours or on a holiday (Office hours start): 08:00 → 07:30",
        "Unusual daily lookup volume (Weight): 3 → 4.5",
        "Bulk export or printing (Actions counted): Print, Export → Export",
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"rule_settings": {"bulk": {"enabled": False}}},  # recorded before the previous settings were kept
        {"rule_settings": {}, "before": {"bulk": {"params": {"gone": 1}}}},  # a parameter no longer known
    ],
)
def test_a_change_of_the_rules_that_cannot_be_compared_lists_no_values(designated, system, clients, data):
    record(actor=designated.officer, verb="accessaudit.system.rules", target=system, data=data)
    html = clients["officer"].get(system.get_absolute_url()).content.decode()
    assert "調整稽核規則" in html[html.index('id="history"') :]
    assert _history_changes(html) == []


def test_the_page_lists_each_rules_parameters_in_words(designated, system, clients):
    system.rule_settings = {"bulk": {"params": {"actions": ["export"]}}}
    system.save()
    html = clients["officer"].get(system.get_absolute_url()).content.decode()
    assert "<li>上班時間起：08:00</li>" in html
    assert "<li>計入的作業：匯出</li>" in html
    assert (
        "<li>計入的規則：無事由或無案可稽之查閱、查閱本人、同仁、同戶或親屬、重要人士、批次匯出或列印、單日查閱量異常</li>"
        in html
    )
    assert '<fieldset id="rule-volume"><legend>單日查閱量異常</legend>' in html


def test_rule_settings_are_data_used_by_the_next_run(designated, loaded, clients):
    before = Alert.objects.filter(rule="offhours").count()
    assert _post(clients, loaded.system, offhours__enabled=False).status_code == 302
    loaded.system.refresh_from_db()
    assert loaded.system.rule_settings == {"offhours": {"enabled": False}}
    clients["officer"].post(
        reverse("accessaudit:run_start", args=[loaded.system.code]), {"date_from": "110/07/01", "date_to": "110/12/31"}
    )
    assert before > 0
    assert Alert.objects.filter(rule="offhours").count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"volume__weight": -1}, "volume__weight", "請確認此數值是否大於或等於 0。"),
        ({"bulk__min_records": 0}, "bulk__min_records", "請確認此數值是否大於或等於 1。"),
        ({"volume__z": "四"}, "volume__z", "輸入一個數字"),
        ({"offhours__start": "19:00"}, "offhours__end", "上班時間迄須晚於上班時間起。"),
        ({"offhours__end": "25:00"}, "offhours__end", "輸入有效的時間"),
        ({"bulk__actions": ["delete"]}, "bulk__actions", "「delete」不是可選的項目。"),
        ({"area__usual_share": 1.5}, "area__usual_share", "請確認此數值是否小於或等於 1。"),
    ],
)
def test_bad_settings_are_refused_by_field_and_change_nothing(designated, system, clients, changes, field, message):
    response = _post(clients, system, **changes)
    assert response.status_code == 400
    form = response.context["rules_form"]
    assert form.errors == {field: [message]}
    assert 'class="aa-rules" open' in response.content.decode()
    system.refresh_from_db()
    assert system.rule_settings == {}
    assert not AuditEvent.objects.filter(verb="accessaudit.system.rules").exists()


@pytest.mark.parametrize(
    ("overrides", "messages"),
    [
        ({"nosuch": {}}, ["沒有「nosuch」這條規則"]),
        ({"bulk": 3}, ["批次匯出或列印：設定須為物件"]),
        ({"bulk": {"params": {"min_recs": 5}}}, ["批次匯出或列印：沒有「min_recs」這個參數"]),
        ({"volume": {"params": {"z": "4"}}}, ["單日查閱量異常：參數 z 須為數字"]),
        ({"volume": {"params": {"history_days": 2.5}}}, ["單日查閱量異常：參數 history_days 須為整數"]),
        ({"volume": {"params": {"z": float("nan")}}}, ["單日查閱量異常：參數 z 須為數字"]),
        ({"volume": {"params": {"min_count": float("inf")}}}, ["單日查閱量異常：參數 min_count 須為整數"]),
        ({"volume": {"params": {"history_days": 400}}}, ["單日查閱量異常：參數 history_days 須介於 7 與 365 之間"]),
        (
            {"offhours": {"enabled": "yes", "weight": 101}},
            ["下班時間或假日查閱：啟用須為是或否", "下班時間或假日查閱：權重須為 0 到 100 的數字"],
        ),
        ({"offhours": {"params": {"start": "7:30"}}}, ["下班時間或假日查閱：參數 start 須為 HH:MM 形式的時間"]),
        ({"bulk": {"params": {"actions": ["delete"]}}}, ["批次匯出或列印：參數 actions 只能是：query、print、export"]),
    ],
)
def test_the_library_names_each_unusable_setting(overrides, messages):
    with pytest.raises(RuleSettingsError) as raised:
        check_rules(overrides)
    assert raised.value.messages == messages


def test_office_hours_must_start_before_they_end():
    with pytest.raises(RuleSettingsError) as raised:
        merged_rules({"offhours": {"params": {"start": "18:00"}}})
    assert raised.value.messages == ["下班時間或假日查閱：上班時間起須早於上班時間迄"]


def test_the_domain_refuses_what_the_library_refuses(system, cast):
    with pytest.raises(RuleSettingsError):
        domain.update_rule_settings(system=system, rule_settings={"volume": {"params": {"z": -1}}}, actor=cast.admin)
    system.refresh_from_db()
    assert system.rule_settings == {}


def test_stored_settings_the_check_now_refuses_show_as_defaults_with_a_message(designated, system, clients):
    system.rule_settings = {"volume": {"params": {"history_days": 3}}}
    system.save()
    response = clients["officer"].get(system.get_absolute_url())
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "此系統儲存的規則設定無法使用（單日查閱量異常：參數 history_days 須介於 7 與 365 之間），"
        "以下顯示預設值；請檢查後重新儲存。"
    ]
    assert response.context["rules_form"].initial["volume__history_days"] == 30
    # Saving the form as shown (the defaults) replaces them.
    url = reverse("accessaudit:rule_settings", args=[system.code])
    assert clients["officer"].post(url, _form_data(MonitoredSystem(rule_settings={}))).status_code == 302
    system.refresh_from_db()
    assert system.rule_settings == {}
