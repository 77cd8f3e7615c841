"""Read side of reports: scoped lists and single objects (404 for missing and forbidden alike)."""

from django.db.models import F, Q, QuerySet
from django.http import Http404

from probity.org.queries import get_visible, units_visible_to, visible_records
from probity.org.scope import Scope
from probity.reports.models import BuiltReport, Highlight, ReportTemplate, TemplateVersion


def highlights_visible_to(user) -> QuerySet:
    return visible_records(user, Highlight.objects.select_related("unit", "agency", "author"))


def get_highlight_for(user, code) -> Highlight:
    return get_visible(user, Highlight.objects.select_related("unit", "agency"), code)


def reports_visible_to(user) -> QuerySet:
    """City-wide reports are read by every staff member; a unit's report by those who see the unit."""
    reports = BuiltReport.objects.select_related("template_version__template", "unit", "built_by")
    if not (user.is_authenticated and user.is_active):
        return reports.none()
    if user.sees_all:
        return reports
    if user.unit_id is None:
        return reports.filter(unit__isnull=True)
    return reports.filter(Q(unit__isnull=True) | Q(unit__path__startswith=user.unit.path))


def get_report_for(user, code) -> BuiltReport:
    try:
        return reports_visible_to(user).get(code=code)
    except (BuiltReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def templates_visible_to(user) -> QuerySet:
    if not (user.is_authenticated and user.is_active):
        return ReportTemplate.objects.none()
    return ReportTemplate.objects.all()


def get_template_for(user, code) -> ReportTemplate:
    try:
        return templates_visible_to(user).get(code=code)
    except (ReportTemplate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_version_for(user, code) -> TemplateVersion:
    try:
        return TemplateVersion.objects.select_related("template", "author").get(
            code=code, template__in=templates_visible_to(user)
        )
    except (TemplateVersion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def scope_for(user, code: str | None) -> Scope:
    """The scope a user asked for: ``city`` or a unit code within what the user sees (else 404)."""
    own = Scope.for_user(user)
    if not code or code == "city":
        return own
    try:
        unit = units_visible_to(user).get(code=code)
    except (ValueError, TypeError, units_visible_to(user).model.DoesNotExist):
        raise Http404 from None
    return Scope(unit)


def published_reports() -> QuerySet:
    """What the public portal lists: every report the department published, newest period first."""
    return (
        BuiltReport.objects.filter(published=True)
        .select_related("unit")
        # The city's report first in each half-year, on every database (PostgreSQL sorts NULLs last).
        .order_by("-period", F("unit__path").asc(nulls_first=True), "-published_at", "-id")
    )


def get_published_report(code) -> BuiltReport:
    try:
        return published_reports().get(code=code)
    except (BuiltReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
