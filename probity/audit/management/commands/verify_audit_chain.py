from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.audit import anchors
from probity.audit.verify import verify_chain
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "驗證稽核軌跡的雜湊鏈；加 --anchors 時一併比對保存在資料庫之外的錨點。"
        "發現問題時以非零狀態結束，並指出第一筆有問題的事件，或每個已不相符的錨點。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            type=Path,
            action="append",
            default=[],
            help=_("含錨點行的檔案（錨點檔、保存的信件或入口網頁面）；可重複指定"),
        )

    def handle(self, *args, **options):
        checked, problem = verify_chain()
        if problem:
            raise CommandError(
                _("稽核軌跡在事件 #%(event)d 處中斷：%(reason)s（在此之前已驗證 %(count)d 筆事件）")
                % {"event": problem.event_id, "reason": problem.reason, "count": checked}
            )
        kept = self._read_anchors(options["anchors"])
        self._check_anchors(kept)
        if kept:
            done = _("稽核軌跡完整：已驗證 %(count)d 筆事件，%(anchors)d 個錨點相符")
        else:
            done = _("稽核軌跡完整：已驗證 %(count)d 筆事件")
        self.stdout.write(self.style.SUCCESS(done % {"count": checked, "anchors": len(kept)}))

    @staticmethod
    def _read_anchors(paths: list[Path]) -> list[anchors.Anchor]:
        kept = []
        for path in paths:
            try:
                kept += anchors.parse(path.read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                raise CommandError(_("無法讀取 %(path)s：%(error)s") % {"path": path, "error": exc.strerror}) from None
        if paths and not kept:
            raise CommandError(_("所給的檔案中找不到錨點行"))
        return kept

    @staticmethod
    def _check_anchors(kept: list[anchors.Anchor]) -> None:
        problems = anchors.check(kept)
        if not problems:
            return
        heading = _("%(total)d 個錨點中有 %(bad)d 個與稽核軌跡不符：") % {"total": len(kept), "bad": len(problems)}
        # The anchor line stays verbatim so that it can be searched for in the anchors file and the mails.
        lines = ["  " + _("%(anchor)s：%(reason)s") % {"anchor": p.anchor.line(), "reason": p.reason} for p in problems]
        raise CommandError("\n".join([heading, *lines]))
