"""The declarants the search box finds, on the same fields as the declarant list's search."""

from django.utils.translation import gettext_lazy as _

from probity.core.search import searchable_fields
from probity.declarations import queries

DECLARANT_FIELDS = ("name", "position", "agency__name")

searchable_fields(
    "declarations.declarant",
    visible=queries.declarants_visible_to,
    fields=DECLARANT_FIELDS,
    label=_("申報義務人"),
    permission="declarations.view",
    list_url_name="declarations:declarant_list",
    date_field="",
    order=400,
)
