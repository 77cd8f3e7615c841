"""The conflict-of-interest records the search box finds, on the same fields as their lists' search."""

from django.utils.translation import gettext_lazy as _

from probity.conflicts import queries
from probity.core.search import matching, searchable

VIEW = "conflicts.view_records"
RECUSAL_FIELDS = ("official_name", "official_title", "matter", "applicant")
DISCLOSURE_FIELDS = ("deal_name", "official_name", "related_party_name", "counterparty", "business_id")


@searchable(
    "conflicts.recusal",
    label=_("迴避案件"),
    permission=VIEW,
    list_url_name="conflicts:recusal_list",
    date_field="filed_on",
    order=300,
)
def recusals(user, text):
    return matching(queries.recusals_visible_to(user), text, RECUSAL_FIELDS)


@searchable(
    "conflicts.disclosure",
    label=_("身分關係揭露"),
    permission=VIEW,
    list_url_name="conflicts:disclosure_list",
    date_field="concluded_on",
    order=310,
)
def disclosures(user, text):
    return matching(queries.disclosures_visible_to(user), text, DISCLOSURE_FIELDS)
