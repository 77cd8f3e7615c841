import uuid

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import queries
from probity.accessaudit.models import SampleDraw
from probity.analytics.ingest import StoreBusyError
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("以儲存區重算某月已記錄的抽查，並比對是否相符。")

    def add_arguments(self, parser):
        parser.add_argument("code", help=_("抽查的代碼（抽查頁面網址中的 UUID）"))

    def handle(self, *args, code, **options):
        try:
            draw = SampleDraw.objects.select_related("system").get(code=uuid.UUID(code))
        except (ValueError, SampleDraw.DoesNotExist):
            raise CommandError(_("沒有代碼為 %(code)s 的抽查") % {"code": code}) from None
        if not queries.has_store(draw.system):
            raise CommandError(
                _("儲存區沒有 %(system)s 的查閱紀錄（已逾保存期限刪除？）") % {"system": draw.system.key}
            )
        try:
            verdict = queries.verify_draw(draw)
        except StoreBusyError:
            raise CommandError(
                _("%(system)s 的查閱紀錄正在重整（重建金鑰或清除月份），請稍後再驗證") % {"system": draw.system.key}
            ) from None
        if not verdict.problems:
            self.stdout.write(
                _("相符：%(system)s %(month)s，母體 %(pool)s 筆，抽出 %(size)s 筆")
                % {"system": draw.system.key, "month": draw.month, "pool": verdict.pool_size, "size": draw.size}
            )
            return
        self.stdout.write(_("不符："))
        for problem in verdict.problems:
            self.stdout.write(f"  - {problem}")
        raise CommandError(_("抽查與重算的結果不符"))
