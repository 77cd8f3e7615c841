"""Figures of 一(三)1: declarants and consent per filing year, draws, reviews, findings, fines.

**Which filing year a half-year reports.** Declarations count per filing year (申報年度). The
annual declarations of filing year Y are filed 11/1–12/31 of Y, i.e. in the second half of Y,
and that year's draws are held right after (often in January of Y+1, before the H2 report is
written). So the report of half-year YH2 shows filing year Y: its annual declarants, its consent
rate and every draw whose stored rules name filing year Y, whenever it was held. A first
half-year has no annual filing: those figures are 0 there (the consent rate has no value).
Reviews, findings and fines are events and count by their own dates within the half-year.
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from probity.core.indicators import IndicatorResult, count_of, indicator, percentage, sum_of
from probity.declarations.enums import DeclarationType, DrawState, Finding, FineStatus, ReviewState
from probity.declarations.models import Declaration, Draw, Review

SECTION = "一(三)1"


def filing_year_of(period) -> int | None:
    """The filing year a half-year reports (see the module's note), or None for a first half."""
    return period.roc_year if period.half == 2 else None


def _annual(period, scope):
    year = filing_year_of(period)
    declarations = Declaration.objects.filter(kind=DeclarationType.ANNUAL).select_related("declarant")
    if year is None:
        return declarations.none()
    return scope.filter(declarations.filter(filing_year=year))


def _draws(period, scope):
    year = filing_year_of(period)
    draws = Draw.objects.filter(state=DrawState.DRAWN).select_related("unit")
    if year is None:
        return draws.none()
    return scope.filter(draws.filter(filing_year=year))


@indicator("declarations.annual_declarants", label=_("定期申報義務人數"), unit="人", section=SECTION, order=10)
def annual_declarants(period, scope):
    return count_of(_annual(period, scope))


@indicator("declarations.consent_rate", label=_("財產申報授權比率"), unit="%", section=SECTION, order=20)
def consent_rate(period, scope):
    annual = _annual(period, scope)
    return percentage(annual.filter(consented=True).count(), annual.count(), annual)


@indicator("declarations.drawn.review", label=_("抽出辦理實質審查人數"), unit="人", section=SECTION, order=30)
def drawn_for_review(period, scope):
    return sum_of(_draws(period, scope), "review_count")


@indicator("declarations.comparison_ratio", label=_("前後年度比對抽籤比例"), unit="%", section=SECTION, order=40)
def comparison_ratio(period, scope):
    draws = _draws(period, scope)
    ratios = {Decimal(rules["comparison_ratio"]) for rules in draws.values_list("rules", flat=True)}
    if len(ratios) != 1:
        note = "no draws" if not ratios else "draws used different ratios"
        return IndicatorResult(None, draws, note=note)
    value = (ratios.pop() * 100).normalize()
    return IndicatorResult(int(value) if value == value.to_integral() else value, draws)


@indicator("declarations.drawn.comparison", label=_("抽出辦理前後年度比對人數"), unit="人", section=SECTION, order=50)
def drawn_for_comparison(period, scope):
    return sum_of(_draws(period, scope), "comparison_count")


def _concluded(period, scope):
    reviews = Review.objects.filter(
        state=ReviewState.CONCLUDED, concluded_on__gte=period.first_day, concluded_on__lte=period.last_day
    ).select_related("declarant")
    return scope.filter(reviews)


@indicator("declarations.reviews.done", label=_("完成實質審查件數"), unit="件", section=SECTION, order=60)
def reviews_done(period, scope):
    return count_of(_concluded(period, scope))


def _finding_indicator(finding: Finding, order: int):
    @indicator(
        f"declarations.findings.{finding.value}",
        label=format_lazy(_("實質審查結果：{}"), finding.label),
        unit="件",
        section=SECTION,
        order=order,
        sensitive=finding != Finding.NO_ISSUE,
    )
    def compute(period, scope):
        return count_of(_concluded(period, scope).filter(finding=finding))

    return compute


for _order, _finding in enumerate(Finding, start=70):
    _finding_indicator(_finding, _order)


@indicator("declarations.fines", label=_("財產申報罰鍰金額"), unit="元", section=SECTION, order=80)
def fines(period, scope):
    reviews = scope.filter(
        Review.objects.filter(
            fine_status__in=[FineStatus.IMPOSED, FineStatus.PAID],
            fine_decided_on__gte=period.first_day,
            fine_decided_on__lte=period.last_day,
        ).select_related("declarant")
    )
    total = reviews.aggregate(total=Sum("fine_amount"))["total"] or 0
    return IndicatorResult(total, reviews)
