"""Dashboard worklists: notices to complainants past their statutory deadline, protection checks due, and
statements of oral complaints the complainant has not yet confirmed."""

from django.utils.translation import gettext_lazy as _

from probity.complaints import queries
from probity.core.worklists import worklist


@worklist("complaints.ack_overdue", label=_("逾期未寄受理通知的檢舉案"), url_name="complaints:due")
def overdue_acknowledgements(user):
    return queries.overdue_acknowledgements(user)


@worklist("complaints.outcome_overdue", label=_("逾期未寄調查結果通知的檢舉案"), url_name="complaints:due")
def overdue_outcomes(user):
    return queries.overdue_outcomes(user)


@worklist("complaints.statements_pending", label=_("待檢舉人確認的筆錄"), url_name="complaints:statement_list")
def statements_pending(user):
    return queries.statements_visible_to(user, state="pending")


@worklist("complaints.protection_due", label=_("檢舉人保護追蹤到期"), url_name="complaints:protection_list")
def protection_checks_due(user):
    return queries.protection_checks_due(user)
