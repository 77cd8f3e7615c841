"""An inspection's written report: a page to print and PDF, ODT and DOCX files, built from the records."""

import datetime as dt
import io
import subprocess
import zipfile
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from probity.activities import domain
from probity.activities.domain import CheckAnswer
from probity.activities.enums import CheckResult, InspectionKind
from probity.activities.models import ChecklistItem
from probity.core import printouts
from probity.core.printouts import printout_kind
from tests.activities.conftest import make_inspection

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
READ_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}
TITLE = "甲局安全維護檢查報告"
ROOM = "\u00a0" * 16  # the blank checklist's room to write a note


@pytest.fixture
def checked(cast):
    """An inspection whose two questions were answered: the second deficient, corrected on 110/10/20."""
    ChecklistItem.objects.filter(kind=InspectionKind.SECURITY).delete()
    ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=1, text="門禁管制落實")
    ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=2, text="監視錄影正常運作")
    inspection = make_inspection(
        cast.agency_a,
        date=dt.date(2021, 10, 5),
        title="甲局安全維護檢查",
        recommendations="更換故障攝影機。\n\n定期測試錄影。",
        follow_up_due=dt.date(2021, 12, 31),
    )
    domain.start_checklist(inspection, actor=None)
    domain.record_checks(
        inspection,
        actor=cast.officer,
        answers={
            1: CheckAnswer(CheckResult.CONFORMING),
            2: CheckAnswer(CheckResult.DEFICIENT, "2號攝影機故障", dt.date(2021, 10, 20)),
        },
    )
    return inspection


def page_url(inspection) -> str:
    return reverse("reports:printout", args=["inspection-report", inspection.code])


def download_url(inspection, fmt: str) -> str:
    return reverse("reports:printout_download", args=["inspection-report", inspection.code, fmt])


@pytest.mark.parametrize("role", ROLES)
def test_the_report_page_shows_the_findings_the_deficiencies_and_the_checklist(clients, checked, role):
    response = clients[role].get(page_url(checked))
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert f'<h1 class="report-title">{TITLE}</h1>' in page
    assert '<p class="report-subtitle">檢查日期：110年10月5日</p>' in page
    assert "<p>檢查項目：甲局安全維護檢查</p>" in page
    assert "<p>共 2 項：符合 1、不符合 1、不適用 0、未填 0。</p>" in page
    assert "<p>監視錄影設備故障。</p>" in page  # the inspection's own findings
    assert "<td>2</td><td>監視錄影正常運作</td><td>110/10/20</td><td>2號攝影機故障</td>" in page
    assert "<td>1</td><td>門禁管制落實</td><td>符合</td><td>—</td>" in page
    assert "<p>更換故障攝影機。</p>\n<p>定期測試錄影。</p>\n<p>請於 110年12月31日 前改善完成。</p>" in page
    assert f'href="{checked.get_absolute_url()}"' in page
    assert page.count('id="download-') == 3


def test_an_inspection_without_a_checklist_says_so(clients, cast):
    inspection = make_inspection(cast.agency_a, findings="")
    page = clients["auditor"].get(page_url(inspection)).content.decode()
    assert "<p>此檢查未使用查核表。</p>" in page
    assert "<p>未記載檢查發現。</p>" in page
    assert "附表：查核明細" not in page


def test_the_follow_ups_are_listed_in_order(clients, cast, checked):
    domain.record_follow_up(checked, actor=cast.officer, date=dt.date(2021, 11, 1), note="已報修\n待料")
    domain.record_follow_up(checked, actor=cast.officer, date=dt.date(2021, 10, 25), note="已通知廠商")
    page = clients["officer"].get(page_url(checked)).content.decode()
    assert "<h2>四、追蹤情形</h2>\n<p>110/10/25 已通知廠商</p>\n<p>110/11/01 已報修 待料</p>" in page


@pytest.mark.parametrize("role", ROLES)
def test_the_docx_holds_the_report(clients, checked, role):
    response = clients[role].get(download_url(checked, "docx"))
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    name = quote(f"{TITLE}-1101005.docx")
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"
    document = DocxDocument(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[:3] == [TITLE, "檢查日期：110年10月5日", "檢查項目：甲局安全維護檢查"]
    assert paragraphs[-1] == "受檢單位主管：" + "＿" * 12
    deficiencies, checklist = document.tables
    assert [cell.text for cell in deficiencies.rows[1].cells] == ["2", "監視錄影正常運作", "110/10/20", "2號攝影機故障"]
    assert [[cell.text for cell in row.cells] for row in checklist.rows] == [
        ["項次", "查核項目", "查核結果", "說明"],
        ["1", "門禁管制落實", "符合", "—"],
        ["2", "監視錄影正常運作", "不符合", "2號攝影機故障"],
    ]


def test_the_odt_holds_the_report(clients, checked):
    response = clients["officer"].get(download_url(checked, "odt"))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    assert TITLE in content
    assert "2號攝影機故障" in content
    assert "政風機構主管：" in content


def test_the_pdf_is_a4_in_chinese(clients, checked, tmp_path):
    response = clients["officer"].get(download_url(checked, "pdf"))
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert TITLE in text
    assert "共 2 項：符合 1、不符合 1、不適用 0、未填 0。" in text.replace("\n", "")
    assert "第 1 頁" in text


def test_the_report_reads_in_english(clients, checked):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(page_url(checked)).content.decode()
    assert "Inspection date: 110/10/05" in page
    assert "<p>Total 2: 1 conforming, 1 deficient, 0 not applicable, 0 unanswered.</p>" in page
    assert "Print or download" not in page  # the page's help is translated, not left in Chinese
    assert "下載" not in page


def test_an_unknown_printout_or_format_is_not_found(clients, checked):
    officer = clients["officer"]
    assert officer.get(reverse("reports:printout", args=["no-such-record", checked.code])).status_code == 404
    assert officer.get(download_url(checked, "md")).status_code == 404


@pytest.fixture
def admins_only_kind():
    """The inspection report registered again under a permission only central administrators hold."""
    kind = printouts.PrintoutKind("admins-only", "org.manage_org", printout_kind("inspection-report").build)
    printouts._kinds[kind.key] = kind
    yield kind
    del printouts._kinds[kind.key]


def test_a_user_without_the_kinds_permission_is_refused(clients, checked, admins_only_kind):
    page = reverse("reports:printout", args=[admins_only_kind.key, checked.code])
    download = reverse("reports:printout_download", args=[admins_only_kind.key, checked.code, "docx"])
    assert clients["admin"].get(page).status_code == 200
    assert clients["officer"].get(page).status_code == 403
    assert clients["officer"].get(download).status_code == 403
    assert clients["anonymous"].get(page).status_code == 302


# The blank checklist to take along ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_blank_checklist_has_the_inspections_questions_and_boxes_to_tick(clients, checked, role):
    response = clients[role].get(reverse("reports:printout", args=["inspection-checklist", checked.code]))
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert '<h1 class="report-title">甲局安全維護檢查查核表</h1>' in page
    assert f"<td>1</td><td>門禁管制落實</td><td>□符合 □不符合 □不適用</td><td>{ROOM}</td>" in page
    assert f"<td>2</td><td>監視錄影正常運作</td><td>□符合 □不符合 □不適用</td><td>{ROOM}</td>" in page
    assert "2號攝影機故障" not in page  # blank: the answers recorded are not printed


def test_before_the_checklist_is_started_it_has_the_citys_current_questions(clients, cast):
    ChecklistItem.objects.filter(kind=InspectionKind.SECURITY).delete()
    ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=1, text="門禁管制落實")
    ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=2, text="已停用的題目", active=False)
    inspection = make_inspection(cast.agency_a)
    detail = clients["officer"].get(inspection.get_absolute_url()).content.decode()
    assert reverse("reports:printout", args=["inspection-checklist", inspection.code]) in detail
    response = clients["officer"].get(
        reverse("reports:printout_download", args=["inspection-checklist", inspection.code, "docx"])
    )
    rows = [[cell.text for cell in row.cells] for row in DocxDocument(io.BytesIO(response.content)).tables[0].rows]
    assert rows == [
        ["項次", "查核項目", "查核結果", "說明（不符合時必填）"],
        ["1", "門禁管制落實", "□符合 □不符合 □不適用", ROOM],
    ]


def test_an_english_printout_numbers_its_pages_in_english(clients, checked, tmp_path):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(download_url(checked, "pdf")).content)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Page 1 of 1" in text
    assert "第 1 頁" not in text
    footer = DocxDocument(io.BytesIO(client.get(download_url(checked, "docx")).content)).sections[0].footer
    assert footer.paragraphs[0].text == "Page "  # then the page-number field
    odt = zipfile.ZipFile(io.BytesIO(client.get(download_url(checked, "odt")).content)).read("styles.xml").decode()
    assert '<text:p text:style-name="Footer">Page<text:s/><text:page-number' in odt
    assert "第 " not in odt


def test_a_chinese_printout_numbers_its_pages_in_chinese(clients, checked):
    footer = DocxDocument(io.BytesIO(clients["officer"].get(download_url(checked, "docx")).content)).sections[0].footer
    assert footer.paragraphs[0].text == "第  頁"  # around the page-number field
