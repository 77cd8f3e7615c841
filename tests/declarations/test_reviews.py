import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from probity.declarations import domain
from probity.declarations.enums import Finding, FineStatus, ReviewKind, ReviewState
from probity.declarations.models import Declaration


@pytest.fixture
def review(world):
    declaration = Declaration.objects.filter(filing_year=110).first()
    return domain.open_review(actor=None, declaration=declaration, kind=ReviewKind.DRAWN, opened_on=dt.date(2022, 2, 1))


def discrepancy(review, amount=500_000):
    return domain.add_discrepancy(
        review,
        actor=None,
        kind="omitted",
        owner="spouse",
        category="insurance",
        description="配偶保單未申報",
        amount=Decimal(amount),
    )


def test_review_without_discrepancies_concludes_with_no_issue(review):
    review = domain.transition_review(
        review, "conclude", actor=None, finding=Finding.NO_ISSUE, concluded_on=dt.date(2022, 4, 1)
    )
    assert (review.state, review.finding) == (ReviewState.CONCLUDED, Finding.NO_ISSUE)


def test_explanation_deadline_must_give_one_month(review):
    with pytest.raises(ValidationError):
        domain.transition_review(
            review, "request_explanation", actor=None, requested_on=dt.date(2022, 1, 31), due_on=dt.date(2022, 2, 27)
        )
    review = domain.transition_review(
        review, "request_explanation", actor=None, requested_on=dt.date(2022, 1, 31), due_on=dt.date(2022, 2, 28)
    )
    assert review.state == ReviewState.EXPLANATION_REQUESTED


def test_unintentional_finding_sends_corrected_table(review):
    discrepancy(review)
    review = domain.transition_review(
        review, "conclude", actor=None, finding=Finding.UNINTENTIONAL, concluded_on=dt.date(2022, 4, 1)
    )
    assert review.corrected_table_sent_on == dt.date(2022, 4, 1)
    assert review.fine_status == FineStatus.NONE


def test_intentional_finding_needs_hearing_then_refers_and_fines(review):
    discrepancy(review)
    with pytest.raises(ValidationError):
        domain.transition_review(
            review, "conclude", actor=None, finding=Finding.INTENTIONAL, concluded_on=dt.date(2022, 4, 1)
        )
    domain.transition_review(
        review, "request_explanation", actor=None, requested_on=dt.date(2022, 3, 1), due_on=dt.date(2022, 4, 1)
    )
    domain.transition_review(
        review, "record_explanation", actor=None, explanation="忘記了", explained_on=dt.date(2022, 3, 20)
    )
    review = domain.transition_review(
        review, "conclude", actor=None, finding=Finding.INTENTIONAL, concluded_on=dt.date(2022, 5, 1)
    )
    assert (review.referred_on, review.fine_status) == (dt.date(2022, 5, 1), FineStatus.REFERRED)
    review = domain.record_fine(
        review, actor=None, status=FineStatus.IMPOSED, amount=Decimal(60_000), decided_on=dt.date(2022, 7, 1)
    )
    assert review.fine_amount == Decimal(60_000)


def test_misstatement_finding_needs_a_discrepancy(review):
    with pytest.raises(ValidationError):
        domain.transition_review(
            review, "conclude", actor=None, finding=Finding.UNINTENTIONAL, concluded_on=dt.date(2022, 4, 1)
        )


def test_concluded_review_takes_no_more_transitions(review):
    domain.transition_review(review, "conclude", actor=None, finding=Finding.NO_ISSUE, concluded_on=dt.date(2022, 4, 1))
    with pytest.raises(ValidationError):
        domain.transition_review(
            review, "request_explanation", actor=None, requested_on=dt.date(2022, 4, 2), due_on=dt.date(2022, 6, 1)
        )
    with pytest.raises(ValidationError):
        discrepancy(review)


def test_case_review_needs_a_complaint_reference(world):
    declaration = Declaration.objects.first()
    with pytest.raises(ValidationError):
        domain.open_review(actor=None, declaration=declaration, kind=ReviewKind.CASE, opened_on=dt.date(2022, 1, 5))
    review = domain.open_review(
        actor=None,
        declaration=declaration,
        kind=ReviewKind.CASE,
        opened_on=dt.date(2022, 1, 5),
        complaint_ref="111廉字第1號",
    )
    assert review.complaint_ref == "111廉字第1號"


def test_fine_only_for_referred_reviews(review):
    with pytest.raises(ValidationError):
        domain.record_fine(
            review, actor=None, status=FineStatus.IMPOSED, amount=Decimal(60_000), decided_on=dt.date(2022, 7, 1)
        )
