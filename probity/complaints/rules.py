"""Who may do what with complaints. Which cases a user sees is answered by ``queries.py``."""

import rules

from probity.org.rules import can_write_records, is_staff_member


@rules.predicate
def is_assigned_handler(user, complaint) -> bool:
    from probity.complaints.domain import is_handler

    return complaint is not None and is_handler(user, complaint)


rules.add_perm("complaints.view_complaint", is_staff_member)
rules.add_perm("complaints.add_complaint", can_write_records)
rules.add_perm("complaints.change_complaint", can_write_records)
rules.add_perm("complaints.export_complaints", is_staff_member)
rules.add_perm("complaints.reveal_identity", can_write_records & is_assigned_handler)
rules.add_perm("complaints.view_referral", is_staff_member)
rules.add_perm("complaints.change_referral", can_write_records)
