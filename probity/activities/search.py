"""The work records the search box finds, on the same fields as their lists' search."""

from probity.activities.views import RECORD_TYPES, VIEW
from probity.core.search import searchable_lists

searchable_lists(
    "activities",
    [(t.name, t.title, t.visible, t.search_fields, "date") for t in RECORD_TYPES.values()],
    permission=VIEW,
    order=100,
)
