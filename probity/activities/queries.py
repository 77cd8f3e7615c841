"""Read side: every list starts from a scoped query; single records come from get_*_for (404 if not visible)."""

from django.db.models import Count, Max, QuerySet

from probity.activities.models import Inspection, Meeting, Outreach, Proposal, ProtestAlert
from probity.org.queries import get_visible, visible_records


def meetings_visible_to(user) -> QuerySet:
    meetings = Meeting.objects.select_related("agency", "unit").annotate(proposal_count=Count("proposals"))
    # An aggregate query ignores Meta.ordering: order explicitly.
    return visible_records(user, meetings).order_by("-date", "-id")


def proposals_visible_to(user) -> QuerySet:
    proposals = Proposal.objects.select_related("meeting__agency", "meeting__unit")
    return visible_records(user, proposals, field="meeting__unit")


def outreach_visible_to(user) -> QuerySet:
    return visible_records(user, Outreach.objects.select_related("agency", "unit"))


def inspections_visible_to(user) -> QuerySet:
    inspections = Inspection.objects.select_related("agency", "unit").annotate(
        follow_up_count=Count("follow_ups"), last_follow_up=Max("follow_ups__date")
    )
    return visible_records(user, inspections).order_by("-date", "-id")


def alerts_visible_to(user) -> QuerySet:
    return visible_records(user, ProtestAlert.objects.select_related("agency", "unit"))


def get_meeting_for(user, code) -> Meeting:
    return get_visible(user, meetings_visible_to(user), code)


def get_proposal_for(user, code) -> Proposal:
    return get_visible(user, proposals_visible_to(user), code, field="meeting__unit")


def get_outreach_for(user, code) -> Outreach:
    return get_visible(user, outreach_visible_to(user), code)


def get_inspection_for(user, code) -> Inspection:
    return get_visible(user, inspections_visible_to(user), code)


def get_alert_for(user, code) -> ProtestAlert:
    return get_visible(user, alerts_visible_to(user), code)


def inspections_overdue(user, today) -> QuerySet:
    """Inspections still followed up after their follow-up deadline."""
    return inspections_visible_to(user).filter(status="following_up", follow_up_due__lt=today)


def outreach_highlights(period, scope, topic: str | None = None) -> QuerySet:
    """Outreach of a half-year with a narrative highlight, for a report to quote (oldest first)."""
    outreach = Outreach.objects.exclude(highlight="").filter(date__gte=period.first_day, date__lte=period.last_day)
    if topic:
        outreach = outreach.filter(topic=topic)
    return scope.filter(outreach.select_related("agency")).order_by("date", "id")
