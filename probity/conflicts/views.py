"""Staff pages of the conflicts app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from probity.conflicts import domain, forms, queries
from probity.conflicts.enums import RecusalKind
from probity.conflicts.models import rollup_due
from probity.conflicts.queries import taipei_today
from probity.conflicts.search import DISCLOSURE_FIELDS, RECUSAL_FIELDS
from probity.core.access import require_perm
from probity.core.exports import ExportColumn, export_response
from probity.core.roc import to_roc_year
from probity.core.text import clauses
from probity.core.viewkit import apply_errors, facts_of, filtered_list

VIEW = "conflicts.view_records"
WRITE = "conflicts.write_records"


def _form_page(request, form, *, title, back):
    return render(request, "conflicts/form.html", {"form": form, "title": title, "back": back})


def _write(request, form, write):
    try:
        obj = write(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, _("已儲存。"))
    return obj


# Recusals -------------------------------------------------------------------------------------

RECUSAL_COLUMNS = [
    ExportColumn(_lazy("公職人員"), lambda r: r.official_name, sort="official_name"),
    ExportColumn(_lazy("職稱"), lambda r: r.official_title),
    ExportColumn(_lazy("機關"), lambda r: r.agency.name, sort="agency__path"),
    ExportColumn(_lazy("迴避類型"), lambda r: r.get_kind_display()),
    ExportColumn(_lazy("迴避事項"), lambda r: r.matter),
    ExportColumn(_lazy("通知、申請或命令日期"), lambda r: r.filed_on, sort="filed_on"),
    ExportColumn(_lazy("決定"), lambda r: r.get_decision_display()),
    ExportColumn(_lazy("決定日期"), lambda r: r.decided_on, sort="decided_on"),
]


@require_perm(VIEW)
def recusal_list(request):
    return filtered_list(
        request,
        qs=queries.recusals_visible_to(request.user),
        form=forms.RecusalFilterForm(request.GET or None, user=request.user),
        search_fields=RECUSAL_FIELDS,
        date_field="filed_on",
        exact_filters=("agency", "kind"),
        columns=RECUSAL_COLUMNS,
        export_name="recusals",
        template="conflicts/list.html",
        context={"title": _("迴避案件"), "create_url": reverse("conflicts:recusal_create"), "import_key": "recusals"},
    )


@require_perm(VIEW)
def recusal_detail(request, code):
    recusal = queries.get_recusal_for(request.user, code)
    return render(
        request,
        "conflicts/detail.html",
        {"obj": recusal, "facts": facts_of(recusal), "edit_url": reverse("conflicts:recusal_edit", args=[code])},
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def recusal_create(request):
    form = forms.RecusalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _write(request, form, lambda data: domain.record_recusal(actor=request.user, **data))
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=_("登錄迴避案件"), back=reverse("conflicts:recusal_list"))


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def recusal_edit(request, code):
    recusal = queries.get_recusal_for(request.user, code)
    form = forms.RecusalForm(request.POST or None, instance=recusal, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _write(request, form, lambda data: domain.update_recusal(recusal, actor=request.user, **data))
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=_("編輯迴避案件"), back=recusal.get_absolute_url())


# Yearly roll-up ------------------------------------------------------------------------------


@require_perm(VIEW)
def rollup_index(request):
    """The years with recusals, each with its due date and whether the user's unit reported it."""
    this_year = to_roc_year(taipei_today().year)
    submitted = {r.roc_year: r for r in queries.rollups_visible_to(request.user).filter(unit=request.user.unit)}
    years = []
    for year in range(this_year - 1, this_year - 6, -1):
        count = queries.recusals_of_year(request.user, year).count()
        years.append({"year": year, "count": count, "due": rollup_due(year), "rollup": submitted.get(year)})
    return render(request, "conflicts/rollup_index.html", {"years": years})


ROLLUP_COLUMNS = [
    ExportColumn(_lazy("機關"), lambda r: r.agency.name, sort="agency__path"),
    ExportColumn(_lazy("公職人員姓名"), lambda r: r.official_name, sort="official_name"),
    ExportColumn(_lazy("職稱"), lambda r: r.official_title),
    ExportColumn(_lazy("迴避類型"), lambda r: r.get_kind_display()),
    ExportColumn(_lazy("迴避事項"), lambda r: r.matter),
    ExportColumn(_lazy("迴避原因"), lambda r: r.reason),
    ExportColumn(_lazy("日期"), lambda r: r.filed_on, sort="filed_on"),
    ExportColumn(_lazy("決定"), lambda r: r.get_decision_display()),
    ExportColumn(_lazy("決定日期"), lambda r: r.decided_on, sort="decided_on"),
    ExportColumn(_lazy("職務代理人"), lambda r: r.deputy),
]


@require_perm(VIEW)
@require_http_methods(["GET", "POST"])
def rollup(request, year: int):
    recusals = queries.recusals_of_year(request.user, year)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return export_response(ROLLUP_COLUMNS, recusals, fmt=fmt, name=f"recusals-{year}")
    form = forms.RollupForm(request.POST or None, initial={"submitted_on": taipei_today()})
    if request.method == "POST":
        if not request.user.has_perm(WRITE) or request.user.unit is None:
            raise PermissionDenied
        if form.is_valid():
            domain.submit_rollup(
                actor=request.user,
                unit=request.user.unit,
                roc_year=year,
                case_count=recusals.count(),
                **form.cleaned_data,
            )
            messages.success(request, _("已登錄函報。"))
            return redirect("conflicts:rollup", year=year)
    by_kind = [(kind.label, recusals.filter(kind=kind).count()) for kind in RecusalKind]
    existing = queries.rollups_visible_to(request.user).filter(unit=request.user.unit, roc_year=year).first()
    return render(
        request,
        "conflicts/rollup.html",
        {
            "year": year,
            "due": rollup_due(year),
            "recusals": recusals,
            "by_kind": by_kind,
            "form": form,
            "existing": existing,
        },
    )


# Disclosures -------------------------------------------------------------------------------------

DISCLOSURE_COLUMNS = [
    ExportColumn(_lazy("補助或交易名稱"), lambda d: d.deal_name, sort="deal_name"),
    ExportColumn(_lazy("機關"), lambda d: d.agency.name, sort="agency__path"),
    ExportColumn(_lazy("揭露方式"), lambda d: d.get_mode_display()),
    ExportColumn(_lazy("類別"), lambda d: d.get_category_display()),
    ExportColumn(_lazy("公職人員"), lambda d: d.official_name, sort="official_name"),
    ExportColumn(_lazy("關係人"), lambda d: d.related_party_name),
    ExportColumn(_lazy("日期"), lambda d: d.concluded_on, sort="concluded_on"),
    ExportColumn(_lazy("金額"), lambda d: d.amount, sort="amount"),
    ExportColumn(_lazy("例外規定"), lambda d: _("第%(n)s款") % {"n": d.exception}),
    ExportColumn(_lazy("公開期限"), lambda d: d.publication_due),
    ExportColumn(_lazy("公開日期"), lambda d: d.published_on, sort="published_on"),
]


@require_perm(VIEW)
def disclosure_list(request):
    return filtered_list(
        request,
        qs=queries.disclosures_visible_to(request.user),
        form=forms.DisclosureFilterForm(request.GET or None, user=request.user),
        search_fields=DISCLOSURE_FIELDS,
        date_field="concluded_on",
        exact_filters=("agency", "mode", "category", "exception"),
        columns=DISCLOSURE_COLUMNS,
        export_name="disclosures",
        template="conflicts/list.html",
        context={
            "title": _("身分關係揭露"),
            "create_url": reverse("conflicts:disclosure_create"),
            "import_key": "disclosures",
        },
    )


@require_perm(VIEW)
def disclosures_due(request):
    return filtered_list(
        request,
        qs=queries.disclosures_to_publish(request.user),
        form=forms.SearchForm(request.GET or None),
        search_fields=("deal_name", "official_name", "related_party_name"),
        date_field="concluded_on",
        columns=DISCLOSURE_COLUMNS,
        export_name="disclosures-to-publish",
        template="conflicts/list.html",
        context={"title": _("身分關係待事後公開（30日內）")},
    )


@require_perm(VIEW)
def disclosure_detail(request, code):
    disclosure = queries.get_disclosure_for(request.user, code)
    check = None
    if disclosure.is_small_amount:
        check = queries.check_small_amount(
            agency=disclosure.agency,
            counterparty_key=disclosure.counterparty_key,
            concluded_on=disclosure.concluded_on,
            amount=disclosure.amount,
            exclude_pk=disclosure.pk,
        )
    return render(
        request,
        "conflicts/disclosure_detail.html",
        {
            "obj": disclosure,
            "facts": facts_of(disclosure),
            "edit_url": reverse("conflicts:disclosure_edit", args=[code]),
            "publish_form": forms.PublishForm(initial={"on": taipei_today()}),
            "check": check,
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    form = forms.DisclosureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _write(request, form, lambda data: domain.record_disclosure(actor=request.user, **data))
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=_("登錄身分關係揭露"), back=reverse("conflicts:disclosure_list"))


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def disclosure_edit(request, code):
    disclosure = queries.get_disclosure_for(request.user, code)
    form = forms.DisclosureForm(request.POST or None, instance=disclosure, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _write(request, form, lambda data: domain.update_disclosure(disclosure, actor=request.user, **data))
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=_("編輯身分關係揭露"), back=disclosure.get_absolute_url())


@require_perm(WRITE)
@require_POST
def disclosure_publish(request, code):
    disclosure = queries.get_disclosure_for(request.user, code)
    form = forms.PublishForm(request.POST)
    if form.is_valid():
        try:
            domain.publish_disclosure(disclosure, actor=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            messages.error(request, clauses(*error.messages))
        else:
            messages.success(request, _("已公開於公開專區。"))
    return redirect(disclosure)
