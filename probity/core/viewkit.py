"""Small helpers for record views: one column list drives the HTML table and the export,
and a record's facts are read from its model fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import render

from probity.core.exports import ExportColumn, export_response, readable
from probity.core.forms import ROCDateField
from probity.core.paging import paginate
from probity.core.search import matching
from probity.core.sorting import Sorting


def shown(value: Any) -> str:
    """How a value reads on a page: ROC dates, 是/否, thousands separators, — for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool | dt.date):
        return readable(value)
    if isinstance(value, Decimal | int):
        return f"{value:,}"
    return str(value)


def roc_dates(db_field, **kwargs):
    """ModelForm formfield callback: every date is typed as an ROC date."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs["form_class"] = ROCDateField
    return db_field.formfield(**kwargs)


def within(qs: QuerySet, period, date_field: str) -> QuerySet:
    return qs.filter(**{f"{date_field}__gte": period.first_day, f"{date_field}__lte": period.last_day})


def filtered_list(
    request,
    *,
    qs: QuerySet,
    form,
    search_fields: Iterable[str],
    date_field: str,
    exact_filters: Iterable[str] = (),
    columns: list[ExportColumn],
    export_name: str,
    template: str,
    context: dict,
):
    """A list page: search text, half-year, exact filters from the form, sorting by a column, paging, and CSV/XLSX
    export (in the order shown)."""
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            qs = matching(qs, data["q"], search_fields)
        if data.get("period"):
            qs = within(qs, data["period"], date_field)
        for name in exact_filters:
            value = data.get(name)
            if value not in (None, ""):
                qs = qs.filter(**{name: value})
    elif form.is_bound:
        qs = qs.none()  # a filter that cannot be read lists nothing, not everything
    sorting = Sorting.of(request, (column.sort for column in columns))
    qs = sorting.apply(qs)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return export_response(columns, qs, fmt=fmt, name=export_name)
    page = paginate(request, qs)
    rows = [(obj, [shown(column.value(obj)) for column in columns]) for obj in page]
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "headers": [(column.header, column.sort) for column in columns],
            "sorting": sorting,
            **context,
        },
    )


def facts_of(obj, *, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, shown value) for each concrete field of a record, choices by their label."""
    skip = {"id", "code", "created_at", "updated_at", *exclude}
    facts = []
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.name)
        facts.append((str(field.verbose_name), shown(value)))
    return facts


def apply_errors(form, error: ValidationError) -> None:
    """Put a domain function's ValidationError onto the form, by field where the form has one."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def choice_label(choices) -> Callable[[Any], str]:
    mapping = dict(choices)
    return lambda value: str(mapping.get(value, value or ""))
