import datetime as dt

import pytest

from probity.complaints import domain
from probity.complaints.enums import Action, DisciplineKind, OffenceType, ProsecutionResult
from probity.complaints.models import Complaint
from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope
from tests.complaints.conftest import IDENTITY, make_complaint

SEED_110H2 = {
    "complaints.received": 571,
    "complaints.received.named": 402,
    "complaints.received.anonymous": 169,
    "complaints.outcome.administrative": 11,
    "complaints.outcome.cleared": 200,
    "complaints.outcome.referred": 335,
    "complaints.outcome.open": 25,
    "complaints.prosecutor_referrals": 8,
    "complaints.indicted.cases": 3,
    "complaints.indicted.persons": 4,
    "complaints.disciplined.cases": 18,
    "complaints.disciplined.persons": 25,
}
UNITS = {
    "complaints.received": "案",
    "complaints.received.anonymous": "件",
    "complaints.indicted.persons": "人",
    "complaints.disciplined.persons": "人",
}


def _figures(period, scope=None):
    return {key: get_indicator(key).evaluate(Period.parse(period), scope or Scope.city()).value for key in SEED_110H2}


def _load_demo():
    # The loaders themselves: load_demo's command passes its own stdout along with ours.
    from probity.complaints.demo import load as load_complaints
    from probity.org.demo import load as load_org

    load_org()
    load_complaints()


@pytest.fixture
def demo(db):
    _load_demo()


def test_demo_110h2_equals_the_seed_report(demo):
    assert _figures("110H2") == SEED_110H2
    note = get_indicator("complaints.prosecutor_referrals").evaluate(Period.parse("110H2"), Scope.city()).note
    assert note == "違反政府採購法、詐欺、偽造文書"


def test_demo_other_half_years_differ_and_add_up(demo):
    for period in ("109H1", "109H2", "110H1", "111H1"):
        figures = _figures(period)
        assert figures != SEED_110H2
        assert figures["complaints.received"] == (
            figures["complaints.received.named"] + figures["complaints.received.anonymous"]
        )
        assert figures["complaints.received"] == sum(
            figures[f"complaints.outcome.{name}"] for name in ("administrative", "cleared", "referred", "open")
        )


def test_demo_is_idempotent(demo):
    count = Complaint.objects.count()
    _load_demo()
    assert Complaint.objects.count() == count
    assert _figures("110H2") == SEED_110H2


def test_indicator_units_and_sections():
    for key, unit in UNITS.items():
        assert get_indicator(key).unit == unit
    assert get_indicator("complaints.prosecutor_referrals").section == "三(二)"
    assert get_indicator("complaints.disciplined.cases").section == "三(三)"


def test_outcomes_follow_each_complaints_current_state(cast):
    period = "110H2"
    open_case = make_complaint(cast)
    administrative = make_complaint(cast, identity=IDENTITY)
    filed = make_complaint(cast, agency=cast.agency_b)
    declined = make_complaint(cast)
    make_complaint(cast, received_on=dt.date(2021, 6, 30))  # 110H1: not counted
    for action in (Action.ACCEPT, Action.INVESTIGATE, Action.ADMINISTRATIVE):
        administrative = domain.apply_transition(administrative, actor=cast.officer, action=action)
    domain.apply_transition(filed, actor=cast.officer, action=Action.FILE)
    domain.apply_transition(declined, actor=cast.officer, action=Action.DECLINE)
    figures = _figures(period)
    assert figures["complaints.received"] == 4
    assert (figures["complaints.received.named"], figures["complaints.received.anonymous"]) == (1, 3)
    assert figures["complaints.outcome.administrative"] == 1
    assert figures["complaints.outcome.cleared"] == 2
    assert figures["complaints.outcome.open"] == 1
    # Reopening moves the case back to 查處中 in a report computed afterwards.
    domain.apply_transition(filed, actor=cast.officer, action=Action.REOPEN, reason="新事證")
    assert (_figures(period)["complaints.outcome.cleared"], _figures(period)["complaints.outcome.open"]) == (1, 2)
    # A unit's scope counts only its subtree.
    assert _figures(period, Scope(cast.unit_b))["complaints.received"] == 1
    assert list(
        get_indicator("complaints.outcome.open").evaluate(Period.parse(period), Scope(cast.unit_a)).records
    ) == [open_case]


def test_prosecutions_and_discipline_count_cases_and_persons(cast):
    complaint = make_complaint(cast)
    referral = domain.refer_to_prosecutors(
        actor=cast.officer,
        unit=cast.unit_a,
        agency=cast.agency_a,
        complaint=complaint,
        office="臺灣高雄地方檢察署",
        referred_on=dt.date(2021, 3, 1),
        doc_no="A-1",
        offence_types=[OffenceType.FRAUD, OffenceType.FORGERY],
        summary="詐領加班費案",
    )
    self_initiated = domain.refer_to_prosecutors(
        actor=cast.officer,
        unit=cast.unit_a,
        agency=cast.agency_a,
        office="臺灣高雄地方檢察署",
        referred_on=dt.date(2021, 8, 1),
        doc_no="A-2",
        offence_types=[OffenceType.PROCUREMENT_ACT],
        summary="採購案",
    )
    results = [
        (referral, "甲", ProsecutionResult.INDICTED, dt.date(2021, 9, 1)),
        (referral, "乙", ProsecutionResult.DEFERRED, dt.date(2021, 9, 1)),
        (referral, "丙", ProsecutionResult.NOT_PROSECUTED, dt.date(2021, 9, 1)),
        (self_initiated, "丁", ProsecutionResult.INDICTED, dt.date(2021, 12, 31)),
        (self_initiated, "戊", ProsecutionResult.INDICTED, dt.date(2022, 1, 1)),
    ]
    for ref, name, result, day in results:
        domain.record_prosecution_outcome(ref, actor=cast.officer, person_name=name, result=result, decided_on=day)
    for name, day in (("甲", dt.date(2021, 10, 1)), ("乙", dt.date(2021, 10, 1)), ("丙", dt.date(2021, 5, 1))):
        domain.record_disciplinary_action(
            complaint,
            actor=cast.officer,
            person_name=name,
            kind=DisciplineKind.DEMERIT,
            authority="甲局",
            decided_on=day,
        )
    figures = _figures("110H2")
    assert figures["complaints.prosecutor_referrals"] == 1
    assert (figures["complaints.indicted.cases"], figures["complaints.indicted.persons"]) == (2, 3)
    assert (figures["complaints.disciplined.cases"], figures["complaints.disciplined.persons"]) == (1, 2)
    assert _figures("110H1")["complaints.disciplined.persons"] == 1
