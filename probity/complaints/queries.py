"""The read side of complaints. Every list and page starts here.

A user sees a case when its unit lies in the user's scope, unless the user is named as one of
its subjects or was excluded from it for a conflict of interest: then never, whatever the role.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from probity.complaints import deadlines
from probity.complaints.enums import CLOSED, Status
from probity.complaints.models import (
    Assignment,
    Complaint,
    DisciplinaryAction,
    Exclusion,
    ProsecutorReferral,
    ProtectionCheck,
    ProtectionWatch,
    Statement,
    Subject,
)
from probity.core import roc
from probity.declarations.queries import DeclaredTie, declared_ties
from probity.org.queries import get_visible, visible_records
from probity.org.scope import Scope


def _without_conflicts(user, queryset: QuerySet, prefix: str = "") -> QuerySet:
    if not user.is_authenticated:
        return queryset.none()
    named = Subject.objects.filter(complaint=OuterRef(f"{prefix}pk"), officer=user)
    excluded = Exclusion.objects.filter(complaint=OuterRef(f"{prefix}pk"), user=user)
    return queryset.exclude(Exists(named)).exclude(Exists(excluded))


def complaints_visible_to(user) -> QuerySet:
    return _without_conflicts(user, visible_records(user, Complaint.objects.all(), field="unit"))


def get_complaint_for(user, code) -> Complaint:
    return get_visible(user, complaints_visible_to(user).select_related("unit", "agency"), code, field="unit")


def complaint_list(user) -> QuerySet:
    """The list page's rows, with what it shows loaded in a fixed number of queries."""
    return (
        complaints_visible_to(user)
        .select_related("unit", "agency")
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.only("id", "complaint_id", "name", "title")))
    )


def search_complaints(queryset: QuerySet, *, q: str = "", **filters) -> QuerySet:
    """Search on number, summary, subject and agency; the identity is sealed and never searched."""
    if q:
        condition = (
            Q(summary__icontains=q)
            | Q(subjects__name__icontains=q)
            | Q(agency__name__icontains=q)
            | Q(agency__short_name__icontains=q)
            | Q(legacy_number__icontains=q)
        )
        year, _sep, seq = q.partition("-")
        if year.isdigit() and seq.isdigit():
            condition |= Q(roc_year=int(year), sequence=int(seq))
        queryset = queryset.filter(pk__in=queryset.filter(condition).values("pk"))
    if period := filters.get("period"):
        queryset = queryset.filter(received_on__gte=period.first_day, received_on__lte=period.last_day)
    if agency := filters.get("agency"):
        queryset = queryset.filter(agency__path__startswith=agency.path)
    if category := filters.get("category"):
        queryset = queryset.filter(categories__icontains=f'"{category}"')
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if subject := filters.get("subject"):
        queryset = queryset.filter(pk__in=Subject.objects.filter(name__icontains=subject).values("complaint_id"))
    if date_from := filters.get("received_from"):
        queryset = queryset.filter(received_on__gte=date_from)
    if date_to := filters.get("received_to"):
        queryset = queryset.filter(received_on__lte=date_to)
    if filters.get("anonymous") in ("yes", "no"):
        queryset = queryset.filter(is_anonymous=filters["anonymous"] == "yes")
    return queryset


def handlers_of(complaint: Complaint) -> QuerySet:
    return Assignment.objects.filter(complaint=complaint, is_active=True).select_related("handler")


# Relations as a sentence names them (the declarations' labels are headings).
RELATION_WORDS = {
    "spouse": pgettext_lazy("declared relation", "配偶"),
    "child": pgettext_lazy("declared relation", "子女"),
}


@dataclass(frozen=True)
class PossibleConflict:
    """A staff member who may be family of a subject, by the names in an asset declaration (利益迴避 prompt)."""

    user: object
    subject: Subject
    tie: DeclaredTie

    @property
    def text(self) -> str:
        declarant = self.tie.declarant
        values = {
            "user": self.user.full_name,
            "subject": self.subject.name,
            "relation": RELATION_WORDS[self.tie.relation],
            "agency": declarant.agency.short_name,
            "position": declarant.position,
        }
        if declarant.name == self.subject.name:
            return _("%(user)s與被檢舉人%(subject)s（%(agency)s%(position)s）在財產申報所列的%(relation)s同名") % values
        return _("被檢舉人%(subject)s與%(user)s（%(agency)s%(position)s）在財產申報所列的%(relation)s同名") % values


def possible_conflicts(complaint: Complaint, users) -> list[PossibleConflict]:
    """Staff among ``users`` whose name is a subject's declared spouse or minor child, or whose own declaration
    names a subject as one. Subjects are matched on their agency as well when the case records it."""
    subjects = list(complaint.subjects.select_related("agency"))
    staff: dict[str, list] = {}
    for user in users:
        if user.full_name:
            staff.setdefault(user.full_name, []).append(user)
    conflicts = {}
    for tie in declared_ties({s.name for s in subjects} | set(staff)):
        for subject in subjects:
            if tie.declarant.name == subject.name and subject.agency_id in (None, tie.declarant.agency_id):
                users = staff.get(tie.member, [])
            elif tie.member == subject.name:
                users = staff.get(tie.declarant.name, [])
            else:
                continue
            # One line per person and tie, though a declarant holding two posts files (and matches) twice.
            for user in users:
                key = (user.pk, subject.pk, tie.relation, tie.declarant.name)
                conflicts.setdefault(key, PossibleConflict(user, subject, tie))
    return list(conflicts.values())


def timeline_of(complaint: Complaint) -> QuerySet:
    return complaint.events.select_related("actor").order_by("occurred_at", "id")


# Deadlines ---------------------------------------------------------------------------


def _today() -> dt.date:
    return roc.local_date(dt.datetime.now(dt.UTC))


def ack_pending(queryset: QuerySet) -> QuerySet:
    """Cases whose complainant can be reached and has not yet been sent the acknowledgement."""
    return queryset.filter(acknowledged_on__isnull=True).filter(Q(is_anonymous=False) | Q(origin="portal"))


def outcome_pending(queryset: QuerySet) -> QuerySet:
    return queryset.filter(outcome_notified_on__isnull=True).filter(Q(is_anonymous=False) | Q(origin="portal"))


def overdue_acknowledgements(user, today: dt.date | None = None) -> QuerySet:
    return ack_pending(complaints_visible_to(user)).filter(ack_due_on__lt=today or _today())


def overdue_outcomes(user, today: dt.date | None = None) -> QuerySet:
    return outcome_pending(complaints_visible_to(user)).filter(outcome_due_on__lt=today or _today())


def due_complaints(user, today: dt.date | None = None) -> QuerySet:
    """Cases with a notice due within the warning window or already overdue, earliest deadline first."""
    today = today or _today()
    horizon = today + dt.timedelta(days=deadlines.due_soon_days())
    visible = complaints_visible_to(user)
    ack = ack_pending(visible).filter(ack_due_on__lte=horizon).values("pk")
    outcome = outcome_pending(visible).filter(outcome_due_on__lte=horizon).values("pk")
    return (
        visible.filter(Q(pk__in=ack) | Q(pk__in=outcome))
        .select_related("unit", "agency")
        .order_by("outcome_due_on", "ack_due_on", "id")
    )


def open_statuses() -> list[str]:
    return [s for s in Status.values if s not in CLOSED]


# Referrals and discipline --------------------------------------------------------------


def referrals_visible_to(user) -> QuerySet:
    referrals = visible_records(user, ProsecutorReferral.objects.all(), field="unit")
    # A referral from a case the user may not see (subject or conflict) stays hidden too.
    hidden = Complaint.objects.exclude(pk__in=complaints_visible_to(user).values("pk")).values("pk")
    return referrals.exclude(complaint__in=hidden)


def get_referral_for(user, code) -> ProsecutorReferral:
    return get_visible(user, referrals_visible_to(user).select_related("unit", "agency", "complaint"), code)


def referral_list(user) -> QuerySet:
    return (
        referrals_visible_to(user)
        .select_related("unit", "agency", "complaint")
        .annotate(persons=Count("outcomes__person_name", distinct=True))
        .order_by("-referred_on", "-id")
    )


def disciplinary_actions_visible_to(user) -> QuerySet:
    return DisciplinaryAction.objects.filter(complaint__in=complaints_visible_to(user)).select_related(
        "complaint", "complaint__unit", "complaint__agency"
    )


def scope_complaints(scope: Scope) -> QuerySet:
    return scope.filter(Complaint.objects.all(), field="unit")


# Protection of the complainant ------------------------------------------------------------


def protection_watches_visible_to(user) -> QuerySet:
    return ProtectionWatch.objects.filter(complaint__in=complaints_visible_to(user))


def protection_list(user, *, state: str = "", today: dt.date | None = None) -> QuerySet:
    """Watches of the cases the user sees, with their last check; ``state`` is due, active (not ended) or ended."""
    today = today or _today()
    watches = protection_watches_visible_to(user)
    if state == "due":
        watches = watches.filter(next_check_on__lte=today)
    elif state == "active":
        watches = watches.filter(ended_on__isnull=True)
    elif state == "ended":
        watches = watches.filter(ended_on__isnull=False)
    last = ProtectionCheck.objects.filter(watch=OuterRef("pk")).order_by("-checked_on", "-id")
    return (
        watches.select_related("complaint", "complaint__unit", "complaint__agency")
        .annotate(last_checked_on=Max("checks__checked_on"), last_result=Subquery(last.values("result")[:1]))
        .order_by(F("ended_on").asc(nulls_first=True), "next_check_on", "id")
    )


def statements_visible_to(user, *, state: str = "") -> QuerySet:
    """The statements (筆錄) of the cases the user sees, oldest first; ``state`` is pending (not yet confirmed by
    the complainant) or confirmed. Only when, where, by whom and how confirmed: the text stays sealed."""
    statements = Statement.objects.filter(complaint__in=complaints_visible_to(user).values("pk"))
    if state == "pending":
        statements = statements.filter(confirmed_on__isnull=True)
    elif state == "confirmed":
        statements = statements.filter(confirmed_on__isnull=False)
    return statements.select_related("complaint", "complaint__unit", "recorded_by").order_by("taken_on", "id")


def protection_checks_due(user, today: dt.date | None = None) -> QuerySet:
    return protection_watches_visible_to(user).filter(next_check_on__lte=today or _today())
