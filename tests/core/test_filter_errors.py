"""A list under a filter it cannot read lists nothing, says why, and exports nothing: never the unfiltered rows."""

import datetime as dt

import pytest
from django.urls import reverse

from probity.audit.models import AuditEvent
from tests.prevention.conftest import make_action, make_audit

LISTS_NOTHING = "條件有誤，更正前不列出紀錄。"


def _names(response, attribute):
    return [getattr(obj, attribute) for obj in response.context["page"]]


def test_an_agency_list_with_an_unknown_kind_lists_nothing_and_says_which_field(clients):
    client = clients["admin"]
    assert _names(client.get(reverse("org:agency_list"), {"kind": "subordinate"}), "name") == ["甲局所屬機關"]
    response = client.get(reverse("org:agency_list"), {"kind": "no-such-kind", "q": "甲"})
    assert response.status_code == 200
    assert _names(response, "name") == []
    page = response.content.decode()
    assert '<div class="errorlist-box filter-errors" role="alert"><p>類型：' in page
    assert LISTS_NOTHING in page


def test_a_valid_filter_shows_no_error_box(clients):
    page = clients["admin"].get(reverse("org:agency_list"), {"kind": "subordinate"}).content.decode()
    assert "filter-errors" not in page
    assert LISTS_NOTHING not in page


def test_the_audit_trail_with_an_unreadable_date_lists_no_events(clients):
    client = clients["admin"]
    assert len(_names(client.get(reverse("audit:event_list")), "verb")) == AuditEvent.objects.count() > 0
    response = client.get(reverse("audit:event_list"), {"since": "110/13/40"})
    assert _names(response, "verb") == []
    assert LISTS_NOTHING in response.content.decode()


def test_an_export_under_an_unreadable_period_holds_the_header_alone(clients, cast):
    make_audit(cast.agency_a, title="稽核甲")
    url = reverse("prevention:audit_list")
    rows = clients["officer"].get(url, {"export": "csv", "period": "110H2"}).getvalue().decode("utf-8-sig")
    assert len(rows.splitlines()) == 2
    rows = clients["officer"].get(url, {"export": "csv", "period": "110H9"}).getvalue().decode("utf-8-sig")
    assert len(rows.splitlines()) == 1
    assert rows.startswith("稽核名稱,機關")


def test_a_record_list_under_an_unreadable_period_lists_nothing(clients, cast):
    make_action(cast.agency_a, subject="採購案", raised_on=dt.date(2021, 8, 1))
    url = reverse("prevention:action_list")
    rows = lambda params: [obj.subject for obj, _cells in clients["officer"].get(url, params).context["rows"]]  # noqa: E731
    assert rows({"period": "110H2"}) == ["採購案"]
    assert rows({"period": "nonsense"}) == []


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_indicators_page_says_it_fell_back_to_the_default(clients, language):
    client = clients["admin"]
    client.cookies["django_language"] = language
    page = client.get(reverse("reports:indicators"), {"period": "nonsense"}).content.decode()
    expected = {"zh-hant": "條件有誤的欄位依預設值顯示。", "en": "Fields with errors are shown at their defaults."}
    assert expected[language] in page
    assert LISTS_NOTHING not in page


def test_the_message_reads_in_english(clients):
    client = clients["admin"]
    client.cookies["django_language"] = "en"
    page = client.get(reverse("org:agency_list"), {"kind": "no-such-kind"}).content.decode()
    assert "The filter has errors; no records are listed until they are corrected." in page
