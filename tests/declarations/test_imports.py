"""Imports: bad rows mean nothing is written and every error is reported."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from probity.audit.models import AuditEvent
from probity.core import imports
from probity.core.models import ImportRun
from probity.declarations.jsonimport import import_declarations
from probity.declarations.models import AssetItem, Declarant, Declaration
from tests.declarations.conftest import make_declarant, make_declaration


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DECLARANT_HEADER = ["姓名", "身分證統一編號", "服務機關", "職稱", "申報義務類別", "到職日"]


def test_declarant_import_writes_valid_file(cast):
    data = xlsx(
        [
            DECLARANT_HEADER,
            ["王大明", "E123456789", "甲局", "科長", "12", "110/07/01"],
            ["林小華", "E223456789", "甲局", "局長", "5", ""],
        ]
    )
    report = imports.run_import("declarants", data, "d.xlsx", actor=cast.officer)
    assert (report.ok, report.created) == (True, 2)
    assert Declarant.objects.get(name="王大明").unit == cast.unit_a
    again = imports.run_import("declarants", data, "d.xlsx", actor=cast.officer)
    assert (again.created, again.skipped) == (0, 2)


def test_declarant_import_with_bad_rows_writes_nothing_and_reports_every_error(cast):
    data = xlsx(
        [
            DECLARANT_HEADER,
            ["王大明", "E123456789", "甲局", "科長", "12", "110/07/01"],
            ["林小華", "123", "甲局", "局長", "5", ""],
            ["陳一", "E323456789", "乙局", "科長", "12", ""],
            ["張二", "E423456789", "甲局", "科長", "第99款", "110/13/01"],
        ]
    )
    report = imports.run_import("declarants", data, "d.xlsx", actor=cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "身分證統一編號"),
        (4, "服務機關"),
        (5, "申報義務類別"),
        (5, "到職日"),
    ]
    assert Declarant.objects.count() == 0


def test_declarant_import_reads_the_spouse_and_children_with_their_id_numbers(cast):
    header = [*DECLARANT_HEADER, "配偶姓名", "配偶身分證統一編號", "未成年子女"]
    good = ["王大明", "E123456789", "甲局", "科長", "12", "", "林美玉", "e223456789", "王小明（E134567890）、王小華"]
    bad = [
        ["陳一", "E323456789", "甲局", "科長", "12", "", "林美", "E22345", "陳小明（E1345）"],
        ["張二", "E423456789", "甲局", "科長", "12", "", "", "", "張（小）明"],
    ]
    report = imports.run_import("declarants", xlsx([header, good, *bad]), "d.xlsx", actor=cast.officer)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "配偶身分證統一編號", "身分證統一編號格式不正確。"),
        (3, "未成年子女", "「陳小明（E1345）」的身分證統一編號格式不正確。"),
        (4, "未成年子女", "「張（小）明」應為姓名，或姓名後接括號內的身分證統一編號。"),
    ]
    assert Declarant.objects.count() == 0

    report = imports.run_import("declarants", xlsx([header, good]), "d.xlsx", actor=cast.officer)
    declarant = Declarant.objects.get()
    assert (report.created, declarant.spouse_id_number, declarant.minor_children) == (
        1,
        "E223456789",
        [{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}],
    )


FAMILY_HEADER = [*DECLARANT_HEADER, "配偶姓名", "配偶身分證統一編號", "未成年子女"]


def test_a_roster_imported_again_updates_the_declarants_it_names_when_asked(cast):
    first = [
        FAMILY_HEADER,
        ["王大明", "E123456789", "甲局", "科長", "12", "110/07/01", "", "", "王小明（E134567890）"],
        ["林小華", "E223456789", "甲局", "局長", "5", "", "", "", ""],
    ]
    imports.run_import("declarants", xlsx(first), "d.xlsx", actor=cast.officer)
    changed = [
        FAMILY_HEADER,
        [
            "王大明",
            "E123456789",
            "甲局",
            "科長",
            "12",
            "110/07/01",
            "林美玉",
            "E223456780",
            "王小明（E134567890）、王小華",
        ],
        ["林小華", "E223456789", "甲局", "局長", "5", "", "", "", ""],
        ["陳新", "E323456789", "甲局", "科長", "12", "111/01/03", "", "", ""],
    ]
    skipped = imports.run_import("declarants", xlsx(changed), "d.xlsx", actor=cast.officer)
    assert (skipped.created, skipped.updated, skipped.skipped) == (1, 0, 2)
    assert Declarant.objects.get(name="王大明").spouse_name == ""

    report = imports.run_import("declarants", xlsx(changed), "d.xlsx", actor=cast.officer, update=True)
    assert (report.created, report.updated, report.skipped) == (0, 1, 2)
    wang = Declarant.objects.get(name="王大明")
    assert (wang.spouse_name, wang.spouse_id_number, wang.minor_children) == (
        "林美玉",
        "E223456780",
        [{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}],
    )
    run = ImportRun.objects.order_by("-id").first()
    assert (run.updates_existing, run.created, run.updated, run.skipped) == (True, 0, 1, 2)
    event = AuditEvent.objects.filter(verb="declarations.declarant.updated").get()
    assert event.data == {"changed": ["spouse_name", "spouse_id_number", "minor_children"]}


def test_an_update_leaves_alone_the_columns_the_file_lacks(cast):
    full = [FAMILY_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", "110/07/01", "林美玉", "E223456780", ""]]
    imports.run_import("declarants", xlsx(full), "d.xlsx", actor=cast.officer)
    without_family = [DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", "110/08/01"]]
    report = imports.run_import("declarants", xlsx(without_family), "d.xlsx", actor=cast.officer, update=True)
    assert (report.updated, report.skipped) == (1, 0)
    wang = Declarant.objects.get()
    assert (wang.took_office_on, wang.spouse_name) == (dt.date(2021, 8, 1), "林美玉")


def test_types_that_are_never_updated_skip_what_exists_even_when_asked(cast):
    from probity.declarations.models import DeclarationType

    declaration = make_declaration(make_declarant(cast.agency_a, 1), kind=DeclarationType.ANNUAL)
    assert imports.get_importer("declarations").updates is False
    header = ["身分證統一編號", "服務機關", "申報類別", "申報年度", "申報日", "交件日", "授權", "全年薪資所得"]
    row = [
        declaration.declarant.id_number,
        "甲局",
        "定期申報",
        declaration.filing_year,
        "110/11/01",
        "110/12/10",
        "否",
        "1",
    ]
    report = imports.run_import("declarations", xlsx([header, row]), "d.xlsx", actor=cast.officer, update=True)
    assert (report.created, report.updated, report.skipped) == (0, 0, 1)


def test_a_declarant_whose_agency_no_unit_serves_is_an_error_found_while_checking(cast):
    from probity.org.models import EthicsUnit

    EthicsUnit.objects.filter(pk__in=[cast.unit_a.pk, cast.department.pk]).update(is_active=False)
    data = xlsx(
        [
            DECLARANT_HEADER,
            ["王大明", "E123456789", "乙局", "科長", "12", "110/07/01"],
            ["林小華", "E223456789", "甲局", "局長", "5", ""],
            ["陳一", "E323456789", "甲局", "科長", "12", ""],
        ]
    )
    report = imports.run_import("declarants", data, "d.xlsx", actor=cast.admin)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "服務機關", "這個機關沒有政風機構受理申報。"),
        (4, "服務機關", "這個機關沒有政風機構受理申報。"),
    ]
    assert Declarant.objects.count() == 0


def test_declaration_and_item_imports(cast):
    make_declarant(cast.agency_a, 1, id_number="E100000001")
    header = ["身分證統一編號", "服務機關", "申報類別", "申報年度", "申報日", "交件日", "授權", "全年薪資所得"]
    data = xlsx([header, ["E100000001", "甲局", "定期申報", 110, "110/11/01", "110/12/01", "是", "1500000"]])
    assert imports.run_import("declarations", data, "x.xlsx", actor=cast.officer).created == 1
    items = xlsx(
        [
            ["身分證統一編號", "服務機關", "申報類別", "申報日", "所有人", "財產類別", "識別資料", "價額"],
            ["E100000001", "甲局", "定期申報", "110/11/01", "本人", "存款", "臺灣銀行", "1200000"],
            ["E100000001", "甲局", "定期申報", "110/11/01", "配偶", "土地", "苓雅區四維段1地號", "3000000"],
        ]
    )
    assert imports.run_import("declaration-items", items, "i.xlsx", actor=cast.officer).created == 2
    item = AssetItem.objects.get(category="deposit")
    assert (item.ident_key, item.declaration.filing_year) == ("臺灣銀行", 110)


def test_item_import_with_bad_rows_writes_nothing(cast):
    declarant = make_declarant(cast.agency_a, 1, id_number="E100000001")
    make_declaration(declarant, 110)
    items = xlsx(
        [
            ["身分證統一編號", "服務機關", "申報類別", "申報日", "所有人", "財產類別", "識別資料", "價額"],
            ["E100000001", "甲局", "定期申報", "110/11/01", "本人", "存款", "臺灣銀行", "1200000"],
            ["E100000001", "甲局", "定期申報", "110/11/02", "本人", "存款", "臺灣銀行", "1"],
            ["E100000001", "甲局", "定期申報", "110/11/01", "未成年子女", "存款", "郵局", "-5"],
        ]
    )
    report = imports.run_import("declaration-items", items, "i.xlsx", actor=cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [(3, "申報日"), (4, "價額")]
    assert AssetItem.objects.count() == 0


def test_outsider_cannot_import_into_another_unit(cast):
    data = xlsx([DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", ""]])
    report = imports.run_import("declarants", data, "d.xlsx", actor=cast.outsider)
    assert [(e.row, e.column) for e in report.errors] == [(2, "服務機關")]


def json_document(**overrides):
    row = {
        "declarant": {
            "id_number": "E123456789",
            "name": "王大明",
            "agency": "agency-a",
            "position": "科長",
            "category": "12",
        },
        "kind": "annual",
        "filing_year": 110,
        "declared_on": "110/11/01",
        "submitted_on": "2021-12-03",
        "consented": True,
        "household_salary": 1650000,
        "items": [
            {"owner": "self", "category": "deposit", "identifier": "臺灣銀行", "value": 1250000},
            {
                "owner": "minor_child",
                "owner_name": "王小明",
                "category": "deposit",
                "identifier": "中華郵政",
                "value": 1010000,
            },
        ],
    }
    row.update(overrides)
    return {"format": "probity-declarations/1", "declarations": [row]}


def test_json_import_creates_declarant_declaration_and_items(cast):
    report = import_declarations(json_document(), actor=cast.officer)
    assert (report.errors, report.created, report.declarants_created) == ([], 1, 1)
    declaration = Declaration.objects.get()
    assert declaration.items.count() == 2
    assert declaration.unit == cast.unit_a
    assert import_declarations(json_document(), actor=cast.officer).skipped == 1


def test_json_import_with_errors_writes_nothing_and_lists_every_error(cast):
    document = json_document(kind="yearly", declared_on="110/13/01")
    document["declarations"][0]["items"][1]["owner_name"] = ""
    document["declarations"][0]["items"][0]["value"] = "abc"
    report = import_declarations(document, actor=cast.officer)
    assert [error.split(":")[0] for error in report.errors] == [
        "declarations[0].items[0].value",
        "declarations[0].items[1].owner_name",
        "declarations[0].kind",
        "declarations[0].declared_on",
    ]
    assert Declarant.objects.count() == Declaration.objects.count() == 0


def test_json_import_reads_the_declared_family_and_checks_its_id_numbers(cast):
    document = json_document()
    person = document["declarations"][0]["declarant"]
    person["spouse"] = {"name": "林美玉", "id_number": "E22345"}
    person["minor_children"] = [{"name": "王小明", "id_number": "e134567890"}, {"name": ""}, "王小華"]
    report = import_declarations(document, actor=cast.officer)
    assert report.errors == [
        "declarations[0].declarant.spouse.id_number: 「E22345」不是身分證統一編號",
        "declarations[0].declarant.minor_children[1].name: 必填欄位沒有填寫",
        "declarations[0].declarant.minor_children[2]: 應為物件",
    ]
    assert Declarant.objects.count() == 0

    person["spouse"]["id_number"] = "E223456789"
    person["minor_children"] = [{"name": "王小明", "id_number": "e134567890"}, {"name": "王小華"}]
    assert import_declarations(document, actor=cast.officer).errors == []
    declarant = Declarant.objects.get()
    assert (declarant.spouse_name, declarant.spouse_id_number, declarant.minor_children) == (
        "林美玉",
        "E223456789",
        [{"name": "王小明", "id_number": "E134567890"}, {"name": "王小華", "id_number": ""}],
    )


def test_json_import_limited_to_actor_scope(cast):
    report = import_declarations(json_document(), actor=cast.outsider)
    assert report.errors == ["declarations[0].declarant.agency: 找不到機關「agency-a」，或不在您的權限範圍內"]


def test_the_upload_page_asks_whether_to_update_only_for_types_that_allow_it(cast, clients):
    client = clients["officer"]
    assert 'name="mode"' in client.get("/imports/declarants/").content.decode()
    assert 'name="mode"' not in client.get("/imports/declarations/").content.decode()
    imports.run_import(
        "declarants",
        xlsx([DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", ""]]),
        "a.xlsx",
        actor=cast.officer,
    )
    upload = io.BytesIO(xlsx([DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", "110/08/01"]]))
    upload.name = "roster.xlsx"
    response = client.post("/imports/declarants/", {"file": upload, "mode": "update"}, follow=True)
    assert "匯入完成：新增 0 筆，更新 1 筆，已存在且無變動 0 筆。" in response.content.decode()
    assert Declarant.objects.get().took_office_on == dt.date(2021, 8, 1)
    history = client.get("/imports/").content.decode()
    assert '<td class="num">0</td><td class="num">1</td><td class="num">0</td>' in history


def test_the_command_updates_when_asked_and_refuses_for_types_never_updated(cast, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", "110/07/01"]]))
    call_command("import_records", "declarants", str(path), "--as", "officer", stdout=io.StringIO())
    path.write_bytes(xlsx([DECLARANT_HEADER, ["王大明", "E123456789", "甲局", "科長", "12", "110/09/01"]]))
    out = io.StringIO()
    call_command("import_records", "declarants", str(path), "--as", "officer", "--update", stdout=out)
    assert out.getvalue().splitlines()[-1] == "匯入完成：新增 0 筆，更新 1 筆，已存在且無變動 0 筆。"
    assert Declarant.objects.get().took_office_on == dt.date(2021, 9, 1)
    with pytest.raises(CommandError, match="^declarations 紀錄不會因匯入而更新；請拿掉 --update$"):
        call_command("import_records", "declarations", str(path), "--as", "officer", "--update")


def test_json_import_errors_read_in_the_users_language(cast):
    document = json_document(kind="yearly", declared_on="110/13/01")
    document["declarations"][0]["items"][0]["value"] = "abc"
    document["declarations"][0]["declarant"]["spouse"] = {"name": "林美玉", "id_number": "E22345"}
    with translation.override("en"):
        report = import_declarations(document, actor=cast.officer)
    assert report.errors == [
        "declarations[0].declarant.spouse.id_number: “E22345” is not a national ID number",
        "declarations[0].items[0].value: “abc” is not a number",
        "declarations[0].kind: “yearly” is not one of the codes (on_taking_office, annual, on_leaving, acting, "
        "concurrent, designated, trust, change, correction)",
        "declarations[0].declared_on: “110/13/01” is not a date (use 110/11/01 or 2021-11-01)",
    ]
