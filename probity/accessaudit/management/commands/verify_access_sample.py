import uuid

from django.core.management.base import BaseCommand, CommandError

from probity.accessaudit import queries
from probity.accessaudit.models import SampleDraw


class Command(BaseCommand):
    help = "Re-run a month's recorded sample against the store and say whether it matches (重算抽查並比對)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the sample's code (the UUID in its page address)")

    def handle(self, *args, code, **options):
        try:
            draw = SampleDraw.objects.select_related("system").get(code=uuid.UUID(code))
        except (ValueError, SampleDraw.DoesNotExist):
            raise CommandError(f"no sample {code}") from None
        if not queries.has_store(draw.system):
            raise CommandError(f"no lookups of {draw.system.key} in the store (purged after retention?)")
        verdict = queries.verify_draw(draw)
        if not verdict.problems:
            self.stdout.write(
                f"MATCH 相符: {draw.system.key} {draw.month}, pool {verdict.pool_size}, drawn {draw.size}"
            )
            return
        self.stdout.write("MISMATCH 不符")
        for problem in verdict.problems:
            self.stdout.write(f"  - {problem}")
        raise CommandError("the sample does not match its re-run")
