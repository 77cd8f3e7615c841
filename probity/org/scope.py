"""A scope is what a figure or a list covers: the whole city, or one ethics unit's subtree."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from probity.org.models import EthicsUnit
from probity.org.queries import subtree_unit_ids


@dataclass(frozen=True)
class Scope:
    unit: EthicsUnit | None = None  # None: the whole city

    @classmethod
    def city(cls) -> Scope:
        return cls(None)

    @classmethod
    def for_user(cls, user) -> Scope:
        if user.sees_all:
            return cls(None)
        if user.is_authenticated and user.unit_id:
            return cls(user.unit)
        raise PermissionError("user has no scope")

    @property
    def is_city(self) -> bool:
        return self.unit is None

    @property
    def code(self) -> str:
        return "city" if self.unit is None else str(self.unit.code)

    @property
    def label(self) -> str:
        return _("全市") if self.unit is None else self.unit.name

    def filter(self, queryset: QuerySet, field: str = "unit") -> QuerySet:
        """Restrict ``queryset`` to rows whose ``field`` (an EthicsUnit) lies in this scope: on the subtree's
        unit ids, as ``org.queries.visible_records`` does and for the same reason."""
        if self.unit is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.unit_ids})

    @functools.cached_property
    def unit_ids(self) -> list[int]:
        """The ids of the scope's unit and of every unit below it, read once per scope."""
        return subtree_unit_ids(self.unit)

    def contains_unit(self, unit: EthicsUnit | None) -> bool:
        return self.unit is None or (unit is not None and unit.path.startswith(self.unit.path))

    def covers(self, other: Scope) -> bool:
        return self.unit is None or (other.unit is not None and self.contains_unit(other.unit))
