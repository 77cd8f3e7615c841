import rules

from probity.org.rules import can_write_records, is_central_admin, is_staff_member

rules.add_perm("reports.view_reports", is_staff_member)
rules.add_perm("reports.build_reports", can_write_records)
rules.add_perm("reports.publish_reports", is_central_admin)
rules.add_perm("reports.manage_templates", is_central_admin)
rules.add_perm("reports.write_highlights", can_write_records)
rules.add_perm("reports.select_highlights", is_central_admin)
