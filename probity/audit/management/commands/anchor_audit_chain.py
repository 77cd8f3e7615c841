from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.audit.domain import anchor_chain
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "將稽核軌跡的最新雜湊（錨點）複製到資料庫之外：附加寫入檔案，並寄給 PROBITY_AUDIT_ANCHOR_EMAILS 的收件人。"
        "請每日執行；信件應保存在資料庫管理者無法存取之處。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help=_("錨點附加寫入的檔案（預設為 DATA_DIR/audit/anchors.txt）"))

    def handle(self, *args, **options):
        path = options["file"] or Path(settings.DATA_DIR) / "audit" / "anchors.txt"
        anchor = anchor_chain(actor=None, path=path, recipients=settings.PROBITY_AUDIT_ANCHOR_EMAILS)
        if anchor is None:
            raise CommandError(_("稽核軌跡是空的：沒有可錨定的事件"))
        # The anchor line is what verify_audit_chain and readers parse back: it stays in its one format.
        self.stdout.write(anchor.line())
