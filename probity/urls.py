from django.urls import include, path
from django.views.i18n import set_language

from probity.core.views import healthz

urlpatterns = [
    path("", include("probity.core.urls")),
    path("org/", include("probity.org.urls")),
    path("audit/", include("probity.audit.urls")),
    path("activities/", include("probity.activities.urls")),
    path("prevention/", include("probity.prevention.urls")),
    path("conflicts/", include("probity.conflicts.urls")),
    path("declarations/", include("probity.declarations.urls")),
    path("complaints/", include("probity.complaints.urls")),
    path("accessaudit/", include("probity.accessaudit.urls")),
    path("reports/", include("probity.reports.urls")),
    path("portal/", include("probity.portal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]
