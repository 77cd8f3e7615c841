"""Every page and printout that shows staff a declarant's asset data leaves one audit event (domain.record_read);
a read outside the user's scope (404), without the permission (403) or before login records nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.declarations import domain
from tests.declarations.test_reviews import discrepancy

AUDITED_ROLES = ["admin", "officer", "auditor"]


@pytest.fixture
def objects(objects):
    """Unit A's records (conftest), the review with a discrepancy and the declaration it reviews."""
    discrepancy(objects["review"])
    return {**objects, "declaration": objects["review"].declaration}


def _printout(review, fmt=None):
    if fmt:
        return reverse("reports:printout_download", args=["corrected-asset-table", review.code, fmt])
    return reverse("reports:printout", args=["corrected-asset-table", review.code])


# (name, the record's key in ``objects``, its URL, the verb, the target's type)
READS = [
    (
        "declaration",
        "declaration",
        lambda o: reverse("declarations:declaration_detail", args=[o.code]),
        "declarations.declaration.read",
        "declarations.declaration",
    ),
    (
        "review",
        "review",
        lambda o: reverse("declarations:review_detail", args=[o.code]),
        "declarations.review.read",
        "declarations.review",
    ),
    (
        "comparison",
        "run",
        lambda o: reverse("declarations:comparison_detail", args=[o.code]),
        "declarations.comparison.read",
        "declarations.comparisonrun",
    ),
    ("table-page", "review", _printout, "declarations.review.corrected_table_read", "declarations.review"),
    (
        "table-docx",
        "review",
        lambda o: _printout(o, "docx"),
        "declarations.review.corrected_table_read",
        "declarations.review",
    ),
    (
        "table-odt",
        "review",
        lambda o: _printout(o, "odt"),
        "declarations.review.corrected_table_read",
        "declarations.review",
    ),
]
READ_IDS = [read[0] for read in READS]


def _last_event_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _events_since(last: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))


@pytest.mark.parametrize("role", AUDITED_ROLES)
@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_records_one_event_per_read(clients, cast, objects, role, name, key, url, verb, target_type):
    target = objects[key]
    last = _last_event_id()
    assert clients[role].get(url(target)).status_code == 200
    events = _events_since(last)
    assert len(events) == 1
    event = events[0]
    assert event.verb == verb
    assert (event.target_type, event.target_code) == (target_type, str(target.code))
    assert event.actor_id == getattr(cast, role).pk
    assert event.actor_label == getattr(cast, role).get_username()


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_records_each_read_again(clients, objects, name, key, url, verb, target_type):
    last = _last_event_id()
    for _ in range(2):
        assert clients["officer"].get(url(objects[key])).status_code == 200
    assert [event.verb for event in _events_since(last)] == [verb, verb]


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_skips_the_outsiders_404(clients, objects, name, key, url, verb, target_type):
    last = _last_event_id()
    assert clients["outsider"].get(url(objects[key])).status_code == 404
    assert _events_since(last) == []


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_skips_anonymous_visitors(clients, objects, name, key, url, verb, target_type):
    last = _last_event_id()
    response = clients["anonymous"].get(url(objects[key]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("org:login"))
    assert _events_since(last) == []


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_skips_a_user_without_the_permission(objects, name, key, url, verb, target_type):
    """A login that is no staff member (no role, no unit) is refused before any record is read."""
    client = Client()
    client.force_login(get_user_model().objects.create_user(username="stranger", password="correct-horse-battery"))
    last = _last_event_id()
    assert client.get(url(objects[key])).status_code == 403
    assert _events_since(last) == []


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS, ids=READ_IDS)
def test_read_audit_writes_nothing_but_the_event(clients, objects, name, key, url, verb, target_type):
    target = objects[key]
    updated_at = type(target).objects.get(pk=target.pk).updated_at
    with CaptureQueriesContext(connection) as captured:
        assert clients["officer"].get(url(target)).status_code == 200
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    # The session's own bookkeeping aside, the only row written is the audit event.
    assert [sql for sql in writes if "django_session" not in sql] == [
        sql for sql in writes if "audit_auditevent" in sql
    ]
    assert sum("audit_auditevent" in sql for sql in writes) == 1
    assert type(target).objects.get(pk=target.pk).updated_at == updated_at


def test_read_audit_of_a_comparison_says_which_page_and_filter(clients, objects):
    run = objects["run"]
    url = reverse("declarations:comparison_detail", args=[run.code])
    last = _last_event_id()
    clients["auditor"].get(url)
    clients["auditor"].get(f"{url}?all=1&page=1")
    assert [event.data for event in _events_since(last)] == [
        {"page": 1, "flagged_only": True},
        {"page": 1, "flagged_only": False},
    ]


@pytest.mark.parametrize(("name", "key", "url", "verb", "target_type"), READS[:2], ids=READ_IDS[:2])
def test_read_audit_keeps_no_data_of_a_single_record(clients, objects, name, key, url, verb, target_type):
    """The target says whose data was read; no ID number, amount or anything else goes into the event."""
    last = _last_event_id()
    clients["officer"].get(url(objects[key]))
    assert [event.data for event in _events_since(last)] == [{}]


def test_read_audit_of_the_corrected_table_keeps_no_data(clients, objects):
    last = _last_event_id()
    clients["officer"].get(_printout(objects["review"], "docx"))
    assert [event.data for event in _events_since(last)] == [{}]


def test_read_audit_skips_a_download_in_an_unknown_format(clients, objects):
    last = _last_event_id()
    assert clients["officer"].get(_printout(objects["review"], "xls")).status_code == 404
    assert _events_since(last) == []


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("declarations:declaration_list", ""),
        ("declarations:review_list", ""),
        ("declarations:comparison_list", ""),
        ("declarations:declarant_list", "?format=csv"),
    ],
    ids=["declarations", "reviews", "comparisons", "declarant-export"],
)
def test_read_audit_leaves_lists_without_asset_figures_alone(clients, objects, name, query):
    """Lists and the declarant export show names and dates, no asset items or amounts: they record no read."""
    last = _last_event_id()
    response = clients["officer"].get(reverse(name) + query)
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    assert _events_since(last) == []


def test_read_audit_refuses_a_verb_that_is_no_read(cast, objects):
    with pytest.raises(ValueError, match="not a read"):
        domain.record_read(actor=cast.officer, verb="declarations.declaration.deleted", target=objects["declaration"])
