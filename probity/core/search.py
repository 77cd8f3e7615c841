"""One search box over every kind of record: each app registers how to find its records for a user.

An app registers a function of the user and the search text that returns the user's matching records, already
scoped (a record outside the user's scope is never found), in the order of the kind's list (``searchable``). Most
kinds only name their scoped query and the fields their list searches::

    searchable_lists("prevention", [
        ("audit", _("專案稽核"), queries.audits_visible_to, AUDIT_FIELDS, "completed_on"),
        ...
    ], permission=VIEW, order=200)

The search page shows the first few of each kind and links to the kind's list with the same search applied, so
each list's ``q`` must search the same fields. Sealed data (a complainant's identity, a statement) and access-log
data are never registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: Any
    permission: str
    find: Callable[[Any, str], QuerySet]
    list_url_name: str
    date_field: str
    order: int


_sources: dict[str, SearchSource] = {}


def searchable(key: str, *, label, permission: str, list_url_name: str, date_field: str, order: int = 100):
    def register(func: Callable[[Any, str], QuerySet]) -> Callable[[Any, str], QuerySet]:
        _sources[key] = SearchSource(key, label, permission, func, list_url_name, date_field, order)
        return func

    return register


def searchable_lists(app: str, kinds, *, permission: str, order: int) -> None:
    """The usual kinds of one app, each ``(name, label, visible, fields, date_field)``: found by ``fields`` among
    the records ``visible(user)`` gives, in its order, with the list at the URL named ``<app>:<name>_list``. They
    come on the search page in the order given, from ``order`` on."""
    for number, (name, label, visible, fields, date_field) in enumerate(kinds, start=order):
        searchable(
            f"{app}.{name}",
            label=label,
            permission=permission,
            list_url_name=f"{app}:{name}_list",
            date_field=date_field,
            order=number,
        )(_finder(visible, fields))


def _finder(visible: Callable[[Any], QuerySet], fields: Iterable[str]) -> Callable[[Any, str], QuerySet]:
    return lambda user, text: matching(visible(user), text, fields)


def sources_for(user) -> list[SearchSource]:
    return [s for s in sorted(_sources.values(), key=lambda s: (s.order, s.key)) if user.has_perm(s.permission)]


def matching(queryset: QuerySet, text: str, fields: Iterable[str]) -> QuerySet:
    """The records of ``queryset`` with ``text`` in any of ``fields``; matched through a subquery, so that a field
    across a to-many relation does not repeat a record."""
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    return queryset.filter(pk__in=queryset.filter(condition).values("pk"))
