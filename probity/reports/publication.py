"""Published reports as the public reads them: the same text without the links to staff pages, rendered once.

A built report never changes (its inputs are frozen), so each public file is rendered on its first request and
kept under ``DATA_DIR/reports/public/``: a busy portal does not render a PDF for every visitor.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from probity.reports import builder, renderers
from probity.reports.document import Document
from probity.reports.models import BuiltReport

PUBLIC_FORMATS = ("pdf", "odt", "docx")
BODY = "body.html"  # the report as the portal page shows it, inside its own layout


def public_document(report: BuiltReport) -> Document:
    return builder.build_document(report.inputs).for_the_public()


def public_file(report: BuiltReport, fmt: str) -> bytes:
    """The public rendering of a published report in ``fmt`` (one of PUBLIC_FORMATS, or BODY)."""
    path = _cache_dir() / f"{report.code}-{report.text_sha256[:16]}.{fmt}"
    if path.exists():
        return path.read_bytes()
    document = public_document(report)
    content = renderers.html_body(document).encode() if fmt == BODY else renderers.render(document, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so that a visitor never reads half a file another request is writing.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    partial.replace(path)
    return content


def _cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "reports" / "public"
