"""The manual check of a month's sample: one result per drawn lookup, shown beside the rule alerts."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from probity.accessaudit import domain
from probity.accessaudit.models import AccessAuditFinding, Alert, SampleCheck
from probity.audit.models import AuditEvent
from probity.core import roc
from tests.accessaudit.conftest import END, START, make_draw


@pytest.fixture
def draw(designated, system):
    """A hand-made draw of three lookups (the drawing itself is tested with the sampling library)."""
    return make_draw(system, 3)


def _check_url(draw):
    return reverse("accessaudit:sample_check", args=[draw.code])


# The domain -------------------------------------------------------------------


def test_a_check_is_recorded_and_a_later_one_replaces_it(draw, cast):
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="matched", note="補登於第 12 頁", actor=cast.admin)
    check = SampleCheck.objects.get()
    assert (check.order, check.result, check.note, check.checked_by) == (2, "matched", "補登於第 12 頁", cast.admin)
    verbs = list(AuditEvent.objects.filter(target_code=str(draw.code)).order_by("id").values_list("verb", "data"))
    alert_code = verbs[0][1]["alert"]
    assert verbs == [
        ("accessaudit.sample.check", {"order": 2, "result": "mismatch", "alert": alert_code, "withdrawn_alert": None}),
        (
            "accessaudit.sample.recheck",
            {"order": 2, "result": "matched", "alert": None, "withdrawn_alert": alert_code},
        ),
    ]


def test_a_mismatch_raises_an_alert_into_the_triage_queue(draw, cast):
    check = domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.officer)
    alert = Alert.objects.get()
    assert check.alert == alert
    assert (alert.run, alert.system, alert.unit, alert.rule, alert.kind, alert.decision) == (
        None,
        draw.system,
        draw.unit,
        "sample",
        "mismatch",
        "open",
    )
    assert (alert.lookup_id, alert.account, alert.subject_id, alert.day.isoformat()) == (
        1002,
        "u0002",
        "A100000002",
        "2021-08-02",
    )
    assert timezone.localtime(alert.occurred_at).strftime("%Y-%m-%d %H:%M") == "2021-08-02 09:02"
    assert alert.score == 3.0  # weighed as an unexplained lookup, which is what the check found
    assert alert.reason == "人工抽查 110年8月 第 2 筆核對不符：查無登記"
    assert alert.get_rule_display() == "抽查核對不符"


def test_checking_a_mismatch_again_rewords_its_undecided_alert(draw, cast):
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記亦無案件", actor=cast.officer)
    assert list(Alert.objects.values_list("reason", flat=True)) == [
        "人工抽查 110年8月 第 2 筆核對不符：查無登記亦無案件"
    ]


def test_a_decided_mismatch_can_no_longer_be_checked_as_matched(draw, cast):
    check = domain.check_sampled_lookup(draw=draw, order=3, result="mismatch", note="查無登記", actor=cast.officer)
    domain.decide_alert(alert=check.alert, decision="inquiry", note="函請機關說明", actor=cast.officer)
    with pytest.raises(ValidationError) as raised:
        domain.check_sampled_lookup(draw=draw, order=3, result="matched", note="", actor=cast.officer)
    assert raised.value.messages == ["這筆查閱已送警示審查，審查結果為「需進一步查證」，不能改為相符。"]
    domain.check_sampled_lookup(draw=draw, order=3, result="mismatch", note="另查亦無", actor=cast.officer)
    check.refresh_from_db()
    assert (check.result, check.note, check.alert.decision) == ("mismatch", "另查亦無", "inquiry")
    assert check.alert.reason == "人工抽查 110年8月 第 3 筆核對不符：查無登記"


def test_a_confirmed_sample_mismatch_opens_an_inspection(draw, cast):
    check = domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    alert = domain.decide_alert(alert=check.alert, decision="misuse", note="當事人為其鄰居", actor=cast.officer)
    finding = AccessAuditFinding.objects.select_related("inspection").get(pk=alert.finding_id)
    assert (finding.account, finding.month, finding.system) == ("u0001", "2021-08", draw.system)
    assert finding.inspection.kind == "information_system"
    assert finding.inspection.findings.splitlines() == [
        "戶役政資訊系統帳號 u0001 於 110年8月 經審查確認不當查閱 1 筆：",
        f"{roc.format_slash(alert.day)} 抽查核對不符",
    ]


def test_a_completed_check_is_recorded_as_an_information_system_audit(draw, cast):
    from probity.activities.indicators import information_inspections
    from probity.activities.models import Inspection
    from probity.org.scope import Scope

    period = roc.Period.current()
    before = information_inspections(period, Scope.city()).value
    for order in (1, 2):
        domain.check_sampled_lookup(draw=draw, order=order, result="matched", actor=cast.officer)
    assert not Inspection.objects.exists()  # two of three checked: the audit is not done yet
    domain.check_sampled_lookup(draw=draw, order=3, result="matched", actor=cast.officer)
    draw.refresh_from_db()
    inspection = draw.inspection
    drawn_at = roc.format_datetime(timezone.localtime(draw.created_at))
    assert (inspection.kind, inspection.agency, inspection.unit, inspection.date, inspection.status) == (
        "information_system",
        draw.system.agency,
        draw.unit,
        timezone.localdate(),
        "closed",
    )
    assert inspection.title == f"戶役政資訊系統查詢紀錄抽查（110年8月，{drawn_at} 抽籤）"
    assert inspection.scope == "自 110年8月 的 300 筆查閱公開抽出 3 筆，逐筆核對查詢紀錄簿與案件資料"
    assert inspection.findings == "抽查 3 筆，相符 3 筆，不符 0 筆。"
    assert (inspection.recommendations, inspection.follow_up_due) == ("", None)
    assert information_inspections(period, Scope.city()).value == before + 1
    assert AuditEvent.objects.filter(verb="accessaudit.sample.link_inspection", target_code=str(draw.code)).count() == 1


def test_a_recheck_after_completion_updates_the_audit_it_recorded(draw, cast):
    from probity.activities.models import Inspection

    for order in (1, 2, 3):
        domain.check_sampled_lookup(draw=draw, order=order, result="matched", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.admin)
    inspection = Inspection.objects.get()
    assert inspection.findings.splitlines() == [
        "抽查 3 筆，相符 2 筆，不符 1 筆。",
        "第 2 筆：帳號 u0002，110/08/02 09:02 查閱，查無依據",
    ]
    assert "查無登記" not in inspection.findings  # the officer's note may name the person looked up


def test_a_check_completed_with_mismatches_is_followed_up(draw, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    for order in (2, 3):
        domain.check_sampled_lookup(draw=draw, order=order, result="matched", actor=cast.officer)
    draw.refresh_from_db()
    inspection = draw.inspection
    assert inspection.status == "following_up"
    assert inspection.follow_up_due == timezone.localdate() + dt.timedelta(days=domain.FOLLOW_UP_DAYS)
    assert inspection.recommendations == "請機關說明不符各筆的查詢依據，並督導同仁確實登載查詢事由。"
    assert inspection.findings.splitlines()[1] == "第 1 筆：帳號 u0001，110/08/02 09:01 查閱，查無依據"


def test_a_rerun_of_the_rules_keeps_alerts_raised_by_sample_checks(designated, loaded, cast):
    draw = make_draw(loaded.system, 2)
    check = domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    run = domain.start_audit_run(system=loaded.system, date_from=START, date_to=END, actor=cast.admin)
    domain.perform_audit_run(run, actor=cast.admin)
    assert Alert.objects.filter(rule="sample").get() == check.alert
    assert Alert.objects.filter(run=run).count() == loaded.run.alert_count


def test_a_sample_alert_names_the_staff_member_from_the_user_mapping(designated, loaded, cast):
    account, name = domain._staff_names(loaded.system).popitem()
    draw = make_draw(loaded.system, 1)
    draw.drawn[0]["account"] = account
    draw.save()
    check = domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    assert (check.alert.account, check.alert.staff_name) == (account, name)


def test_what_an_english_reading_officer_confirms_is_recorded_in_chinese(draw, cast):
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="", actor=cast.officer)
        check = domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
        alert = domain.decide_alert(alert=check.alert, decision="misuse", note="確認", actor=cast.officer)
        domain.start_complaint(finding=alert.finding, actor=cast.officer)
    # Errors speak the reader's language; what the records keep is the language of record.
    assert raised.value.messages == ["A mismatch needs a note (for example: no query-register entry or case found)."]
    finding = AccessAuditFinding.objects.select_related("inspection", "complaint").get()
    reason = "人工抽查 110年8月 第 1 筆核對不符：查無登記"
    assert alert.reason == reason
    assert alert.facts == {"month": "2021-08", "order": 1, "note": "查無登記"}
    with translation.override("en"):
        assert alert.reason_text == "Manual sample check, 110/08 no. 1, did not match: 查無登記"
    assert finding.summary == f"110/08/02 抽查核對不符：{reason}"
    assert (finding.inspection.title, finding.inspection.scope) == (
        "戶役政資訊系統使用稽核：帳號 u0001（110年8月）",
        "戶役政資訊系統查閱紀錄（110年8月）",
    )
    assert finding.inspection.findings.splitlines()[1] == "110/08/02 抽查核對不符"
    assert finding.complaint.summary == "戶役政資訊系統不當查閱：帳號 u0001（110年8月）"
    assert list(finding.complaint.events.values_list("detail", flat=True)) == ["主動發掘"]


def test_a_mismatch_must_say_why(draw, cast):
    with pytest.raises(ValidationError) as raised:
        domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="  ", actor=cast.officer)
    assert raised.value.messages == ["核對不符時請填寫說明（例如查無查詢紀錄簿登記或案件）。"]
    assert SampleCheck.objects.count() == 0


def test_only_drawn_lookups_can_be_checked(draw, cast):
    with pytest.raises(ValidationError) as raised:
        domain.check_sampled_lookup(draw=draw, order=4, result="matched", actor=cast.officer)
    assert raised.value.messages == ["第 4 筆不在這次抽查之中。"]


# The pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected", "checks"),
    [("officer", 302, 1), ("admin", 302, 1), ("outsider", 404, 0), ("auditor", 403, 0), ("anonymous", 302, 0)],
)
def test_checking_by_role(draw, clients, role, expected, checks):
    response = clients[role].post(_check_url(draw), {"order": 1, "result": "matched", "note": ""})
    assert response.status_code == expected
    assert SampleCheck.objects.count() == checks


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 200), ("admin", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_export_by_role(draw, clients, role, expected):
    url = reverse("accessaudit:sample_export", args=[draw.code])
    assert clients[role].get(url, {"format": "xlsx"}).status_code == expected


def test_checking_returns_to_the_row_and_refuses_foreign_addresses(draw, clients):
    page = f"{draw.get_absolute_url()}?result=unchecked#lookup-2"
    response = clients["officer"].post(_check_url(draw), {"order": 2, "result": "matched", "back": page})
    assert response.url == page
    response = clients["officer"].post(
        _check_url(draw), {"order": 3, "result": "matched", "back": "https://evil.example/"}
    )
    assert response.url == draw.get_absolute_url()


def test_a_refused_check_says_why_on_the_page(draw, clients):
    response = clients["officer"].post(_check_url(draw), {"order": 1, "result": "mismatch", "note": ""}, follow=True)
    assert "核對不符時請填寫說明（例如查無查詢紀錄簿登記或案件）。" in response.content.decode()
    assert SampleCheck.objects.count() == 0


def test_the_page_counts_checks_and_filters_by_result(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="matched", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=3, result="mismatch", note="查無登記", actor=cast.officer)
    client = clients["officer"]
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "已核對 2 / 3 筆：相符 1 筆，不符 1 筆。" in page
    assert "<td>列印</td>" in page and "<td>查詢</td>" in page
    orders = {
        result: [row.order for row in client.get(draw.get_absolute_url(), {"result": result}).context["page"]]
        for result in ("", "unchecked", "matched", "mismatch", "nonsense")
    }
    assert orders == {"": [1, 2, 3], "unchecked": [2], "matched": [1], "mismatch": [3], "nonsense": [1, 2, 3]}


def test_a_sampled_lookup_shows_the_rule_alerts_raised_on_it(designated, loaded, clients, cast):
    alert = Alert.objects.filter(system=loaded.system, lookup_id__isnull=False).order_by("pk").first()
    draw = make_draw(loaded.system, 2)
    draw.drawn[1]["lookup_id"] = alert.lookup_id
    draw.save()
    page = clients["officer"].get(draw.get_absolute_url()).content.decode()
    link = f'<a href="{alert.get_absolute_url()}" title="{alert.get_rule_display()}">{alert.kind_label}</a>'
    assert link in page


def test_a_mismatch_links_the_sample_row_and_its_alert_both_ways(draw, clients, cast):
    check = domain.check_sampled_lookup(draw=draw, order=2, result="mismatch", note="查無登記", actor=cast.officer)
    page = clients["officer"].get(draw.get_absolute_url()).content.decode()
    assert f'<a href="{check.alert.get_absolute_url()}" title="抽查核對不符">抽查不符</a>' in page
    page = clients["officer"].get(check.alert.get_absolute_url()).content.decode()
    assert f'<a href="{draw.get_absolute_url()}#lookup-2">110年8月 第 2 筆</a>' in page
    assert "人工抽查 110年8月 第 2 筆核對不符：查無登記" in page


def test_the_page_shows_a_hundred_rows_at_a_time_in_constant_queries(designated, system, clients):
    client = clients["officer"]
    small, large = make_draw(system, 3), make_draw(system, 150)
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        response = client.get(large.get_absolute_url())
    assert len(many) == len(few)
    assert [row.order for row in response.context["page"]][-1] == 100
    assert [row.order for row in client.get(large.get_absolute_url(), {"page": 2}).context["page"]][0] == 101


def test_the_export_lists_every_drawn_lookup_with_its_check(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    url = reverse("accessaudit:sample_export", args=[draw.code])
    sheet = load_workbook(io.BytesIO(clients["officer"].get(url, {"format": "xlsx"}).getvalue())).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "抽出順序",
        "查閱序號",
        "查閱時間",
        "系統帳號",
        "動作",
        "當事人",
        "查詢事由",
        "規則警示",
        "核對結果",
        "核對說明",
        "核對人",
    ]
    assert rows[1] == [
        1,
        1001,
        "110/08/02 09:01",
        "u0001",
        "列印",
        "A100000001",
        "北市府字第1號",
        "抽查核對不符",
        "不符，查無依據",
        "查無登記",
        str(cast.officer),
    ]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    response = clients["officer"].get(url, {"format": "csv"})
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert lines[3][:4] == ["3", "1003", "110/08/02 09:03", "u0003"]
    assert AuditEvent.objects.filter(verb="accessaudit.logdata.view.sample_export").count() == 2


def test_the_system_page_lists_each_sample_with_its_check_progress(draw, clients, cast):
    domain.check_sampled_lookup(draw=draw, order=1, result="mismatch", note="查無登記", actor=cast.officer)
    domain.check_sampled_lookup(draw=draw, order=2, result="matched", actor=cast.officer)
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[draw.system.code])).content.decode()
    assert "（已核對 2 / 3，不符 1）" in page


def test_the_sample_page_links_the_audit_it_recorded(draw, clients, cast):
    for order in (1, 2, 3):
        domain.check_sampled_lookup(draw=draw, order=order, result="matched", actor=cast.officer)
    draw.refresh_from_db()
    page = clients["officer"].get(draw.get_absolute_url()).content.decode()
    link = f'<a href="{draw.inspection.get_absolute_url()}">{draw.inspection.title}</a>（已結案）'
    assert link in page
    assert clients["outsider"].get(draw.get_absolute_url()).status_code == 404
