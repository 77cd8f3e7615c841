"""An alert's reason is said again in the reader's language from the facts the rules keep beside it."""

import datetime as dt
import json
import re

import pytest
from django.utils import translation

from probity.accessaudit.reasons import reason_text
from probity.analytics.generate import canonical_log, generate
from probity.analytics.rules import AuditInput, run_rules

CJK = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def alerts(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    generate(out, events=6000, fmt="parquet", seed=7, scenario_rate=0.004)
    log = canonical_log(out)
    sources = {name: out / f"{name}.parquet" for name in ("users", "subjects", "explanations", "relatives")}
    result = run_rules(AuditInput(lookups=log, **sources), start=dt.date(2021, 7, 1), end=dt.date(2021, 12, 31))
    return [{**a, "facts": json.loads(a["facts"])} for a in result.alerts.to_pylist()]


def test_every_kind_the_rules_write_is_said_again_word_for_word_in_chinese(alerts):
    assert {a["kind"] for a in alerts} == {
        "no_explanation", "no_reason", "unknown_document", "self", "coworker", "household", "relative", "vip",
        "night", "weekend", "holiday", "daily_volume", "outside_area", "print", "export", "repeat",
    }  # fmt: skip
    with translation.override("zh-hant"):
        differing = [a for a in alerts if reason_text(a["kind"], a["facts"], "") != a["reason"]]
    assert differing == []


def test_every_kind_reads_in_english_with_only_the_records_own_names_in_chinese(alerts):
    with translation.override("en"):
        for alert in alerts:
            english = reason_text(alert["kind"], alert["facts"], "")
            remainder = english
            for value in alert["facts"].values():
                remainder = remainder.replace(str(value), "")
            assert CJK.findall(remainder) == [], english
            assert english != alert["reason"]


@pytest.mark.parametrize(
    ("kind", "facts", "english"),
    [
        ("no_reason", {}, "No reason or document number was entered for the lookup"),
        (
            "weekend",
            {"time": "15:06", "holiday": None, "weekday": 6, "start": "08:00", "end": "18:00"},
            "Looked up at 15:06 on a Saturday",
        ),
        (
            "night",
            {"time": "01:41", "holiday": None, "weekday": 5, "start": "08:00", "end": "18:00"},
            "Looked up at 01:41, outside office hours (08:00–18:00)",
        ),
        (
            "relative",
            {"relation": None, "basis": None},
            "The subject is the user's relative (according to the relatives file)",
        ),
        (
            "daily_volume",
            {"lookups": 44, "days": 30, "mean": 1.8, "sd": 1.2, "peer_mean": None},
            "44 lookups in the day, far above the user's own daily mean of 1.8 over the previous 30 days "
            "(standard deviation 1.2); no peers of the same unit and title to compare with",
        ),
        ("outside_area", {"area": "田寮區", "areas": None}, "First lookup of a subject outside the user's area (田寮區); the areas the user usually looks up: none"),
        ("relative", {"relation": "配偶", "basis": "財產申報之親屬資料"}, "The subject is the user's spouse (according to the relatives named in asset declarations)"),
        ("relative", {"relation": "舅舅", "basis": "里長證明"}, "The subject is the user's 舅舅 (according to 里長證明)"),
        ("prior_offender", {"days": 1, "alerts": 2}, "Misuse was confirmed before, and there are 2 alerts again this period"),
        ("mismatch", {"month": "2021-08", "order": 2, "note": "查無登記"}, "Manual sample check, 110/08 no. 2, did not match: 查無登記"),
    ],
)  # fmt: skip
def test_wordings_in_english(kind, facts, english):
    with translation.override("en"):
        assert reason_text(kind, facts, "stored") == english


@pytest.mark.parametrize(
    ("kind", "facts", "chinese"),
    [
        ("relative", {"relation": None, "basis": None}, "當事人是查閱者的親屬（依親屬資料）"),
        ("outside_area", {"area": "田寮區", "areas": None}, "首次查閱轄區外（田寮區）的當事人；查閱者平常查閱的區域：無"),
        ("prior_offender", {"days": 1, "alerts": 2}, "曾經確認不當查閱，本期又有 2 則警示"),
        (
            "daily_volume",
            {"lookups": 40, "days": 30, "mean": 10.0, "sd": 0.0, "peer_mean": None},
            "當日查閱 40 筆，遠高於本人前 30 日的每日平均 10.0 筆（標準差 0.0）；無同單位同職稱可比較",
        ),
        ("mismatch", {"month": "2021-08", "order": 2, "note": "查無登記"}, "人工抽查 110年8月 第 2 筆核對不符：查無登記"),
    ],
)  # fmt: skip
def test_wordings_the_generated_log_does_not_reach_match_the_rules_defaults(kind, facts, chinese):
    with translation.override("zh-hant"):
        assert reason_text(kind, facts, "stored") == chinese


@pytest.mark.parametrize(
    ("kind", "facts"),
    [("coworker", {}), ("coworker", {"name": "林淑芬"}), ("manual", {"x": 1}), ("daily_volume", {"lookups": 3})],
)
def test_without_the_facts_a_wording_needs_the_stored_text_shows(kind, facts):
    with translation.override("en"):
        assert (
            reason_text(kind, facts, "當事人「林淑芬」是查閱者同單位的同仁") == "當事人「林淑芬」是查閱者同單位的同仁"
        )


def test_a_runs_alerts_keep_their_facts_and_pages_say_the_reason_in_the_readers_language(designated, loaded, clients):
    from django.urls import reverse

    from probity.accessaudit.models import Alert

    alert = Alert.objects.filter(system=loaded.system, kind="night").order_by("pk").first()
    assert alert.facts == {
        "time": alert.occurred_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%H:%M"),
        "holiday": None,
        "weekday": (alert.day.isoweekday() % 7),
        "start": "08:00",
        "end": "18:00",
    }
    english = f"Looked up at {alert.facts['time']}, outside office hours (08:00–18:00)"
    client = clients["officer"]
    assert alert.reason in client.get(alert.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    detail = client.get(alert.get_absolute_url()).content.decode()
    assert f'<dd class="aa-reason">{english}</dd>' in detail
    listed = client.get(reverse("accessaudit:alert_list"), {"kind": "night"}).content.decode()
    assert f'">{english}</a>' in listed
    export = client.get(reverse("accessaudit:alert_export"), {"kind": "night", "format": "csv"})
    assert english in b"".join(export.streaming_content).decode("utf-8-sig")
    alert.refresh_from_db()
    assert alert.reason.startswith("於下班時間 ")
