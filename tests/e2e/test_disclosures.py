"""An officer files a relationship disclosure, publishes it, and a visitor finds it on the public listing."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_officer_files_a_disclosure_and_the_public_finds_it(e2e, page):
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/conflicts/disclosures/new/")
    page.select_option("#id_agency", label="高雄市政府民政局")
    page.select_option("#id_mode", "post")
    page.select_option("#id_category", "transaction")
    page.select_option("#id_transaction_type", "contract")
    page.fill("#id_official_name", "陳瀏覽")
    page.fill("#id_official_agency", "高雄市政府民政局")
    page.fill("#id_official_title", "科長")
    page.fill("#id_related_party_name", "陳氏工程行")
    page.select_option("#id_relationship", "organisation")
    page.check("#id_is_organisation")
    page.fill("#id_business_id", "24681357")
    page.fill("#id_representative", "陳代表")
    page.fill("#id_roles_held", "負責人")
    page.fill("#id_deal_name", "區公所會議室修繕工程")
    page.fill("#id_concluded_on", "110/09/01")
    page.fill("#id_counterparty", "陳氏工程行")
    page.fill("#id_amount", "480000")
    page.fill("#id_legal_basis", "政府採購法第49條公告程序")
    page.select_option("#id_exception", "1")
    page.fill("#id_internal_note", "承辦人內部註記")
    page.click("main form button[type=submit]")
    assert "/conflicts/disclosures/" in page.url
    assert "區公所會議室修繕工程" in page.inner_text("main h1")
    page.fill("input[name=on]", "110/09/20")
    page.click("form[action$='/publish/'] button[type=submit]")
    assert "如期公開" in page.inner_text("main")

    visitor = page.context.browser.new_context(locale="zh-TW").new_page()
    visitor.goto(f"{e2e.url}/portal/disclosures/")
    visitor.fill("#id_q", "陳氏工程行")
    visitor.click("form.filters button[type=submit]")
    row = visitor.locator("table tbody tr").first
    assert "區公所會議室修繕工程" in row.inner_text()
    assert "480,000" in row.inner_text()
    row.locator("a").click()
    body = visitor.inner_text("main")
    assert "24681357" in body and "陳代表" in body and "第1款" in body
    assert "承辦人內部註記" not in body
    visitor.context.close()
