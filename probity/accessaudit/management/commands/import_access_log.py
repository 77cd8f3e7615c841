from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import domain
from probity.accessaudit.enums import JobStatus, SourceKind
from probity.accessaudit.models import LogImport, MonitoredSystem
from probity.analytics.ingest import IngestError
from probity.core.language import in_readers_language
from probity.core.management.base import TranslatedCommand
from probity.core.management.progress import ProgressBar

STAGES = {
    "hash": gettext_lazy("計算雜湊"),
    "transcode": gettext_lazy("轉換編碼"),
    "convert": gettext_lazy("轉入儲存區"),
    "done": gettext_lazy("完成"),
}


class Command(TranslatedCommand):
    help = gettext_lazy("將存取紀錄檔（CSV UTF-8／Big5、JSON lines、Parquet）匯入分區儲存區，或匯入一份來源資料表。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("紀錄檔（加 --source 時為一份來源資料檔）"))
        parser.add_argument("--system", required=True, help=_("受監控系統的代碼"))
        parser.add_argument("--encoding", default="", help=_("utf-8、big5 或 cp950（預設為該系統的設定）"))
        parser.add_argument(
            "--format", default="", choices=["", "csv", "jsonl", "parquet"], help=_("檔案格式（預設依副檔名）")
        )
        parser.add_argument("--source", choices=[k.value for k in SourceKind], help=_("改為匯入這份來源資料表"))
        parser.add_argument(
            "--merge", action="store_true", help=_("將來源資料檔併入原有資料表，而非取代（見說明文件）")
        )
        parser.add_argument("--resume", action="store_true", help=_("重新執行此系統未完成的匯入"))

    def handle(self, *args, files, system, encoding, format, source, merge, resume, **options):
        monitored = MonitoredSystem.objects.filter(key=system).first()
        if monitored is None:
            raise CommandError(_("沒有代碼為「%(system)s」的受監控系統") % {"system": system})
        if source:
            self._import_source(monitored, Path(files[0]), source, encoding, merge)
            return
        pending = []
        if resume:
            pending += list(
                LogImport.objects.filter(system=monitored, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            )
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("%(name)s：找不到這個檔案") % {"name": name})
            pending.append(
                domain.queue_log_import(
                    system=monitored,
                    path=path.resolve(),
                    file_name=path.name,
                    file_format=format,
                    encoding=encoding,
                    actor=None,
                )
            )
        failed = [log_import for log_import in pending if not self._perform(log_import)]
        if failed:
            raise CommandError(_("有 %(count)d 個檔案沒有匯入（這些檔案的資料都沒有寫入）") % {"count": len(failed)})

    def _import_source(self, monitored, path: Path, source: str, encoding: str, merge: bool) -> None:
        try:
            result = domain.import_source(
                system=monitored,
                kind=source,
                path=path,
                file_name=path.name,
                encoding=encoding or "utf-8",
                merge=merge,
                actor=None,
            )
        except IngestError as exc:
            raise CommandError(in_readers_language(exc.message)) from None
        done = (
            _("%(kind)s：%(rows)d 筆併入資料表，資料表現有 %(total)d 筆")
            if merge
            else _("%(kind)s：以 %(rows)d 筆取代資料表，資料表現有 %(total)d 筆")
        )
        self.stdout.write(self.style.SUCCESS(done % {"kind": source, "rows": result.file_rows, "total": result.rows}))

    def _perform(self, log_import: LogImport) -> bool:
        """Import one queued file with a progress bar; False when it failed."""
        self.stdout.write(_("%(name)s（第 %(batch)d 批）") % {"name": log_import.file_name, "batch": log_import.batch})
        bar = ProgressBar(self.stdout)
        done = domain.perform_log_import(
            log_import, actor=None, on_progress=lambda stage, fraction: bar(str(STAGES.get(stage, stage)), fraction)
        )
        bar.done()
        if done.status == JobStatus.FAILED:
            self.stderr.write(_("%(name)s：%(error)s") % {"name": done.file_name, "error": done.error_text})
            return False
        if done.status == JobStatus.SKIPPED:
            self.stdout.write(_("%(name)s：已經匯入過，略過") % {"name": done.file_name})
        else:
            message = _("%(name)s：%(rows)s 筆，月份 %(months)s") % {
                "name": done.file_name,
                "rows": f"{done.rows:,}",
                "months": "、".join(done.months),
            }
            self.stdout.write(self.style.SUCCESS(message))
        return True
