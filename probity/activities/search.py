"""The work records the search box finds, on the same fields as their lists' search."""

from functools import partial

from probity.activities.views import RECORD_TYPES, VIEW
from probity.core.search import matching, searchable


def _find(record_type, user, text):
    return matching(record_type.visible(user), text, record_type.search_fields)


for order, record_type in enumerate(RECORD_TYPES.values(), start=100):
    searchable(
        f"activities.{record_type.name}",
        label=record_type.title,
        permission=VIEW,
        list_url_name=f"activities:{record_type.name}_list",
        date_field="date",
        order=order,
    )(partial(_find, record_type))
