"""Dashboard worklists of the access-log audit, for designated officers: alerts and samples still to review."""

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from probity.accessaudit import queries
from probity.accessaudit.enums import Decision
from probity.core.worklists import worklist


@worklist(
    "accessaudit.alerts_to_review",
    label=_("查閱稽核警示待審查或待查證"),
    url_name="accessaudit:alert_list",
    permission="accessaudit.use",
)
def alerts_to_review(user):
    return queries.alerts_visible_to(user).filter(decision__in=[Decision.OPEN, Decision.INQUIRY])


@worklist(
    "accessaudit.samples_unchecked",
    label=_("查閱紀錄抽查尚未核對完成"),
    url_name="accessaudit:system_list",
    permission="accessaudit.use",
)
def samples_unchecked(user):
    return (
        queries.samples_visible_to(user).annotate(checked=Count("checks")).filter(checked__lt=F("size")).defer("drawn")
    )
