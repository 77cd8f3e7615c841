"""The audit trail's commands speak Chinese, and English when it is the language."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from probity.audit.domain import record
from probity.audit.models import AuditEvent
from tests.commands import description_in_both_languages, option_help

HELP = {
    "anchor_audit_chain": (
        "將稽核軌跡的最新雜湊（錨點）複製到資料庫之外：附加寫入檔案，並寄給 PROBITY_AUDIT_ANCHOR_EMAILS 的收件人。"
        "請每日執行；信件應保存在資料庫管理者無法存取之處。",
        "Copy the audit chain's head (the anchor) outside the database: append it to a file and mail it to "
        "PROBITY_AUDIT_ANCHOR_EMAILS. Run it daily; keep the mails where the database's administrators cannot "
        "reach them.",
    ),
    "verify_audit_chain": (
        "驗證稽核軌跡的雜湊鏈；加 --anchors 時一併比對保存在資料庫之外的錨點。"
        "發現問題時以非零狀態結束，並指出第一筆有問題的事件，或每個已不相符的錨點。",
        "Verify the hash chain of the audit trail, and with --anchors the anchors kept outside the database; "
        "exit non-zero naming the first bad event or every anchor that no longer matches.",
    ),
}


@pytest.mark.parametrize("name", sorted(HELP))
def test_each_command_explains_itself_in_chinese_and_in_english(name):
    assert description_in_both_languages(name) == HELP[name]


def test_the_option_help_follows_the_language():
    assert (
        option_help("verify_audit_chain", "--anchors") == "含錨點行的檔案（錨點檔、保存的信件或入口網頁面）；可重複指定"
    )
    with translation.override("en"):
        assert (
            option_help("anchor_audit_chain", "--file")
            == "where to append the anchor (default DATA_DIR/audit/anchors.txt)"
        )


def test_an_anchors_file_that_cannot_be_read_is_named(db, tmp_path):
    missing = tmp_path / "gone.txt"
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit_chain", "--anchors", str(missing))
    assert str(raised.value) == f"無法讀取 {missing}：No such file or directory"


def test_the_verdict_reads_in_english(db, capsys):
    record(actor=None, verb="test.event", data={})
    with translation.override("en"):
        call_command("verify_audit_chain")
    assert capsys.readouterr().out == f"audit chain intact: {AuditEvent.objects.count()} events verified\n"


def test_an_empty_chain_is_refused_in_english(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with translation.override("en"), pytest.raises(CommandError, match="^the audit chain is empty: nothing to anchor$"):
        call_command("anchor_audit_chain")
