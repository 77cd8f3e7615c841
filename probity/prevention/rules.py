"""Who may read and write prevention records; object scope comes from queries.py."""

import rules

from probity.org.rules import can_write_records, is_central_admin, is_staff_member

rules.add_perm("prevention.view_records", is_staff_member)
rules.add_perm("prevention.write_records", can_write_records)
# The 政風處 runs the yearly role-model selection and keeps the risk matrices.
rules.add_perm("prevention.run_selection", is_central_admin)
rules.add_perm("prevention.manage_matrices", is_central_admin)
