from django import forms
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from probity.audit.models import AuditEvent
from probity.core.access import require_perm
from probity.core.forms import ROCDateField
from probity.core.paging import paginate


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("搜尋（動作、對象代碼、操作者）"), required=False, max_length=100)
    verb = forms.CharField(label=_("動作"), required=False, max_length=80)
    since = ROCDateField(label=_("起日"), required=False)
    until = ROCDateField(label=_("迄日"), required=False)


@require_perm("audit.view_events")
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"]:
            events = events.filter(Q(verb__icontains=q) | Q(target_code__icontains=q) | Q(actor_label__icontains=q))
        if data["verb"]:
            events = events.filter(verb__startswith=data["verb"])
        if data["since"]:
            events = events.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(occurred_at__date__lte=data["until"])
    elif form.is_bound:
        events = events.none()
    return render(request, "audit/event_list.html", {"form": form, "page": paginate(request, events, per_page=50)})
