"""Public pages, no login. Each area keeps its own URL module and views."""

from django.urls import include, path

from probity.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("complaints/", include("probity.portal.complaints.urls")),
    path("disclosures/", include("probity.portal.disclosures.urls")),
    path("platforms/", include("probity.portal.platforms.urls")),
    path("draws/", include("probity.portal.draws.urls")),
    path("reports/", include("probity.portal.reports.urls")),
]
