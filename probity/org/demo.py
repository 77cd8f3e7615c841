"""The demo organisation: the Kaohsiung City Government's first-level agencies and district offices,
an ethics-unit tree over them, and one user of each role.

Which agencies have their own 政風室 is not verified for every agency (see the notes in
``data/kaohsiung-agencies.csv``'s source). The demo gives a 政風室 to each agency marked
``yes``, makes the other first-level agencies 兼辦 units under the 政風處, and puts the district
offices' 兼辦 units under the 民政局政風室, which oversees the districts.
"""

import csv
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from probity.core.demo import register
from probity.org import domain
from probity.org.enums import AgencyKind, Role, UnitKind
from probity.org.models import Agency, EthicsUnit, User

DATA = Path(__file__).parent / "data" / "kaohsiung-agencies.csv"
CITY_KEY = "kcg"
DEPARTMENT_NAME = "高雄市政府政風處"

DEMO_USERS = [
    # username, full name, title, role, unit agency key (None: the department)
    ("admin", "林政風", "科長", Role.CENTRAL_ADMIN, None),
    ("officer", "陳廉明", "政風室主任", Role.UNIT_OFFICER, "civil-affairs"),
    ("officer2", "王清正", "政風室主任", Role.UNIT_OFFICER, "police"),
    ("officer3", "李守正", "政風室主任", Role.UNIT_OFFICER, "land-admin"),
    ("auditor", "張審計", "稽核", Role.AUDITOR, None),
]


def agency_rows() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ensure_agency(key, *, parent, **values) -> Agency:
    existing = Agency.objects.filter(key=key).first()
    if existing:
        return existing
    return domain.create_agency(actor=None, key=key, parent=parent, **values)


def _ensure_unit(name, *, parent, kind, agencies) -> EthicsUnit:
    existing = EthicsUnit.objects.filter(name=name).first()
    if existing:
        return existing
    return domain.create_unit(actor=None, name=name, parent=parent, kind=kind, agencies=agencies)


@transaction.atomic
def load_organisation() -> dict[str, Agency]:
    city = _ensure_agency(
        CITY_KEY,
        parent=None,
        name="高雄市政府",
        short_name="市政府",
        name_en="Kaohsiung City Government",
        kind=AgencyKind.CITY,
    )
    agencies = {CITY_KEY: city}
    rows = agency_rows()
    for order, row in enumerate(rows, start=1):
        if row["parent_code"]:
            continue
        agencies[row["code"]] = _ensure_agency(
            row["code"],
            parent=city,
            name=row["name_zh"],
            short_name=row["short_zh"],
            name_en=row["name_en"],
            kind=row["kind"],
            sort_order=order,
        )
    for order, row in enumerate(rows, start=1):
        if row["parent_code"]:
            agencies[row["code"]] = _ensure_agency(
                row["code"],
                parent=agencies[row["parent_code"]],
                name=row["name_zh"],
                short_name=row["short_zh"],
                name_en=row["name_en"],
                kind=AgencyKind.SUBORDINATE,
                sort_order=order,
            )
    department = _ensure_unit(
        DEPARTMENT_NAME, parent=None, kind=UnitKind.DEPARTMENT, agencies=[city, agencies["ethics"]]
    )
    offices = {}
    for row in rows:
        if row["parent_code"] or row["code"] == "ethics" or row["kind"] == "district":
            continue
        agency = agencies[row["code"]]
        if row["has_ethics_office"] == "yes":
            offices[row["code"]] = _ensure_unit(
                f"{agency.short_name}政風室", parent=department, kind=UnitKind.OFFICE, agencies=[agency]
            )
        else:
            _ensure_unit(
                f"{agency.short_name}兼辦政風業務", parent=department, kind=UnitKind.PART_TIME, agencies=[agency]
            )
    for row in rows:
        if row["kind"] == "district":
            agency = agencies[row["code"]]
            _ensure_unit(
                f"{agency.short_name}兼辦政風業務",
                parent=offices["civil-affairs"],
                kind=UnitKind.PART_TIME,
                agencies=[agency],
            )
    return agencies


def _logins_file() -> Path:
    return settings.DATA_DIR / "demo-logins.txt"


def load_users() -> list[tuple[str, str, str]]:
    """Create the demo users once, with random passwords kept under DATA_DIR for ``make run`` to print."""
    known = {}
    if _logins_file().exists():
        for line in _logins_file().read_text(encoding="utf-8").splitlines():
            username, _, password = line.partition(" ")
            known[username] = password
    department = EthicsUnit.objects.get(name=DEPARTMENT_NAME)
    logins = []
    for username, full_name, title, role, agency_key in DEMO_USERS:
        unit = department if agency_key is None else EthicsUnit.objects.filter(agencies__key=agency_key).first()
        user = User.objects.filter(username=username).first()
        password = known.get(username) or f"demo-{secrets.token_urlsafe(9)}"
        if user is None:
            domain.create_staff(
                actor=None,
                username=username,
                password=password,
                full_name=full_name,
                title=title,
                role=role,
                unit=unit,
                email=f"{username}@demo.invalid",
            )
        elif username not in known:
            domain.set_staff_password(user, actor=None, password=password)
        logins.append((username, password, str(role.label)))
    _logins_file().write_text("".join(f"{u} {p}\n" for u, p, _ in logins), encoding="utf-8")
    _logins_file().chmod(0o600)
    return logins


@register("org", order=0)
def load(stdout=None, **options) -> None:
    load_organisation()
    logins = load_users()
    if stdout is not None:
        stdout.write("Demo logins (示範帳號):")
        for username, password, role in logins:
            stdout.write(f"  {username:<9} {password:<22} {role}")
        stdout.write("  admin must set up a TOTP authenticator at first login (政風處管理者須設定雙因素驗證).")
