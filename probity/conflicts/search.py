"""The conflict-of-interest records the search box finds, on the same fields as their lists' search."""

from django.utils.translation import gettext_lazy as _

from probity.conflicts import queries
from probity.core.search import searchable_lists

VIEW = "conflicts.view_records"
RECUSAL_FIELDS = ("official_name", "official_title", "matter", "applicant")
DISCLOSURE_FIELDS = ("deal_name", "official_name", "related_party_name", "counterparty", "business_id")

KINDS = [
    ("recusal", _("迴避案件"), queries.recusals_visible_to, RECUSAL_FIELDS, "filed_on"),
    ("disclosure", _("身分關係揭露"), queries.disclosures_visible_to, DISCLOSURE_FIELDS, "concluded_on"),
]

searchable_lists("conflicts", KINDS, permission=VIEW, order=300)
