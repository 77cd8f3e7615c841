from django.core.management.base import BaseCommand

from probity.complaints import reminders


class Command(BaseCommand):
    help = "E-mail each handler the complaints whose notices to the complainant are due soon or overdue (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list who would be written to, send nothing")

    def handle(self, *args, dry_run=False, **options):
        sent = reminders.send_reminders(dry_run=dry_run)
        for username, count in sent:
            self.stdout.write(f"{username}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{'would send' if dry_run else 'sent'} {len(sent)} reminders"))
