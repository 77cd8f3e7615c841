"""Dashboard worklists: late declarations and reviews whose explanation deadline has passed."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from probity.core.worklists import worklist
from probity.declarations.enums import ReviewState
from probity.declarations.queries import reviews_visible_to


@worklist(
    "declarations.explanation_overdue",
    label=_("財產申報實質審查：說明期限已過"),
    url_name="declarations:review_list",
    permission="declarations.view",
)
def explanations_overdue(user):
    return reviews_visible_to(user).filter(
        state=ReviewState.EXPLANATION_REQUESTED, explanation_due_on__lt=timezone.localdate()
    )
