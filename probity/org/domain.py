"""Write side of the organisation: every change is atomic and audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext

from probity.audit.domain import record
from probity.org.enums import Role
from probity.org.models import Agency, EthicsUnit, TreeNode, User

_AGENCY_FIELDS = ("key", "name", "short_name", "name_en", "kind", "sort_order", "is_active")
_UNIT_FIELDS = ("name", "kind", "sort_order", "is_active")
_STAFF_FIELDS = ("full_name", "title", "email", "role", "unit", "is_active")


def check_central(actor) -> None:
    """What only the 政風處 does (the yearly role-model selection, the risk matrices, the inspection checklists);
    ``actor=None`` is the system (demo, migrations)."""
    if actor is not None and not actor.is_central_admin:
        raise PermissionDenied(gettext("只有政風處管理者可以辦理。"))


def _place(node: TreeNode, parent: TreeNode | None) -> None:
    """Set path and depth of ``node`` (already saved) under ``parent`` and move its subtree along."""
    old_path = node.path
    # Fixed-width keys make the lexical order of paths the tree order (parents first, siblings by age).
    node.path = f"{parent.path if parent else '/'}{node.pk:08d}/"
    node.depth = parent.depth + 1 if parent else 0
    type(node).objects.filter(pk=node.pk).update(path=node.path, depth=node.depth)
    if old_path and old_path != node.path:
        shift = node.depth - (old_path.count("/") - 2)
        type(node).objects.filter(path__startswith=old_path).exclude(pk=node.pk).update(
            path=Concat(Value(node.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + shift,
        )


def _check_parent(node: TreeNode, parent: TreeNode | None) -> None:
    if parent is not None and node.pk and parent.path.startswith(node.path):
        raise ValueError("a node cannot be moved under itself or its descendants")


def _changes(obj, fields, values) -> dict:
    changed = {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            old = getattr(obj, name)
            changed[name] = [
                str(old) if old is not None else None,
                str(values[name]) if values[name] is not None else None,
            ]
            setattr(obj, name, values[name])
    return changed


@transaction.atomic
def create_agency(*, actor, parent: Agency | None = None, **values) -> Agency:
    agency = Agency(parent=parent, **{k: v for k, v in values.items() if k in _AGENCY_FIELDS})
    agency.full_clean(exclude=["path"])
    agency.save()
    _place(agency, parent)
    record(actor=actor, verb="org.agency.created", target=agency, data={"key": agency.key, "name": agency.name})
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor, parent: Agency | None = None, **values) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _check_parent(agency, parent)
    changed = _changes(agency, _AGENCY_FIELDS, values)
    moved = agency.parent_id != (parent.pk if parent else None)
    agency.parent = parent
    agency.full_clean(exclude=["path"])
    agency.save()
    if moved:
        _place(agency, parent)
        changed["parent"] = str(parent) if parent else None
    record(actor=actor, verb="org.agency.updated", target=agency, data={"changed": changed})
    return agency


@transaction.atomic
def create_unit(*, actor, parent: EthicsUnit | None = None, agencies=(), **values) -> EthicsUnit:
    unit = EthicsUnit(parent=parent, **{k: v for k, v in values.items() if k in _UNIT_FIELDS})
    unit.full_clean(exclude=["path"])
    unit.save()
    _place(unit, parent)
    unit.agencies.set(agencies)
    record(
        actor=actor,
        verb="org.unit.created",
        target=unit,
        data={"name": unit.name, "agencies": [a.key for a in agencies]},
    )
    return unit


@transaction.atomic
def update_unit(unit: EthicsUnit, *, actor, parent: EthicsUnit | None = None, agencies=None, **values) -> EthicsUnit:
    unit = EthicsUnit.objects.select_for_update().get(pk=unit.pk)
    _check_parent(unit, parent)
    changed = _changes(unit, _UNIT_FIELDS, values)
    moved = unit.parent_id != (parent.pk if parent else None)
    unit.parent = parent
    unit.full_clean(exclude=["path"])
    unit.save()
    if moved:
        _place(unit, parent)
        changed["parent"] = str(parent) if parent else None
    if agencies is not None:
        unit.agencies.set(agencies)
        changed["agencies"] = sorted(a.key for a in agencies)
    record(actor=actor, verb="org.unit.updated", target=unit, data={"changed": changed})
    return unit


def _check_staff(role: str, unit: EthicsUnit | None) -> None:
    if role == Role.UNIT_OFFICER and unit is None:
        raise ValueError("a unit officer needs a unit")


@transaction.atomic
def create_staff(*, actor, username: str, password: str | None, **values) -> User:
    _check_staff(values.get("role", Role.UNIT_OFFICER), values.get("unit"))
    user = User(username=username, **{k: v for k, v in values.items() if k in _STAFF_FIELDS})
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, verb="org.staff.created", target=user, data={"username": username, "role": user.role})
    return user


@transaction.atomic
def update_staff(user: User, *, actor, **values) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = _changes(user, _STAFF_FIELDS, values)
    _check_staff(user.role, user.unit)
    user.full_clean(exclude=["password"])
    user.save()
    record(actor=actor, verb="org.staff.updated", target=user, data={"changed": changed})
    return user


@transaction.atomic
def remember_dashboard_period(user: User, *, code: str, actor) -> None:
    """The half-year (``110H2``) the account's dashboard opens on; empty: the current one."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.dashboard_period == code:
        return
    user.dashboard_period = code
    user.save(update_fields=["dashboard_period"])
    record(actor=actor, verb="org.staff.dashboard_period", target=user, data={"period": code})


@transaction.atomic
def set_staff_password(user: User, *, actor, password: str) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, verb="org.staff.password_set", target=user)
