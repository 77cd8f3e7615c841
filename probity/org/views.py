import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.audit.domain import record
from probity.core.access import require_perm
from probity.core.paging import paginate
from probity.core.sorting import Sorting
from probity.org import domain, queries
from probity.org.forms import (
    AgencyFilterForm,
    AgencyForm,
    LoginForm,
    StaffFilterForm,
    StaffForm,
    TokenForm,
    UnitFilterForm,
    UnitForm,
)


class LoginView(auth_views.LoginView):
    template_name = "org/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "org/password_change.html"
    success_url = reverse_lazy("core:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(actor=self.request.user, verb="org.staff.password_changed", target=self.request.user)
        messages.success(self.request, gettext_lazy("密碼已變更。"))
        return response


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:dashboard")


def _require_login(request):
    if not request.user.is_authenticated:
        return redirect("org:login")
    return None


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol a TOTP authenticator: show the key as a QR code, confirm with one code."""
    if denied := _require_login(request):
        return denied
    if request.user.totpdevice_set.filter(confirmed=True).exists() and not request.user.is_verified():
        return redirect("org:otp_verify")
    device = request.user.totpdevice_set.filter(confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttled := _throttle_message(device):
            form.add_error("token", throttled)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record(actor=request.user, verb="org.staff.otp_enrolled", target=request.user)
            messages.success(request, _("已啟用雙因素驗證。"))
            return redirect("core:dashboard")
        form.add_error("token", _("驗證碼不正確或已過期，請再試一次。"))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    secret = _base32(device.bin_key)
    return render(request, "org/otp_setup.html", {"form": form, "qr": qr, "secret": secret})


def _throttle_message(device) -> str:
    """django-otp slows guessing down after each wrong code; say so instead of failing silently."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    wait = data.get("locked_until") if data else None
    if wait is not None:
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1)
        return _("嘗試次數過多，請在 %(seconds)s 秒後再試。") % {"seconds": seconds}
    return _("嘗試次數過多，請稍後再試。")


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if denied := _require_login(request):
        return denied
    devices = list(request.user.totpdevice_set.filter(confirmed=True))
    if not devices:
        return redirect("org:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = [_throttle_message(device) for device in devices]
        if all(throttled):
            form.add_error("token", throttled[0])
        else:
            for device in devices:
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    return redirect(_safe_next(request))
            record(actor=request.user, verb="org.staff.otp_failed", target=request.user)
            form.add_error("token", _("驗證碼不正確或已過期，請再試一次。"))
    return render(request, "org/otp_verify.html", {"form": form})


# Agencies ------------------------------------------------------------------


@require_perm("org.view_org")
def agency_list(request):
    form = AgencyFilterForm(request.GET or None)
    agencies = queries.agencies_visible_to(request.user).prefetch_related("ethics_units")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            agencies = agencies.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(name_en__icontains=q) | Q(key__icontains=q)
            )
        if kind := form.cleaned_data["kind"]:
            agencies = agencies.filter(kind=kind)
    elif form.is_bound:
        agencies = agencies.none()
    return render(request, "org/agency_list.html", {"form": form, "page": paginate(request, agencies, per_page=100)})


@require_perm("org.view_org")
def agency_detail(request, code):
    agency = queries.get_agency_for(request.user, code)
    children = agency.children.all()
    return render(
        request, "org/agency_detail.html", {"agency": agency, "children": children, "units": agency.ethics_units.all()}
    )


@require_perm("org.manage_org")
@require_http_methods(["GET", "POST"])
def agency_create(request):
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = domain.create_agency(actor=request.user, **data)
        messages.success(request, _("已新增機關「%(name)s」。") % {"name": agency.name})
        return redirect(agency)
    return render(request, "org/form.html", {"form": form, "title": _("新增機關"), "back": reverse("org:agency_list")})


@require_perm("org.manage_org")
@require_http_methods(["GET", "POST"])
def agency_edit(request, code):
    agency = queries.get_agency_for(request.user, code)
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_agency(agency, actor=request.user, **form.cleaned_data)
        except ValueError:
            form.add_error("parent", _("不能把機關移到自己或下級機關之下。"))
        else:
            messages.success(request, _("已更新機關資料。"))
            return redirect(agency)
    return render(request, "org/form.html", {"form": form, "title": _("編輯機關"), "back": agency.get_absolute_url()})


# Ethics units --------------------------------------------------------------


@require_perm("org.view_org")
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    units = queries.units_visible_to(request.user).prefetch_related("agencies")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            units = units.filter(name__icontains=q)
        if kind := form.cleaned_data["kind"]:
            units = units.filter(kind=kind)
    elif form.is_bound:
        units = units.none()
    return render(request, "org/unit_list.html", {"form": form, "page": paginate(request, units, per_page=100)})


@require_perm("org.view_org")
def unit_detail(request, code):
    unit = queries.get_unit_for(request.user, code)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.all(),
            "agencies": unit.agencies.all(),
            "staff": unit.staff.filter(is_active=True) if request.user.is_central_admin else None,
        },
    )


@require_perm("org.manage_org")
@require_http_methods(["GET", "POST"])
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = domain.create_unit(actor=request.user, **form.cleaned_data)
        messages.success(request, _("已新增政風機構「%(name)s」。") % {"name": unit.name})
        return redirect(unit)
    return render(
        request, "org/form.html", {"form": form, "title": _("新增政風機構"), "back": reverse("org:unit_list")}
    )


@require_perm("org.manage_org")
@require_http_methods(["GET", "POST"])
def unit_edit(request, code):
    unit = queries.get_unit_for(request.user, code)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_unit(unit, actor=request.user, **form.cleaned_data)
        except ValueError:
            form.add_error("parent", _("不能把政風機構移到自己或下級單位之下。"))
        else:
            messages.success(request, _("已更新政風機構資料。"))
            return redirect(unit)
    return render(request, "org/form.html", {"form": form, "title": _("編輯政風機構"), "back": unit.get_absolute_url()})


# Staff ---------------------------------------------------------------------


@require_perm("org.manage_staff")
def staff_list(request):
    form = StaffFilterForm(request.GET or None)
    staff = queries.staff_visible_to(request.user).order_by("username")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            staff = staff.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q))
        if role := form.cleaned_data["role"]:
            staff = staff.filter(role=role)
    elif form.is_bound:
        staff = staff.none()
    sorting = Sorting.of(request, STAFF_SORT_KEYS)
    context = {"form": form, "page": paginate(request, sorting.apply(staff)), "sorting": sorting}
    return render(request, "org/staff_list.html", context)


STAFF_SORT_KEYS = ("username", "full_name", "role", "unit__path", "last_login", "is_active")


@require_perm("org.manage_staff")
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        username, password = data.pop("username"), data.pop("password")
        domain.create_staff(actor=request.user, username=username, password=password, **data)
        messages.success(request, _("已新增使用者 %(username)s。") % {"username": username})
        return redirect("org:staff_list")
    return render(request, "org/form.html", {"form": form, "title": _("新增使用者"), "back": reverse("org:staff_list")})


@require_perm("org.manage_staff")
@require_http_methods(["GET", "POST"])
def staff_edit(request, code):
    member = get_object_or_404(queries.staff_visible_to(request.user), code=code)
    if member.pk == request.user.pk and request.method == "POST" and request.POST.get("role") != member.role:
        raise PermissionDenied
    form = StaffForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("username", None)
        password = data.pop("password")
        domain.update_staff(member, actor=request.user, **data)
        if password:
            domain.set_staff_password(member, actor=request.user, password=password)
        messages.success(request, _("已更新使用者 %(username)s。") % {"username": member.username})
        return redirect("org:staff_list")
    return render(request, "org/form.html", {"form": form, "title": _("編輯使用者"), "back": reverse("org:staff_list")})
