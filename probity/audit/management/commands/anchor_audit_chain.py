from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from probity.audit.domain import anchor_chain


class Command(BaseCommand):
    help = (
        "Copy the audit chain's head outside the database: append it to a file and mail it to "
        "PROBITY_AUDIT_ANCHOR_EMAILS. Run it daily; keep the mails where the database's administrators cannot."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="where to append the anchor (default DATA_DIR/audit/anchors.txt)")

    def handle(self, *args, **options):
        path = options["file"] or Path(settings.DATA_DIR) / "audit" / "anchors.txt"
        anchor = anchor_chain(actor=None, path=path, recipients=settings.PROBITY_AUDIT_ANCHOR_EMAILS)
        if anchor is None:
            raise CommandError("the audit chain is empty: nothing to anchor")
        self.stdout.write(anchor.line())
