"""The declaring thresholds of 細則 Art 14, checked per owner and per category. Pure Python.

- Real estate, ships, cars and aircraft are declared whatever their value; so are savings,
  investment and annuity insurance policies (MOJ 函釋 FE285970).
- Cash, deposits, securities, claims, debts and business investments: declared when the
  owner's total in the category reaches NT$1,000,000.
- Jewellery, antiques, art and other valuables: each item of NT$200,000 or more.
Each family member (本人, 配偶, each minor child) is counted separately. The amounts are
configurable (``Thresholds``); a city setting may pass other figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ALWAYS = frozenset({"land", "building", "ship", "car", "aircraft", "insurance"})
CATEGORY_TOTAL = frozenset({"cash", "deposit", "security", "claim", "debt", "investment"})
PER_ITEM = frozenset({"valuable"})


@dataclass(frozen=True)
class Thresholds:
    category_total: Decimal = Decimal(1_000_000)
    per_item: Decimal = Decimal(200_000)


@dataclass(frozen=True)
class Holding:
    owner: str  # self, spouse, minor_child
    owner_name: str
    category: str
    value: Decimal


@dataclass
class Check:
    """The verdict for one owner and one category."""

    owner: str
    owner_name: str
    category: str
    total: Decimal
    required: bool
    below_threshold_items: int = 0
    rule: str = ""
    values: list[Decimal] = field(default_factory=list)


def check(holdings: Iterable[Holding], thresholds: Thresholds | None = None) -> list[Check]:
    """One :class:`Check` per (owner, owner name, category) present, in a stable order."""
    limits = thresholds or Thresholds()
    groups: dict[tuple[str, str, str], list[Decimal]] = defaultdict(list)
    for holding in holdings:
        groups[(holding.owner, holding.owner_name, holding.category)].append(Decimal(holding.value))
    results = []
    for (owner, owner_name, category), values in sorted(groups.items()):
        total = sum(values, Decimal(0))
        if category in ALWAYS:
            result = Check(owner, owner_name, category, total, True, 0, "always", values)
        elif category in CATEGORY_TOTAL:
            required = total >= limits.category_total
            result = Check(
                owner, owner_name, category, total, required, 0 if required else len(values), "category_total", values
            )
        elif category in PER_ITEM:
            below = sum(1 for value in values if value < limits.per_item)
            result = Check(owner, owner_name, category, total, below < len(values), below, "per_item", values)
        else:
            raise ValueError(f"unknown asset category {category!r}")
        results.append(result)
    return results
