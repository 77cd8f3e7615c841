import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from probity.accessaudit.enums import JobStatus
from probity.accessaudit.models import AccessAuditor, Alert, LogImport, SourceFile
from tests.commands import parser


def test_generate_import_and_run_from_the_command_line(system, tmp_path, capsys):
    out = tmp_path / "gen"
    call_command("generate_access_log", "--events", "1200", "--out", str(out), "--format", "csv")
    for kind in ("users", "subjects", "explanations", "relatives"):
        call_command("import_access_log", str(out / f"{kind}.parquet"), "--system", "hr", "--source", kind)
    call_command("import_access_log", str(out / "log.csv"), "--system", "hr")
    call_command("import_access_log", str(out / "log.csv"), "--system", "hr")
    call_command("run_access_audit", "--system", "hr", "--from", "2021-07-01", "--to", "2021-12-31")
    printed = capsys.readouterr().out
    assert "100%" in printed
    assert "log.csv：已經匯入過，略過" in printed
    assert "轉入儲存區" in printed
    assert SourceFile.objects.count() == 4
    assert [i.status for i in LogImport.objects.order_by("batch")] == [JobStatus.SUCCEEDED, JobStatus.SKIPPED]
    assert Alert.objects.filter(rule="relationship").exists()
    assert "  查閱本人、同仁、同戶或親屬、重要人士：" in printed


def test_a_source_file_is_merged_from_the_command_line(system, tmp_path, capsys):
    first, second = tmp_path / "users-1.csv", tmp_path / "users-2.csv"
    first.write_text("帳號,身分證號,單位\nU1,A1,戶籍課\nU2,A2,戶籍課\n")
    second.write_text("帳號,身分證號,單位\nU2,A2,地政課\n")
    call_command("import_access_log", str(first), "--system", "hr", "--source", "users")
    call_command("import_access_log", str(second), "--system", "hr", "--source", "users", "--merge")
    assert capsys.readouterr().out.splitlines() == [
        "users：以 2 筆取代資料表，資料表現有 2 筆",
        "users：1 筆併入資料表，資料表現有 2 筆",
    ]
    source = SourceFile.objects.get(kind="users")
    assert (source.rows, source.file_rows, source.merged) == (2, 1, True)


def test_import_of_a_malformed_big5_file_fails_and_names_the_line(system, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n1,2021-07-01 09:00:00,陳志明,查詢,A1,高市民字第1號,t,1\n2,2021-07-01 09:00:00,U1,查詢,,x,t,1\n".encode(
            "big5"
        )
    )
    with pytest.raises(CommandError):
        call_command("import_access_log", str(bad), "--system", "hr", "--encoding", "big5")
    log_import = LogImport.objects.get()
    assert log_import.status == JobStatus.FAILED
    assert log_import.error == "第 3 行：當事人識別碼空白或無法辨識。"


def test_designate_and_revoke_an_auditor(cast):
    out = io.StringIO()
    call_command("designate_access_auditor", "officer", stdout=out)
    assert AccessAuditor.objects.get(user=cast.officer).is_active
    call_command("designate_access_auditor", "officer", "--revoke", stdout=out)
    assert not AccessAuditor.objects.get(user=cast.officer).is_active
    assert out.getvalue() == f"officer：已指定為{cast.officer.unit}的查閱稽核人員\nofficer：已撤銷查閱稽核人員指定\n"
    with pytest.raises(CommandError, match="nobody：沒有這位隸屬單位的職員"):
        call_command("designate_access_auditor", "nobody")


def test_purge_dry_run_lists_without_removing(loaded, capsys):
    call_command("purge_access_logs", "--dry-run", "--today", "2027-01-01")
    assert "保存期限 60 個月：將刪除 6 個月份目錄" in capsys.readouterr().out
    assert LogImport.objects.get().status == JobStatus.SUCCEEDED


def test_demo_loads_two_systems_with_findings_and_is_idempotent(db):
    from probity.accessaudit.models import AccessAuditFinding, AuditRun, MonitoredSystem

    call_command("load_demo", "--only", "accessaudit")
    counts = (MonitoredSystem.objects.count(), Alert.objects.count(), AccessAuditFinding.objects.count())
    call_command("load_demo", "--only", "accessaudit")
    assert (MonitoredSystem.objects.count(), Alert.objects.count(), AccessAuditFinding.objects.count()) == counts
    assert counts[0] == 2
    assert counts[2] == 3
    assert sum(run.lookups for run in AuditRun.objects.all()) >= 1_000_000
    assert AccessAuditor.objects.filter(user__username="officer", is_active=True).exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("import_access_log", "將存取紀錄檔（CSV UTF-8／Big5、JSON lines、Parquet）匯入分區儲存區"),
        ("run_access_audit", "以稽核規則檢查某系統兩日期之間（含兩端）的查閱紀錄"),
        ("generate_access_log", "產生擬真的存取紀錄"),
        ("purge_access_logs", "刪除超過保存期限"),
        ("verify_access_sample", "以儲存區重算某月已記錄的抽查"),
        ("designate_access_auditor", "指定職員為其單位的查閱稽核人員"),
    ],
)
def test_each_command_explains_itself_in_chinese(name, says):
    assert says in parser(name).format_help()


def test_a_date_that_is_not_iso_is_refused_with_an_example(system):
    with pytest.raises(CommandError, match=r"日期請寫成 YYYY-MM-DD（西元），例如 2021-07-01"):
        call_command("run_access_audit", "--system", "hr", "--from", "110/07/01", "--to", "2021-12-31")


def test_the_commands_speak_english_when_it_is_the_language(cast):
    out = io.StringIO()
    with translation.override("en"):
        call_command("designate_access_auditor", "officer", stdout=out)
        purge_help = parser("purge_access_logs").format_help()
    assert out.getvalue() == f"officer: designated access auditor of {cast.officer.unit}\n"
    assert "Delete the months of lookups older than the retention period" in purge_help
