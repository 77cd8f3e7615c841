"""Who may read and record activities; which records is answered by the scoped queries."""

import rules

from probity.org.rules import can_write_records, is_central_admin, is_staff_member

rules.add_perm("activities.view_activities", is_staff_member)
rules.add_perm("activities.record_activities", can_write_records)
# The 政風處 keeps the city's inspection checklists.
rules.add_perm("activities.manage_checklists", is_central_admin)
