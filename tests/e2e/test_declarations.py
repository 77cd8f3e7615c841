"""A whole public draw: rules and drafts by command, then in the browser freeze and publish, draw, public page, verify."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, log_in

pytestmark = pytest.mark.browser

SURNAMES = "陳林黃張李王吳"
PREPARE = """
import datetime as dt
from decimal import Decimal
from probity.declarations import domain
domain.save_policy(actor=None, filing_year=110, review_ratio=Decimal("0.10"), review_rounding="ceiling",
                   comparison_ratio=Decimal("0.02"), comparison_rounding="ceiling", comparison_base="drawn",
                   minimum_one=True, pool_threshold=5)
domain.prepare_draws(actor=None, filing_year=110, scheduled_on=dt.date(2022, 1, 20),
                     sources=[{"name": "今彩539 111年1月18日開獎號碼", "date": dt.date(2022, 1, 18)}])
"""


def _declarations_file(path: Path) -> None:
    rows = []
    for number in range(7):
        rows.append(
            {
                "declarant": {
                    "id_number": f"E2{number:08d}",
                    "name": f"{SURNAMES[number]}e2e{number}",
                    "agency": "civil-affairs",
                    "position": "科長",
                    "category": "12",
                },
                "kind": "annual",
                "filing_year": 110,
                "declared_on": "110/11/01",
                "submitted_on": "110/12/01",
                "consented": True,
                "household_salary": 1500000,
                "items": [{"owner": "self", "category": "deposit", "identifier": "臺灣銀行", "value": 1200000}],
            }
        )
    path.write_text(json.dumps({"format": "probity-declarations/1", "declarations": rows}, ensure_ascii=False), "utf-8")


def test_public_draw_end_to_end(e2e, page, tmp_path):
    source = tmp_path / "declarations.json"
    _declarations_file(source)
    assert "已匯入 7 份申報，" in e2e.manage("import_declarations_json", str(source))

    # The central administrator's part (rules of the year, one draft draw per unit) by command, so this
    # test never spends the administrator's current TOTP code that another browser test may need.
    e2e.manage("shell", "-c", PREPARE)

    log_in(page, e2e, "officer")
    page.goto(f"{e2e.url}/declarations/draws/?filing_year=110")
    page.click("main table tbody a")
    page.click("text=凍結名冊並公告")
    assert "名冊已凍結公告" in page.inner_text("main")
    page.click("text=輸入開獎號碼並抽籤")
    page.fill("#id_source_0", "3 11 19 27 35")
    page.click("main button[type=submit]")
    assert "已抽籤" in page.inner_text("main")

    page.click("text=公開頁面")
    public = page.inner_text("main")
    assert "抽中實質審查 1 人" in public
    assert "E2" not in public
    file_url = page.get_attribute("text=下載抽籤檔案（JSON）", "href")
    draw_file = tmp_path / "draw.json"
    draw_file.write_bytes(urllib.request.urlopen(f"{e2e.url}{file_url}").read())  # noqa: S310  (local test server)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "verify_draw.py"), str(draw_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("MATCH 相符: pool 7, review 1, comparison 1")
