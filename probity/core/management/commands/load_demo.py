from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from probity.core.demo import loaders


class Command(BaseCommand):
    help = "Load the demo organisation, users and records (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="run only these loaders (org always runs)")
        parser.add_argument("--skip", nargs="*", default=[], help="skip these loaders")

    def handle(self, *args, only=None, skip=(), **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo refuses to run with PROBITY_ENV=production")
        for loader in loaders():
            if loader.name != "org" and ((only is not None and loader.name not in only) or loader.name in skip):
                continue
            self.stdout.write(f"loading demo: {loader.name}")
            loader.load(**{**options, "stdout": self.stdout})
        self.stdout.write(self.style.SUCCESS("demo data ready"))
