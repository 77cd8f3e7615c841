"""Dashboard worklists: inspections whose follow-up is past its deadline, and units whose half-yearly secrecy
inspection is still to be done as the half-year ends."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from probity.activities.queries import inspections_overdue, secrecy_inspections_due
from probity.core.worklists import worklist


@worklist(
    "activities.inspections.overdue",
    label=_("檢查缺失逾期未改善"),
    url_name="activities:inspection_list",
    permission="activities.view_activities",
)
def overdue_inspections(user):
    return inspections_overdue(user, timezone.localdate())


@worklist(
    "activities.secrecy_inspection_due",
    label=_("半年將屆仍未辦理公務機密維護檢查的政風機構"),
    url_name="activities:secrecy_coverage",
    permission="activities.view_activities",
)
def secrecy_inspection_due(user):
    return secrecy_inspections_due(user, timezone.localdate())
