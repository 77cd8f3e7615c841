"""A special audit's report and a re-prevention report as printouts: the page, the files, each role's reach, and a
linked case the reader may not see left out of the document, number and all."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from probity.prevention import domain
from probity.prevention.enums import RecommendationStatus
from tests.prevention.conftest import make_action, make_audit, make_reprevention
from tests.prevention.test_complaint_links import cases  # noqa: F401  (fixture)

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
READ_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}


@pytest.fixture
def audit(cast):
    audit = make_audit(
        cast.agency_a,
        plan="抽查110年上半年決標案件。",
        findings="驗收紀錄未載明抽驗數量。\n部分契約變更未經核准。",
        team="王稽核、李稽核",
        agency_reply="已修訂驗收作業程序。",
    )
    first = domain.add_recommendation(
        audit, actor=cast.officer, text="訂定驗收抽驗標準", reply_due=dt.date(2021, 10, 1)
    )
    domain.add_recommendation(audit, actor=cast.officer, text="契約變更\n應先簽核", reply_due=dt.date(2021, 10, 15))
    domain.track_recommendation(
        first, actor=cast.officer, to=RecommendationStatus.REJECTED, on=dt.date(2021, 9, 20), reason="已有規定"
    )
    return audit


def _page(client, key, record):
    return client.get(reverse("reports:printout", args=[key, record.code]))


@pytest.mark.parametrize("role", ROLES)
def test_the_audit_report_page(clients, audit, role):
    response = _page(clients[role], "special-audit-report", audit)
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert '<h1 class="report-title">採購履約專案稽核報告</h1>' in page
    assert '<p class="report-subtitle">完成日期：110年9月1日</p>' in page
    assert "<p>稽核期間：110年1月1日至110年6月30日</p>" in page
    assert "<h2>一、稽核計畫</h2>\n<p>抽查110年上半年決標案件。</p>" in page
    assert "<h2>二、稽核發現</h2>\n<p>驗收紀錄未載明抽驗數量。</p>\n<p>部分契約變更未經核准。</p>" in page
    assert "<td>1</td><td>訂定驗收抽驗標準</td><td>110/10/01</td><td>未採納 110/09/20：已有規定</td>" in page
    assert "<td>2</td><td>契約變更 應先簽核</td><td>110/10/15</td><td>追蹤中</td>" in page
    assert "<h2>四、機關回復</h2>\n<p>已修訂驗收作業程序。</p>" in page


def test_sections_left_empty_are_left_out_and_the_numbering_closes_up(clients, cast):
    audit = make_audit(cast.agency_a)
    page = _page(clients["officer"], "special-audit-report", audit).content.decode()
    assert "稽核計畫" not in page and "機關回復" not in page
    assert "<h2>一、稽核發現</h2>\n<p>未記載稽核發現。</p>" in page
    assert "<h2>二、建議事項</h2>\n<p>尚無建議事項。</p>" in page


def test_the_audit_report_downloads_as_docx(clients, audit):
    response = clients["auditor"].get(
        reverse("reports:printout_download", args=["special-audit-report", audit.code, "docx"])
    )
    document = DocxDocument(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[:3] == ["採購履約專案稽核報告", "完成日期：110年9月1日", "受稽核機關：甲局"]
    assert paragraphs[-2:] == ["稽核人員：" + "＿" * 12, "政風機構主管：" + "＿" * 12]
    assert [cell.text for cell in document.tables[0].rows[0].cells] == ["項次", "建議事項", "回復期限", "辦理情形"]


def test_the_audit_report_reads_in_english(clients, audit):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = _page(client, "special-audit-report", audit).content.decode()
    assert '<h1 class="report-title">採購履約專案稽核: report</h1>' in page
    assert "<p>Audit period: 110/01/01 to 110/06/30</p>" in page
    assert "<h2>1. Audit plan</h2>" in page
    assert "<td>Not adopted 110/09/20: 已有規定</td>" in page


@pytest.mark.parametrize("role", ROLES)
def test_the_reprevention_report_page(clients, cast, role):
    report = make_reprevention(cast.agency_a, case_refs="高市甲110-01", control_gaps="", follow_up="半年後複查")
    response = _page(clients[role], "reprevention-report", report)
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert '<h1 class="report-title">員工涉犯貪瀆案再防貪案</h1>' in page
    assert (
        "<h2>一、相關案件</h2>\n<p>相關檢舉案件：高市甲110-01</p>\n"
        "<h2>二、發生原因</h2>\n<p>未落實分層審核</p>\n"
        "<h2>三、再防貪措施</h2>\n<p>職務輪調</p>\n"
        "<h2>四、後續追蹤</h2>\n<p>半年後複查</p>"
    ) in page


def test_a_linked_case_the_reader_may_not_see_is_left_out(clients, cast, cases):  # noqa: F811
    report = make_reprevention(
        cast.agency_a,
        complaints=[cases["complaint_a"], cases["complaint_b"]],
        referrals=[cases["referral_a"]],
    )
    officer = _page(clients["officer"], "reprevention-report", report).content.decode()
    assert f"<p>相關檢舉案件：{cases['complaint_a'].number}</p>" in officer
    assert "<p>相關函送司法案件：高市甲政字第1號</p>" in officer
    admin = _page(clients["admin"], "reprevention-report", report).content.decode()
    numbers = sorted([cases["complaint_a"].number, cases["complaint_b"].number])
    assert f"<p>相關檢舉案件：{'、'.join(numbers)}</p>" in admin


def test_the_record_pages_link_to_their_printouts(clients, cast, audit):
    report = make_reprevention(cast.agency_a)
    audit_page = clients["auditor"].get(audit.get_absolute_url()).content.decode()
    assert reverse("reports:printout", args=["special-audit-report", audit.code]) in audit_page
    report_page = clients["auditor"].get(report.get_absolute_url()).content.decode()
    assert reverse("reports:printout", args=["reprevention-report", report.code]) in report_page


# An early warning or proposal ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_preventive_action_prints_as_the_sheet_sent_to_the_agency(clients, cast, role):
    action = make_action(
        cast.agency_a,
        subject="驗收程序未落實",
        finding="抽驗數量未達契約規定。",
        recommendation="請依契約抽驗。\n並留存紀錄。",
        doc_no="高市甲政字第110001號",
        adopted=True,
        money_saved=1200000,
        effect="已補正驗收紀錄。",
    )
    response = _page(clients[role], "preventive-action", action)
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert '<h1 class="report-title">預警書</h1>' in page
    assert '<p class="report-subtitle">提出日期：110年9月1日</p>' in page
    assert "<p>案由：驗收程序未落實</p>" in page
    assert "<p>公文文號：高市甲政字第110001號</p>" in page
    assert "<h2>二、建議內容</h2>\n<p>請依契約抽驗。</p>\n<p>並留存紀錄。</p>" in page
    assert (
        "<h2>三、機關辦理情形</h2>\n<p>機關已採納。</p>\n<p>節省公帑 1,200,000 元。</p>\n<p>已補正驗收紀錄。</p>"
    ) in page


def test_an_unanswered_action_has_no_outcome_section(clients, cast):
    action = make_action(cast.agency_a, finding="發現", recommendation="建議")
    page = _page(clients["officer"], "preventive-action", action).content.decode()
    assert "機關辦理情形" not in page
    detail = clients["officer"].get(action.get_absolute_url()).content.decode()
    assert reverse("reports:printout", args=["preventive-action", action.code]) in detail
