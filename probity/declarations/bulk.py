"""The comparison engine over a whole pool at once, on DuckDB. No Django.

Input: an Arrow table of items with columns ``declarant`` (int64), ``side`` (0 earlier, 1 later),
``owner``, ``owner_name``, ``category``, ``ident_key`` (normalised identifier, '' if none),
``text_key`` (see :func:`comparison.text_key`), ``value`` (int64, NT$); and a table of
``declarant``, ``salary`` (the later year's household salary income).

Matching stages 1 and 2 (equal identifier, then equal text, cheapest pairs first) run as SQL
window functions and joins; the few leftovers with a missing identifier go through the very same
``comparison.fuzzy_pairs`` as the single-pair path, and the flags come from the same
``comparison.flags_for``. So the two paths give the same flags (tested).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from probity.declarations import comparison

_PAIR_SQL = """
WITH ided AS (
    SELECT *,
           row_number() OVER (PARTITION BY declarant, owner, owner_name, category, ident_key, side
                              ORDER BY value, text_key) AS k,
           count(*) FILTER (WHERE side = 0) OVER (PARTITION BY declarant, owner, owner_name, category, ident_key) AS n0,
           count(*) FILTER (WHERE side = 1) OVER (PARTITION BY declarant, owner, owner_name, category, ident_key) AS n1
    FROM items WHERE ident_key <> ''
),
left1 AS (
    SELECT declarant, side, owner, owner_name, category, ident_key, text_key, value
    FROM ided WHERE k > least(n0, n1)
    UNION ALL
    SELECT declarant, side, owner, owner_name, category, ident_key, text_key, value FROM items WHERE ident_key = ''
),
texted AS (
    SELECT *,
           row_number() OVER (PARTITION BY declarant, owner, owner_name, category, text_key, side
                              ORDER BY value, ident_key) AS k,
           count(*) FILTER (WHERE side = 0) OVER (PARTITION BY declarant, owner, owner_name, category, text_key) AS n0,
           count(*) FILTER (WHERE side = 1) OVER (PARTITION BY declarant, owner, owner_name, category, text_key) AS n1
    FROM left1
)
SELECT declarant, side, owner, owner_name, category, ident_key <> '' AS has_ident, text_key, value
FROM texted WHERE k > least(n0, n1)
"""

_TOTALS_SQL = """
SELECT i.declarant,
       sum(CASE WHEN side = 0 THEN (CASE WHEN category = 'debt' THEN -value ELSE value END) ELSE 0 END) AS before,
       sum(CASE WHEN side = 1 THEN (CASE WHEN category = 'debt' THEN -value ELSE value END) ELSE 0 END) AS after,
       sum(CASE WHEN category = 'debt' THEN (CASE WHEN side = 1 THEN value ELSE -value END) ELSE 0 END) AS debt_change,
       sum(CASE WHEN category IN ('cash', 'deposit') THEN (CASE WHEN side = 1 THEN value ELSE -value END) ELSE 0 END)
           AS liquid_change,
       any_value(s.salary) AS salary
FROM items i LEFT JOIN salaries s USING (declarant)
GROUP BY i.declarant
"""


@dataclass
class BulkResult:
    declarant: int
    net_worth_before: Decimal
    net_worth_after: Decimal
    household_salary: Decimal
    flags: list[comparison.Flag] = field(default_factory=list)

    @property
    def risk(self) -> Decimal:
        return sum((flag.score for flag in self.flags), Decimal(0)).quantize(Decimal("0.01"))


def compare_pool(items, salaries, rules: comparison.Rules | None = None) -> dict[int, BulkResult]:
    """Every declarant of ``items`` compared; the result per declarant id."""
    rules = rules or comparison.Rules()
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.register("items", items)
        connection.register("salaries", salaries)
        residual_rows = connection.execute(_PAIR_SQL).fetchall()
        totals = connection.execute(_TOTALS_SQL).fetchall()
    finally:
        connection.close()
    new_estate, vanished = _residuals(residual_rows, rules)
    results = {}
    for declarant, before, after, debt_change, liquid_change, salary in totals:
        salary = Decimal(salary or 0)
        result = BulkResult(declarant, Decimal(before), Decimal(after), salary)
        net_change = result.net_worth_after - result.net_worth_before
        lost = vanished.get(declarant, [])
        estate = new_estate.get(declarant, Decimal(0))
        if net_change > salary or estate > 0 or liquid_change >= rules.cash_jump_minimum or lost:
            result.flags = comparison.flags_for(
                net_change=net_change,
                salary=salary,
                debt_change=Decimal(debt_change),
                liquid_change=Decimal(liquid_change),
                new_real_estate=estate,
                vanished=comparison.vanished_to_report(lost, rules),
                rules=rules,
            )
        results[declarant] = result
    return results


@dataclass(frozen=True)
class _Row:
    has_ident: bool
    text_key: str
    value: Decimal
    category: str


def _residuals(rows, rules) -> tuple[dict[int, Decimal], dict[int, list[tuple[str, Decimal]]]]:
    """Stage 3 over the leftovers; then new real estate and vanished items per declarant."""
    groups: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
    for declarant, side, owner, owner_name, category, has_ident, text_key, value in rows:
        groups[(declarant, owner, owner_name, category)][side].append(
            _Row(bool(has_ident), text_key, Decimal(value), category)
        )
    new_estate: dict[int, Decimal] = defaultdict(Decimal)
    vanished: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for (declarant, _owner, _name, category), (olds, news) in groups.items():
        if olds and news:
            _paired, olds, news = comparison.fuzzy_pairs(olds, news, rules.fuzzy_cutoff)
        if category in comparison.REAL_ESTATE:
            for row in news:
                new_estate[declarant] += row.value
        vanished[declarant] += [(row.category, row.value) for row in olds]
    return new_estate, {k: v for k, v in vanished.items() if v}
