"""The declarants the search box finds, on the same fields as the declarant list's search."""

from django.utils.translation import gettext_lazy as _

from probity.core.search import matching, searchable
from probity.declarations import queries

DECLARANT_FIELDS = ("name", "position", "agency__name")


@searchable(
    "declarations.declarant",
    label=_("申報義務人"),
    permission="declarations.view",
    list_url_name="declarations:declarant_list",
    date_field="",
    order=400,
)
def declarants(user, text):
    return matching(queries.declarants_visible_to(user), text, DECLARANT_FIELDS)
