"""The alert queue pages through alerts that tie on score, day and account without repeating or losing one.

A thousand tied alerts: PostgreSQL sorts a page's worth of them with a bounded heap, which returns ties in a
different order for each page's limit, unless the ordering ends in a unique key."""

from django.urls import reverse

from probity.accessaudit.models import Alert
from probity.core.paging import PAGE_SIZE
from tests.accessaudit.conftest import new_alert

TIED = 1000


def test_paging_through_tied_alerts_shows_each_once(designated, system, clients):
    Alert.objects.bulk_create(new_alert(system, reason=f"無案可稽 {n}") for n in range(TIED))
    seen = []
    for number in (1, 2, 3):
        page = clients["officer"].get(reverse("accessaudit:alert_list"), {"page": number}).context["page"]
        seen += [alert.reason for alert in page]
    assert len(set(seen)) == len(seen) == PAGE_SIZE * 3
