"""Who may do what with asset declarations. Object scope comes from queries.py."""

import rules

from probity.org.rules import can_write_records, is_central_admin, is_staff_member

rules.add_perm("declarations.view", is_staff_member)
rules.add_perm("declarations.manage", can_write_records)
rules.add_perm("declarations.manage_policy", is_central_admin)
rules.add_perm("declarations.prepare_draws", is_central_admin)
