import pytest
from django.core.management import call_command

from probity.activities.models import Inspection, InspectionFollowUp, Meeting, Outreach, Proposal, ProtestAlert
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope

SEED_110H2 = {
    "activities.meetings.integrity": 95,
    "activities.proposals.integrity": 185,
    "activities.outreach.asset_declaration.sessions": 22,
    "activities.outreach.asset_declaration.attendances": 1170,
    "activities.outreach.conflict_of_interest.sessions": 12,
    "activities.outreach.conflict_of_interest.attendances": 1181,
    "activities.outreach.confidentiality": 947,
    "activities.inspections.information": 354,
    "activities.meetings.security": 21,
    "activities.inspections.security": 283,
    "activities.outreach.security": 777,
    "activities.protest_alerts": 68,
}
OTHER_PERIODS = ["109H1", "109H2", "110H1", "111H1"]


@pytest.fixture
def demo(db):
    # load_demo passes its own options on to the loaders, so no stdout= here (it would be given twice).
    call_command("load_demo", "--only", "activities")


def _value(key, code):
    return get_indicator(key).evaluate(Period.parse(code), Scope.city()).value


def test_demo_110h2_equals_seed_figures(demo):
    assert {key: _value(key, "110H2") for key in SEED_110H2} == SEED_110H2


def test_demo_other_periods_differ(demo):
    for code in OTHER_PERIODS:
        for key, seed_value in SEED_110H2.items():
            assert _value(key, code) != seed_value, (code, key)


def test_demo_load_twice_changes_nothing(demo):
    counts = [m.objects.count() for m in (Meeting, Proposal, Outreach, Inspection, InspectionFollowUp, ProtestAlert)]
    call_command("load_demo", "--only", "activities")
    assert [
        m.objects.count() for m in (Meeting, Proposal, Outreach, Inspection, InspectionFollowUp, ProtestAlert)
    ] == counts


def test_demo_has_alert_outcomes_follow_ups_and_highlights(demo):
    assert set(ProtestAlert.objects.values_list("outcome", flat=True)) == {
        "pending",
        "defused",
        "took_place",
        "cancelled",
    }
    assert InspectionFollowUp.objects.exists()
    assert Inspection.objects.filter(status="following_up").exists()
    assert Outreach.objects.exclude(highlight="").exists()
    assert Meeting.objects.filter(is_integrity=True, is_security=True).exists()


def test_demo_officer_answers_two_checklists_once(db):
    from probity.activities.enums import CheckResult
    from probity.activities.models import InspectionCheck

    call_command("load_demo", "--only", "activities", "activities-checklists")

    def answered():
        return sorted(
            (check.inspection.kind, check.seq_no, check.result, check.corrected_on is not None)
            for check in InspectionCheck.objects.select_related("inspection").exclude(result=CheckResult.CONFORMING)
        )

    first = answered()
    assert first == [
        ("classified_documents", 2, "deficient", False),
        ("classified_documents", 5, "not_applicable", False),
        ("security", 2, "not_applicable", False),
        ("security", 3, "deficient", True),
    ]
    assert set(InspectionCheck.objects.values_list("inspection__unit__staff__username", flat=True)) == {"officer"}
    assert InspectionCheck.objects.filter(result=CheckResult.CONFORMING).count() == 3 + 3
    call_command("load_demo", "--only", "activities-checklists")
    assert answered() == first
