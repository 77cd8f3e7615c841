import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from probity.accessaudit import domain, queries
from probity.accessaudit.enums import Decision, JobStatus
from probity.accessaudit.models import AccessAuditFinding, Alert, LogImport, PeerDay
from probity.audit.models import AuditEvent
from tests.accessaudit.conftest import END, START


def test_audit_run_stores_alerts_with_staff_names(loaded):
    run = loaded.run
    assert run.status == JobStatus.SUCCEEDED
    assert run.lookups > 1500
    assert run.alert_count == Alert.objects.filter(run=run).count()
    assert Alert.objects.filter(run=run).exclude(staff_name="").count() == run.alert_count
    assert set(Alert.objects.values_list("rule", flat=True)) >= {"unexplained", "relationship", "offhours", "bulk"}


def test_decide_misuse_opens_then_feeds_the_months_finding(loaded, cast):
    first, second = Alert.objects.filter(system=loaded.system, rule="relationship", kind="self").order_by("day")[:2]
    Alert.objects.filter(pk=second.pk).update(account=first.account, day=first.day)
    second.refresh_from_db()
    domain.decide_alert(alert=first, decision=Decision.MISUSE, note="查詢本人資料辦理私事", actor=cast.officer)
    domain.decide_alert(alert=second, decision=Decision.MISUSE, note="再次查詢", actor=cast.officer)
    finding = AccessAuditFinding.objects.get()
    assert finding.account == first.account
    assert finding.month == first.day.strftime("%Y-%m")
    assert finding.unit == cast.unit_a
    assert finding.inspection is not None
    assert finding.alerts.count() == 2
    assert AuditEvent.objects.filter(verb="accessaudit.finding.open").count() == 1
    assert AuditEvent.objects.filter(verb="accessaudit.finding.feed").count() == 1


def test_decide_follows_the_transition_table(alert, cast):
    domain.decide_alert(alert=alert, decision=Decision.INQUIRY, note="", actor=cast.officer)
    domain.decide_alert(alert=alert, decision=Decision.JUSTIFIED, note="查有申請書", actor=cast.officer)
    with pytest.raises(ValidationError):
        domain.decide_alert(alert=alert, decision=Decision.MISUSE, note="x", actor=cast.officer)
    alert.refresh_from_db()
    assert alert.decision == Decision.JUSTIFIED
    assert alert.decided_by == cast.officer


def test_misuse_needs_a_note(alert, cast):
    with pytest.raises(ValidationError):
        domain.decide_alert(alert=alert, decision=Decision.MISUSE, note=" ", actor=cast.officer)


def test_rerun_keeps_decided_alerts_and_replaces_open_ones(loaded, alert, cast):
    domain.decide_alert(alert=alert, decision=Decision.JUSTIFIED, note="有案可稽", actor=cast.officer)
    total = Alert.objects.count()
    run = domain.start_audit_run(system=loaded.system, date_from=START, date_to=END, actor=cast.officer)
    domain.perform_audit_run(run, actor=cast.officer)
    assert Alert.objects.count() == total
    assert Alert.objects.get(pk=alert.pk).decision == Decision.JUSTIFIED


def test_reimport_of_the_same_file_is_skipped(loaded, cast):
    first = LogImport.objects.get()
    again = domain.queue_log_import(
        system=loaded.system, path=first.path, file_name=first.file_name, actor=cast.officer
    )
    again = domain.perform_log_import(again, actor=cast.officer)
    assert again.status == JobStatus.SKIPPED
    assert again.rows == 0


def test_malformed_import_fails_with_the_line_and_writes_nothing(system, cast, tmp_path):
    from probity.accessaudit import storage

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1\n2,yesterday,U1,查詢,A1,x,t,1\n",
        encoding="utf-8",
    )
    log_import = domain.queue_log_import(system=system, path=bad, file_name="bad.csv", actor=cast.officer)
    log_import = domain.perform_log_import(log_import, actor=cast.officer)
    assert log_import.status == JobStatus.FAILED
    assert log_import.error_line == 3
    assert log_import.error == "第 3 行：欄位「查詢時間」的值「yesterday」格式不正確。"
    assert list((storage.root() / "lookups").rglob("*.parquet")) == []


def test_run_without_lookups_fails_clearly(system, cast):
    run = domain.start_audit_run(system=system, date_from=START, date_to=END, actor=cast.officer)
    run = domain.perform_audit_run(run, actor=cast.officer)
    assert run.status == JobStatus.FAILED
    assert run.error == "此系統尚未匯入任何查閱紀錄。"


def test_sample_draws_one_percent_of_the_month(loaded, cast):
    draw = domain.draw_month_sample(
        system=loaded.system, month="2021-08", sources=["20210901", [5, 9, 23]], actor=cast.officer
    )
    assert draw.size == -(-draw.pool_size // 100)
    assert len(draw.drawn) == draw.size
    assert draw.key_string == "20210901./5.9.23./"
    again = domain.draw_month_sample(
        system=loaded.system, month="2021-08", sources=["20210901", [5, 9, 23]], actor=cast.officer
    )
    assert [d["lookup_id"] for d in again.drawn] == [d["lookup_id"] for d in draw.drawn]


def test_purge_removes_months_past_retention(loaded, cast, settings):
    from probity.accessaudit import storage

    settings.PROBITY_ACCESSLOG_RETENTION_MONTHS = 3
    summer = PeerDay.objects.filter(day__lt=dt.date(2021, 9, 1)).count()
    removed = domain.purge_expired_logs(today=dt.date(2021, 12, 15), actor=cast.admin)
    months = sorted({p.name for p in (storage.root() / "lookups" / "system=hr").iterdir()})
    assert months == ["month=2021-09", "month=2021-10", "month=2021-11", "month=2021-12"]
    assert len(removed) == 2
    event = AuditEvent.objects.filter(verb="accessaudit.logdata.purge").get()
    assert (event.data["before"], event.data["directories"]) == ("2021-09", 2)
    # The peer counts of the purged months go with them.
    days = PeerDay.objects.values_list("day", flat=True)
    assert min(days) == dt.date(2021, 9, 1)
    assert summer > 0
    assert event.data["peer_days"] == summer


def test_register_system_refuses_a_mapping_without_time(cast):
    with pytest.raises(ValueError):
        domain.register_system(
            agency=cast.agency_a, key="bad", name="x", column_mapping={"columns": {"user_id": "u"}}, actor=cast.admin
        )


def test_import_of_a_vanished_upload_fails_cleanly(system, cast, tmp_path):
    log_import = domain.queue_log_import(
        system=system, path=tmp_path / "gone.csv", file_name="gone.csv", actor=cast.officer
    )
    log_import = domain.perform_log_import(log_import, actor=cast.officer)
    assert log_import.status == JobStatus.FAILED
    assert log_import.error == "找不到上傳的檔案。"


def test_run_with_a_broken_source_fails_instead_of_hanging(loaded, cast):
    from probity.accessaudit import storage

    storage.source_path("hr", "explanations").write_bytes(b"not parquet")
    run = domain.start_audit_run(system=loaded.system, date_from=START, date_to=END, actor=cast.officer)
    run = domain.perform_audit_run(run, actor=cast.officer)
    assert run.status == JobStatus.FAILED
    assert run.error.startswith("稽核執行失敗：")


def test_an_imports_page_marks_the_months_the_purge_removed(loaded, designated, cast, clients, settings):
    log_import = LogImport.objects.get()
    url = reverse("accessaudit:import_detail", args=[log_import.code])
    assert queries.purged_months(log_import) == []
    settings.PROBITY_ACCESSLOG_RETENTION_MONTHS = 3
    domain.purge_expired_logs(today=dt.date(2021, 12, 15), actor=cast.admin)
    assert queries.purged_months(log_import) == ["2021-07", "2021-08"]
    page = clients["officer"].get(url).content.decode()
    assert "110年7月（已逾保存期限刪除）、110年8月（已逾保存期限刪除）、110年9月、" in page
