from django.core.management.base import BaseCommand, CommandError

from probity.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit non-zero naming the first bad event."

    def handle(self, *args, **options):
        checked, problem = verify_chain()
        if problem:
            raise CommandError(
                f"audit chain broken at event #{problem.event_id}: {problem.reason} ({checked} events verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {checked} events verified"))
