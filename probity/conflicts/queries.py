"""The read side of conflicts: scoped lists, the publication worklist, the small-amount check and the public listing."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from probity.conflicts.enums import (
    DISCLOSED_EXCEPTIONS,
    PUBLICATION_DAYS,
    SMALL_DEAL_LIMIT,
    SMALL_YEAR_LIMIT,
    DisclosureMode,
    Exception_,
)
from probity.conflicts.models import Recusal, RecusalRollup, RelationshipDisclosure
from probity.core.roc import local_date
from probity.org.queries import get_visible, visible_records


def taipei_today() -> dt.date:
    """Today in Taipei, whatever the server's time zone."""
    return local_date(dt.datetime.now(dt.UTC))


def recusals_visible_to(user) -> QuerySet:
    return visible_records(user, Recusal.objects.select_related("agency", "unit"))


def get_recusal_for(user, code) -> Recusal:
    return get_visible(user, Recusal.objects.select_related("agency", "unit"), code)


def recusals_of_year(user, roc_year: int) -> QuerySet:
    from probity.core.roc import to_ad_year

    year = to_ad_year(roc_year)
    return recusals_visible_to(user).filter(filed_on__year=year).order_by("agency__path", "filed_on", "id")


def rollups_visible_to(user) -> QuerySet:
    return visible_records(user, RecusalRollup.objects.select_related("unit"))


def disclosures_visible_to(user) -> QuerySet:
    return visible_records(user, RelationshipDisclosure.objects.select_related("agency", "unit"))


def get_disclosure_for(user, code) -> RelationshipDisclosure:
    return get_visible(user, RelationshipDisclosure.objects.select_related("agency", "unit"), code)


def publishable() -> Q:
    return Q(mode=DisclosureMode.POST, exception__in=DISCLOSED_EXCEPTIONS)


def disclosures_to_publish(user, today: dt.date | None = None) -> QuerySet:
    """Post-publication disclosures not yet published, oldest deadline first (the worklist)."""
    today = today or taipei_today()
    return (
        disclosures_visible_to(user)
        .filter(publishable(), published_on__isnull=True, concluded_on__lte=today)
        .order_by("concluded_on", "id")
    )


def disclosures_overdue(user, today: dt.date | None = None) -> QuerySet:
    """Unpublished post-publication disclosures whose 30 days have passed."""
    today = today or taipei_today()
    return disclosures_to_publish(user, today).filter(concluded_on__lt=today - dt.timedelta(days=PUBLICATION_DAYS))


def public_disclosures(today: dt.date | None = None) -> QuerySet:
    """What the law says to publish: post-publication disclosures under exceptions 1–3, once published."""
    today = today or taipei_today()
    return (
        RelationshipDisclosure.objects.filter(publishable(), published_on__isnull=False, published_on__lte=today)
        .select_related("agency")
        .order_by("-published_on", "-id")
    )


@dataclass(frozen=True)
class SmallAmountCheck:
    """The small-amount exception for one more deal with a counterparty in a calendar year."""

    amount: Decimal
    earlier_total: Decimal  # the year's other small-amount deals of the agency with this counterparty
    deal_ok: bool
    year_ok: bool

    @property
    def year_total(self) -> Decimal:
        return self.earlier_total + self.amount

    @property
    def ok(self) -> bool:
        return self.deal_ok and self.year_ok


def check_small_amount(
    *, agency, counterparty_key: str, concluded_on: dt.date, amount: Decimal, exclude_pk: int | None = None
) -> SmallAmountCheck:
    """Each deal ≤ NT$10,000 and, in the calendar year, ≤ NT$100,000 in all with the same counterparty."""
    others = RelationshipDisclosure.objects.filter(
        agency=agency, exception=Exception_.SMALL_AMOUNT, concluded_on__year=concluded_on.year
    ).filter(Q(business_id=counterparty_key) | Q(business_id="", counterparty=counterparty_key))
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    earlier = others.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    amount = Decimal(amount)
    return SmallAmountCheck(
        amount=amount,
        earlier_total=earlier,
        deal_ok=amount <= SMALL_DEAL_LIMIT,
        year_ok=earlier + amount <= SMALL_YEAR_LIMIT,
    )


def recusals_awaiting_rollup(user, today: dt.date | None = None) -> QuerySet:
    """Last year's recusals while the user's unit has not yet recorded its yearly roll-up (Art 11)."""
    from probity.core.roc import to_roc_year

    today = today or taipei_today()
    last_year = to_roc_year(today.year) - 1
    if not user.is_authenticated or user.unit_id is None:
        return Recusal.objects.none()
    if RecusalRollup.objects.filter(unit_id=user.unit_id, roc_year=last_year).exists():
        return Recusal.objects.none()
    return recusals_of_year(user, last_year)
