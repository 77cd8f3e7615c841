from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from probity.declarations.family import format_children, parse_children
from probity.declarations.models import Declarant
from tests.declarations.conftest import make_declarant


@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("", []),
        ("王小明", [{"name": "王小明", "id_number": ""}]),
        (
            "王小明（e134567890）、王小華 (E234567890)，王小美 E21234567",
            None,
        ),
        (
            "王小明（e134567890）、王小華 (E234567890)，王小美 E212345678\n陳小寶",
            [
                {"name": "王小明", "id_number": "E134567890"},
                {"name": "王小華", "id_number": "E234567890"},
                {"name": "王小美", "id_number": "E212345678"},
                {"name": "陳小寶", "id_number": ""},
            ],
        ),
    ],
)
def test_children_are_read_with_or_without_id_numbers(text, children):
    if children is None:
        with pytest.raises(ValidationError) as error:
            parse_children(text)
        assert error.value.messages == ["「王小美 E21234567」的身分證統一編號格式不正確。"]
    else:
        assert parse_children(text) == children


def test_every_bad_entry_is_named():
    with pytest.raises(ValidationError) as error:
        parse_children("王（小）明、李小龍（A12）、張三")
    assert error.value.messages == [
        "「王（小）明」應為姓名，或姓名後接括號內的身分證統一編號。",
        "「李小龍（A12）」的身分證統一編號格式不正確。",
    ]


def test_formatted_children_read_back_the_same():
    children = [{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}]
    assert format_children(children) == "王小明（E134567890）、王小華"
    assert parse_children(format_children(children)) == children


def test_the_migration_turns_names_into_records_and_back(cast):
    migration = import_module("probity.declarations.migrations.0004_family_id_numbers")
    declarant = make_declarant(cast.agency_a, 1)
    Declarant.objects.filter(pk=declarant.pk).update(minor_children=["王小明", "王小華"])
    migration.children_as_records(apps, None)
    declarant.refresh_from_db()
    assert declarant.minor_children == [{"name": "王小明", "id_number": ""}, {"name": "王小華", "id_number": ""}]
    migration.children_as_names(apps, None)
    declarant.refresh_from_db()
    assert declarant.minor_children == ["王小明", "王小華"]
