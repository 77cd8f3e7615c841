from django.urls import include, path
from django.views.i18n import set_language

from probity.core.views import healthz

urlpatterns = [
    path("", include("probity.core.urls")),
    path("org/", include("probity.org.urls")),
    path("audit/", include("probity.audit.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]
