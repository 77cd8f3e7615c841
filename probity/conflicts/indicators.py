"""The conflict-of-interest figures of the half-year report (一(三)2)."""

from django.utils.translation import gettext_lazy as _

from probity.conflicts.enums import DISCLOSED_EXCEPTIONS
from probity.conflicts.models import Recusal, RelationshipDisclosure
from probity.core.indicators import IndicatorResult, count_of, indicator


@indicator("conflicts.recusals", label=_("利益衝突迴避案件"), unit="案", section="一(三)2", order=20)
def recusals(period, scope) -> IndicatorResult:
    """Recusals notified, applied for or ordered in the period."""
    qs = Recusal.objects.filter(filed_on__gte=period.first_day, filed_on__lte=period.last_day)
    return count_of(scope.filter(qs))


@indicator("conflicts.disclosures", label=_("補助交易身分關係揭露"), unit="案", section="一(三)2", order=21)
def disclosures(period, scope) -> IndicatorResult:
    """Disclosed subsidies and transactions (exceptions 1–3) concluded in the period; small-amount deals apart."""
    qs = RelationshipDisclosure.objects.filter(
        exception__in=DISCLOSED_EXCEPTIONS, concluded_on__gte=period.first_day, concluded_on__lte=period.last_day
    )
    return count_of(scope.filter(qs))
