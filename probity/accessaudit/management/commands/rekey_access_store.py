from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import domain, storage
from probity.accessaudit.models import MonitoredSystem
from probity.analytics import ingest as log_ingest
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "以本機 DuckDB 的雜湊重建查閱紀錄的索引鍵與分桶（升級 DuckDB 後，若設定檢查指出有舊索引鍵的檔案）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--system", default=None, help=_("受監控系統的代碼（預設為全部）"))
        parser.add_argument("--check", action="store_true", help=_("只列出需要重建的月份，不重建"))

    def handle(self, *args, system, check, **options):
        systems = MonitoredSystem.objects.order_by("key")
        if system is not None:
            systems = systems.filter(key=system)
            if not systems.exists():
                raise CommandError(_("沒有代碼為「%(system)s」的受監控系統") % {"system": system})
        for monitored in systems:
            if check:
                stale = log_ingest.stale_months(storage.root(), monitored.key)
                for month, files in sorted(stale.items()):
                    line = _("%(system)s %(month)s：%(files)d 個檔案需要重建")
                    self.stdout.write(line % {"system": monitored.key, "month": month, "files": files})
            else:
                stale = domain.rekey_log_store(system=monitored, actor=None)
                for month, rows in sorted(stale.items()):
                    line = _("%(system)s %(month)s：已重建 %(rows)s 筆查閱的索引鍵")
                    self.stdout.write(line % {"system": monitored.key, "month": month, "rows": f"{rows:,}"})
            if not stale:
                self.stdout.write(_("%(system)s：索引鍵皆為本機 DuckDB 所寫，不需重建") % {"system": monitored.key})
