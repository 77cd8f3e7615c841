"""Each prevention indicator on hand-built records at the period's and the scope's boundaries."""

import datetime as dt

import pytest

from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.org.scope import Scope
from probity.prevention import domain
from probity.prevention.enums import ActionChannel, ActionKind, NominationStatus, SelectionStage
from tests.factories import make_agency
from tests.prevention.conftest import (
    make_action,
    make_audit,
    make_nomination,
    make_platform,
    make_reprevention,
    make_selection,
)

H2 = Period(110, 2)
FIRST, LAST = dt.date(2021, 7, 1), dt.date(2021, 12, 31)
BEFORE, AFTER = dt.date(2021, 6, 30), dt.date(2022, 1, 1)


def value(key, scope, period=H2):
    return get_indicator(key).evaluate(period, scope).value


def test_special_audits_counts_the_completion_date_within_the_half_year(cast):
    for day in (BEFORE, FIRST, LAST, AFTER):
        make_audit(cast.agency_a, completed_on=day, title=f"稽核{day}")
    make_audit(cast.agency_b, completed_on=FIRST, title="乙局稽核")
    assert value("prevention.special_audits", Scope.city()) == 3
    assert value("prevention.special_audits", Scope(cast.unit_a)) == 2
    assert value("prevention.special_audits", Scope(cast.unit_b)) == 1
    assert value("prevention.special_audits", Scope.city(), Period(110, 1)) == 1


def test_special_audits_of_a_subordinate_unit_roll_up_to_its_parent(cast):
    make_audit(cast.agency_a1, completed_on=FIRST)
    assert value("prevention.special_audits", Scope(cast.unit_a)) == 1
    assert value("prevention.special_audits", Scope(cast.unit_a1)) == 1
    assert value("prevention.special_audits", Scope(cast.unit_b)) == 0


def test_preventive_actions_count_warnings_and_corrections_but_not_reform_proposals(cast):
    for day in (BEFORE, FIRST, LAST, AFTER):
        make_action(cast.agency_a, raised_on=day, subject=f"預警{day}")
    make_action(cast.agency_a, raised_on=FIRST, kind=ActionKind.CORRECTIVE, subject="導正")
    make_action(cast.agency_a, raised_on=FIRST, kind=ActionKind.REFORM_PROPOSAL, subject="興革")
    make_action(cast.agency_b, raised_on=LAST, channel=ActionChannel.PUBLIC_FEEDBACK, subject="乙局")
    assert value("prevention.preventive_actions", Scope.city()) == 4
    assert value("prevention.preventive_actions", Scope(cast.unit_a)) == 3
    assert value("prevention.reform_proposals", Scope.city()) == 1


def test_preventive_action_channel_breakdowns_add_up_to_the_total(cast):
    channels = [ActionChannel.DOCUMENT_REVIEW] * 2 + [ActionChannel.PROCUREMENT, ActionChannel.COMPLAINT]
    for number, channel in enumerate(channels):
        make_action(cast.agency_a, raised_on=FIRST, channel=channel, subject=f"案{number}")
    expected = {"document_review": 2, "procurement": 1, "public_feedback": 0, "audit": 0, "complaint": 1}
    for channel, count in expected.items():
        assert value(f"prevention.preventive_actions.{channel}", Scope.city()) == count
    assert sum(expected.values()) == value("prevention.preventive_actions", Scope.city())


def test_repreventions_count_the_issue_date_within_the_half_year(cast):
    for day in (BEFORE, FIRST, LAST, AFTER):
        make_reprevention(cast.agency_a, issued_on=day, title=f"報告{day}")
    make_reprevention(cast.agency_b, issued_on=LAST, title="乙局報告")
    assert value("prevention.repreventions", Scope.city()) == 3
    assert value("prevention.repreventions", Scope(cast.unit_b)) == 1


def test_platforms_count_those_active_at_any_time_in_the_half_year(cast):
    make_platform(cast.agency_a, launched_on=LAST, name="年底成立")
    make_platform(cast.agency_a, launched_on=AFTER, name="次年成立")
    make_platform(cast.agency_a, launched_on=dt.date(2020, 1, 1), closed_on=BEFORE, name="上半年結束")
    make_platform(cast.agency_b, launched_on=dt.date(2020, 1, 1), closed_on=FIRST, name="首日結束")
    make_platform(cast.agency_b, launched_on=dt.date(2019, 1, 1), name="持續運作")
    assert value("prevention.platforms", Scope.city()) == 3
    assert value("prevention.platforms", Scope(cast.unit_a)) == 1
    assert value("prevention.platforms", Scope(cast.unit_b)) == 2
    assert value("prevention.platforms", Scope.city(), Period(111, 1)) == 3


def _announce(selection, on, selected):
    domain.advance_selection(selection, actor=None, to=SelectionStage.FIRST_REVIEW, on=on)
    for nomination in selected:
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SHORTLISTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.FINAL_REVIEW, on=on)
    for nomination in selected:
        domain.review_nomination(nomination, actor=None, to=NominationStatus.SELECTED)
    domain.advance_selection(selection, actor=None, to=SelectionStage.ANNOUNCED, on=on)


def test_role_model_figures_count_the_selection_announced_in_the_half_year(cast):
    agency_c = make_agency(parent=cast.city, key="agency-c", name="丙局")
    selection = make_selection(cast, year=110)
    a1 = make_nomination(selection, cast.agency_a, nominee="甲一")
    make_nomination(selection, cast.agency_a1, nominee="甲所屬")  # counts for agency A, its first-level agency
    b1 = make_nomination(selection, cast.agency_b, nominee="乙一")
    make_nomination(selection, cast.agency_b, nominee="乙二")
    make_nomination(selection, agency_c, nominee="丙一")
    _announce(selection, LAST, [a1, b1])
    assert value("prevention.role_models.agencies", Scope.city()) == 3
    assert value("prevention.role_models.nominees", Scope.city()) == 5
    assert value("prevention.role_models.selected", Scope.city()) == 2
    assert value("prevention.role_models.agencies", Scope(cast.unit_a)) == 1
    assert value("prevention.role_models.nominees", Scope(cast.unit_a)) == 2
    assert value("prevention.role_models.selected", Scope(cast.unit_b)) == 1
    assert value("prevention.role_models.nominees", Scope.city(), Period(111, 1)) == 0


def test_role_model_selection_announced_on_new_year_belongs_to_the_next_half(cast):
    selection = make_selection(cast, year=110)
    nomination = make_nomination(selection, cast.agency_a)
    _announce(selection, AFTER, [nomination])
    assert value("prevention.role_models.selected", Scope.city()) == 0
    assert value("prevention.role_models.selected", Scope.city(), Period(111, 1)) == 1


def test_role_model_figures_are_zero_before_announcement(cast):
    selection = make_selection(cast, year=110)
    make_nomination(selection, cast.agency_a)
    assert value("prevention.role_models.nominees", Scope.city()) == 0


@pytest.mark.parametrize(
    "key",
    [
        "prevention.special_audits",
        "prevention.preventive_actions",
        "prevention.repreventions",
        "prevention.platforms",
        "prevention.role_models.agencies",
        "prevention.role_models.nominees",
        "prevention.role_models.selected",
    ],
)
def test_indicator_records_have_links(records, key):
    result = get_indicator(key).evaluate(H2, Scope.city())
    assert result.value == result.records.count()
    for record in result.records:
        assert record.get_absolute_url().startswith("/")
        assert str(record)
