"""The public complaint pages: no login, a receipt code instead.

Nothing here stores the visitor's address or browser: the rate limits live in the cache only, and
the case a visitor opened with a code is remembered in their session by its public code alone.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from probity.complaints import domain, proofs, receipts
from probity.complaints.enums import CLOSED, MessageKind, Status
from probity.complaints.models import Complaint
from probity.portal.complaints import throttle
from probity.portal.complaints.forms import (
    PortalComplaintForm,
    PortalEvidenceForm,
    PortalMessageForm,
    ProofForm,
    ReceiptCodeForm,
)

SESSION_KEY = "portal_complaint"
SESSION_SECONDS = 30 * 60


def _too_many(request):
    return render(request, "portal/complaints/throttled.html", status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    form = PortalComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not throttle.allow(request, "submit"):
            return _too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint, code = domain.submit_portal_complaint(
                    agency=data["agency"],
                    categories=data["categories"],
                    summary=data["summary"],
                    narrative=data["narrative"],
                    subject_name=data["subject_name"],
                    subject_title=data["subject_title"],
                    identity=form.identity(),
                    attachments=data["attachments"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                proof = proofs.issue(
                    summary=data["summary"], narrative=data["narrative"], received_at=complaint.created_at
                )
                context = {"code": receipts.format_code(code), "received_on": complaint.received_on, "proof": proof}
                response = render(request, "portal/complaints/receipt.html", context)
                response["Cache-Control"] = "no-store"
                return response
    return render(request, "portal/complaints/new.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    form = ReceiptCodeForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow(request, "code"):
            return _too_many(request)
        if form.is_valid():
            complaint = domain.find_by_receipt(form.cleaned_data["code"])
            if complaint is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = str(complaint.code)
                request.session.set_expiry(SESSION_SECONDS)
                return redirect("portal:complaints:case")
            form.add_error("code", _("收件碼不正確，請確認後再試。"))
    return render(request, "portal/complaints/follow.html", {"form": form}, status=400 if form.errors else 200)


def _followed(request) -> Complaint | None:
    code = request.session.get(SESSION_KEY)
    if not code:
        return None
    return Complaint.objects.filter(code=code).exclude(receipt_hash="").first()


def public_status(complaint: Complaint) -> str:
    if complaint.status == Status.RECEIVED:
        return _("已收件，待分案")
    if complaint.status in CLOSED:
        return _("已結案（%(status)s）") % {"status": complaint.get_status_display()}
    return _("調查中")


def _case_page(request, complaint, status=200, **forms):
    shared = complaint.messages.exclude(kind=MessageKind.NOTE).order_by("created_at", "id")
    context = {
        "complaint": complaint,
        "public_status": public_status(complaint),
        "thread": shared,
        "evidence": complaint.attachments.filter(from_complainant=True),
        "message_form": forms.get("message_form") or PortalMessageForm(),
        "evidence_form": forms.get("evidence_form") or PortalEvidenceForm(),
    }
    response = render(request, "portal/complaints/case.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def case(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("portal:complaints:follow")
    return _case_page(request, complaint)


@require_POST
def case_message(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("portal:complaints:follow")
    if not throttle.allow(request, "submit"):
        return _too_many(request)
    form = PortalMessageForm(request.POST)
    if form.is_valid():
        domain.post_message(complaint, actor=None, body=form.cleaned_data["body"], kind=MessageKind.FROM_COMPLAINANT)
        messages.success(request, _("留言已送出。"))
        return redirect("portal:complaints:case")
    return _case_page(request, complaint, status=400, message_form=form)


@require_POST
def case_evidence(request):
    complaint = _followed(request)
    if complaint is None:
        return redirect("portal:complaints:follow")
    if not throttle.allow(request, "submit"):
        return _too_many(request)
    form = PortalEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        domain.add_evidence(complaint, actor=None, files=form.cleaned_data["files"], from_complainant=True)
        messages.success(request, _("補充證據已上傳。"))
        return redirect("portal:complaints:case")
    return _case_page(request, complaint, status=400, evidence_form=form)


@require_POST
def leave(request):
    request.session.flush()
    return redirect("portal:complaints:follow")


@require_http_methods(["GET", "POST"])
def proof_check(request):
    """Anyone may check a filing proof: that this platform signed it, when, and (given the text) for what."""
    form = ProofForm(request.POST or None)
    context = {"form": form, "public_key": proofs.public_key_pem()}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proof = proofs.verify(data["proof"])
        except proofs.ProofError as exc:
            form.add_error("proof", str(exc))
        else:
            context["proof"] = proof
            if data["summary"] or data["narrative"]:
                context["content_matches"] = proof.covers(data["summary"], data["narrative"])
    return render(request, "portal/complaints/proof_check.html", context, status=400 if form.errors else 200)


@require_POST
def proof_download(request):
    """The proof shown at filing, as a file: only a proof this platform signed is sent back."""
    text = request.POST.get("proof", "")
    try:
        proof = proofs.verify(text)
    except proofs.ProofError as exc:
        return render(
            request, "portal/complaints/proof_check.html", {"form": ProofForm(), "refused": str(exc)}, status=400
        )
    response = HttpResponse(text.strip().replace("\r\n", "\n") + "\n", content_type="text/plain; charset=utf-8")
    name = f"filing-proof-{proof.received_at:%Y%m%d-%H%M%S}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
