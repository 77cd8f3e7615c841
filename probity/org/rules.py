"""Role predicates. Object scope is answered by the queries in ``queries.py``."""

import rules


@rules.predicate
def is_central_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_central_admin)


@rules.predicate
def is_unit_officer(user) -> bool:
    return bool(user.is_authenticated and user.is_unit_officer)


@rules.predicate
def is_auditor(user) -> bool:
    return bool(user.is_authenticated and user.is_auditor)


is_staff_member = is_central_admin | is_unit_officer | is_auditor
can_write_records = is_central_admin | is_unit_officer

rules.add_perm("org.view_org", is_staff_member)
rules.add_perm("org.manage_org", is_central_admin)
rules.add_perm("org.manage_staff", is_central_admin)
rules.add_perm("core.view_records", is_staff_member)
rules.add_perm("core.import_records", can_write_records)
rules.add_perm("audit.view_events", is_central_admin)
