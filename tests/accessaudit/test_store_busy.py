"""While a rekey or the retention purge rewrites a system's months, nothing reads them half-swapped.

Pages that read the store answer 503 at once, saying why; a rule run waits for the store (up to a set time).
"""

import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from probity.accessaudit import domain, storage
from probity.accessaudit.enums import JobStatus
from probity.accessaudit.models import Alert, SampleDraw
from probity.analytics.ingest import store_lock
from probity.audit.models import AuditEvent

BUSY = "「戶役政資訊系統」的查閱紀錄正在重整（重建金鑰或依保存期限清除月份）。為免讀到不完整的資料，重整期間暫停讀取紀錄檔；通常數分鐘內完成，請稍後再試。"


@pytest.fixture
def pages(designated, loaded, alert, cast):
    draw = domain.draw_month_sample(system=loaded.system, month="2021-08", sources=["1"], actor=cast.officer)
    return {
        "timeline": reverse("accessaudit:user_timeline", args=[loaded.system.code, alert.account]),
        "alert_detail": reverse("accessaudit:alert_detail", args=[alert.code]),
        "sample_verify": reverse("accessaudit:sample_verify", args=[draw.code]),
        "sample_pool": reverse("accessaudit:sample_pool", args=[draw.code]),
        "timeline_export": reverse("accessaudit:user_timeline_export", args=[loaded.system.code, alert.account]),
    }


def _rewriting(system_key="hr"):
    """What a rekey or the purge holds while it rewrites the system's months."""
    return store_lock(storage.root(), system_key, exclusive=True)


def _log_views() -> int:
    return AuditEvent.objects.filter(verb__startswith="accessaudit.logdata.view").count()


@pytest.mark.parametrize("name", ["timeline", "alert_detail", "sample_verify", "sample_pool", "timeline_export"])
def test_a_page_that_reads_the_store_says_it_is_being_rewritten_and_shows_nothing(pages, clients, name, caplog):
    views = _log_views()
    with _rewriting(), caplog.at_level(logging.WARNING):
        response = clients["officer"].get(pages[name])
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert BUSY in page
    assert f'<a href="{pages[name]}">重新整理</a>' in page
    assert _log_views() == views  # nothing of the log was shown, so no view of it is recorded
    # A passing state, not a server error: one warning, and nothing for the error mailer.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("probity.accessaudit.views", "WARNING", f"Store of hr busy: {pages[name]} answered 503")
    ]
    assert clients["officer"].get(pages[name]).status_code == 200


@pytest.mark.parametrize(("role", "expected"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_the_busy_page_tells_nothing_to_those_who_may_not_see_the_system(pages, clients, role, expected):
    with _rewriting():
        assert clients[role].get(pages["timeline"]).status_code == expected


def test_another_systems_rewrite_does_not_stop_the_page(pages, clients):
    with _rewriting("land"):
        assert clients["officer"].get(pages["timeline"]).status_code == 200


def test_no_sample_is_drawn_from_a_store_being_rewritten(designated, loaded, clients):
    url = reverse("accessaudit:sample_draw", args=[loaded.system.code])
    with _rewriting():
        response = clients["officer"].post(url, {"month": "110/08", "sources": "20210901\n22 3 15"})
    assert response.status_code == 503
    page = response.content.decode()
    assert BUSY in page
    assert f'<a href="{reverse("accessaudit:system_list")}">回到受監控系統</a>' in page
    assert not SampleDraw.objects.exists()


def test_a_run_that_cannot_get_the_store_in_time_fails_and_keeps_the_alerts(loaded, cast, settings):
    settings.PROBITY_ACCESSLOG_LOCK_WAIT = 0.2
    before = Alert.objects.filter(system=loaded.system).count()
    run = domain.start_audit_run(
        system=loaded.system, date_from=loaded.run.date_from, date_to=loaded.run.date_to, actor=cast.officer
    )
    with _rewriting():
        run = domain.perform_audit_run(run, actor=cast.officer)
    assert run.status == JobStatus.FAILED
    assert run.error == "此系統的查閱紀錄正在重整（重建金鑰或依保存期限清除），等候逾時未能執行；請稍後再執行。"
    assert Alert.objects.filter(system=loaded.system).count() == before
    again = domain.perform_audit_run(
        domain.start_audit_run(
            system=loaded.system, date_from=loaded.run.date_from, date_to=loaded.run.date_to, actor=cast.officer
        ),
        actor=cast.officer,
    )
    assert (again.status, again.alert_count) == (JobStatus.SUCCEEDED, loaded.run.alert_count)


def test_the_verify_command_says_the_store_is_being_rewritten(pages):
    draw = SampleDraw.objects.get()
    with _rewriting(), pytest.raises(CommandError) as raised:
        call_command("verify_access_sample", str(draw.code), stdout=io.StringIO())
    assert str(raised.value) == "hr 的查閱紀錄正在重整（重建金鑰或清除月份），請稍後再驗證"


def test_the_busy_page_speaks_english_too(pages, clients):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    with _rewriting():
        page = client.get(pages["timeline"]).content.decode()
    assert "<h1>The log store is being rewritten</h1>" in page
    assert "The lookups of 戶役政資訊系統 are being rewritten (rekeyed, or months purged after retention)." in page
    assert f'<a href="{pages["timeline"]}">Reload</a>' in page
