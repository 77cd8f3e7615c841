import datetime as dt
from decimal import Decimal

from probity.core.indicators import get_indicator
from probity.core.roc import Period
from probity.declarations import domain
from probity.declarations.enums import Finding, FineStatus, ReviewKind
from probity.declarations.models import Declaration
from probity.org.scope import Scope
from tests.declarations.conftest import VALUES


def value(key, period="110H2", scope=None):
    return get_indicator(key).evaluate(Period.parse(period), scope or Scope.city()).value


def test_annual_declarants_and_consent_rate_of_filing_year(world):
    assert value("declarations.annual_declarants") == 21
    assert value("declarations.consent_rate") == Decimal("85.71")  # 18 of 21
    assert value("declarations.annual_declarants", "109H2") == 21
    assert value("declarations.consent_rate", "109H2") == Decimal("100.00")


def test_first_half_year_reports_no_filing_year(world):
    assert value("declarations.annual_declarants", "111H1") == 0
    assert value("declarations.consent_rate", "111H1") is None


def test_scope_limits_figures_to_subtree(cast, world):
    assert value("declarations.annual_declarants", scope=Scope(cast.unit_a)) == 15
    assert value("declarations.annual_declarants", scope=Scope(cast.unit_b)) == 6


def test_draw_figures_count_drawn_draws_of_the_filing_year(draws):
    for draw in draws:
        domain.run_draw(domain.publish_draw(draw, actor=None), actor=None, values=VALUES)
    # unit_a 15 → 2 → 1; unit_b 6 → 1 → 1; drawn in 111 but reported with filing year 110 (110H2)
    assert value("declarations.drawn.review") == 3
    assert value("declarations.drawn.comparison") == 2
    assert value("declarations.comparison_ratio") == 2
    assert value("declarations.drawn.review", "111H1") == 0


def test_undrawn_draws_do_not_count(draws):
    assert value("declarations.drawn.review") == 0
    assert value("declarations.comparison_ratio") is None


def test_reviews_findings_and_fines_count_by_date(world):
    declaration = Declaration.objects.filter(filing_year=110).first()
    review = domain.open_review(
        actor=None, declaration=declaration, kind=ReviewKind.DRAWN, opened_on=dt.date(2022, 2, 1)
    )
    domain.add_discrepancy(
        review, actor=None, kind="omitted", owner="self", category="deposit", description="x", amount=Decimal(2_000_000)
    )
    domain.transition_review(
        review, "request_explanation", actor=None, requested_on=dt.date(2022, 2, 2), due_on=dt.date(2022, 3, 2)
    )
    domain.transition_review(
        review, "conclude", actor=None, finding=Finding.INTENTIONAL, concluded_on=dt.date(2022, 4, 1)
    )
    domain.record_fine(
        review, actor=None, status=FineStatus.IMPOSED, amount=Decimal(80_000), decided_on=dt.date(2022, 8, 1)
    )
    assert value("declarations.reviews.done", "111H1") == 1
    assert value("declarations.findings.intentional", "111H1") == 1
    assert value("declarations.findings.no_issue", "111H1") == 0
    assert value("declarations.fines", "111H1") == 0
    assert value("declarations.fines", "111H2") == Decimal(80_000)
