"""Dashboard worklist of conflicts: post-publication disclosures waiting to be published."""

from django.utils.translation import gettext_lazy as _

from probity.conflicts.queries import disclosures_to_publish
from probity.core.worklists import worklist


@worklist(
    "conflicts.disclosures_to_publish",
    label=_("身分關係待事後公開（30日內）"),
    url_name="conflicts:disclosures_due",
    permission="conflicts.view_records",
)
def disclosures_due(user):
    return disclosures_to_publish(user)
