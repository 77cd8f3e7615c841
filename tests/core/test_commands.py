"""The core commands speak Chinese, and English when it is the language."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from tests.commands import description_in_both_languages, option_help
from tests.factories import make_agency
from tests.org.test_import_agencies import GOOD, _xlsx

HELP = {
    "import_records": (
        "匯入一種紀錄的試算表（XLSX，或 UTF-8／Big5 編碼的 CSV）；只要有一列有誤，整份檔案都不寫入。",
        "Import a spreadsheet (XLSX, or CSV in UTF-8 or Big5) of one record type; nothing is written if any row is bad.",
    ),
    "self_check": (
        "執行所有已登記的設定檢查；任何一項發現必須處理的問題時，以狀態 1 結束。",
        "Run every registered set-up check; exit with status 1 when any finds a problem that must be dealt with.",
    ),
}


@pytest.mark.parametrize("name", sorted(HELP))
def test_each_command_explains_itself_in_chinese_and_in_english(name):
    assert description_in_both_languages(name) == HELP[name]


def test_the_import_options_are_explained_in_either_language():
    assert option_help("import_records", "--as") == "這次匯入登記在哪個職員帳號名下"
    with translation.override("en"):
        assert option_help("import_records", "--update") == "update the records that rows match (types that allow it)"


def test_the_import_writes_a_template_and_says_where(db, tmp_path):
    out, target = io.StringIO(), tmp_path / "agencies.xlsx"
    call_command("import_records", "agencies", "--template", str(target), stdout=out)
    assert out.getvalue() == f"範本已寫入 {target}\n"
    assert load_workbook(target).worksheets[0]["A1"].value == "機關代號*"
    with translation.override("en"):
        call_command("import_records", "agencies", "--template", str(target), stdout=out)
    assert out.getvalue().splitlines()[1] == f"template written to {target}"


def test_the_import_shows_its_stages_on_the_progress_bar(cast, tmp_path):
    path, out = tmp_path / "agencies.xlsx", io.StringIO()
    path.write_bytes(_xlsx(GOOD))
    call_command("import_records", "agencies", str(path), "--as", "admin", stdout=out)
    assert "檢查中" in out.getvalue() and "寫入中" in out.getvalue()
    assert out.getvalue().endswith("\n匯入完成：新增 2 筆，已存在略過 0 筆。\n")


def test_the_import_reports_in_english(cast, tmp_path):
    path, out = tmp_path / "agencies.xlsx", io.StringIO()
    path.write_bytes(_xlsx(GOOD))
    with translation.override("en"):
        call_command("import_records", "agencies", str(path), "--as", "admin", stdout=out)
    assert "checking" in out.getvalue() and "writing" in out.getvalue()
    assert out.getvalue().endswith("\nImport complete: 2 added, 0 skipped as already existing.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meetingz"], "沒有「meetingz」這種紀錄類型；請見 --list"),
        (["agencies"], "請給檔案與 --as 帳號"),
        (["agencies", "x.xlsx", "--as", "nobody"], "沒有啟用中的職員帳號「nobody」"),
    ],
)
def test_the_import_refuses_in_chinese(db, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("import_records", *args)
    assert str(raised.value) == message


def test_the_import_refuses_in_english(db):
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_records", "meetingz")
    assert str(raised.value) == "unknown record type 'meetingz'; see --list"


def test_the_self_check_fails_in_english(cast, capsys):
    make_agency(key="orphan", name="孤立機關")
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("self_check")
    assert str(raised.value) == "1 check found a problem that must be dealt with."
    assert "[Must be dealt with] Every agency is served by an ethics unit\n" in capsys.readouterr().out
