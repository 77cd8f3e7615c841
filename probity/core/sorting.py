"""A list sorted by one of its columns, chosen from its header: ``?sort=day`` ascending, ``?sort=-day``
descending. Only the list's own sort keys are read; any other value keeps the list's default order. A column
with choices sorts in the order its choices are declared (a status from received to closed), not by the stored
code, which means nothing to a reader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, IntegerField, QuerySet, Value, When

PARAM = "sort"


@dataclass(frozen=True)
class Sorting:
    allowed: frozenset[str]
    key: str = ""  # "" for the list's default order
    descending: bool = False

    @classmethod
    def of(cls, request, keys: Iterable[str]) -> Sorting:
        allowed = frozenset(key for key in keys if key)
        asked = request.GET.get(PARAM, "")
        key = asked.removeprefix("-")
        if key not in allowed:
            return cls(allowed)
        return cls(allowed, key, asked.startswith("-"))

    def apply(self, queryset: QuerySet) -> QuerySet:
        """The chosen column first, empty values last either way round; the id breaks ties so pages never
        overlap."""
        if not self.key:
            return queryset
        field = _sort_expression(queryset.model, self.key)
        if self.descending:
            return queryset.order_by(field.desc(nulls_last=True), "-pk")
        return queryset.order_by(field.asc(nulls_last=True), "pk")

    def direction(self, key: str) -> str:
        """``ascending``, ``descending`` or "" (the values of ``aria-sort``) for a column's key."""
        if key != self.key:
            return ""
        return "descending" if self.descending else "ascending"

    def next_value(self, key: str) -> str:
        """The ``sort`` value a click on the column's header asks for: ascending first, then the reverse."""
        return f"-{key}" if self.direction(key) == "ascending" else key


def _sort_expression(model, key: str):
    """The column itself, or for a field with choices its place among them (unknown codes last)."""
    choices = _choices_of(model, key)
    if not choices:
        return F(key)
    places = [When(**{key: code}, then=Value(place)) for place, code in enumerate(choices)]
    return Case(*places, default=Value(None), output_field=IntegerField())


def _choices_of(model, key: str) -> list:
    """The declared codes of the field ``key`` names across relations, or [] for a field without choices."""
    *relations, name = key.split("__")
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        field = model._meta.get_field(name)
    except (FieldDoesNotExist, AttributeError):
        return []  # an annotation: sorted as it stands
    return [code for code, _label in field.flatchoices] if field.choices else []
