"""Run the set-up checks from the command line (after a deployment, or from a monitor); exit 1 on an error."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy, ngettext

from probity.core import selfchecks
from probity.core.management.base import TranslatedCommand

# The set-up checks page's words for the levels, so that the page and the command read alike.
LEVEL_WORDS = {
    selfchecks.ERROR: gettext_lazy("須處理"),
    selfchecks.WARNING: gettext_lazy("注意"),
    "ok": gettext_lazy("正常"),
}


class Command(TranslatedCommand):
    help = gettext_lazy("執行所有已登記的設定檢查；任何一項發現必須處理的問題時，以狀態 1 結束。")

    def handle(self, *args, **options):
        outcomes = selfchecks.run_selfchecks()
        for outcome in outcomes:
            self.stdout.write(f"[{LEVEL_WORDS[outcome.level]}] {outcome.check.label}")
            for finding in outcome.findings:
                self.stdout.write(f"    {finding.message}")
        errors = sum(outcome.level == selfchecks.ERROR for outcome in outcomes)
        if errors:
            # The page's sentence: one msgid for both, with the English plural the page already has.
            problems = ngettext(
                "有 %(count)s 項檢查發現必須處理的問題。", "有 %(count)s 項檢查發現必須處理的問題。", errors
            )
            raise CommandError(problems % {"count": errors})
