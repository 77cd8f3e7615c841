"""The audit trail exports what its page lists, with each event's hashes, and the export is itself audited."""

import csv
import io

import pytest
from django.urls import reverse

from probity.audit.domain import record
from probity.audit.models import AuditEvent
from probity.core import roc


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_only_the_central_administrator_exports_the_trail(clients, role, status):
    before = AuditEvent.objects.count()
    response = clients[role].get(reverse("audit:event_list"), {"format": "csv"})
    assert response.status_code == status
    assert AuditEvent.objects.count() == before + (1 if status == 200 else 0)


def test_the_export_lists_the_filtered_events_with_their_hashes(clients, cast):
    event = record(actor=cast.officer, verb="probity.test.exported", data={"n": 1, "名稱": "甲"})
    record(actor=None, verb="probity.test.other", data={})
    response = clients["admin"].get(reverse("audit:event_list"), {"verb": "probity.test.exported", "format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    header, *rows = _rows(response)
    assert header == [
        "序號",
        "時間",
        "操作者",
        "動作",
        "動作代碼",
        "對象類型",
        "對象代碼",
        "內容",
        "前一筆雜湊",
        "雜湊",
    ]
    when = roc.format_datetime(event.occurred_at)
    data = '{"n": 1, "名稱": "甲"}'
    assert rows == [
        # An unregistered verb has no words: it reads as written.
        [
            str(event.pk),
            when,
            "officer",
            "probity.test.exported",
            "probity.test.exported",
            "",
            "",
            data,
            event.prev_hash,
            event.hash,
        ]
    ]
    exported = AuditEvent.objects.order_by("-id").first()
    assert (exported.verb, exported.actor_id) == ("audit.events.export", cast.admin.pk)
    assert exported.data == {"filters": {"verb": "probity.test.exported", "format": "csv"}, "format": "csv"}


def test_a_bad_filter_exports_no_events(clients):
    response = clients["admin"].get(reverse("audit:event_list"), {"since": "110/13/40", "format": "csv"})
    assert _rows(response)[1:] == []
