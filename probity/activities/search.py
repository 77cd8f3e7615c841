"""The work records the search box finds, on the same fields as their lists' search."""

from probity.activities.views import RECORD_TYPES, VIEW
from probity.core.search import searchable_fields

for order, record_type in enumerate(RECORD_TYPES.values(), start=100):
    searchable_fields(
        f"activities.{record_type.name}",
        visible=record_type.visible,
        fields=record_type.search_fields,
        label=record_type.title,
        permission=VIEW,
        list_url_name=f"activities:{record_type.name}_list",
        date_field="date",
        order=order,
    )
