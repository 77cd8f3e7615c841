import base64
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from probity.core.access import require_perm
from probity.core.consistency import run_checks
from probity.core.document import Chart
from probity.core.indicators import get_indicator
from probity.core.language import language_of_record, period_text, reads_english
from probity.core.paging import paginate
from probity.core.printouts import Printout, printout_kind
from probity.core.roc import Period
from probity.reports import annex, builder, charts, disclosure, domain, renderers, sandbox
from probity.reports.forms import (
    BuildForm,
    FigureFilterForm,
    HighlightFilterForm,
    HighlightForm,
    TemplateVersionForm,
    default_period,
)
from probity.reports.models import TemplateVersion
from probity.reports.queries import (
    get_highlight_for,
    get_report_for,
    get_template_for,
    get_version_for,
    highlights_visible_to,
    reports_visible_to,
    scope_for,
    templates_visible_to,
)

FORMATS = ("html", "pdf", "odt", "docx", "md")


def _period_and_scope(request):
    """The period and scope asked for; a field that does not validate falls back to its default."""
    form = FigureFilterForm(request.GET or None, user=request.user)
    period = default_period(request.user)
    if form.is_bound:
        form.is_valid()
        period = form.cleaned_data.get("period") or period
    return form, period, scope_for(request.user, request.GET.get("scope"))


# --- indicators -------------------------------------------------------------------


@require_perm("reports.view_reports")
def indicators(request):
    form, period, scope = _period_and_scope(request)
    inputs = builder.indicator_inputs(period, scope)
    rows = builder.annex_rows(inputs)
    previous, year_earlier = period.previous(), period.year_earlier()
    for row in rows:
        row["links"] = {
            "now": builder.records_url(row["key"], period.code, scope.code),
            "previous": builder.records_url(row["key"], previous.code, scope.code),
            "year_earlier": builder.records_url(row["key"], year_earlier.code, scope.code),
        }
        row["now_text"] = builder.format_value(row["now"])
        row["previous_text"] = builder.format_value(row["previous"])
        row["year_earlier_text"] = builder.format_value(row["year_earlier"])
    warnings = run_checks(period, scope, builder.current_values(inputs))
    return render(
        request,
        "reports/indicators.html",
        {
            "form": form,
            "period": period,
            "previous": previous,
            "year_earlier": year_earlier,
            "scope": scope,
            "rows": rows,
            "warnings": warnings,
            "query": request.GET.urlencode(),
        },
    )


@require_perm("reports.view_reports")
def records(request, key):
    try:
        indicator = get_indicator(key)
    except KeyError:
        raise Http404 from None
    try:
        period = Period.parse(request.GET.get("period", ""))
    except ValueError:
        period = default_period(request.user)
    scope = scope_for(request.user, request.GET.get("scope"))
    result = indicator.evaluate(period, scope)
    records = result.records
    if records is not None and not records.ordered:
        records = records.order_by("pk")  # a stable order for paging
    page = paginate(request, records) if records is not None else None
    return render(
        request,
        "reports/records.html",
        {
            "indicator": indicator,
            "period": period,
            "scope": scope,
            "value": builder.format_value(result.value),
            "result": result,
            "page": page,
        },
    )


@require_perm("reports.view_reports")
def annex_download(request, fmt):
    if fmt not in annex.CONTENT_TYPES:
        raise Http404
    _form, period, scope = _period_and_scope(request)
    with language_of_record():  # the report's annex, headed in Chinese: its rows too
        inputs = builder.indicator_inputs(period, scope)
    return _attachment(annex.spreadsheet(inputs, fmt), annex.CONTENT_TYPES[fmt], f"annex-{period.code}.{fmt}")


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


# --- printouts: a record as a document to print, sign and file ----------------------------

PRINTOUT_FORMATS = ("pdf", "odt", "docx")


def _printout_for(request, key, code) -> Printout:
    """The record's printout, built within the user's scope: an unknown kind or a record outside the scope is a
    404, a user without the kind's permission a 403 (as ``require_perm``)."""
    kind = printout_kind(key)
    if kind is None:
        raise Http404
    if not request.user.has_perm(kind.permission):
        raise PermissionDenied
    made = kind.build(request.user, code)
    # Built in the request's language: its page numbers and the HTML's lang say so too.
    language = "en" if reads_english() else "zh-Hant-TW"
    return replace(made, document=replace(made.document, language=language))


@login_required
def printout(request, key, code):
    made = _printout_for(request, key, code)
    return render(
        request,
        "reports/printout.html",
        {
            "printout": made,
            "html": renderers.html_body(made.document),
            "key": key,
            "code": code,
            "formats": PRINTOUT_FORMATS,
        },
    )


@login_required
def printout_download(request, key, code, fmt):
    if fmt not in PRINTOUT_FORMATS:
        raise Http404
    made = _printout_for(request, key, code)
    content = renderers.render(made.document, fmt)
    return _attachment(content, renderers.CONTENT_TYPES[fmt], f"{made.file_name}.{fmt}")


# --- templates -------------------------------------------------------------------------


@require_perm("reports.manage_templates")
def template_list(request):
    domain.ensure_default_template(actor=request.user)
    templates = templates_visible_to(request.user).prefetch_related("versions")
    return render(request, "reports/template_list.html", {"templates": templates})


@require_perm("reports.manage_templates")
@require_http_methods(["GET", "POST"])
def template_edit(request, code):
    template = get_template_for(request.user, code)
    latest = template.latest_version
    form = TemplateVersionForm(request.POST or None, initial={"body": latest.body if latest else ""}, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            version = domain.save_template_version(
                template=template, body=form.cleaned_data["body"], note=form.cleaned_data["note"], actor=request.user
            )
        except sandbox.SandboxError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("已儲存第 %(number)s 版。") % {"number": version.number})
            return redirect("reports:template_edit", code=template.code)
    versions = template.versions.select_related("author").order_by("-number")
    return render(request, "reports/template_edit.html", {"template": template, "form": form, "versions": versions})


@require_perm("reports.manage_templates")
@require_POST
def template_preview(request):
    """The live preview: the posted body rendered for the chosen period, or the sandbox's error."""
    form = TemplateVersionForm(request.POST, user=request.user)
    body = request.POST.get("body", "")
    try:
        period = Period.parse(request.POST.get("period") or "")
    except ValueError:
        period = default_period(request.user)
    scope = scope_for(request.user, None)
    preview = TemplateVersion(template=domain.ensure_default_template(actor=request.user), number=0, body=body)
    try:
        document = builder.build_document(builder.collect_inputs(version=preview, period=period, scope=scope))
    except sandbox.SandboxError as exc:
        return render(request, "reports/_preview.html", {"error": str(exc), "form": form})
    return render(
        request,
        "reports/_preview.html",
        {"html": renderers.html_body(document), "warnings": document.warnings, "form": form},
    )


@require_perm("reports.manage_templates")
def version_detail(request, code):
    version = get_version_for(request.user, code)
    return render(request, "reports/version_detail.html", {"version": version})


# --- highlights ------------------------------------------------------------------------------


@require_perm("reports.view_reports")
def highlight_list(request):
    form = HighlightFilterForm(request.GET or None)
    items = highlights_visible_to(request.user)
    if form.is_valid():
        if form.cleaned_data.get("period"):
            items = items.filter(period=form.cleaned_data["period"].code)
        if form.cleaned_data.get("section"):
            items = items.filter(section=form.cleaned_data["section"])
    elif form.is_bound:
        items = items.none()
    items = items.order_by("-period", "section", "sort_order", "created_at", "id")
    return render(request, "reports/highlight_list.html", {"form": form, "page": paginate(request, items)})


@require_perm("reports.write_highlights")
@require_http_methods(["GET", "POST"])
def highlight_create(request):
    form = HighlightForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        highlight = domain.create_highlight(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已新增工作重點。"))
        return redirect(highlight.get_absolute_url())
    return render(request, "reports/highlight_form.html", {"form": form, "highlight": None})


@require_perm("reports.view_reports")
@require_http_methods(["GET", "POST"])
def highlight_edit(request, code):
    highlight = get_highlight_for(request.user, code)
    can_write = request.user.has_perm("reports.write_highlights")
    form = HighlightForm(request.POST or None, instance=highlight, user=request.user)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            domain.update_highlight(highlight, actor=request.user, **form.cleaned_data)
            messages.success(request, _("已更新工作重點。"))
            return redirect(highlight.get_absolute_url())
    return render(
        request, "reports/highlight_form.html", {"form": form, "highlight": highlight, "can_write": can_write}
    )


@require_perm("reports.select_highlights")
@require_POST
def highlight_choose(request, code):
    highlight = get_highlight_for(request.user, code)
    domain.choose_highlight(highlight, selected=request.POST.get("selected") == "1", actor=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_highlight_choice.html", {"item": highlight})
    return redirect("reports:highlight_list")


# --- built reports ---------------------------------------------------------------------------


@require_perm("reports.view_reports")
@require_http_methods(["GET", "POST"])
def report_list(request):
    can_build = request.user.has_perm("reports.build_reports")
    if can_build:
        domain.ensure_default_template(actor=request.user)
    form = BuildForm(request.POST or None, user=request.user) if can_build else None
    if request.method == "POST":
        if not can_build:
            raise PermissionDenied
        if form.is_valid():
            template = form.cleaned_data["template"]
            scope = scope_for(request.user, form.cleaned_data["scope"])
            try:
                report = domain.build_report(
                    version=template.latest_version, period=form.cleaned_data["period"], scope=scope, actor=request.user
                )
            except sandbox.SandboxError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("報告已建置。"))
                return redirect(report.get_absolute_url())
    page = paginate(request, reports_visible_to(request.user))
    return render(request, "reports/report_list.html", {"form": form, "page": page})


@require_perm("reports.view_reports")
def report_detail(request, code):
    report = get_report_for(request.user, code)
    document = builder.build_document(report.inputs)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "html": renderers.html_body(document),
            "warnings": document.warnings,
            "formats": FORMATS,
            "hidden": hidden_figures(report.inputs),
            "threshold": disclosure.threshold(),
        },
    )


def _label(key: str, recorded: str):
    """The indicator's name in the page's language; the report's own if it is no longer registered."""
    try:
        return get_indicator(key).label
    except KeyError:
        return recorded


def hidden_figures(inputs: dict) -> list[dict]:
    """What the public copy leaves out, with the figure staff see, for the page that publishes it."""
    values = {item["key"]: item["values"] for item in inputs["indicators"]}
    return [
        {
            "cell": cell,
            "label": _label(cell.key, cell.label),
            "period": period_text(Period.parse(cell.period)),
            "value": builder.format_value(values[cell.key][cell.period]),
        }
        for cell in disclosure.cells(inputs)
    ]


@require_perm("reports.view_reports")
def report_download(request, code, fmt):
    if fmt not in FORMATS:
        raise Http404
    report = get_report_for(request.user, code)
    document = builder.build_document(report.inputs)
    # A downloaded file is read away from the site: its figure links carry the site's address.
    base_url = request.build_absolute_uri("/").rstrip("/")
    content = renderers.render(document, fmt, base_url=base_url)
    return _attachment(content, renderers.CONTENT_TYPES[fmt], f"report-{report.period}-{report.code}.{fmt}")


@require_perm("reports.view_reports")
def report_annex(request, code, fmt):
    if fmt not in annex.CONTENT_TYPES:
        raise Http404
    report = get_report_for(request.user, code)
    return _attachment(
        annex.spreadsheet(report.inputs, fmt), annex.CONTENT_TYPES[fmt], f"annex-{report.period}-{report.code}.{fmt}"
    )


@require_perm("reports.publish_reports")
@require_POST
def report_publish(request, code):
    report = get_report_for(request.user, code)
    domain.publish_report(report, actor=request.user)
    messages.success(request, _("報告已發布。"))
    return redirect(report.get_absolute_url())


@require_perm("reports.view_reports")
def dashboard_charts(request):
    """The dashboard's charts for the half-year it shows (loaded by htmx from the core dashboard)."""
    period = Period.chosen(request.GET.get("period"))
    scope = scope_for(request.user, request.GET.get("scope"))
    inputs = builder.indicator_inputs(period, scope)
    blocks = [block for block in builder.annex_blocks(inputs, []) if isinstance(block, Chart)]
    figures = [(block.caption, base64.b64encode(charts.svg(block)).decode("ascii")) for block in blocks]
    return render(request, "reports/_dashboard_charts.html", {"figures": figures})
