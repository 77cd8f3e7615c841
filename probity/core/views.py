from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from probity.core import imports, roc, tasks
from probity.core import selfchecks as checks
from probity.core.access import require_perm
from probity.core.forms import ImportForm, RecordSearchForm
from probity.core.indicators import all_indicators
from probity.core.models import ImportRun
from probity.core.paging import paginate
from probity.core.search import sources_for
from probity.core.text import clauses
from probity.core.worklists import worklists_for
from probity.org import domain as org
from probity.org.scope import Scope


@require_perm("core.view_records")
def dashboard(request):
    """The current half-year so far, and the overdue work every module registered.

    The charts come from the reports app through htmx (``reports:dashboard_charts``)
    so that core never imports reports.
    """
    current = roc.Period.current()
    period = roc.Period.chosen(request.GET.get("period") or request.user.dashboard_period)
    scope = Scope.for_user(request.user)
    figures = [(ind, _figure_text(ind.evaluate(period, scope).value)) for ind in all_indicators()]
    overdue = [(entry, entry.items_for(request.user).count()) for entry in worklists_for(request.user)]
    return render(
        request,
        "core/dashboard.html",
        {
            "period": period,
            "is_current": period == current,
            "periods": roc.Period.choosable(),
            "scope": scope,
            "figures": figures,
            "nothing_recorded": all(text in ("0", "—") for _ind, text in figures),
            "overdue": overdue,
            "overdue_total": sum(count for _entry, count in overdue),
        },
    )


SEARCH_HITS_SHOWN = 5  # of each kind; the kind's list, searched the same way, has them all


@require_perm("core.view_records")
def record_search(request):
    """Every kind of record the user may see that holds the text: the first few of each kind in its list's order,
    and how many there are, with a link to the kind's list searched the same way."""
    form = RecordSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        text = form.cleaned_data["q"]
        for source in sources_for(request.user):
            found = source.find(request.user, text)
            total = found.count()
            if total:
                hits = [_search_hit(hit, source) for hit in found[:SEARCH_HITS_SHOWN]]
                all_url = f"{reverse(source.list_url_name)}?{urlencode({'q': text})}"
                results.append({"source": source, "total": total, "hits": hits, "all_url": all_url})
    return render(request, "core/search.html", {"form": form, "results": results})


def _search_hit(record, source) -> dict:
    title = str(record)
    agency = getattr(record, "agency", None)
    return {
        "title": title,
        "url": record.get_absolute_url(),
        "day": getattr(record, source.date_field) if source.date_field else None,
        # An agency the record's own name already gives (a work record names its agency) is not said twice.
        "agency": agency.name
        if agency and not any(name and name in title for name in (agency.name, agency.short_name))
        else "",
    }


@require_POST
@require_perm("core.view_records")
def dashboard_period(request):
    """The half-year chosen on the dashboard stays chosen, across logins: an officer writing up the last report
    returns to it for days. Choosing the current one follows the calendar again.

    A POST, so that a link or a prefetch never changes it; ``?period=`` on the dashboard only shows a half-year.
    """
    period = roc.Period.chosen(request.POST.get("period"))
    remembered = "" if period == roc.Period.current() else period.code
    if request.user.dashboard_period != remembered:
        org.remember_dashboard_period(request.user, code=remembered, actor=request.user)
    return redirect("core:dashboard")


@require_perm("org.manage_org")
def selfchecks(request):
    """The set-up checks every app registered, run now: what would silently stop the work."""
    outcomes = checks.run_selfchecks()
    return render(
        request,
        "core/selfchecks.html",
        {"outcomes": outcomes, "errors": sum(o.level == checks.ERROR for o in outcomes)},
    )


def _figure_text(value) -> str:
    """1,170 for counts, 98.39 for shares: the seed's way of printing figures."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.2f}" if value != value.to_integral_value() else f"{int(value):,}"
    return f"{value:,}"


@require_perm("core.import_records")
def import_index(request):
    runs = _runs_for(request.user)
    return render(
        request,
        "core/import_index.html",
        {
            "importers": [i for i in imports.all_importers() if request.user.has_perm(i.permission)],
            "page": paginate(request, runs),
        },
    )


@require_perm("core.import_records")
def import_template(request, key):
    importer = _importer_for(request, key)
    response = HttpResponse(
        imports.build_template(importer),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="probity-{importer.key}-template.xlsx"'
    return response


@require_perm("core.import_records")
@require_http_methods(["GET", "POST"])
def import_upload(request, key):
    importer = _importer_for(request, key)
    form = ImportForm(request.POST or None, request.FILES or None, importer=importer)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = imports.queue_import(key, upload.read(), upload.name, actor=request.user, update=form.updates)
        tasks.import_spreadsheet.enqueue(run.pk)
        return redirect(run)
    return render(request, "core/import_upload.html", {"importer": importer, "form": form})


@require_perm("core.import_records")
def import_run(request, code):
    """One upload: its progress while the worker imports it, then its outcome and every error."""
    run = get_object_or_404(_runs_for(request.user), code=code)
    context = {"run": run, "importer": _importer_or_none(run.record_type), "progress": imports.import_progress(run)}
    if request.headers.get("HX-Request"):
        return render(request, "core/import_run.html#status", context)
    return render(request, "core/import_run.html", context)


@require_POST
@require_perm("core.import_records")
def import_run_end(request, code):
    """End an upload the worker never took up or stopped working on, so that it can be uploaded again."""
    run = get_object_or_404(_runs_for(request.user), code=code)
    try:
        imports.end_import(run, actor=request.user)
    except ValidationError as exc:
        messages.error(request, clauses(*exc.messages))
    return redirect(run)


def _runs_for(user):
    runs = ImportRun.objects.select_related("actor")
    return runs if user.sees_all else runs.filter(actor=user)


def _importer_or_none(key):
    try:
        return imports.get_importer(key)
    except KeyError:
        return None


def _importer_or_404(key):
    try:
        return imports.get_importer(key)
    except KeyError:
        raise Http404 from None


def _importer_for(request, key):
    importer = _importer_or_404(key)
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied
    return importer


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
