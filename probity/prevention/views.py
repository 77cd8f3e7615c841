"""Staff pages of the prevention app. Lists start from scoped queries; single records 404 outside scope."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from probity.complaints.queries import complaints_visible_to, referrals_visible_to
from probity.core.access import require_perm
from probity.core.exports import ExportColumn
from probity.core.text import clauses
from probity.core.viewkit import apply_errors, facts_of, filtered_list
from probity.prevention import charts, domain, forms, queries
from probity.prevention.enums import NominationStatus, SelectionStage
from probity.prevention.queries import taipei_today
from probity.prevention.search import ACTION_FIELDS, AUDIT_FIELDS, PLATFORM_FIELDS, REPREVENTION_FIELDS, RISK_FIELDS

VIEW = "prevention.view_records"
WRITE = "prevention.write_records"


def _form_page(request, form, *, title: str, back: str):
    return render(request, "prevention/form.html", {"form": form, "title": title, "back": back})


def _save_with(request, form, write, *, success: str):
    """Call a domain write with the form's data; on a domain error put it on the form and return None."""
    try:
        obj = write(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, success)
    return obj


def _edit_view(request, obj, form_class, update, *, title: str, **form_kwargs):
    form = form_class(request.POST or None, instance=obj, user=request.user, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            request, form, lambda data: update(obj, actor=request.user, **data), success=_("已儲存變更。")
        )
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=title, back=obj.get_absolute_url())


def _create_view(request, form_class, create, *, title: str, back: str, **form_kwargs):
    form = form_class(request.POST or None, user=request.user, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(request, form, lambda data: create(actor=request.user, **data), success=_("已新增。"))
        if saved is not None:
            return redirect(saved)
    return _form_page(request, form, title=title, back=back)


# Special audits -------------------------------------------------------------------------------

AUDIT_COLUMNS = [
    ExportColumn(_lazy("稽核名稱"), lambda a: a.title, sort="title"),
    ExportColumn(_lazy("機關"), lambda a: a.agency.name, sort="agency__path"),
    ExportColumn(_lazy("稽核業務"), lambda a: a.business),
    ExportColumn(_lazy("稽核期間（起）"), lambda a: a.audited_from, sort="audited_from"),
    ExportColumn(_lazy("稽核期間（迄）"), lambda a: a.audited_to, sort="audited_to"),
    ExportColumn(_lazy("完成日期"), lambda a: a.completed_on, sort="completed_on"),
    ExportColumn(_lazy("建議數"), lambda a: a.recommendation_count, sort="recommendation_count"),
    ExportColumn(_lazy("追蹤中"), lambda a: a.open_count, sort="open_count"),
]


@require_perm(VIEW)
def audit_list(request):
    return filtered_list(
        request,
        qs=queries.audits_visible_to(request.user),
        form=forms.AuditFilterForm(request.GET or None, user=request.user),
        search_fields=AUDIT_FIELDS,
        date_field="completed_on",
        exact_filters=("agency",),
        columns=AUDIT_COLUMNS,
        export_name="special-audits",
        template="prevention/list.html",
        context={
            "title": _("專案稽核"),
            "create_url": reverse("prevention:audit_create"),
            "import_key": "special-audits",
        },
    )


@require_perm(VIEW)
def audit_detail(request, code):
    audit = queries.get_audit_for(request.user, code)
    return render(
        request,
        "prevention/audit_detail.html",
        {
            "obj": audit,
            "facts": facts_of(audit),
            "printout": {"key": "special-audit-report", "label": _("列印稽核報告")},
            "recommendations": audit.recommendations.all(),
            "actions": audit.actions.all(),
            "add_form": forms.RecommendationForm(),
            "track_form": forms.TrackRecommendationForm(initial={"on": taipei_today()}),
            "today": taipei_today(),
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def audit_create(request):
    return _create_view(
        request,
        forms.SpecialAuditForm,
        domain.create_special_audit,
        title=_("新增專案稽核"),
        back=reverse("prevention:audit_list"),
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def audit_edit(request, code):
    audit = queries.get_audit_for(request.user, code)
    return _edit_view(request, audit, forms.SpecialAuditForm, domain.update_special_audit, title=_("編輯專案稽核"))


@require_perm(WRITE)
@require_POST
def recommendation_add(request, code):
    audit = queries.get_audit_for(request.user, code)
    form = forms.RecommendationForm(request.POST)
    if form.is_valid():
        domain.add_recommendation(audit, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已新增建議事項。"))
    else:
        messages.error(request, _("建議事項與回復期限都要填寫（日期如 110/07/01）。"))
    return redirect(audit)


@require_perm(WRITE)
@require_POST
def recommendation_track(request, code):
    recommendation = queries.get_recommendation_for(request.user, code)
    form = forms.TrackRecommendationForm(request.POST)
    if form.is_valid():
        try:
            domain.track_recommendation(recommendation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, clauses(*error.messages))
        else:
            messages.success(request, _("已更新追蹤狀態。"))
    else:
        messages.error(request, _("請選擇追蹤結果並填寫日期。"))
    return redirect(recommendation.audit)


REC_COLUMNS = [
    ExportColumn(_lazy("建議事項"), lambda r: r.text),
    ExportColumn(_lazy("專案稽核"), lambda r: r.audit.title),
    ExportColumn(_lazy("機關"), lambda r: r.audit.agency.name, sort="audit__agency__path"),
    ExportColumn(_lazy("回復期限"), lambda r: r.reply_due, sort="reply_due"),
    ExportColumn(_lazy("追蹤狀態"), lambda r: r.get_status_display()),
]


@require_perm(VIEW)
def recommendations_overdue(request):
    qs = queries.overdue_recommendations(request.user)
    return filtered_list(
        request,
        qs=qs,
        form=forms.SearchForm(request.GET or None),
        search_fields=("text", "audit__title"),
        date_field="reply_due",
        columns=REC_COLUMNS,
        export_name="recommendations-overdue",
        template="prevention/list.html",
        context={"title": _("稽核建議逾期未回復")},
    )


# Preventive actions -------------------------------------------------------------------------------

ACTION_COLUMNS = [
    ExportColumn(_lazy("案由"), lambda a: a.subject),
    ExportColumn(_lazy("類別"), lambda a: a.get_kind_display()),
    ExportColumn(_lazy("來源管道"), lambda a: a.get_channel_display()),
    ExportColumn(_lazy("機關"), lambda a: a.agency.name, sort="agency__path"),
    ExportColumn(_lazy("提出日期"), lambda a: a.raised_on, sort="raised_on"),
    ExportColumn(_lazy("機關採納"), lambda a: a.adopted),
    ExportColumn(_lazy("節省公帑（元）"), lambda a: a.money_saved, sort="money_saved"),
    ExportColumn(_lazy("修訂規章"), lambda a: a.rule_changed),
]


@require_perm(VIEW)
def action_list(request):
    return filtered_list(
        request,
        qs=queries.actions_visible_to(request.user),
        form=forms.ActionFilterForm(request.GET or None, user=request.user),
        search_fields=ACTION_FIELDS,
        date_field="raised_on",
        exact_filters=("agency", "kind", "channel"),
        columns=ACTION_COLUMNS,
        export_name="preventive-actions",
        template="prevention/list.html",
        context={
            "title": _("預警及導正作為"),
            "create_url": reverse("prevention:action_create"),
            "import_key": "preventive-actions",
        },
    )


@require_perm(VIEW)
def action_detail(request, code):
    action = queries.get_action_for(request.user, code)
    return render(
        request,
        "prevention/detail.html",
        {
            "obj": action,
            "facts": facts_of(action),
            "edit_url": reverse("prevention:action_edit", args=[code]),
            "printout": {"key": "preventive-action", "label": _("列印建議書")},
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def action_create(request):
    return _create_view(
        request,
        forms.PreventiveActionForm,
        domain.create_preventive_action,
        title=_("新增預警及導正作為"),
        back=reverse("prevention:action_list"),
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def action_edit(request, code):
    action = queries.get_action_for(request.user, code)
    return _edit_view(
        request, action, forms.PreventiveActionForm, domain.update_preventive_action, title=_("編輯預警及導正作為")
    )


# Re-prevention reports --------------------------------------------------------------------------

REPREVENTION_COLUMNS = [
    ExportColumn(_lazy("報告名稱"), lambda r: r.title, sort="title"),
    ExportColumn(_lazy("機關"), lambda r: r.agency.name, sort="agency__path"),
    ExportColumn(_lazy("完成日期"), lambda r: r.issued_on, sort="issued_on"),
    ExportColumn(_lazy("相關檢舉案號"), lambda r: "、".join(r.case_list)),
    ExportColumn(_lazy("相關函送司法案號"), lambda r: "、".join(r.referral_list)),
]


@require_perm(VIEW)
def reprevention_list(request):
    return filtered_list(
        request,
        qs=queries.repreventions_visible_to(request.user),
        form=forms.RepreventionFilterForm(request.GET or None, user=request.user),
        search_fields=REPREVENTION_FIELDS,
        date_field="issued_on",
        exact_filters=("agency",),
        columns=REPREVENTION_COLUMNS,
        export_name="repreventions",
        template="prevention/list.html",
        context={
            "title": _("再防貪報告"),
            "create_url": reverse("prevention:reprevention_create"),
            "import_key": "repreventions",
        },
    )


@require_perm(VIEW)
def reprevention_detail(request, code):
    report = queries.get_reprevention_for(request.user, code)
    return render(
        request,
        "prevention/reprevention_detail.html",
        {
            "obj": report,
            "facts": facts_of(report),
            "edit_url": reverse("prevention:reprevention_edit", args=[code]),
            "printout": {"key": "reprevention-report", "label": _("列印報告")},
            # Only the linked cases the user may see: a hidden case must not show even its number.
            "complaints": complaints_visible_to(request.user).filter(reprevention_reports=report),
            "referrals": referrals_visible_to(request.user).filter(reprevention_reports=report),
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def reprevention_create(request):
    return _create_view(
        request,
        forms.RepreventionForm,
        domain.create_reprevention_report,
        title=_("新增再防貪報告"),
        back=reverse("prevention:reprevention_list"),
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def reprevention_edit(request, code):
    report = queries.get_reprevention_for(request.user, code)
    return _edit_view(
        request, report, forms.RepreventionForm, domain.update_reprevention_report, title=_("編輯再防貪報告")
    )


# Integrity platforms ----------------------------------------------------------------------------

PLATFORM_COLUMNS = [
    ExportColumn(_lazy("平臺名稱"), lambda p: p.name, sort="name"),
    ExportColumn(_lazy("機關"), lambda p: p.agency.name, sort="agency__path"),
    ExportColumn(_lazy("重大工程或採購案"), lambda p: p.project),
    ExportColumn(_lazy("成立日期"), lambda p: p.launched_on, sort="launched_on"),
    ExportColumn(_lazy("狀態"), lambda p: p.get_status_display()),
    ExportColumn(_lazy("會議次數"), lambda p: p.meeting_count, sort="meeting_count"),
    ExportColumn(pgettext_lazy("flag", "公開"), lambda p: p.is_public),
]


@require_perm(VIEW)
def platform_list(request):
    return filtered_list(
        request,
        qs=queries.platforms_visible_to(request.user),
        form=forms.PlatformFilterForm(request.GET or None, user=request.user),
        search_fields=PLATFORM_FIELDS,
        date_field="launched_on",
        exact_filters=("agency",),
        columns=PLATFORM_COLUMNS,
        export_name="integrity-platforms",
        template="prevention/list.html",
        context={
            "title": _("廉政平臺"),
            "create_url": reverse("prevention:platform_create"),
            "import_key": "integrity-platforms",
        },
    )


@require_perm(VIEW)
def platform_detail(request, code):
    platform = queries.get_platform_for(request.user, code)
    return render(
        request,
        "prevention/platform_detail.html",
        {
            "obj": platform,
            "facts": facts_of(platform, exclude=("member_bodies", "background", "progress")),
            "meetings": platform.meetings.all(),
            "notices": platform.notices.all(),
            "meeting_form": forms.PlatformMeetingForm(),
            "notice_form": forms.PlatformNoticeForm(),
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def platform_create(request):
    return _create_view(
        request,
        forms.PlatformForm,
        domain.create_platform,
        title=_("新增廉政平臺"),
        back=reverse("prevention:platform_list"),
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def platform_edit(request, code):
    platform = queries.get_platform_for(request.user, code)
    return _edit_view(request, platform, forms.PlatformForm, domain.update_platform, title=_("編輯廉政平臺"))


@require_perm(WRITE)
@require_POST
def platform_meeting_add(request, code):
    platform = queries.get_platform_for(request.user, code)
    form = forms.PlatformMeetingForm(request.POST)
    if form.is_valid():
        domain.add_platform_meeting(platform, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已新增會議。"))
    else:
        messages.error(request, _("會議日期與名稱都要填寫。"))
    return redirect(platform)


@require_perm(WRITE)
@require_POST
def platform_notice_add(request, code):
    platform = queries.get_platform_for(request.user, code)
    form = forms.PlatformNoticeForm(request.POST)
    if form.is_valid():
        domain.add_platform_notice(platform, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已發布資訊。"))
    else:
        messages.error(request, _("發布日期、標題與內容都要填寫。"))
    return redirect(platform)


# Education highlights -------------------------------------------------------------------------

HIGHLIGHT_COLUMNS = [
    ExportColumn(_lazy("活動名稱"), lambda h: h.title),
    ExportColumn(_lazy("報告段落"), lambda h: h.get_section_display()),
    ExportColumn(_lazy("機關"), lambda h: h.agency.name, sort="agency__path"),
    ExportColumn(_lazy("辦理日期"), lambda h: h.held_on, sort="held_on"),
    ExportColumn(_lazy("成果敘述"), lambda h: h.narrative),
]


@require_perm(VIEW)
def highlight_list(request):
    return filtered_list(
        request,
        qs=queries.highlights_visible_to(request.user),
        form=forms.HighlightFilterForm(request.GET or None, user=request.user),
        search_fields=("title", "narrative"),
        date_field="held_on",
        exact_filters=("agency", "section"),
        columns=HIGHLIGHT_COLUMNS[:4],
        export_name="education-highlights",
        template="prevention/list.html",
        context={
            "title": _("廉潔教育成果"),
            "create_url": reverse("prevention:highlight_create"),
            "import_key": "education-highlights",
        },
    )


@require_perm(VIEW)
def highlight_detail(request, code):
    highlight = queries.get_highlight_for(request.user, code)
    return render(
        request,
        "prevention/detail.html",
        {
            "obj": highlight,
            "facts": facts_of(highlight),
            "edit_url": reverse("prevention:highlight_edit", args=[code]),
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def highlight_create(request):
    return _create_view(
        request,
        forms.HighlightForm,
        domain.create_highlight,
        title=_("新增廉潔教育成果"),
        back=reverse("prevention:highlight_list"),
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def highlight_edit(request, code):
    highlight = queries.get_highlight_for(request.user, code)
    return _edit_view(request, highlight, forms.HighlightForm, domain.update_highlight, title=_("編輯廉潔教育成果"))


# Role-model selection -----------------------------------------------------------------------------


@require_perm(VIEW)
def selection_list(request):
    selections = queries.selections_visible_to(request.user)
    return render(request, "prevention/selection_list.html", {"selections": selections})


@require_perm("prevention.run_selection")
@require_http_methods(["GET", "POST"])
def selection_create(request):
    form = forms.SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selection = domain.open_selection(actor=request.user, unit=request.user.unit, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已開始受理推薦。"))
            return redirect(selection)
    return _form_page(request, form, title=_("新增年度廉潔楷模選拔"), back=reverse("prevention:selection_list"))


NOMINATION_COLUMNS = [
    ExportColumn(_lazy("被推薦人"), lambda n: n.nominee),
    ExportColumn(_lazy("職稱"), lambda n: n.title),
    ExportColumn(_lazy("推薦機關"), lambda n: n.nominating_agency.name, sort="nominating_agency__path"),
    ExportColumn(_lazy("服務機關"), lambda n: n.agency.name, sort="agency__path"),
    ExportColumn(_lazy("事蹟類別"), lambda n: n.get_deed_category_display()),
    ExportColumn(_lazy("推薦日期"), lambda n: n.nominated_on, sort="nominated_on"),
    ExportColumn(_lazy("審查結果"), lambda n: n.get_status_display()),
]


@require_perm(VIEW)
def selection_detail(request, code):
    selection = queries.get_selection_for(request.user, code)
    nominations = queries.nominations_visible_to(request.user).filter(selection=selection)
    return filtered_list(
        request,
        qs=nominations,
        form=forms.NominationFilterForm(request.GET or None),
        search_fields=("nominee", "title", "deeds", "nominating_agency__name"),
        date_field="nominated_on",
        exact_filters=("status",),
        columns=NOMINATION_COLUMNS,
        export_name=f"role-models-{selection.roc_year}",
        template="prevention/selection_detail.html",
        context={
            "title": str(selection),
            "obj": selection,
            "summary": _selection_summary(nominations),
            "advance_form": forms.AdvanceSelectionForm(initial={"on": taipei_today()}),
            "nominating": selection.stage == SelectionStage.NOMINATING,
        },
    )


def _selection_summary(nominations) -> dict:
    return {
        "agencies": nominations.values("nominating_agency").distinct().count(),
        "nominees": nominations.count(),
        "selected": nominations.filter(status=NominationStatus.SELECTED).count(),
    }


@require_perm("prevention.run_selection")
@require_POST
def selection_advance(request, code):
    selection = queries.get_selection_for(request.user, code)
    form = forms.AdvanceSelectionForm(request.POST)
    if form.is_valid():
        try:
            domain.advance_selection(selection, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, clauses(*error.messages))
        else:
            messages.success(request, _("已進入下一階段。"))
    return redirect(selection)


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def nomination_create(request, code):
    selection = queries.get_selection_for(request.user, code)
    form = forms.NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            request,
            form,
            lambda data: domain.nominate(actor=request.user, selection=selection, **data),
            success=_("已新增推薦。"),
        )
        if saved is not None:
            return redirect(selection)
    return _form_page(request, form, title=_("推薦廉潔楷模"), back=selection.get_absolute_url())


@require_perm(VIEW)
def nomination_detail(request, code):
    nomination = queries.get_nomination_for(request.user, code)
    return render(
        request,
        "prevention/nomination_detail.html",
        {"obj": nomination, "facts": facts_of(nomination), "review_form": forms.ReviewNominationForm()},
    )


@require_perm("prevention.run_selection")
@require_POST
def nomination_review(request, code):
    nomination = queries.get_nomination_for(request.user, code)
    form = forms.ReviewNominationForm(request.POST)
    if form.is_valid():
        try:
            domain.review_nomination(nomination, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, clauses(*error.messages))
        else:
            messages.success(request, _("已登錄審查結果。"))
    return redirect(nomination)


# Risk register ------------------------------------------------------------------------------------

RISK_COLUMNS = [
    ExportColumn(_lazy("風險項目"), lambda r: r.title, sort="title"),
    ExportColumn(_lazy("業務流程"), lambda r: r.process),
    ExportColumn(_lazy("機關"), lambda r: r.agency.name, sort="agency__path"),
    ExportColumn(_lazy("固有風險"), lambda r: r.inherent_label),
    ExportColumn(_lazy("殘餘風險"), lambda r: r.residual_label),
    ExportColumn(_lazy("處理方式"), lambda r: r.get_treatment_display()),
    ExportColumn(_lazy("風險負責人"), lambda r: r.owner),
    ExportColumn(_lazy("下次檢視日"), lambda r: r.next_review_on, sort="next_review_on"),
]


@require_perm(VIEW)
def risk_list(request):
    return filtered_list(
        request,
        qs=queries.risks_visible_to(request.user),
        form=forms.RiskFilterForm(request.GET or None, user=request.user),
        search_fields=RISK_FIELDS,
        date_field="assessed_on",
        exact_filters=("agency", "treatment"),
        columns=RISK_COLUMNS,
        export_name="risks",
        template="prevention/risk_list.html",
        context={
            "title": _("廉政風險"),
            "create_url": reverse("prevention:risk_create"),
            "import_key": "risks",
            "heatmap_matrices": queries.matrices_in_use(request.user),
        },
    )


@require_perm(VIEW)
def risks_review_due(request):
    return filtered_list(
        request,
        qs=queries.risks_due_for_review(request.user),
        form=forms.SearchForm(request.GET or None),
        search_fields=("title", "process", "owner"),
        date_field="next_review_on",
        columns=RISK_COLUMNS,
        export_name="risks-review-due",
        template="prevention/list.html",
        context={"title": _("廉政風險逾期未檢視")},
    )


@require_perm(VIEW)
def risk_heatmap(request):
    """The heat-map of the user's open risks on one matrix (``?matrix=<code>``, default matrix otherwise)."""
    matrix = queries.get_matrix(request.GET["matrix"]) if request.GET.get("matrix") else queries.default_matrix()
    residual = request.GET.get("which", "residual") != "inherent"
    risks = queries.risks_visible_to(request.user).filter(matrix=matrix, is_closed=False)
    title = _("殘餘風險分布") if residual else _("固有風險分布")
    svg = charts.heatmap_svg(matrix, charts.cell_counts(risks, residual=residual), title=title)
    return HttpResponse(svg, content_type="image/svg+xml")


@require_perm(VIEW)
def risk_detail(request, code):
    risk = queries.get_risk_for(request.user, code)
    return render(
        request,
        "prevention/risk_detail.html",
        {
            "obj": risk,
            "facts": _risk_facts(risk),
            "reviews": risk.reviews.select_related("risk__matrix"),
            "audits": risk.audits.all(),
            "actions": risk.actions.all(),
            "repreventions": risk.repreventions.all(),
            "review_form": forms.ReviewRiskForm(matrix=risk.matrix, initial={"reviewed_on": taipei_today()}),
        },
    )


def _risk_facts(risk) -> list[tuple[str, str]]:
    matrix = risk.matrix
    facts = facts_of(
        risk,
        exclude=(
            "inherent_likelihood",
            "inherent_impact",
            "inherent_level",
            "residual_likelihood",
            "residual_impact",
            "residual_level",
            "case_refs",
        ),
    )
    facts.append(
        (
            _("固有風險"),
            f"{matrix.likelihood_labels[risk.inherent_likelihood]} × {matrix.impact_labels[risk.inherent_impact]} → "
            f"{risk.inherent_label}",
        )
    )
    if risk.residual_level is not None:
        facts.append(
            (
                _("殘餘風險"),
                f"{matrix.likelihood_labels[risk.residual_likelihood]} × {matrix.impact_labels[risk.residual_impact]} → "
                f"{risk.residual_label}",
            )
        )
    facts.append((_("相關檢舉案號"), "、".join(line for line in risk.case_refs.splitlines() if line) or "—"))
    return facts


def _matrix_from(request):
    code = request.GET.get("matrix") or request.POST.get("matrix_code")
    return queries.get_matrix(code) if code else queries.default_matrix()


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def risk_create(request):
    matrix = _matrix_from(request)
    form = forms.RiskForm(request.POST or None, user=request.user, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        saved = _save_with(
            request,
            form,
            lambda data: domain.create_risk(actor=request.user, matrix=matrix, **data),
            success=_("已新增。"),
        )
        if saved is not None:
            return redirect(saved)
    return render(
        request,
        "prevention/form.html",
        {
            "form": form,
            "title": _("新增廉政風險"),
            "back": reverse("prevention:risk_list"),
            "matrix": matrix,
            "matrices": queries.matrices(),
        },
    )


@require_perm(WRITE)
@require_http_methods(["GET", "POST"])
def risk_edit(request, code):
    risk = queries.get_risk_for(request.user, code)
    return _edit_view(request, risk, forms.RiskForm, domain.update_risk, title=_("編輯廉政風險"), matrix=risk.matrix)


@require_perm(WRITE)
@require_POST
def risk_review(request, code):
    risk = queries.get_risk_for(request.user, code)
    form = forms.ReviewRiskForm(request.POST, matrix=risk.matrix)
    if form.is_valid():
        try:
            domain.review_risk(risk, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, clauses(*error.messages))
        else:
            messages.success(request, _("已登錄檢視結果。"))
    else:
        messages.error(request, _("請填寫檢視日期、說明與下次檢視日。"))
    return redirect(risk)


@require_perm(VIEW)
def matrix_list(request):
    return render(request, "prevention/matrix_list.html", {"matrices": queries.matrices()})


@require_perm(VIEW)
def matrix_detail(request, code):
    matrix = queries.get_matrix(code)
    likelihoods, levels = matrix.likelihood_labels, matrix.level_labels
    rows = [
        (likelihoods[index], [(levels[cell], cell) for cell in matrix.grid[index]])
        for index in reversed(range(len(likelihoods)))
    ]
    return render(request, "prevention/matrix_detail.html", {"obj": matrix, "rows": rows})


@require_perm("prevention.manage_matrices")
@require_http_methods(["GET", "POST"])
def matrix_create(request):
    form = forms.MatrixForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            matrix = domain.create_matrix(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("已新增風險矩陣。"))
            return redirect(matrix)
    return _form_page(request, form, title=_("新增風險矩陣"), back=reverse("prevention:matrix_list"))
