from django.shortcuts import redirect
from django.urls import reverse

_OPEN_PREFIXES = ("/static/", "/i18n/", "/portal/", "/healthz")


class SecondFactorMiddleware:
    """Staff who need a second factor reach nothing but the TOTP pages until they pass it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and self._needs_factor(user) and not self._is_open(request.path):
            has_device = user.totpdevice_set.filter(confirmed=True).exists()
            return redirect(reverse("org:otp_verify" if has_device else "org:otp_setup"))
        return self.get_response(request)

    @staticmethod
    def _needs_factor(user) -> bool:
        if user.is_verified():
            return False
        return user.requires_second_factor or user.totpdevice_set.filter(confirmed=True).exists()

    @staticmethod
    def _is_open(path: str) -> bool:
        open_paths = (reverse("org:otp_verify"), reverse("org:otp_setup"), reverse("org:logout"))
        return path in open_paths or path.startswith(_OPEN_PREFIXES)
