import pytest

from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_logs(e2e):
    e2e.manage("load_demo", "--only", "accessaudit")
    return e2e


def test_officer_triages_an_alert_into_a_finding(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/?rule=unexplained&decision=open")
    assert page.inner_text("main h1") == "查閱稽核警示"
    first = page.locator("table.aa-alerts tbody tr").first
    account = first.locator("td").nth(3).inner_text()
    first.locator("td").nth(6).locator("a").first.click()
    assert page.inner_text("main h1") in {"警示：無案可稽", "警示：未填事由", "警示：事由非登記文號"}
    assert "無事由或無案可稽之查閱" in page.inner_text("main dl.aa-facts")
    # Beside the alert: the lookup as logged and what could explain it, read before deciding.
    assert page.inner_text("#evidence h2") == "查閱內容與可說明的資料"
    assert "此帳號對此當事人的案件指派與查詢登記" in page.inner_text("#evidence")
    page.select_option("#id_decision", "misuse")
    page.fill("#id_note", "查無申請書，當事人坦承係受親友請託查詢。")
    page.click("#decision-form button[type=submit]")
    page.wait_for_url("**/accessaudit/findings/**")
    main = page.inner_text("main")
    assert account in main
    assert "資訊系統使用管理稽核" in main
    assert "查無申請書，當事人坦承係受親友請託查詢。" in main
    # The confirmed misuse opened an information-system-use inspection in the activities app.
    assert f"使用稽核：帳號 {account}" in main
    assert "尚未立案" in main
    page.click("text=立檢舉案件（主動發掘）")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "已立檢舉案件" in main
    assert "尚未立案" not in main
    page.goto(f"{e2e.url}/accessaudit/findings/")
    assert account in page.inner_text("table")


def test_officer_clears_a_page_of_alerts_in_one_decision(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/?rule=offhours&decision=open")
    rows = page.locator("table.aa-alerts tbody tr")
    assert rows.count() == 25
    page.check("input[data-check-all=alerts]")
    assert page.locator("input[name=alerts]:checked").count() == 25
    page.select_option("#bulk-decide select[name=decision]", "justified")
    page.fill("#bulk-decide input[name=note]", "加班處理急件，主管已核准。")
    page.click("#bulk-decide button[type=submit]")
    page.wait_for_load_state()
    assert "已將 25 筆警示記為「查有正當事由」。" in page.inner_text(".messages")
    page.goto(f"{e2e.url}/accessaudit/?rule=offhours&decision=justified")
    assert "加班處理急件，主管已核准。" not in page.inner_text("main")  # notes show on each alert's page
    assert page.locator("table.aa-alerts tbody tr").count() == 25


def test_officer_follows_an_account_to_its_timeline(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/")
    page.locator(".aa-scores tbody a").first.click()
    assert page.inner_text("main h1").startswith("查閱時序")
    assert page.locator("table.aa-timeline tbody tr").count() == 200
    assert page.locator("tr.aa-flagged").count() >= 1


def test_officer_asks_who_else_looked_up_an_alerts_subject(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/?kind=vip&decision=open")
    first = page.locator("table.aa-alerts tbody tr").first
    account = first.locator("td").nth(3).inner_text()
    first.locator("td").nth(6).locator("a").first.click()
    subject = page.locator("#subject-lookups").evaluate("form => form.subject_id.value")
    assert violations(page) == []  # the alert's page, with its button that reads as a link
    page.click("#subject-lookups button")
    page.wait_for_load_state()
    assert page.inner_text("main h1").startswith(f"當事人被查閱紀錄：{subject}")
    assert violations(page) == []
    assert page.url.endswith("/subjects/")  # the ID number went in the body, not the address
    accounts = page.locator("#subject-accounts tbody tr td:first-child").all_inner_texts()
    assert account in accounts
    assert page.locator("#subject-lookups tbody tr").count() >= len(accounts)
    page.locator("#subject-accounts tbody a", has_text=account).click()
    assert page.inner_text("main h1").startswith(f"查閱時序：{account}")


def test_auditor_without_designation_is_refused(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "auditor")
    response = page.goto(f"{e2e.url}/accessaudit/")
    assert response.status == 403


def test_officer_checks_a_sampled_lookup(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/systems/")
    page.click("text=戶役政資訊系統")
    august = page.locator("#months tbody tr", has_text="110年8月").locator("td").last
    assert august.inner_text().startswith("已核對 13/") and august.inner_text().endswith("，不符 1")
    august.locator("a").click()
    assert page.inner_text("main h1") == "抽查：戶役政資訊系統 110年8月"
    page.click("text=未核對")
    row = page.locator("table.aa-sample tbody tr").first
    order = row.locator("td").first.inner_text()
    row.locator("button[value=mismatch]").click()
    assert "核對不符時請填寫說明" in page.inner_text(".messages")
    row = page.locator(f"#lookup-{order}")
    row.locator("input[name=note]").fill("查詢紀錄簿無此筆登記。")
    row.locator("button[value=mismatch]").click()
    assert f"已記錄第 {order} 筆的核對結果。" in page.inner_text(".messages")
    page.click("text=不符（")
    row = page.locator(f"#lookup-{order}")
    assert "不符，查無依據" in row.inner_text()
    assert "查詢紀錄簿無此筆登記。" in row.inner_text()
    assert "已核對 14 / " in page.inner_text("main [role=status]")
    assert "相符 12 筆，不符 2 筆。" in page.inner_text("main [role=status]")
    # The mismatch went to the alert queue; confirming it opens the account's finding and inspection.
    row.locator("a", has_text="抽查不符").click()
    assert page.inner_text("main h1") == "警示：抽查不符"
    assert f"人工抽查 110年8月 第 {order} 筆核對不符：查詢紀錄簿無此筆登記。" in page.inner_text("main")
    page.select_option("#id_decision", "misuse")
    page.fill("#id_note", "該員無法說明查詢依據。")
    page.click("#decision-form button[type=submit]")
    page.wait_for_url("**/accessaudit/findings/**")
    main = page.inner_text("main")
    assert "抽查核對不符" in main
    assert "該員無法說明查詢依據。" in main
    assert "資訊系統使用管理稽核" in main
    # The system's months now count the new mismatch and the confirmed misuse, and open them in the queue.
    page.goto(f"{e2e.url}/accessaudit/systems/")
    page.click("text=戶役政資訊系統")
    august = page.locator("#months tbody tr", has_text="110年8月")
    assert august.locator("td").last.inner_text().endswith("，不符 2")
    august.locator("td").nth(7).locator("a").click()
    assert page.locator("#id_month").input_value() == "110/08"
    assert page.locator("table.aa-alerts tbody tr", has_text="抽查不符").count() == 1


def test_officer_tunes_a_systems_rules_from_the_form(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/systems/")
    page.click("text=戶役政資訊系統")
    page.click("details.aa-rules > summary")
    rule = page.locator("#rule-offhours")
    rule.get_by_label("上班時間起").fill("19:00")
    page.click("#rules-form button[type=submit]")
    # Refused by field, with the form left open and nothing stored.
    assert rule.locator(".error").inner_text() == "上班時間迄須晚於上班時間起。"
    rule.get_by_label("上班時間起").fill("07:30")
    rule.get_by_label("啟用").uncheck()
    page.click("#rules-form button[type=submit]")
    assert "已更新規則設定，下次執行稽核時套用。" in page.inner_text(".messages")
    row = page.locator("section", has_text="規則設定").locator("tbody tr", has_text="下班時間或假日查閱")
    assert row.locator("td").nth(1).inner_text() == "否"
    assert "上班時間起：07:30" in row.inner_text()


def test_officer_registers_a_system_and_imports_its_log(demo_logs, page):
    e2e = demo_logs
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/accessaudit/systems/")
    page.click("text=新增受監控系統")
    page.select_option("#id_agency", index=1)
    page.fill("#id_key", "tax")
    page.fill("#id_name", "稅務資訊系統")
    for field, header in {"ts": "時間", "user_id": "帳號", "subject_id": "納稅義務人", "action": "動作"}.items():
        page.fill(f"#id_column_{field}", header)
    page.fill("#id_action_query", "Q")
    page.fill("#id_action_print", "P、列")
    page.fill("#id_timestamp_format", "%Y/%m/%d")  # no time of day: still reads a day back
    page.click("#system-form button[type=submit]")
    assert "已新增受監控系統" in page.inner_text(".messages")
    assert page.inner_text("main h1") == "稅務資訊系統"
    log = "時間,帳號,納稅義務人,動作\n2021/08/02,TX1,A123456789,Q\n2021/08/03,TX2,B123456789,列\n"
    page.set_input_files(
        "#log-upload input[type=file]", {"name": "tax.csv", "mimeType": "text/csv", "buffer": log.encode()}
    )
    page.click("#log-upload button[type=submit]")
    page.wait_for_url("**/accessaudit/imports/**")
    assert "已匯入 2 筆查閱紀錄。" in page.inner_text("#import-progress")
