from django.urls import path

from probity.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/period/", views.dashboard_period, name="dashboard_period"),
    path("search/", views.record_search, name="search"),
    path("imports/", views.import_index, name="import_index"),
    path("imports/runs/<uuid:code>/", views.import_run, name="import_run"),
    path("imports/runs/<uuid:code>/end/", views.import_run_end, name="import_run_end"),
    path("imports/<slug:key>/", views.import_upload, name="import_upload"),
    path("imports/<slug:key>/template.xlsx", views.import_template, name="import_template"),
    path("system/checks/", views.selfchecks, name="selfchecks"),
]
