"""A complaint case printed as its sheet (檢舉案件處理單): each role's reach, the case's course and outcome, and
never the complainant's identity, on the page or in the files; each printing is audited."""

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument

from probity.audit.models import AuditEvent
from probity.complaints import domain
from probity.complaints.enums import Action
from probity.core import roc
from tests.complaints.conftest import IDENTITY, make_complaint

READ = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}
SECRETS = (IDENTITY.name, IDENTITY.id_number, IDENTITY.phone, IDENTITY.address, IDENTITY.email)


@pytest.fixture
def referred(cast):
    """A named complaint of unit A about one official, accepted, investigated and referred to the prosecutors."""
    case = make_complaint(
        cast,
        identity=IDENTITY,
        subjects=[domain.SubjectData(name="王小明", title="科長", agency=cast.agency_a)],
    )
    domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
    domain.record_acknowledgement(case, actor=cast.officer, on=dt.date(2021, 8, 5))
    for action in (Action.ACCEPT, Action.INVESTIGATE):
        domain.apply_transition(case, actor=cast.officer, action=action, on=dt.date(2021, 8, 10))
    domain.apply_transition(
        case,
        actor=cast.officer,
        action=Action.REFER,
        on=dt.date(2021, 10, 1),
        outcome_summary="查有具體事證，移請偵辦。",
        referred_to="臺灣高雄地方檢察署",
        referral_doc_no="高市甲政字第1100001號",
        referred_on=dt.date(2021, 10, 1),
    )
    case.refresh_from_db()
    return case


def _page(client, case):
    return client.get(reverse("reports:printout", args=["complaint-sheet", case.code]))


def _printings(case) -> int:
    return AuditEvent.objects.filter(verb="complaints.complaint.printed", target_code=str(case.code)).count()


@pytest.mark.parametrize("role", list(READ))
def test_who_may_print_the_sheet_and_each_printing_is_audited(clients, referred, role):
    response = _page(clients[role], referred)
    assert response.status_code == READ[role]
    assert _printings(referred) == (1 if READ[role] == 200 else 0)


def test_the_sheet_holds_the_case_its_course_and_outcome(clients, cast, referred):
    page = _page(clients["officer"], referred).content.decode()
    today = roc.format_slash(roc.local_date(timezone.now()))
    assert '<h1 class="report-title">檢舉案件處理單</h1>' in page
    assert '<p class="report-subtitle">案號：110-0001</p>' in page
    for line in (
        "案號：110-0001",
        "收件日期：110年8月2日",
        "來源管道：書面信函",
        "檢舉人：具名（身分密封保存，不列印）",
        "承辦政風機構：甲局政風室",
        "被檢舉機關：甲局",
        "檢舉類別：採購弊端",
        f"承辦人：{cast.officer}",
        "處理狀態：移請權責機關參處",
        "受理通知：110年8月5日寄發",
        "結果通知：期限111年2月2日，尚未寄發",
    ):
        assert f"<p>{line}</p>" in page
    assert "<h2>一、案由</h2>\n<p>甲局辦理採購涉有綁標情事</p>" in page
    assert "<h2>二、檢舉內容</h2>\n<p>檢舉內容略以：甲局辦理採購涉有綁標情事。</p>" in page
    assert "<td>王小明</td><td>甲局</td><td>科長</td>" in page
    assert f"<td>{today}</td><td>狀態變更</td><td>{cast.officer}</td><td>查處中 → 移請權責機關參處：" in page
    assert f"<td>{today}</td><td>寄發受理通知</td><td>{cast.officer}</td><td>110/08/05</td>" in page
    assert "<th>登錄日期</th><th>事項</th><th>登錄者</th><th>說明</th>" in page
    assert f"<tr><td>{today}</td><td>收件</td><td>{cast.officer}</td><td>已收件：書面信函</td></tr>" in page
    assert (
        "<h2>五、處理結果</h2>\n<p>查有具體事證，移請偵辦。</p>\n"
        "<p>移請臺灣高雄地方檢察署 高市甲政字第1100001號（110年10月1日）</p>\n<p>結案日期：110年10月1日</p>"
    ) in page
    assert all(secret not in page for secret in SECRETS)


def test_an_anonymous_case_says_so_and_empty_sections_close_up(clients, cast):
    case = make_complaint(cast, narrative="")
    page = _page(clients["officer"], case).content.decode()
    assert "<p>檢舉人：匿名</p>" in page
    assert "<h2>二、被檢舉人</h2>\n<p>未列被檢舉人。</p>" in page
    assert "<h2>三、處理經過</h2>" in page
    assert "處理結果" not in page


def test_the_files_never_hold_the_identity(clients, referred, tmp_path):
    client = clients["auditor"]
    url = reverse("reports:printout_download", args=["complaint-sheet", referred.code, "docx"])
    document = DocxDocument(io.BytesIO(client.get(url).content))
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert texts[:3] == ["檢舉案件處理單", "案號：110-0001", "案號：110-0001"]
    assert [cell.text for cell in document.tables[0].rows[1].cells] == ["王小明", "甲局", "科長"]
    assert [p.text for p in document.paragraphs][-2:] == ["承辦人：" + "＿" * 12, "政風機構主管：" + "＿" * 12]
    pdf = tmp_path / "sheet.pdf"
    response = client.get(reverse("reports:printout_download", args=["complaint-sheet", referred.code, "pdf"]))
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "檢舉人：具名（身分密封保存，不列印）" in text
    for secret in SECRETS:
        assert all(secret not in part for part in texts)
        assert secret not in text
    assert _printings(referred) == 2


def test_the_case_page_links_its_sheet(clients, referred):
    page = clients["officer"].get(referred.get_absolute_url()).content.decode()
    sheet = reverse("reports:printout", args=["complaint-sheet", referred.code])
    assert f'href="{sheet}" id="printout">列印處理單</a>' in page


def test_the_sheet_reads_in_english(clients, referred):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = _page(client, referred).content.decode()
    assert '<h1 class="report-title">Complaint case sheet</h1>' in page
    assert "<p>Complainant: Named (identity sealed, not printed)</p>" in page
    assert "<h2>1. Summary</h2>" in page
    assert "<p>Status: Referred to the competent authority</p>" in page
