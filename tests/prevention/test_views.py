"""Every prevention page against the permission cast, the forms' writes, exports, and list query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.prevention.enums import NominationStatus, RecommendationStatus, SelectionStage
from probity.prevention.models import (
    IntegrityPlatform,
    PreventiveAction,
    RepreventionReport,
    Risk,
    RiskMatrix,
    RoleModelNomination,
    RoleModelSelection,
    SpecialAudit,
)
from tests.prevention.conftest import make_action, make_audit, make_platform, make_reprevention, make_risk

LISTS = [
    "prevention:audit_list",
    "prevention:action_list",
    "prevention:reprevention_list",
    "prevention:platform_list",
    "prevention:highlight_list",
    "prevention:selection_list",
    "prevention:risk_list",
    "prevention:risks_review_due",
    "prevention:recommendations_overdue",
    "prevention:matrix_list",
]
CREATE_FORMS = [
    "prevention:audit_create",
    "prevention:action_create",
    "prevention:reprevention_create",
    "prevention:platform_create",
    "prevention:highlight_create",
    "prevention:risk_create",
]
DETAILS = [
    ("prevention:audit_detail", "audit_a"),
    ("prevention:action_detail", "action_a"),
    ("prevention:reprevention_detail", "reprevention_a"),
    ("prevention:platform_detail", "platform_a"),
    ("prevention:highlight_detail", "highlight_a"),
    ("prevention:nomination_detail", "nomination_a"),
    ("prevention:risk_detail", "risk_a"),
]
EDITS = [
    ("prevention:audit_edit", "audit_a"),
    ("prevention:action_edit", "action_a"),
    ("prevention:reprevention_edit", "reprevention_a"),
    ("prevention:platform_edit", "platform_a"),
    ("prevention:highlight_edit", "highlight_a"),
    ("prevention:risk_edit", "risk_a"),
]
ROLES_READ = {"admin": 200, "officer": 200, "outsider": 200, "auditor": 200, "anonymous": 302}
ROLES_OBJECT = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}
ROLES_WRITE = {"admin": 200, "officer": 200, "outsider": 200, "auditor": 403, "anonymous": 302}
ROLES_WRITE_OBJECT = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 403, "anonymous": 302}
ROLES_CENTRAL = {"admin": 200, "officer": 403, "outsider": 403, "auditor": 403, "anonymous": 302}


def _cases(names, roles):
    return [(name, role, status) for name in names for role, status in roles.items()]


@pytest.mark.parametrize(("name", "role", "status"), _cases(LISTS, ROLES_READ))
def test_list_pages_for_each_role(clients, records, name, role, status):
    response = clients[role].get(reverse(name))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("org:login"))


@pytest.mark.parametrize(("name", "role", "status"), _cases(CREATE_FORMS, ROLES_WRITE))
def test_create_forms_for_each_role(clients, records, name, role, status):
    assert clients[role].get(reverse(name)).status_code == status


@pytest.mark.parametrize(("name", "role", "status"), _cases(DETAILS, ROLES_OBJECT))
def test_detail_pages_for_each_role(clients, records, name, role, status):
    url_name, key = name
    assert clients[role].get(reverse(url_name, args=[records[key].code])).status_code == status


@pytest.mark.parametrize(("name", "role", "status"), _cases(EDITS, ROLES_WRITE_OBJECT))
def test_edit_forms_for_each_role(clients, records, name, role, status):
    url_name, key = name
    assert clients[role].get(reverse(url_name, args=[records[key].code])).status_code == status


@pytest.mark.parametrize(("role", "status"), ROLES_READ.items())
def test_selection_detail_is_citywide_but_lists_only_scoped_nominations(clients, records, role, status):
    response = clients[role].get(records["selection"].get_absolute_url())
    assert response.status_code == status
    if role == "outsider":
        assert "被推薦人b" in response.content.decode()
        assert "被推薦人a" not in response.content.decode()


@pytest.mark.parametrize(("role", "status"), ROLES_READ.items())
def test_matrix_detail_and_heatmap_for_each_role(clients, records, role, status):
    assert clients[role].get(records["matrix"].get_absolute_url()).status_code == status
    response = clients[role].get(reverse("prevention:risk_heatmap"))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("name", ["prevention:selection_create", "prevention:matrix_create"])
@pytest.mark.parametrize(("role", "status"), ROLES_CENTRAL.items())
def test_central_only_forms_for_each_role(clients, records, name, role, status):
    assert clients[role].get(reverse(name)).status_code == status


@pytest.mark.parametrize(("role", "status"), ROLES_WRITE.items())
def test_nominate_form_for_each_role(clients, records, role, status):
    """Selections are city-wide; each officer nominates for the agencies of their own scope."""
    url = reverse("prevention:nomination_create", args=[records["selection"].code])
    response = clients[role].get(url)
    assert response.status_code == status
    if role == "outsider":
        assert list(response.context["form"].fields["agency"].queryset) == [records["audit_b"].agency]


# Writes through the forms -------------------------------------------------------------------------


def test_officer_creates_an_audit(clients, cast):
    response = clients["officer"].post(
        reverse("prevention:audit_create"),
        {
            "agency": cast.agency_a.pk,
            "title": "停車場委外專案稽核",
            "business": "委外經營",
            "audited_from": "110/01/01",
            "audited_to": "110/06/30",
            "completed_on": "110/09/30",
        },
    )
    audit = SpecialAudit.objects.get(title="停車場委外專案稽核")
    assert response.status_code == 302
    assert response["Location"] == audit.get_absolute_url()
    assert audit.unit == cast.unit_a
    assert audit.completed_on == dt.date(2021, 9, 30)
    assert AuditEvent.objects.filter(verb="prevention.audit.created", target_code=str(audit.code)).exists()


def test_officer_cannot_choose_another_units_agency(clients, cast):
    response = clients["officer"].post(
        reverse("prevention:audit_create"),
        {
            "agency": cast.agency_b.pk,
            "title": "越權",
            "business": "x",
            "audited_from": "110/01/01",
            "audited_to": "110/06/30",
            "completed_on": "110/09/30",
        },
    )
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert not SpecialAudit.objects.filter(title="越權").exists()


def test_auditor_post_is_refused(clients, cast):
    response = clients["auditor"].post(reverse("prevention:action_create"), {"agency": cast.agency_a.pk})
    assert response.status_code == 403
    assert PreventiveAction.objects.count() == 0


def test_officer_edits_an_action(clients, records):
    action = records["action_a"]
    response = clients["officer"].post(
        reverse("prevention:action_edit", args=[action.code]),
        {
            "agency": action.agency.pk,
            "kind": "corrective",
            "channel": "document_review",
            "raised_on": "110/09/01",
            "subject": "改為導正",
            "adopted": "True",
            "money_saved": "120000",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.kind, action.subject, action.adopted, action.money_saved) == ("corrective", "改為導正", True, 120000)


def test_recommendation_added_and_tracked_through_the_audit_page(clients, records):
    audit = records["audit_a"]
    client = clients["officer"]
    client.post(
        reverse("prevention:recommendation_add", args=[audit.code]), {"text": "新增建議", "reply_due": "110/12/01"}
    )
    recommendation = audit.recommendations.get(text="新增建議")
    client.post(
        reverse("prevention:recommendation_track", args=[recommendation.code]),
        {"to": "rejected", "on": "110/11/20", "reason": "預算不足"},
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reason) == (RecommendationStatus.REJECTED, "預算不足")


def test_recommendation_rejection_without_reason_is_refused_with_a_message(clients, records):
    recommendation = records["recommendation_a"]
    response = clients["officer"].post(
        reverse("prevention:recommendation_track", args=[recommendation.code]),
        {"to": "rejected", "on": "110/11/20"},
        follow=True,
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.PENDING
    assert "未採納須說明理由" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_recommendation_posts_refused_for_each_role(clients, records, role, status):
    recommendation = records["recommendation_a"]
    url = reverse("prevention:recommendation_track", args=[recommendation.code])
    assert clients[role].post(url, {"to": "adopted", "on": "110/11/20"}).status_code == status
    url = reverse("prevention:recommendation_add", args=[records["audit_a"].code])
    assert clients[role].post(url, {"text": "x", "reply_due": "110/12/01"}).status_code == status


def test_platform_meeting_and_notice_added(clients, records):
    platform = records["platform_a"]
    client = clients["officer"]
    client.post(
        reverse("prevention:platform_meeting_add", args=[platform.code]),
        {"held_on": "110/10/01", "title": "第1次會議", "minutes": "紀錄", "is_public": "on"},
    )
    client.post(
        reverse("prevention:platform_notice_add", args=[platform.code]),
        {"published_on": "110/10/02", "title": "新聞稿", "body": "內容"},
    )
    assert [m.title for m in platform.meetings.all()] == ["第1次會議"]
    assert [n.title for n in platform.notices.all()] == ["新聞稿"]


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_platform_posts_refused_for_each_role(clients, records, role, status):
    platform = records["platform_a"]
    url = reverse("prevention:platform_meeting_add", args=[platform.code])
    assert clients[role].post(url, {"held_on": "110/10/01", "title": "x"}).status_code == status
    url = reverse("prevention:platform_notice_add", args=[platform.code])
    assert clients[role].post(url, {"published_on": "110/10/01", "title": "x", "body": "y"}).status_code == status


def test_officer_creates_reprevention_platform_highlight_and_risk(clients, cast, records):
    client = clients["officer"]
    agency = cast.agency_a.pk
    client.post(
        reverse("prevention:reprevention_create"),
        {"agency": agency, "title": "新再防貪", "issued_on": "110/10/01", "causes": "原因", "measures": "措施"},
    )
    client.post(
        reverse("prevention:platform_create"),
        {"agency": agency, "name": "新平臺", "project": "工程", "launched_on": "110/10/01", "status": "active"},
    )
    client.post(
        reverse("prevention:highlight_create"),
        {
            "agency": agency,
            "title": "新活動",
            "held_on": "110/10/01",
            "section": "1-2-2",
            "narrative": "敘述",
            "sort_order": 0,
        },
    )
    client.post(
        reverse("prevention:risk_create"),
        {
            "agency": agency,
            "title": "新風險",
            "process": "流程",
            "inherent_likelihood": 2,
            "inherent_impact": 1,
            "residual_likelihood": 0,
            "residual_impact": 1,
            "treatment": "mitigate",
            "owner": "主管",
            "assessed_on": "110/10/01",
            "next_review_on": "111/04/01",
            "audits": [records["audit_a"].pk],
        },
    )
    assert RepreventionReport.objects.filter(title="新再防貪").exists()
    assert IntegrityPlatform.objects.filter(name="新平臺").exists()
    risk = Risk.objects.get(title="新風險")
    assert (risk.inherent_level, risk.residual_level) == (2, 0)
    assert list(risk.audits.all()) == [records["audit_a"]]


def test_risk_review_posted(clients, records):
    risk = records["risk_a"]
    clients["officer"].post(
        reverse("prevention:risk_review", args=[risk.code]),
        {
            "reviewed_on": "110/10/01",
            "note": "已改善",
            "residual_likelihood": 0,
            "residual_impact": 0,
            "next_review_on": "111/04/01",
        },
    )
    risk.refresh_from_db()
    assert (risk.residual_level, risk.next_review_on) == (0, dt.date(2022, 4, 1))


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), ("auditor", 403), ("anonymous", 302)])
def test_risk_review_refused_for_each_role(clients, records, role, status):
    url = reverse("prevention:risk_review", args=[records["risk_a"].code])
    assert clients[role].post(url, {"reviewed_on": "110/10/01"}).status_code == status


def test_admin_runs_a_selection_through_the_pages(clients, cast):
    admin = clients["admin"]
    admin.post(reverse("prevention:selection_create"), {"roc_year": 112, "nomination_deadline": "112/02/28"})
    selection = RoleModelSelection.objects.get(roc_year=112)
    clients["officer"].post(
        reverse("prevention:nomination_create", args=[selection.code]),
        {
            "agency": cast.agency_a.pk,
            "nominee": "林清廉",
            "title": "技正",
            "deed_category": "refused_bribe",
            "deeds": "拒收餽贈",
            "nominated_on": "112/02/20",
        },
    )
    nomination = RoleModelNomination.objects.get(nominee="林清廉")
    advance = reverse("prevention:selection_advance", args=[selection.code])
    review = reverse("prevention:nomination_review", args=[nomination.code])
    admin.post(advance, {"to": "first_review", "on": "112/03/10"})
    admin.post(review, {"to": "shortlisted"})
    admin.post(advance, {"to": "final_review", "on": "112/04/10"})
    admin.post(review, {"to": "selected", "note": "足為表率"})
    admin.post(advance, {"to": "announced", "on": "112/05/10"})
    selection.refresh_from_db()
    nomination.refresh_from_db()
    assert selection.stage == SelectionStage.ANNOUNCED
    assert nomination.status == NominationStatus.SELECTED


def test_nomination_over_quota_shows_the_error(clients, cast, records):
    selection = records["selection"]
    url = reverse("prevention:nomination_create", args=[selection.code])
    data = {
        "agency": cast.agency_b.pk,
        "title": "科員",
        "deed_category": "other",
        "deeds": "x",
        "nominated_on": "110/02/20",
    }
    clients["admin"].post(url, {**data, "nominee": "乙二"})
    response = clients["admin"].post(url, {**data, "nominee": "乙三"})
    assert response.status_code == 200
    assert "上限" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("officer", 403), ("auditor", 403), ("anonymous", 302)])
def test_selection_workflow_posts_are_central_only(clients, records, role, status):
    advance = reverse("prevention:selection_advance", args=[records["selection"].code])
    review = reverse("prevention:nomination_review", args=[records["nomination_a"].code])
    assert clients[role].post(advance, {"to": "first_review", "on": "110/03/01"}).status_code == status
    assert clients[role].post(review, {"to": "shortlisted"}).status_code == status


def test_admin_creates_an_asymmetric_matrix(clients):
    response = clients["admin"].post(
        reverse("prevention:matrix_create"),
        {
            "name": "2×4",
            "likelihoods": "低\n高",
            "impacts": "一\n二\n三\n四",
            "levels": "低\n中\n高",
            "grid": "1 1 2 3\n1 2 3 3",
        },
    )
    matrix = RiskMatrix.objects.get(name="2×4")
    assert response.status_code == 302
    assert matrix.grid == [[0, 0, 1, 2], [0, 1, 2, 2]]
    assert matrix.level_for(1, 1) == 1


def test_matrix_form_rejects_a_ragged_grid(clients):
    response = clients["admin"].post(
        reverse("prevention:matrix_create"),
        {"name": "壞", "likelihoods": "低\n高", "impacts": "一\n二", "levels": "低\n高", "grid": "1 2\n1"},
    )
    assert response.status_code == 200
    assert not RiskMatrix.objects.filter(name="壞").exists()


# Lists: search, filters, export, query counts ---------------------------------------------------


def test_action_list_filters_by_channel_and_period(clients, cast):
    make_action(cast.agency_a, subject="採購案", channel="procurement", raised_on=dt.date(2021, 8, 1))
    make_action(cast.agency_a, subject="公文案", channel="document_review", raised_on=dt.date(2021, 8, 1))
    make_action(cast.agency_a, subject="上半年案", channel="procurement", raised_on=dt.date(2021, 3, 1))
    response = clients["officer"].get(reverse("prevention:action_list"), {"channel": "procurement", "period": "110H2"})
    assert [obj.subject for obj, _cells in response.context["rows"]] == ["採購案"]


def test_action_list_reads_in_english_on_an_english_page(clients, cast):
    make_action(cast.agency_a, subject="採購案", adopted=True, rule_changed=False)
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    response = client.get(reverse("prevention:action_list"))
    ((_obj, cells),) = response.context["rows"]
    assert [str(cell) for cell in cells] == [
        "採購案",
        "Early warning",
        "Procurement supervision",
        "甲局",
        "110/09/01",
        "Yes",
        "—",
        "No",
    ]
    page = response.content.decode()
    assert f'<a role="button" href="{reverse("prevention:action_create")}">Add</a>' in page
    assert '<option value="" selected>All</option>' in page


def test_audit_list_search_and_scope(clients, records):
    response = clients["officer"].get(reverse("prevention:audit_list"), {"q": "稽核"})
    assert [obj.title for obj, _cells in response.context["rows"]] == ["稽核a"]


def test_audit_list_exports_xlsx_and_csv(clients, records):
    response = clients["admin"].get(reverse("prevention:audit_list"), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("稽核名稱,機關")
    assert "稽核a" in text and "稽核b" in text
    response = clients["officer"].get(reverse("prevention:audit_list"), {"export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')


@pytest.mark.parametrize(
    ("url_name", "build"),
    [
        ("prevention:audit_list", lambda cast, n: make_audit(cast.agency_a, title=f"稽核{n}")),
        ("prevention:action_list", lambda cast, n: make_action(cast.agency_a, subject=f"案{n}")),
    ],
)
def test_list_query_count_does_not_grow_with_rows(clients, cast, url_name, build):
    client = clients["officer"]
    build(cast, 0)
    client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url_name))
    build(cast, 1)
    build(cast, 2)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse(url_name))
    assert len(three) == len(one)


def test_officer_edits_a_risk_and_its_links(clients, records):
    risk = records["risk_a"]
    response = clients["officer"].post(
        reverse("prevention:risk_edit", args=[risk.code]),
        {
            "agency": risk.agency.pk,
            "title": risk.title,
            "process": risk.process,
            "inherent_likelihood": 1,
            "inherent_impact": 2,
            "treatment": "accept",
            "owner": "新負責人",
            "assessed_on": "110/03/01",
            "next_review_on": "110/09/01",
            "actions": [records["action_a"].pk],
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.inherent_level, risk.residual_level, risk.owner) == (2, None, "新負責人")
    assert list(risk.actions.all()) == [records["action_a"]]


def test_risk_edit_cannot_link_records_outside_scope(clients, records):
    risk = records["risk_a"]
    response = clients["officer"].post(
        reverse("prevention:risk_edit", args=[risk.code]),
        {
            "agency": risk.agency.pk,
            "title": risk.title,
            "process": risk.process,
            "inherent_likelihood": 1,
            "inherent_impact": 2,
            "treatment": "accept",
            "owner": "x",
            "assessed_on": "110/03/01",
            "next_review_on": "110/09/01",
            "audits": [records["audit_b"].pk],
        },
    )
    assert response.status_code == 200
    assert "audits" in response.context["form"].errors


def _highlight(cast, n):
    from probity.prevention import domain

    return domain.create_highlight(
        actor=None,
        agency=cast.agency_a,
        title=f"活動{n}",
        held_on=dt.date(2021, 9, n + 1),
        section="1-2-2",
        narrative="x",
    )


@pytest.mark.parametrize(
    ("url_name", "build"),
    [
        ("prevention:reprevention_list", lambda cast, n: make_reprevention(cast.agency_a, title=f"報告{n}")),
        ("prevention:platform_list", lambda cast, n: make_platform(cast.agency_a, name=f"平臺{n}")),
        ("prevention:highlight_list", _highlight),
        ("prevention:risk_list", lambda cast, n: make_risk(cast.agency_a, title=f"風險{n}")),
        (
            "prevention:risks_review_due",
            lambda cast, n: make_risk(cast.agency_a, title=f"逾期{n}", next_review_on=dt.date(2021, 1, 1)),
        ),
    ],
)
def test_more_lists_keep_their_query_count(clients, cast, url_name, build):
    client = clients["officer"]
    build(cast, 0)
    client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(url_name))
    build(cast, 1)
    build(cast, 2)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse(url_name))
    assert len(three) == len(one)


def test_nomination_list_keeps_its_query_count(clients, cast):
    from tests.prevention.conftest import make_nomination, make_selection

    selection = make_selection(cast)
    client = clients["officer"]
    make_nomination(selection, cast.agency_a, nominee="一")
    client.get(selection.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(selection.get_absolute_url())
    make_nomination(selection, cast.agency_a1, nominee="二")
    make_nomination(selection, cast.agency_a1, nominee="三")
    with CaptureQueriesContext(connection) as three:
        client.get(selection.get_absolute_url())
    assert len(three) == len(one)


def test_risk_list_shows_a_heatmap_per_matrix_in_use(clients, cast):
    from probity.prevention import domain

    other = domain.create_matrix(
        actor=None,
        name="2×2",
        likelihoods=["低", "高"],
        impacts=["低", "高"],
        levels=["低", "高"],
        grid=[[0, 0], [0, 1]],
    )
    make_risk(cast.agency_a, title="預設矩陣")
    make_risk(cast.agency_a, title="二乘二", matrix=other, inherent_likelihood=1, inherent_impact=1)
    response = clients["officer"].get(reverse("prevention:risk_list"))
    assert {m.name for m in response.context["heatmap_matrices"]} == {"預設 3×3 矩陣", "2×2"}
    svg = clients["officer"].get(reverse("prevention:risk_heatmap"), {"matrix": str(other.code), "which": "inherent"})
    assert svg.status_code == 200


def test_a_risk_is_headed_with_the_brackets_of_the_pages_language(clients, cast):
    risk = make_risk(cast.agency_a, title="驗收人員與廠商勾串", process="工程驗收")
    client = clients["officer"]
    assert "<h1>驗收人員與廠商勾串（工程驗收）</h1>" in client.get(risk.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "<h1>驗收人員與廠商勾串 (工程驗收)</h1>" in client.get(risk.get_absolute_url()).content.decode()
