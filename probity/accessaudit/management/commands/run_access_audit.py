import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from probity.accessaudit import domain
from probity.accessaudit.enums import JobStatus
from probity.accessaudit.models import MonitoredSystem


class Command(BaseCommand):
    help = "Run the audit rules over a system's lookups between two dates (inclusive) and store the alerts."

    def add_arguments(self, parser):
        parser.add_argument("--system", required=True)
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")

    def handle(self, *args, system, date_from, date_to, **options):
        monitored = MonitoredSystem.objects.filter(key=system).first()
        if monitored is None:
            raise CommandError(f"no monitored system {system!r}")
        try:
            start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        run = domain.start_audit_run(system=monitored, date_from=start, date_to=end, actor=None)
        run = domain.perform_audit_run(run, actor=None)
        if run.status != JobStatus.SUCCEEDED:
            raise CommandError(run.error)
        self.stdout.write(f"{run.lookups} lookups, {run.alert_count} alerts")
        for rule, count in sorted(run.by_rule.items()):
            share = 100 * count / run.lookups if run.lookups else 0
            self.stdout.write(f"  {rule:<12} {count:>8} lookups alerted ({share:.3f}%)")
