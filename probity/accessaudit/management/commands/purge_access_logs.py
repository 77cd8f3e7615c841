import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from probity.accessaudit import domain, storage


class Command(BaseCommand):
    help = "Delete months of lookups older than the retention period (PROBITY_ACCESSLOG_RETENTION_MONTHS)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--today", default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run, today, **options):
        day = dt.date.fromisoformat(today) if today else timezone.localdate()
        removed = domain.purge_expired_logs(today=day, actor=None, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"retention {storage.retention_months()} months: {verb} {len(removed)} month directories")
        for path in removed:
            self.stdout.write(f"  {path}")
