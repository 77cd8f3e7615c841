"""The complainant's protection against retaliation: the watch, its checks, its end, its pages and worklist."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.complaints import domain, queries
from probity.complaints.enums import Action, EventKind, RetaliationRisk, RiskFactor
from probity.complaints.models import Event, ProtectionCheck, ProtectionWatch
from probity.core.worklists import worklists_for
from tests.complaints.conftest import IDENTITY, make_complaint
from tests.complaints.test_views import READ_EXPECT, ROLES, WRITE_EXPECT

TODAY = dt.date(2026, 11, 27)
MEASURES = "請機關暫緩檢舉人之調動案。"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(domain, "_today", lambda: TODAY)
    monkeypatch.setattr(queries, "_today", lambda: TODAY)


def _watch(complaint, risk=RetaliationRisk.MEDIUM, on=dt.date(2021, 8, 2)) -> ProtectionWatch:
    return domain.open_protection_watch(
        complaint,
        actor=None,
        risk=risk,
        insider=True,
        factors=[RiskFactor.THREATENED, RiskFactor.SUBORDINATE],
        measures=MEASURES,
        on=on,
    )


def _close(complaint, on: dt.date) -> None:
    for action in (Action.ACCEPT, Action.INVESTIGATE):
        domain.apply_transition(complaint, actor=None, action=action, on=complaint.received_on)
    domain.apply_transition(complaint, actor=None, action=Action.CLEAR, on=on, outcome_summary="查無不法。")
    complaint.refresh_from_db()


def test_opening_a_watch_sets_the_first_check_by_risk_and_audits_no_measures(complaint, cast):
    watch = domain.open_protection_watch(
        complaint,
        actor=cast.officer,
        risk=RetaliationRisk.HIGH,
        insider=True,
        factors=[RiskFactor.THREATENED, RiskFactor.SUBORDINATE, RiskFactor.THREATENED],
        measures=MEASURES,
        on=dt.date(2021, 8, 2),
    )
    assert (watch.opened_on, watch.next_check_on, watch.ended_on) == (dt.date(2021, 8, 2), dt.date(2021, 9, 1), None)
    assert watch.factors == ["subordinate", "threatened"]  # in the choices' order, once each
    assert watch.factor_labels == ["檢舉人是被檢舉人的部屬", "檢舉人已受威脅或騷擾"]
    event = Event.objects.get(complaint=complaint, kind=EventKind.PROTECTION)
    assert event.detail == "開始追蹤（遭報復風險：高）"
    audit = AuditEvent.objects.get(verb="complaints.protection.opened")
    assert audit.data == {
        "risk": "high",
        "insider": True,
        "factors": ["subordinate", "threatened"],
        "on": "2021-08-02",
    }
    assert MEASURES not in str(audit.data)


def test_a_case_has_one_watch_and_none_opened_in_the_future(complaint):
    with pytest.raises(ValidationError) as error:
        domain.open_protection_watch(complaint, actor=None, risk=RetaliationRisk.LOW, on=TODAY + dt.timedelta(days=1))
    assert error.value.message_dict == {"on": ["日期不能晚於今天。"]}
    _watch(complaint)
    with pytest.raises(ValidationError) as error:
        _watch(complaint)
    assert error.value.messages == ["本案已在追蹤檢舉人保護。"]
    assert ProtectionWatch.objects.count() == 1


def test_a_clear_check_keeps_the_interval_and_a_concern_brings_the_next_one_closer(complaint, cast):
    watch = _watch(complaint)
    assert watch.next_check_on == dt.date(2021, 10, 31)
    domain.record_protection_check(watch, actor=cast.officer, checked_on=dt.date(2021, 11, 1), result="none")
    watch.refresh_from_db()
    assert watch.next_check_on == dt.date(2022, 1, 30)
    check = domain.record_protection_check(
        watch, actor=cast.officer, checked_on=dt.date(2022, 1, 28), result="adverse_measure", note="遭調離原職務"
    )
    watch.refresh_from_db()
    assert watch.next_check_on == dt.date(2022, 2, 27)
    assert (check.checked_by, check.get_result_display()) == (cast.officer, "疑有不利人事措施")
    details = list(Event.objects.filter(kind=EventKind.PROTECTION).values_list("detail", flat=True))
    assert details[1:] == ["追蹤 110/11/01：未發現不利情事", "追蹤 111/01/28：疑有不利人事措施"]
    audit = AuditEvent.objects.filter(verb="complaints.protection.checked").order_by("id").last()
    assert audit.data == {"result": "adverse_measure", "checked_on": "2022-01-28", "ended": False}


def test_a_check_cannot_come_before_the_watch_or_after_today(complaint):
    watch = _watch(complaint)
    for day, message in (
        (dt.date(2021, 8, 1), "日期不能早於開始追蹤日期（110/08/02）。"),
        (TODAY + dt.timedelta(1), "日期不能晚於今天。"),
    ):
        with pytest.raises(ValidationError) as error:
            domain.record_protection_check(watch, actor=None, checked_on=day, result="none")
        assert error.value.message_dict == {"checked_on": [message]}
    assert ProtectionCheck.objects.count() == 0


def test_the_watch_ends_with_a_clear_check_a_year_after_closure(complaint):
    watch = _watch(complaint)
    _close(complaint, dt.date(2021, 10, 1))
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2022, 9, 30), result="none")
    watch.refresh_from_db()
    assert (watch.ended_on, watch.next_check_on) == (None, dt.date(2022, 12, 29))  # a day short of the year
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2022, 10, 1), result="threat")
    watch.refresh_from_db()
    assert (watch.ended_on, watch.next_check_on) == (None, dt.date(2022, 10, 31))  # a concern never ends it
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2022, 10, 31), result="none")
    watch.refresh_from_db()
    assert (watch.ended_on, watch.next_check_on) == (dt.date(2022, 10, 31), None)
    with pytest.raises(ValidationError) as error:
        domain.record_protection_check(watch, actor=None, checked_on=dt.date(2022, 11, 1), result="none")
    assert error.value.messages == ["這項保護追蹤已結束。"]


def test_an_open_case_keeps_its_watch_however_long(complaint):
    watch = _watch(complaint)
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2024, 1, 1), result="none")
    watch.refresh_from_db()
    assert watch.ended_on is None


# Pages --------------------------------------------------------------------------------------------------------------


def _requests(complaint):
    return {
        "open": (
            reverse("complaints:protection_open", args=[complaint.code]),
            {"risk": "high", "insider": "on", "factors": ["threatened"], "measures": MEASURES, "on": "110/08/03"},
        ),
        "check": (
            reverse("complaints:protection_check", args=[complaint.code]),
            {"checked_on": "110/09/01", "result": "none", "note": "檢舉人表示無異狀"},
        ),
        "revise": (
            reverse("complaints:protection_revise", args=[complaint.code]),
            {"risk": "high", "factors": ["threatened"], "measures": MEASURES},
        ),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["open", "check", "revise"])
def test_write_views_by_role(clients, complaint, role, action):
    if action != "open":
        _watch(complaint)
    url, data = _requests(complaint)[action]
    response = clients[role].post(url, data)
    assert response.status_code == WRITE_EXPECT[role]
    wrote = WRITE_EXPECT[role] == 302 and role != "anonymous"
    if action == "open":
        assert ProtectionWatch.objects.count() == int(wrote)
    elif action == "check":
        assert ProtectionCheck.objects.count() == int(wrote)
    else:
        assert ProtectionWatch.objects.get().risk == ("high" if wrote else "medium")


def test_an_officer_opens_and_checks_a_watch_from_the_case_page(clients, complaint):
    client = clients["officer"]
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert reverse("complaints:protection_open", args=[complaint.code]) in page
    for name in ("open", "check"):
        url, data = _requests(complaint)[name]
        response = client.post(url, data)
        assert response["Location"] == complaint.get_absolute_url() + "#protection"
    watch = ProtectionWatch.objects.get()
    assert (watch.risk, watch.insider, watch.factors, watch.opened_on) == (
        "high",
        True,
        ["threatened"],
        dt.date(2021, 8, 3),
    )
    assert watch.next_check_on == dt.date(2021, 10, 1)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert '<span class="badge risk-high">高</span> · 檢舉人為被檢舉機關人員' in page
    assert '<dd data-testid="next-check">110/10/01</dd>' in page
    assert (
        '<td>110/09/01</td><td><span class="badge protection-none">未發現不利情事</span></td><td>檢舉人表示無異狀</td>'
        in page
    )


def test_a_bad_check_is_shown_on_the_case_page_and_changes_nothing(clients, complaint):
    _watch(complaint)
    url = reverse("complaints:protection_check", args=[complaint.code])
    response = clients["officer"].post(url, {"checked_on": "110/08/01", "result": "none"})
    assert response.status_code == 400
    assert response.context["protection_check_form"].errors == {
        "checked_on": ["日期不能早於開始追蹤日期（110/08/02）。"]
    }
    assert ProtectionCheck.objects.count() == 0


def test_checking_a_case_without_a_watch_is_not_found(clients, complaint):
    url, data = _requests(complaint)["check"]
    assert clients["officer"].post(url, data).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_protection_list_by_role(clients, cast, complaint, role):
    _watch(complaint)
    other = make_complaint(cast, agency=cast.agency_b, identity=IDENTITY)
    _watch(other)
    response = clients[role].get(reverse("complaints:protection_list"))
    assert response.status_code == (302 if role == "anonymous" else READ_EXPECT["admin"])
    if role != "anonymous":
        units = sorted(watch.complaint.unit.name for watch in response.context["page"])
        assert units == {"admin": ["乙局政風室", "甲局政風室"], "auditor": ["乙局政風室", "甲局政風室"]}.get(
            role, ["甲局政風室"] if role == "officer" else ["乙局政風室"]
        )


def test_protection_list_filters_by_state_and_marks_overdue_checks(clients, cast, complaint):
    due = _watch(complaint)  # next check 110/10/31, long past
    later = _watch(make_complaint(cast, identity=IDENTITY, summary="另案"), on=TODAY - dt.timedelta(days=10))
    ended = _watch(make_complaint(cast, identity=IDENTITY, summary="已結束案"))
    ProtectionWatch.objects.filter(pk=ended.pk).update(ended_on=dt.date(2023, 1, 1), next_check_on=None)
    domain.record_protection_check(due, actor=None, checked_on=dt.date(2021, 8, 20), result="threat")
    client = clients["officer"]
    url = reverse("complaints:protection_list")

    def listed(state):
        return [watch.pk for watch in client.get(url, {"state": state}).context["page"]]

    assert listed("") == [due.pk, later.pk, ended.pk]
    assert listed("due") == [due.pk]
    assert listed("active") == [due.pk, later.pk]
    assert listed("ended") == [ended.pk]
    page = client.get(url).content.decode()
    assert '<span class="overdue">110/09/19</span>' in page
    assert '110/08/20 <span class="badge protection-threat">人身安全或騷擾疑慮</span>' in page
    assert "已於 112/01/01 結束" in page


def test_protection_list_sorts_by_risk_in_its_order_and_exports_in_that_order(clients, cast, complaint):
    high = _watch(complaint, risk=RetaliationRisk.HIGH)
    low = _watch(make_complaint(cast, identity=IDENTITY, summary="低風險案"), risk=RetaliationRisk.LOW)
    medium = _watch(make_complaint(cast, identity=IDENTITY, summary="中風險案"), risk=RetaliationRisk.MEDIUM)
    client = clients["officer"]
    url = reverse("complaints:protection_list")
    assert [watch.pk for watch in client.get(url, {"sort": "risk"}).context["page"]] == [low.pk, medium.pk, high.pk]
    assert [watch.pk for watch in client.get(url, {"sort": "-risk"}).context["page"]] == [high.pk, medium.pk, low.pk]
    export = client.get(url, {"sort": "-risk", "format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["高", "中", "低"]


def test_protection_list_query_count_does_not_grow(clients, cast, django_assert_num_queries):
    client = clients["officer"]
    url = reverse("complaints:protection_list")

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries_run:
            client.get(url)
        return len(queries_run)

    _watch(make_complaint(cast, identity=IDENTITY))
    few = count_queries()
    for _ in range(5):
        watch = _watch(make_complaint(cast, identity=IDENTITY))
        domain.record_protection_check(watch, actor=None, checked_on=dt.date(2021, 9, 1), result="none")
    assert count_queries() == few


def test_the_dashboard_counts_checks_due_in_the_users_scope(cast, complaint):
    _watch(complaint)
    _watch(make_complaint(cast, agency=cast.agency_b, identity=IDENTITY))
    _watch(make_complaint(cast, identity=IDENTITY), on=TODAY)

    def due_for(user) -> int:
        entry = next(e for e in worklists_for(user) if e.key == "complaints.protection_due")
        return entry.items_for(user).count()

    assert (due_for(cast.officer), due_for(cast.admin)) == (1, 2)


def test_the_case_page_in_english_names_the_risk_and_the_result(clients, complaint):
    watch = _watch(complaint, risk=RetaliationRisk.HIGH)
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2021, 9, 1), result="adverse_measure")
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(complaint.get_absolute_url()).content.decode()
    section = page[page.index('id="protection"') : page.index("<h2>History</h2>")]
    assert re.search(r"[\u4e00-\u9fff]", section.replace(MEASURES, "")) is None


def test_an_unknown_risk_or_result_is_refused_by_field(complaint):
    with pytest.raises(ValidationError) as error:
        domain.open_protection_watch(complaint, actor=None, risk="extreme")
    assert list(error.value.message_dict) == ["risk"]
    with pytest.raises(ValidationError) as error:
        domain.open_protection_watch(complaint, actor=None, risk="low", factors=["subordinate", "astrology"])
    assert error.value.message_dict == {"factors": ["沒有這個風險因素：astrology"]}
    watch = _watch(complaint)
    with pytest.raises(ValidationError) as error:
        domain.record_protection_check(watch, actor=None, checked_on=dt.date(2021, 9, 1), result="fine")
    assert list(error.value.message_dict) == ["result"]
    assert ProtectionCheck.objects.count() == 0


def test_a_higher_risk_brings_the_next_check_forward_and_a_lower_one_never_postpones_it(complaint, cast):
    watch = _watch(complaint)  # medium, opened 110/08/02: next check 110/10/31
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2021, 8, 20), result="none")
    watch = domain.revise_protection_watch(
        watch, actor=cast.officer, risk=RetaliationRisk.HIGH, insider=True, factors=["threatened"], measures="x"
    )
    assert (watch.risk, watch.factors, watch.next_check_on) == ("high", ["threatened"], dt.date(2021, 9, 19))
    watch = domain.revise_protection_watch(watch, actor=cast.officer, risk=RetaliationRisk.LOW)
    assert watch.next_check_on == dt.date(2021, 9, 19)
    details = list(Event.objects.filter(kind=EventKind.PROTECTION).values_list("detail", flat=True))
    assert details[-2:] == ["重新評估遭報復風險：中 → 高", "重新評估遭報復風險：高 → 低"]
    audit = AuditEvent.objects.filter(verb="complaints.protection.revised").order_by("id").first()
    assert audit.data == {"risk": "high", "insider": True, "factors": ["threatened"]}


def test_an_ended_watch_is_not_revised(complaint):
    watch = _watch(complaint)
    ProtectionWatch.objects.filter(pk=watch.pk).update(ended_on=dt.date(2023, 1, 1), next_check_on=None)
    with pytest.raises(ValidationError) as error:
        domain.revise_protection_watch(watch, actor=None, risk=RetaliationRisk.HIGH)
    assert error.value.messages == ["這項保護追蹤已結束。"]


def test_the_revision_form_starts_from_the_current_assessment(clients, complaint):
    _watch(complaint)
    form = clients["officer"].get(complaint.get_absolute_url()).context["protection_revise_form"]
    assert form.initial == {
        "risk": "medium",
        "insider": True,
        "factors": ["subordinate", "threatened"],
        "measures": MEASURES,
    }
    assert "on" not in form.fields


@pytest.mark.parametrize("role", ROLES)
def test_the_protection_list_exports_without_the_measures(clients, cast, complaint, role):
    watch = _watch(complaint)
    domain.record_protection_check(watch, actor=None, checked_on=dt.date(2021, 8, 20), result="threat")
    response = clients[role].get(reverse("complaints:protection_list"), {"format": "csv"})
    if role == "anonymous":
        assert response.status_code == 302
        return
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "案號",
        "案由",
        "承辦政風機構",
        "遭報復風險",
        "檢舉人為被檢舉機關人員",
        "風險因素",
        "開始追蹤日期",
        "最近追蹤",
        "追蹤結果",
        "下次追蹤日期",
        "結束追蹤日期",
    ]
    expected = [
        complaint.number,
        "甲局辦理採購涉有綁標情事",
        "甲局政風室",
        "中",
        "是",
        "檢舉人是被檢舉人的部屬、檢舉人已受威脅或騷擾",
        "110/08/02",
        "110/08/20",
        "人身安全或騷擾疑慮",
        "110/09/19",
        "",
    ]
    assert rows[1:] == ([] if role == "outsider" else [expected])
    assert all(MEASURES not in cell for row in rows for cell in row)
