"""Staff pages of complaints. Every object comes from a scoped query (404 when out of scope)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from probity.complaints import domain, queries
from probity.complaints.enums import Action, MessageKind
from probity.complaints.exports import complaint_columns, protection_columns, statement_columns
from probity.complaints.forms import (
    AssignForm,
    AttachForm,
    ComplaintFilterForm,
    ComplaintForm,
    DisciplineForm,
    ExcludeForm,
    IdentityForm,
    MessageForm,
    NoticeForm,
    ProsecutionForm,
    ProtectionCheckForm,
    ProtectionFilterForm,
    ProtectionReviseForm,
    ProtectionWatchForm,
    ReferralForm,
    RevealForm,
    StatementConfirmForm,
    StatementFilterForm,
    StatementForm,
    StatementReviseForm,
    SubjectFormSet,
    TransitionForm,
)
from probity.complaints.models import Attachment, ProtectionWatch
from probity.complaints.search import REFERRAL_FIELDS
from probity.core.access import require_perm
from probity.core.exports import export_response
from probity.core.paging import paginate
from probity.core.search import matching
from probity.core.sorting import Sorting
from probity.core.viewkit import apply_errors
from probity.org.models import User
from probity.org.queries import unit_for_agency


def _filtered(request):
    form = ComplaintFilterForm(request.GET or None, user=request.user)
    queryset = queries.complaint_list(request.user)
    if form.is_valid():
        queryset = queries.search_complaints(queryset, **form.cleaned_data)
    elif form.is_bound:
        queryset = queryset.none()
    sorting = Sorting.of(request, COMPLAINT_SORT_KEYS)
    return form, sorting.apply(queryset), sorting


# The list's columns it can sort by (its own order: latest received first).
COMPLAINT_SORT_KEYS = ("received_on", "agency__path", "is_anonymous", "status", "unit__path")


@require_GET
@require_perm("complaints.view_complaint")
def complaint_list(request):
    form, queryset, sorting = _filtered(request)
    context = {"form": form, "page": paginate(request, queryset), "sorting": sorting}
    return render(request, "complaints/list.html", context)


@require_GET
@require_perm("complaints.export_complaints")
def complaint_export(request):
    _form, queryset, _sorting = _filtered(request)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return export_response(complaint_columns(), queryset, fmt=fmt, name="complaints")


@require_http_methods(["GET", "POST"])
@require_perm("complaints.add_complaint")
def complaint_create(request):
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    subjects = SubjectFormSet(request.POST or None, prefix="subjects")
    if request.method == "POST" and form.is_valid() and subjects.is_valid():
        data = form.cleaned_data
        try:
            complaint = domain.receive_complaint(
                actor=request.user,
                agency=data["agency"],
                unit=data["unit"] or unit_for_agency(data["agency"]),
                channel=data["channel"],
                received_on=data["received_on"],
                is_anonymous=data["is_anonymous"],
                categories=data["categories"],
                summary=data["summary"],
                narrative=data["narrative"],
                subjects=[
                    domain.SubjectData(name=s["name"], title=s["title"], agency=data["agency"], officer=s["officer"])
                    for s in subjects.cleaned_data
                    if s.get("name")
                ],
                identity=None if data["is_anonymous"] else form.identity(),
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登錄檢舉案 %(number)s。") % {"number": complaint.number})
            return redirect(complaint)
    return render(request, "complaints/create.html", {"form": form, "subjects": subjects})


def _eligible_handlers(complaint):
    """Writers who could see the case: its unit's staff and those above it, never subjects or excluded users."""
    candidates = User.objects.filter(is_active=True).filter(
        Q(role="central_admin") | Q(role="unit_officer", unit_id__in=complaint.unit.lineage_ids)
    )
    blocked = list(complaint.subjects.exclude(officer=None).values_list("officer_id", flat=True)) + list(
        complaint.exclusions.values_list("user_id", flat=True)
    )
    return candidates.exclude(pk__in=blocked).order_by("username")


@never_cache
@require_GET
@require_perm("complaints.view_complaint")
def complaint_detail(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _detail_context(request, complaint, **extra):
    handlers = queries.handlers_of(complaint)
    protection = _protection_of(complaint)
    can_write = request.user.has_perm("complaints.change_complaint")
    eligible = list(_eligible_handlers(complaint)) if can_write else []
    staff = {a.handler.pk: a.handler for a in handlers} | {user.pk: user for user in eligible}
    conflicts = queries.possible_conflicts(complaint, staff.values())
    context = {
        "complaint": complaint,
        "subjects": complaint.subjects.select_related("agency", "officer"),
        "handlers": handlers,
        "timeline": queries.timeline_of(complaint),
        "messages_list": complaint.messages.select_related("author"),
        "attachments": complaint.attachments.all(),
        "referrals": complaint.prosecutor_referrals.all(),
        "discipline": complaint.disciplinary_actions.all(),
        "has_identity": hasattr(complaint, "sealed_identity"),
        "can_write": can_write,
        "can_reveal": request.user.has_perm("complaints.reveal_identity", complaint),
        "actions": [Action(a) for a in domain.allowed_actions(complaint.status)] if can_write else [],
        "transition_form": TransitionForm(),
        "assign_form": AssignForm(
            handlers=_eligible_handlers(complaint), flagged={conflict.user.pk for conflict in conflicts}
        )
        if can_write
        else None,
        "conflicts": conflicts,
        "exclude_form": ExcludeForm(users=User.objects.filter(is_active=True).order_by("username"))
        if can_write
        else None,
        "reveal_form": RevealForm(),
        "message_form": MessageForm(),
        "attach_form": AttachForm(),
        "notice_form": NoticeForm(complaint=complaint),
        "discipline_form": DisciplineForm(),
        "identity_form": IdentityForm(),
        "statements": complaint.statements.select_related("recorded_by"),
        "statement_form": StatementForm(),
        "protection": protection,
        "protection_form": ProtectionWatchForm(),
        "protection_revise_form": ProtectionReviseForm.of(protection) if protection else None,
        "protection_check_form": ProtectionCheckForm(),
    }
    context.update(extra)
    return context


def _protection_of(complaint) -> ProtectionWatch | None:
    return ProtectionWatch.objects.filter(complaint=complaint).prefetch_related("checks__checked_by").first()


def _rerender(request, complaint, status=400, **extra):
    return render(request, "complaints/detail.html", _detail_context(request, complaint, **extra), status=status)


@require_POST
@require_perm("complaints.change_complaint")
def complaint_transition(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            domain.apply_transition(complaint, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已更新案件狀態。"))
            return redirect(complaint)
    return _rerender(request, complaint, transition_form=form, open_action=request.POST.get("action", ""))


@require_POST
@require_perm("complaints.change_complaint")
def complaint_assign(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = AssignForm(request.POST, handlers=_eligible_handlers(complaint))
    if form.is_valid():
        domain.assign_handler(complaint, actor=request.user, handler=form.cleaned_data["handler"])
        messages.success(request, _("已指派承辦人。"))
        return redirect(complaint)
    return _rerender(request, complaint, assign_form=form)


@require_POST
@require_perm("complaints.change_complaint")
def complaint_unassign(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    handler = queries.handlers_of(complaint).filter(handler__code=request.POST.get("handler")).first()
    if handler is None:
        raise Http404
    domain.unassign_handler(complaint, actor=request.user, handler=handler.handler)
    messages.success(request, _("已解除承辦人。"))
    return redirect(complaint)


@require_POST
@require_perm("complaints.change_complaint")
def complaint_exclude(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = ExcludeForm(request.POST, users=User.objects.filter(is_active=True))
    if form.is_valid():
        domain.exclude_user(complaint, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已將該人員排除於本案之外。"))
        if form.cleaned_data["user"] == request.user:
            return redirect("complaints:list")
        return redirect(complaint)
    return _rerender(request, complaint, exclude_form=form)


@never_cache
@require_POST
@require_perm("complaints.view_complaint")
def identity_reveal(request, code):
    """Show the sealed identity to an assigned handler, once, for a stated reason (audited)."""
    complaint = queries.get_complaint_for(request.user, code)
    if not request.user.has_perm("complaints.reveal_identity", complaint):
        raise PermissionDenied
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _rerender(request, complaint, reveal_form=form)
    identity = domain.reveal_identity(complaint, actor=request.user, reason=form.cleaned_data["reason"])
    response = render(request, "complaints/identity.html", {"complaint": complaint, "identity": identity})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_perm("complaints.change_complaint")
def identity_seal(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    if not request.user.has_perm("complaints.reveal_identity", complaint):
        raise PermissionDenied
    form = IdentityForm(request.POST)
    if form.is_valid():
        domain.seal_identity(complaint, actor=request.user, identity=form.identity())
        messages.success(request, _("已加密保存檢舉人身分。"))
        return redirect(complaint)
    return _rerender(request, complaint, identity_form=form)


# Statements (筆錄) ----------------------------------------------------------------------


def _handled_complaint(request, code):
    """The case, for one of its current handlers only (others who see it get 403, the rest 404)."""
    complaint = queries.get_complaint_for(request.user, code)
    if not request.user.has_perm("complaints.reveal_identity", complaint):
        raise PermissionDenied
    return complaint


def _statement_of(request, code, statement):
    complaint = _handled_complaint(request, code)
    return get_object_or_404(complaint.statements.select_related("complaint", "recorded_by"), code=statement)


def _statement_page(request, statement, text):
    response = render(
        request,
        "complaints/statement.html",
        {
            "complaint": statement.complaint,
            "statement": statement,
            "text": text,
            "revise_form": StatementReviseForm(initial={"text": text}),
            "confirm_form": StatementConfirmForm(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _back_to_statements(request, statement, error: ValidationError | None = None):
    """Errors go back to the case page as messages: the statement's text is not shown again without a new read."""
    for message in error.messages if error else ():
        messages.error(request, message)
    return redirect(f"{statement.complaint.get_absolute_url()}#statements")


def _form_error(form) -> ValidationError:
    return ValidationError(
        [f"{form.fields[name].label}：{error}" for name, errors in form.errors.items() for error in errors]
    )


@require_POST
@require_perm("complaints.change_complaint")
def statement_take(request, code):
    complaint = _handled_complaint(request, code)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            domain.take_statement(complaint, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已加密保存檢舉筆錄，請交檢舉人確認後簽名。"))
            return redirect(f"{complaint.get_absolute_url()}#statements")
    return _rerender(request, complaint, statement_form=form, open_statement=True)


@require_POST
@require_perm("complaints.change_complaint")
def statement_read(request, code, statement):
    """Show a statement to a handler who gave a reason (audited); an unconfirmed one may be corrected here."""
    statement = _statement_of(request, code, statement)
    try:
        text = domain.read_statement(statement, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        return _back_to_statements(request, statement, exc)
    return _statement_page(request, statement, text)


def _statement_step(request, code, statement, form_class, step, done: str):
    """Apply a form to a statement through the domain's ``step``; errors go back to the case page."""
    statement = _statement_of(request, code, statement)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise _form_error(form)
        step(statement, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _back_to_statements(request, statement, exc)
    messages.success(request, done)
    return _back_to_statements(request, statement)


@require_POST
@require_perm("complaints.change_complaint")
def statement_revise(request, code, statement):
    return _statement_step(
        request, code, statement, StatementReviseForm, domain.revise_statement, _("已更正檢舉筆錄。")
    )


@require_POST
@require_perm("complaints.change_complaint")
def statement_confirm(request, code, statement):
    done = _("已登錄檢舉人確認筆錄；此後筆錄不再更動。")
    return _statement_step(request, code, statement, StatementConfirmForm, domain.confirm_statement, done)


@require_POST
@require_perm("complaints.change_complaint")
def complaint_message(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = MessageForm(request.POST)
    if form.is_valid():
        kind = MessageKind.NOTE if form.cleaned_data["internal"] else MessageKind.REPLY
        domain.post_message(complaint, actor=request.user, body=form.cleaned_data["body"], kind=kind)
        messages.success(request, _("已新增內部註記。") if kind == MessageKind.NOTE else _("已回覆檢舉人。"))
        return redirect(complaint)
    return _rerender(request, complaint, message_form=form)


@require_POST
@require_perm("complaints.change_complaint")
def message_retract(request, code, message):
    complaint = queries.get_complaint_for(request.user, code)
    note = get_object_or_404(complaint.messages, code=message)
    try:
        domain.retract_note(note, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("已撤回內部註記。"))
    return redirect(f"{complaint.get_absolute_url()}#thread")


@require_POST
@require_perm("complaints.change_complaint")
def complaint_attach(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        domain.add_evidence(complaint, actor=request.user, files=form.cleaned_data["files"], from_complainant=False)
        messages.success(request, _("已上傳附件。"))
        return redirect(complaint)
    return _rerender(request, complaint, attach_form=form)


@require_POST
@require_perm("complaints.change_complaint")
def complaint_notice(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = NoticeForm(request.POST, complaint=complaint)
    if form.is_valid():
        record = domain.record_acknowledgement if form.cleaned_data["kind"] == "ack" else domain.record_outcome_notice
        record(complaint, actor=request.user, on=form.cleaned_data["on"])
        messages.success(request, _("已登錄通知寄發日期。"))
        return redirect(complaint)
    return _rerender(request, complaint, notice_form=form)


@require_POST
@require_perm("complaints.change_complaint")
def discipline_add(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = DisciplineForm(request.POST)
    if form.is_valid():
        domain.record_disciplinary_action(complaint, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已登錄議處。"))
        return redirect(complaint)
    return _rerender(request, complaint, discipline_form=form)


@require_POST
@require_perm("complaints.change_complaint")
def protection_open(request, code):
    complaint = queries.get_complaint_for(request.user, code)
    form = ProtectionWatchForm(request.POST)
    return _protection_write(
        request,
        complaint,
        form,
        "protection_form",
        _("已開始追蹤檢舉人保護。"),
        domain.open_protection_watch,
        complaint,
    )


@require_POST
@require_perm("complaints.change_complaint")
def protection_revise(request, code):
    complaint, watch = _watched_case(request, code)
    form = ProtectionReviseForm(request.POST)
    return _protection_write(
        request,
        complaint,
        form,
        "protection_revise_form",
        _("已更新遭報復風險評估。"),
        domain.revise_protection_watch,
        watch,
    )


@require_POST
@require_perm("complaints.change_complaint")
def protection_check(request, code):
    complaint, watch = _watched_case(request, code)
    form = ProtectionCheckForm(request.POST)
    return _protection_write(
        request,
        complaint,
        form,
        "protection_check_form",
        _("已登錄保護追蹤結果。"),
        domain.record_protection_check,
        watch,
    )


def _watched_case(request, code):
    """The case and its protection watch; 404 when the case is out of sight or has no watch."""
    complaint = queries.get_complaint_for(request.user, code)
    watch = _protection_of(complaint)
    if watch is None:
        raise Http404
    return complaint, watch


def _protection_write(request, complaint, form, form_name: str, done: str, write, target):
    """Write a valid form through the domain and return to the case's protection section; else show why."""
    if form.is_valid():
        try:
            write(target, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, done)
            return redirect(complaint.get_absolute_url() + "#protection")
    return _rerender(request, complaint, **{form_name: form})


@require_GET
@require_perm("complaints.view_complaint")
def protection_list(request):
    form = ProtectionFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    watches = queries.protection_list(request.user, state=state)
    if form.is_bound and not form.is_valid():
        watches = watches.none()
    sorting = Sorting.of(request, PROTECTION_SORT_KEYS)
    watches = sorting.apply(watches)
    if exported := _export_if_asked(request, protection_columns(), watches, "complainant-protection"):
        return exported
    return render(
        request,
        "complaints/protection_list.html",
        {"form": form, "page": paginate(request, watches), "today": queries._today(), "sorting": sorting},
    )


PROTECTION_SORT_KEYS = ("complaint__unit__path", "risk", "last_checked_on", "next_check_on")


def _export_if_asked(request, columns, rows, name: str):
    """The list as CSV or Excel when ``?format=`` asks for it, for those who may export complaint data."""
    fmt = request.GET.get("format")
    if fmt not in ("csv", "xlsx"):
        return None
    if not request.user.has_perm("complaints.export_complaints"):
        raise PermissionDenied
    return export_response(columns, rows, fmt=fmt, name=name)


@require_GET
@require_perm("complaints.view_complaint")
def statement_list(request):
    """The statements of oral complaints, awaiting the complainant's confirmation unless asked otherwise."""
    form = StatementFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        statements = queries.statements_visible_to(request.user).none()
    else:
        state = form.cleaned_data["state"] if form.is_bound else "pending"
        statements = queries.statements_visible_to(request.user, state=state)
    sorting = Sorting.of(request, STATEMENT_SORT_KEYS)
    statements = sorting.apply(statements)
    if exported := _export_if_asked(request, statement_columns(), statements, "complaint-statements"):
        return exported
    page = paginate(request, statements)
    today = queries._today()
    for statement in page:
        statement.days_waiting = (today - statement.taken_on).days
    return render(request, "complaints/statement_list.html", {"form": form, "page": page, "sorting": sorting})


STATEMENT_SORT_KEYS = ("complaint__unit__path", "taken_on", "confirmed_on")


@require_GET
@require_perm("complaints.view_complaint")
def attachment_download(request, code):
    try:
        attachment = Attachment.objects.select_related("complaint").get(
            code=code, complaint__in=queries.complaints_visible_to(request.user)
        )
    except (Attachment.DoesNotExist, ValueError):
        raise Http404 from None
    position = list(attachment.complaint.attachments.values_list("pk", flat=True)).index(attachment.pk) + 1
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name(position),
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@require_perm("complaints.view_complaint")
def due_list(request):
    queryset = queries.due_complaints(request.user)
    return render(request, "complaints/due.html", {"page": paginate(request, queryset), "today": queries._today()})


# Referrals to prosecutors -----------------------------------------------------------------


@require_GET
@require_perm("complaints.view_referral")
def referral_list(request):
    from probity.core.forms import SearchForm

    form = SearchForm(request.GET or None)
    queryset = queries.referral_list(request.user)
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            queryset = matching(queryset, q, REFERRAL_FIELDS)
        if period := form.cleaned_data["period"]:
            queryset = queryset.filter(referred_on__gte=period.first_day, referred_on__lte=period.last_day)
    elif form.is_bound:
        queryset = queryset.none()
    sorting = Sorting.of(request, ("doc_no", "referred_on", "office", "persons"))
    context = {"form": form, "page": paginate(request, sorting.apply(queryset)), "sorting": sorting}
    return render(request, "complaints/referral_list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm("complaints.change_referral")
def referral_create(request, code=None):
    complaint = queries.get_complaint_for(request.user, code) if code else None
    initial = {"agency": complaint.agency} if complaint else None
    form = ReferralForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = complaint.unit if complaint else unit_for_agency(data["agency"])
        try:
            referral = domain.refer_to_prosecutors(actor=request.user, unit=unit, complaint=complaint, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登錄函送司法機關參偵。"))
            return redirect(referral)
    return render(request, "complaints/referral_form.html", {"form": form, "complaint": complaint})


@require_http_methods(["GET"])
@require_perm("complaints.view_referral")
def referral_detail(request, code):
    referral = queries.get_referral_for(request.user, code)
    return render(
        request,
        "complaints/referral_detail.html",
        {"referral": referral, "outcomes": referral.outcomes.all(), "form": ProsecutionForm()},
    )


@require_POST
@require_perm("complaints.change_referral")
def prosecution_add(request, code):
    referral = queries.get_referral_for(request.user, code)
    form = ProsecutionForm(request.POST)
    if form.is_valid():
        domain.record_prosecution_outcome(referral, actor=request.user, **form.cleaned_data)
        messages.success(request, _("已登錄偵審結果。"))
        return redirect(referral)
    return render(
        request,
        "complaints/referral_detail.html",
        {"referral": referral, "outcomes": referral.outcomes.all(), "form": form},
        status=400,
    )


@require_GET
@require_perm("complaints.view_complaint")
def discipline_list(request):
    from probity.core.forms import SearchForm

    form = SearchForm(request.GET or None)
    queryset = queries.disciplinary_actions_visible_to(request.user).order_by("-decided_on", "-id")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            queryset = queryset.filter(Q(person_name__icontains=q) | Q(authority__icontains=q))
        if period := form.cleaned_data["period"]:
            queryset = queryset.filter(decided_on__gte=period.first_day, decided_on__lte=period.last_day)
    elif form.is_bound:
        queryset = queryset.none()
    sorting = Sorting.of(request, ("decided_on", "person_name", "kind", "authority"))
    context = {"form": form, "page": paginate(request, sorting.apply(queryset)), "sorting": sorting}
    return render(request, "complaints/discipline_list.html", context)
