"""The read side of prevention: scoped lists, single records, worklists and the report's highlights."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from probity.core.roc import Period, local_date
from probity.org.queries import get_visible, visible_records
from probity.org.scope import Scope
from probity.prevention.enums import RecommendationStatus
from probity.prevention.models import (
    EducationHighlight,
    IntegrityPlatform,
    PreventiveAction,
    Recommendation,
    RepreventionReport,
    Risk,
    RiskMatrix,
    RoleModelNomination,
    RoleModelSelection,
    SpecialAudit,
)


def taipei_today() -> dt.date:
    """Today in Taipei, whatever the server's time zone."""
    return local_date(dt.datetime.now(dt.UTC))


def audits_visible_to(user) -> QuerySet:
    qs = SpecialAudit.objects.select_related("agency", "unit").annotate(
        recommendation_count=Count("recommendations", distinct=True),
        open_count=Count(
            "recommendations",
            filter=Q(recommendations__status__in=[RecommendationStatus.PENDING, RecommendationStatus.OVERDUE]),
            distinct=True,
        ),
    )
    return visible_records(user, qs.order_by("-completed_on", "-id"))


def get_audit_for(user, code) -> SpecialAudit:
    return get_visible(user, SpecialAudit.objects.select_related("agency", "unit"), code)


def recommendations_visible_to(user) -> QuerySet:
    qs = Recommendation.objects.select_related("audit", "audit__agency")
    return visible_records(user, qs, field="audit__unit")


def get_recommendation_for(user, code) -> Recommendation:
    return get_visible(user, Recommendation.objects.select_related("audit"), code, field="audit__unit")


def overdue_recommendations(user, today: dt.date | None = None) -> QuerySet:
    """Recommendations without an answer whose reply date has passed (marked overdue or not yet)."""
    today = today or taipei_today()
    return recommendations_visible_to(user).filter(
        status__in=[RecommendationStatus.PENDING, RecommendationStatus.OVERDUE], reply_due__lt=today
    )


def actions_visible_to(user) -> QuerySet:
    return visible_records(user, PreventiveAction.objects.select_related("agency", "unit"))


def get_action_for(user, code) -> PreventiveAction:
    return get_visible(user, PreventiveAction.objects.select_related("agency", "unit", "audit"), code)


def repreventions_visible_to(user) -> QuerySet:
    return visible_records(user, RepreventionReport.objects.select_related("agency", "unit"))


def get_reprevention_for(user, code) -> RepreventionReport:
    return get_visible(user, RepreventionReport.objects.select_related("agency", "unit"), code)


def platforms_visible_to(user) -> QuerySet:
    qs = IntegrityPlatform.objects.select_related("agency", "unit").annotate(meeting_count=Count("meetings"))
    return visible_records(user, qs.order_by("-launched_on", "-id"))


def get_platform_for(user, code) -> IntegrityPlatform:
    return get_visible(user, IntegrityPlatform.objects.select_related("agency", "unit"), code)


def public_platforms() -> QuerySet:
    """Platforms published on the portal; nobody needs to log in to read them."""
    return IntegrityPlatform.objects.filter(is_public=True).select_related("agency")


def platforms_active_in(period: Period) -> QuerySet:
    """Platforms launched by the end of ``period`` and not closed before it began."""
    return IntegrityPlatform.objects.filter(launched_on__lte=period.last_day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.first_day)
    )


def highlights_visible_to(user) -> QuerySet:
    return visible_records(user, EducationHighlight.objects.select_related("agency", "unit"))


def get_highlight_for(user, code) -> EducationHighlight:
    return get_visible(user, EducationHighlight.objects.select_related("agency", "unit"), code)


def education_highlights(period: Period, scope: Scope) -> QuerySet:
    """The education highlights a report of ``period`` and ``scope`` quotes, in report order.

    Each has ``section`` (the report paragraph, e.g. ``1-2-2`` for 一(二)2), ``title`` and ``narrative``.
    """
    qs = EducationHighlight.objects.select_related("agency", "unit").filter(
        held_on__gte=period.first_day, held_on__lte=period.last_day
    )
    return scope.filter(qs).order_by("section", "sort_order", "held_on", "id")


def selections_visible_to(user) -> QuerySet:
    """Selections are city-wide: every staff member sees them, the nominations inside are scoped."""
    if not (user.is_authenticated and user.is_active):
        return RoleModelSelection.objects.none()
    return RoleModelSelection.objects.annotate(nomination_count=Count("nominations")).order_by("-roc_year")


def get_selection_for(user, code) -> RoleModelSelection:
    try:
        return selections_visible_to(user).get(code=code)
    except (RoleModelSelection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def nominations_visible_to(user) -> QuerySet:
    qs = RoleModelNomination.objects.select_related("selection", "nominating_agency", "agency", "unit")
    return visible_records(user, qs)


def get_nomination_for(user, code) -> RoleModelNomination:
    return get_visible(user, RoleModelNomination.objects.select_related("selection", "nominating_agency"), code)


def matrices() -> QuerySet:
    return RiskMatrix.objects.all()


def default_matrix() -> RiskMatrix | None:
    return RiskMatrix.objects.filter(is_default=True).first() or RiskMatrix.objects.first()


def matrices_in_use(user) -> list[RiskMatrix]:
    """The matrices of the user's open risks (the default one when there are none), for the heat-maps."""
    in_use = list(RiskMatrix.objects.filter(pk__in=risks_visible_to(user).filter(is_closed=False).values("matrix")))
    if in_use:
        return in_use
    default = default_matrix()
    return [default] if default else []


def get_matrix(code) -> RiskMatrix:
    try:
        return RiskMatrix.objects.get(code=code)
    except (RiskMatrix.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def risks_visible_to(user) -> QuerySet:
    return visible_records(user, Risk.objects.select_related("agency", "unit", "matrix"))


def get_risk_for(user, code) -> Risk:
    return get_visible(user, Risk.objects.select_related("agency", "unit", "matrix"), code)


def risks_due_for_review(user, today: dt.date | None = None) -> QuerySet:
    """Open risks whose next review date has passed."""
    today = today or taipei_today()
    return risks_visible_to(user).filter(is_closed=False, next_review_on__lt=today)
