"""A scope is what a figure or a list covers: the whole city, or one ethics unit's subtree."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from probity.org.models import EthicsUnit


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
        """Restrict ``queryset`` to rows whose ``field`` (an EthicsUnit) lies in this scope."""
        if self.unit is None:
            return queryset
        return queryset.filter(**{f"{field}__path__startswith": self.unit.path})

    def contains_unit(self, unit: EthicsUnit | None) -> bool:
        return self.unit is None or (unit is not None and unit.path.startswith(self.unit.path))

    def covers(self, other: Scope) -> bool:
        return self.unit is None or (other.unit is not None and self.contains_unit(other.unit))
