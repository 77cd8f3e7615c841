from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from probity.accessaudit import domain
from probity.accessaudit.enums import JobStatus, SourceKind
from probity.accessaudit.models import LogImport, MonitoredSystem
from probity.analytics.ingest import IngestError
from probity.core.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import access-log files (CSV UTF-8/Big5, JSON lines, Parquet) into the partitioned store, or a source table."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="log files (or one source file with --source)")
        parser.add_argument("--system", required=True, help="monitored system key")
        parser.add_argument("--encoding", default="", help="utf-8, big5 or cp950 (default: the system's)")
        parser.add_argument("--format", default="", choices=["", "csv", "jsonl", "parquet"])
        parser.add_argument("--source", choices=[k.value for k in SourceKind], help="import a source table instead")
        parser.add_argument("--merge", action="store_true", help="merge the source file into its table (see docs)")
        parser.add_argument("--resume", action="store_true", help="rerun imports of this system that did not finish")

    def handle(self, *args, files, system, encoding, format, source, merge, resume, **options):
        monitored = MonitoredSystem.objects.filter(key=system).first()
        if monitored is None:
            raise CommandError(f"no monitored system {system!r}")
        if source:
            try:
                result = domain.import_source(
                    system=monitored,
                    kind=source,
                    path=Path(files[0]),
                    file_name=Path(files[0]).name,
                    encoding=encoding or "utf-8",
                    merge=merge,
                    actor=None,
                )
            except IngestError as exc:
                raise CommandError(str(exc)) from None
            how = "merged into" if merge else "replacing"
            self.stdout.write(
                self.style.SUCCESS(f"{source}: {result.file_rows} row(s) {how} the table, which holds {result.rows}")
            )
            return
        pending = []
        if resume:
            pending += list(
                LogImport.objects.filter(system=monitored, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
            )
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
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
        failed = False
        for log_import in pending:
            self.stdout.write(f"{log_import.file_name} (batch {log_import.batch})")
            bar = ProgressBar(self.stdout)
            done = domain.perform_log_import(log_import, actor=None, on_progress=bar)
            bar.done()
            if done.status == JobStatus.FAILED:
                failed = True
                self.stderr.write(f"{done.file_name}: {done.error}")
            elif done.status == JobStatus.SKIPPED:
                self.stdout.write(f"{done.file_name}: already imported, skipped")
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"{done.file_name}: {done.rows} rows, months {', '.join(done.months)}")
                )
        if failed:
            raise CommandError("some files were not imported (nothing of them was written)")
