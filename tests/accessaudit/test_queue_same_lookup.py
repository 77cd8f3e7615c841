"""The alert queue marks the rows whose lookup raised other alerts too, so they are decided once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.accessaudit.models import Alert
from tests.accessaudit.conftest import make_alert

URL = reverse("accessaudit:alert_list")
DAY = dt.date(2021, 8, 2)


def _alert(system, account: str, lookup_id: int | None, kind: str, *, rule="relationship", day=DAY) -> Alert:
    return make_alert(
        system, rule=rule, kind=kind, account=account, lookup_id=lookup_id, day=day, reason=f"{account} {kind}"
    )


@pytest.fixture
def queue(designated, system) -> dict[str, Alert]:
    """Lookup 7 of HR001 raised three alerts; lookup 8 one; HR002's lookup 7 (another account) one; a volume
    alert has no lookup; lookup 9 raised one alert on each of two days (no lookup spans days: a different one)."""
    return {
        "unexplained": _alert(system, "HR001", 7, "no_explanation", rule="unexplained"),
        "vip": _alert(system, "HR001", 7, "vip"),
        "household": _alert(system, "HR001", 7, "household"),
        "single": _alert(system, "HR001", 8, "vip"),
        "other_account": _alert(system, "HR002", 7, "vip"),
        "volume": _alert(system, "HR003", None, "volume", rule="volume"),
        "day_one": _alert(system, "HR004", 9, "vip"),
        "day_two": _alert(system, "HR004", 9, "vip", day=DAY + dt.timedelta(days=1)),
    }


def _marks(response, queue) -> dict[str, int]:
    name_of = {alert.pk: name for name, alert in queue.items()}
    return {name_of[alert.pk]: alert.same_lookup for alert in response.context["page"]}


def test_each_alert_of_a_lookup_counts_the_others(queue, clients):
    response = clients["officer"].get(URL)
    assert _marks(response, queue) == {
        "unexplained": 2,
        "vip": 2,
        "household": 2,
        "single": 0,
        "other_account": 0,
        "volume": 0,
        "day_one": 0,
        "day_two": 0,
    }
    page = response.content.decode()
    assert page.count("同筆查閱另有 2 則") == 3
    assert page.count('#same-lookup"') == 3
    assert f"{queue['vip'].get_absolute_url()}#same-lookup" in page
    assert f"{queue['single'].get_absolute_url()}#same-lookup" not in page


def test_the_mark_counts_the_whole_lookup_not_the_filtered_rows(queue, clients):
    response = clients["officer"].get(URL, {"rule": "unexplained"})
    assert _marks(response, queue) == {"unexplained": 2}


def test_the_mark_reads_in_english(queue, clients):
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(URL, {"rule": "unexplained"}).content.decode()
    assert "2 more on this lookup" in page


def test_the_outsider_sees_neither_the_rows_nor_their_marks(queue, clients):
    response = clients["outsider"].get(URL)
    assert list(response.context["page"]) == []


def test_marks_take_one_query_for_the_page(designated, system, clients):
    for n in range(3):
        _alert(system, "HR001", n, "vip")
    with CaptureQueriesContext(connection) as few:
        clients["officer"].get(URL)
    for n in range(3, 20):
        _alert(system, "HR001", n, "vip")
        _alert(system, "HR001", n, "household")
    with CaptureQueriesContext(connection) as many:
        clients["officer"].get(URL)
    assert len(many) == len(few)
