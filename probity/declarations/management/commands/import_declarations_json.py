import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core.management.base import TranslatedCommand
from probity.declarations.jsonimport import import_declarations
from probity.org.models import User


class Command(TranslatedCommand):
    help = gettext_lazy("從 JSON 檔（格式 probity-declarations/1）匯入申報及其財產項目。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("JSON 檔（格式 probity-declarations/1）"))
        parser.add_argument("--actor", help=_("記入稽核軌跡的帳號；機關僅限該使用者的權限範圍"))

    def handle(self, *args, **options):
        actor = self._actor(options["actor"]) if options["actor"] else None
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise CommandError(_("無法讀取 %(path)s：%(error)s") % {"path": options["file"], "error": exc}) from None
        report = import_declarations(data, actor=actor)
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(_("%(count)d 個錯誤，未匯入任何資料") % {"count": len(report.errors)})
        done = _("已匯入 %(created)d 份申報，略過 %(skipped)d 份已登錄的申報，新增 %(declarants)d 位申報義務人")
        self.stdout.write(
            done % {"created": report.created, "skipped": report.skipped, "declarants": report.declarants_created}
        )

    @staticmethod
    def _actor(username: str) -> User:
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(_("沒有啟用中的使用者「%(username)s」") % {"username": username})
        return actor
