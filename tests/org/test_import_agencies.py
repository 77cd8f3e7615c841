import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from probity.core.models import ImportRun
from probity.org.models import Agency

HEADER = ["機關代號", "機關全銜", "簡稱", "英文名稱", "類型", "上級機關"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, data: bytes, name: str = "agencies.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/imports/agencies/", {"file": upload})


GOOD = [
    ["agency-c", "丙局", "丙局", "Bureau C", "局", "kcg"],
    ["agency-c1", "丙局所屬機關", "丙所屬", "", "所屬機關", "agency-c"],
]


def test_template_has_chinese_headers_and_an_example(clients):
    response = clients["admin"].get("/imports/agencies/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["機關代號*", "機關全銜*", "簡稱*", "英文名稱", "類型*", "上級機關"]
    assert [cell.value for cell in sheet[2]][:3] == ["land-admin", "高雄市政府地政局", "地政局"]


def test_good_file_creates_the_tree_and_a_reimport_adds_nothing(clients, cast):
    response = _upload(clients["admin"], _xlsx(GOOD))
    assert response.status_code == 302
    child = Agency.objects.get(key="agency-c1")
    assert child.parent.key == "agency-c"
    assert child.path.startswith(cast.city.path)
    assert child.depth == 2
    again = _upload(clients["admin"], _xlsx(GOOD))
    assert again.status_code == 302
    assert Agency.objects.filter(key__startswith="agency-c").count() == 2
    runs = list(ImportRun.objects.order_by("created_at").values_list("status", "created", "skipped"))
    assert runs == [("succeeded", 2, 0), ("succeeded", 0, 2)]


def test_bad_rows_are_all_reported_and_nothing_is_written(clients, cast):
    rows = [
        ["agency-d", "丁局", "丁局", "", "局", "kcg"],
        ["Bad Key", "戊局", "戊局", "", "局", "kcg"],
        ["agency-f", "", "己局", "", "部", "nowhere"],
        ["agency-d", "丁局重複", "丁局", "", "局", "kcg"],
        ["agency-g", '=HYPERLINK("http://x")', "庚局", "", "局", "kcg"],
    ]
    response = _upload(clients["admin"], _xlsx(rows))
    run = ImportRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    errors = [(e["row"], e["column"], e["message"]) for e in run.errors]
    assert errors == [
        (3, "機關代號", "機關代號只能用英文小寫、數字與連字號。"),
        (4, "機關全銜", "必填欄位沒有填寫。"),
        (4, "類型", "「部」不是可用的選項（市政府、局、處、委員會、區公所、所屬機關）。"),
        (4, "上級機關", "找不到上級機關「nowhere」；上級機關須已存在或列在本列之前。"),
        (5, "", "與第2列是同一筆資料。"),
        (6, "機關全銜", "內容以「=」開頭，可能是試算表公式，不予匯入；若為文字請刪除開頭符號。"),
    ]
    assert not Agency.objects.filter(key__in=["agency-d", "agency-f", "agency-g"]).exists()
    assert ImportRun.objects.get().status == "rejected"


def test_big5_csv_is_read(clients, cast):
    text = "機關代號,機關全銜,簡稱,英文名稱,類型,上級機關\r\nagency-h,高雄市政府辛局,辛局,,局,kcg\r\n"
    response = _upload(clients["admin"], text.encode("cp950"), "agencies.csv")
    assert response.status_code == 302
    assert Agency.objects.get(key="agency-h").name == "高雄市政府辛局"


def test_workbook_disguised_as_csv_is_refused(clients, cast):
    _upload(clients["admin"], _xlsx(GOOD), "agencies.csv")
    run = ImportRun.objects.get()
    assert (run.status, run.message) == ("rejected", "檔案內容是 Excel 活頁簿，副檔名卻不是 .xlsx。")
    page = clients["admin"].get(run.get_absolute_url()).content.decode()
    assert "檔案無法匯入：</strong>檔案內容是 Excel 活頁簿，副檔名卻不是 .xlsx。" in page
    assert not Agency.objects.filter(key="agency-c").exists()


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_agency_import_page_for_each_role(clients, role, status):
    assert clients[role].get("/imports/agencies/").status_code == status
    assert clients[role].get("/imports/agencies/template.xlsx").status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 403), ("anonymous", 302)]
)
def test_import_index_for_each_role(clients, role, status):
    assert clients[role].get("/imports/").status_code == status


def test_unknown_record_type_is_404(clients):
    assert clients["admin"].get("/imports/nothing/").status_code == 404


def test_command_line_import(cast, tmp_path, capsys):
    path = tmp_path / "agencies.xlsx"
    path.write_bytes(_xlsx(GOOD))
    call_command("import_records", "agencies", str(path), "--as", "admin")
    assert capsys.readouterr().out.splitlines()[-1] == "匯入完成：新增 2 筆，已存在略過 0 筆。"
    path.write_bytes(_xlsx([["agency-x", "", "x", "", "局", "kcg"]]))
    with pytest.raises(CommandError, match="^1 個錯誤，整份檔案都沒有寫入$"):
        call_command("import_records", "agencies", str(path), "--as", "admin")
    assert capsys.readouterr().err == "第2列 機關全銜：必填欄位沒有填寫。\n"
    with pytest.raises(CommandError, match="^officer 無權匯入 agencies$"):
        call_command("import_records", "agencies", str(path), "--as", "officer")
