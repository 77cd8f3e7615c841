"""Factories that build through the domain functions, so paths, audit events and rules hold."""

import itertools

from probity.org import domain
from probity.org.enums import AgencyKind, Role, UnitKind
from probity.org.models import Agency, EthicsUnit, User

_seq = itertools.count(1)


def make_agency(*, parent: Agency | None = None, name: str | None = None, kind=AgencyKind.BUREAU, **values) -> Agency:
    number = next(_seq)
    return domain.create_agency(
        actor=None,
        parent=parent,
        key=values.pop("key", f"agency-{number}"),
        name=name or f"測試機關{number}",
        short_name=values.pop("short_name", name or f"測試{number}"),
        kind=kind,
        **values,
    )


def make_unit(
    *, parent: EthicsUnit | None = None, agencies=(), name: str | None = None, kind=UnitKind.OFFICE
) -> EthicsUnit:
    number = next(_seq)
    return domain.create_unit(
        actor=None, parent=parent, agencies=list(agencies), name=name or f"測試政風室{number}", kind=kind
    )


def make_user(*, role=Role.UNIT_OFFICER, unit: EthicsUnit | None = None, username: str | None = None, **values) -> User:
    number = next(_seq)
    return domain.create_staff(
        actor=None,
        username=username or f"user{number}",
        password=values.pop("password", "correct-horse-battery"),
        role=role,
        unit=unit,
        full_name=values.pop("full_name", f"測試人員{number}"),
        **values,
    )
