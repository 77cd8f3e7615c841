"""The queue's search reads the account, the staff name, the stored (Chinese) reason, the subject, and the
alert's type in the page's language, so that a search in English finds alerts by what they are."""

import pytest
from django.urls import reverse

from tests.accessaudit.conftest import make_alert


@pytest.fixture
def alerts(designated, system):
    return {
        "holiday": make_alert(
            system, rule="offhours", kind="holiday", account="HR010", reason="於放假日（中秋節）10:00 查閱"
        ),
        "weekend": make_alert(system, rule="offhours", kind="weekend", account="HR011", reason="於星期日 10:00 查閱"),
        "vip": make_alert(
            system, rule="relationship", kind="vip", account="HR012", reason="當事人「王大明」列為重要人士（VIP）"
        ),
        "export": make_alert(system, rule="bulk", kind="export", account="HR013", reason="一次匯出 500 筆資料"),
    }


def _found(client, q: str, language: str) -> list[str]:
    client.cookies["django_language"] = language
    page = client.get(reverse("accessaudit:alert_list"), {"q": q}).context["page"]
    return sorted(alert.account for alert in page.object_list)


@pytest.mark.parametrize(
    ("q", "language", "accounts"),
    [
        ("holiday", "en", ["HR010"]),  # "Holiday or day off": the type in English
        ("HOLIDAY", "en", ["HR010"]),
        ("prominent", "en", ["HR012"]),  # "Lookup of a prominent person"
        ("bulk", "en", ["HR013"]),  # "Bulk export"
        ("VIP", "en", ["HR012"]),  # words of the stored reason still match
        ("放假日", "zh-hant", ["HR010"]),
        ("週末", "zh-hant", ["HR011"]),  # the type; the reason says 星期日
        ("holiday", "zh-hant", []),  # in Chinese the English name is not searched
        ("HR011", "en", ["HR011"]),
    ],
)
def test_search_reads_the_type_in_the_pages_language(alerts, clients, q, language, accounts):
    assert _found(clients["officer"], q, language) == accounts
