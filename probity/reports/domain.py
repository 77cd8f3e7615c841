"""Write side of reports: templates and their versions, highlights, built reports. Every write is audited."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from probity.audit import anchors
from probity.audit.domain import record
from probity.core.roc import Period
from probity.reports import builder, disclosure, renderers, sandbox
from probity.reports.models import BuiltReport, Highlight, ReportTemplate, TemplateVersion

DEFAULT_TEMPLATE_NAME = "政風工作報告（半年報）"
DEFAULT_TEMPLATE_BODY = Path(__file__).with_name("data").joinpath("default_template.txt")
_HIGHLIGHT_FIELDS = ("unit", "agency", "period", "section", "title", "body", "links", "sort_order")


@transaction.atomic
def ensure_default_template(*, actor) -> ReportTemplate:
    """The default template, created from the seed report's wording the first time it is needed."""
    template = ReportTemplate.objects.select_for_update().filter(is_default=True).first()
    if template is None:
        template = ReportTemplate.objects.create(
            name=DEFAULT_TEMPLATE_NAME, description="依110年下半年工作報告之章節與文字", is_default=True
        )
        record(actor=actor, verb="reports.template.created", target=template, data={"name": template.name})
    if not template.versions.exists():
        save_template_version(
            template=template,
            body=DEFAULT_TEMPLATE_BODY.read_text(encoding="utf-8"),
            note="預設範本",
            actor=actor,
        )
    return template


@transaction.atomic
def save_template_version(*, template: ReportTemplate, body: str, note: str = "", actor) -> TemplateVersion:
    """Keep a new version of ``template``; the body must compile in the sandbox."""
    sandbox.compile_template(body)
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    latest = template.versions.order_by("-number").first()
    if latest is not None and latest.body == body:
        return latest
    version = TemplateVersion.objects.create(
        template=template,
        number=(latest.number + 1) if latest else 1,
        body=body,
        note=note,
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        verb="reports.template.version_saved",
        target=version,
        data={"template": template.name, "number": version.number, "note": note},
    )
    return version


@transaction.atomic
def create_highlight(*, actor, **values) -> Highlight:
    Period.parse(values["period"])
    highlight = Highlight(
        **{k: v for k, v in values.items() if k in _HIGHLIGHT_FIELDS},
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    highlight.full_clean()
    highlight.save()
    record(
        actor=actor,
        verb="reports.highlight.created",
        target=highlight,
        data={"period": highlight.period, "section": highlight.section, "title": highlight.title},
    )
    return highlight


@transaction.atomic
def update_highlight(highlight: Highlight, *, actor, **values) -> Highlight:
    highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
    changed = []
    for name in _HIGHLIGHT_FIELDS:
        if name in values and getattr(highlight, name) != values[name]:
            setattr(highlight, name, values[name])
            changed.append(name)
    if changed:
        highlight.full_clean()
        highlight.save()
        record(actor=actor, verb="reports.highlight.updated", target=highlight, data={"fields": changed})
    return highlight


@transaction.atomic
def choose_highlight(highlight: Highlight, *, selected: bool, actor) -> Highlight:
    """The central department decides whether a highlight appears in the report."""
    highlight = Highlight.objects.select_for_update().get(pk=highlight.pk)
    if highlight.selected != selected:
        highlight.selected = selected
        highlight.save(update_fields=["selected", "updated_at"])
        record(
            actor=actor,
            verb="reports.highlight.selected" if selected else "reports.highlight.unselected",
            target=highlight,
            data={"period": highlight.period},
        )
    return highlight


def text_digest(inputs: dict) -> str:
    """The hash of the Markdown text the inputs give: a re-build must match it."""
    document = builder.build_document(inputs)
    return hashlib.sha256(renderers.markdown(document)).hexdigest()


@transaction.atomic
def build_report(*, version: TemplateVersion, period: Period, scope, actor) -> BuiltReport:
    """Read the figures now and keep them with the report, so that it always re-builds the same."""
    inputs = builder.collect_inputs(version=version, period=period, scope=scope)
    report = BuiltReport.objects.create(
        template_version=version,
        period=period.code,
        unit=scope.unit,
        inputs=inputs,
        text_sha256=text_digest(inputs),
        built_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record(
        actor=actor,
        verb="reports.report.built",
        target=report,
        data={"period": period.code, "scope": scope.code, "template_version": str(version.code)},
    )
    return report


@transaction.atomic
def publish_report(report: BuiltReport, *, actor) -> BuiltReport:
    report = BuiltReport.objects.select_for_update().get(pk=report.pk)
    if not report.published:
        report.published, report.published_at = True, timezone.now()
        hidden = disclosure.cells(report.inputs)
        event = record(
            actor=actor,
            verb="reports.report.published",
            target=report,
            data={"period": report.period, "suppressed": [f"{cell.key}@{cell.period}" for cell in hidden]},
        )
        report.audit_anchor = anchors.of(event).line()
        report.save(update_fields=["published", "published_at", "audit_anchor", "updated_at"])
    return report
