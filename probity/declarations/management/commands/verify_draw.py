import json

from django.core.management.base import BaseCommand, CommandError

from probity.declarations import drawfile


class Command(BaseCommand):
    help = "Re-run a published draw file (probity-draw/1) and say whether it matches (重算公開抽籤並比對結果)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON file downloaded from the public draw page")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {options['file']}: {exc}") from None
        verdict = drawfile.verify(data)
        if verdict.match:
            stages = {stage["name"]: stage["count"] for stage in data["stages"]}
            self.stdout.write(
                f"MATCH 相符: pool {data['pool']['size']}, review {stages['review']}, comparison {stages['comparison']}"
            )
            return
        self.stdout.write("MISMATCH 不符")
        for problem in verdict.problems:
            self.stdout.write(f"  - {problem}")
        raise CommandError("the draw file does not match its re-run")
