"""The spreadsheet import framework, exercised through a real record type (outreach).

Good files, bad rows (nothing written, every error with row, column and reason), Big5 CSV,
re-imports, hostile files (formula cells, huge files, wrong types) and the export side
(no exported cell starts a formula).
"""

import csv
import datetime as dt
import io
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from probity.activities.models import Outreach
from probity.audit.models import AuditEvent
from probity.core import exports, imports
from probity.core.models import ImportRun

HEADER = ["機關", "日期", "主題", "方式", "名稱", "場次", "參加人次"]
GOOD = [
    ["甲局", "110/08/20", "財產申報", "說明會", "財產申報說明會", "1", "85"],
    ["甲局所屬機關", "110/09/01", "利益衝突迴避", "講習", "利衝法講習", "2", "120"],
]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def run(data: bytes, name: str, actor):
    return imports.run_import("outreach", data, name, actor=actor)


def test_good_xlsx_is_written(cast):
    report = run(xlsx([HEADER, *GOOD]), "good.xlsx", cast.officer)
    assert (report.ok, report.rows, report.created, report.skipped) == (True, 2, 2, 0)
    assert sorted(Outreach.objects.values_list("title", "sessions", "attendances")) == [
        ("利衝法講習", 2, 120),
        ("財產申報說明會", 1, 85),
    ]
    run_record = ImportRun.objects.get()
    assert (run_record.status, run_record.created, run_record.actor) == ("succeeded", 2, cast.officer)
    assert AuditEvent.objects.filter(verb="import.succeeded").count() == 1
    assert AuditEvent.objects.filter(verb="activities.outreach.created").count() == 2


def test_headers_with_required_marks_and_blank_rows_are_accepted(cast):
    header = [f"{h}*" for h in HEADER]
    report = run(xlsx([header, GOOD[0], [None] * 7, GOOD[1]]), "marks.xlsx", cast.officer)
    assert (report.ok, report.created) == (True, 2)


def test_bad_rows_write_nothing_and_report_every_error(cast):
    rows = [
        HEADER,
        GOOD[0],
        ["甲局", "110/13/01", "財產申報", "說明會", "壞日期", "1", "10"],
        ["乙局", "110/08/20", "魔法", "說明會", "", "0", "abc"],
        GOOD[0],
    ]
    report = run(xlsx(rows), "bad.xlsx", cast.officer)
    assert not report.ok
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "日期"),
        (4, "機關"),
        (4, "主題"),
        (4, "名稱"),
        (4, "場次"),
        (4, "參加人次"),
        (5, ""),
    ]
    messages = [e.message for e in report.errors]
    assert messages[0] == "「110/13/01」不是民國日期，請寫成 110/07/01。"
    assert messages[1] == "找不到機關「乙局」，或不在您的權限範圍內。"
    assert messages[2].startswith("「魔法」不是可用的選項（")
    assert messages[3] == "必填欄位沒有填寫。"
    assert messages[4] == "應介於 1 與 1000 之間。"
    assert messages[5] == "「abc」不是整數。"
    assert messages[6] == "與第2列是同一筆資料。"
    assert Outreach.objects.count() == 0
    rejected = ImportRun.objects.get()
    assert (rejected.status, len(rejected.errors)) == ("rejected", 7)
    assert rejected.errors[0] == {"row": 3, "column": "日期", "message": messages[0]}


def test_big5_csv_is_read(cast):
    data = csv_text([HEADER, *GOOD]).encode("cp950")
    report = run(data, "big5.csv", cast.officer)
    assert (report.ok, report.created) == (True, 2)
    assert Outreach.objects.filter(title="財產申報說明會").exists()


def test_utf8_csv_with_bom_is_read(cast):
    data = ("\ufeff" + csv_text([HEADER, *GOOD])).encode("utf-8")
    assert run(data, "utf8.csv", cast.officer).created == 2


def test_reimport_creates_no_duplicates(cast):
    data = xlsx([HEADER, *GOOD])
    run(data, "once.xlsx", cast.officer)
    again = run(data, "twice.xlsx", cast.officer)
    assert (again.ok, again.created, again.skipped) == (True, 0, 2)
    assert Outreach.objects.count() == 2


def test_formula_cells_are_refused_and_nothing_written(cast):
    rows = [
        HEADER,
        GOOD[0],
        ["甲局", "110/08/21", "財產申報", "說明會", '=HYPERLINK("http://evil.example","點我")', "1", "10"],
        ["甲局", "110/08/22", "財產申報", "說明會", "+cmd|' /C calc'!A0", "1", "10"],
        ["甲局", "110/08/23", "財產申報", "說明會", "@SUM(1+1)", "1", "10"],
        ["=1+1", "110/08/24", "財產申報", "說明會", "-2+3", "=5", "10"],
    ]
    report = run(xlsx(rows), "formula.xlsx", cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "名稱"),
        (4, "名稱"),
        (5, "名稱"),
        (6, "機關"),
        (6, "名稱"),
        (6, "場次"),
    ]
    assert "可能是試算表公式" in report.errors[0].message
    assert Outreach.objects.count() == 0


def test_formula_in_csv_is_refused(cast):
    data = csv_text([HEADER, ["甲局", "110/08/21", "財產申報", "說明會", "=cmd|'/C calc'!A0", "1", "10"]])
    report = run(data.encode(), "formula.csv", cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [(2, "名稱")]
    assert Outreach.objects.count() == 0


def test_huge_file_is_refused(cast, settings):
    settings.PROBITY_IMPORT_MAX_BYTES = 2048
    data = csv_text([HEADER] + [GOOD[0]] * 100).encode()
    with pytest.raises(imports.FileRejected, match="MB 上限"):
        run(data, "huge.csv", cast.officer)
    assert Outreach.objects.count() == 0
    rejected = ImportRun.objects.get()
    assert (rejected.status, rejected.rows, rejected.created) == ("rejected", 0, 0)
    assert "MB 上限" in rejected.message


def test_too_many_rows_are_refused(cast, settings):
    settings.PROBITY_IMPORT_MAX_ROWS = 3
    with pytest.raises(imports.FileRejected, match="列上限"):
        run(xlsx([HEADER] + [GOOD[0]] * 5), "rows.xlsx", cast.officer)
    with pytest.raises(imports.FileRejected, match="列上限"):
        run(csv_text([HEADER] + [GOOD[0]] * 5).encode(), "rows.csv", cast.officer)
    assert Outreach.objects.count() == 0


def test_zip_bomb_disguised_as_workbook_is_refused(cast, monkeypatch):
    monkeypatch.setattr(imports, "_MAX_XLSX_UNCOMPRESSED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 100_000)
    with pytest.raises(imports.FileRejected, match="解壓縮後過大"):
        run(buffer.getvalue(), "bomb.xlsx", cast.officer)


def test_overlong_csv_field_is_refused(cast):
    data = ("名稱\n" + '"' + "長" * 200_000 + '"\n').encode()
    with pytest.raises(imports.FileRejected, match="CSV 格式錯誤"):
        run(data, "long.csv", cast.officer)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "picture.csv", "二進位資料"),
        (PNG, "picture.xlsx", "內容卻不是 Excel 活頁簿"),
        (b"%PDF-1.7\n" + bytes(range(128, 256)) * 4, "report.xlsx", "內容卻不是 Excel 活頁簿"),
        (csv_text([HEADER, GOOD[0]]).encode(), "table.xlsx", "內容卻不是 Excel 活頁簿"),
        (xlsx([HEADER, GOOD[0]]), "table.csv", "副檔名卻不是 .xlsx"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "無法讀取這個 Excel 活頁簿"),
        (csv_text([HEADER, GOOD[0]]).encode(), "table.txt", "只接受 .xlsx 或 .csv"),
        (b"\xff\xfe\xfd" * 10, "garbled.csv", "無法辨識檔案編碼"),
        (b"", "empty.csv", "檔案是空的"),
    ],
)
def test_wrong_file_types_get_a_clear_error(cast, data, name, message):
    with pytest.raises(imports.FileRejected, match=message):
        run(data, name, cast.officer)
    assert Outreach.objects.count() == 0


def test_docx_renamed_to_xlsx_is_refused(cast):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(imports.FileRejected, match="無法讀取"):
        run(buffer.getvalue(), "letter.xlsx", cast.officer)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ([*HEADER, "備註"], "不認得的欄位「備註」"),
        ([*HEADER, "名稱"], "欄位「名稱」重複"),
        (HEADER[:-1], "缺少必要欄位：參加人次"),
    ],
)
def test_bad_header_is_refused(cast, header, message):
    with pytest.raises(imports.FileRejected, match=message):
        run(xlsx([header, GOOD[0]]), "header.xlsx", cast.officer)


def test_header_only_is_refused(cast):
    with pytest.raises(imports.FileRejected, match="沒有資料"):
        run(xlsx([HEADER]), "empty.xlsx", cast.officer)


def test_write_time_domain_error_rolls_back_the_whole_file(cast, monkeypatch):
    importer = imports.get_importer("outreach")
    original = type(importer).save
    calls = []

    def save_then_fail(self, values, *, actor):
        calls.append(values["title"])
        if len(calls) == 2:
            raise ValidationError({"title": "第二筆違反規則"})
        return original(self, values, actor=actor)

    monkeypatch.setattr(type(importer), "save", save_then_fail)
    report = run(xlsx([HEADER, *GOOD]), "late.xlsx", cast.officer)
    assert [(e.row, e.message) for e in report.errors] == [(3, "第二筆違反規則")]
    assert (report.created, Outreach.objects.count()) == (0, 0)


def test_template_round_trip(cast):
    importer = imports.get_importer("outreach")
    workbook = load_workbook(io.BytesIO(imports.build_template(importer)))
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)
    sheet.append(["甲局", "", "110/08/20", "廉政", "宣導活動", "誠信宣導", 1, 30, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), "template.xlsx", cast.officer)
    assert (report.ok, report.created) == (True, 1)
    assert workbook.worksheets[1].title == "說明"


# Exports ---------------------------------------------------------------------

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


def test_exported_csv_cells_never_start_a_formula():
    columns = [exports.ExportColumn(header, lambda row, i=i: row[i]) for i, header in enumerate(["=名稱", "數量"])]
    data = exports.csv_bytes(
        [str(c.header) for c in columns], exports.rows_for(columns, [[text, 5] for text in HOSTILE])
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["'=名稱", "數量"]
    for row in rows[1:]:
        assert not row[0].startswith(imports.FORMULA_PREFIXES)
        assert row[0].startswith("'")


def test_exported_xlsx_cells_are_text_never_formulas():
    columns = [
        exports.ExportColumn("名稱", lambda text: text),
        exports.ExportColumn("日期", lambda _: dt.date(2021, 7, 1)),
    ]
    data = exports.xlsx_bytes(["名稱", "日期"], exports.rows_for(columns, HOSTILE))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert not str(row[0].value).startswith(imports.FORMULA_PREFIXES)
        assert row[1].value == "110/07/01"


def _numbers_noted(read: list[int]):
    """1 to 1,200, each noted in ``read`` as it is read: what an export has read so far."""
    for n in range(1, 1201):
        read.append(n)
        yield n


def test_csv_export_is_streamed_in_pieces_of_rows():
    columns = [exports.ExportColumn("序號", lambda n: n), exports.ExportColumn("日期", lambda _: dt.date(2021, 7, 1))]
    read = []
    response = exports.export_response(columns, _numbers_noted(read), fmt="csv", name="numbers")
    assert response.streaming
    assert read == []  # nothing is read before the response is sent
    pieces = list(response.streaming_content)
    assert len(pieces) == 3  # rows 1–500, 501–1000, 1001–1200
    assert pieces[0].startswith("\ufeff序號,日期\r\n1,110/07/01\r\n".encode())
    assert pieces[0].endswith(b"500,110/07/01\r\n")
    assert pieces[2].endswith(b"1200,110/07/01\r\n")
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8-sig"))))
    assert len(rows) == 1201
    assert rows[1200] == ["1200", "110/07/01"]
    assert response["Content-Disposition"].startswith('attachment; filename="numbers-')


def test_list_export_neutralises_a_stored_formula(cast, clients):
    from probity.activities import domain

    domain.create_outreach(
        actor=None,
        agency=cast.agency_a,
        date=dt.date(2021, 8, 1),
        topic="integrity",
        form="campaign",
        title='=HYPERLINK("http://evil.example")',
        sessions=1,
        attendances=1,
    )
    response = clients["officer"].get("/activities/outreach/export/csv/")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
    response = clients["officer"].get("/activities/outreach/export/xlsx/")
    sheet = load_workbook(io.BytesIO(response.getvalue())).worksheets[0]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil.example")'
    assert sheet["A2"].data_type == "s"


# The upload page -------------------------------------------------------------


def test_upload_page_reports_errors_and_writes_nothing(cast, clients):
    upload = io.BytesIO(xlsx([HEADER, ["甲局", "bad", "財產申報", "說明會", "x", "1", "1"]]))
    upload.name = "bad.xlsx"
    response = clients["officer"].post("/imports/outreach/", {"file": upload}, follow=True)
    run = ImportRun.objects.get()
    assert response.redirect_chain == [(run.get_absolute_url(), 302)]
    page = response.content.decode()
    assert "檢查發現 1 個錯誤，整份檔案都沒有寫入" in page
    assert '<td class="num">2</td><td>日期</td>' in page
    assert "hx-get" not in page
    assert Outreach.objects.count() == 0


def test_upload_page_rejects_disguised_file(cast, clients):
    upload = io.BytesIO(PNG)
    upload.name = "table.csv"
    response = clients["officer"].post("/imports/outreach/", {"file": upload}, follow=True)
    assert "檔案無法匯入" in response.content.decode()
    assert ImportRun.objects.get().status == "rejected"


def test_upload_page_writes_good_file(cast, clients):
    upload = io.BytesIO(xlsx([HEADER, *GOOD]))
    upload.name = "good.xlsx"
    response = clients["officer"].post("/imports/outreach/", {"file": upload}, follow=True)
    assert "匯入完成：新增 2 筆，已存在略過 0 筆。" in response.content.decode()
    assert Outreach.objects.count() == 2
    run = ImportRun.objects.get()
    assert not (imports._queue_dir() / str(run.code)).exists()  # the upload is not kept
    history = clients["officer"].get("/imports/").content.decode()
    assert f'<td>宣導及說明會</td><td><a href="{run.get_absolute_url()}">good.xlsx</a></td>' in history


def test_queued_import_shows_its_progress_until_the_worker_is_done(cast, clients):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    url = run.get_absolute_url()
    page = clients["officer"].get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "排隊中" in page
    assert "背景工作程式可能沒有執行" not in page
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    assert "背景工作程式可能沒有執行" in clients["officer"].get(url).content.decode()
    notes = []
    imports.run_import(
        "outreach",
        xlsx([HEADER, *GOOD]),
        "good.xlsx",
        actor=cast.officer,
        run=run,
        progress=lambda stage, done, total: notes.append((stage, done, total)),
    )
    assert notes == [("validate", 0, 2), ("validate", 1, 2), ("write", 0, 2), ("write", 1, 2)]
    partial = clients["officer"].get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.strip().startswith('<section id="import-status">')
    assert "hx-get" not in partial
    assert "匯入完成：新增 2 筆" in partial


def test_progress_percent_counts_checking_as_the_first_half(cast):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    note = imports._noter(run)
    assert imports.import_progress(run)["percent"] == 0
    note("validate", 50, 200)
    expected = {"stage": "validate", "done": 50, "total": 200, "percent": 12, "stalled": False}
    assert imports.import_progress(run) == expected
    note("write", 100, 200)
    assert imports.import_progress(run)["percent"] == 75


def test_a_running_import_without_progress_for_five_minutes_is_shown_as_stalled(cast, clients):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    ImportRun.objects.filter(pk=run.pk).update(status="running")
    url = run.get_absolute_url()
    note = "匯入可能已中斷"
    assert note not in clients["officer"].get(url).content.decode()
    ImportRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=6))
    assert note in clients["officer"].get(url).content.decode()
    imports._noter(run)("write", 1, 2)  # a fresh note: the worker is alive
    assert note not in clients["officer"].get(url).content.decode()


def _waiting_run(cast):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(minutes=2))
    return run


def test_an_import_the_worker_never_took_up_can_be_ended_and_is_not_imported_later(cast, clients):
    run = _waiting_run(cast)
    page = clients["officer"].get(run.get_absolute_url()).content.decode()
    assert f'action="/imports/runs/{run.code}/end/"' in page
    response = clients["officer"].post(f"/imports/runs/{run.code}/end/", follow=True)
    run.refresh_from_db()
    message = f"匯入未完成，已由 {cast.officer} 結束，整份檔案都沒有寫入。請重新上傳。"
    assert (run.status, run.message) == ("rejected", message)
    assert message in response.content.decode()
    assert not (imports._queue_dir() / str(run.code)).exists()
    assert imports.perform_queued_import(run) == "rejected"  # the worker, started at last, leaves it alone
    assert Outreach.objects.count() == 0
    assert AuditEvent.objects.filter(verb="import.rejected", target_code=str(run.code)).count() == 1


def test_an_import_that_is_still_moving_cannot_be_ended(cast, clients):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    assert "/end/" not in clients["officer"].get(run.get_absolute_url()).content.decode()
    response = clients["officer"].post(f"/imports/runs/{run.code}/end/", follow=True)
    assert "這次匯入仍在進行，不能結束。" in response.content.decode()
    run.refresh_from_db()
    assert run.status == "queued"
    assert (imports._queue_dir() / str(run.code)).exists()


def test_a_stalled_import_can_be_ended(cast):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    ImportRun.objects.filter(pk=run.pk).update(status="running", updated_at=timezone.now() - dt.timedelta(minutes=6))
    run.refresh_from_db()
    imports.end_import(run, actor=cast.admin)
    run.refresh_from_db()
    assert run.status == "rejected"


# SQLite has one writer at a time: the ending write would wait for the import to commit, not race it.
@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_run_ended_while_it_was_writing_leaves_nothing_written(cast):
    import threading

    from django.db import connection

    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)

    def end_from_another_connection():
        try:
            ImportRun.objects.filter(pk=run.pk).update(status="rejected")
        finally:
            connection.close()

    def ended_by_someone_else(stage, done, total):
        if stage == "write" and done == 1:
            other = threading.Thread(target=end_from_another_connection)
            other.start()
            other.join()

    ImportRun.objects.filter(pk=run.pk).update(status="running")
    report = imports.run_import(
        "outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer, run=run, progress=ended_by_someone_else
    )
    assert (report.created, report.errors) == (0, [])
    assert Outreach.objects.count() == 0
    run.refresh_from_db()
    assert run.status == "rejected"


@pytest.mark.parametrize(
    ("role", "status", "after"),
    [
        ("officer", 302, "rejected"),
        ("admin", 302, "rejected"),
        ("outsider", 404, "queued"),
        ("auditor", 403, "queued"),
        ("anonymous", 302, "queued"),
    ],
)
def test_ending_an_import_per_role(cast, clients, role, status, after):
    run = _waiting_run(cast)
    assert clients[role].post(f"/imports/runs/{run.code}/end/").status_code == status
    run.refresh_from_db()
    assert run.status == after
    assert clients["officer"].get(f"/imports/runs/{run.code}/end/").status_code == 405


@pytest.mark.parametrize(
    ("role", "status"), [("officer", 200), ("outsider", 404), ("auditor", 403), ("admin", 200), ("anonymous", 302)]
)
def test_import_run_page_per_role(cast, clients, role, status):
    run = imports.queue_import("outreach", xlsx([HEADER, *GOOD]), "good.xlsx", actor=cast.officer)
    assert clients[role].get(run.get_absolute_url()).status_code == status


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("admin", 200), ("auditor", 403), ("anonymous", 302)])
def test_upload_and_template_pages_per_role(clients, role, status):
    assert clients[role].get("/imports/outreach/").status_code == status
    assert clients[role].get("/imports/outreach/template.xlsx").status_code == status


def test_example_row_left_in_the_template_is_an_error(cast):
    importer = imports.get_importer("outreach")
    workbook = load_workbook(io.BytesIO(imports.build_template(importer)))
    sheet = workbook.worksheets[0]
    sheet.append(["甲局", "", "110/08/20", "廉政", "宣導活動", "誠信宣導", 1, 30, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue(), "template.xlsx", cast.officer)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "", "這是範本的範例列，請刪除後再匯入。")]
    assert Outreach.objects.count() == 0


def test_write_time_integrity_error_is_reported_against_its_row(cast, monkeypatch):
    from django.db import IntegrityError

    importer = imports.get_importer("outreach")

    def save_conflicting(self, values, *, actor):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(type(importer), "save", save_conflicting)
    report = run(xlsx([HEADER, *GOOD]), "race.xlsx", cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [(2, "")]
    assert "同時有人匯入同一份檔案" in report.errors[0].message
    assert Outreach.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_same_file_imported_twice_at_once_creates_each_record_once(cast):
    import threading

    from django.db import connection

    rows = [HEADER] + [["甲局", "110/08/20", "公務機密維護", "線上宣導", f"保密宣導{n}", "1", "10"] for n in range(40)]
    data = xlsx(rows)
    reports = []
    barrier = threading.Barrier(2)

    def import_once():
        try:
            barrier.wait()
            reports.append(run(data, "race.xlsx", cast.officer))
        finally:
            connection.close()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Outreach.objects.count() == 40
    assert sorted(report.created for report in reports) == [0, 40]
    assert all(report.ok or report.errors[0].row == 2 for report in reports)


def test_run_page_gives_the_true_error_count_when_only_the_first_are_kept(cast, clients, monkeypatch):
    monkeypatch.setattr(ImportRun, "ERRORS_KEPT", 2)
    bad = ["甲局", "bad", "財產申報", "說明會", "x", "1", "1"]
    upload = io.BytesIO(xlsx([HEADER, bad, bad, bad]))
    upload.name = "bad.xlsx"
    response = clients["officer"].post("/imports/outreach/", {"file": upload}, follow=True)
    run = ImportRun.objects.get()
    assert (run.error_count, len(run.errors)) == (3, 2)
    page = response.content.decode()
    assert "檢查發現 3 個錯誤" in page
    assert "以下列出前 2 個。" in page


def test_xlsx_export_has_a_bold_frozen_header_and_every_row_as_written():
    rows = [[n, f"=SUM(A{n})", dt.date(2021, 8, 2)] for n in range(1, 3001)]
    data = exports.xlsx_bytes(["序號", "內容", "日期"], ([exports.safe_cell(v) for v in row] for row in rows), "清冊")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert (sheet.title, sheet.freeze_panes, sheet.max_row) == ("清冊", "A2", 3001)
    assert [cell.font.b for cell in sheet[1]] == [True, True, True]
    assert [cell.value for cell in sheet[3001]] == [3000, "'=SUM(A3000)", "110/08/02"]
    assert sheet["B2"].data_type == "s"


def test_xlsx_export_is_streamed_in_pieces_of_rows_and_reads_back_whole():
    columns = [
        exports.ExportColumn("序號", lambda n: n),
        exports.ExportColumn("說明", lambda n: f" 甲&<乙>{n}\x0b "),
        exports.ExportColumn("金額", lambda n: Decimal("1.50")),
        exports.ExportColumn("日期", lambda _: dt.date(2021, 7, 1)),
        exports.ExportColumn("備註", lambda _: None),
        exports.ExportColumn("比率", lambda _: float("nan")),
    ]
    read = []
    response = exports.export_response(columns, _numbers_noted(read), fmt="xlsx", name="numbers")
    assert response.streaming
    assert read == []  # nothing is read before the response is sent
    pieces = iter(response.streaming_content)
    first = next(pieces)
    assert len(read) == exports.SIZED_ROWS  # the first rows size the columns before anything is sent
    rest = list(pieces)
    # After the other parts and the sheet's first rows: up to sheet row 500, to 1000, then the last with the end.
    assert (len(rest), len(read)) == (3, 1200)
    sheet = load_workbook(io.BytesIO(first + b"".join(rest))).worksheets[0]
    assert (sheet.title, sheet.freeze_panes, sheet.max_row) == ("numbers", "A2", 1201)
    for number in (2, 201, 202, 1201):
        assert [cell.value for cell in sheet[number]] == [
            number - 1,
            f" 甲&<乙>{number - 1} ",
            1.5,
            "110/07/01",
            None,
            None,
        ]
    assert response["Content-Disposition"].startswith('attachment; filename="numbers-')


def _numbers_then_failure(count: int):
    yield from range(1, count + 1)
    raise OperationalError("the database went away")


@pytest.mark.parametrize("count", [3, 700])
def test_a_csv_export_that_fails_part_way_ends_with_a_line_saying_it_is_incomplete(count):
    columns = [exports.ExportColumn("序號", lambda n: n)]
    with translation.override("en"):
        response = exports.export_response(columns, _numbers_then_failure(count), fmt="csv", name="numbers")
    pieces = []
    with pytest.raises(OperationalError):
        for piece in response.streaming_content:
            pieces.append(piece)
    rows = list(csv.reader(io.StringIO(b"".join(pieces).decode("utf-8-sig"))))
    assert rows[1:-1] == [[str(n)] for n in range(1, count + 1)]
    assert rows[-1] == [
        f"Export not finished: reading the data failed after {count} rows. This file is incomplete; export again."
    ]


@pytest.mark.parametrize("count", [3, 700])
def test_an_excel_export_that_fails_part_way_is_still_a_workbook_ending_with_the_note(count):
    columns = [exports.ExportColumn("序號", lambda n: n)]
    response = exports.export_response(columns, _numbers_then_failure(count), fmt="xlsx", name="numbers")
    pieces = []
    with pytest.raises(OperationalError):
        for piece in response.streaming_content:
            pieces.append(piece)
    sheet = load_workbook(io.BytesIO(b"".join(pieces))).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        *range(1, count + 1),
        f"匯出未完成：寫出 {count} 列後讀取資料失敗，本檔案不完整，請重新匯出。",
    ]


@pytest.mark.skipif(not Path("/usr/lib/libreoffice/program/libsclo.so").exists(), reason="LibreOffice Calc is absent")
def test_xlsx_export_opens_in_libreoffice_calc(tmp_path):
    rows = [[n, f"=SUM(A{n})", dt.date(2021, 8, 2), "政風室"] for n in range(1, 701)]
    source = tmp_path / "export.xlsx"
    source.write_bytes(exports.xlsx_bytes(["序號", "內容", "日期", "單位"], iter(rows), "清冊"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    lines = (tmp_path / "export.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 701
    assert lines[0] == "序號,內容,日期,單位"
    assert lines[700] == "700,'=SUM(A700),110/08/02,政風室"


def test_xlsx_columns_are_as_wide_as_their_header_and_first_rows():
    rows = [[7, "市府秘書處政風室", dt.date(2021, 8, 2), "x" * 200]] + [[n, "甲", None, ""] for n in range(500)]
    data = exports.xlsx_bytes(["序號", "政風機構", "日期", "說明"], iter(rows), "清冊")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    widths = [sheet.column_dimensions[letter].width for letter in "ABCD"]
    # Two more than the widest cell: 序號 4, eight CJK characters 16, a ROC date 9; a long text is capped.
    assert widths == [6, 18, 11, 60]
    assert sheet.max_row == 502
