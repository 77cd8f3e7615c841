"""The audit trail names a person by a keyed digest of their ID number, which a rotated key still matches."""

import pytest
from django.db import connection

from probity.audit.domain import record
from probity.audit.models import AuditEvent, DataText
from probity.audit.pseudonyms import pseudonym, pseudonyms


def test_the_digest_is_keyed_and_stable(settings):
    settings.SECRET_KEY = "first-key-" * 5
    digest = pseudonym("A123456789")
    assert len(digest) == 64
    assert digest == pseudonym("A123456789")
    assert digest != pseudonym("A123456780")
    settings.SECRET_KEY = "other-key-" * 5
    assert pseudonym("A123456789") != digest


def test_a_retired_key_still_matches_the_events_it_digested(settings):
    settings.SECRET_KEY = "first-key-" * 5
    old = pseudonym("A123456789")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "other-key-" * 5, ["first-key-" * 5]
    assert pseudonyms("A123456789") == [pseudonym("A123456789"), old]


@pytest.mark.django_db
def test_a_subject_search_reads_the_digest_index():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few rows would rather be scanned
    events = AuditEvent.objects.alias(digest=DataText("subject_digest")).filter(digest__in=pseudonyms("A123456789"))
    assert "audit_event_subject_digest" in events.explain()


@pytest.mark.django_db
def test_the_digest_expression_reads_the_text_of_the_key():
    record(actor=None, verb="accessaudit.logdata.view.subject", data={"subject_digest": pseudonym("A123456789")})
    record(actor=None, verb="accessaudit.logdata.view.subject", data={"subject_digest": pseudonym("B123456789")})
    record(actor=None, verb="org.unit.created", data={})
    found = AuditEvent.objects.alias(digest=DataText("subject_digest")).filter(digest=pseudonym("A123456789"))
    assert [event.data for event in found] == [{"subject_digest": pseudonym("A123456789")}]


def test_a_data_key_must_be_a_plain_name():
    with pytest.raises(ValueError, match="not a data key"):
        DataText("x') OR ('1")
