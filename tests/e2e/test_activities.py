"""The officer fills the downloaded import template, uploads it and sees the records listed."""

import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.browser


def _download_template(page, e2e, key: str):
    page.goto(f"{e2e.url}/imports/{key}/")
    with page.expect_download() as download_info:
        page.click("text=下載 XLSX 範本")
    download = download_info.value
    assert download.suggested_filename == f"probity-{key}-template.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    return [cell.value for cell in workbook.worksheets[0][1]], workbook


def _fill(workbook, rows: list[list]) -> bytes:
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)  # the example row
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page, name: str, data: bytes) -> None:
    page.set_input_files(
        "#id_file",
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.click("main form button[type=submit]")


def test_officer_imports_outreach_template_and_sees_records(e2e, page):
    log_in(page, e2e, "officer")
    headers, workbook = _download_template(page, e2e, "outreach")
    assert headers[:3] == ["機關*", "政風機構", "日期*"]
    by_header = {header.rstrip("*"): index for index, header in enumerate(headers)}
    rows = []
    for number, (topic, title) in enumerate(
        [("財產申報", "瀏覽器測試財產申報說明會"), ("公務機密維護", "瀏覽器測試保密宣導")]
    ):
        row = [None] * len(headers)
        values = {
            "機關": "民政局",
            "日期": f"110/08/{20 + number}",
            "主題": topic,
            "方式": "說明會",
            "名稱": title,
            "場次": 1,
            "參加人次": 40 + number,
            "辦理成效重點": "說明申報注意事項",
        }
        for header, value in values.items():
            row[by_header[header]] = value
        rows.append(row)
    _upload(page, "outreach.xlsx", _fill(workbook, rows))
    assert "匯入完成：新增 2 筆，已存在略過 0 筆" in page.inner_text("main")

    page.goto(f"{e2e.url}/activities/outreach/?q=瀏覽器測試")
    listed = page.inner_text("table.records tbody")
    assert "瀏覽器測試財產申報說明會" in listed
    assert "瀏覽器測試保密宣導" in listed
    assert "110/08/20" in listed

    page.click("text=瀏覽器測試財產申報說明會")
    assert page.inner_text("main h1") == "瀏覽器測試財產申報說明會"
    assert "說明申報注意事項" in page.inner_text("blockquote.highlight")


def test_officer_sees_every_error_of_a_bad_file_and_nothing_is_written(e2e, page):
    log_in(page, e2e, "officer")
    headers, workbook = _download_template(page, e2e, "protest-alerts")
    by_header = {header.rstrip("*"): index for index, header in enumerate(headers)}
    good, bad = [None] * len(headers), [None] * len(headers)
    for row, values in (
        (good, {"機關": "民政局", "情資日期": "110/11/02", "情資來源": "其他", "陳抗事由": "瀏覽器測試不應寫入"}),
        (bad, {"機關": "警察局", "情資日期": "110/13/40", "情資來源": "謠言", "陳抗事由": "=HYPERLINK(1)"}),
    ):
        for header, value in values.items():
            row[by_header[header]] = value
    _upload(page, "alerts.xlsx", _fill(workbook, [good, bad]))
    errors = page.inner_text("table.errors tbody")
    assert "整份檔案都沒有寫入" in page.inner_text("main .error-box")
    for column in ("機關", "情資日期", "情資來源", "陳抗事由"):
        assert f"3\t{column}" in errors
    page.goto(f"{e2e.url}/activities/alerts/?q=瀏覽器測試")
    assert "沒有符合條件的紀錄" in page.inner_text("table.records tbody")


def test_officer_records_a_meeting_with_a_proposal(e2e, page):
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/activities/meetings/new/")
    page.select_option("#id_agency", label="高雄市政府民政局")
    page.fill("#id_date", "110/12/01")
    page.fill("#id_seq_no", "7")
    page.check("#id_is_integrity")
    page.check("#id_is_security")
    page.click("main form button[type=submit]")
    assert page.inner_text("main h1") == "第7次廉政會報暨安全維護會報"
    page.click("text=新增提案")
    page.fill("#id_title", "瀏覽器測試提案")
    page.click("text=新增提案 >> xpath=ancestor::details//button[@type='submit']")
    assert "瀏覽器測試提案" in page.inner_text("main table")

    # The meeting's change history names who changed what, its proposal's events included.
    page.click("main a[role=button]:has-text('編輯')")
    page.fill("#id_chair", "瀏覽器測試主持人")
    page.click("main form button[type=submit]")
    page.click("#history summary")
    actions = page.locator("#history tbody td:nth-child(3)").all_inner_texts()
    assert [action.splitlines()[0] for action in actions] == ["修改會報", "新增提案", "新增會報"]
    assert "瀏覽器測試提案" in actions[1]
    assert page.locator("#history tbody td:nth-child(4)").first.inner_text() == "主持人：— → 瀏覽器測試主持人"
    assert violations(page) == []


def test_officer_checks_an_inspection_item_by_item_and_closes_it_once_put_right(e2e, page):
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/activities/inspections/new/")
    page.select_option("#id_agency", label="高雄市政府民政局")
    page.fill("#id_date", "110/10/05")
    page.select_option("#id_kind", value="security")
    page.fill("#id_title", "瀏覽器測試安全維護檢查")
    page.click("main form button[type=submit]")
    page.click("text=帶入查核表")
    assert "已帶入查核表，共 5 項。" in page.inner_text("main")
    assert violations(page) == []

    for number in (1, 2, 4, 5):
        page.check(f"input[name=result_{number}][value=conforming]")
    page.check("input[name=result_3][value=deficient]")
    page.click("text=儲存查核結果")
    assert "第 3 項：不符合時請說明缺失情形。" in page.inner_text("#checklist")
    page.fill("#id_note_3", "2號監視器故障")
    page.click("text=儲存查核結果")
    assert "共 5 項：符合 4、不符合 1、不適用 0、未填 0。" in page.inner_text("#checklist")

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("text=直接結案")
    assert "尚有 1 項缺失未記錄改善完成日期。" in page.inner_text("main")
    page.fill("#id_corrected_on_3", "110/10/20")
    page.click("text=儲存查核結果")
    assert "缺失均已改善" in page.inner_text("#checklist")
    page.click("text=直接結案")
    assert "已結案" in page.inner_text("main dl")
    assert "2號監視器故障" in page.inner_text("#checklist table")

    page.click("text=列印檢查報告")
    report = page.inner_text(".report-preview")
    assert "高雄市政府民政局安全維護檢查報告" in report
    assert "共 5 項：符合 4、不符合 1、不適用 0、未填 0。" in report
    assert violations(page) == []
    with page.expect_download() as download_info:
        page.click("#download-docx")
    download = download_info.value
    assert download.suggested_filename == "高雄市政府民政局安全維護檢查報告-1101005.docx"
    paragraphs = [paragraph.text for paragraph in DocxDocument(download.path()).paragraphs]
    assert paragraphs[:2] == ["高雄市政府民政局安全維護檢查報告", "檢查日期：110年10月5日"]


def test_officer_finds_a_record_from_the_menus_search_box(e2e, page):
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/activities/inspections/new/")
    page.select_option("#id_agency", label="高雄市政府民政局")
    page.fill("#id_date", "110/11/05")
    page.select_option("#id_kind", value="security")
    page.fill("#id_title", "搜尋框測試檢查")
    page.click("main form button[type=submit]")

    page.goto(f"{e2e.url}/")
    page.fill("#sidebar-q", "搜尋框測試")
    page.press("#sidebar-q", "Enter")
    page.wait_for_selector("main .search-hits")
    assert page.inner_text("main h2") == "檢查 1"
    assert page.inner_text("main .search-hits mark") == "搜尋框測試"
    assert violations(page) == []
    page.click("main .search-hits a")
    assert "搜尋框測試檢查" in page.inner_text("main h1")
