"""The complaint cases and referrals the search box finds, on the same fields as their lists' search. A
complainant's identity and the statements are sealed and never searched."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from probity.complaints import queries
from probity.core.search import searchable, searchable_lists

REFERRAL_FIELDS = ("summary", "doc_no", "office")


def _referrals(user):
    return queries.referrals_visible_to(user).select_related("agency").order_by("-referred_on", "-id")


@searchable(
    "complaints.complaint",
    label=pgettext_lazy("list", "檢舉案件"),
    permission="complaints.view_complaint",
    list_url_name="complaints:list",
    date_field="received_on",
    order=10,
)
def complaints(user, text):
    return queries.search_complaints(queries.complaints_visible_to(user).select_related("agency"), q=text)


searchable_lists(
    "complaints",
    [("referral", _("函送司法機關參偵"), _referrals, REFERRAL_FIELDS, "referred_on")],
    permission="complaints.view_referral",
    order=20,
)
