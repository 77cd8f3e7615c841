"""Published work reports: the list, each report's text, and its files, for anyone."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from probity.core.paging import paginate
from probity.reports import publication, renderers
from probity.reports.forms import PublishedReportFilterForm
from probity.reports.queries import get_published_report, published_reports


def report_list(request):
    reports = published_reports()
    form = PublishedReportFilterForm(request.GET or None, reports=reports)
    return render(
        request,
        "portal/reports/report_list.html",
        {"form": form, "page": paginate(request, form.filter(reports)), "formats": publication.PUBLIC_FORMATS},
    )


def report_detail(request, code):
    report = get_published_report(code)
    # The body is the renderer's own escaped HTML, read back from the file it was kept in.
    body = mark_safe(publication.public_file(report, publication.BODY).decode())  # noqa: S308
    return render(
        request,
        "portal/reports/report_detail.html",
        {"report": report, "body": body, "formats": publication.PUBLIC_FORMATS},
    )


def report_download(request, code, fmt):
    if fmt not in publication.PUBLIC_FORMATS:
        raise Http404
    report = get_published_report(code)
    response = HttpResponse(publication.public_file(report, fmt), content_type=renderers.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="report-{report.period}-{report.code}.{fmt}"'
    return response
