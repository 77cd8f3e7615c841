import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import domain, storage
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("刪除超過保存期限（PROBITY_ACCESSLOG_RETENTION_MONTHS）的查閱紀錄月份。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只列出將刪除的月份，不刪除"))
        parser.add_argument("--today", default=None, help=_("YYYY-MM-DD（西元，預設為今天）"))

    def handle(self, *args, dry_run, today, **options):
        day = dt.date.fromisoformat(today) if today else timezone.localdate()
        removed = domain.purge_expired_logs(today=day, actor=None, dry_run=dry_run)
        done = (
            _("保存期限 %(months)d 個月：將刪除 %(count)d 個月份目錄")
            if dry_run
            else _("保存期限 %(months)d 個月：已刪除 %(count)d 個月份目錄")
        )
        self.stdout.write(done % {"months": storage.retention_months(), "count": len(removed)})
        for path in removed:
            self.stdout.write(f"  {path}")
