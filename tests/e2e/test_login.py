import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_admin_logs_in_with_second_factor_and_sees_dashboard(e2e, page):
    log_in(page, e2e, "admin")
    assert page.url == f"{e2e.url}/"
    assert page.inner_text("main h1") == "工作總覽"
    assert "政風處管理者" in page.inner_text("header")


def test_wrong_password_is_refused(e2e, page):
    page.goto(f"{e2e.url}/org/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert "/org/login/" in page.url
    assert "帳號或密碼不正確" in page.inner_text("main")


def test_language_switch_to_english(e2e, page):
    log_in(page, e2e, "officer")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_pages_run_without_console_errors_under_the_csp(e2e, page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, e2e, "officer")
    page.wait_for_selector("#dashboard-charts figure")  # the charts htmx loads after the page
    page.goto(f"{e2e.url}/complaints/")
    assert errors == []


def test_on_a_phone_the_menu_folds_behind_its_button(e2e, browser):
    context = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        log_in(phone, e2e, "officer")
        menu, button = phone.locator("#sidebar"), phone.locator(".menu-toggle")
        assert menu.is_hidden()
        assert button.get_attribute("aria-expanded") == "false"
        button.click()
        assert menu.is_visible()
        assert button.get_attribute("aria-expanded") == "true"
        with phone.expect_navigation():
            menu.locator("text=檢舉案件").click()
        assert phone.url == f"{e2e.url}/complaints/"
        assert phone.locator("#sidebar").is_hidden()
        assert phone.evaluate("document.documentElement.scrollWidth") == 390  # no page wider than the phone
    finally:
        context.close()


def test_on_a_wide_screen_the_menu_shows_without_a_button(e2e, page):
    log_in(page, e2e, "officer")
    assert page.locator("#sidebar").is_visible()
    assert page.locator(".menu-toggle").is_hidden()
