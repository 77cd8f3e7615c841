"""List, detail, entry, edit and export pages of every activities record type.

The four record types share one set of views driven by a :class:`RecordType` description
(what to query, which form, which columns); meetings add proposals, inspections add follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from probity.activities import domain, queries
from probity.activities.enums import (
    AlertOutcome,
    InspectionAction,
    InspectionKind,
    InspectionStatus,
    MeetingKind,
    OutreachTopic,
)
from probity.activities.forms import (
    ActivityFilterForm,
    AlertEntryForm,
    ChecklistForm,
    ChecklistItemForm,
    FollowUpForm,
    InspectionEntryForm,
    MeetingEntryForm,
    OutreachEntryForm,
    ProposalEntryForm,
)
from probity.core import roc
from probity.core.access import require_perm
from probity.core.exports import ExportColumn, export_response
from probity.core.language import punctuation
from probity.core.paging import paginate
from probity.core.search import matching
from probity.core.sorting import Sorting
from probity.core.viewkit import apply_errors

VIEW = "activities.view_activities"
WRITE = "activities.record_activities"


@dataclass(frozen=True)
class RecordType:
    name: str  # url names are <name>_list, <name>_detail, …
    title: Any
    visible: Callable[[Any], QuerySet]
    get_for: Callable[[Any, Any], Any]
    entry_form: type
    create: Callable[..., Any]
    update: Callable[..., Any]
    columns: list[ExportColumn]  # the list's columns and the export's, first one links to the record
    search_fields: tuple[str, ...]
    import_key: str
    kind_label: Any = None
    kind_choices: tuple = ()
    filter_kind: Callable[[QuerySet, str], QuerySet] | None = None
    detail_template: str = ""
    export_extra: list[ExportColumn] = field(default_factory=list)


def _choice(field_name: str, choices):
    return lambda obj: choices(getattr(obj, field_name)).label


def _meeting_kind_filter(queryset: QuerySet, kind: str) -> QuerySet:
    if kind == "joint":
        return queryset.filter(is_integrity=True, is_security=True)
    return queryset.filter(**{f"is_{kind}": True})


MEETINGS = RecordType(
    name="meeting",
    title=gettext_lazy("會報"),
    visible=queries.meetings_visible_to,
    get_for=queries.get_meeting_for,
    entry_form=MeetingEntryForm,
    create=domain.create_meeting,
    update=domain.update_meeting,
    columns=[
        ExportColumn(gettext_lazy("會議"), lambda m: m.title),
        ExportColumn(gettext_lazy("日期"), lambda m: m.date, sort="date"),
        ExportColumn(gettext_lazy("機關"), lambda m: m.agency.name, sort="agency__path"),
        ExportColumn(gettext_lazy("政風機構"), lambda m: m.unit.name),
        ExportColumn(gettext_lazy("主持人"), lambda m: m.chair),
        ExportColumn(gettext_lazy("提案數"), lambda m: m.proposal_count, sort="proposal_count"),
    ],
    export_extra=[
        ExportColumn(gettext_lazy("廉政會報"), lambda m: m.is_integrity),
        ExportColumn(gettext_lazy("安全維護會報"), lambda m: m.is_security),
        ExportColumn(gettext_lazy("外聘委員"), lambda m: m.external_members),
        ExportColumn(gettext_lazy("會議重點"), lambda m: m.notes),
    ],
    search_fields=("chair", "notes", "external_members", "agency__name", "proposals__title"),
    import_key="meetings",
    kind_label=gettext_lazy("會報類別"),
    kind_choices=(*MeetingKind.choices, ("joint", gettext_lazy("合併召開"))),
    filter_kind=_meeting_kind_filter,
    detail_template="activities/meeting_detail.html",
)

OUTREACH = RecordType(
    name="outreach",
    title=gettext_lazy("宣導及說明會"),
    visible=queries.outreach_visible_to,
    get_for=queries.get_outreach_for,
    entry_form=OutreachEntryForm,
    create=domain.create_outreach,
    update=domain.update_outreach,
    columns=[
        ExportColumn(gettext_lazy("名稱"), lambda o: o.title, sort="title"),
        ExportColumn(gettext_lazy("日期"), lambda o: o.date, sort="date"),
        ExportColumn(gettext_lazy("機關"), lambda o: o.agency.name, sort="agency__path"),
        ExportColumn(gettext_lazy("主題"), lambda o: o.get_topic_display()),
        ExportColumn(gettext_lazy("方式"), lambda o: o.get_form_display()),
        ExportColumn(gettext_lazy("場次"), lambda o: o.sessions, sort="sessions"),
        ExportColumn(gettext_lazy("參加人次"), lambda o: o.attendances, sort="attendances"),
    ],
    export_extra=[
        ExportColumn(gettext_lazy("政風機構"), lambda o: o.unit.name),
        ExportColumn(pgettext_lazy("outreach", "對象"), lambda o: o.audience),
        ExportColumn(gettext_lazy("辦理成效重點"), lambda o: o.highlight),
    ],
    search_fields=("title", "audience", "highlight", "agency__name"),
    import_key="outreach",
    kind_label=gettext_lazy("主題"),
    kind_choices=tuple(OutreachTopic.choices),
    filter_kind=lambda queryset, kind: queryset.filter(topic=kind),
    detail_template="activities/outreach_detail.html",
)

INSPECTIONS = RecordType(
    name="inspection",
    title=gettext_lazy("檢查"),
    visible=queries.inspections_visible_to,
    get_for=queries.get_inspection_for,
    entry_form=InspectionEntryForm,
    create=domain.create_inspection,
    update=domain.update_inspection,
    columns=[
        ExportColumn(pgettext_lazy("inspection", "檢查項目"), lambda i: i.title, sort="title"),
        ExportColumn(gettext_lazy("檢查日期"), lambda i: i.date, sort="date"),
        ExportColumn(gettext_lazy("機關"), lambda i: i.agency.name, sort="agency__path"),
        ExportColumn(gettext_lazy("類別"), lambda i: i.get_kind_display()),
        ExportColumn(gettext_lazy("狀態"), lambda i: i.get_status_display()),
        ExportColumn(gettext_lazy("追蹤期限"), lambda i: i.follow_up_due, sort="follow_up_due"),
    ],
    export_extra=[
        ExportColumn(gettext_lazy("政風機構"), lambda i: i.unit.name),
        ExportColumn(gettext_lazy("檢查範圍"), lambda i: i.scope),
        ExportColumn(gettext_lazy("檢查發現"), lambda i: i.findings),
        ExportColumn(gettext_lazy("改善建議"), lambda i: i.recommendations),
        ExportColumn(gettext_lazy("結案日期"), lambda i: i.closed_on),
        ExportColumn(gettext_lazy("查核項目數"), lambda i: i.check_count),
        ExportColumn(gettext_lazy("不符合項目數"), lambda i: i.deficient_count),
        ExportColumn(gettext_lazy("缺失未改善項目數"), lambda i: i.open_deficiency_count),
    ],
    search_fields=("title", "scope", "findings", "recommendations", "agency__name"),
    import_key="inspections",
    kind_label=gettext_lazy("類別"),
    kind_choices=(
        *InspectionKind.choices,
        ("open", gettext_lazy("追蹤改善中（全部類別）")),
        ("overdue", gettext_lazy("逾期未改善（全部類別）")),
        ("deficient", gettext_lazy("查核缺失未改善（全部類別）")),
    ),
    filter_kind=lambda queryset, kind: _inspection_kind_filter(queryset, kind),
    detail_template="activities/inspection_detail.html",
)


def _inspection_kind_filter(queryset: QuerySet, kind: str) -> QuerySet:
    if kind == "open":
        return queryset.filter(status=InspectionStatus.FOLLOWING_UP)
    if kind == "overdue":
        return queryset.filter(status=InspectionStatus.FOLLOWING_UP, follow_up_due__lt=timezone.localdate())
    if kind == "deficient":
        return queryset.filter(open_deficiency_count__gt=0)
    return queryset.filter(kind=kind)


ALERTS = RecordType(
    name="alert",
    title=gettext_lazy("陳抗情資"),
    visible=queries.alerts_visible_to,
    get_for=queries.get_alert_for,
    entry_form=AlertEntryForm,
    create=domain.create_protest_alert,
    update=domain.update_protest_alert,
    columns=[
        ExportColumn(gettext_lazy("陳抗事由"), lambda a: a.subject, sort="subject"),
        ExportColumn(gettext_lazy("情資日期"), lambda a: a.date, sort="date"),
        ExportColumn(gettext_lazy("機關"), lambda a: a.agency.name, sort="agency__path"),
        ExportColumn(gettext_lazy("情資來源"), lambda a: a.get_source_display()),
        ExportColumn(gettext_lazy("預估人數"), lambda a: a.expected_size, sort="expected_size"),
        ExportColumn(gettext_lazy("處理結果"), lambda a: a.get_outcome_display()),
    ],
    export_extra=[
        ExportColumn(gettext_lazy("政風機構"), lambda a: a.unit.name),
        ExportColumn(gettext_lazy("預定陳抗日期"), lambda a: a.expected_on),
        ExportColumn(gettext_lazy("地點"), lambda a: a.location),
        ExportColumn(gettext_lazy("通報對象"), lambda a: punctuation("list_sep").join(a.notified_labels)),
        ExportColumn(pgettext_lazy("alert", "處理情形"), lambda a: a.outcome_note),
    ],
    search_fields=("subject", "location", "outcome_note", "agency__name"),
    import_key="protest-alerts",
    kind_label=gettext_lazy("處理結果"),
    kind_choices=tuple(AlertOutcome.choices),
    filter_kind=lambda queryset, kind: queryset.filter(outcome=kind),
    detail_template="activities/alert_detail.html",
)

RECORD_TYPES = {record_type.name: record_type for record_type in (MEETINGS, OUTREACH, INSPECTIONS, ALERTS)}


# Shared views -----------------------------------------------------------------


def _filtered(request, record_type: RecordType):
    form = ActivityFilterForm(
        request.GET or None,
        user=request.user,
        kind_label=record_type.kind_label,
        kind_choices=record_type.kind_choices,
    )
    records = record_type.visible(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"]:
            records = matching(records, q, record_type.search_fields)
        if period := data["period"]:
            records = records.filter(date__gte=period.first_day, date__lte=period.last_day)
        if agency := data["agency"]:
            records = records.filter(agency__path__startswith=agency.path)
        if unit := data["unit"]:
            records = records.filter(unit__path__startswith=unit.path)
        if (kind := data.get("kind")) and record_type.filter_kind:
            records = record_type.filter_kind(records, kind)
    elif form.is_bound:
        records = records.none()
    sorting = Sorting.of(request, (column.sort for column in record_type.columns))
    return form, sorting.apply(records), sorting


@require_perm(VIEW)
def record_list(request, record_type: RecordType):
    form, records, sorting = _filtered(request, record_type)
    page = paginate(request, records)
    values = [(obj, [column.value(obj) for column in record_type.columns]) for obj in page]
    # Counts are right-aligned: a column is numeric when its cells on the page hold integers.
    numeric = [any(isinstance(cells[i], int) for _, cells in values) for i in range(len(record_type.columns))]
    rows = [(obj, list(zip(cells, numeric, strict=True))) for obj, cells in values]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "activities/list.html",
        {
            "record_type": record_type,
            "form": form,
            "page": page,
            "rows": rows,
            "headers": [
                (column.header, column.sort, is_number)
                for column, is_number in zip(record_type.columns, numeric, strict=True)
            ],
            "sorting": sorting,
            "export_query": query.urlencode(),
        },
    )


@require_perm(VIEW)
def record_export(request, record_type: RecordType, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, records, _sorting = _filtered(request, record_type)
    columns = record_type.columns + record_type.export_extra
    return export_response(columns, records.iterator(chunk_size=1000), fmt=fmt, name=f"activities-{record_type.name}")


@require_perm(VIEW)
def record_detail(request, code, record_type: RecordType):
    obj = record_type.get_for(request.user, code)
    context = {"record_type": record_type, "object": obj}
    if record_type is MEETINGS:
        context["proposals"] = obj.proposals.all()
        context["proposal_form"] = ProposalEntryForm()
    if record_type is INSPECTIONS:
        return _inspection_page(request, obj)
    return render(request, record_type.detail_template, context)


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def record_create(request, record_type: RecordType):
    form = record_type.entry_form(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = record_type.create(actor=request.user, **form.domain_values())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已新增%(what)s。") % {"what": record_type.title})
            return redirect(obj)
    return _form_page(request, record_type, form, _("新增%(what)s") % {"what": record_type.title})


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def record_edit(request, code, record_type: RecordType):
    obj = record_type.get_for(request.user, code)
    domain.check_writable(request.user, obj.unit)
    form = record_type.entry_form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obj = record_type.update(obj, actor=request.user, **form.domain_values())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已更新%(what)s。") % {"what": record_type.title})
            return redirect(obj)
    return _form_page(request, record_type, form, _("編輯%(what)s") % {"what": record_type.title}, obj)


def _form_page(request, record_type, form, title, obj=None):
    back = obj.get_absolute_url() if obj else reverse(f"activities:{record_type.name}_list")
    return render(request, "activities/form.html", {"form": form, "title": title, "back": back})


def views_for(record_type: RecordType) -> dict[str, Callable]:
    return {
        "list": partial(record_list, record_type=record_type),
        "detail": partial(record_detail, record_type=record_type),
        "create": partial(record_create, record_type=record_type),
        "edit": partial(record_edit, record_type=record_type),
        "export": partial(record_export, record_type=record_type),
    }


# Proposals --------------------------------------------------------------------

PROPOSAL_COLUMNS = [
    ExportColumn(gettext_lazy("機關"), lambda p: p.meeting.agency.name),
    ExportColumn(gettext_lazy("會議日期"), lambda p: p.meeting.date),
    ExportColumn(gettext_lazy("會議次別"), lambda p: p.meeting.seq_no),
    ExportColumn(gettext_lazy("會報類別"), lambda p: p.meeting.kind_label),
    ExportColumn(gettext_lazy("案次"), lambda p: p.seq_no),
    ExportColumn(gettext_lazy("類別"), lambda p: p.get_type_display()),
    ExportColumn(gettext_lazy("案由"), lambda p: p.title),
    ExportColumn(gettext_lazy("決議"), lambda p: p.resolution),
    ExportColumn(gettext_lazy("追蹤情形"), lambda p: p.get_status_display()),
    ExportColumn(gettext_lazy("主(協)辦單位"), lambda p: p.responsible_unit),
]


@require_perm(VIEW)
def proposal_export(request, fmt: str):
    """The proposals of the meetings the list's filters show."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, meetings, _sorting = _filtered(request, MEETINGS)
    proposals = (
        queries.proposals_visible_to(request.user)
        .filter(meeting__in=meetings.values("pk"))
        .order_by("meeting__date", "meeting__id", "seq_no", "id")
    )
    return export_response(PROPOSAL_COLUMNS, proposals.iterator(chunk_size=1000), fmt=fmt, name="activities-proposal")


@require_perm(WRITE)
@require_POST
def proposal_add(request, code):
    meeting = queries.get_meeting_for(request.user, code)
    domain.check_writable(request.user, meeting.unit)
    form = ProposalEntryForm(request.POST)
    if form.is_valid():
        try:
            domain.add_proposal(meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已新增提案。"))
            return redirect(meeting)
    return render(
        request,
        "activities/meeting_detail.html",
        {"record_type": MEETINGS, "object": meeting, "proposals": meeting.proposals.all(), "proposal_form": form},
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def proposal_edit(request, code):
    proposal = queries.get_proposal_for(request.user, code)
    domain.check_writable(request.user, proposal.meeting.unit)
    form = ProposalEntryForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_proposal(proposal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已更新提案。"))
            return redirect(proposal.meeting)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": _("編輯提案"), "back": proposal.meeting.get_absolute_url()},
    )


# Inspection follow-up -----------------------------------------------------------


def _inspection_page(request, inspection, *, follow_up_form=None, checklist_form=None, status=200):
    """The inspection's page: its findings, checklist and follow-ups, with the forms the user may fill."""
    checks = list(inspection.checks.all())
    writable = request.user.has_perm(WRITE) and inspection.status == InspectionStatus.FOLLOWING_UP
    return render(
        request,
        "activities/inspection_detail.html",
        {
            "record_type": INSPECTIONS,
            "object": inspection,
            "follow_ups": inspection.follow_ups.select_related("recorded_by"),
            "follow_up_form": follow_up_form or FollowUpForm(initial={"date": timezone.localdate()}),
            "checks": checks,
            "check_summary": queries.check_summary(checks),
            "checklist_form": (checklist_form or ChecklistForm(checks=checks)) if writable and checks else None,
            "checklist_available": not checks and queries.checklist_items(inspection.kind).filter(active=True).exists(),
        },
        status=status,
    )


@require_perm(WRITE)
@require_POST
def inspection_follow_up(request, code):
    inspection = queries.get_inspection_for(request.user, code)
    domain.check_writable(request.user, inspection.unit)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            domain.record_follow_up(inspection, actor=request.user, **form.cleaned_data)
        except domain.InvalidTransition:
            messages.error(request, _("此檢查已結案，請先重新追蹤。"))
            return redirect(inspection)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已記錄追蹤情形。"))
            return redirect(inspection)
    return _inspection_page(request, inspection, follow_up_form=form, status=400)


@require_perm(WRITE)
@require_POST
def inspection_transition(request, code):
    inspection = queries.get_inspection_for(request.user, code)
    action = request.POST.get("action", "")
    if action not in InspectionAction.values:
        raise Http404
    try:
        domain.transition_inspection(inspection, action, actor=request.user, on=timezone.localdate())
    except domain.InvalidTransition:
        messages.error(request, _("目前狀態不能執行這個動作。"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已%(action)s。") % {"action": InspectionAction(action).label})
    return redirect(inspection)


# Inspection checklists -----------------------------------------------------------------------

CHECK_COLUMNS = [
    ExportColumn(gettext_lazy("項次"), lambda c: c.seq_no),
    ExportColumn(gettext_lazy("查核項目"), lambda c: c.text),
    ExportColumn(gettext_lazy("查核結果"), lambda c: c.get_result_display()),
    ExportColumn(gettext_lazy("說明"), lambda c: c.note),
    ExportColumn(gettext_lazy("改善完成日期"), lambda c: c.corrected_on),
]

CHECKLIST_ITEM_COLUMNS = [
    ExportColumn(gettext_lazy("檢查類別"), lambda i: i.get_kind_display()),
    ExportColumn(gettext_lazy("項次"), lambda i: i.seq_no),
    ExportColumn(gettext_lazy("查核項目"), lambda i: i.text),
    ExportColumn(gettext_lazy("依據"), lambda i: i.basis),
    ExportColumn(gettext_lazy("使用中"), lambda i: i.active),
]


@require_perm(WRITE)
@require_POST
def checklist_start(request, code):
    inspection = queries.get_inspection_for(request.user, code)
    try:
        checks = domain.start_checklist(inspection, actor=request.user)
    except domain.InvalidTransition:
        messages.error(request, _("此檢查已結案，請先重新追蹤。"))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已帶入查核表，共 %(count)d 項。") % {"count": len(checks)})
    return redirect(inspection)


@require_perm(WRITE)
@require_POST
def checklist_record(request, code):
    inspection = queries.get_inspection_for(request.user, code)
    domain.check_writable(request.user, inspection.unit)
    form = ChecklistForm(request.POST, checks=inspection.checks.all())
    if form.is_valid():
        try:
            changed = domain.record_checks(inspection, actor=request.user, answers=form.answers())
        except domain.InvalidTransition:
            messages.error(request, _("此檢查已結案，請先重新追蹤。"))
            return redirect(inspection)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已儲存查核結果（%(count)d 項有變更）。") % {"count": changed})
            return redirect(f"{inspection.get_absolute_url()}#checklist")
    return _inspection_page(request, inspection, checklist_form=form, status=400)


@require_perm(VIEW)
def checklist_export(request, code, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    inspection = queries.get_inspection_for(request.user, code)
    return export_response(
        CHECK_COLUMNS, inspection.checks.all(), fmt=fmt, name=f"inspection-checklist-{inspection.code}"
    )


@require_perm(VIEW)
def checklist_items(request):
    """The city's checklists, one table per inspection kind, with how often each question found a deficiency on
    the inspections of a half-year the user sees (``?period=``, the current one by default); ``?format=csv|xlsx``
    exports the questions."""
    items = queries.checklist_items()
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return export_response(CHECKLIST_ITEM_COLUMNS, items, fmt=fmt, name="inspection-checklists")
    period = roc.Period.chosen(request.GET.get("period"))
    records = queries.question_records(request.user, period)
    by_kind = {kind: [] for kind in InspectionKind}
    for item in items:
        by_kind[InspectionKind(item.kind)].append((item, records.get(item.pk)))
    return render(
        request,
        "activities/checklist_items.html",
        {
            "by_kind": by_kind.items(),
            "period": period,
            "periods": roc.Period.choosable(),
        },
    )


@require_perm("activities.manage_checklists")
@require_http_methods(["GET", "POST"])
def checklist_item_form(request, code=None):
    """Add a question (``?kind=`` preselects its kind), or edit and retire one."""
    item = queries.get_checklist_item(code) if code else None
    initial = None if item else {"kind": request.GET.get("kind")}
    form = ChecklistItemForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if item:
                domain.update_checklist_item(item, actor=request.user, **form.cleaned_data)
            else:
                domain.create_checklist_item(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已更新查核項目。") if item else _("已新增查核項目。"))
            return redirect("activities:checklist_items")
    title = _("編輯查核項目") if item else _("新增查核項目")
    back = reverse("activities:checklist_items")
    return render(request, "activities/form.html", {"form": form, "title": title, "back": back})


# Half-yearly confidentiality inspections ---------------------------------------------------

CONFIDENTIALITY_COLUMNS = [
    ExportColumn(gettext_lazy("政風機構"), lambda row: row.unit.name),
    ExportColumn(InspectionKind.CONFIDENTIALITY.label, lambda row: row.confidentiality),
    ExportColumn(InspectionKind.CLASSIFIED_DOCUMENTS.label, lambda row: row.documents),
    ExportColumn(gettext_lazy("最近一次檢查日期"), lambda row: row.last.date if row.last else None),
    ExportColumn(gettext_lazy("最近一次檢查項目"), lambda row: row.last.title if row.last else ""),
    ExportColumn(gettext_lazy("已辦理"), lambda row: row.done),
]


@require_perm(VIEW)
def confidentiality_coverage(request):
    """Which units have held this half-year's confidentiality inspection (point 16: at least one every half-year).

    The half-year is the current one, which the dashboard's reminder counts, unless ``?period=`` names another;
    ``?missing=1`` lists the units still to inspect, and ``?format=csv|xlsx`` exports what is listed.
    """
    current = roc.Period.current()
    period = roc.Period.chosen(request.GET.get("period"))
    rows = queries.confidentiality_coverage(request.user, period)
    missing_only = request.GET.get("missing") == "1"
    shown = [row for row in rows if not row.done] if missing_only else rows
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return export_response(
            CONFIDENTIALITY_COLUMNS, shown, fmt=fmt, name=f"confidentiality-inspections-{period.code}"
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "activities/confidentiality_coverage.html",
        {
            "period": period,
            "periods": roc.Period.choosable(),
            "is_current": period == current,
            "rows": shown,
            "missing_only": missing_only,
            "done": sum(row.done for row in rows),
            "total": len(rows),
            "export_query": query.urlencode(),
        },
    )
