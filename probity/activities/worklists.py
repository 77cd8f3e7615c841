"""Dashboard worklists: inspections whose follow-up is past its deadline, and units whose half-yearly confidentiality
inspection is still to be done as the half-year ends."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from probity.activities.queries import confidentiality_inspections_due, inspections_overdue
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
    "activities.confidentiality_inspection_due",
    label=_("半年將屆仍未辦理公務機密維護檢查的政風機構"),
    url_name="activities:confidentiality_coverage",
    permission="activities.view_activities",
)
def confidentiality_inspection_due(user):
    return confidentiality_inspections_due(user, timezone.localdate())
