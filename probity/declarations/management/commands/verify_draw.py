import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core.management.base import TranslatedCommand
from probity.declarations import drawfile


class Command(TranslatedCommand):
    help = gettext_lazy("重算公開抽籤檔（probity-draw/1），並說明結果是否相符。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("從公開抽籤頁面下載的 JSON 檔"))

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(_("無法讀取 %(path)s：%(error)s") % {"path": options["file"], "error": exc}) from None
        verdict = drawfile.verify(data)
        # The verdict lines are the standalone tools/verify_draw.py's, bilingual in every language: a reader
        # compares the two verifiers' output, and scripts look for MATCH or MISMATCH.
        if verdict.match:
            stages = {stage["name"]: stage["count"] for stage in data["stages"]}
            self.stdout.write(
                f"MATCH 相符: pool {data['pool']['size']}, review {stages['review']}, comparison {stages['comparison']}"
            )
            return
        self.stdout.write("MISMATCH 不符")
        for problem in verdict.problems:
            self.stdout.write(f"  - {problem}")
        raise CommandError(_("抽籤檔與重算的結果不符"))
