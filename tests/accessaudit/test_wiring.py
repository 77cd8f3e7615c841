"""A confirmed misuse opens or feeds an information-system-use inspection; a finding can start a complaint."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from probity.accessaudit import domain
from probity.accessaudit.enums import Decision, action_label
from probity.accessaudit.models import AccessAuditFinding, Alert
from probity.activities import domain as activities
from probity.activities.enums import InspectionAction, InspectionKind, InspectionStatus
from probity.activities.models import Inspection
from probity.audit.models import AuditEvent
from probity.complaints.enums import Channel
from probity.complaints.models import Complaint
from probity.core import roc


@pytest.fixture
def pair(loaded):
    """Two 'self' alerts made to concern the same account and day, so both feed one finding."""
    first, second = Alert.objects.filter(system=loaded.system, rule="relationship", kind="self").order_by("day")[:2]
    Alert.objects.filter(pk=second.pk).update(account=first.account, day=first.day)
    second.refresh_from_db()
    return first, second


def _roc_month(day) -> str:
    return f"{day.year - 1911}年{day.month}月"


def _expected_findings(system, account, day, count) -> str:
    month = _roc_month(day)
    lines = [f"{system.name}帳號 {account} 於 {month} 經審查確認不當查閱 {count} 筆："]
    lines += [f"{roc.format_slash(day)} 查閱本人、同仁、同戶或親屬、重要人士"] * count
    return "\n".join(lines)


def test_decide_misuse_opens_the_inspection(pair, loaded, cast):
    first, _second = pair
    domain.decide_alert(alert=first, decision=Decision.MISUSE, note="查詢本人資料辦理私事", actor=cast.officer)
    finding = AccessAuditFinding.objects.get()
    inspection = Inspection.objects.get()
    today = timezone.localdate()
    month = _roc_month(first.day)
    assert finding.inspection == inspection
    assert inspection.kind == InspectionKind.INFORMATION_SYSTEM
    assert inspection.agency == cast.agency_a
    assert inspection.unit == cast.unit_a
    assert inspection.date == today
    assert inspection.title == f"戶役政資訊系統使用稽核：帳號 {first.account}（{month}）"
    assert inspection.scope == f"戶役政資訊系統查閱紀錄（{month}）"
    assert inspection.findings == _expected_findings(loaded.system, first.account, first.day, 1)
    assert finding.summary.startswith(f"{roc.format_slash(first.day)} 查閱本人、同仁、同戶或親屬、重要人士：")
    assert inspection.recommendations == "請機關督導同仁僅於公務需要時查閱個人資料，並確實登載查詢事由。"
    assert inspection.status == InspectionStatus.FOLLOWING_UP
    assert inspection.follow_up_due == today + dt.timedelta(days=60)
    event = AuditEvent.objects.get(verb="activities.inspection.created")
    assert event.actor == cast.officer
    assert AuditEvent.objects.filter(verb="accessaudit.finding.link_inspection").count() == 1


def test_inspection_holds_no_subject_identity(pair, cast):
    first, _second = pair
    domain.decide_alert(alert=first, decision=Decision.MISUSE, note="x", actor=cast.officer)
    inspection = Inspection.objects.get()
    assert first.subject_id
    for text in (inspection.title, inspection.scope, inspection.findings):
        assert first.subject_id not in text
        assert first.reason not in text


def test_second_misuse_feeds_the_same_inspection(pair, loaded, cast):
    first, second = pair
    domain.decide_alert(alert=first, decision=Decision.MISUSE, note="一", actor=cast.officer)
    domain.decide_alert(alert=second, decision=Decision.MISUSE, note="二", actor=cast.officer)
    inspection = Inspection.objects.get()
    assert AccessAuditFinding.objects.get().inspection == inspection
    assert inspection.findings == _expected_findings(loaded.system, first.account, first.day, 2)
    assert AuditEvent.objects.filter(verb="activities.inspection.updated").count() == 1


def test_misuse_after_the_inspection_closed_opens_a_new_one(pair, cast):
    first, second = pair
    domain.decide_alert(alert=first, decision=Decision.MISUSE, note="一", actor=cast.officer)
    closed = Inspection.objects.get()
    activities.transition_inspection(
        closed, InspectionAction.CLOSE, actor=cast.officer, on=timezone.localdate() - dt.timedelta(days=1)
    )
    Inspection.objects.filter(pk=closed.pk).update(date=timezone.localdate() - dt.timedelta(days=1))
    domain.decide_alert(alert=second, decision=Decision.MISUSE, note="二", actor=cast.officer)
    finding = AccessAuditFinding.objects.get()
    assert Inspection.objects.count() == 2
    assert finding.inspection != closed
    assert finding.inspection.status == InspectionStatus.FOLLOWING_UP


def test_other_decisions_open_no_inspection(alert, cast):
    domain.decide_alert(alert=alert, decision=Decision.JUSTIFIED, note="有案可稽", actor=cast.officer)
    assert Inspection.objects.count() == 0


@pytest.fixture
def finding(pair, cast) -> AccessAuditFinding:
    domain.decide_alert(alert=pair[0], decision=Decision.MISUSE, note="查詢本人資料", actor=cast.officer)
    return AccessAuditFinding.objects.get()


def test_start_complaint_creates_a_self_initiated_case(finding, cast):
    domain.start_complaint(finding=finding, actor=cast.officer)
    finding.refresh_from_db()
    complaint = Complaint.objects.get()
    assert finding.complaint == complaint
    assert complaint.channel == Channel.SELF_INITIATED
    assert complaint.unit == cast.unit_a
    assert complaint.agency == cast.agency_a
    assert complaint.received_on == timezone.localdate()
    day = dt.date.fromisoformat(f"{finding.month}-01")
    assert complaint.summary == f"戶役政資訊系統不當查閱：帳號 {finding.account}（{_roc_month(day)}）"
    assert list(complaint.subjects.values_list("name", flat=True)) == [finding.staff_name]
    assert AuditEvent.objects.filter(verb="accessaudit.finding.start_complaint").count() == 1


def test_start_complaint_twice_is_refused(finding, cast):
    from django.core.exceptions import ValidationError

    domain.start_complaint(finding=finding, actor=cast.officer)
    with pytest.raises(ValidationError):
        domain.start_complaint(finding=finding, actor=cast.officer)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "expected", "created"),
    [("officer", 302, 1), ("admin", 302, 1), ("outsider", 404, 0), ("auditor", 403, 0), ("anonymous", 302, 0)],
)
def test_start_complaint_by_role(designated, finding, clients, role, expected, created):
    url = reverse("accessaudit:finding_start_complaint", args=[finding.code])
    response = clients[role].post(url)
    assert response.status_code == expected
    assert Complaint.objects.count() == created
    if created:
        assert response["Location"] == finding.get_absolute_url()


def test_start_complaint_needs_post(designated, finding, clients):
    url = reverse("accessaudit:finding_start_complaint", args=[finding.code])
    assert clients["officer"].get(url).status_code == 405


def test_finding_page_links_inspection_and_offers_the_action(designated, finding, clients):
    response = clients["officer"].get(finding.get_absolute_url())
    content = response.content.decode()
    assert finding.inspection.get_absolute_url() in content
    assert reverse("accessaudit:finding_start_complaint", args=[finding.code]) in content
    domain.start_complaint(finding=finding, actor=None)
    finding.refresh_from_db()
    content = clients["officer"].get(finding.get_absolute_url()).content.decode()
    assert finding.complaint.get_absolute_url() in content
    assert reverse("accessaudit:finding_start_complaint", args=[finding.code]) not in content


def test_finding_list_links_each_findings_inspection_and_complaint(
    designated, finding, clients, django_assert_max_num_queries
):
    domain.start_complaint(finding=finding, actor=None)
    finding.refresh_from_db()
    with django_assert_max_num_queries(12):
        content = clients["officer"].get(reverse("accessaudit:finding_list")).content.decode()
    inspection, complaint = finding.inspection, finding.complaint
    assert f'<a href="{inspection.get_absolute_url()}">{inspection.get_status_display()}</a>' in content
    assert f'<a href="{complaint.get_absolute_url()}">{complaint.number}</a>' in content


def test_a_lookups_action_reads_query_in_english_not_the_portals_check():
    with translation.override("en"):
        assert [action_label(a) for a in ("query", "print", "export", "delete")] == [
            "Query",
            "Print",
            "Export",
            "delete",
        ]
    with translation.override("zh-hant"):
        assert action_label("query") == "查詢"


def test_finding_list_filters_by_account_half_year_system_and_complaint(designated, finding, clients):
    url = reverse("accessaudit:finding_list")
    client = clients["officer"]
    half = "110H1" if finding.month <= "2021-06" else "110H2"
    other = "110H2" if half == "110H1" else "110H1"

    def listed(**params):
        return [f.pk for f in client.get(url, params).context["page"]]

    assert listed() == [finding.pk]
    assert listed(q=finding.account) == [finding.pk]
    assert listed(q="沒有這個人") == []
    assert listed(period=half) == [finding.pk]
    assert listed(period=other) == []
    assert listed(system=str(finding.system.code)) == [finding.pk]
    assert listed(complaint="none") == [finding.pk]
    assert listed(complaint="started") == []
    domain.start_complaint(finding=finding, actor=None)
    assert listed(complaint="started") == [finding.pk]


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("admin", 200), ("outsider", 200), ("auditor", 403)])
def test_finding_list_exports_what_it_lists(designated, finding, clients, role, status):
    import csv
    import io

    response = clients[role].get(reverse("accessaudit:finding_list"), {"format": "csv"})
    assert response.status_code == status
    if status != 200:
        return
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["月份", "系統", "系統帳號", "人員姓名", "警示數", "稽核紀錄", "檢查狀態", "檢舉案件"]
    if role == "outsider":
        assert rows[1:] == []
        return
    day = dt.date.fromisoformat(f"{finding.month}-01")
    assert rows[1:] == [
        [
            roc.format_month(day),
            "戶役政資訊系統",
            finding.account,
            finding.staff_name,
            "1",
            finding.inspection.title,
            finding.inspection.get_status_display(),
            "",
        ]
    ]
    assert AuditEvent.objects.filter(verb="accessaudit.logdata.view.findings_export").count() == 1
