"""A list sorted by one of its columns, chosen from its header: ``?sort=day`` ascending, ``?sort=-day``
descending. Only the list's own sort keys are read; any other value keeps the list's default order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, QuerySet

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
        field = F(self.key)
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
