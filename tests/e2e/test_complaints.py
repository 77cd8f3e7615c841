import re

import pytest
from django.utils import timezone

from probity.core import roc
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import violations

pytestmark = pytest.mark.browser

SUMMARY = "民政局採購案驗收不實（瀏覽器測試）"


def test_visitor_follows_an_anonymous_complaint_by_receipt_code(e2e, browser, page):
    visitor = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei").new_page()
    visitor.goto(f"{e2e.url}/portal/")
    visitor.click("text=我要檢舉（可匿名）")
    visitor.select_option("#id_agency", label="高雄市政府民政局")
    visitor.check("input[name=categories][value=procurement]")
    visitor.fill("#id_summary", SUMMARY)
    visitor.fill("#id_narrative", "110年8月某道路工程驗收時，承辦人未到場即簽署驗收紀錄。")
    visitor.set_input_files(
        "#id_attachments",
        files=[{"name": "驗收照片說明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%evidence\n"}],
    )
    visitor.click("button[type=submit]:has-text('送出檢舉')")
    code = visitor.inner_text("#receipt-code").replace(" ", "")
    assert re.fullmatch(r"\d{16}", code)

    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/complaints/?q={SUMMARY}")
    page.click("table.complaints tbody a")
    assert SUMMARY in page.inner_text("main")
    assert "附件 1（PDF）" in page.inner_text("main")
    page.fill("#id_body", "本室已受理，將依法查處，請靜候結果。")
    page.click("form[action$='/message/'] button[type=submit]")
    assert "已回覆檢舉人" in page.inner_text("main")

    visitor.goto(f"{e2e.url}/portal/complaints/follow/")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    visitor.fill("#id_code", wrong)
    visitor.click("main button[type=submit]")
    assert "收件碼不正確" in visitor.inner_text("main")

    visitor.fill("#id_code", " ".join(code[i : i + 4] for i in range(0, 16, 4)))
    visitor.click("main button[type=submit]")
    assert visitor.url.endswith("/portal/complaints/case/")
    assert "本室已受理，將依法查處，請靜候結果。" in visitor.inner_text("#thread")
    assert visitor.inner_text("#public-status") == "已收件，待分案"
    visitor.context.close()

    # The officer judges the complainant at risk, opens a protection watch and records the first check.
    page.click("summary:has-text('開始追蹤檢舉人保護')")
    page.select_option("#protection_risk", "high")
    page.check("input[name=factors][value=identifiable]")
    page.fill("#protection_measures", "檢舉人身分保密，並請機關暫緩相關人事異動。")
    page.click("form[action$='/protection/'] button[type=submit]")
    assert "已開始追蹤檢舉人保護。" in page.inner_text(".messages")
    assert page.inner_text("#protection ~ dl.facts dd >> nth=0").startswith("高")
    page.click("summary:has-text('登錄追蹤結果')")
    page.fill("#protection-check_checked_on", roc.format_slash(roc.local_date(timezone.now())))
    page.select_option("#protection-check_result", "none")
    page.click("form[action$='/protection/check/'] button[type=submit]")
    assert "已登錄保護追蹤結果。" in page.inner_text(".messages")
    assert "未發現不利情事" in page.inner_text("table.protection-checks")


def test_officer_takes_a_statement_has_it_corrected_and_confirmed(e2e, page):
    """An oral complaint: the handler takes the statement, reads it back with a reason, corrects it as the
    complainant asks and records the confirmation; the case page never shows its text."""
    code = e2e.manage(
        "shell",
        "-c",
        "import datetime as dt\n"
        "from probity.complaints import domain, vault\n"
        "from probity.org.models import Agency, User\n"
        "officer = User.objects.get(username='officer')\n"
        "case = domain.receive_complaint(actor=officer, agency=Agency.objects.get(name='高雄市政府民政局'),"
        " channel='in_person', received_on=dt.date(2021, 8, 2), is_anonymous=False, categories=['procurement'],"
        " summary='筆錄瀏覽器測試案', identity=vault.Identity(name='言詞檢舉人'))\n"
        "domain.assign_handler(case, actor=officer, handler=officer)\n"
        "print(case.code)",
    ).split()[-1]
    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/complaints/{code}/")
    page.click("summary:has-text('製作筆錄（言詞檢舉）')")
    page.fill("#statement_taken_on", "110/08/05")
    page.fill("#statement_place", "政風室會談室")
    page.fill("#statement_text", "問：檢舉何事？\n答：承辦人收受招待。")
    page.click("form[action$='/statements/'] button[type=submit]")
    assert "已加密保存檢舉筆錄" in page.inner_text(".messages")
    assert "承辦人收受招待" not in page.inner_text("main")
    assert violations(page) == []

    page.fill("form.statement-read input[name=reason]", "交檢舉人閱覽")
    page.click("form.statement-read button[type=submit]")
    assert "承辦人收受招待" in page.inner_text(".statement-text")
    assert violations(page) == []
    page.fill("#id_text", "問：檢舉何事？\n答：承辦人收受廠商餐飲招待。")
    page.click("text=儲存更正")
    assert "已更正檢舉筆錄" in page.inner_text(".messages")

    page.fill("form.statement-read input[name=reason]", "更正後交檢舉人確認")
    page.click("form.statement-read button[type=submit]")
    assert "收受廠商餐飲招待" in page.inner_text(".statement-text")
    page.fill("#id_confirmed_on", "110/08/05")
    page.check("input[name=confirmation][value=read_by_complainant]")
    page.click("text=登錄確認")
    assert "110/08/05 交檢舉人閱覽，檢舉人已確認" in page.inner_text("#statements")
