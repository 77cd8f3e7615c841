import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from probity.complaints import deadlines, domain, queries, reminders
from probity.core.worklists import worklists_for
from tests.complaints.conftest import IDENTITY, make_complaint


def test_deadlines_are_twenty_days_and_six_months():
    assert deadlines.ack_due(dt.date(2025, 7, 22)) == dt.date(2025, 8, 11)
    assert deadlines.outcome_due(dt.date(2025, 7, 22)) == dt.date(2026, 1, 22)
    assert deadlines.outcome_due(dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)


def test_deadlines_come_from_settings(settings):
    settings.PROBITY_COMPLAINT_ACK_DAYS = 10
    settings.PROBITY_COMPLAINT_OUTCOME_MONTHS = 3
    assert deadlines.ack_due(dt.date(2025, 1, 1)) == dt.date(2025, 1, 11)
    assert deadlines.outcome_due(dt.date(2025, 1, 1)) == dt.date(2025, 4, 1)


def test_due_and_overdue_lists(cast):
    named = make_complaint(cast, identity=IDENTITY, received_on=dt.date(2025, 8, 1))
    anonymous = make_complaint(cast, received_on=dt.date(2025, 8, 1))
    assert (named.ack_due_on, named.outcome_due_on) == (dt.date(2025, 8, 21), dt.date(2026, 2, 1))
    today = dt.date(2025, 8, 25)
    assert list(queries.overdue_acknowledgements(cast.officer, today)) == [named]
    assert list(queries.due_complaints(cast.officer, dt.date(2025, 8, 17))) == [named]
    assert list(queries.due_complaints(cast.officer, dt.date(2025, 8, 10))) == []
    assert anonymous not in queries.due_complaints(cast.officer, today)
    domain.record_acknowledgement(named, actor=cast.officer, on=dt.date(2025, 8, 20))
    assert list(queries.overdue_acknowledgements(cast.officer, today)) == []
    assert list(queries.overdue_outcomes(cast.officer, dt.date(2026, 2, 2))) == [named]
    assert list(queries.overdue_acknowledgements(cast.outsider, today)) == []


def test_dashboard_worklists_are_registered(cast):
    keys = [w.key for w in worklists_for(cast.officer)]
    assert "complaints.ack_overdue" in keys and "complaints.outcome_overdue" in keys


def test_due_page(clients, cast):
    complaint = make_complaint(cast, identity=IDENTITY, received_on=dt.date(2021, 8, 1))
    page = clients["officer"].get(reverse("complaints:due")).content.decode()
    assert complaint.number in page and 'class="overdue"' in page
    assert complaint.number not in clients["outsider"].get(reverse("complaints:due")).content.decode()


def test_reminders_go_to_handlers_without_identity(cast):
    complaint = make_complaint(cast, identity=IDENTITY, received_on=dt.date(2025, 8, 1))
    domain.assign_handler(complaint, actor=cast.officer, handler=cast.officer)
    cast.officer.email = "officer@example.invalid"
    cast.officer.save()
    sent = reminders.send_reminders(today=dt.date(2025, 8, 25))
    assert sent == [("officer", 1)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.invalid"]
    assert complaint.number in message.body
    for secret in (IDENTITY.name, IDENTITY.phone, IDENTITY.id_number, complaint.summary):
        assert secret not in message.body and secret not in message.subject


def test_reminder_command_runs(cast):
    make_complaint(cast, identity=IDENTITY, received_on=dt.date(2021, 8, 1))
    call_command("send_complaint_reminders", "--dry-run", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_reminders_include_protection_checks_due_without_the_measures(cast):
    complaint = make_complaint(cast, identity=IDENTITY, received_on=dt.date(2025, 6, 2))
    domain.record_acknowledgement(complaint, actor=None, on=dt.date(2025, 6, 5))
    domain.record_outcome_notice(complaint, actor=None, on=dt.date(2025, 6, 30))
    domain.assign_handler(complaint, actor=cast.officer, handler=cast.officer)
    domain.open_protection_watch(
        complaint, actor=None, risk="high", measures="請機關暫緩檢舉人之調動案。", on=dt.date(2025, 7, 1)
    )
    cast.officer.email = "officer@example.invalid"
    cast.officer.save()
    assert reminders.send_reminders(today=dt.date(2025, 8, 25)) == [("officer", 1)]
    (message,) = mail.outbox
    assert message.subject == "檢舉案期限提醒（1 件）"
    assert f"{complaint.number}（甲局政風室）檢舉人保護追蹤 114/07/31 已逾期" in message.body
    assert "暫緩" not in message.body
