"""Run the set-up checks from the command line (after a deployment, or from a monitor); exit 1 on an error."""

from django.core.management.base import BaseCommand, CommandError

from probity.core import selfchecks

LEVEL_WORDS = {selfchecks.ERROR: "須處理", selfchecks.WARNING: "注意", "ok": "正常"}


class Command(BaseCommand):
    help = "Run every registered set-up check; exit with status 1 when any finds an error."

    def handle(self, *args, **options):
        outcomes = selfchecks.run_selfchecks()
        for outcome in outcomes:
            self.stdout.write(f"[{LEVEL_WORDS[outcome.level]}] {outcome.check.label}")
            for finding in outcome.findings:
                self.stdout.write(f"    {finding.message}")
        errors = sum(outcome.level == selfchecks.ERROR for outcome in outcomes)
        if errors:
            raise CommandError(f"{errors} 項檢查發現必須處理的問題。")
