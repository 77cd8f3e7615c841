"""Who may read and write conflict-of-interest records; object scope comes from queries.py."""

import rules

from probity.org.rules import can_write_records, is_staff_member

rules.add_perm("conflicts.view_records", is_staff_member)
rules.add_perm("conflicts.write_records", can_write_records)
