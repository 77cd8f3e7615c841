import datetime as dt

import pytest

from probity.activities.enums import InspectionKind, OutreachTopic
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope
from tests.activities.conftest import make_alert, make_inspection, make_meeting, make_outreach

H2 = Period(110, 2)
BEFORE, FIRST, LAST, AFTER = dt.date(2021, 6, 30), dt.date(2021, 7, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 1)


def value(key, scope=None, period=H2):
    return get_indicator(key).evaluate(period, scope or Scope.city()).value


def records(key, scope=None, period=H2):
    return get_indicator(key).evaluate(period, scope or Scope.city()).records


def test_meetings_count_joint_meeting_once_for_each_kind(cast):
    make_meeting(cast.agency_a, date=FIRST, seq_no=1, integrity=True, security=False, proposals=2)
    make_meeting(cast.agency_a, date=LAST, seq_no=2, integrity=True, security=True, proposals=3)
    make_meeting(cast.agency_a, date=dt.date(2021, 9, 1), seq_no=3, integrity=False, security=True, proposals=4)
    make_meeting(cast.agency_a, date=BEFORE, seq_no=9, integrity=True, security=True, proposals=5)
    make_meeting(cast.agency_a, date=AFTER, seq_no=10, integrity=True, security=True, proposals=6)
    assert value("activities.meetings.integrity") == 2
    assert value("activities.meetings.security") == 2
    assert value("activities.proposals.integrity") == 5
    assert value("activities.proposals.security") == 7
    assert value("activities.meetings.integrity", period=Period(110, 1)) == 1
    assert value("activities.proposals.integrity", period=Period(111, 1)) == 6


def test_meetings_scope_covers_subtree_only(cast):
    make_meeting(cast.agency_a, seq_no=1, proposals=1)
    make_meeting(cast.agency_a1, seq_no=1, proposals=2)
    make_meeting(cast.agency_b, seq_no=1, proposals=4)
    assert value("activities.meetings.integrity", Scope(cast.unit_a)) == 2
    assert value("activities.proposals.integrity", Scope(cast.unit_a)) == 3
    assert value("activities.meetings.integrity", Scope(cast.unit_a1)) == 1
    assert value("activities.proposals.integrity", Scope(cast.unit_b)) == 4
    assert value("activities.meetings.integrity") == 3


def test_meeting_records_link_to_the_meetings(cast):
    meeting = make_meeting(cast.agency_a, proposals=1)
    assert list(records("activities.meetings.integrity")) == [meeting]
    proposal = records("activities.proposals.integrity").get()
    assert proposal.get_absolute_url() == f"/activities/meetings/{meeting.code}/#proposal-{proposal.code}"


@pytest.mark.parametrize(
    ("topic", "prefix"),
    [
        (OutreachTopic.ASSET_DECLARATION, "activities.outreach.asset_declaration"),
        (OutreachTopic.CONFLICT_OF_INTEREST, "activities.outreach.conflict_of_interest"),
        (OutreachTopic.INTEGRITY, "activities.outreach.integrity"),
    ],
)
def test_outreach_sessions_and_attendances_sum_within_period(cast, topic, prefix):
    make_outreach(cast.agency_a, topic=topic, date=FIRST, sessions=2, attendances=100, title="一")
    make_outreach(cast.agency_a1, topic=topic, date=LAST, sessions=1, attendances=35, title="二")
    make_outreach(cast.agency_b, topic=topic, date=LAST, sessions=3, attendances=7, title="三")
    make_outreach(cast.agency_a, topic=topic, date=BEFORE, sessions=5, attendances=500, title="四")
    make_outreach(cast.agency_a, topic=topic, date=AFTER, sessions=5, attendances=500, title="五")
    make_outreach(cast.agency_a, topic=OutreachTopic.OTHER, date=FIRST, sessions=9, attendances=900, title="六")
    assert value(f"{prefix}.sessions") == 6
    assert value(f"{prefix}.attendances") == 142
    assert value(f"{prefix}.sessions", Scope(cast.unit_a)) == 3
    assert value(f"{prefix}.attendances", Scope(cast.unit_a)) == 135
    assert value(f"{prefix}.sessions", Scope(cast.unit_b)) == 3


def test_outreach_sums_are_zero_without_records(cast):
    assert value("activities.outreach.asset_declaration.sessions") == 0
    assert value("activities.outreach.asset_declaration.attendances") == 0


@pytest.mark.parametrize(
    ("topic", "key"),
    [
        (OutreachTopic.CONFIDENTIALITY, "activities.outreach.confidentiality"),
        (OutreachTopic.SECURITY, "activities.outreach.security"),
    ],
)
def test_outreach_counted_as_records(cast, topic, key):
    make_outreach(cast.agency_a, topic=topic, date=FIRST, sessions=3, title="一")
    make_outreach(cast.agency_a, topic=topic, date=LAST, sessions=3, title="二")
    make_outreach(cast.agency_b, topic=topic, date=LAST, title="三")
    make_outreach(cast.agency_a, topic=topic, date=AFTER, title="四")
    make_outreach(cast.agency_a, topic=OutreachTopic.INTEGRITY, date=LAST, title="五")
    assert value(key) == 3
    assert value(key, Scope(cast.unit_a)) == 2
    assert value(key, Scope(cast.unit_b)) == 1


def test_outreach_by_form_sessions(cast):
    make_outreach(cast.agency_a, form="briefing", sessions=2, title="一")
    make_outreach(cast.agency_a, form="online", sessions=1, title="二")
    assert value("activities.outreach.by_form.briefing.sessions") == 2
    assert value("activities.outreach.by_form.online.sessions") == 1
    assert value("activities.outreach.by_form.media.sessions") == 0


def test_information_inspections_count_system_audits_and_document_checks(cast):
    make_inspection(cast.agency_a, kind=InspectionKind.INFORMATION_SYSTEM, date=FIRST, title="一")
    make_inspection(cast.agency_a1, kind=InspectionKind.CLASSIFIED_DOCUMENTS, date=LAST, title="二")
    make_inspection(cast.agency_b, kind=InspectionKind.INFORMATION_SYSTEM, date=LAST, title="三")
    make_inspection(cast.agency_a, kind=InspectionKind.CONFIDENTIALITY, date=LAST, title="四")
    make_inspection(cast.agency_a, kind=InspectionKind.SECURITY, date=LAST, title="五")
    make_inspection(cast.agency_a, kind=InspectionKind.INFORMATION_SYSTEM, date=BEFORE, title="六")
    assert value("activities.inspections.information") == 3
    assert value("activities.inspections.information", Scope(cast.unit_a)) == 2
    assert value("activities.inspections.confidentiality") == 1
    assert value("activities.inspections.security") == 1
    assert value("activities.inspections.information", period=Period(110, 1)) == 1


def test_security_inspections_boundaries_and_scope(cast):
    make_inspection(cast.agency_a, date=FIRST, title="一")
    make_inspection(cast.agency_b, date=LAST, title="二")
    make_inspection(cast.agency_a, date=AFTER, title="三")
    assert value("activities.inspections.security") == 2
    assert value("activities.inspections.security", Scope(cast.unit_b)) == 1
    assert value("activities.inspections.security", period=Period(111, 1)) == 1


def test_protest_alerts_counted_by_date(cast):
    make_alert(cast.agency_a, date=FIRST, subject="一")
    make_alert(cast.agency_a1, date=LAST, subject="二")
    make_alert(cast.agency_b, date=LAST, subject="三")
    make_alert(cast.agency_a, date=BEFORE, subject="四")
    assert value("activities.protest_alerts") == 3
    assert value("activities.protest_alerts", Scope(cast.unit_a)) == 2
    assert [a.subject for a in records("activities.protest_alerts", Scope(cast.unit_a))] == ["一", "二"]


def test_indicator_keys_units_and_sections():
    expected = {
        "activities.meetings.integrity": ("場次", "一(一)1"),
        "activities.proposals.integrity": ("案", "一(一)1"),
        "activities.outreach.asset_declaration.sessions": ("場次", "一(三)1"),
        "activities.outreach.asset_declaration.attendances": ("人次", "一(三)1"),
        "activities.outreach.conflict_of_interest.sessions": ("場次", "一(三)2"),
        "activities.outreach.conflict_of_interest.attendances": ("人次", "一(三)2"),
        "activities.outreach.confidentiality": ("案", "二(一)1"),
        "activities.inspections.information": ("案", "二(一)2"),
        "activities.meetings.security": ("場次", "二(二)1"),
        "activities.inspections.security": ("案", "二(二)2"),
        "activities.outreach.security": ("次", "二(二)2"),
        "activities.protest_alerts": ("案", "二(二)3"),
    }
    for key, (unit, section) in expected.items():
        indicator = get_indicator(key)
        assert (indicator.unit, indicator.section) == (unit, section), key


def test_outreach_highlights_for_a_report(cast):
    from probity.activities.queries import outreach_highlights

    make_outreach(cast.agency_a, date=FIRST, title="一", highlight="可引用")
    make_outreach(cast.agency_a, date=LAST, title="二", highlight="")
    make_outreach(cast.agency_b, date=LAST, title="三", highlight="乙的重點", topic=OutreachTopic.INTEGRITY)
    make_outreach(cast.agency_a, date=AFTER, title="四", highlight="下期")
    assert [o.highlight for o in outreach_highlights(H2, Scope.city())] == ["可引用", "乙的重點"]
    assert [o.highlight for o in outreach_highlights(H2, Scope(cast.unit_a))] == ["可引用"]
    assert [o.title for o in outreach_highlights(H2, Scope.city(), topic=OutreachTopic.INTEGRITY)] == ["三"]


def test_confidentiality_and_security_outreach_sessions_and_attendances(cast):
    make_outreach(cast.agency_a, topic=OutreachTopic.CONFIDENTIALITY, sessions=2, attendances=30, title="一")
    make_outreach(cast.agency_a, topic=OutreachTopic.CONFIDENTIALITY, sessions=1, attendances=5, title="二")
    make_outreach(cast.agency_b, topic=OutreachTopic.SECURITY, sessions=4, attendances=70, title="三")
    assert value("activities.outreach.confidentiality") == 2
    assert value("activities.outreach.confidentiality.sessions") == 3
    assert value("activities.outreach.confidentiality.attendances") == 35
    assert value("activities.outreach.security.sessions") == 4
    assert value("activities.outreach.security.attendances", Scope(cast.unit_a)) == 0
    assert str(get_indicator("activities.outreach.security.attendances").label) == "機關安全維護宣導參加人次"
