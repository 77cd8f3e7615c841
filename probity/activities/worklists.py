"""Dashboard worklist: inspections whose follow-up is past its deadline."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from probity.activities.queries import inspections_overdue
from probity.core.worklists import worklist


@worklist(
    "activities.inspections.overdue",
    label=_("檢查缺失逾期未改善"),
    url_name="activities:inspection_list",
    permission="activities.view_activities",
)
def overdue_inspections(user):
    return inspections_overdue(user, timezone.localdate())
