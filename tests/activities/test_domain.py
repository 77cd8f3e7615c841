import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from probity.activities import domain
from probity.activities.enums import InspectionAction, InspectionStatus
from probity.activities.models import Meeting
from probity.audit.models import AuditEvent
from tests.activities.conftest import make_inspection, make_meeting, make_outreach
from tests.factories import make_agency


def test_meeting_unit_defaults_from_agency(cast):
    meeting = make_meeting(cast.agency_a1)
    assert meeting.unit == cast.unit_a1


def test_meeting_joint_has_both_kinds(cast):
    meeting = make_meeting(cast.agency_a, integrity=True, security=True)
    assert meeting.kinds == ["integrity", "security"]
    assert meeting.kind_label == "廉政會報暨安全維護會報"


def test_meeting_without_kind_is_refused(cast):
    with pytest.raises(ValidationError):
        make_meeting(cast.agency_a, integrity=False, security=False)
    assert Meeting.objects.count() == 0


def test_meeting_creation_is_audited_with_proposals(cast):
    meeting = make_meeting(cast.agency_a, proposals=2)
    event = AuditEvent.objects.get(verb="activities.meeting.created")
    assert event.target_code == str(meeting.code)
    assert event.data["proposals"] == 2
    assert [p.seq_no for p in meeting.proposals.all()] == [1, 2]


def test_officer_cannot_record_for_another_unit(cast):
    with pytest.raises(PermissionDenied):
        domain.create_outreach(
            actor=cast.officer,
            agency=cast.agency_b,
            date=dt.date(2021, 8, 1),
            topic="integrity",
            form="campaign",
            title="越權",
            sessions=1,
            attendances=1,
        )


def test_auditor_cannot_record(cast):
    with pytest.raises(PermissionDenied):
        domain.create_outreach(
            actor=cast.auditor,
            agency=cast.agency_a,
            date=dt.date(2021, 8, 1),
            topic="integrity",
            form="campaign",
            title="唯讀",
            sessions=1,
            attendances=1,
        )


def test_update_outreach_records_changes(cast):
    outreach = make_outreach(cast.agency_a, attendances=50)
    domain.update_outreach(outreach, actor=cast.officer, attendances=80)
    outreach.refresh_from_db()
    assert outreach.attendances == 80
    event = AuditEvent.objects.filter(verb="activities.outreach.updated").get()
    assert event.data == {"changed": {"attendances": ["50", "80"]}}


def test_update_moving_agency_moves_unit(cast):
    outreach = make_outreach(cast.agency_a)
    domain.update_outreach(outreach, actor=cast.officer, agency=cast.agency_a1)
    outreach.refresh_from_db()
    assert (outreach.agency, outreach.unit) == (cast.agency_a1, cast.unit_a1)


def test_update_by_outsider_is_refused(cast):
    outreach = make_outreach(cast.agency_a)
    with pytest.raises(PermissionDenied):
        domain.update_outreach(outreach, actor=cast.outsider, attendances=1)


def test_add_proposal_numbers_next(cast):
    meeting = make_meeting(cast.agency_a, proposals=2)
    proposal = domain.add_proposal(meeting, actor=cast.officer, title="新提案")
    assert proposal.seq_no == 3


def test_inspection_follow_up_until_closed(cast):
    inspection = make_inspection(cast.agency_a)
    assert inspection.status == InspectionStatus.FOLLOWING_UP
    domain.record_follow_up(inspection, actor=cast.officer, date=dt.date(2021, 11, 1), note="改善中")
    domain.record_follow_up(inspection, actor=cast.officer, date=dt.date(2021, 12, 1), note="已改善", close=True)
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CLOSED
    assert inspection.closed_on == dt.date(2021, 12, 1)
    assert [f.note for f in inspection.follow_ups.all()] == ["改善中", "已改善"]
    assert inspection.follow_ups.first().recorded_by == cast.officer


def test_inspection_closed_refuses_follow_up_until_reopened(cast):
    inspection = make_inspection(cast.agency_a, closed=True)
    assert inspection.closed_on == inspection.date
    with pytest.raises(domain.InvalidTransition):
        domain.record_follow_up(inspection, actor=cast.officer, date=dt.date(2021, 11, 1), note="x")
    with pytest.raises(domain.InvalidTransition):
        domain.transition_inspection(inspection, InspectionAction.CLOSE, actor=cast.officer, on=dt.date(2021, 11, 1))
    domain.transition_inspection(inspection, InspectionAction.REOPEN, actor=cast.officer, on=dt.date(2021, 11, 1))
    inspection.refresh_from_db()
    assert (inspection.status, inspection.closed_on) == (InspectionStatus.FOLLOWING_UP, None)
    assert AuditEvent.objects.filter(verb="activities.inspection.reopen").count() == 1


def test_bulk_record_audits_once(cast):
    from probity.activities.models import Outreach

    objects = [
        Outreach(
            agency=cast.agency_a,
            unit=cast.unit_a,
            date=dt.date(2021, 8, day),
            topic="security",
            form="campaign",
            title="安全維護宣導",
            sessions=1,
            attendances=10,
        )
        for day in range(1, 4)
    ]
    assert domain.bulk_record(Outreach, objects, actor=None, label="test") == 3
    assert AuditEvent.objects.filter(verb="activities.outreach.bulk_recorded").count() == 1
    assert Outreach.objects.count() == 3


def test_duplicate_natural_key_is_refused(cast):
    make_outreach(cast.agency_a, title="同名")
    with pytest.raises(ValidationError) as raised:
        make_outreach(cast.agency_a, title="同名")
    assert raised.value.messages == ["此機關在這一天已有同名、同主題、同方式的宣導。"]
    meeting = make_meeting(cast.agency_a, proposals=1)
    with pytest.raises(ValidationError):
        domain.add_proposal(meeting, actor=cast.officer, title="提案1")


def test_a_record_of_an_agency_no_unit_serves_asks_for_the_unit_in_the_users_language(db):
    orphan = make_agency(name="無政風機構之機關")
    with pytest.raises(ValidationError) as refused:
        domain.owning_unit(orphan)
    assert refused.value.message_dict == {"unit": ["此機關沒有對應的政風機構，請指定政風機構。"]}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        domain.owning_unit(orphan)
    assert refused.value.message_dict == {
        "unit": ["This agency has no ethics unit serving it; please choose the ethics unit."]
    }
