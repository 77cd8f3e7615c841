"""Staff pages of asset declarations. Lists start from scoped queries; writes go through domain.py."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from probity.core.access import require_perm
from probity.core.exports import ExportColumn, export_response
from probity.core.language import stored_text
from probity.core.paging import paginate
from probity.core.search import matching
from probity.core.sorting import Sorting
from probity.declarations import charts, domain, forms, queries, thresholds
from probity.declarations.enums import AssetCategory, DeclarationType, DrawState, Owner, ReviewKind
from probity.declarations.models import ComparisonResult, Declaration
from probity.declarations.search import DECLARANT_FIELDS
from probity.org.queries import units_writable_by

# Asset categories as the compact tables name them, in the page's language (the form's own label for
# valuables is a whole sentence). ``comparison.CATEGORY_LABELS`` stays Chinese: it writes the stored flags.
CATEGORY_NAMES = {**dict(AssetCategory.choices), AssetCategory.VALUABLE: gettext_lazy("珠寶古董字畫等")}


# Declarants ------------------------------------------------------------------

DECLARANT_EXPORT = [
    ExportColumn(gettext_lazy("姓名"), lambda d: d.name),
    ExportColumn(gettext_lazy("服務機關"), lambda d: d.agency.name),
    ExportColumn(gettext_lazy("職稱"), lambda d: d.position),
    ExportColumn(gettext_lazy("申報義務類別"), lambda d: d.get_category_display()),
    ExportColumn(gettext_lazy("受理申報政風機構"), lambda d: d.unit.name),
    ExportColumn(gettext_lazy("到職日"), lambda d: d.took_office_on),
    ExportColumn(gettext_lazy("離職日"), lambda d: d.left_office_on),
]


def _writable(user, obj) -> None:
    """Officers write only within their units; auditors never (the permission already said so)."""
    if not units_writable_by(user).filter(pk=obj.unit_id).exists():
        raise PermissionDenied


@require_perm("declarations.view")
def declarant_list(request):
    form = forms.DeclarantFilterForm(request.GET or None)
    declarants = queries.declarants_visible_to(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            declarants = matching(declarants, q, DECLARANT_FIELDS)
        if category := form.cleaned_data["category"]:
            declarants = declarants.filter(category=category)
    elif form.is_bound:
        declarants = declarants.none()
    sorting = Sorting.of(request, DECLARANT_SORT_KEYS)
    declarants = sorting.apply(declarants)
    if fmt := request.GET.get("format"):
        if fmt not in ("csv", "xlsx"):
            fmt = "csv"
        return export_response(DECLARANT_EXPORT, declarants, fmt=fmt, name="declarants")
    context = {"form": form, "page": paginate(request, declarants), "sorting": sorting}
    return render(request, "declarations/declarant_list.html", context)


# The list's columns it can sort by (its own order: by unit, agency and name).
DECLARANT_SORT_KEYS = ("name", "agency__path", "position", "category", "unit__path", "took_office_on")


@require_perm("declarations.view")
def declarant_detail(request, code):
    declarant = queries.get_declarant_for(request.user, code)
    declarations = declarant.declarations.order_by("-declared_on")
    reviews = declarant.reviews.select_related("declaration").order_by("-opened_on")
    return render(
        request,
        "declarations/declarant_detail.html",
        {"declarant": declarant, "declarations": declarations, "reviews": reviews},
    )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def declarant_create(request):
    form = forms.DeclarantForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            declarant = domain.create_declarant(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新增申報義務人。"))
            return redirect(declarant)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("新增申報義務人"), "back": reverse("declarations:declarant_list")},
    )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def declarant_edit(request, code):
    declarant = queries.get_declarant_for(request.user, code)
    _writable(request.user, declarant)
    form = forms.DeclarantForm(request.POST or None, instance=declarant, user=request.user)
    if request.method == "POST" and form.is_valid():
        domain.update_declarant(declarant, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已更新申報義務人資料。"))
        return redirect(declarant)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("編輯申報義務人"), "back": declarant.get_absolute_url()},
    )


@require_perm("declarations.view")
def due_list(request):
    form = forms.DueFilterForm(request.GET or None)
    today, late_only, owed = timezone.localdate(), False, []
    if form.is_valid():
        today = form.cleaned_data["today"] or today
        late_only = form.cleaned_data["late_only"]
    if form.is_valid() or not form.is_bound:
        owed = queries.declarations_owed(request.user, today, late_only=late_only)
    return render(
        request,
        "declarations/due_list.html",
        {"form": form, "page": paginate(request, owed), "today": today, "late_only": late_only},
    )


# Declarations ----------------------------------------------------------------


@require_perm("declarations.view")
def declaration_list(request):
    form = forms.DeclarationFilterForm(request.GET or None)
    declarations = (
        queries.declarations_visible_to(request.user)
        .annotate(item_count=Count("items"))
        .order_by("-filing_year", "declarant__name", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"]:
            declarations = declarations.filter(Q(declarant__name__icontains=q) | Q(agency__name__icontains=q))
        if data["filing_year"]:
            declarations = declarations.filter(filing_year=data["filing_year"])
        if data["kind"]:
            declarations = declarations.filter(kind=data["kind"])
        if data["consented"]:
            declarations = declarations.filter(consented=data["consented"] == "yes")
    elif form.is_bound:
        declarations = declarations.none()
    sorting = Sorting.of(
        request, ("declarant__name", "agency__path", "filing_year", "kind", "declared_on", "consented", "item_count")
    )
    context = {"form": form, "page": paginate(request, sorting.apply(declarations)), "sorting": sorting}
    return render(request, "declarations/declaration_list.html", context)


_OWNER_ORDER = list(Owner.values)
_CATEGORY_ORDER = list(AssetCategory.values)


def _form_order(owner: str, category: str, name: str = "") -> tuple:
    """The order of the declaration form: by owner, then category as the form lists them."""
    return (_OWNER_ORDER.index(owner), name, _CATEGORY_ORDER.index(category))


def _threshold_rows(items):
    holdings = [thresholds.Holding(item.owner, item.owner_name, item.category, item.value) for item in items]
    checks = sorted(thresholds.check(holdings), key=lambda c: _form_order(c.owner, c.category, c.owner_name))
    for check in checks:
        check.owner_label = f"{Owner(check.owner).label} {check.owner_name}".strip()
    return checks


@require_perm("declarations.view")
def declaration_detail(request, code):
    declaration = queries.get_declaration_for(request.user, code)
    items = sorted(declaration.items.all(), key=lambda i: (_form_order(i.owner, i.category, i.owner_name), i.pk))
    response = render(
        request,
        "declarations/declaration_detail.html",
        {
            "declaration": declaration,
            "items": items,
            "checks": _threshold_rows(items),
            "categories": CATEGORY_NAMES,
            "reviews": declaration.reviews.all(),
        },
    )
    # Recorded once the page is built: a page that failed to render showed nothing.
    domain.record_read(actor=request.user, verb="declarations.declaration.read", target=declaration)
    return response


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def declaration_create(request, code):
    declarant = queries.get_declarant_for(request.user, code)
    _writable(request.user, declarant)
    form = forms.DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = domain.record_declaration(actor=request.user, declarant=declarant, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登錄財產申報，請接著登錄申報財產。"))
            return redirect(declaration)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("登錄財產申報"), "back": declarant.get_absolute_url()},
    )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def item_create(request, code):
    declaration = queries.get_declaration_for(request.user, code)
    _writable(request.user, declaration)
    form = forms.AssetItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_asset_item(declaration, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已新增申報財產。"))
            return redirect(declaration)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("新增申報財產"), "back": declaration.get_absolute_url()},
    )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def formal_check(request, code):
    declaration = queries.get_declaration_for(request.user, code)
    _writable(request.user, declaration)
    form = forms.FormalCheckForm(request.POST or None, initial={"result": declaration.formal_check})
    if request.method == "POST" and form.is_valid():
        domain.set_formal_check(declaration, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已記錄形式審核結果。"))
        return redirect(declaration)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("形式審核"), "back": declaration.get_absolute_url()},
    )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def case_review_create(request, code):
    declaration = queries.get_declaration_for(request.user, code)
    _writable(request.user, declaration)
    form = forms.CaseReviewForm(request.POST or None, user=request.user, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        review = domain.open_review(
            actor=request.user, declaration=declaration, kind=ReviewKind.CASE, **form.cleaned_data
        )
        messages.success(request, _("已開始個案查核。"))
        return redirect(review)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("個案查核（檢舉案件）"), "back": declaration.get_absolute_url()},
    )


@require_perm("declarations.manage")
@require_POST
def declarant_compare(request, code):
    declarant = queries.get_declarant_for(request.user, code)
    latest = declarant.declarations.exclude(kind=DeclarationType.CORRECTION).order_by("-declared_on").first()
    if latest is None:
        messages.error(request, _("這位申報義務人還沒有申報資料。"))
        return redirect(declarant)
    run = domain.run_comparison(
        actor=request.user,
        unit=declarant.unit,
        filing_year=latest.filing_year,
        declarations=Declaration.objects.filter(pk=latest.pk),
        title=str(declarant),
    )
    return redirect(run)


# Policies --------------------------------------------------------------------


@require_perm("declarations.view")
def policy_list(request):
    return render(request, "declarations/policy_list.html", {"policies": queries.policies()})


@require_perm("declarations.manage_policy")
@require_http_methods(["GET", "POST"])
def policy_edit(request):
    year = request.GET.get("year")
    instance = queries.policies().filter(filing_year=year).first() if year and year.isdigit() else None
    form = forms.PolicyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        domain.save_policy(actor=request.user, **values)
        messages.success(request, _("已儲存抽籤規則；已進行的抽籤仍依其當時規則。"))
        return redirect("declarations:policy_list")
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("抽籤規則"), "back": reverse("declarations:policy_list")},
    )


# Draws -----------------------------------------------------------------------


@require_perm("declarations.view")
def draw_list(request):
    form = forms.DrawFilterForm(request.GET or None)
    draws = queries.draws_visible_to(request.user)
    if form.is_valid() and form.cleaned_data["filing_year"]:
        draws = draws.filter(filing_year=form.cleaned_data["filing_year"])
    elif form.is_bound and not form.is_valid():
        draws = draws.none()
    sorting = Sorting.of(request, DRAW_SORT_KEYS)
    context = {"form": form, "page": paginate(request, sorting.apply(draws), per_page=100), "sorting": sorting}
    return render(request, "declarations/draw_list.html", context)


DRAW_SORT_KEYS = ("filing_year", "unit__path", "scheduled_on", "state", "pool_size", "review_count", "comparison_count")


@require_perm("declarations.prepare_draws")
@require_http_methods(["GET", "POST"])
def draw_prepare(request):
    form = forms.DrawPrepareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draws = domain.prepare_draws(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已建立 %(n)s 場抽籤草稿（各政風機構一場）。") % {"n": len(draws)})
        return redirect("declarations:draw_list")
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("準備公開抽籤"), "back": reverse("declarations:draw_list")},
    )


@require_perm("declarations.view")
def draw_detail(request, code):
    draw = queries.get_draw_for(request.user, code)
    entries = draw.entries.select_related("declarant").order_by("position")
    picked = entries.filter(Q(review_pick__isnull=False) | Q(comparison_pick__isnull=False))
    return render(
        request,
        "declarations/draw_detail.html",
        {
            "draw": draw,
            "page": paginate(request, entries, per_page=100),
            "picked": picked.order_by("review_pick"),
            "can_write": request.user.has_perm("declarations.manage")
            and units_writable_by(request.user).filter(pk=draw.unit_id).exists(),
        },
    )


@require_perm("declarations.manage")
@require_POST
def draw_publish(request, code):
    draw = queries.get_draw_for(request.user, code)
    _writable(request.user, draw)
    try:
        domain.publish_draw(draw, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("名冊已凍結並公告，SHA-256 已公開。"))
    return redirect(draw)


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def draw_run(request, code):
    draw = queries.get_draw_for(request.user, code)
    _writable(request.user, draw)
    if draw.state != DrawState.PUBLISHED:
        messages.error(request, _("名冊須先凍結公告，才能抽籤。"))
        return redirect(draw)
    form = forms.DrawRunForm(request.POST or None, sources=draw.sources)
    if request.method == "POST" and form.is_valid():
        try:
            domain.run_draw(draw, actor=request.user, values=form.cleaned_data["values"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("抽籤完成，已為抽中者建立實質審查。"))
            return redirect(draw)
    return render(
        request,
        "declarations/form.html",
        {"form": form, "title": _("輸入開獎號碼並抽籤"), "back": draw.get_absolute_url()},
    )


@require_perm("declarations.manage")
@require_POST
def draw_compare(request, code):
    draw = queries.get_draw_for(request.user, code)
    _writable(request.user, draw)
    entries = draw.entries.all()
    title = _("%(unit)s %(year)s年度抽中前後年度比對者")
    if request.POST.get("scope") == "pool":
        title = _("%(unit)s %(year)s年度抽籤名冊全體")
    else:
        entries = entries.filter(comparison_pick__isnull=False)
    run = domain.run_comparison(
        actor=request.user,
        unit=draw.unit,
        filing_year=draw.filing_year,
        declarations=Declaration.objects.filter(pk__in=list(entries.values_list("declaration_id", flat=True))),
        title=title % {"unit": draw.unit.name, "year": draw.filing_year},
        draw=draw,
    )
    return redirect(run)


# Reviews ---------------------------------------------------------------------

REVIEW_STEPS = {
    "retrieval": (forms.RetrievalForm, gettext_lazy("查調資料")),
    "discrepancy": (forms.DiscrepancyForm, gettext_lazy("新增申報不符項目")),
    "request": (forms.RequestExplanationForm, gettext_lazy("通知申報人限期說明")),
    "explanation": (forms.ExplanationForm, gettext_lazy("記錄申報人說明")),
    "conclude": (forms.ConclusionForm, gettext_lazy("審查結果")),
    "fine": (forms.FineForm, gettext_lazy("罰鍰")),
}


@require_perm("declarations.view")
def review_list(request):
    form = forms.ReviewFilterForm(request.GET or None)
    reviews = queries.reviews_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"]:
            reviews = reviews.filter(Q(declarant__name__icontains=q) | Q(complaint_ref__icontains=q))
        for name in ("kind", "state"):
            if data[name]:
                reviews = reviews.filter(**{name: data[name]})
        if data["filing_year"]:
            reviews = reviews.filter(declaration__filing_year=data["filing_year"])
    elif form.is_bound:
        reviews = reviews.none()
    sorting = Sorting.of(
        request,
        (
            "declarant__name",
            "agency__path",
            "declaration__filing_year",
            "kind",
            "opened_on",
            "state",
            "explanation_due_on",
            "finding",
            "discrepancy_count",
        ),
    )
    context = {"form": form, "page": paginate(request, sorting.apply(reviews)), "sorting": sorting}
    return render(request, "declarations/review_list.html", context)


@require_perm("declarations.view")
def review_detail(request, code):
    review = queries.get_review_for(request.user, code)
    context = {
        "review": review,
        "discrepancies": review.discrepancies.all(),
        "steps": REVIEW_STEPS,
        "trigger_flags": flag_texts(review.comparison.flags) if review.comparison else [],
    }
    response = render(request, "declarations/review_detail.html", context)
    domain.record_read(actor=request.user, verb="declarations.review.read", target=review)
    return response


def flag_texts(flags: list[dict]) -> list[str]:
    """A comparison's flags in the reader's language (flags stored before their messages were kept: as stored)."""
    return [stored_text(flag["explanation"], flag.get("message")) for flag in flags]


def _apply_step(review, step, data, actor):
    if step == "retrieval":
        domain.record_data_retrieval(review, actor=actor, retrieved_on=data["retrieved_on"], sources=data["sources"])
    elif step == "discrepancy":
        domain.add_discrepancy(review, actor=actor, **data)
    elif step == "request":
        domain.transition_review(review, "request_explanation", actor=actor, **data)
    elif step == "explanation":
        domain.transition_review(review, "record_explanation", actor=actor, **data)
    elif step == "conclude":
        domain.transition_review(review, "conclude", actor=actor, **data)
    else:
        domain.record_fine(
            review, actor=actor, status=data["status"], amount=data["amount"], decided_on=data["decided_on"]
        )


@require_perm("declarations.manage")
@require_http_methods(["GET", "POST"])
def review_step(request, code, step):
    review = queries.get_review_for(request.user, code)
    _writable(request.user, review)
    if step not in REVIEW_STEPS:
        raise Http404
    form_class, title = REVIEW_STEPS[step]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _apply_step(review, step, form.cleaned_data, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已儲存。"))
            return redirect(review)
    return render(request, "declarations/form.html", {"form": form, "title": title, "back": review.get_absolute_url()})


# Comparisons -----------------------------------------------------------------


@require_perm("declarations.view")
def comparison_list(request):
    runs = queries.comparison_runs_visible_to(request.user)
    return render(request, "declarations/comparison_list.html", {"page": paginate(request, runs)})


@require_perm("declarations.view")
def comparison_detail(request, code):
    run = queries.get_comparison_run_for(request.user, code)
    results = (
        run.results.select_related("declarant__agency")
        .prefetch_related("reviews")
        .order_by("-risk", "declarant__name", "id")
    )
    flagged_only = request.GET.get("all") != "1"
    if flagged_only:
        results = results.exclude(flags=[])
    page = paginate(request, results, per_page=50)
    for result in page:
        result.flag_texts = flag_texts(result.flags)
        result.change_list = [
            (CATEGORY_NAMES.get(category, category), Decimal(change))
            for category, change in result.changes.items()
            if Decimal(change) != 0
        ]
    response = render(
        request,
        "declarations/comparison_detail.html",
        {"run": run, "page": page, "flagged_only": flagged_only},
    )
    # The page and the filter say whose figures were shown.
    domain.record_read(
        actor=request.user,
        verb="declarations.comparison.read",
        target=run,
        page=page.number,
        flagged_only=flagged_only,
    )
    return response


@require_perm("declarations.manage")
@require_POST
def comparison_review_create(request, code, result):
    """A case review of a flagged declarant, opened from the comparison: the flags are why it was chosen."""
    run = queries.get_comparison_run_for(request.user, code)
    try:
        found = run.results.select_related("current").get(pk=result)
    except ComparisonResult.DoesNotExist:
        raise Http404 from None
    _writable(request.user, found.current)
    try:
        review = domain.open_review(
            actor=request.user,
            declaration=found.current,
            kind=ReviewKind.CASE,
            opened_on=timezone.localdate(),
            comparison=found,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(run)
    messages.success(request, _("已依比對結果開始個案查核。"))
    return redirect(review)


@require_perm("declarations.view")
def comparison_chart(request, code):
    run = queries.get_comparison_run_for(request.user, code)
    counts: dict[str, int] = {}
    risks = []
    for flags, risk in run.results.values_list("flags", "risk"):
        for flag in flags:
            counts[flag["code"]] = counts.get(flag["code"], 0) + 1
        if risk > 0:
            risks.append(float(risk))
    labels = {
        "flags": _("異常態樣人數"),
        "risks": _("風險分數分布（有異常者）"),
        "people": _("申報人數"),
        "score": _("風險分數"),
    }
    bars = [(str(label), counts.get(code, 0)) for code, label in FLAG_LABELS.items()]
    response = HttpResponse(charts.comparison_svg(bars, risks, labels=labels), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response


FLAG_LABELS = {
    "increase_over_salary": gettext_lazy("增加逾薪資所得"),
    "new_real_estate": gettext_lazy("新增不動產資金待查"),
    "cash_jump": gettext_lazy("現金存款大增"),
    "vanished": gettext_lazy("財產消失"),
}
