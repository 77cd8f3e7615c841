"""Read side: every list starts from a scoped query; single records come from get_*_for (404 if not visible)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from probity.activities.enums import CheckResult, InspectionKind
from probity.activities.models import (
    ChecklistItem,
    Inspection,
    InspectionCheck,
    Meeting,
    Outreach,
    Proposal,
    ProtestAlert,
)
from probity.core.roc import Period
from probity.org.models import EthicsUnit
from probity.org.queries import get_visible, units_visible_to, visible_records

# 政風機構維護公務機密作業要點 point 16: a confidentiality inspection at least once every half-year. The custody of
# classified documents is checked as part of it, so either kind counts.
CONFIDENTIALITY_KINDS = (InspectionKind.CONFIDENTIALITY, InspectionKind.CLASSIFIED_DOCUMENTS)


def meetings_visible_to(user) -> QuerySet:
    meetings = Meeting.objects.select_related("agency", "unit").annotate(proposal_count=Count("proposals"))
    # An aggregate query ignores Meta.ordering: order explicitly.
    return visible_records(user, meetings).order_by("-date", "-id")


def proposals_visible_to(user) -> QuerySet:
    proposals = Proposal.objects.select_related("meeting__agency", "meeting__unit")
    return visible_records(user, proposals, field="meeting__unit")


def outreach_visible_to(user) -> QuerySet:
    return visible_records(user, Outreach.objects.select_related("agency", "unit"))


def _check_count(condition: Q) -> Coalesce:
    """How many of an inspection's checklist answers meet ``condition``: a subquery, so that it does not multiply
    the rows the follow-up counts are taken over."""
    counted = (
        InspectionCheck.objects.filter(condition, inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# A deficiency stays open until the day it was put right is recorded.
OPEN_DEFICIENCY = Q(result=CheckResult.DEFICIENT, corrected_on__isnull=True)


def inspections_visible_to(user) -> QuerySet:
    inspections = Inspection.objects.select_related("agency", "unit").annotate(
        follow_up_count=Count("follow_ups"),
        last_follow_up=Max("follow_ups__date"),
        check_count=_check_count(Q()),
        deficient_count=_check_count(Q(result=CheckResult.DEFICIENT)),
        open_deficiency_count=_check_count(OPEN_DEFICIENCY),
    )
    return visible_records(user, inspections).order_by("-date", "-id")


def checklist_items(kind: str | None = None) -> QuerySet:
    """The city's standard checklist questions: every staff member may read them, the 政風處 keeps them."""
    items = ChecklistItem.objects.all()
    return items.filter(kind=kind) if kind else items


@dataclass(frozen=True)
class QuestionRecord:
    """How often one standard question was answered conforming or deficient in a half-year (not applicable is not
    counted), and how often deficient."""

    answered: int
    deficient: int

    @property
    def percent(self) -> float | None:
        """The share of answers that found a deficiency, in percent."""
        return 100 * self.deficient / self.answered if self.answered else None


def question_records(user, period: Period) -> dict[int, QuestionRecord]:
    """Per standard question (by id), its answers on the inspections of ``period`` the user sees: one query."""
    inspections = inspections_visible_to(user).filter(date__gte=period.first_day, date__lte=period.last_day)
    rows = (
        InspectionCheck.objects.filter(inspection__in=inspections.values("pk"), item__isnull=False)
        .filter(result__in=(CheckResult.CONFORMING, CheckResult.DEFICIENT))
        .values("item_id")
        .annotate(answered=Count("pk"), deficient=Count("pk", filter=Q(result=CheckResult.DEFICIENT)))
        .order_by()
    )
    return {row["item_id"]: QuestionRecord(row["answered"], row["deficient"]) for row in rows}


def check_summary(checks) -> dict[str, int]:
    """How an inspection's questions were answered (its ``checks``, already read)."""
    results = [check.result for check in checks]
    return {
        "total": len(checks),
        "conforming": results.count(CheckResult.CONFORMING),
        "deficient": results.count(CheckResult.DEFICIENT),
        "not_applicable": results.count(CheckResult.NOT_APPLICABLE),
        "unanswered": results.count(""),
        "open": sum(check.is_open_deficiency for check in checks),
    }


def get_checklist_item(code) -> ChecklistItem:
    return get_object_or_404(ChecklistItem, code=code)


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


@dataclass(frozen=True)
class ConfidentialityCoverage:
    """One ethics unit's confidentiality inspections of a half-year."""

    unit: EthicsUnit
    confidentiality: int
    documents: int
    last: Inspection | None

    @property
    def done(self) -> bool:
        return self.last is not None


def _confidentiality_inspections(period: Period) -> QuerySet:
    return Inspection.objects.filter(
        kind__in=CONFIDENTIALITY_KINDS, date__gte=period.first_day, date__lte=period.last_day
    )


def confidentiality_coverage(user, period: Period) -> list[ConfidentialityCoverage]:
    """Each active unit the user sees, in the tree's order, with its confidentiality inspections of ``period``: two
    queries whatever the number of units (a half-year holds a few dozen such inspections city-wide)."""
    units = list(units_visible_to(user).filter(is_active=True).order_by("path"))
    found = defaultdict(list)
    for inspection in _confidentiality_inspections(period).filter(unit__in=units).order_by("date", "id"):
        found[inspection.unit_id].append(inspection)
    return [
        ConfidentialityCoverage(
            unit=unit,
            confidentiality=sum(i.kind == InspectionKind.CONFIDENTIALITY for i in found[unit.pk]),
            documents=sum(i.kind == InspectionKind.CLASSIFIED_DOCUMENTS for i in found[unit.pk]),
            last=found[unit.pk][-1] if found[unit.pk] else None,
        )
        for unit in units
    ]


def units_without_confidentiality_inspection(user, period: Period) -> QuerySet:
    """The active units the user sees that have no confidentiality inspection in ``period``."""
    done = _confidentiality_inspections(period).values("unit_id")
    return units_visible_to(user).filter(is_active=True).exclude(pk__in=done)


# A unit is reminded in the half-year's last two months: earlier, not having inspected yet is no delay.
CONFIDENTIALITY_REMINDER = dt.timedelta(days=61)


def confidentiality_inspections_due(user, today: dt.date) -> QuerySet:
    """The units still to hold the confidentiality inspection of the half-year holding ``today``, once it nears its end."""
    period = Period.containing(today)
    if period.last_day - today > CONFIDENTIALITY_REMINDER:
        return EthicsUnit.objects.none()
    return units_without_confidentiality_inspection(user, period)
