"""Dashboard worklists of the access-log audit, for designated officers: alerts to decide, samples to draw or check."""

import datetime as dt

from django.db.models import F
from django.utils import timezone
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
    return queries.sample_summaries(queries.samples_visible_to(user)).filter(checked__lt=F("size"))


@worklist(
    "accessaudit.month_not_sampled",
    label=_("上月查閱紀錄尚未抽查（每月須抽查 1%）"),
    url_name="accessaudit:system_list",
    permission="accessaudit.use",
)
def month_not_sampled(user):
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    return queries.systems_without_sample(user, last_month.strftime("%Y-%m"))
