"""A record's change history (異動紀錄): every verb in words, what each event changed, who may see it."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from probity.accessaudit.enums import JobStatus
from probity.activities import domain as activities
from probity.activities.enums import InspectionAction, InspectionKind, InspectionStatus
from probity.activities.models import Meeting
from probity.audit import history
from probity.audit.domain import record
from probity.audit.history import Change, changes_of, history_of, labelled_verbs, reading_verbs, verb_label
from probity.audit.models import AuditEvent
from probity.complaints.enums import Action, MessageKind
from probity.declarations import domain as declarations

SOURCE = Path(__file__).resolve().parents[2] / "probity"
# Verbs the code writes as f-strings, each with the values its placeholder takes.
FAMILIES = {
    "accessaudit.import.": [status.value for status in JobStatus],
    "accessaudit.run.": [status.value for status in JobStatus],
    "accessaudit.logdata.view.": None,  # the literal ``what=`` values, found in the source below
    "activities.inspection.": [action.value for action in InspectionAction],
    "activities.": None,  # activities.<model>.bulk_recorded, for each model passed to bulk_record
    "complaints.complaint.": [action.value for action in Action],
    "complaints.message.": [kind.value for kind in MessageKind],
    "declarations.draw.": list(declarations._DRAW_ACTIONS),
    "declarations.review.": list(declarations._REVIEW_ACTIONS),
}


def _calls(tree):
    return (node for node in ast.walk(tree) if isinstance(node, ast.Call))


def _verbs_in_source() -> tuple[set[str], set[str]]:
    """Literal verbs (``verb="…"``, either branch of a conditional) and the fixed prefixes of f-string verbs."""
    literals, prefixes = set(), set()
    for path in SOURCE.rglob("*.py"):
        for call in _calls(ast.parse(path.read_text())):
            for keyword in call.keywords:
                if keyword.arg != "verb":
                    continue
                for node in ast.walk(keyword.value):
                    if isinstance(node, ast.JoinedStr):
                        prefixes.add(node.values[0].value)
                    elif isinstance(node, ast.IfExp):
                        literals.update(
                            branch.value for branch in (node.body, node.orelse) if isinstance(branch, ast.Constant)
                        )
                if isinstance(keyword.value, ast.Constant):
                    literals.add(keyword.value.value)
    return literals, prefixes


def _keyword_strings(app: str, keyword_name: str) -> set[str]:
    found = set()
    for path in (SOURCE / app).rglob("*.py"):
        for call in _calls(ast.parse(path.read_text())):
            found.update(
                k.value.value
                for k in call.keywords
                if k.arg == keyword_name and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
            )
    return found


def _bulk_recorded_models() -> set[str]:
    models = set()
    for path in SOURCE.rglob("*.py"):
        for call in _calls(ast.parse(path.read_text())):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name == "bulk_record" and call.args and isinstance(call.args[0], ast.Name):
                models.add(call.args[0].id.lower())
    return models


def test_every_verb_the_code_records_has_words():
    literals, prefixes = _verbs_in_source()
    assert prefixes == set(FAMILIES), "a new f-string verb: list its values in FAMILIES and give each words"
    values = {
        **FAMILIES,
        "accessaudit.logdata.view.": sorted(_keyword_strings("accessaudit", "what")),
        "activities.": [f"{model}.bulk_recorded" for model in sorted(_bulk_recorded_models())],
    }
    expected = literals | {prefix + value for prefix, names in values.items() for value in names}
    assert len(expected) > 150
    assert sorted(expected - labelled_verbs()) == []


def test_the_families_found_in_the_source_are_the_ones_known():
    assert _keyword_strings("accessaudit", "what") >= {"alert", "alerts_export", "timeline", "sample_pool"}
    assert _bulk_recorded_models() == {
        "meeting",
        "proposal",
        "outreach",
        "inspection",
        "inspectionfollowup",
        "protestalert",
    }


def test_a_verb_reads_in_the_readers_language():
    assert verb_label("activities.meeting.updated") == "修改會報"
    assert verb_label("complaints.complaint.accept") == "受理調查"
    with translation.override("en"):
        assert verb_label("activities.meeting.updated") == "Meeting edited"
    assert verb_label("probity.unknown.verb") == "probity.unknown.verb"


@pytest.fixture
def meeting(cast):
    return activities.create_meeting(
        actor=cast.officer,
        agency=cast.agency_a,
        date=dt.date(2021, 9, 15),
        seq_no=1,
        is_integrity=True,
        is_security=False,
        chair="局長甲",
    )


def _edit(meeting, actor, **values):
    return activities.update_meeting(meeting, actor=actor, **values)


def test_a_meeting_history_says_who_changed_what_newest_first(cast, meeting):
    _edit(meeting, cast.officer, date=dt.date(2021, 10, 1), is_security=True, chair="局長乙")
    _edit(meeting, cast.admin, notes="討論採購案。")
    found = history_of(meeting)
    assert [(e.label, e.event.actor) for e in found.entries] == [
        ("修改會報", cast.admin),
        ("修改會報", cast.officer),
        ("新增會報", cast.officer),
    ]
    assert found.entries[0].changes == [Change("會議重點", "—", "討論採購案。")]
    assert found.entries[1].changes == [
        Change("日期", "110年9月15日", "110年10月1日"),
        Change("安全維護會報", "否", "是"),
        Change("主持人", "局長甲", "局長乙"),
    ]
    assert found.entries[2].changes == []
    assert (found.more, found.target_type, found.target_code) == (False, "activities.meeting", str(meeting.code))


def test_a_move_between_states_reads_as_the_states(cast):
    inspection = activities.create_inspection(
        actor=cast.officer,
        agency=cast.agency_a,
        date=dt.date(2021, 10, 5),
        kind=InspectionKind.SECURITY,
        title="辦公廳舍安全維護檢查",
        findings="監視錄影設備故障。",
    )
    activities.transition_inspection(inspection, InspectionAction.CLOSE, actor=cast.officer, on=dt.date(2021, 11, 1))
    latest = history_of(inspection).entries[0]
    assert latest.label == "檢查結案"
    assert latest.changes == [
        Change("狀態", str(InspectionStatus.FOLLOWING_UP.label), str(InspectionStatus.CLOSED.label))
    ]


def test_changes_kept_as_field_names_only_name_the_fields():
    assert changes_of(Meeting, {"changed": ["chair", "no_such_field"]}) == [Change("主持人"), Change("no_such_field")]
    assert changes_of(Meeting, {"changed": {"notes": "changed"}}) == [Change("會議重點")]
    assert changes_of(Meeting, {"values": {"chair": "甲"}}) == []


def test_a_long_value_is_cut_short():
    (change,) = changes_of(Meeting, {"changed": {"notes": [None, "長" * 100]}})
    assert (change.old, change.new) == ("—", "長" * 79 + "…")


def _detail(client, meeting):
    return client.get(reverse("activities:meeting_detail", args=[meeting.code]))


@pytest.mark.parametrize(("role", "status"), [("officer", 200), ("admin", 200), ("auditor", 200), ("outsider", 404)])
def test_the_history_is_shown_to_whoever_may_see_the_record(clients, cast, meeting, role, status):
    _edit(meeting, cast.officer, chair="局長乙")
    response = _detail(clients[role], meeting)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert '<details class="record-history" id="history">' in html
        assert (
            '<span class="field">主持人</span>：<span class="old">局長甲</span> → <span class="new">局長乙</span>'
            in html
        )
        assert html.count("<td>修改會報</td>") == 1
        assert html.count("<td>新增會報</td>") == 1


def test_an_anonymous_visitor_is_sent_to_log_in(clients, meeting):
    response = _detail(clients["anonymous"], meeting)
    assert response.status_code == 302
    assert response["Location"].startswith("/org/login/")


def test_the_history_costs_one_query_however_long_it_is(clients, cast, meeting):
    with CaptureQueriesContext(connection) as short:
        _detail(clients["officer"], meeting)
    for n in range(6):
        _edit(meeting, cast.admin if n % 2 else cast.officer, chair=f"局長{n}")
    with CaptureQueriesContext(connection) as long:
        assert "局長5" in _detail(clients["officer"], meeting).content.decode()
    assert len(long) == len(short)


def test_a_long_history_is_cut_and_the_trail_is_linked_for_those_who_may_read_it(clients, cast, meeting, monkeypatch):
    monkeypatch.setattr(history, "HISTORY_SHOWN", 2)
    for n in range(3):
        _edit(meeting, cast.officer, chair=f"局長{n}")
    trail = (
        reverse("audit:event_list") + f"?target_type=activities.meeting&amp;target={meeting.code}"
    )  # as the page writes it
    admin_page = _detail(clients["admin"], meeting).content.decode()
    assert "只列出最近 2 筆。" in admin_page
    assert f'<a href="{trail}">在稽核軌跡查看本筆的全部紀錄（含調閱）</a>' in admin_page
    officer_page = _detail(clients["officer"], meeting).content.decode()
    assert "只列出最近 2 筆。" in officer_page
    assert "在稽核軌跡查看" not in officer_page


def test_the_trail_lists_one_records_events_in_words(clients, cast, meeting):
    _edit(meeting, cast.officer, chair="局長乙")
    activities.create_meeting(
        actor=cast.officer, agency=cast.agency_a, date=dt.date(2021, 12, 1), seq_no=2, is_integrity=True
    )
    response = clients["admin"].get(
        reverse("audit:event_list"), {"target_type": "activities.meeting", "target": str(meeting.code)}
    )
    page = response.context["page"]
    assert [event.verb for event in page] == ["activities.meeting.updated", "activities.meeting.created"]
    html = response.content.decode()
    assert f"只列出會報 {meeting.code} 的紀錄。" in html
    assert "<td>修改會報<br><small><code>activities.meeting.updated</code></small></td>" in html
    assert f'<td>會報 <small class="muted">{meeting.code}</small></td>' in html
    assert AuditEvent.objects.filter(target_code=str(meeting.code)).count() == 2


def test_a_meetings_history_includes_its_proposals(clients, cast, meeting):
    proposal = activities.add_proposal(meeting, actor=cast.officer, title="採購案件廉政風險", resolution="")
    activities.update_proposal(proposal, actor=cast.officer, resolution="列管追蹤")
    found = history_of(meeting, [proposal])
    assert [(e.label, e.about) for e in found.entries] == [
        ("修改提案", str(proposal)),
        ("新增提案", str(proposal)),
        ("新增會報", ""),
    ]
    assert found.entries[0].changes == [Change("決議", "—", "列管追蹤")]
    html = _detail(clients["officer"], meeting).content.decode()
    assert f'<td>修改提案<br><small class="muted">{proposal}</small></td>' in html
    assert history_of(meeting).entries[0].label == "新增會報"  # without its proposals, the meeting's own events


def test_a_reading_stays_in_the_trail_and_out_of_the_change_history(cast, meeting):
    # Any verb registered as a reading (here the access-log audit's view of log data) is left out.
    record(actor=cast.admin, verb="accessaudit.logdata.view.finding", target=meeting)
    assert [e.label for e in history_of(meeting).entries] == ["新增會報"]
    assert AuditEvent.objects.filter(target_code=str(meeting.code)).count() == 2


def test_every_audited_reading_of_asset_data_is_registered_as_a_reading():
    assert {verb for verb in reading_verbs() if verb.startswith("declarations.")} == declarations.READ_VERBS


def test_the_trails_action_filter_offers_each_app_and_each_verb_by_name(clients, cast, meeting):
    _edit(meeting, cast.officer, chair="局長乙")
    html = clients["admin"].get(reverse("audit:event_list")).content.decode()
    assert '<input type="text" name="verb" list="audit-verbs" maxlength="80" id="id_verb">' in html
    assert '<option value="activities.">工作紀錄</option>' in html
    assert '<option value="activities.meeting.updated">修改會報</option>' in html
    offered = html[html.index('<datalist id="audit-verbs">') : html.index("</datalist>")]
    assert offered.count("<option value=") == len(labelled_verbs()) + 9  # the nine apps that record verbs
    # A whole app, as offered, is a prefix of its verbs.
    response = clients["admin"].get(reverse("audit:event_list"), {"verb": "activities."})
    assert {event.verb for event in response.context["page"]} == {
        "activities.meeting.created",
        "activities.meeting.updated",
    }
