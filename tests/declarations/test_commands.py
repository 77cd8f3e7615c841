import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from probity.declarations import domain, queries
from probity.declarations.models import Declaration
from tests.commands import description_in_both_languages, option_help
from tests.declarations.conftest import VALUES
from tests.declarations.test_imports import json_document


@pytest.fixture
def draw_file(draws, tmp_path):
    draw = domain.run_draw(domain.publish_draw(draws[0], actor=None), actor=None, values=VALUES)
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(queries.draw_file(draw), ensure_ascii=False), encoding="utf-8")
    return path


def test_verify_draw_says_match(draw_file, capsys):
    call_command("verify_draw", str(draw_file))
    assert capsys.readouterr().out == "MATCH 相符: pool 15, review 2, comparison 1\n"


def test_verify_draw_says_mismatch_for_changed_source(draw_file, capsys):
    data = json.loads(draw_file.read_text(encoding="utf-8"))
    data["sources"][0]["values"][0] = 4
    draw_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="^抽籤檔與重算的結果不符$"):
        call_command("verify_draw", str(draw_file))
    assert capsys.readouterr().out.startswith("MISMATCH 不符\n  - key differs")


def test_import_declarations_json_command(cast, tmp_path, capsys):
    path = tmp_path / "declarations.json"
    path.write_text(json.dumps(json_document(), ensure_ascii=False), encoding="utf-8")
    call_command("import_declarations_json", str(path), "--actor", "officer")
    assert capsys.readouterr().out == "已匯入 1 份申報，略過 0 份已登錄的申報，新增 1 位申報義務人\n"
    assert Declaration.objects.get().items.count() == 2


def test_import_declarations_json_command_rejects_bad_file(cast, tmp_path, capsys):
    path = tmp_path / "declarations.json"
    path.write_text(json.dumps(json_document(kind="x")), encoding="utf-8")
    with pytest.raises(CommandError, match="^1 個錯誤，未匯入任何資料$"):
        call_command("import_declarations_json", str(path))
    assert "declarations[0].kind" in capsys.readouterr().err
    assert Declaration.objects.count() == 0


HELP = {
    "import_declarations_json": (
        "從 JSON 檔（格式 probity-declarations/1）匯入申報及其財產項目。",
        "Import declarations with their asset items from a JSON file (format probity-declarations/1).",
    ),
    "verify_draw": (
        "重算公開抽籤檔（probity-draw/1），並說明結果是否相符。",
        "Re-run a published draw file (probity-draw/1) and say whether it matches.",
    ),
}


@pytest.mark.parametrize("name", sorted(HELP))
def test_each_command_explains_itself_in_chinese_and_in_english(name):
    assert description_in_both_languages(name) == HELP[name]


def test_the_file_argument_is_explained_in_either_language():
    assert option_help("verify_draw", "file") == "從公開抽籤頁面下載的 JSON 檔"
    with translation.override("en"):
        actor = option_help("import_declarations_json", "--actor")
    assert actor == "username recorded in the audit trail; limits agencies to that user's scope"


def test_the_verdict_lines_stay_bilingual_in_english(draw_file):
    out = io.StringIO()
    with translation.override("en"):
        call_command("verify_draw", str(draw_file), stdout=out)
    assert out.getvalue() == "MATCH 相符: pool 15, review 2, comparison 1\n"


def test_the_import_reports_in_english(cast, tmp_path):
    path, out = tmp_path / "declarations.json", io.StringIO()
    path.write_text(json.dumps(json_document(), ensure_ascii=False), encoding="utf-8")
    with translation.override("en"):
        call_command("import_declarations_json", str(path), stdout=out)
    assert out.getvalue() == "imported 1 declarations, skipped 0 already recorded, created 1 declarants\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "無法讀取 missing.json：[Errno 2] No such file or directory: 'missing.json'"),
        (["missing.json", "--actor", "nobody"], "沒有啟用中的使用者「nobody」"),
    ],
)
def test_the_import_refuses_in_chinese(db, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("import_declarations_json", *args)
    assert str(raised.value) == message
