"""The analytics library speaks Chinese; its errors reach each reader in the reader's language."""

import ast
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from probity.accessaudit import domain
from probity.accessaudit.enums import JobStatus
from probity.analytics.messages import Message
from probity.analytics.rules import RuleSettingsError, check_rules
from probity.core.language import in_readers_language
from tests.accessaudit.conftest import END, START

ROOT = Path(__file__).resolve().parents[2] / "probity"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _templates() -> list[tuple[str, str]]:
    """Every ``Message("…")`` the code writes, with its file."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Message"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append((path.relative_to(ROOT).as_posix(), node.args[0].value))
    return found


def test_the_code_writes_messages():
    files = {file for file, _template in _templates()}
    assert {"analytics/ingest.py", "analytics/sources.py", "analytics/rules.py", "analytics/sampling.py"} <= files


@pytest.mark.parametrize(("file", "template"), _templates())
def test_every_message_has_an_english_wording(file, template):
    with translation.override("en"):
        english = translation.gettext(template)
    assert english != template, f"{file}: no English for {template!r}"
    assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(template))
    assert not any("\u4e00" <= char <= "\u9fff" for char in english.replace("是", "").replace("否", ""))


def test_values_that_are_messages_are_said_again_too():
    message = Message("第 %(line)s 行：%(column)s空白或無法辨識。", line=3, column=Message("查詢時間"))
    with translation.override("en"):
        assert in_readers_language(message) == "Line 3: the Lookup time is blank or cannot be read."
    with translation.override("zh-hant"):
        assert in_readers_language(message) == "第 3 行：查詢時間空白或無法辨識。"
    assert in_readers_language("plain text") == "plain text"


def test_a_list_is_said_with_the_languages_separator():
    message = Message(
        "前次申報之財產本次未見：%(items)s%(more)s，應查明去向。", items=[Message("土地"), Message("現金")], more=""
    )
    with translation.override("en"):
        assert in_readers_language(message) == (
            "Assets of the previous declaration missing from this one: Land, Cash; where they went is to be asked."
        )


def test_rule_setting_problems_in_english():
    with pytest.raises(RuleSettingsError) as refused:
        check_rules({"volume": {"params": {"nonsense": 1}}, "bulk": {"weight": 500}})
    with translation.override("en"):
        said = [in_readers_language(problem) for problem in refused.value.messages]
    assert said == [
        'Unusual daily lookup volume: there is no parameter "nonsense"',
        "Bulk export or printing: the weight must be a number from 0 to 100",
    ]


def test_a_refused_source_file_is_explained_in_the_pages_language(designated, system, clients):
    url = reverse("accessaudit:source_upload", args=[system.code])
    clients["officer"].cookies["django_language"] = "en"
    upload = SimpleUploadedFile(
        "holidays.csv", "日期,名稱,類別\n2021-09-21,中秋節,放假\n2021-10-11,補假,颱風假\n".encode()
    )
    response = clients["officer"].post(url, {"kind": "holidays", "file": upload, "mode": "replace"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Line 3: the value &quot;颱風假&quot; of column &quot;類別&quot; is wrong or blank. "
        "Allowed: holiday (day off) or workday (make-up workday)." in page
    )
    assert not system.sources.exists()


def test_a_failed_import_is_stored_in_chinese_and_read_in_each_language(designated, system, clients, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n"
        "1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1\n2,2021-07-01 09:05:00,,查詢,A1,x,t,1\n",
        encoding="utf-8",
    )
    log_import = domain.queue_log_import(system=system, path=bad, file_name="bad.csv", actor=designated.officer)
    log_import = domain.perform_log_import(log_import, actor=designated.officer)
    assert (log_import.status, log_import.error_line) == (JobStatus.FAILED, 3)
    assert log_import.error == "第 3 行：使用者帳號空白或無法辨識。"
    url = reverse("accessaudit:import_detail", args=[log_import.code])
    assert "第 3 行：使用者帳號空白或無法辨識。" in clients["officer"].get(url).content.decode()
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(url).content.decode()
    assert '<div class="message error" role="alert"><p>Line 3: the User account is blank or cannot be read.</p>' in page
    assert "<progress" not in page  # a failed import shows no bar stopped half way


def test_a_failed_run_reads_in_english(designated, system, clients):
    run = domain.start_audit_run(system=system, date_from=START, date_to=END, actor=designated.officer)
    run = domain.perform_audit_run(run, actor=designated.officer)
    assert run.error == "此系統尚未匯入任何查閱紀錄。"
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(system.get_absolute_url()).content.decode()
    with translation.override("en"):
        assert translation.gettext("此系統尚未匯入任何查閱紀錄。") in page
    assert "此系統尚未匯入任何查閱紀錄。" not in page
