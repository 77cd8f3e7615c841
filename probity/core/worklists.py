"""Overdue and due work, registered by each app, shown on the dashboard.

An app registers a function of the user that returns the queryset of items
needing attention (already scoped to the user)::

    @worklist("complaints.ack_overdue", label=_("逾期未寄受理通知"), url_name="complaints:due")
    def overdue_acknowledgements(user):
        return complaints_visible_to(user).filter(...)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Worklist:
    key: str
    label: object
    url_name: str
    items_for: Callable[..., QuerySet]
    permission: str = "core.view_records"


_worklists: dict[str, Worklist] = {}


def worklist(key: str, *, label, url_name: str, permission: str = "core.view_records"):
    def register(func: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
        _worklists[key] = Worklist(key, label, url_name, func, permission)
        return func

    return register


def worklists_for(user) -> list[Worklist]:
    return [w for w in sorted(_worklists.values(), key=lambda w: w.key) if user.has_perm(w.permission)]
