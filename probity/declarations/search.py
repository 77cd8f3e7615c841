"""The declarants the search box finds, on the same fields as the declarant list's search."""

from django.utils.translation import gettext_lazy as _

from probity.core.search import searchable_lists
from probity.declarations import queries

DECLARANT_FIELDS = ("name", "position", "agency__name")

searchable_lists(
    "declarations",
    [("declarant", _("申報義務人"), queries.declarants_visible_to, DECLARANT_FIELDS, "")],
    permission="declarations.view",
    order=400,
)
