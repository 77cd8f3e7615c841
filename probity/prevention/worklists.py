"""Dashboard worklists of prevention: overdue recommendations and risks due for review."""

from django.utils.translation import gettext_lazy as _

from probity.core.worklists import worklist
from probity.prevention.queries import overdue_recommendations, risks_due_for_review


@worklist(
    "prevention.recommendations_overdue",
    label=_("稽核建議逾期未回復"),
    url_name="prevention:recommendations_overdue",
    permission="prevention.view_records",
)
def recommendations_overdue(user):
    return overdue_recommendations(user)


@worklist(
    "prevention.risks_review_due",
    label=_("廉政風險逾期未檢視"),
    url_name="prevention:risks_review_due",
    permission="prevention.view_records",
)
def risks_review_due(user):
    return risks_due_for_review(user)
