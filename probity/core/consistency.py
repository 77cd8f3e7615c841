"""Consistency checks: warnings shown beside figures when they disagree.

Any app registers a check, a function of (period, scope, values) where
``values`` maps indicator keys to the values already computed for the page or
report (a key that is not registered is absent). It returns a list of warnings
in Chinese; an empty list means the figures agree::

    @consistency_check("declarations.draw_policy", label=_("抽籤未記錄抽籤規則"))
    def draws_without_policy(period, scope, values):
        missing = scope.filter(Draw.objects.filter(policy__isnull=True, ...)).count()
        return [_("有 %(n)s 次抽籤未記錄抽籤規則。") % {"n": missing}] if missing else []

Checks live in ``core`` so that domains register them without importing ``reports``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsistencyCheck:
    key: str
    label: object
    run: Callable[..., list[str]]


_checks: dict[str, ConsistencyCheck] = {}


def consistency_check(key: str, *, label):
    def register(func: Callable[..., list[str]]) -> Callable[..., list[str]]:
        _checks[key] = ConsistencyCheck(key, label, func)
        return func

    return register


def all_checks() -> list[ConsistencyCheck]:
    return sorted(_checks.values(), key=lambda check: check.key)


def run_checks(period, scope, values: dict) -> list[tuple[ConsistencyCheck, str]]:
    """Every warning of every registered check, as (check, message) pairs."""
    return [(check, message) for check in all_checks() for message in check.run(period, scope, values)]
