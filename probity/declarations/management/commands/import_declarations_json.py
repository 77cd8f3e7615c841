import json

from django.core.management.base import BaseCommand, CommandError

from probity.declarations.jsonimport import import_declarations
from probity.org.models import User


class Command(BaseCommand):
    help = "Import declarations with their asset items from a JSON file (format probity-declarations/1)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--actor", help="username recorded in the audit trail; limits agencies to that user's scope"
        )

    def handle(self, *args, **options):
        actor = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['actor']!r}")
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from None
        report = import_declarations(data, actor=actor)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} errors: nothing was imported (有錯誤，未匯入)")
        self.stdout.write(
            f"imported {report.created} declarations, skipped {report.skipped} already recorded, "
            f"created {report.declarants_created} declarants"
        )
