from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core import imports
from probity.core.management.base import TranslatedCommand
from probity.core.management.progress import ProgressBar

STAGES = {"validate": gettext_lazy("檢查中"), "write": gettext_lazy("寫入中")}


class Command(TranslatedCommand):
    help = gettext_lazy("匯入一種紀錄的試算表（XLSX，或 UTF-8／Big5 編碼的 CSV）；只要有一列有誤，整份檔案都不寫入。")

    def add_arguments(self, parser):
        parser.add_argument("type", help=_("紀錄類型，例如 meetings（見 --list）"))
        parser.add_argument("file", nargs="?", help=_(".xlsx 或 .csv 檔案"))
        parser.add_argument("--as", dest="username", required=False, help=_("這次匯入登記在哪個職員帳號名下"))
        parser.add_argument("--list", action="store_true", help=_("列出紀錄類型"))
        parser.add_argument("--template", metavar="OUT", help=_("改為將該類型的 XLSX 範本寫入 OUT"))
        parser.add_argument("--update", action="store_true", help=_("更新各列對應到的既有紀錄（限可更新的類型）"))

    def handle(self, *args, type, file=None, username=None, list=False, template=None, update=False, **options):
        if list:
            for importer in imports.all_importers():
                self.stdout.write(f"{importer.key:<24} {importer.label}")
            return
        try:
            importer = imports.get_importer(type)
        except KeyError:
            raise CommandError(_("沒有「%(type)s」這種紀錄類型；請見 --list") % {"type": type}) from None
        if template:
            Path(template).write_bytes(imports.build_template(importer))
            self.stdout.write(_("範本已寫入 %(path)s") % {"path": template})
            return
        if not file or not username:
            raise CommandError(_("請給檔案與 --as 帳號"))
        if update and not importer.updates:
            raise CommandError(_("%(type)s 紀錄不會因匯入而更新；請拿掉 --update") % {"type": importer.key})
        report = self._run(importer, Path(file), self._actor(username, importer), update)
        self.stdout.write(self.style.SUCCESS(_done(report, update)))

    def _run(self, importer, path: Path, actor, update: bool) -> imports.ImportReport:
        """Import the file with a progress bar; a rejected file or any bad row raises CommandError."""
        bar = ProgressBar(self.stdout)
        try:
            report = imports.run_import(
                importer.key,
                path.read_bytes(),
                path.name,
                actor=actor,
                progress=lambda *noted: bar(*_overall(*noted)),
                update=update,
            )
        except imports.FileRejected as exc:
            raise CommandError(_("檔案無法匯入：%(error)s") % {"error": exc}) from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.done()
        if not report.ok:
            for error in report.errors:
                line = {"row": error.row, "column": error.column or "—", "message": error.message}
                self.stderr.write(_("第%(row)s列 %(column)s：%(message)s") % line)
            raise CommandError(_("%(count)d 個錯誤，整份檔案都沒有寫入") % {"count": len(report.errors)})
        return report

    @staticmethod
    def _actor(username, importer):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("沒有啟用中的職員帳號「%(username)s」") % {"username": username})
        if not user.has_perm(importer.permission):
            raise CommandError(_("%(username)s 無權匯入 %(type)s") % {"username": username, "type": importer.key})
        return user


def _done(report: imports.ImportReport, update: bool) -> str:
    # The same sentences as the upload page's, so that both say an import's outcome alike.
    if update:
        return _("匯入完成：新增 %(created)s 筆，更新 %(updated)s 筆，已存在且無變動 %(skipped)s 筆。") % {
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
        }
    return _("匯入完成：新增 %(created)s 筆，已存在略過 %(skipped)s 筆。") % {
        "created": report.created,
        "skipped": report.skipped,
    }


def _overall(stage: str, done: int, total: int) -> tuple[str, float]:
    """Checking fills the first half of the bar, writing the second."""
    share = done / total if total else 0.0
    return str(STAGES.get(stage, stage)), share / 2 + (0.5 if stage == "write" else 0.0)
