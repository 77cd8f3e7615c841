"""Pages of the access-log audit. Only designated officers (and central administrators) reach them;
every page that shows log data leaves an audit event (domain.record_log_view)."""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import functools
import logging
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from probity.accessaudit import charts, domain, queries, storage, tasks
from probity.accessaudit.enums import Decision, JobStatus, SourceKind, action_label
from probity.accessaudit.forms import (
    RULE_NAMES,
    AlertFilterForm,
    BulkDecisionForm,
    DecisionForm,
    FindingFilterForm,
    LogUploadForm,
    RuleSettingsForm,
    RunForm,
    SampleCheckForm,
    SampleForm,
    SourceUploadForm,
    SubjectLookupForm,
    SystemForm,
    TimelineForm,
    describe_params,
)
from probity.accessaudit.models import Alert, roc_year_spans
from probity.analytics import sources
from probity.analytics.ingest import IngestError, StoreBusyError
from probity.audit.pseudonyms import pseudonym
from probity.core import roc
from probity.core.access import require_perm
from probity.core.exports import ExportColumn, export_response
from probity.core.language import in_readers_language, month_text
from probity.core.paging import paginate
from probity.core.sorting import Sorting
from probity.core.text import clauses

logger = logging.getLogger(__name__)

USE = "accessaudit.use"
TIMELINE_PAGE = 200
SAMPLE_PAGE = 100


def reads_store(view):
    """A page that reads the log store answers 503, saying why, while a rekey or the retention purge rewrites
    the system's months: it neither waits minutes for them nor shows a month half-swapped."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StoreBusyError as busy:
            system = queries.systems_visible_to(request.user).filter(key=busy.system).first()
            name = system.name if system else busy.system
            response = render(request, "accessaudit/store_busy.html", {"system_name": name}, status=503)
            response["Retry-After"] = "60"
            # An expected, passing state: logged as a warning, not as the server error Django logs a 503 as.
            logger.warning("Store of %s busy: %s answered 503", busy.system, request.path)
            response._has_been_logged = True
            return response

    return wrapper


def _filtered_alerts(request):
    systems = queries.systems_visible_to(request.user)
    form = AlertFilterForm(request.GET or None, systems=systems)
    alerts = queries.alerts_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        alerts = queries.filter_alerts(
            alerts,
            system=data.get("system"),
            rule=data.get("rule") or "",
            kind=data.get("kind") or "",
            decision=data.get("decision") or "",
            q=data.get("q") or "",
            period=data.get("period"),
            month=data.get("month") or "",
        )
    elif form.is_bound:
        alerts = alerts.none()
    sorting = Sorting.of(request, ALERT_SORT_KEYS)
    return form, sorting.apply(alerts), sorting


# The queue's columns it can sort by (its own order: highest score first).
ALERT_SORT_KEYS = ("day", "system__name", "account", "staff_name", "kind", "score", "decision")


@require_perm(USE)
def alert_list(request):
    form, alerts, sorting = _filtered_alerts(request)
    page = paginate(request, alerts)
    page.object_list = queries.mark_same_lookup(request.user, list(page.object_list))
    # The summaries stand above the first page only: over a large queue they cost more than the page itself.
    scores, subjects = ([], []) if page.number > 1 else _summaries(request.user, alerts)
    domain.record_log_view(
        actor=request.user, target=None, what="alerts", data={"filters": request.GET.dict(), "page": page.number}
    )
    context = {
        "form": form,
        "page": page,
        "sorting": sorting,
        "scores": scores,
        "subjects": subjects,
        "bulk_form": BulkDecisionForm(),
    }
    return render(request, "accessaudit/alert_list.html", context)


def _summaries(user, alerts) -> tuple[list[dict], list[dict]]:
    """The accounts with the highest scores per month and the subjects of several accounts, ten of each."""
    scores = [_month_row(row) for row in queries.with_systems(user, list(queries.user_scores(alerts)[:10]))]
    subjects = queries.name_subjects(queries.with_systems(user, list(queries.subjects_of_many_accounts(alerts)[:10])))
    return scores, subjects


def _month_row(row: dict) -> dict:
    """A row of the top scores with its month's first and last day (its link opens that month's lookups)."""
    year, month = (int(part) for part in row["month"].split("-"))
    return {
        **row,
        "month": dt.date(year, month, 1),
        "month_end": dt.date(year, month, calendar.monthrange(year, month)[1]),
    }


@require_perm(USE)
def alert_export(request):
    """The filtered alert queue as a worksheet (for the unit's monthly review meeting)."""
    _form, alerts, _sorting = _filtered_alerts(request)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    domain.record_log_view(actor=request.user, target=None, what="alerts_export", data={"filters": request.GET.dict()})
    return export_response(ALERT_COLUMNS, alerts.iterator(chunk_size=2000), fmt=fmt, name="access-alerts")


ALERT_COLUMNS = [
    ExportColumn(_lazy("日期"), lambda alert: alert.day),
    ExportColumn(_lazy("系統"), lambda alert: alert.system.name),
    ExportColumn(_lazy("系統帳號"), lambda alert: alert.account),
    ExportColumn(_lazy("人員姓名"), lambda alert: alert.staff_name),
    ExportColumn(_lazy("規則"), lambda alert: alert.get_rule_display()),
    ExportColumn(_lazy("類型"), lambda alert: alert.kind_label),
    ExportColumn(_lazy("警示原因"), lambda alert: alert.reason_text),
    ExportColumn(_lazy("查閱序號"), lambda alert: alert.lookup_id),
    ExportColumn(_lazy("查閱時間"), lambda alert: alert.occurred_at),
    ExportColumn(_lazy("分數"), lambda alert: round(alert.score, 1)),
    ExportColumn(_lazy("審查結果"), lambda alert: alert.get_decision_display()),
    ExportColumn(_lazy("審查說明"), lambda alert: alert.note),
    ExportColumn(_lazy("審查人"), lambda alert: str(alert.decided_by) if alert.decided_by else ""),
]


@require_perm(USE)
@reads_store
def alert_detail(request, code):
    alert = queries.get_alert_for(request.user, code)
    context = _alert_context(request, alert)
    domain.record_log_view(actor=request.user, target=alert, what="alert", data={"account": alert.account})
    return render(request, "accessaudit/alert_detail.html", context)


def _alert_context(request, alert: Alert, form: DecisionForm | None = None) -> dict:
    same_lookup = list(queries.alerts_of_same_lookup(request.user, alert))
    if form is None:
        form = DecisionForm(same_lookup_open=sum(other.decision == Decision.OPEN for other in same_lookup))
    related = (
        queries.alerts_visible_to(request.user)
        .filter(system=alert.system, account=alert.account)
        .exclude(pk__in=[alert.pk, *(other.pk for other in same_lookup)])[:20]
    )
    staff = queries.staff_record(alert.system, alert.account)
    return {
        "alert": alert,
        "form": form,
        "same_lookup": same_lookup,
        "related": related,
        "declarant": queries.declarant_behind(request.user, alert, staff),
        "evidence": queries.alert_evidence(alert, staff),
    }


@require_POST
@require_perm(USE)
@reads_store
def alert_decide(request, code):
    alert = queries.get_alert_for(request.user, code)
    open_same_lookup = list(queries.alerts_of_same_lookup(request.user, alert).filter(decision=Decision.OPEN))
    form = DecisionForm(request.POST, same_lookup_open=len(open_same_lookup))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("with_same_lookup"):
                decided = domain.decide_alerts(
                    alerts=[alert, *open_same_lookup], decision=data["decision"], note=data["note"], actor=request.user
                )
                alert.refresh_from_db()
            else:
                decided = 1
                alert = domain.decide_alert(
                    alert=alert, decision=data["decision"], note=data["note"], actor=request.user
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if decided == 1:
                messages.success(request, _("已記錄審查結果。"))
            else:
                messages.success(request, _("已記錄 %(n)d 則警示的審查結果。") % {"n": decided})
            if alert.finding_id:
                return redirect(alert.finding)
            return redirect(alert)
    return render(request, "accessaudit/alert_detail.html", _alert_context(request, alert, form), status=400)


def _back(request, default: str) -> str:
    """Where a form posted from a list returns: the page it came from, if it is on this site."""
    back = request.POST.get("back", "")
    return back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else default


@require_POST
@require_perm(USE)
def alert_bulk_decide(request):
    """One decision for the alerts ticked in the queue; an alert outside the user's scope is a 404."""
    form = BulkDecisionForm(request.POST)
    back = _back(request, reverse("accessaudit:alert_list"))
    if not form.is_valid():
        messages.error(request, clauses(*(message for errors in form.errors.values() for message in errors)))
        return redirect(back)
    codes = form.cleaned_data["alerts"]
    alerts = list(queries.alerts_visible_to(request.user).filter(code__in=codes))
    if len(alerts) != len(codes):
        raise Http404
    decision = form.cleaned_data["decision"]
    try:
        count = domain.decide_alerts(
            alerts=alerts, decision=decision, note=form.cleaned_data["note"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, _("未記錄任何審查結果：") + clauses(*exc.messages))
    else:
        messages.success(
            request,
            _("已將 %(count)d 筆警示記為「%(decision)s」。") % {"count": count, "decision": Decision(decision).label},
        )
    return redirect(back)


@require_perm(USE)
def system_list(request):
    systems = queries.system_summaries(request.user)
    return render(request, "accessaudit/system_list.html", {"page": paginate(request, systems)})


@require_perm(USE)
def system_create(request):
    form = SystemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            system = domain.register_system(
                agency=data["agency"],
                key=data["key"],
                name=data["name"],
                column_mapping=data["column_mapping"],
                encoding=data["encoding"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新增受監控系統；請匯入來源資料與紀錄檔。"))
            return redirect(system)
    status = 400 if request.method == "POST" else 200
    return render(request, "accessaudit/system_form.html", {"form": form, "system": None}, status=status)


@require_perm(USE)
def system_edit(request, code):
    system = queries.get_system_for(request.user, code)
    form = SystemForm(request.POST or None, user=request.user, system=system)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: data[name] for name in domain.SYSTEM_FIELDS}
        domain.update_system(system=system, actor=request.user, **values)
        messages.success(request, _("已更新系統設定；新的欄位對應自下次匯入時套用。"))
        return redirect(system)
    status = 400 if request.method == "POST" else 200
    return render(request, "accessaudit/system_form.html", {"form": form, "system": system}, status=status)


def _current_rules(request, system) -> dict:
    """The system's rules; settings stored before a check existed that it now refuses show as the defaults."""
    try:
        return domain.log_rules.merged_rules(system.rule_settings)
    except domain.log_rules.RuleSettingsError as exc:
        messages.error(
            request,
            _("此系統儲存的規則設定無法使用（%(problems)s），以下顯示預設值；請檢查後重新儲存。")
            % {"problems": clauses(*(in_readers_language(problem) for problem in exc.messages))},
        )
        return domain.log_rules.merged_rules(None)


def _source_formats() -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """Each source kind with its columns: the Chinese header, the English name, and whether it is required."""
    return [
        (
            label,
            [(header, name, name in sources.REQUIRED[kind]) for header, name in sources.CHINESE_HEADERS[kind].items()],
        )
        for kind, label in SourceKind.choices
    ]


def _run_form(system) -> RunForm:
    period = queries.period_to_audit(system)
    return RunForm(initial={"date_from": period[0], "date_to": period[1]} if period else None)


def _system_context(request, system, **forms):
    current = _current_rules(request, system)
    months, months_counted = queries.monthly_status(request.user, system)
    return {
        "system": system,
        "months": months,
        "months_counted": months_counted,
        "decisions": [
            (d.value, d.label) for d in (Decision.OPEN, Decision.INQUIRY, Decision.JUSTIFIED, Decision.MISUSE)
        ],
        "sources": system.sources.order_by("kind"),
        "declared": queries.declared_relatives(system),
        "calendar_years": roc_year_spans(queries.holiday_years(system)),
        "source_formats": _source_formats(),
        "imports": queries.imports_visible_to(request.user).filter(system=system)[:10],
        "runs": queries.runs_visible_to(request.user).filter(system=system)[:10],
        "samples": queries.sample_summaries(queries.samples_visible_to(request.user).filter(system=system))[:10],
        "upload_form": forms.get("upload_form") or LogUploadForm(),
        "source_form": forms.get("source_form") or SourceUploadForm(),
        "run_form": forms.get("run_form") or _run_form(system),
        "sample_form": forms.get("sample_form") or SampleForm(),
        "rules_form": forms.get("rules_form") or RuleSettingsForm(current=current),
        "rules": [
            {"key": key, "label": RULE_NAMES[key], "described": describe_params(key, rule["params"]), **rule}
            for key, rule in current.items()
        ],
    }


@require_perm(USE)
def system_detail(request, code):
    system = queries.get_system_for(request.user, code)
    return render(request, "accessaudit/system_detail.html", _system_context(request, system))


@require_perm(USE)
def holiday_calendar(request, code):
    """The calendar the system's runs read, bundled and loaded days together, as a holiday file: it loads back
    as it is, so a unit starts its own from it."""
    system = queries.get_system_for(request.user, code)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return export_response(
        HOLIDAY_COLUMNS, queries.holidays_input(system).to_pylist(), fmt=fmt, name=f"holidays-{system.key}"
    )


# The source loader's own headers (Chinese, or the canonical names in English) and values: the file loads back.
HOLIDAY_COLUMNS = [
    ExportColumn(pgettext_lazy("holiday file column", "日期"), lambda row: row["date"].isoformat()),
    ExportColumn(pgettext_lazy("holiday file column", "名稱"), lambda row: row["name"]),
    ExportColumn(pgettext_lazy("holiday file column", "類別"), lambda row: row["kind"]),
]


def _save_upload(upload) -> Path:
    suffix = Path(upload.name).suffix.lower()[:10]
    target = storage.upload_dir() / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


@require_POST
@require_perm(USE)
def log_upload(request, code):
    system = queries.get_system_for(request.user, code)
    form = LogUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "accessaudit/system_detail.html", _system_context(request, system, upload_form=form), status=400
        )
    upload = form.cleaned_data["file"]
    path = _save_upload(upload)
    log_import = domain.queue_log_import(
        system=system, path=path, file_name=upload.name, encoding=form.cleaned_data["encoding"], actor=request.user
    )
    tasks.import_log.enqueue(log_import.pk, request.user.pk)
    return redirect(log_import)


def _source_message(source) -> str:
    values = {"kind": source.get_kind_display(), "rows": intcomma(source.file_rows), "total": intcomma(source.rows)}
    if source.merged:
        return _("已將 %(rows)s 筆合併到%(kind)s，現有 %(total)s 筆。") % values
    return _("已匯入%(kind)s %(rows)s 筆，取代原有資料。") % values


@require_POST
@require_perm(USE)
def source_upload(request, code):
    system = queries.get_system_for(request.user, code)
    form = SourceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        path = _save_upload(upload)
        try:
            source = domain.import_source(
                system=system,
                kind=form.cleaned_data["kind"],
                path=path,
                file_name=upload.name,
                encoding=form.cleaned_data["encoding"] or "utf-8",
                merge=form.cleaned_data["mode"] == "merge",
                actor=request.user,
            )
        except IngestError as exc:
            form.add_error("file", in_readers_language(exc.message))
        else:
            messages.success(request, _source_message(source))
            return redirect(system)
        finally:
            path.unlink(missing_ok=True)
    return render(
        request, "accessaudit/system_detail.html", _system_context(request, system, source_form=form), status=400
    )


@require_POST
@require_perm(USE)
def run_start(request, code):
    system = queries.get_system_for(request.user, code)
    form = RunForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accessaudit/system_detail.html", _system_context(request, system, run_form=form), status=400
        )
    run = domain.start_audit_run(
        system=system,
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
        actor=request.user,
    )
    tasks.run_audit.enqueue(run.pk, request.user.pk)
    messages.success(request, _("已開始執行稽核規則。"))
    return redirect(system)


@require_POST
@require_perm(USE)
def rule_settings(request, code):
    system = queries.get_system_for(request.user, code)
    form = RuleSettingsForm(request.POST, current=domain.log_rules.merged_rules(None))
    if not form.is_valid():
        return render(
            request, "accessaudit/system_detail.html", _system_context(request, system, rules_form=form), status=400
        )
    domain.update_rule_settings(system=system, rule_settings=form.rule_settings(), actor=request.user)
    messages.success(request, _("已更新規則設定，下次執行稽核時套用。"))
    return redirect(system)


@require_POST
@require_perm(USE)
@reads_store
def sample_draw(request, code):
    system = queries.get_system_for(request.user, code)
    form = SampleForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accessaudit/system_detail.html", _system_context(request, system, sample_form=form), status=400
        )
    draw = domain.draw_month_sample(
        system=system, month=form.cleaned_data["month"], sources=form.cleaned_data["sources"], actor=request.user
    )
    return redirect(draw)


@require_perm(USE)
def sample_detail(request, code):
    """The drawn lookups, a page at a time, each with its manual check and any rule alerts on it."""
    draw = queries.get_sample_for(request.user, code)
    result = request.GET.get("result", "")
    result = result if result in queries.SAMPLE_FILTERS else ""
    page = paginate(request, queries.sampled_lookups(draw, result=result), per_page=SAMPLE_PAGE)
    queries.attach_alerts(draw, page.object_list)
    domain.record_log_view(
        actor=request.user, target=draw, what="sample", data={"month": draw.month, "page": page.number}
    )
    context = {
        "draw": draw,
        "page": page,
        "result": result,
        "counts": queries.check_counts(draw),
    }
    return render(request, "accessaudit/sample_detail.html", context)


@require_POST
@require_perm(USE)
def sample_check(request, code):
    draw = queries.get_sample_for(request.user, code)
    form = SampleCheckForm(request.POST)
    if form.is_valid():
        try:
            domain.check_sampled_lookup(draw=draw, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, clauses(*exc.messages))
        else:
            messages.success(request, _("已記錄第 %(order)d 筆的核對結果。") % form.cleaned_data)
    else:
        messages.error(request, _("核對結果不完整，請重新選擇。"))
    return redirect(_back(request, draw.get_absolute_url()))


@require_perm(USE)
@reads_store
def sample_verify(request, code):
    """Re-run the recorded draw against the store: is the pool the one hashed, are the drawn lookups the same?"""
    draw = queries.get_sample_for(request.user, code)
    verdict = queries.verify_draw(draw) if queries.has_store(draw.system) else None
    domain.record_log_view(actor=request.user, target=draw, what="sample_verify", data={"month": draw.month})
    return render(request, "accessaudit/sample_verify.html", {"draw": draw, "verdict": verdict})


@require_perm(USE)
@reads_store
def sample_pool(request, code):
    """The pool as one lookup id per line, for a check of the draw outside Probity (sha256sum, RFC 3797)."""
    draw = queries.get_sample_for(request.user, code)
    if not queries.has_store(draw.system):
        raise Http404
    pool = queries.draw_pool_text(draw)
    domain.record_log_view(actor=request.user, target=draw, what="sample_pool", data={"month": draw.month})
    response = HttpResponse(pool, content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="pool-{draw.system.key}-{draw.month}.txt"'
    return response


@require_perm(USE)
def sample_export(request, code):
    """The sample as a worksheet, to check against the paper register and file with the month's audit."""
    draw = queries.get_sample_for(request.user, code)
    rows = queries.sampled_lookups(draw)
    queries.attach_alerts(draw, rows)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    domain.record_log_view(actor=request.user, target=draw, what="sample_export", data={"format": fmt})
    return export_response(SAMPLE_COLUMNS, rows, fmt=fmt, name=f"sample-{draw.system.key}-{draw.month}")


SAMPLE_COLUMNS = [
    ExportColumn(_lazy("抽出順序"), lambda row: row.order),
    ExportColumn(_lazy("查閱序號"), lambda row: row.lookup_id),
    ExportColumn(_lazy("查閱時間"), lambda row: roc.format_datetime(row.ts)),
    ExportColumn(_lazy("系統帳號"), lambda row: row.account),
    ExportColumn(_lazy("動作"), lambda row: action_label(row.action)),
    ExportColumn(_lazy("當事人"), lambda row: row.subject_id),
    ExportColumn(_lazy("查詢事由"), lambda row: row.reason),
    ExportColumn(_lazy("規則警示"), lambda row: "、".join(alert.get_rule_display() for alert in row.alerts)),
    ExportColumn(_lazy("核對結果"), lambda row: row.check.get_result_display() if row.check else ""),
    ExportColumn(_lazy("核對說明"), lambda row: row.check.note if row.check else ""),
    ExportColumn(_lazy("核對人"), lambda row: str(row.check.checked_by) if row.check else ""),
]


@require_perm(USE)
def import_detail(request, code):
    log_import = queries.get_import_for(request.user, code)
    return render(request, "accessaudit/import_detail.html", _import_context(log_import))


@require_perm(USE)
def import_progress(request, code):
    log_import = queries.get_import_for(request.user, code)
    return render(request, "accessaudit/import_detail.html#progress", _import_context(log_import))


def _import_context(log_import) -> dict:
    return {"log_import": log_import, "purged_months": queries.purged_months(log_import)}


def _default_period(request, system) -> tuple[dt.date, dt.date]:
    """The last run's period, or the last half year before any run."""
    last = queries.runs_visible_to(request.user).filter(system=system, status=JobStatus.SUCCEEDED).first()
    if last is not None:
        return last.date_from, last.date_to
    today = timezone.localdate()
    return today - dt.timedelta(days=183), today


def _timeline_period(request, system, data=None, form_class=TimelineForm):
    """The period of an account's timeline (or a subject's lookups): the last run's unless the user chose
    another (the boxes always show the range on the page)."""
    start, end = _default_period(request, system)
    data = (request.GET if data is None else data).copy()
    for field, default in (("date_from", start), ("date_to", end)):
        if not data.get(field):
            data[field] = roc.format_slash(default)
    form = form_class(data)
    if form.is_valid():
        start = form.cleaned_data.get("date_from") or start
        end = form.cleaned_data.get("date_to") or end
    return form, start, end


@require_perm(USE)
@reads_store
def user_timeline(request, code, account):
    system = queries.get_system_for(request.user, code)
    form, start, end = _timeline_period(request, system)
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    if len(account) > 60:
        raise Http404
    timeline = queries.lookups_of_user(
        system, account, start, end, limit=TIMELINE_PAGE, offset=(page_number - 1) * TIMELINE_PAGE
    )
    staff = queries.staff_record(system, account)
    alerts = queries.alerts_visible_to(request.user).filter(system=system, account=account)
    in_period = alerts.filter(day__range=(start, end))
    rows = timeline.page.to_pylist()
    flagged = queries.lookup_alerts(alerts.filter(lookup_id__in=[row["lookup_id"] for row in rows]))
    lookups = [{**row, "alerts": flagged.get(row["lookup_id"], [])} for row in rows]
    peers, peer_gap, chart = None, "", ""
    if timeline.total:
        peers = queries.peer_line(system, staff, start, end, dict(timeline.daily))
        peer_gap = "" if peers else queries.peer_gap(system, staff, start, end)
        alert_days = set(in_period.values_list("day", flat=True))
        chart = _daily_chart(timeline.daily, start, end, alert_days, peers)
    domain.record_log_view(
        actor=request.user,
        target=system,
        what="timeline",
        data={"account": account, "from": start, "to": end, "page": page_number},
    )
    return render(
        request,
        "accessaudit/user_timeline.html",
        {
            "system": system,
            "account": account,
            "staff": staff,
            "form": form,
            "lookups": lookups,
            "total": timeline.total,
            "chart": chart,
            "peers": peers,
            "peer_gap": peer_gap,
            "alerts": in_period.order_by("-day", "rule", "pk")[:15],
            "alert_total": in_period.count(),
            "start": start,
            "end": end,
            "page_number": page_number,
            "has_next": page_number * TIMELINE_PAGE < timeline.total,
        },
    )


@require_perm(USE)
@reads_store
def user_timeline_export(request, code, account):
    """An account's lookups in the period as a worksheet, oldest first, with the alerts each raised: for an
    inquiry, or for the account's holder to explain them one by one."""
    system = queries.get_system_for(request.user, code)
    if len(account) > 60:
        raise Http404
    _form, start, end = _timeline_period(request, system)
    timeline = queries.lookups_of_user(
        system, account, start, end, limit=TIMELINE_EXPORT_MAX, offset=0, oldest_first=True
    )
    if timeline.total > TIMELINE_EXPORT_MAX:
        messages.error(request, _too_many_to_export(timeline.total))
        query = request.GET.copy()
        query.pop("format", None)
        timeline_url = reverse("accessaudit:user_timeline", args=[system.code, account])
        return redirect(f"{timeline_url}?{query.urlencode()}" if query else timeline_url)
    alerts = queries.alerts_visible_to(request.user).filter(system=system, account=account, day__range=(start, end))
    return _lookups_export(
        request,
        system,
        timeline.page,
        alerts,
        fmt="xlsx" if request.GET.get("format") == "xlsx" else "csv",
        what="timeline_export",
        data={"account": account, "from": start, "to": end},
        name=f"lookups-{system.key}",
    )


def _too_many_to_export(total: int) -> str:
    return _("此期間共 %(total)s 筆查閱，超過匯出上限 %(limit)s 筆；請縮短期間後再匯出。") % {
        "total": intcomma(total),
        "limit": intcomma(TIMELINE_EXPORT_MAX),
    }


def _lookups_export(request, system, page, alerts, *, fmt: str, what: str, data: dict, name: str):
    """Lookups read from the store as a worksheet, each with the alerts it raised; the export is audited."""
    flagged = queries.lookup_alerts(alerts)
    rows = [{**row, "alerts": flagged.get(row["lookup_id"], [])} for row in page.to_pylist()]
    domain.record_log_view(
        actor=request.user, target=system, what=what, data={**data, "format": fmt, "rows": len(rows)}
    )
    return export_response(TIMELINE_COLUMNS, rows, fmt=fmt, name=name)


@require_perm(USE)
@reads_store
def subject_lookups(request, code):
    """Who looked a subject up in a period, account by account and lookup by lookup: for a citizen who asks
    who looked into their record, or to see how widely an alert's subject was looked at. The subject's ID
    number is posted, never put in an address, which server and proxy logs would keep."""
    system = queries.get_system_for(request.user, code)
    if request.method != "POST":
        start, end = _default_period(request, system)
        form = SubjectLookupForm(initial={"date_from": start, "date_to": end})
        return render(request, "accessaudit/subject_lookups.html", {"system": system, "form": form})
    form, start, end = _timeline_period(request, system, data=request.POST, form_class=SubjectLookupForm)
    if not form.is_valid():
        return render(request, "accessaudit/subject_lookups.html", {"system": system, "form": form}, status=400)
    fmt = request.POST.get("format")
    if fmt in ("csv", "xlsx"):
        return _subject_export(request, system, form, start, end, fmt)
    return render(request, "accessaudit/subject_lookups.html", _subject_context(request, system, form, start, end))


def _subject_context(request, system, form, start: dt.date, end: dt.date) -> dict:
    subject = form.cleaned_data["subject_id"]
    found = queries.lookups_of_subject(system, subject, start, end, limit=SUBJECT_PAGE)
    alerts = _subject_alerts(request, system, subject, start, end)
    rows = found.page.to_pylist()
    flagged = queries.lookup_alerts(alerts.filter(lookup_id__in=[row["lookup_id"] for row in rows]))
    staff = queries.staff_records(system, [account for account, *_rest in found.accounts])
    alerted = queries.alerts_per_account(alerts)
    domain.record_log_view(
        actor=request.user,
        target=system,
        what="subject",
        data={"subject_digest": pseudonym(subject), "from": start, "to": end, "rows": len(rows)},
    )
    accounts = [
        {
            "account": account,
            "n": n,
            "first": first,
            "last": last,
            "staff": staff.get(account, {}),
            "alerts": alerted.get(account, 0),
        }
        for account, n, first, last in found.accounts[:SUBJECT_ACCOUNTS]
    ]
    lookups = [
        {**row, "staff": staff.get(row["user_id"], {}), "alerts": flagged.get(row["lookup_id"], [])} for row in rows
    ]
    return {
        "system": system,
        "form": form,
        "subject": subject,
        "record": queries.subject_record(system, subject),
        "start": start,
        "end": end,
        "total": found.total,
        "accounts": accounts,
        "account_total": len(found.accounts),
        "lookups": lookups,
        # The same subject in the other systems the user may audit: a citizen asks once, not per system.
        "others": queries.systems_visible_to(request.user).exclude(pk=system.pk).filter(is_active=True),
    }


def _subject_alerts(request, system, subject: str, start: dt.date, end: dt.date):
    return queries.alerts_visible_to(request.user).filter(system=system, subject_id=subject, day__range=(start, end))


def _subject_export(request, system, form, start: dt.date, end: dt.date, fmt: str):
    subject = form.cleaned_data["subject_id"]
    found = queries.lookups_of_subject(system, subject, start, end, limit=TIMELINE_EXPORT_MAX, oldest_first=True)
    if found.total > TIMELINE_EXPORT_MAX:
        form.add_error(None, _too_many_to_export(found.total))
        return render(request, "accessaudit/subject_lookups.html", {"system": system, "form": form}, status=400)
    alerts = _subject_alerts(request, system, subject, start, end)
    return _lookups_export(
        request,
        system,
        found.page,
        alerts,
        fmt=fmt,
        what="subject_export",
        data={"subject_digest": pseudonym(subject), "from": start, "to": end},
        name=f"subject-lookups-{system.key}",
    )


SUBJECT_PAGE = 500
SUBJECT_ACCOUNTS = 200  # the accounts that looked most; the export holds every lookup
TIMELINE_EXPORT_MAX = 100_000
TIMELINE_COLUMNS = [
    ExportColumn(_lazy("查閱序號"), lambda row: row["lookup_id"]),
    ExportColumn(_lazy("查閱時間"), lambda row: roc.format_datetime(row["ts"], seconds=True)),
    ExportColumn(_lazy("系統帳號"), lambda row: row["user_id"]),
    ExportColumn(_lazy("動作"), lambda row: action_label(row["action"])),
    ExportColumn(_lazy("當事人"), lambda row: row["subject_id"]),
    ExportColumn(_lazy("查詢事由"), lambda row: row["reason"]),
    ExportColumn(_lazy("終端機"), lambda row: row["client"]),
    ExportColumn(_lazy("筆數"), lambda row: row["records"]),
    ExportColumn(_lazy("規則警示"), lambda row: "、".join(alert.kind_label for alert in row["alerts"])),
    ExportColumn(_lazy("審查結果"), lambda row: "、".join(alert.get_decision_display() for alert in row["alerts"])),
]


def _daily_chart(daily, start: dt.date, end: dt.date, alerted: set[dt.date], peers) -> str:
    """The account's lookups per day as a base64 SVG, inlined in the page (the log is read once)."""
    labels = {
        "plain": _("查閱筆數"),
        "alerted": _("當日有警示"),
        "peers": _("同單位同職稱同仁平均"),
        "axis": _("每日查閱筆數"),
    }
    svg = charts.daily_lookups_svg(daily, start, end, alerted, labels=labels, peers=peers.means if peers else None)
    return base64.b64encode(svg).decode("ascii")


@require_perm(USE)
def finding_list(request):
    form = FindingFilterForm(request.GET or None, systems=queries.systems_visible_to(request.user))
    findings = queries.findings_visible_to(request.user)
    if form.is_valid():
        findings = queries.filter_findings(findings, **form.cleaned_data)
    elif form.is_bound:
        findings = findings.none()
    sorting = Sorting.of(request, ("month", "system__name", "account", "staff_name", "alert_total"))
    findings = sorting.apply(findings)
    if request.GET.get("format") in ("csv", "xlsx"):
        data = {"filters": request.GET.dict()}
        domain.record_log_view(actor=request.user, target=None, what="findings_export", data=data)
        return export_response(FINDING_COLUMNS, findings, fmt=request.GET["format"], name="access-findings")
    context = {"form": form, "page": paginate(request, findings), "sorting": sorting}
    return render(request, "accessaudit/finding_list.html", context)


FINDING_COLUMNS = [
    ExportColumn(_lazy("月份"), lambda finding: month_text(dt.date.fromisoformat(f"{finding.month}-01"))),
    ExportColumn(_lazy("系統"), lambda finding: finding.system.name),
    ExportColumn(_lazy("系統帳號"), lambda finding: finding.account),
    ExportColumn(_lazy("人員姓名"), lambda finding: finding.staff_name),
    ExportColumn(_lazy("警示數"), lambda finding: finding.alert_total),
    ExportColumn(_lazy("稽核紀錄"), lambda finding: finding.inspection.title if finding.inspection else ""),
    ExportColumn(
        _lazy("檢查狀態"), lambda finding: finding.inspection.get_status_display() if finding.inspection else ""
    ),
    ExportColumn(_lazy("檢舉案件"), lambda finding: finding.complaint.number if finding.complaint else ""),
]


@require_perm(USE)
def finding_detail(request, code):
    finding = queries.get_finding_for(request.user, code)
    domain.record_log_view(actor=request.user, target=finding, what="finding", data={"account": finding.account})
    return render(
        request,
        "accessaudit/finding_detail.html",
        {
            "finding": finding,
            "alerts": finding.alerts.select_related("decided_by").order_by("day"),
            "may_start_complaint": finding.complaint_id is None
            and request.user.has_perm("accessaudit.start_complaint"),
        },
    )


@require_POST
@require_perm("accessaudit.start_complaint")
def finding_start_complaint(request, code):
    finding = queries.get_finding_for(request.user, code)
    try:
        finding = domain.start_complaint(finding=finding, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已立檢舉案件 %(number)s。") % {"number": finding.complaint.number})
    return redirect(finding)


@require_perm("accessaudit.manage")
def auditor_list(request):
    auditors = queries.auditors_visible_to(request.user)
    return render(
        request,
        "accessaudit/auditor_list.html",
        {"page": paginate(request, auditors)},
    )
