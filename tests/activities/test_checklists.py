"""Inspection checklists: the city's standard questions, answered item by item on an inspection, each deficiency
followed until put right; the inspection closes only then. Every page against the permission cast."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from probity.activities import domain
from probity.activities.domain import CheckAnswer
from probity.activities.enums import CheckResult, InspectionKind, InspectionStatus
from probity.activities.models import ChecklistItem, InspectionCheck
from probity.audit.models import AuditEvent
from tests.activities.conftest import make_inspection

ITEMS_URL = reverse("activities:checklist_items")
ROLES = ["admin", "officer", "outsider", "auditor", "anonymous"]
POST_OWN = {"admin": 302, "officer": 302, "outsider": 404, "auditor": 403, "anonymous": 302}
READ_OWN = {"admin": 200, "officer": 200, "outsider": 404, "auditor": 200, "anonymous": 302}


@pytest.fixture
def security_items(db):
    """The security checklist reduced to three questions, the second one retired."""
    ChecklistItem.objects.filter(kind=InspectionKind.SECURITY).delete()
    return [
        ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=1, text="門禁管制落實"),
        ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=2, text="舊項目", active=False),
        ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=3, text="監視錄影正常運作"),
    ]


@pytest.fixture
def inspection(cast, security_items):
    return make_inspection(cast.agency_a, date=dt.date(2021, 10, 5), title="甲局安全維護檢查")


@pytest.fixture
def checked(inspection):
    """The inspection with its checklist started: question 1 is 門禁管制落實, question 2 監視錄影正常運作."""
    domain.start_checklist(inspection, actor=None)
    return inspection


def _checks(inspection) -> list[tuple]:
    return [
        (check.seq_no, check.text, check.result, check.note, check.corrected_on)
        for check in InspectionCheck.objects.filter(inspection=inspection)
    ]


# The standard questions ---------------------------------------------------------------


def test_a_new_installation_has_a_checklist_for_every_kind(db):
    counts = {kind: ChecklistItem.objects.filter(kind=kind, active=True).count() for kind in InspectionKind}
    assert counts == {
        InspectionKind.CONFIDENTIALITY: 10,
        InspectionKind.INFORMATION_SYSTEM: 5,
        InspectionKind.CLASSIFIED_DOCUMENTS: 5,
        InspectionKind.SECURITY: 5,
    }


def test_only_the_department_keeps_the_questions(cast):
    with pytest.raises(PermissionDenied):
        domain.create_checklist_item(actor=cast.officer, kind=InspectionKind.SECURITY, seq_no=9, text="新項目")
    item = domain.create_checklist_item(actor=cast.admin, kind=InspectionKind.SECURITY, seq_no=9, text="新項目")
    assert (item.kind, item.seq_no, item.text, item.active) == ("security", 9, "新項目", True)


def test_a_question_is_not_kept_twice_for_one_kind(cast, security_items):
    with pytest.raises(ValidationError) as raised:
        domain.create_checklist_item(actor=cast.admin, kind=InspectionKind.SECURITY, seq_no=4, text="門禁管制落實")
    assert raised.value.messages == ["此檢查類別已有相同的查核項目。"]


# Starting and answering ---------------------------------------------------------------


def test_starting_copies_the_active_questions_in_order(checked):
    assert _checks(checked) == [(1, "門禁管制落實", "", "", None), (2, "監視錄影正常運作", "", "", None)]
    event = AuditEvent.objects.filter(verb="activities.inspection.checklist_started").get()
    assert event.data == {"questions": 2}


def test_a_checklist_starts_once(checked):
    with pytest.raises(ValidationError) as raised:
        domain.start_checklist(checked, actor=None)
    assert raised.value.messages == ["此檢查已帶入查核表。"]
    assert InspectionCheck.objects.filter(inspection=checked).count() == 2


def test_a_kind_without_active_questions_says_so(cast, security_items):
    ChecklistItem.objects.filter(kind=InspectionKind.SECURITY).update(active=False)
    inspection = make_inspection(cast.agency_a)
    with pytest.raises(ValidationError) as raised:
        domain.start_checklist(inspection, actor=None)
    assert raised.value.messages == ["「安全維護檢查」尚無使用中的查核項目，請洽政風處設定。"]


def test_a_closed_inspection_takes_no_checklist(inspection):
    domain.transition_inspection(inspection, "close", actor=None, on=dt.date(2021, 10, 6))
    with pytest.raises(domain.InvalidTransition):
        domain.start_checklist(inspection, actor=None)


def test_an_officer_of_another_unit_cannot_start_one(cast, inspection):
    with pytest.raises(PermissionDenied):
        domain.start_checklist(inspection, actor=cast.outsider)


def test_editing_a_question_leaves_the_asked_wording(cast, checked, security_items):
    domain.update_checklist_item(security_items[0], actor=cast.admin, text="門禁及訪客管制落實")
    assert _checks(checked)[0][1] == "門禁管制落實"
    assert ChecklistItem.objects.get(pk=security_items[0].pk).text == "門禁及訪客管制落實"


def test_answers_are_recorded_and_audited(cast, checked):
    changed = domain.record_checks(
        checked,
        actor=cast.officer,
        answers={
            1: CheckAnswer(CheckResult.CONFORMING),
            2: CheckAnswer(CheckResult.DEFICIENT, " 2號攝影機故障 ", dt.date(2021, 10, 20)),
        },
    )
    assert changed == 2
    assert _checks(checked) == [
        (1, "門禁管制落實", "conforming", "", None),
        (2, "監視錄影正常運作", "deficient", "2號攝影機故障", dt.date(2021, 10, 20)),
    ]
    event = AuditEvent.objects.filter(verb="activities.inspection.checked").get()
    assert event.data == {"1": ["conforming", None], "2": ["deficient", "2021-10-20"]}
    again = domain.record_checks(checked, actor=cast.officer, answers={1: CheckAnswer(CheckResult.CONFORMING)})
    assert again == 0


@pytest.mark.parametrize(
    ("answers", "messages"),
    [
        ({2: CheckAnswer(CheckResult.DEFICIENT, "  ")}, ["第 2 項：不符合時請說明缺失情形。"]),
        (
            {1: CheckAnswer(CheckResult.CONFORMING, "", dt.date(2021, 10, 9))},
            ["第 1 項：只有不符合的項目才記錄改善完成日期。"],
        ),
        (
            {2: CheckAnswer(CheckResult.DEFICIENT, "故障", dt.date(2021, 10, 4))},
            ["第 2 項：改善完成日期不能早於檢查日期。"],
        ),
        (
            {2: CheckAnswer(CheckResult.DEFICIENT, "故障", dt.date(2999, 1, 1))},
            ["第 2 項：改善完成日期不能晚於今天。"],
        ),
        ({1: CheckAnswer("unknown")}, ["第 1 項：查核結果不正確。"]),
        ({3: CheckAnswer(CheckResult.CONFORMING)}, ["查核表沒有第 3 項。"]),
    ],
)
def test_a_bad_answer_is_named_and_nothing_is_written(cast, checked, answers, messages):
    with pytest.raises(ValidationError) as raised:
        domain.record_checks(
            checked, actor=cast.officer, answers={1: CheckAnswer(CheckResult.NOT_APPLICABLE), **answers}
        )
    assert raised.value.messages == messages
    assert [row[2] for row in _checks(checked)] == ["", ""]


# Closing ------------------------------------------------------------------------------


def test_an_inspection_closes_only_when_its_checklist_is_done(cast, checked):
    domain.record_checks(checked, actor=cast.officer, answers={2: CheckAnswer(CheckResult.DEFICIENT, "故障")})
    with pytest.raises(ValidationError) as raised:
        domain.transition_inspection(checked, "close", actor=cast.officer, on=dt.date(2021, 10, 30))
    assert raised.value.messages == ["查核表尚有 1 項未填查核結果。", "尚有 1 項缺失未記錄改善完成日期。"]
    with pytest.raises(ValidationError):
        domain.record_follow_up(checked, actor=cast.officer, date=dt.date(2021, 10, 30), note="改善中", close=True)
    checked.refresh_from_db()
    assert (checked.status, checked.follow_ups.count()) == (InspectionStatus.FOLLOWING_UP, 0)

    domain.record_checks(
        checked,
        actor=cast.officer,
        answers={
            1: CheckAnswer(CheckResult.CONFORMING),
            2: CheckAnswer(CheckResult.DEFICIENT, "故障", dt.date(2021, 10, 28)),
        },
    )
    domain.record_follow_up(checked, actor=cast.officer, date=dt.date(2021, 10, 30), note="已修復", close=True)
    checked.refresh_from_db()
    assert (checked.status, checked.closed_on) == (InspectionStatus.CLOSED, dt.date(2021, 10, 30))


def test_a_closed_inspection_keeps_its_answers(cast, checked):
    answers = {1: CheckAnswer(CheckResult.CONFORMING), 2: CheckAnswer(CheckResult.NOT_APPLICABLE)}
    domain.record_checks(checked, actor=cast.officer, answers=answers)
    domain.transition_inspection(checked, "close", actor=cast.officer, on=dt.date(2021, 10, 30))
    with pytest.raises(domain.InvalidTransition):
        domain.record_checks(checked, actor=cast.officer, answers={1: CheckAnswer(CheckResult.DEFICIENT, "x")})


# Pages --------------------------------------------------------------------------------


def _form_data(**answers) -> dict:
    """POST data for the two questions; ``answers`` maps a number to (result, note, corrected on)."""
    data = {}
    for number in (1, 2):
        result, note, corrected_on = answers.get(f"q{number}", ("", "", ""))
        data |= {f"result_{number}": result, f"note_{number}": note, f"corrected_on_{number}": corrected_on}
    return data


@pytest.mark.parametrize("role", ROLES)
def test_the_inspection_page_shows_the_checklist_to_each_role(clients, checked, role):
    response = clients[role].get(checked.get_absolute_url())
    assert response.status_code == READ_OWN[role]
    if response.status_code != 200:
        return
    page = response.content.decode()
    assert "監視錄影正常運作" in page
    assert ('name="result_2"' in page) == (role in ("admin", "officer"))


@pytest.mark.parametrize("role", ROLES)
def test_starting_from_the_page_per_role(clients, inspection, role):
    response = clients[role].post(reverse("activities:checklist_start", args=[inspection.code]))
    assert response.status_code == POST_OWN[role]
    started = InspectionCheck.objects.filter(inspection=inspection).count()
    assert started == (2 if role in ("admin", "officer") else 0)


def test_the_page_offers_the_checklist_before_it_starts(clients, inspection):
    page = clients["officer"].get(inspection.get_absolute_url()).content.decode()
    assert "可帶入「安全維護檢查」的標準查核表" in page
    assert reverse("activities:checklist_start", args=[inspection.code]) in page
    auditor_page = clients["auditor"].get(inspection.get_absolute_url()).content.decode()
    assert reverse("activities:checklist_start", args=[inspection.code]) not in auditor_page
    assert "此檢查未使用查核表。" in auditor_page


@pytest.mark.parametrize("role", ROLES)
def test_recording_from_the_page_per_role(clients, checked, role):
    url = reverse("activities:checklist_record", args=[checked.code])
    response = clients[role].post(url, _form_data(q1=("conforming", "", "")))
    assert response.status_code == POST_OWN[role]
    assert _checks(checked)[0][2] == ("conforming" if role in ("admin", "officer") else "")


def test_the_page_records_a_deficiency_and_counts_it(clients, checked):
    url = reverse("activities:checklist_record", args=[checked.code])
    data = _form_data(q1=("conforming", "", ""), q2=("deficient", "2號攝影機故障", ""))
    response = clients["officer"].post(url, data, follow=True)
    page = response.content.decode()
    assert "已儲存查核結果（2 項有變更）。" in page
    assert "共 2 項：符合 1、不符合 1、不適用 0、未填 0。" in page
    assert "1 項缺失未改善" in page
    data = _form_data(q1=("conforming", "", ""), q2=("deficient", "2號攝影機故障", "110/10/20"))
    page = clients["officer"].post(url, data, follow=True).content.decode()
    assert "缺失均已改善" in page
    assert _checks(checked)[1][4] == dt.date(2021, 10, 20)


def test_the_page_names_a_bad_answer_and_keeps_what_was_typed(clients, checked):
    url = reverse("activities:checklist_record", args=[checked.code])
    response = clients["officer"].post(url, _form_data(q1=("conforming", "", ""), q2=("deficient", "", "")))
    assert response.status_code == 400
    page = response.content.decode()
    assert "第 2 項：不符合時請說明缺失情形。" in page
    assert 'value="deficient" checked' in page.replace("required ", "").replace('id="id_result_2_1" ', "")
    assert [row[2] for row in _checks(checked)] == ["", ""]


def test_a_bad_date_is_refused_by_the_form(clients, checked):
    url = reverse("activities:checklist_record", args=[checked.code])
    response = clients["officer"].post(url, _form_data(q2=("deficient", "故障", "昨天")))
    assert response.status_code == 400
    assert "請輸入民國日期，例如 110/07/01。" in response.content.decode()
    assert _checks(checked)[1][2] == ""


def test_closing_from_the_page_names_what_is_left(clients, checked):
    url = reverse("activities:inspection_transition", args=[checked.code])
    page = clients["officer"].post(url, {"action": "close"}, follow=True).content.decode()
    assert "查核表尚有 2 項未填查核結果。" in page
    checked.refresh_from_db()
    assert checked.status == InspectionStatus.FOLLOWING_UP


def test_a_follow_up_that_would_close_too_early_is_refused_on_the_page(clients, checked):
    url = reverse("activities:inspection_follow_up", args=[checked.code])
    response = clients["officer"].post(url, {"date": "110/10/30", "note": "已改善", "close": "on"})
    assert response.status_code == 400
    assert "查核表尚有 2 項未填查核結果。" in response.content.decode()
    assert checked.follow_ups.count() == 0


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200)])
def test_the_checklist_export_per_role(clients, cast, checked, role, status):
    domain.record_checks(
        checked, actor=cast.officer, answers={2: CheckAnswer(CheckResult.DEFICIENT, "故障", dt.date(2021, 10, 20))}
    )
    response = clients[role].get(reverse("activities:checklist_export", args=[checked.code, "csv"]))
    assert response.status_code == status
    if status != 200:
        return
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["項次", "查核項目", "查核結果", "說明", "改善完成日期"],
        ["1", "門禁管制落實", "", "", ""],
        ["2", "監視錄影正常運作", "不符合", "故障", "110/10/20"],
    ]


def test_the_inspection_list_finds_open_deficiencies_and_exports_the_counts(clients, cast, checked):
    make_inspection(cast.agency_a, title="另一次檢查", date=dt.date(2021, 11, 5))
    domain.record_checks(checked, actor=cast.officer, answers={2: CheckAnswer(CheckResult.DEFICIENT, "故障")})
    response = clients["officer"].get("/activities/inspections/", {"kind": "deficient"})
    assert [obj.title for obj, _ in response.context["rows"]] == ["甲局安全維護檢查"]
    export = clients["officer"].get("/activities/inspections/export/csv/")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    counts = {row[0]: row[-3:] for row in rows[1:]}
    assert rows[0][-3:] == ["查核項目數", "不符合項目數", "缺失未改善項目數"]
    assert counts == {"甲局安全維護檢查": ["2", "1", "1"], "另一次檢查": ["0", "0", "0"]}


def test_the_inspection_page_reads_the_checklist_in_a_fixed_number_of_queries(clients, cast, security_items):
    def queries_for(inspection) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert clients["officer"].get(inspection.get_absolute_url()).status_code == 200
        return len(captured)

    small = make_inspection(cast.agency_a, title="兩項")
    domain.start_checklist(small, actor=None)
    for number in range(4, 12):
        ChecklistItem.objects.create(kind=InspectionKind.SECURITY, seq_no=number, text=f"項目{number}")
    large = make_inspection(cast.agency_a, title="十項")
    domain.start_checklist(large, actor=None)
    assert InspectionCheck.objects.filter(inspection=large).count() == 10
    assert queries_for(large) == queries_for(small)


# The checklist page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_every_staff_member_reads_the_checklists(clients, security_items, role, status):
    response = clients[role].get(ITEMS_URL)
    assert response.status_code == status
    if status != 200:
        return
    page = response.content.decode()
    assert "監視錄影正常運作" in page
    assert "已停用" in page
    assert (reverse("activities:checklist_item_create") in page) == (role == "admin")


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_only_the_department_edits_the_checklists(clients, security_items, role, status):
    assert clients[role].get(reverse("activities:checklist_item_create")).status_code == status
    edit = reverse("activities:checklist_item_edit", args=[security_items[0].code])
    assert clients[role].get(edit).status_code == status
    response = clients[role].post(edit, {"kind": "security", "seq_no": 1, "text": "改寫", "basis": ""})
    assert response.status_code == (302 if role == "admin" else status)
    security_items[0].refresh_from_db()
    assert (security_items[0].text, security_items[0].active) == (
        ("改寫", False) if role == "admin" else ("門禁管制落實", True)
    )


def test_the_department_adds_a_question_and_is_told_of_a_duplicate(clients, security_items):
    url = reverse("activities:checklist_item_create")
    data = {"kind": "security", "seq_no": 4, "text": "消防設備定期檢查", "basis": "消防法", "active": "on"}
    assert clients["admin"].post(url, data).status_code == 302
    item = ChecklistItem.objects.get(text="消防設備定期檢查")
    assert (item.kind, item.seq_no, item.basis, item.active) == ("security", 4, "消防法", True)
    response = clients["admin"].post(url, data)
    assert response.status_code == 200
    assert "此檢查類別已有相同的查核項目。" in response.content.decode()
    assert ChecklistItem.objects.filter(text="消防設備定期檢查").count() == 1


def test_the_checklists_export(clients, security_items):
    response = clients["auditor"].get(ITEMS_URL, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["檢查類別", "項次", "查核項目", "依據", "使用中"]
    security = [row for row in rows if row[0] == "安全維護檢查"]
    assert [row[1:3] for row in security] == [["1", "門禁管制落實"], ["2", "舊項目"], ["3", "監視錄影正常運作"]]


def test_the_checklist_reads_in_english(clients, checked):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(checked.get_absolute_url()).content.decode()
    assert "Checklist" in page
    assert "Save the answers" in page
    assert "Total 2: 0 conforming, 0 deficient, 0 not applicable, 2 unanswered." in page


# How often each question finds a deficiency ---------------------------------------------


def test_the_checklist_page_counts_each_questions_answers_in_the_users_scope(clients, cast, checked, security_items):
    domain.record_checks(
        checked,
        actor=cast.officer,
        answers={1: CheckAnswer(CheckResult.NOT_APPLICABLE), 2: CheckAnswer(CheckResult.DEFICIENT, "故障")},
    )
    other = make_inspection(cast.agency_a, date=dt.date(2021, 11, 5), title="第二次")
    domain.start_checklist(other, actor=None)
    domain.record_checks(
        other,
        actor=cast.officer,
        answers={1: CheckAnswer(CheckResult.CONFORMING), 2: CheckAnswer(CheckResult.CONFORMING)},
    )
    of_b = make_inspection(cast.agency_b, date=dt.date(2021, 10, 6), title="乙局")
    domain.start_checklist(of_b, actor=None)
    domain.record_checks(of_b, actor=None, answers={1: CheckAnswer(CheckResult.DEFICIENT, "門禁未落實")})
    earlier = make_inspection(cast.agency_a, date=dt.date(2021, 5, 5), title="上半年")
    domain.start_checklist(earlier, actor=None)
    domain.record_checks(earlier, actor=None, answers={1: CheckAnswer(CheckResult.DEFICIENT, "門禁未落實")})

    def counts(role):
        response = clients[role].get(ITEMS_URL, {"period": "110H2"})
        rows = dict(response.context["by_kind"])[InspectionKind.SECURITY]
        return [
            (item.text, (record.answered, record.deficient, record.percent) if record else None)
            for item, record in rows
        ]

    assert counts("officer") == [("門禁管制落實", (1, 0, 0.0)), ("舊項目", None), ("監視錄影正常運作", (2, 1, 50.0))]
    assert counts("admin") == [("門禁管制落實", (2, 1, 50.0)), ("舊項目", None), ("監視錄影正常運作", (2, 1, 50.0))]
    page = clients["officer"].get(ITEMS_URL, {"period": "110H2"}).content.decode()
    assert '<span class="badge warn">50.0%</span>' in page
