from django.urls import path

from probity.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("indicators/", views.indicators, name="indicators"),
    path("dashboard/charts/", views.dashboard_charts, name="dashboard_charts"),
    path("indicators/annex.<str:fmt>", views.annex_download, name="annex_download"),
    path("records/<str:key>/", views.records, name="records"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/preview/", views.template_preview, name="template_preview"),
    path("templates/<uuid:code>/", views.template_edit, name="template_edit"),
    path("templates/versions/<uuid:code>/", views.version_detail, name="version_detail"),
    path("highlights/", views.highlight_list, name="highlight_list"),
    path("highlights/new/", views.highlight_create, name="highlight_create"),
    path("highlights/<uuid:code>/", views.highlight_edit, name="highlight_edit"),
    path("highlights/<uuid:code>/choose/", views.highlight_choose, name="highlight_choose"),
    path("built/<uuid:code>/", views.report_detail, name="report_detail"),
    path("built/<uuid:code>/report.<str:fmt>", views.report_download, name="report_download"),
    path("built/<uuid:code>/annex.<str:fmt>", views.report_annex, name="report_annex"),
    path("built/<uuid:code>/publish/", views.report_publish, name="report_publish"),
    path("printouts/<slug:key>/<uuid:code>/", views.printout, name="printout"),
    path("printouts/<slug:key>/<uuid:code>/download.<str:fmt>", views.printout_download, name="printout_download"),
]
