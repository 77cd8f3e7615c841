"""Attachments are judged by their content: the first bytes say what a file is, whatever its name says."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES = 5


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    label: str


PDF = Sniffed("application/pdf", "pdf", "PDF")
PNG = Sniffed("image/png", "png", "PNG")
JPEG = Sniffed("image/jpeg", "jpg", "JPEG")
GIF = Sniffed("image/gif", "gif", "GIF")
DOCX = Sniffed("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
ODT = Sniffed("application/vnd.oasis.opendocument.text", "odt", "ODT")
ODS = Sniffed("application/vnd.oasis.opendocument.spreadsheet", "ods", "ODS")
TEXT = Sniffed("text/plain", "txt", "TXT")

# The extensions a name may carry for each content; a name claiming another type is a disguise.
NAME_EXTENSIONS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg"},
    "gif": {"gif"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "txt": {"txt", "text", "csv"},
}


def max_bytes() -> int:
    return getattr(settings, "PROBITY_COMPLAINT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_files() -> int:
    return getattr(settings, "PROBITY_COMPLAINT_ATTACHMENT_MAX_FILES", DEFAULT_MAX_FILES)


def _zip_kind(data: bytes) -> Sniffed | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return {ODT.content_type: ODT, ODS.content_type: ODS}.get(mimetype)
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "cp950"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def sniff(data: bytes) -> Sniffed | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_text(data):
        return TEXT
    return None


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    kind: Sniffed
    sha256: str


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file and accept it only if its content is an allowed type within the size limit."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(_("附件超過 %(mb)s MB 上限。") % {"mb": limit // (1024 * 1024)}, code="too_large")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("附件超過 %(mb)s MB 上限。") % {"mb": limit // (1024 * 1024)}, code="too_large")
    if not data:
        raise ValidationError(_("附件是空的。"), code="empty")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(_("附件內容不是可接受的格式（PDF、圖片、Word、Excel、ODF 或純文字）。"), code="bad_type")
    name = (getattr(upload, "name", "") or "").lower()
    claimed = name.rsplit(".", 1)[-1] if "." in name else ""
    if claimed and claimed not in NAME_EXTENSIONS[kind.extension]:
        raise ValidationError(
            _("附件的副檔名與實際內容不符（內容為 %(kind)s），請確認檔案。") % {"kind": kind.label}, code="disguised"
        )
    return CheckedFile(data=data, kind=kind, sha256=hashlib.sha256(data).hexdigest())
