"""Published reports as the public reads them: the same text without the links to staff pages, rendered once.

A built report never changes (its inputs are frozen), so each public file is rendered on its first request and
kept under ``DATA_DIR/reports/public/``: a busy portal does not render a PDF for every visitor. The file's name
also carries what the public copy leaves out (``disclosure``), so a changed threshold renders anew.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from django.conf import settings

from probity.core.document import Document, Heading, Paragraph, TextRun
from probity.reports import builder, disclosure, renderers
from probity.reports.models import BuiltReport

PUBLIC_FORMATS = ("pdf", "odt", "docx")
BODY = "body.html"  # the report as the portal page shows it, inside its own layout
# Raised when the public document changes shape, so that files rendered by earlier code are not served.
PUBLIC_VERSION = 4
ANCHOR_NOTE = "稽核軌跡錨點（本報告發布時本平臺稽核軌跡的最後一筆，可供日後驗證稽核軌跡未經改寫）："


def public_document(report: BuiltReport, hidden: list[disclosure.Cell] | None = None) -> Document:
    """The report as the public reads it; ``hidden`` is ``disclosure.cells(report.inputs)``, read once."""
    if hidden is None:
        hidden = disclosure.cells(report.inputs)
    document = builder.build_document(disclosure.apply(report.inputs, hidden)).for_the_public()
    blocks = list(document.blocks)
    if hidden:
        # The reader of a downloaded file learns why some figures are not given, right under the title.
        at = next((index + 1 for index, block in enumerate(blocks) if isinstance(block, Heading)), 0)
        blocks.insert(at, Paragraph((TextRun(disclosure.note()),)))
    if report.audit_anchor:
        # Every copy a reader keeps holds the audit trail's head at publication (audit.anchors).
        blocks += [Paragraph((TextRun(ANCHOR_NOTE),)), Paragraph((TextRun(report.audit_anchor),))]
    return replace(document, blocks=tuple(blocks))


def public_file(report: BuiltReport, fmt: str) -> bytes:
    """The public rendering of a published report in ``fmt`` (one of PUBLIC_FORMATS, or BODY)."""
    hidden = disclosure.cells(report.inputs)
    path = _cache_dir() / f"{report.code}-{report.text_sha256[:16]}-v{PUBLIC_VERSION}-{_digest(hidden)}.{fmt}"
    if path.exists():
        return path.read_bytes()
    document = public_document(report, hidden)
    content = renderers.html_body(document).encode() if fmt == BODY else renderers.render(document, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so that a visitor never reads half a file another request is writing.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    partial.replace(path)
    return content


def _digest(hidden: list[disclosure.Cell]) -> str:
    marks = ";".join(f"{cell.key}@{cell.period}" for cell in hidden)
    return hashlib.sha256(f"{disclosure.threshold()}|{marks}".encode()).hexdigest()[:12]


def _cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports" / "public"
