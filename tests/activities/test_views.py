"""Every activities page against the permission cast, plus filters, pagination, exports and N+1 guards."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from probity.activities.models import Inspection, Meeting, Outreach, ProtestAlert
from tests.activities.conftest import make_alert, make_inspection, make_meeting, make_outreach

ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
PREFIX = {"meeting": "meetings", "outreach": "outreach", "inspection": "inspections", "alert": "alerts"}
READ_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}
WRITE_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 403, "anonymous": 302}
WRITE_NEW = {"admin": 200, "officer": 200, "outsider": 200, "auditor": 403, "anonymous": 302}
POST_OWN = {"admin": 302, "officer": 302, "outsider": 404, "auditor": 403, "anonymous": 302}


def record_a(records, name):
    return getattr(records, f"{name}_a")


def record_b(records, name):
    return getattr(records, f"{name}_b")


@pytest.mark.parametrize("name", PREFIX)
@pytest.mark.parametrize("role", ROLES)
def test_list_per_role(clients, records, name, role):
    response = clients[role].get(f"/activities/{PREFIX[name]}/")
    assert response.status_code == (302 if role == "anonymous" else 200)
    if role == "anonymous":
        assert response["Location"].startswith("/org/login/")
        return
    listed = {obj.pk for obj, _ in response.context["rows"]}
    sees_a = role != "outsider"
    sees_b = role != "officer"
    assert (record_a(records, name).pk in listed, record_b(records, name).pk in listed) == (sees_a, sees_b)


@pytest.mark.parametrize("name", PREFIX)
@pytest.mark.parametrize("role", ROLES)
def test_detail_per_role(clients, records, name, role):
    response = clients[role].get(record_a(records, name).get_absolute_url())
    assert response.status_code == READ_OWN[role]


@pytest.mark.parametrize("name", PREFIX)
@pytest.mark.parametrize("role", ROLES)
def test_create_page_per_role(clients, cast, name, role):
    assert clients[role].get(f"/activities/{PREFIX[name]}/new/").status_code == WRITE_NEW[role]


@pytest.mark.parametrize("name", PREFIX)
@pytest.mark.parametrize("role", ROLES)
def test_edit_page_per_role(clients, records, name, role):
    url = f"/activities/{PREFIX[name]}/{record_a(records, name).code}/edit/"
    assert clients[role].get(url).status_code == WRITE_OWN[role]


@pytest.mark.parametrize("name", PREFIX)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
def test_export_per_role(clients, records, name, fmt, role):
    response = clients[role].get(f"/activities/{PREFIX[name]}/export/{fmt}/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    else:
        rows = [
            list(r) for r in load_workbook(io.BytesIO(response.getvalue())).worksheets[0].iter_rows(values_only=True)
        ]
    assert len(rows) - 1 == {"admin": 2, "officer": 1, "outsider": 1, "auditor": 2}[role]


def test_export_unknown_format_is_404(clients, records):
    assert clients["officer"].get("/activities/meetings/export/pdf/").status_code == 404


def test_export_follows_filters(clients, cast, records):
    make_outreach(cast.agency_a, title="另一場", date=dt.date(2021, 3, 1))
    response = clients["admin"].get("/activities/outreach/export/csv/?period=110H1")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["另一場"]
    assert rows[1][1] == "110/03/01"


# Entry forms -------------------------------------------------------------------


def test_officer_creates_joint_meeting(clients, cast):
    response = clients["officer"].post(
        "/activities/meetings/new/",
        {
            "agency": cast.agency_a.pk,
            "date": "110/09/15",
            "seq_no": "3",
            "is_integrity": "on",
            "is_security": "on",
            "chair": "局長",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.unit, meeting.date, meeting.kinds) == (cast.unit_a, dt.date(2021, 9, 15), ["integrity", "security"])


def test_meeting_form_needs_a_kind(clients, cast):
    response = clients["officer"].post(
        "/activities/meetings/new/", {"agency": cast.agency_a.pk, "date": "110/09/15", "seq_no": "3"}
    )
    assert response.status_code == 200
    assert "請至少勾選一種會報類別" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_entry_form_refuses_agency_out_of_scope(clients, cast):
    response = clients["officer"].post(
        "/activities/alerts/new/",
        {"agency": cast.agency_b.pk, "date": "110/11/02", "source": "other", "subject": "越權", "outcome": "pending"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert ProtestAlert.objects.count() == 0


def test_entry_form_refuses_bad_roc_date(clients, cast):
    response = clients["officer"].post(
        "/activities/outreach/new/",
        {
            "agency": cast.agency_a.pk,
            "date": "2021-08-20x",
            "topic": "integrity",
            "form": "campaign",
            "title": "宣導",
            "sessions": 1,
            "attendances": 10,
        },
    )
    assert response.context["form"].errors["date"] == ["請輸入民國日期，例如 110/07/01。"]


def test_officer_creates_outreach_inspection_and_alert(clients, cast):
    officer = clients["officer"]
    officer.post(
        "/activities/outreach/new/",
        {
            "agency": cast.agency_a1.pk,
            "date": "110/08/20",
            "topic": "confidentiality",
            "form": "online",
            "title": "保密宣導",
            "sessions": 1,
            "attendances": 10,
            "highlight": "可引用的重點",
        },
    )
    officer.post(
        "/activities/inspections/new/",
        {"agency": cast.agency_a.pk, "date": "110/10/05", "kind": "security", "title": "門禁檢查"},
    )
    officer.post(
        "/activities/alerts/new/",
        {
            "agency": cast.agency_a.pk,
            "date": "110/11/02",
            "source": "police",
            "subject": "陳抗",
            "notified_head": "on",
            "outcome": "defused",
        },
    )
    outreach = Outreach.objects.get()
    assert (outreach.unit, outreach.highlight) == (cast.unit_a1, "可引用的重點")
    assert Inspection.objects.get().status == "following_up"
    alert = ProtestAlert.objects.get()
    assert (alert.notified_head, alert.notified_police, alert.outcome) == (True, False, "defused")


def test_officer_edits_record(clients, records):
    url = f"/activities/alerts/{records.alert_a.code}/edit/"
    form = clients["officer"].get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and value is not False}
    data.update(date="110/11/03", outcome="cancelled", agency=records.alert_a.agency_id)
    data.pop("unit", None)
    response = clients["officer"].post(url, data)
    assert response.status_code == 302
    records.alert_a.refresh_from_db()
    assert (records.alert_a.date, records.alert_a.outcome) == (dt.date(2021, 11, 3), "cancelled")


# Proposals and follow-ups ------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_proposal_add_per_role(clients, records, role):
    response = clients[role].post(
        f"/activities/meetings/{records.meeting_a.code}/proposals/new/",
        {"type": "proposal", "title": "新提案", "status": "tracking"},
    )
    assert response.status_code == POST_OWN[role]
    added = records.meeting_a.proposals.filter(title="新提案").exists()
    assert added == (role in ("admin", "officer"))


def test_proposal_add_by_get_is_not_allowed(clients, records):
    assert clients["officer"].get(f"/activities/meetings/{records.meeting_a.code}/proposals/new/").status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_proposal_edit_per_role(clients, records, role):
    proposal = records.meeting_a.proposals.get()
    assert clients[role].get(f"/activities/proposals/{proposal.code}/edit/").status_code == WRITE_OWN[role]


def test_proposal_edit_saves(clients, records):
    proposal = records.meeting_a.proposals.get()
    response = clients["officer"].post(
        f"/activities/proposals/{proposal.code}/edit/",
        {"seq_no": 1, "type": "report", "title": "改名", "status": "closed", "resolution": "洽悉"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status, proposal.type) == ("改名", "closed", "report")


@pytest.mark.parametrize("role", ROLES)
def test_follow_up_per_role(clients, records, role):
    response = clients[role].post(
        f"/activities/inspections/{records.inspection_a.code}/follow-up/",
        {"date": "110/11/01", "note": "已改善", "close": "on"},
    )
    assert response.status_code == POST_OWN[role]
    records.inspection_a.refresh_from_db()
    assert (records.inspection_a.status == "closed") == (role in ("admin", "officer"))


@pytest.mark.parametrize("role", ROLES)
def test_transition_per_role(clients, records, role):
    response = clients[role].post(
        f"/activities/inspections/{records.inspection_a.code}/transition/", {"action": "close"}
    )
    assert response.status_code == POST_OWN[role]


def test_transition_close_then_reopen(clients, records):
    url = f"/activities/inspections/{records.inspection_a.code}/transition/"
    clients["officer"].post(url, {"action": "close"})
    records.inspection_a.refresh_from_db()
    assert records.inspection_a.status == "closed"
    response = clients["officer"].post(url, {"action": "close"}, follow=True)
    assert "目前狀態不能執行這個動作" in response.content.decode()
    clients["officer"].post(url, {"action": "reopen"})
    records.inspection_a.refresh_from_db()
    assert records.inspection_a.status == "following_up"


def test_transition_unknown_action_is_404(clients, records):
    url = f"/activities/inspections/{records.inspection_a.code}/transition/"
    assert clients["officer"].post(url, {"action": "delete"}).status_code == 404


# Filters, pagination, queries ----------------------------------------------------


def titles(response):
    return [obj.title for obj, _ in response.context["rows"]]


def test_filters_period_agency_unit_kind_and_search(clients, cast):
    make_outreach(cast.agency_a, title="甲上半年", date=dt.date(2021, 3, 1), topic="integrity")
    make_outreach(cast.agency_a1, title="甲所屬下半年", date=dt.date(2021, 8, 1), topic="security")
    make_outreach(cast.agency_b, title="乙下半年", date=dt.date(2021, 8, 2), topic="security", audience="里民")
    admin = clients["admin"]
    assert titles(admin.get("/activities/outreach/?period=110H2")) == ["乙下半年", "甲所屬下半年"]
    assert titles(admin.get(f"/activities/outreach/?agency={cast.agency_a.pk}")) == ["甲所屬下半年", "甲上半年"]
    assert titles(admin.get(f"/activities/outreach/?unit={cast.unit_a1.pk}")) == ["甲所屬下半年"]
    assert titles(admin.get("/activities/outreach/?kind=integrity")) == ["甲上半年"]
    assert titles(admin.get("/activities/outreach/?q=里民")) == ["乙下半年"]


def test_officer_filter_choices_are_scoped(clients, cast):
    form = clients["officer"].get("/activities/outreach/").context["form"]
    assert set(form.fields["agency"].queryset) == {cast.agency_a, cast.agency_a1}
    assert set(form.fields["unit"].queryset) == {cast.unit_a, cast.unit_a1}


def test_meeting_kind_filter_joint(clients, cast):
    make_meeting(cast.agency_a, seq_no=1, integrity=True, security=False)
    joint = make_meeting(cast.agency_a, seq_no=2, integrity=True, security=True)
    make_meeting(cast.agency_a, seq_no=3, integrity=False, security=True)
    response = clients["officer"].get("/activities/meetings/?kind=joint")
    assert [obj for obj, _ in response.context["rows"]] == [joint]
    assert len(clients["officer"].get("/activities/meetings/?kind=security").context["rows"]) == 2


def test_meeting_search_by_proposal_title_lists_meeting_once(clients, cast):
    meeting = make_meeting(cast.agency_a, proposals=3)
    response = clients["officer"].get("/activities/meetings/?q=提案")
    assert [obj for obj, _ in response.context["rows"]] == [meeting]
    assert response.context["rows"][0][1][-1] == (3, True)


def test_inspection_open_and_overdue_filters(clients, cast):
    make_inspection(cast.agency_a, title="未到期", follow_up_due=dt.date(2999, 1, 1))
    make_inspection(cast.agency_a, title="逾期", follow_up_due=dt.date(2021, 1, 1))
    make_inspection(cast.agency_a, title="已結案", closed=True)
    assert titles(clients["officer"].get("/activities/inspections/?kind=overdue")) == ["逾期"]
    assert sorted(titles(clients["officer"].get("/activities/inspections/?kind=open"))) == ["未到期", "逾期"]


def test_pagination(clients, cast):
    for day in range(1, 31):
        make_alert(cast.agency_a, date=dt.date(2021, 8, day), subject=f"陳抗{day}")
    page_two = clients["officer"].get("/activities/alerts/?page=2")
    assert [obj.subject for obj, _ in page_two.context["rows"]] == [f"陳抗{day}" for day in range(5, 0, -1)]


MAKERS = {
    "meeting": lambda cast, n: make_meeting(cast.agency_a, seq_no=n, proposals=2),
    "outreach": lambda cast, n: make_outreach(cast.agency_a, title=f"宣導{n}"),
    "inspection": lambda cast, n: make_inspection(cast.agency_a, title=f"檢查{n}"),
    "alert": lambda cast, n: make_alert(cast.agency_a, subject=f"陳抗{n}"),
}


def _list_queries(client, url, django_assert_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PREFIX)
def test_list_has_no_n_plus_one(clients, cast, name, django_assert_num_queries):
    url = f"/activities/{PREFIX[name]}/"
    MAKERS[name](cast, 1)
    one = _list_queries(clients["officer"], url, django_assert_num_queries)
    MAKERS[name](cast, 2)
    MAKERS[name](cast, 3)
    with django_assert_num_queries(one):
        clients["officer"].get(url)


def test_worklist_lists_overdue_inspections_in_scope(cast):
    from probity.core.worklists import worklists_for

    make_inspection(cast.agency_a, title="逾期", follow_up_due=dt.date(2021, 1, 1))
    make_inspection(cast.agency_b, title="乙逾期", follow_up_due=dt.date(2021, 1, 1))
    (entry,) = [w for w in worklists_for(cast.officer) if w.key == "activities.inspections.overdue"]
    assert [i.title for i in entry.items_for(cast.officer)] == ["逾期"]


@pytest.mark.parametrize("role", ROLES)
def test_proposal_export_per_role(clients, records, role):
    response = clients[role].get("/activities/proposals/export/csv/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    agencies = sorted(row[0] for row in rows[1:])
    assert (
        agencies
        == {"admin": ["乙局", "甲局"], "officer": ["甲局"], "outsider": ["乙局"], "auditor": ["乙局", "甲局"]}[role]
    )


def test_proposal_export_follows_meeting_filters(clients, cast):
    make_meeting(cast.agency_a, seq_no=1, proposals=2, date=dt.date(2021, 3, 1))
    make_meeting(cast.agency_a, seq_no=2, proposals=1, date=dt.date(2021, 9, 1))
    response = clients["officer"].get("/activities/proposals/export/xlsx/?period=110H2")
    rows = list(load_workbook(io.BytesIO(response.getvalue())).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("機關", "會議日期", "會議次別")
    assert [row[1:3] for row in rows[1:]] == [("110/09/01", 2)]
    assert clients["officer"].get("/activities/proposals/export/doc/").status_code == 404


def test_entry_form_refuses_duplicate_record(clients, records):
    outreach = records.outreach_a
    response = clients["officer"].post(
        "/activities/outreach/new/",
        {
            "agency": outreach.agency_id,
            "date": "110/08/20",
            "topic": outreach.topic,
            "form": outreach.form,
            "title": outreach.title,
            "sessions": 1,
            "attendances": 5,
        },
    )
    assert response.status_code == 200
    assert "此機關在這一天已有同名、同主題、同方式的宣導。" in response.content.decode()
    assert Outreach.objects.filter(title=outreach.title).count() == 1


def test_proposal_add_refuses_duplicate_title(clients, records):
    response = clients["officer"].post(
        f"/activities/meetings/{records.meeting_a.code}/proposals/new/",
        {"type": "proposal", "title": "提案1", "status": "tracking"},
    )
    assert response.status_code == 200
    assert "這次會報已有同一案由的提案。" in response.content.decode()
    assert records.meeting_a.proposals.count() == 1


def test_a_meeting_is_named_in_the_pages_language(cast):
    from django.utils import translation

    from probity.activities.models import Meeting

    meeting = Meeting(seq_no=5, is_integrity=True, is_security=True)
    with translation.override("zh-hant"):
        assert meeting.title == "第5次廉政會報暨安全維護會報"
    with translation.override("en"):
        assert meeting.title == "Integrity meeting and Security meeting no. 5"


def test_the_list_offers_add_in_english(clients):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get("/activities/meetings/").content.decode()
    assert '<a role="button" href="/activities/meetings/new/">Add</a>' in page


def test_an_alert_names_whom_it_notified_in_the_pages_language(clients, cast):
    alert = make_alert(cast.agency_a, notified_head=True, notified_police=True)
    client = clients["officer"]
    assert "<dd>機關首長、警察機關</dd>" in client.get(alert.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "<dd>Agency head, Police</dd>" in client.get(alert.get_absolute_url()).content.decode()
    export = client.get(reverse("activities:alert_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    column = rows[0].index("Notified")
    assert [row[column] for row in rows[1:]] == ["Agency head, Police"]
