"""Who reaches the access-log audit: central administrators and officers designated as access auditors."""

import rules

from probity.org.rules import can_write_records, is_central_admin


@rules.predicate
def is_designated_auditor(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.can_write):
        return False
    designation = getattr(user, "access_auditor", None)
    return bool(designation and designation.is_active)


can_use_access_audit = is_central_admin | is_designated_auditor

rules.add_perm("accessaudit.use", can_use_access_audit)
rules.add_perm("accessaudit.manage", is_central_admin)
# Starting a complaint case from a finding writes a complaint record, so auditors (read-only) may not.
rules.add_perm("accessaudit.start_complaint", can_use_access_audit & can_write_records)
