from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from probity.core import imports
from probity.core.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (XLSX or CSV in UTF-8 or Big5) of one record type; nothing is written if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("type", help="record type, e.g. meetings (see --list)")
        parser.add_argument("file", nargs="?", help="the .xlsx or .csv file")
        parser.add_argument(
            "--as", dest="username", required=False, help="the staff account the import is recorded under"
        )
        parser.add_argument("--list", action="store_true", help="list the record types")
        parser.add_argument("--template", metavar="OUT", help="write the XLSX template of the type to OUT instead")
        parser.add_argument(
            "--update", action="store_true", help="update the records that rows match (types that allow it)"
        )

    def handle(self, *args, type, file=None, username=None, list=False, template=None, update=False, **options):
        if list:
            for importer in imports.all_importers():
                self.stdout.write(f"{importer.key:<24} {importer.label}")
            return
        try:
            importer = imports.get_importer(type)
        except KeyError:
            raise CommandError(f"unknown record type {type!r}; see --list") from None
        if template:
            Path(template).write_bytes(imports.build_template(importer))
            self.stdout.write(f"template written to {template}")
            return
        if not file or not username:
            raise CommandError("give the file and --as USERNAME")
        if update and not importer.updates:
            raise CommandError(f"{importer.key} records are never updated by an import; leave out --update")
        actor = self._actor(username, importer)
        path = Path(file)
        bar = ProgressBar(self.stdout)
        try:
            report = imports.run_import(
                type,
                path.read_bytes(),
                path.name,
                actor=actor,
                progress=lambda *noted: bar(*_overall(*noted)),
                update=update,
            )
        except imports.FileRejected as exc:
            raise CommandError(f"檔案無法匯入：{exc}") from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.done()
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"第{error.row}列 {error.column or '—'}：{error.message}")
            raise CommandError(f"{len(report.errors)} 個錯誤，整份檔案都沒有寫入")
        if update:
            done = f"新增 {report.created} 筆，更新 {report.updated} 筆，已存在且無變動 {report.skipped} 筆"
        else:
            done = f"新增 {report.created} 筆，已存在略過 {report.skipped} 筆"
        self.stdout.write(self.style.SUCCESS(f"匯入完成：{done}"))

    @staticmethod
    def _actor(username, importer):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active staff account {username!r}")
        if not user.has_perm(importer.permission):
            raise CommandError(f"{username} may not import {importer.key}")
        return user


def _overall(stage: str, done: int, total: int) -> tuple[str, float]:
    """Checking fills the first half of the bar, writing the second."""
    share = done / total if total else 0.0
    return stage, share / 2 + (0.5 if stage == "write" else 0.0)
