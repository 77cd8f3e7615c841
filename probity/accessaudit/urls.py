from django.urls import path

from probity.accessaudit import views

app_name = "accessaudit"

urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    path("alerts/export/", views.alert_export, name="alert_export"),
    path("alerts/decide/", views.alert_bulk_decide, name="alert_bulk_decide"),
    path("alerts/<uuid:code>/", views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:code>/decide/", views.alert_decide, name="alert_decide"),
    path("systems/", views.system_list, name="system_list"),
    path("systems/new/", views.system_create, name="system_create"),
    path("systems/<uuid:code>/", views.system_detail, name="system_detail"),
    path("systems/<uuid:code>/edit/", views.system_edit, name="system_edit"),
    path("systems/<uuid:code>/upload/", views.log_upload, name="log_upload"),
    path("systems/<uuid:code>/sources/", views.source_upload, name="source_upload"),
    path("systems/<uuid:code>/holidays/", views.holiday_calendar, name="holiday_calendar"),
    path("systems/<uuid:code>/run/", views.run_start, name="run_start"),
    path("systems/<uuid:code>/rules/", views.rule_settings, name="rule_settings"),
    path("systems/<uuid:code>/sample/", views.sample_draw, name="sample_draw"),
    path("systems/<uuid:code>/subjects/", views.subject_lookups, name="subject_lookups"),
    path("systems/<uuid:code>/users/<str:account>/", views.user_timeline, name="user_timeline"),
    path("systems/<uuid:code>/users/<str:account>/export/", views.user_timeline_export, name="user_timeline_export"),
    path("imports/<uuid:code>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:code>/progress/", views.import_progress, name="import_progress"),
    path("samples/<uuid:code>/", views.sample_detail, name="sample_detail"),
    path("samples/<uuid:code>/check/", views.sample_check, name="sample_check"),
    path("samples/<uuid:code>/export/", views.sample_export, name="sample_export"),
    path("samples/<uuid:code>/verify/", views.sample_verify, name="sample_verify"),
    path("samples/<uuid:code>/pool/", views.sample_pool, name="sample_pool"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<uuid:code>/", views.finding_detail, name="finding_detail"),
    path("findings/<uuid:code>/complaint/", views.finding_start_complaint, name="finding_start_complaint"),
    path("auditors/", views.auditor_list, name="auditor_list"),
]
