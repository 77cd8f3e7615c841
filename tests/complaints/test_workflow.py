import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from probity.complaints import domain
from probity.complaints.enums import (
    CLOSED,
    OUTCOME_CLASS,
    TRANSITIONS,
    Action,
    Channel,
    DisciplineKind,
    EventKind,
    MessageKind,
    Status,
)
from probity.complaints.models import Complaint
from tests.complaints.conftest import make_complaint

EXPECTED = {
    (Status.RECEIVED, Action.ACCEPT): Status.ACCEPTED,
    (Status.RECEIVED, Action.FILE): Status.FILED,
    (Status.RECEIVED, Action.DECLINE): Status.NOT_HANDLED,
    (Status.ACCEPTED, Action.INVESTIGATE): Status.INVESTIGATING,
    (Status.INVESTIGATING, Action.ADMINISTRATIVE): Status.ADMINISTRATIVE,
    (Status.INVESTIGATING, Action.CLEAR): Status.CLEARED,
    (Status.INVESTIGATING, Action.REFER): Status.REFERRED,
    **{(status, Action.REOPEN): Status.INVESTIGATING for status in CLOSED},
}
REFERRAL = {
    "referred_to": "高雄市政府工務局",
    "referral_doc_no": "高市政風字第1100000001號",
    "referred_on": dt.date(2021, 9, 1),
}


def _arguments(action):
    if action == Action.REFER:
        return REFERRAL
    if action == Action.REOPEN:
        return {"reason": "檢舉人補充新事證"}
    return {}


def test_transition_table_is_exactly_the_expected_workflow():
    table = {(status, action): target for action, (sources, target) in TRANSITIONS.items() for status in sources}
    assert table == EXPECTED


def test_every_state_reaches_one_outcome_class():
    assert set(OUTCOME_CLASS) == set(Status.values)


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("action", Action.values)
def test_transition_applies_only_where_the_table_allows(cast, complaint, status, action):
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    complaint.refresh_from_db()
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(ValidationError):
            domain.apply_transition(complaint, actor=cast.officer, action=action, **_arguments(action))
        complaint.refresh_from_db()
        assert complaint.status == status
    else:
        result = domain.apply_transition(complaint, actor=cast.officer, action=action, **_arguments(action))
        assert result.status == expected
        event = result.events.filter(kind=EventKind.TRANSITION).last()
        assert (event.from_status, event.to_status) == (status, expected)


def test_referral_to_competent_authority_requires_body_letter_and_date(cast, complaint):
    domain.apply_transition(complaint, actor=cast.officer, action=Action.ACCEPT)
    domain.apply_transition(complaint, actor=cast.officer, action=Action.INVESTIGATE)
    with pytest.raises(ValidationError):
        domain.apply_transition(complaint, actor=cast.officer, action=Action.REFER, referred_to="高雄市政府工務局")
    done = domain.apply_transition(
        complaint, actor=cast.officer, action=Action.REFER, on=dt.date(2021, 9, 2), **REFERRAL
    )
    assert (done.referred_to, done.referral_doc_no, done.referred_on, done.closed_on) == (
        "高雄市政府工務局",
        "高市政風字第1100000001號",
        dt.date(2021, 9, 1),
        dt.date(2021, 9, 2),
    )


def test_reopen_requires_a_reason_and_clears_the_closing(cast, complaint):
    domain.apply_transition(complaint, actor=cast.officer, action=Action.FILE)
    with pytest.raises(ValidationError):
        domain.apply_transition(complaint, actor=cast.officer, action=Action.REOPEN)
    reopened = domain.apply_transition(complaint, actor=cast.officer, action=Action.REOPEN, reason="新事證")
    assert (reopened.status, reopened.closed_on) == (Status.INVESTIGATING, None)
    assert reopened.events.filter(kind=EventKind.TRANSITION).last().detail == "新事證"


def test_a_transitions_detail_reads_as_one_sentence(cast, complaint):
    domain.apply_transition(complaint, actor=cast.officer, action=Action.ACCEPT)
    domain.apply_transition(complaint, actor=cast.officer, action=Action.INVESTIGATE)
    with translation.override("en"):  # the timeline is kept in the language of record
        domain.apply_transition(
            complaint,
            actor=cast.officer,
            action=Action.REFER,
            on=dt.date(2021, 9, 2),
            reason="非本室權責。",
            **REFERRAL,
        )
    detail = complaint.events.filter(kind=EventKind.TRANSITION).last().detail
    assert detail == "非本室權責；高雄市政府工務局 高市政風字第1100000001號 110/09/01"


def test_transition_is_audited(cast, complaint):
    from probity.audit.models import AuditEvent

    domain.apply_transition(complaint, actor=cast.officer, action=Action.ACCEPT)
    event = AuditEvent.objects.filter(verb="complaints.complaint.accept").get()
    assert (event.target_code, event.data["from"], event.data["to"]) == (str(complaint.code), "received", "accepted")


def test_timeline_entries_are_kept_in_chinese_whatever_the_officer_reads(cast):
    with translation.override("en"):
        assert str(Channel.PORTAL.label) == "Online complaint portal"
        case = make_complaint(cast, channel=Channel.PORTAL)
        domain.post_message(case, actor=cast.officer, body="已收到。", kind=MessageKind.REPLY)
        domain.record_disciplinary_action(
            case,
            actor=cast.officer,
            person_name="王課長",
            kind=DisciplineKind.DEMERIT,
            authority="甲局",
            decided_on=dt.date(2021, 11, 1),
        )
    details = list(case.events.order_by("pk").values_list("kind", "detail"))
    assert details == [
        (EventKind.RECEIVED, "網路檢舉專區"),
        (EventKind.MESSAGE, "回覆檢舉人"),
        (EventKind.DISCIPLINE, "王課長 記過"),
    ]
