"""Bulk triage from the alert queue: one decision for the alerts ticked on a page, all or nothing."""

import datetime as dt
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from probity.accessaudit import domain
from probity.accessaudit.enums import Decision
from probity.accessaudit.forms import BULK_LIMIT
from probity.accessaudit.models import AccessAuditFinding, Alert
from probity.activities.models import Inspection
from probity.audit.models import AuditEvent
from tests.accessaudit.conftest import make_alert

URL = reverse("accessaudit:alert_bulk_decide")


@pytest.fixture
def alerts(designated, system):
    """Three open alerts of one account in August 110 (unit A), as a rule run would leave them."""
    return [
        Alert.objects.create(
            system=system,
            unit=system.unit,
            rule="offhours",
            kind="offhours",
            lookup_id=100 + n,
            account="HR00007",
            staff_name="林怡君",
            subject_id=f"A1000000{n:02d}",
            day=dt.date(2021, 8, n),
            score=1.0,
            reason=f"下班時間查閱（8 月 {n} 日 22:00）",
        )
        for n in (2, 3, 4)
    ]


def _post(client, alerts, **data):
    return client.post(URL, {"alerts": [str(alert.code) for alert in alerts], "back": "/accessaudit/?page=2", **data})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _decisions(alerts) -> list[str]:
    return [Alert.objects.get(pk=alert.pk).decision for alert in alerts]


@pytest.mark.parametrize(
    ("role", "expected", "decided"),
    [("officer", 302, 2), ("admin", 302, 2), ("outsider", 404, 0), ("auditor", 403, 0), ("anonymous", 302, 0)],
)
def test_bulk_decision_by_role(alerts, clients, role, expected, decided):
    response = _post(clients[role], alerts[:2], decision="justified", note="值班查詢，已補登")
    assert response.status_code == expected
    assert Alert.objects.filter(decision=Decision.JUSTIFIED).count() == decided


def test_ticked_alerts_get_the_decision_each_with_its_own_audit_event(alerts, clients, cast):
    response = _post(clients["officer"], alerts[:2], decision="justified", note="值班查詢，已補登")
    assert response.url == "/accessaudit/?page=2"
    assert _messages(response) == ["已將 2 筆警示記為「查有正當事由」。"]
    assert _decisions(alerts) == ["justified", "justified", "open"]
    decided = Alert.objects.filter(decision=Decision.JUSTIFIED)
    assert {(a.note, a.decided_by) for a in decided} == {("值班查詢，已補登", cast.officer)}
    events = AuditEvent.objects.filter(verb="accessaudit.alert.decide").order_by("id")
    assert [event.target_code for event in events] == [str(alerts[0].code), str(alerts[1].code)]


def test_bulk_misuse_feeds_one_finding_and_one_inspection(alerts, clients):
    _post(clients["officer"], alerts, decision="misuse", note="無公務需要，已坦承")
    finding = AccessAuditFinding.objects.get()
    assert (finding.account, finding.month, finding.alerts.count()) == ("HR00007", "2021-08", 3)
    inspection = Inspection.objects.get()
    assert inspection == finding.inspection
    assert inspection.findings.splitlines()[0] == "戶役政資訊系統帳號 HR00007 於 110年8月 經審查確認不當查閱 3 筆："
    # The inspection is written once, with all three, not once per alert.
    verbs = AuditEvent.objects.filter(verb__startswith="activities.inspection.").values_list("verb", flat=True)
    assert list(verbs) == ["activities.inspection.created"]
    assert AuditEvent.objects.filter(verb="accessaudit.alert.decide").count() == 3


def test_misuse_without_a_note_is_refused_once(alerts, clients):
    response = _post(clients["officer"], alerts, decision="misuse", note=" ")
    assert _messages(response) == ["未記錄任何審查結果：確認不當查閱時請填寫審查說明。"]
    assert _decisions(alerts) == ["open", "open", "open"]


def test_one_alert_that_cannot_take_the_decision_refuses_the_whole_batch(alerts, clients, cast):
    domain.decide_alert(alert=alerts[1], decision=Decision.JUSTIFIED, note="", actor=cast.officer)
    events = AuditEvent.objects.count()
    response = _post(clients["officer"], alerts, decision="inquiry", note="函請說明")
    assert _messages(response) == [
        "未記錄任何審查結果：110/08/03 帳號 HR00007：警示目前為「查有正當事由」，不能改為「需進一步查證」。"
    ]
    assert _decisions(alerts) == ["open", "justified", "open"]
    assert AuditEvent.objects.count() == events


def test_an_alert_outside_the_users_scope_makes_the_batch_a_404(alerts, clients, cast, system):
    foreign = make_alert(
        system,
        unit=cast.unit_b,
        rule="bulk",
        kind="print",
        account="X1",
        day=dt.date(2021, 8, 5),
        score=2.0,
        reason="批次列印",
    )
    response = _post(clients["officer"], [alerts[0], foreign], decision="justified")
    assert response.status_code == 404
    assert _decisions([alerts[0], foreign]) == ["open", "open"]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        ([], "請勾選要審查的警示。"),
        (None, "請選擇審查結果。"),
        (["not-a-code"], "警示代碼不正確。"),
        ([str(uuid.uuid4()) for _ in range(BULK_LIMIT + 1)], "一次最多審查 100 筆警示。"),
    ],
)
def test_a_bad_selection_is_refused_with_a_message(alerts, clients, codes, message):
    data = {"alerts": codes, "decision": "justified", "back": "/accessaudit/"}
    if codes is None:  # alerts ticked, no decision chosen
        data.update(alerts=[str(alerts[0].code)], decision="")
    response = clients["officer"].post(URL, data)
    assert response.url == "/accessaudit/"
    assert _messages(response) == [message]
    assert _decisions(alerts) == ["open", "open", "open"]


def test_the_return_address_must_be_this_site(alerts, clients):
    response = clients["officer"].post(
        URL, {"alerts": [str(alerts[0].code)], "decision": "justified", "back": "https://evil.example/"}
    )
    assert response.url == reverse("accessaudit:alert_list")


def test_the_queue_offers_a_tick_box_for_each_undecided_alert_only(alerts, clients, cast):
    domain.decide_alert(alert=alerts[0], decision=Decision.JUSTIFIED, note="", actor=cast.officer)
    domain.decide_alert(alert=alerts[1], decision=Decision.INQUIRY, note="", actor=cast.officer)
    page = clients["officer"].get(reverse("accessaudit:alert_list")).content.decode()
    assert f'value="{alerts[0].code}" form="bulk-decide"' not in page
    assert f'value="{alerts[1].code}" form="bulk-decide"' in page
    assert f'value="{alerts[2].code}" form="bulk-decide"' in page
    assert 'id="bulk-decide"' in page
    assert '<option value="" selected>請選擇…</option>' in page
