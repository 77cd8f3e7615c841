"""The indicator registry: every figure of a report is computed here, never typed.

A domain app declares its figures in its ``indicators.py``::

    @indicator("activities.meetings.integrity", label=_("廉政會報召開次數"), unit="場次",
               section="一(一)1")
    def integrity_meetings(period, scope):
        return count_of(scope.filter(Meeting.objects.filter(...)))

The function takes a half-year :class:`~probity.core.roc.Period` and a scope
(``probity.org.scope.Scope``: the whole city or one unit's subtree) and returns
an :class:`IndicatorResult`: the value and the queryset of records behind it.
Reports, dashboards and spreadsheets read the registry; domains never import
``reports``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import pgettext_lazy

from probity.core.roc import parse_chinese_numeral

UNITS = ("案", "人", "名", "機關", "場次", "人次", "%", "件", "次", "元")
# The units as pages show them, in the reader's language; the report and the annex keep UNITS as written.
UNIT_NAMES = {
    "案": pgettext_lazy("indicator unit", "案"),
    "人": pgettext_lazy("indicator unit", "人"),
    "名": pgettext_lazy("indicator unit", "名"),
    "機關": pgettext_lazy("indicator unit", "機關"),
    "場次": pgettext_lazy("indicator unit", "場次"),
    "人次": pgettext_lazy("indicator unit", "人次"),
    "%": "%",
    "件": pgettext_lazy("indicator unit", "件"),
    "次": pgettext_lazy("indicator unit", "次"),
    "元": pgettext_lazy("indicator unit", "元"),
}
# Sections are the report's own numbering (一(一)1…), the same in any language, except the annex.
SECTION_NAMES = {"附表": pgettext_lazy("indicator section", "附表")}


@dataclass(frozen=True)
class IndicatorResult:
    value: int | Decimal | None
    records: QuerySet | None = None
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any
    unit: str
    section: str
    compute: Callable[..., IndicatorResult] = field(repr=False)
    description: Any = ""
    order: int = 0
    # Counts that could single out a complainant, a declarant or a staff member in a small unit: the public
    # copy of a unit's report withholds them when small (reports.disclosure).
    sensitive: bool = False

    def evaluate(self, period, scope) -> IndicatorResult:
        return self.compute(period, scope)

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]


_registry: dict[str, Indicator] = {}


def indicator(key: str, *, label, unit: str, section: str, description="", order: int = 0, sensitive: bool = False):
    """Register the decorated function as the indicator ``key``."""
    if unit not in UNITS:
        raise ValueError(f"indicator {key}: unknown unit {unit!r}")

    def register(func: Callable[..., IndicatorResult]) -> Callable[..., IndicatorResult]:
        if key in _registry and _registry[key].compute is not func:
            raise ValueError(f"indicator {key} is registered twice")
        _registry[key] = Indicator(key, label, unit, section, func, description, order, sensitive)
        return func

    return register


def get_indicator(key: str) -> Indicator:
    try:
        return _registry[key]
    except KeyError:
        raise KeyError(f"no indicator {key!r}") from None


def all_indicators() -> list[Indicator]:
    return sorted(_registry.values(), key=lambda ind: (_section_key(ind.section), ind.order, ind.key))


_SECTION = re.compile(r"^([一二三四五六七八九十]+)(?:[(（]([一二三四五六七八九十]+)[)）])?(\d+)?")


def _section_key(section: str) -> tuple:
    """Order sections as the report does: 一(一)1 < 一(一)2 < 一(二)1 < 二(一)1."""
    match = _SECTION.match(section)
    if not match:
        return (999, 0, 0, section)
    chapter, part, item = match.groups()
    return (
        parse_chinese_numeral(chapter),
        parse_chinese_numeral(part) if part else 0,
        int(item) if item else 0,
        section,
    )


def count_of(records: QuerySet) -> IndicatorResult:
    return IndicatorResult(records.count(), records)


def sum_of(records: QuerySet, field_name: str) -> IndicatorResult:
    total = records.aggregate(total=Sum(field_name))["total"] or 0
    return IndicatorResult(total, records)


def percentage(numerator: int, denominator: int, records: QuerySet | None = None) -> IndicatorResult:
    """A share in percent with two decimals, rounded half up as officials do (98.39)."""
    if denominator == 0:
        return IndicatorResult(None, records, note="denominator is zero")
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return IndicatorResult(value, records)
