"""The 30-day publication deadline, the small-amount exception at its edges, recusals and the roll-up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from probity.audit.models import AuditEvent
from probity.conflicts import domain, queries
from probity.conflicts.enums import DealCategory, DisclosureMode, Exception_, RecusalKind
from probity.conflicts.models import publication_due, rollup_due
from tests.conflicts.conftest import make_disclosure, make_recusal

DEAL = dt.date(2021, 9, 1)
SMALL = Exception_.SMALL_AMOUNT


# Publication deadline --------------------------------------------------------------------------


def test_publication_due_is_thirty_days_after_the_deal():
    assert publication_due(DEAL) == dt.date(2021, 10, 1)
    assert publication_due(dt.date(2021, 12, 15)) == dt.date(2022, 1, 14)


@pytest.mark.parametrize(("days", "late"), [(0, False), (29, False), (30, False), (31, True)])
def test_publication_on_the_edges_of_the_deadline(cast, days, late):
    disclosure = make_disclosure(cast.agency_a)
    domain.publish_disclosure(disclosure, actor=cast.officer, on=DEAL + dt.timedelta(days=days))
    disclosure.refresh_from_db()
    assert disclosure.published_late is late
    event = AuditEvent.objects.get(verb="conflicts.disclosure.published")
    assert event.data["late"] is late


def test_publishing_twice_is_refused(cast):
    disclosure = make_disclosure(cast.agency_a, published_on=DEAL)
    with pytest.raises(ValidationError):
        domain.publish_disclosure(disclosure, actor=cast.officer, on=DEAL)


def test_prior_disclosure_is_not_published(cast):
    disclosure = make_disclosure(cast.agency_a, mode=DisclosureMode.PRIOR)
    assert disclosure.publication_due is None
    with pytest.raises(ValidationError):
        domain.publish_disclosure(disclosure, actor=cast.officer, on=DEAL)


def test_publication_before_the_deal_is_refused(cast):
    with pytest.raises(ValidationError):
        make_disclosure(cast.agency_a, published_on=DEAL - dt.timedelta(days=1))


def test_worklist_lists_unpublished_in_scope_oldest_first(cast):
    late = make_disclosure(cast.agency_a, concluded_on=DEAL, deal_name="早")
    recent = make_disclosure(cast.agency_a, concluded_on=DEAL + dt.timedelta(days=20), deal_name="晚")
    make_disclosure(cast.agency_a, concluded_on=DEAL, deal_name="已公開", published_on=DEAL)
    make_disclosure(cast.agency_a, concluded_on=DEAL, deal_name="事前", mode=DisclosureMode.PRIOR)
    make_disclosure(cast.agency_b, concluded_on=DEAL, deal_name="乙局")
    today = DEAL + dt.timedelta(days=31)
    assert list(queries.disclosures_to_publish(cast.officer, today=today)) == [late, recent]
    assert list(queries.disclosures_overdue(cast.officer, today=today)) == [late]
    assert list(queries.disclosures_overdue(cast.officer, today=today - dt.timedelta(days=1))) == []


# Small-amount exception --------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "ok"), [(10_000, True), (10_001, False)])
def test_small_amount_per_deal_edge(cast, amount, ok):
    if ok:
        assert make_disclosure(cast.agency_a, exception=SMALL, amount=amount).is_small_amount
    else:
        with pytest.raises(ValidationError) as error:
            make_disclosure(cast.agency_a, exception=SMALL, amount=amount)
        assert "10,000" in str(error.value)


def _fill_year(cast, count=9, day=DEAL):
    for number in range(count):
        make_disclosure(cast.agency_a, exception=SMALL, amount=10_000, deal_name=f"小額{number}", concluded_on=day)


@pytest.mark.parametrize(("amount", "ok"), [(10_000, True), (Decimal("10000.5"), False)])
def test_small_amount_per_year_edge(cast, amount, ok):
    _fill_year(cast)  # 90,000 already this year with the same counterparty
    check = queries.check_small_amount(
        agency=cast.agency_a, counterparty_key="王小弟", concluded_on=DEAL, amount=Decimal(amount)
    )
    assert check.earlier_total == 90_000
    assert check.ok is ok


def test_small_amount_over_the_year_total_is_refused(cast):
    _fill_year(cast, count=10)  # exactly 100,000
    with pytest.raises(ValidationError) as error:
        make_disclosure(cast.agency_a, exception=SMALL, amount=1, deal_name="第11筆")
    assert "100,000" in str(error.value)


def test_small_amount_year_is_the_calendar_year(cast):
    _fill_year(cast, count=10, day=dt.date(2021, 12, 31))
    assert make_disclosure(cast.agency_a, exception=SMALL, amount=10_000, concluded_on=dt.date(2022, 1, 1))


def test_small_amount_counts_per_counterparty_and_agency(cast):
    _fill_year(cast, count=10)
    assert make_disclosure(
        cast.agency_a, exception=SMALL, amount=10_000, counterparty="別人", related_party_name="別人"
    )
    assert make_disclosure(cast.agency_b, exception=SMALL, amount=10_000)


def test_small_amount_counterparty_by_business_id(cast):
    for number in range(10):
        make_disclosure(
            cast.agency_a,
            exception=SMALL,
            amount=10_000,
            deal_name=f"小額{number}",
            is_organisation=True,
            business_id="12345678",
            counterparty=f"王氏商行{number}",
        )
    with pytest.raises(ValidationError):
        make_disclosure(
            cast.agency_a,
            exception=SMALL,
            amount=100,
            is_organisation=True,
            business_id="12345678",
            counterparty="改名",
        )


def test_editing_a_small_deal_does_not_count_itself_twice(cast):
    _fill_year(cast, count=9)
    last = make_disclosure(cast.agency_a, exception=SMALL, amount=10_000, deal_name="第10筆")
    updated = domain.update_disclosure(last, actor=None, amount=Decimal(9_000))
    assert updated.amount == 9_000


def test_small_amount_deals_are_not_disclosures_nor_published(cast):
    deal = make_disclosure(cast.agency_a, exception=SMALL, amount=5_000)
    assert deal.requires_publication is False
    assert list(queries.disclosures_to_publish(cast.officer, today=DEAL + dt.timedelta(days=60))) == []


# Form-B field rules ------------------------------------------------------------------------------------


def test_organisation_needs_an_eight_digit_business_id(cast):
    with pytest.raises(ValidationError):
        make_disclosure(cast.agency_a, is_organisation=True)
    with pytest.raises(ValidationError):
        make_disclosure(cast.agency_a, is_organisation=True, business_id="1234")
    assert make_disclosure(cast.agency_a, is_organisation=True, business_id="12345678").business_id == "12345678"


def test_transaction_needs_a_type_and_subsidy_drops_it(cast):
    with pytest.raises(ValidationError):
        make_disclosure(cast.agency_a, transaction_type="")
    subsidy = make_disclosure(cast.agency_a, category=DealCategory.SUBSIDY, exception=Exception_.SUBSIDY)
    assert subsidy.transaction_type == ""


def test_disclosure_outside_scope_is_refused(cast):
    with pytest.raises(PermissionDenied):
        domain.record_disclosure(actor=cast.outsider, agency=cast.agency_a, deal_name="x")


def test_disclosure_audit_trail_leaves_names_out(cast):
    disclosure = make_disclosure(cast.agency_a)
    event = AuditEvent.objects.get(verb="conflicts.disclosure.recorded", target_code=str(disclosure.code))
    assert "王小弟" not in str(event.data)
    assert event.data["related_party_name"] == "changed"


# Recusals and the roll-up -------------------------------------------------------------------------------


def test_application_recusal_needs_an_applicant(cast):
    with pytest.raises(ValidationError):
        make_recusal(cast.agency_a, kind=RecusalKind.APPLICATION, applicant="")


def test_decision_before_filing_is_refused(cast):
    with pytest.raises(ValidationError):
        make_recusal(cast.agency_a, decided_on=dt.date(2021, 8, 31))


def test_rollup_due_is_thirty_days_after_year_end():
    assert rollup_due(110) == dt.date(2022, 1, 30)


def test_rollup_submission_records_on_time_or_late(cast):
    on_time = domain.submit_rollup(
        actor=cast.officer, unit=cast.unit_a, roc_year=110, submitted_on=dt.date(2022, 1, 30), doc_no="A1", case_count=3
    )
    assert on_time.on_time
    again = domain.submit_rollup(
        actor=cast.officer, unit=cast.unit_a, roc_year=110, submitted_on=dt.date(2022, 1, 31), doc_no="A2", case_count=3
    )
    assert again.pk == on_time.pk and not again.on_time


def test_rollup_for_another_unit_is_refused(cast):
    with pytest.raises(PermissionDenied):
        domain.submit_rollup(
            actor=cast.outsider, unit=cast.unit_a, roc_year=110, submitted_on=DEAL, doc_no="", case_count=0
        )


def test_recusals_of_year_follow_the_calendar_year(cast):
    make_recusal(cast.agency_a, filed_on=dt.date(2021, 1, 1), official_name="年初")
    make_recusal(cast.agency_a, filed_on=dt.date(2021, 12, 31), official_name="年底")
    make_recusal(cast.agency_a, filed_on=dt.date(2022, 1, 1), official_name="次年")
    assert [r.official_name for r in queries.recusals_of_year(cast.officer, 110)] == ["年初", "年底"]


def test_recusals_await_the_rollup_until_it_is_recorded(cast):
    recusal = make_recusal(cast.agency_a, filed_on=dt.date(2021, 5, 1))
    january = dt.date(2022, 1, 10)
    assert list(queries.recusals_awaiting_rollup(cast.officer, today=january)) == [recusal]
    assert list(queries.recusals_awaiting_rollup(cast.outsider, today=january)) == []
    domain.submit_rollup(
        actor=cast.officer, unit=cast.unit_a, roc_year=110, submitted_on=january, doc_no="", case_count=1
    )
    assert list(queries.recusals_awaiting_rollup(cast.officer, today=january)) == []


def test_update_checks_the_records_own_agency_too(cast):
    disclosure = make_disclosure(cast.agency_a)
    with pytest.raises(PermissionDenied):
        domain.update_disclosure(disclosure, actor=cast.outsider, agency=cast.agency_b, deal_name="搬走")
