"""The prevention records the search box finds, on the same fields as their lists' search."""

from django.utils.translation import gettext_lazy as _

from probity.core.search import matching, searchable
from probity.prevention import queries

VIEW = "prevention.view_records"
AUDIT_FIELDS = ("title", "business", "findings", "team")
ACTION_FIELDS = ("subject", "finding", "recommendation", "doc_no", "effect")
REPREVENTION_FIELDS = ("title", "causes", "measures", "case_refs", "referral_refs")
PLATFORM_FIELDS = ("name", "project", "member_bodies")
RISK_FIELDS = ("title", "process", "description", "owner")


@searchable(
    "prevention.audit",
    label=_("專案稽核"),
    permission=VIEW,
    list_url_name="prevention:audit_list",
    date_field="completed_on",
    order=200,
)
def audits(user, text):
    return matching(queries.audits_visible_to(user), text, AUDIT_FIELDS)


@searchable(
    "prevention.action",
    label=_("預警及導正作為"),
    permission=VIEW,
    list_url_name="prevention:action_list",
    date_field="raised_on",
    order=210,
)
def actions(user, text):
    return matching(queries.actions_visible_to(user), text, ACTION_FIELDS)


@searchable(
    "prevention.reprevention",
    label=_("再防貪報告"),
    permission=VIEW,
    list_url_name="prevention:reprevention_list",
    date_field="issued_on",
    order=220,
)
def repreventions(user, text):
    return matching(queries.repreventions_visible_to(user), text, REPREVENTION_FIELDS)


@searchable(
    "prevention.platform",
    label=_("廉政平臺"),
    permission=VIEW,
    list_url_name="prevention:platform_list",
    date_field="launched_on",
    order=230,
)
def platforms(user, text):
    return matching(queries.platforms_visible_to(user), text, PLATFORM_FIELDS)


@searchable(
    "prevention.risk",
    label=_("廉政風險"),
    permission=VIEW,
    list_url_name="prevention:risk_list",
    date_field="next_review_on",
    order=240,
)
def risks(user, text):
    return matching(queries.risks_visible_to(user), text, RISK_FIELDS)
