"""The prevention records the search box finds, on the same fields as their lists' search."""

from django.utils.translation import gettext_lazy as _

from probity.core.search import searchable_lists
from probity.prevention import queries

VIEW = "prevention.view_records"
AUDIT_FIELDS = ("title", "business", "findings", "team")
ACTION_FIELDS = ("subject", "finding", "recommendation", "doc_no", "effect")
REPREVENTION_FIELDS = ("title", "causes", "measures", "case_refs", "referral_refs")
PLATFORM_FIELDS = ("name", "project", "member_bodies")
RISK_FIELDS = ("title", "process", "description", "owner")

KINDS = [
    ("audit", _("專案稽核"), queries.audits_visible_to, AUDIT_FIELDS, "completed_on"),
    ("action", _("預警及導正作為"), queries.actions_visible_to, ACTION_FIELDS, "raised_on"),
    ("reprevention", _("再防貪報告"), queries.repreventions_visible_to, REPREVENTION_FIELDS, "issued_on"),
    ("platform", _("廉政平臺"), queries.platforms_visible_to, PLATFORM_FIELDS, "launched_on"),
    ("risk", _("廉政風險"), queries.risks_visible_to, RISK_FIELDS, "next_review_on"),
]

searchable_lists("prevention", KINDS, permission=VIEW, order=200)
