import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from probity.audit.chain import GENESIS
from probity.audit.domain import record
from probity.audit.models import AuditEvent
from probity.audit.verify import verify_chain


def _drop_guard():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_change ON audit_auditevent")


@pytest.fixture
def chain(cast):
    """Three events after the cast's own."""
    events = [record(actor=cast.admin, verb=f"test.event.{n}", target=cast.agency_a, data={"n": n}) for n in range(3)]
    return events


def test_record_links_each_event_to_the_previous(chain):
    first = AuditEvent.objects.order_by("id").first()
    assert first.prev_hash == GENESIS
    assert chain[1].prev_hash == chain[0].hash
    assert chain[2].prev_hash == chain[1].hash
    assert chain[0].target_type == "org.agency"
    assert chain[0].target_code == str(chain[0].target_code)
    assert chain[0].actor_label == "admin"
    assert chain[0].data == {"n": 0}


def test_unaltered_chain_verifies(chain, capsys):
    checked, problem = verify_chain()
    assert problem is None
    assert checked == AuditEvent.objects.count()
    call_command("verify_audit_chain")
    assert capsys.readouterr().out == f"稽核軌跡完整：已驗證 {checked} 筆事件\n"


def test_database_refuses_update(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[0].pk).update(verb="tampered")


def test_database_refuses_delete(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=chain[0].pk).delete()


# Outside a test's transaction, as flush runs: PostgreSQL will not TRUNCATE rows written in an open one.
@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_log_and_leaves_it_append_only(chain):
    call_command("flush", interactive=False, inhibit_post_migrate=True)
    assert AuditEvent.objects.count() == 0
    event = record(actor=None, verb="test.after_flush", target=None, data={})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(verb="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_altered_row_is_named(chain):
    _drop_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"n": 99}', chain[1].pk])
    checked, problem = verify_chain()
    assert problem.event_id == chain[1].pk
    assert problem.reason == "內容與其雜湊不符：這筆事件被改過"
    with translation.override("en"):
        assert verify_chain()[1].reason == "contents do not match its hash: the event was altered"
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain")
    assert str(raised.value) == (
        f"稽核軌跡在事件 #{chain[1].pk} 處中斷：內容與其雜湊不符：這筆事件被改過（在此之前已驗證 {checked} 筆事件）"
    )


def test_removed_row_is_named_by_its_successor(chain):
    _drop_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [chain[1].pk])
    _, problem = verify_chain()
    assert problem.event_id == chain[2].pk
    assert problem.reason == "前一筆雜湊不符：之前有事件被刪除，或這一筆不是依鏈插入的"


def test_row_inserted_out_of_chain_is_named(chain):
    forged = AuditEvent.objects.create(
        verb="forged",
        occurred_at=chain[2].occurred_at,
        data={},
        prev_hash=chain[0].hash,  # claims to follow an older event
        hash="f" * 64,
    )
    _, problem = verify_chain()
    assert problem.event_id == forged.pk
    assert problem.reason == "前一筆雜湊不符：之前有事件被刪除，或這一筆不是依鏈插入的"


def test_record_normalises_data_to_json(cast):
    import datetime as dt
    from decimal import Decimal

    event = record(actor=None, verb="test.types", data={"day": dt.date(2021, 7, 1), "amount": Decimal("1.50")})
    assert event.data == {"day": "2021-07-01", "amount": "1.50"}
    assert event.actor_id is None
    assert verify_chain()[1] is None
