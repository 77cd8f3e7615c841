"""Anchors: the chain's head copied outside the database shows a rewrite that the chain alone would not."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from probity.audit import anchors
from probity.audit.chain import hash_of
from probity.audit.domain import record
from probity.audit.models import AuditEvent
from probity.audit.selfchecks import anchored
from probity.audit.verify import verify_chain
from probity.reports import domain as reports_domain
from tests.audit.test_chain import _drop_guard
from tests.reports import conftest as reports_fixtures
from tests.reports.test_views import make_report

seed_indicators = reports_fixtures.seed_indicators  # the reports' fixture: the seed's indicators over import runs


@pytest.fixture
def chain(cast):
    return [record(actor=cast.admin, verb=f"test.event.{n}", target=cast.agency_a, data={"n": n}) for n in range(3)]


@pytest.fixture
def anchor_file(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.PROBITY_AUDIT_ANCHOR_EMAILS = ["keeper@example.gov.tw", "auditor@example.gov.tw"]
    return tmp_path / "audit" / "anchors.txt"


def rewrite_from(event_id: int) -> None:
    """What someone in full control of the database could do: change an event and rehash the chain after it."""
    _drop_guard()
    events = list(AuditEvent.objects.filter(id__gte=event_id).order_by("id"))
    prev = AuditEvent.objects.filter(id__lt=event_id).order_by("-id").values_list("hash", flat=True).first()
    events[0].data = {"n": 99}
    for event in events:
        event.prev_hash = prev
        event.hash = hash_of(event)
        AuditEvent.objects.filter(pk=event.pk).update(data=event.data, prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash


def test_the_command_writes_mails_and_records_the_anchor(chain, anchor_file, capsys):
    call_command("anchor_audit_chain")
    line = anchor_file.read_text(encoding="utf-8").strip()
    assert (
        line
        == f"probity-audit-anchor event={chain[2].pk} hash={chain[2].hash} at={anchors.of(chain[2]).taken_at.isoformat()}"
    )
    assert capsys.readouterr().out.strip() == line
    assert [message.to for message in mail.outbox] == [["keeper@example.gov.tw", "auditor@example.gov.tw"]]
    assert line in mail.outbox[0].body
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.data) == (
        "audit.chain.anchored",
        {"event": chain[2].pk, "hash": chain[2].hash, "mailed_to": 2},
    )


def test_anchors_kept_verify_with_the_chain(chain, anchor_file, capsys):
    call_command("anchor_audit_chain")
    record(actor=None, verb="test.later", data={})
    call_command("anchor_audit_chain")
    capsys.readouterr()
    call_command("verify_audit_chain", "--anchors", str(anchor_file))
    events = AuditEvent.objects.count()
    assert capsys.readouterr().out == f"稽核軌跡完整：已驗證 {events} 筆事件，2 個錨點相符\n"


def test_a_rewritten_chain_verifies_alone_but_not_against_its_anchor(chain, anchor_file):
    call_command("anchor_audit_chain")
    rewrite_from(chain[1].pk)
    assert verify_chain()[1] is None  # the chain alone no longer shows it
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain", "--anchors", str(anchor_file))
    assert str(raised.value) == (
        "1 個錨點中有 1 個與稽核軌跡不符：\n"
        f"  {anchor_file.read_text(encoding='utf-8').strip()}：錨定事件的雜湊已改變：稽核軌跡被改寫"
    )


def test_an_anchored_event_that_is_gone_is_named(chain, anchor_file):
    call_command("anchor_audit_chain")
    _drop_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id >= %s", [chain[2].pk])
    with pytest.raises(CommandError, match="錨定的事件已不在稽核軌跡中"):
        call_command("verify_audit_chain", "--anchors", str(anchor_file))


def test_a_file_without_anchors_is_refused(chain, tmp_path):
    empty = tmp_path / "notes.txt"
    empty.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="^所給的檔案中找不到錨點行$"):
        call_command("verify_audit_chain", "--anchors", str(empty))


def test_an_empty_chain_has_nothing_to_anchor(db, anchor_file):
    with pytest.raises(CommandError, match="^稽核軌跡是空的：沒有可錨定的事件$"):
        call_command("anchor_audit_chain")
    assert not anchor_file.exists()


def test_a_published_report_carries_its_anchor_to_the_portal(client, cast, settings, tmp_path, seed_indicators):
    settings.DATA_DIR = tmp_path
    report = reports_domain.publish_report(make_report(), actor=cast.admin)
    published = AuditEvent.objects.get(verb="reports.report.published")
    assert report.audit_anchor == anchors.of(published).line()
    page = client.get(reverse("portal:report_detail", args=[report.code])).content.decode()
    assert f"<p>{report.audit_anchor}</p>" in page
    saved = tmp_path / "saved-page.html"
    saved.write_text(page, encoding="utf-8")  # a reader keeps the page; it verifies later, until a rewrite
    call_command("verify_audit_chain", "--anchors", str(saved))
    rewrite_from(published.pk)
    with pytest.raises(CommandError, match="錨定事件的雜湊已改變：稽核軌跡被改寫$"):
        call_command("verify_audit_chain", "--anchors", str(saved))


def test_the_self_check_asks_for_recipients_and_a_recent_anchor(chain, anchor_file, settings):
    settings.PROBITY_AUDIT_ANCHOR_EMAILS = []
    assert [finding.message for finding in anchored()] == [
        "沒有設定稽核軌跡錨點的收件人（PROBITY_AUDIT_ANCHOR_EMAILS）：錨點只寫進本機檔案，能控制資料庫與主機的人也能一併改寫。",
        "稽核軌跡已超過兩天沒有錨定：請每日執行 manage.py anchor_audit_chain。",
    ]
    settings.PROBITY_AUDIT_ANCHOR_EMAILS = ["keeper@example.gov.tw"]
    call_command("anchor_audit_chain")
    assert anchored() == []


def test_an_anchor_read_from_a_pdf_text_may_break_across_lines(chain):
    anchor = anchors.of(chain[1])
    when = anchor.taken_at.isoformat()
    text = f"稽核軌跡錨點：probity-audit-anchor\n\nevent={anchor.event_id}\nhash={anchor.hash} at={when}\n"
    assert anchors.parse(text) == [anchor]
    assert anchors.check(anchors.parse(text)) == []
