"""One lookup can raise several alerts (unexplained and a relative's at once): the alert page shows the others
and can decide them together."""

import pytest
from django.db.models import Count
from django.urls import reverse

from probity.accessaudit import domain, queries
from probity.accessaudit.enums import Decision
from probity.accessaudit.models import Alert
from probity.activities.models import Inspection
from probity.audit.models import AuditEvent


def _first_lookup(system, **alerts_raised) -> int:
    """The first lookup whose number of alerts ``n`` meets the condition given (n=1, n__gte=3)."""
    counted = Alert.objects.filter(system=system, lookup_id__isnull=False).values("lookup_id").annotate(n=Count("pk"))
    return counted.filter(**alerts_raised).order_by("lookup_id").values_list("lookup_id", flat=True).first()


@pytest.fixture
def lookup_alerts(designated, loaded) -> list[Alert]:
    """The alerts of the first lookup that raised three or more, highest score first."""
    lookup_id = _first_lookup(loaded.system, n__gte=3)
    return list(Alert.objects.filter(system=loaded.system, lookup_id=lookup_id).order_by("-score", "rule", "kind"))


def _decide(clients, alert, **data):
    return clients["officer"].post(reverse("accessaudit:alert_decide", args=[alert.code]), data)


def test_the_page_shows_the_lookups_other_alerts_apart_from_the_accounts(lookup_alerts, clients, cast):
    first, *others = lookup_alerts
    assert list(queries.alerts_of_same_lookup(cast.officer, first)) == others
    response = clients["officer"].get(first.get_absolute_url())
    page = response.content.decode()
    section = page.split('id="same-lookup"', 1)[1].split("</section>", 1)[0]
    assert section.count("<tr><td>") == len(others)
    for other in others:
        assert other.get_absolute_url() in section
    assert not {other.pk for other in others} & {alert.pk for alert in response.context["related"]}
    label = f"一併套用於同一筆查閱的另 {len(others)} 則待審警示"
    assert label in page


def test_ticked_the_decision_covers_the_lookups_pending_alerts_only(lookup_alerts, clients, cast):
    first, decided_before, *pending = lookup_alerts
    domain.decide_alert(alert=decided_before, decision=Decision.JUSTIFIED, note="已有公文", actor=cast.officer)
    page = clients["officer"].get(first.get_absolute_url()).content.decode()
    assert f"一併套用於同一筆查閱的另 {len(pending)} 則待審警示" in page
    events = AuditEvent.objects.filter(verb="accessaudit.alert.decide").count()
    response = _decide(clients, first, decision="inquiry", note="待查詢簿", with_same_lookup="on")
    assert response.status_code == 302
    decisions = dict(Alert.objects.filter(pk__in=[a.pk for a in lookup_alerts]).values_list("pk", "decision"))
    assert decisions == {
        first.pk: Decision.INQUIRY,
        decided_before.pk: Decision.JUSTIFIED,
        **{alert.pk: Decision.INQUIRY for alert in pending},
    }
    assert AuditEvent.objects.filter(verb="accessaudit.alert.decide").count() == events + 1 + len(pending)
    page = clients["officer"].get(response["Location"]).content.decode()
    assert f"已記錄 {1 + len(pending)} 則警示的審查結果。" in page


def test_unticked_only_the_alert_is_decided(lookup_alerts, clients):
    first, *others = lookup_alerts
    response = _decide(clients, first, decision="justified", note="")
    assert response.status_code == 302
    assert Alert.objects.get(pk=first.pk).decision == Decision.JUSTIFIED
    assert {alert.decision for alert in Alert.objects.filter(pk__in=[a.pk for a in others])} == {Decision.OPEN}


def test_a_confirmed_misuse_feeds_one_finding_and_one_inspection_with_all_of_them(lookup_alerts, clients):
    first, *others = lookup_alerts
    response = _decide(clients, first, decision="misuse", note="無公務需要", with_same_lookup="on")
    alerts = Alert.objects.filter(pk__in=[a.pk for a in lookup_alerts])
    assert {alert.decision for alert in alerts} == {Decision.MISUSE}
    assert len({alert.finding_id for alert in alerts}) == 1
    finding = alerts.first().finding
    assert response["Location"] == finding.get_absolute_url()
    assert Inspection.objects.filter(pk=finding.inspection_id).count() == 1
    assert len(finding.summary.splitlines()) == len(lookup_alerts)


def test_a_misuse_without_a_note_decides_none_of_them(lookup_alerts, clients):
    first, *_others = lookup_alerts
    response = _decide(clients, first, decision="misuse", note="", with_same_lookup="on")
    assert response.status_code == 400
    assert {a.decision for a in Alert.objects.filter(pk__in=[a.pk for a in lookup_alerts])} == {Decision.OPEN}


def test_a_lookup_with_one_alert_offers_nothing_more(designated, loaded, clients):
    alert = Alert.objects.get(system=loaded.system, lookup_id=_first_lookup(loaded.system, n=1))
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert 'id="same-lookup"' not in page
    assert "一併套用" not in page
    assert _decide(clients, alert, decision="justified", with_same_lookup="on").status_code == 302


def test_the_outsider_cannot_decide_them(lookup_alerts, clients):
    first, *others = lookup_alerts
    assert (
        _decide({"officer": clients["outsider"]}, first, decision="justified", with_same_lookup="on").status_code == 404
    )
    assert {a.decision for a in Alert.objects.filter(pk__in=[a.pk for a in lookup_alerts])} == {Decision.OPEN}


def test_the_choice_reads_in_english(lookup_alerts, clients):
    first, *others = lookup_alerts
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(first.get_absolute_url()).content.decode()
    assert "Other alerts on the same lookup" in page
    assert f"Apply it also to the {len(others)} other pending alerts on this lookup" in page
