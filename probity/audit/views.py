import json

from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from probity.audit.domain import record
from probity.audit.history import verb_label, verb_options
from probity.audit.models import AuditEvent, DataText
from probity.audit.pseudonyms import pseudonym, pseudonyms
from probity.core.access import require_perm
from probity.core.exports import ExportColumn, export_response
from probity.core.forms import ROCDateField
from probity.core.paging import paginate

# The events one page of a subject search shows, newest first; older ones are a posted page further.
SUBJECT_EVENTS_MAX = 200

EVENT_COLUMNS = [
    ExportColumn(_("序號"), lambda event: event.pk),
    ExportColumn(_("時間"), lambda event: event.occurred_at),
    ExportColumn(_("操作者"), lambda event: event.actor_label),
    ExportColumn(_("動作"), lambda event: verb_label(event.verb)),
    ExportColumn(_("動作代碼"), lambda event: event.verb),
    ExportColumn(_("對象類型"), lambda event: event.target_type),
    ExportColumn(_("對象代碼"), lambda event: event.target_code),
    ExportColumn(_("內容"), lambda event: json.dumps(event.data, ensure_ascii=False, sort_keys=True)),
    ExportColumn(_("前一筆雜湊"), lambda event: event.prev_hash),
    ExportColumn(_("雜湊"), lambda event: event.hash),
]


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("搜尋（動作、對象代碼、操作者）"), required=False, max_length=100)
    # Any prefix of a verb's code; the page offers each app and each verb by name (history.verb_options).
    verb = forms.CharField(
        label=_("動作"), required=False, max_length=80, widget=forms.TextInput(attrs={"list": "audit-verbs"})
    )
    # One record's events: where a record's change history sends the reader for all of them.
    target_type = forms.CharField(label=_("對象類型"), required=False, max_length=80, widget=forms.HiddenInput)
    target = forms.CharField(label=_("對象代碼"), required=False, max_length=64, widget=forms.HiddenInput)
    since = ROCDateField(label=_("起日"), required=False)
    until = ROCDateField(label=_("迄日"), required=False)


class SubjectEventsForm(forms.Form):
    subject_id = forms.CharField(label=_("當事人統號"), max_length=40, strip=True)
    # Keyset paging: the events older than this one. Posted like the ID, so no page address names the person.
    before = forms.IntegerField(label=_("早於紀錄序號"), required=False, min_value=1, widget=forms.HiddenInput)

    def clean_subject_id(self):
        return self.cleaned_data["subject_id"].upper()  # as the access-log audit digests it


@require_perm("audit.view_events")
def event_list(request):
    if request.method == "POST":
        return _events_of_subject(request)
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"]:
            events = events.filter(Q(verb__icontains=q) | Q(target_code__icontains=q) | Q(actor_label__icontains=q))
        if data["verb"]:
            events = events.filter(verb__startswith=data["verb"])
        if data["target_type"]:
            events = events.filter(target_type=data["target_type"])
        if data["target"]:
            events = events.filter(target_code=data["target"])
        if data["since"]:
            events = events.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(occurred_at__date__lte=data["until"])
    elif form.is_bound:
        events = events.none()
    if (fmt := request.GET.get("format")) in ("csv", "xlsx"):
        # With each event's hashes, so that the file can be checked against the chain outside the platform.
        record(actor=request.user, verb="audit.events.export", data={"filters": request.GET.dict(), "format": fmt})
        return export_response(EVENT_COLUMNS, events, fmt=fmt, name="audit-trail")
    context = {
        "form": form,
        "subject_form": SubjectEventsForm(),
        "page": paginate(request, events, per_page=50),
        "verb_options": verb_options(),
    }
    if form.is_valid() and form.cleaned_data["target"]:
        context["target"] = {"type": form.cleaned_data["target_type"], "code": form.cleaned_data["target"]}
    return render(request, "audit/event_list.html", context)


def _events_of_subject(request):
    """The events that name a subject by digest: who searched for a person's lookups, and when. The ID number
    is posted, never put in an address that server logs would keep, and the search is itself audited."""
    subject_form = SubjectEventsForm(request.POST)
    context = {"form": AuditFilterForm(), "subject_form": subject_form, "page": [], "verb_options": verb_options()}
    if not subject_form.is_valid():
        return render(request, "audit/event_list.html", context, status=400)
    subject, before = subject_form.cleaned_data["subject_id"], subject_form.cleaned_data["before"]
    events = (
        AuditEvent.objects.select_related("actor")
        .alias(subject_digest=DataText("subject_digest"))  # the expression the index is built on
        .filter(subject_digest__in=pseudonyms(subject))
    )
    total = events.count()
    newer = events.filter(id__gte=before).count() if before else 0
    older = events.filter(id__lt=before) if before else events
    shown = list(older.order_by("-id")[: SUBJECT_EVENTS_MAX + 1])
    searched = {"subject_digest": pseudonym(subject)} | ({"before": before} if before else {})
    record(actor=request.user, verb="audit.events.subject", data=searched)
    page = shown[:SUBJECT_EVENTS_MAX]
    context |= {
        "page": page,
        "subject": subject,
        "total": total,
        "first": newer + 1,
        "last": newer + len(page),
        "older": page[-1].pk if len(shown) > SUBJECT_EVENTS_MAX else None,
    }
    return render(request, "audit/event_list.html", context)
