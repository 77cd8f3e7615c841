import json

import pytest
from django.core.management import CommandError, call_command

from probity.declarations import domain, queries
from probity.declarations.models import Declaration
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
    with pytest.raises(CommandError):
        call_command("verify_draw", str(draw_file))
    assert capsys.readouterr().out.startswith("MISMATCH 不符\n  - key differs")


def test_import_declarations_json_command(cast, tmp_path, capsys):
    path = tmp_path / "declarations.json"
    path.write_text(json.dumps(json_document(), ensure_ascii=False), encoding="utf-8")
    call_command("import_declarations_json", str(path), "--actor", "officer")
    assert "imported 1 declarations" in capsys.readouterr().out
    assert Declaration.objects.get().items.count() == 2


def test_import_declarations_json_command_rejects_bad_file(cast, tmp_path, capsys):
    path = tmp_path / "declarations.json"
    path.write_text(json.dumps(json_document(kind="x")), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_declarations_json", str(path))
    assert "declarations[0].kind" in capsys.readouterr().err
    assert Declaration.objects.count() == 0
