import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_admin_edits_template_previews_builds_and_downloads_pdf(e2e, page, tmp_path):
    log_in(page, e2e, "admin")
    page.goto(f"{e2e.url}/reports/templates/")
    page.click("text=政風工作報告（半年報）")
    page.select_option("#id_period", "110H2")
    expect(page.locator("#preview h1")).to_have_text("高雄市政府110年下半年政風工作報告", timeout=20_000)

    body = page.input_value("#id_body")
    edited = body.replace("[[annex]]", "瀏覽器測試新增段落：{{ period.label }}完成。\n[[annex]]")
    page.fill("#id_body", edited)
    expect(page.locator("#preview")).to_contain_text("瀏覽器測試新增段落", timeout=20_000)
    assert "瀏覽器測試新增段落：110年下半年完成。" in page.inner_text("#preview")

    page.fill("#id_body", "{% load static %}")
    page.wait_for_selector("#preview .sandbox-error")
    assert "範本使用了不允許的標籤「load」" in page.inner_text("#preview .sandbox-error")

    page.fill("#id_body", edited)
    page.fill("#id_note", "瀏覽器測試")
    page.click("#save-version")
    page.wait_for_selector("text=已儲存第 2 版。")
    assert "瀏覽器測試" in page.inner_text("#version-history")

    page.goto(f"{e2e.url}/reports/")
    page.select_option("#id_period", "110H2")
    page.select_option("#id_scope", "city")
    page.click("#build-report")
    page.wait_for_selector(".report-preview h1")
    assert "瀏覽器測試新增段落：110年下半年完成。" in page.inner_text(".report-preview")

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    pdf = tmp_path / "report.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "瀏覽器測試新增段落：110年下半年完成。" in text.replace("\n", "")
    assert "一、發揮內控機制，提升有感廉政效益" in text

    # Published, the report is read by anyone on the public portal, its figures without links to staff pages.
    page.click("form[action$='/publish/'] button[type=submit]")
    page.wait_for_selector("#public-report")
    visitor = page.context.browser.new_context(locale="zh-TW").new_page()
    visitor.goto(f"{e2e.url}/portal/")
    visitor.click("text=政風工作報告")
    visitor.click("table.public-reports a:has-text('110年下半年')")
    assert "瀏覽器測試新增段落：110年下半年完成。" in visitor.inner_text(".report-preview")
    assert visitor.locator(".report-preview a").count() == 0

    # On a phone the page stays within the screen; the annex and the charts scroll in their own boxes, at a
    # width where a label is more than a character a line and a chart's panels can be read.
    phone = page.context.browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        reader = phone.new_page()
        reader.goto(visitor.url)
        assert reader.evaluate("document.documentElement.scrollWidth") == 390
        label = reader.locator(".report-preview table.annex tr:nth-child(2) td:nth-child(2)")
        assert label.bounding_box()["width"] >= 120  # squeezed, it was two characters wide
        assert reader.locator(".report-preview figure.chart img").first.bounding_box()["width"] >= 600
    finally:
        phone.close()


def test_the_dashboard_keeps_the_half_year_chosen_in_its_box(e2e, page):
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/")
    page.select_option("#dashboard-period", "110H2")
    expect(page.locator("#figures-heading")).to_have_text("110年下半年各項指標")
    assert page.url == f"{e2e.url}/"
    page.goto(f"{e2e.url}/")
    expect(page.locator("#dashboard-period")).to_have_value("110H2")
