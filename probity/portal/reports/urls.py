from django.urls import path

from probity.portal.reports import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<uuid:code>/", views.report_detail, name="report_detail"),
    path("<uuid:code>/report.<str:fmt>", views.report_download, name="report_download"),
]
