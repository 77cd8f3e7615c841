"""One spreadsheet import framework for every record type.

An app registers an :class:`Importer` subclass per record type in its
``imports.py``. The framework reads XLSX or CSV (UTF-8 or Big5), checks the
header, parses every cell of every row and collects every error with its row
number, column and a reason in Chinese. Only a file without a single error is
written, in one transaction, through the importer's :meth:`Importer.save`, which
calls the app's domain functions. Rows already in the database (by the
importer's natural key) are skipped, so re-importing a file adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from probity.core import roc
from probity.core.text import clauses

if TYPE_CHECKING:
    from probity.core.models import ImportRun

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024


class CellError(Exception):
    """A cell that cannot be read; the message is shown to the user as is."""


class FileRejected(Exception):  # noqa: N818  (reads as a verdict: the file was rejected)
    """The file as a whole cannot be read (wrong type, too large, bad header)."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row number the user sees in the spreadsheet (header is row 1)
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportContext:
    """What parsers may need: the acting user and lookup caches loaded once per file."""

    actor: Any
    cache: dict = field(default_factory=dict)
    columns: frozenset = frozenset()  # the keys of the columns the file has (set by validate)

    def cached(self, key: str, loader: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]


Parser = Callable[[Any, ImportContext], Any]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Parser
    required: bool = True
    example: str = ""
    help: Any = ""  # may be a lazy translation


@dataclass
class ImportReport:
    record_type: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class Importer:
    """Subclass per record type: set ``key``, ``label``, ``columns``; implement ``save``."""

    key: str = ""
    label: Any = ""  # may be a lazy translation
    columns: list[Column] = []
    permission: str = "core.import_records"
    # Whether a row matching an existing record may update it (the upload then asks): a roster imported again
    # brings the year's changes. Otherwise a re-imported row is skipped.
    updates: bool = False

    def check_row(self, values: dict, context: ImportContext) -> None:
        """Cross-field checks; raise :class:`CellError` via :meth:`fail`."""

    def natural_key(self, values: dict) -> tuple:
        """What makes two rows the same record; rows repeating a key within a file are errors."""
        return tuple(values[column.key] for column in self.columns)

    def save(self, values: dict, *, actor) -> bool:
        """Write one valid row through domain functions; return False if it already existed."""
        raise NotImplementedError

    def update(self, values: dict, *, actor) -> bool:
        """Update the existing record a row matches (only when ``updates``); return False if nothing changed."""
        raise NotImplementedError

    @staticmethod
    def fail(column: str, message: Any) -> None:
        raise ColumnError(column, message)


class ColumnError(CellError):
    def __init__(self, column: str, message: Any):
        super().__init__(message)
        self.column = column


_importers: dict[str, Importer] = {}


def register(importer_class: type[Importer]) -> type[Importer]:
    if not importer_class.key:
        raise ValueError(f"{importer_class.__name__} has no key")
    _importers[importer_class.key] = importer_class()
    return importer_class


def get_importer(key: str) -> Importer:
    try:
        return _importers[key]
    except KeyError:
        raise KeyError(key) from None


def all_importers() -> list[Importer]:
    return sorted(_importers.values(), key=lambda importer: importer.key)


# Reading files --------------------------------------------------------------


def read_table(data: bytes, file_name: str) -> list[list[Any]]:
    """The rows of the first sheet of an XLSX file, or of a CSV file in UTF-8 or Big5."""
    if len(data) > settings.PROBITY_IMPORT_MAX_BYTES:
        limit = settings.PROBITY_IMPORT_MAX_BYTES // (1024 * 1024)
        raise FileRejected(_("檔案超過 %(limit)s MB 上限，請分批匯入。") % {"limit": limit})
    if not data.strip():
        raise FileRejected(_("檔案是空的。"))
    name = file_name.lower()
    if data[:4] == b"PK\x03\x04":
        if not name.endswith(".xlsx"):
            raise FileRejected(_("檔案內容是 Excel 活頁簿，副檔名卻不是 .xlsx。"))
        return _read_xlsx(data)
    if name.endswith(".xlsx"):
        raise FileRejected(_("檔案副檔名是 .xlsx，內容卻不是 Excel 活頁簿。"))
    if not name.endswith(".csv"):
        raise FileRejected(_("只接受 .xlsx 或 .csv 檔案。"))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > _MAX_XLSX_UNCOMPRESSED:
                raise FileRejected(_("活頁簿解壓縮後過大，疑似惡意檔案，不予處理。"))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(_("無法讀取這個 Excel 活頁簿，檔案可能已損毀。")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > settings.PROBITY_IMPORT_MAX_ROWS + 1:
            raise FileRejected(_("資料超過 %(max)s 列上限，請分批匯入。") % {"max": settings.PROBITY_IMPORT_MAX_ROWS})
    workbook.close()
    return rows


def _read_csv(data: bytes) -> list[list[Any]]:
    if b"\x00" in data:
        raise FileRejected(_("檔案含有二進位資料，不是文字格式的 CSV。"))
    for encoding in ("utf-8-sig", "cp950"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("無法辨識檔案編碼，請存成 UTF-8 或 Big5 的 CSV。"))
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        # e.g. a field longer than the csv module's limit: a hostile or broken file, not a spreadsheet.
        raise FileRejected(_("CSV 格式錯誤（欄位過長或引號不成對），無法讀取。")) from None
    if len(rows) > settings.PROBITY_IMPORT_MAX_ROWS + 1:
        raise FileRejected(_("資料超過 %(max)s 列上限，請分批匯入。") % {"max": settings.PROBITY_IMPORT_MAX_ROWS})
    return rows


# Running an import ----------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _map_header(importer: Importer, header: list[Any]) -> dict[str, int]:
    positions: dict[str, int] = {}
    known = {column.header: column for column in importer.columns}
    for index, cell in enumerate(header):
        title = str(cell).strip().rstrip("*") if cell is not None else ""
        if not title:
            continue
        if title not in known:
            raise FileRejected(_("第1列有不認得的欄位「%(title)s」，請使用下載的範本。") % {"title": title})
        if known[title].key in positions:
            raise FileRejected(_("第1列的欄位「%(title)s」重複。") % {"title": title})
        positions[known[title].key] = index
    missing = [column.header for column in importer.columns if column.required and column.key not in positions]
    if missing:
        raise FileRejected(_("缺少必要欄位：%(columns)s。") % {"columns": "、".join(missing)})
    return positions


Progress = Callable[[str, int, int], None]  # (stage "validate" or "write", rows done, rows in all)


def _every_percent(total: int) -> int:
    return max(1, total // 100)


def validate(
    importer: Importer, table: list[list[Any]], context: ImportContext, progress: Progress | None = None
) -> tuple[list[dict], list[RowError]]:
    """Parse every row; return the cleaned rows and every error found."""
    if not table:
        raise FileRejected(_("檔案是空的。"))
    positions = _map_header(importer, table[0])
    context.columns = frozenset(positions)
    cleaned_rows: list[dict] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    total, step = len(table) - 1, _every_percent(len(table) - 1)
    for offset, row in enumerate(table[1:], start=2):
        if progress and (offset - 2) % step == 0:
            progress("validate", offset - 2, total)
        if all(_is_blank(cell) for cell in row):
            continue
        if _is_example_row(importer, positions, row):
            # Left over from the template: importing it would create a fictitious record.
            errors.append(RowError(offset, "", _("這是範本的範例列，請刪除後再匯入。")))
            continue
        values, row_errors = _parse_row(importer, positions, row, offset, context)
        if not row_errors:
            try:
                importer.check_row(values, context)
            except ColumnError as exc:
                row_errors.append(RowError(offset, exc.column, str(exc)))
        if not row_errors:
            key = importer.natural_key(values)
            if key in seen:
                row_errors.append(RowError(offset, "", _("與第%(row)s列是同一筆資料。") % {"row": seen[key]}))
            seen.setdefault(key, offset)
        errors.extend(row_errors)
        values["_row"] = offset
        cleaned_rows.append(values)
    if not cleaned_rows and not errors:
        raise FileRejected(_("檔案只有標題列，沒有資料。"))
    return cleaned_rows, errors


def _is_example_row(importer: Importer, positions: dict[str, int], row: list[Any]) -> bool:
    """True when every column that has an example holds exactly that example."""
    compared = 0
    for column in importer.columns:
        index = positions.get(column.key)
        if not column.example or index is None:
            continue
        raw = row[index] if index < len(row) else None
        if _is_blank(raw) or _plain(raw) != str(column.example):
            return False
        compared += 1
    return compared > 0


def _parse_row(importer, positions, row, offset, context) -> tuple[dict, list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in importer.columns:
        index = positions.get(column.key)
        raw = row[index] if index is not None and index < len(row) else None
        if _is_blank(raw):
            if column.required:
                errors.append(RowError(offset, column.header, _("必填欄位沒有填寫。")))
            values[column.key] = None
            continue
        if isinstance(raw, str):
            raw = raw.strip()
        try:
            values[column.key] = column.parse(raw, context)
        except CellError as exc:
            errors.append(RowError(offset, column.header, str(exc)))
    return values, errors


def run_import(
    key: str,
    data: bytes,
    file_name: str,
    *,
    actor,
    run: ImportRun | None = None,
    progress: Progress | None = None,
    update: bool = False,
) -> ImportReport:
    """Validate the whole file, then write it in one transaction or not at all.

    The outcome is kept as an :class:`ImportRun`: ``run`` when the upload was queued, a new one otherwise.
    With ``update`` (or a queued run that asked for it), rows matching existing records update them when the
    importer allows it.
    A file that cannot be read at all raises :class:`FileRejected` after its run is recorded.
    """
    from probity.core.models import ImportRun

    importer = get_importer(key)
    report = ImportReport(record_type=key)
    context = ImportContext(actor=actor)
    if run is None:  # a queued run was hashed when the upload was kept
        run = _new_run(key, data, file_name, actor=actor, update=update)
    update = run.updates_existing and importer.updates
    try:
        table = read_table(data, file_name)
        rows, errors = validate(importer, table, context, progress)
    except FileRejected as exc:
        _finish(run, ImportRun.Status.REJECTED, actor=actor, message=str(exc))
        raise
    report.rows = len(rows)
    report.errors = errors
    if errors:
        _finish(run, ImportRun.Status.REJECTED, actor=actor, rows=len(rows), errors=errors)
        return report
    with transaction.atomic():
        present = context.columns if update else None
        report.errors = _write(importer, rows, report, actor=actor, progress=progress, present=present)
        if report.errors or _ended_meanwhile(run):
            # A conflict only visible while writing (a domain rule, a scope check), or a run someone
            # ended as stopped: undo everything.
            transaction.set_rollback(True)
            report.created = report.updated = report.skipped = 0
        else:
            _finish(run, ImportRun.Status.SUCCEEDED, actor=actor, rows=len(rows), report=report)
    if report.errors:
        _finish(run, ImportRun.Status.REJECTED, actor=actor, rows=len(rows), errors=report.errors)
    return report


def _ended_meanwhile(run) -> bool:
    """A queued run found rejected while it was being written was ended by someone (:func:`end_import`)."""
    return run.pk is not None and type(run).objects.filter(pk=run.pk, status=run.Status.REJECTED).exists()


def _new_run(key: str, data: bytes, file_name: str, *, actor, update: bool = False) -> ImportRun:
    from probity.core.models import ImportRun

    return ImportRun(
        record_type=key,
        file_name=file_name[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
        actor=actor,
        updates_existing=update,
    )


def _write(
    importer: Importer, rows: list[dict], report: ImportReport, *, actor, progress, present: frozenset | None = None
) -> list[RowError]:
    """Save the rows in order; stop at the first that cannot be written and name it.

    With ``present`` (the columns the file has), a row matching an existing record updates it with those
    columns only: a column the file lacks leaves the record's value alone."""
    absent = {column.key for column in importer.columns} - present if present is not None else set()
    step = _every_percent(len(rows))
    for done, values in enumerate(rows):
        if progress and done % step == 0:
            progress("write", done, len(rows))
        row_number = values.pop("_row")
        try:
            created = importer.save(values, actor=actor)
            updated = not created and present is not None and importer.update(_without(values, absent), actor=actor)
        except (CellError, ValidationError, PermissionDenied, IntegrityError) as exc:
            return [RowError(row_number, getattr(exc, "column", ""), _write_error_message(exc))]
        if created:
            report.created += 1
        elif updated:
            report.updated += 1
        else:
            report.skipped += 1
    return []


def _without(values: dict, keys: set[str]) -> dict:
    return {key: value for key, value in values.items() if key not in keys}


def _finish(run, status: str, *, actor, rows: int = 0, errors=(), message: str = "", report=None) -> None:
    """Record the run's outcome and its audit event."""
    from probity.audit.domain import record

    run.status = status
    run.rows = rows
    run.errors = [error.as_dict() for error in list(errors)[: run.ERRORS_KEPT]]
    run.error_count = len(errors)
    run.message = message
    run.created = report.created if report else 0
    run.updated = report.updated if report else 0
    run.skipped = report.skipped if report else 0
    with transaction.atomic():
        run.save()
        if status == run.Status.SUCCEEDED:
            data = {"type": run.record_type, "created": run.created, "updated": run.updated, "skipped": run.skipped}
            record(actor=actor, verb="import.succeeded", target=run, data=data)
        else:
            record(
                actor=actor, verb="import.rejected", target=run, data={"type": run.record_type, "errors": len(errors)}
            )


# Queued imports (the upload page): the file waits under the data directory for the worker. -------------


def _queue_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads" / "imports"


def queue_import(key: str, data: bytes, file_name: str, *, actor, update: bool = False) -> ImportRun:
    """Keep the upload and record a queued run; :func:`perform_queued_import` does the work."""
    get_importer(key)
    run = _new_run(key, data, file_name, actor=actor, update=update)
    run.save()
    _queue_dir().mkdir(parents=True, exist_ok=True)
    (_queue_dir() / str(run.code)).write_bytes(data)
    return run


def perform_queued_import(run: ImportRun) -> str:
    """Import a queued upload, noting its progress where the upload page can read it; the file is removed."""
    from probity.core.models import ImportRun

    upload = _queue_dir() / str(run.code)
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING
    )
    if not claimed:
        return run.status
    try:
        data = upload.read_bytes()
        run_import(run.record_type, data, run.file_name, actor=run.actor, run=run, progress=_noter(run))
    except FileRejected:
        pass  # recorded on the run
    except Exception:
        # Nothing was written (the transaction rolled back); say so on the run, and let the worker log it.
        run.refresh_from_db()
        if run.in_progress:
            _finish(
                run,
                ImportRun.Status.REJECTED,
                actor=run.actor,
                message=_("匯入時發生未預期的錯誤，整份檔案都沒有寫入。"),
            )
        raise
    finally:
        upload.unlink(missing_ok=True)
        _progress_file(run).unlink(missing_ok=True)
    return run.status


def _progress_file(run) -> Path:
    return _queue_dir() / f"{run.code}.progress"


def _noter(run) -> Progress:
    # A file, not the run's row: the rows are written in one transaction, which no other connection sees.
    def note(stage: str, done: int, total: int) -> None:
        target = _progress_file(run)
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps({"stage": stage, "done": done, "total": total}))
        os.replace(partial, target)

    return note


STALLED_AFTER = dt.timedelta(minutes=5)


def import_progress(run: ImportRun) -> dict:
    """How far a queued or running import has got: stage, rows done, rows in all, percent overall, and
    whether it has stalled (running, yet nothing noted for five minutes: the worker has probably died)."""
    progress_file = _progress_file(run)
    try:
        noted = json.loads(progress_file.read_text())
        last = dt.datetime.fromtimestamp(progress_file.stat().st_mtime, tz=dt.UTC)
    except (OSError, ValueError):
        noted, last = {"stage": "", "done": 0, "total": 0}, run.updated_at
    share = noted["done"] / noted["total"] if noted["total"] else 0
    # Checking is the first half of the bar, writing the second.
    noted["percent"] = round(50 * share + (50 if noted["stage"] == "write" else 0))
    noted["stalled"] = run.status == run.Status.RUNNING and timezone.now() - last > STALLED_AFTER
    return noted


def end_import(run: ImportRun, *, actor) -> None:
    """End a run the worker never took up (queued past its patience) or stopped noting (stalled).

    Nothing of the file has been written: its rows are only committed with the run's success.
    The kept upload and its progress note are removed.
    """
    if not (run.waiting_long or import_progress(run)["stalled"]):
        raise ValidationError(_("這次匯入仍在進行，不能結束。"))
    ended = type(run).objects.filter(pk=run.pk, status=run.status).update(status=run.Status.REJECTED)
    if not ended:
        raise ValidationError(_("這次匯入的狀態已改變，請重新整理頁面。"))
    message = _("匯入未完成，已由 %(name)s 結束，整份檔案都沒有寫入。請重新上傳。") % {"name": actor}
    _finish(run, run.Status.REJECTED, actor=actor, message=message)
    (_queue_dir() / str(run.code)).unlink(missing_ok=True)
    _progress_file(run).unlink(missing_ok=True)


def _write_error_message(exc: Exception) -> str:
    if isinstance(exc, PermissionDenied):
        return _("這筆資料不在您的權限範圍內。")
    if isinstance(exc, ValidationError):
        return clauses(*(str(message) for message in exc.messages))
    if isinstance(exc, IntegrityError):
        # A unique key taken meanwhile, typically by the same file imported at the same moment.
        return _("這筆資料與剛寫入的資料衝突（可能同時有人匯入同一份檔案），請重新匯入。")
    return str(exc)


# Templates ------------------------------------------------------------------


def build_template(importer: Importer) -> bytes:
    """An XLSX template: Chinese headers (required ones marked *), an example row, and a sheet of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.label)[:31]
    sheet.append([f"{column.header}*" if column.required else column.header for column in importer.columns])
    sheet.append([column.example for column in importer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(importer.columns, start=1):
        width = max(len(column.header), len(str(column.example))) * 2 + 4
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(width, 60)
    notes = workbook.create_sheet(_("說明"))
    notes.append([_("欄位"), _("必填"), _("說明"), _("範例")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for column in importer.columns:
        notes.append([column.header, _("是") if column.required else _("否"), str(column.help), column.example])
    notes.append([])
    notes.append([_("日期請用民國年，例如 110/07/01；第一列為標題，第二列為範例，匯入前請刪除範例列。")])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Parsers --------------------------------------------------------------------


def _reject_formula(text: str) -> None:
    if text.startswith(FORMULA_PREFIXES):
        raise CellError(
            _("內容以「%(char)s」開頭，可能是試算表公式，不予匯入；若為文字請刪除開頭符號。") % {"char": text[0]}
        )


def text(max_length: int = 200) -> Parser:
    def parse(raw: Any, context: ImportContext) -> str:
        value = _plain(raw)
        _reject_formula(value)
        if len(value) > max_length:
            raise CellError(
                _("超過 %(max)s 字上限（目前 %(length)s 字）。") % {"max": max_length, "length": len(value)}
            )
        return value

    return parse


def _plain(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def integer(minimum: int = 0, maximum: int = 10**9) -> Parser:
    def parse(raw: Any, context: ImportContext) -> int:
        if isinstance(raw, bool):
            raise CellError(_("應為整數。"))
        if isinstance(raw, int):
            value = raw
        elif isinstance(raw, float) and raw.is_integer():
            value = int(raw)
        else:
            candidate = _plain(raw).replace(",", "")
            if not candidate.lstrip("-").isdigit():
                raise CellError(_("「%(value)s」不是整數。") % {"value": _plain(raw)[:40]})
            value = int(candidate)
        if not minimum <= value <= maximum:
            raise CellError(_("應介於 %(min)s 與 %(max)s 之間。") % {"min": minimum, "max": maximum})
        return value

    return parse


def decimal(minimum: Decimal | None = None, places: int = 2) -> Parser:
    def parse(raw: Any, context: ImportContext) -> Decimal:
        try:
            value = Decimal(_plain(raw).replace(",", ""))
        except InvalidOperation:
            raise CellError(_("「%(value)s」不是數字。") % {"value": _plain(raw)[:40]}) from None
        if not value.is_finite():
            raise CellError(_("應為有限的數字。"))
        if minimum is not None and value < minimum:
            raise CellError(_("不得小於 %(min)s。") % {"min": minimum})
        return value.quantize(Decimal(1).scaleb(-places))

    return parse


def roc_date() -> Parser:
    def parse(raw: Any, context: ImportContext) -> dt.date:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return roc.parse_date(_plain(raw))
        except ValueError:
            raise CellError(_("「%(value)s」不是民國日期，請寫成 110/07/01。") % {"value": _plain(raw)[:40]}) from None

    return parse


def boolean() -> Parser:
    truthy = {"是", "有", "y", "yes", "true", "1", "v", "✓"}
    falsy = {"否", "無", "n", "no", "false", "0"}

    def parse(raw: Any, context: ImportContext) -> bool:
        value = _plain(raw).lower()
        if value in truthy:
            return True
        if value in falsy:
            return False
        raise CellError(_("請填「是」或「否」。"))

    return parse


def choice(choices: type[models.Choices]) -> Parser:
    """Accepts the Chinese label or the code of a TextChoices member."""

    def parse(raw: Any, context: ImportContext) -> str:
        value = _plain(raw)
        for member in choices:
            if value in (_source_label(member), str(member.label), member.value):
                return member.value
        allowed = "、".join(str(member.label) for member in choices)
        raise CellError(_("「%(value)s」不是可用的選項（%(allowed)s）。") % {"value": value[:40], "allowed": allowed})

    return parse


@functools.cache
def _source_label(member) -> str:
    """The Chinese label, whatever language the importing user reads: templates are filled in Chinese.

    Cached: switching the language for every cell of a 50,000-row file cost more than reading it.
    """
    with translation.override("zh-hant"):
        return str(member.label)


def multi_choice(choices: type[models.Choices], separator: str = "、") -> Parser:
    single = choice(choices)

    def parse(raw: Any, context: ImportContext) -> list[str]:
        parts = _plain(raw).replace(",", separator).replace("，", separator).split(separator)
        return [single(part.strip(), context) for part in parts if part.strip()]

    return parse


def lookup(
    queryset_for: Callable[[ImportContext], Iterable[models.Model]],
    names_of: Callable[[models.Model], Iterable[str]],
    what: Any,
    cache_key: str,
) -> Parser:
    """Find a row by any of its names, among those the actor may use."""

    def parse(raw: Any, context: ImportContext):
        def load() -> dict[str, models.Model]:
            index: dict[str, models.Model] = {}
            for obj in queryset_for(context):
                for name in names_of(obj):
                    if name:
                        index.setdefault(str(name).strip(), obj)
            return index

        index = context.cached(cache_key, load)
        value = _plain(raw)
        if value not in index:
            raise CellError(
                _("找不到%(what)s「%(value)s」，或不在您的權限範圍內。") % {"what": what, "value": value[:60]}
            )
        return index[value]

    return parse
