"""Dashboard worklist of conflicts: post-publication disclosures waiting to be published."""

from django.utils.translation import gettext_lazy as _

from probity.conflicts.queries import disclosures_to_publish, recusals_awaiting_rollup
from probity.core.worklists import worklist


@worklist(
    "conflicts.disclosures_to_publish",
    label=_("身分關係待事後公開（30日內）"),
    url_name="conflicts:disclosures_due",
    permission="conflicts.view_records",
)
def disclosures_due(user):
    return disclosures_to_publish(user)


@worklist(
    "conflicts.recusal_rollup_due",
    label=_("迴避案件年度彙報待函報（年度結束後30日內）"),
    url_name="conflicts:rollup_index",
    permission="conflicts.view_records",
)
def rollup_due(user):
    return recusals_awaiting_rollup(user)
