"""Pages against WCAG 2.1 A and AA (axe-core), as Taiwan's government web accessibility rules require.

The public pages are read by anyone, with any assistive technology; the staff pages by officers every day.
Each page is checked as its reader sees it, and a failure names the rule and the first elements that break it.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PUBLIC_PAGES = [
    "/portal/",
    "/portal/complaints/",
    "/portal/complaints/follow/",
    "/portal/complaints/proof/",
    "/portal/disclosures/",
    "/portal/reports/",
    "/portal/draws/",
    "/portal/platforms/",
    "/org/login/",
    "/portal/no-such-page/",
]
STAFF_PAGES = [
    "/",
    "/complaints/",
    "/complaints/new/",
    "/complaints/protection/",
    "/complaints/statements/",
    "/declarations/declarants/",
    "/declarations/declarants/new/",
    "/prevention/risks/new/",
    "/activities/meetings/new/",
    "/activities/inspections/confidentiality/",
    "/activities/inspections/checklists/",
    "/search/?q=%E6%8E%A1%E8%B3%BC",
    "/reports/indicators/",
    "/reports/",
    "/imports/",
]


def violations(page) -> list[str]:
    found = Axe().run(page, options=WCAG_AA).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes'][:3]]}" for v in found]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_meet_wcag_aa(e2e, page, path):
    page.goto(f"{e2e.url}{path}")
    assert violations(page) == []


def test_staff_pages_meet_wcag_aa(e2e, page):
    log_in(page, e2e, "officer")
    found = {}
    for path in STAFF_PAGES:
        page.goto(f"{e2e.url}{path}")
        page.wait_for_load_state("load")
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_the_phone_menu_meets_wcag_aa(e2e, browser):
    context = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        log_in(phone, e2e, "officer")
        # The dashboard's charts arrive after the page; on a phone each scrolls in its own box.
        phone.wait_for_selector("#dashboard-charts figure.chart")
        phone.click(".menu-toggle")
        assert violations(phone) == []
    finally:
        context.close()
