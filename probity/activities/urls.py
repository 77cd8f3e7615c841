from django.urls import path

from probity.activities import views

app_name = "activities"


def _record_urls(prefix: str, record_type) -> list:
    handlers = views.views_for(record_type)
    name = record_type.name
    return [
        path(f"{prefix}/", handlers["list"], name=f"{name}_list"),
        path(f"{prefix}/new/", handlers["create"], name=f"{name}_create"),
        path(f"{prefix}/export/<str:fmt>/", handlers["export"], name=f"{name}_export"),
        path(f"{prefix}/<uuid:code>/", handlers["detail"], name=f"{name}_detail"),
        path(f"{prefix}/<uuid:code>/edit/", handlers["edit"], name=f"{name}_edit"),
    ]


urlpatterns = [
    *_record_urls("meetings", views.MEETINGS),
    *_record_urls("outreach", views.OUTREACH),
    path("inspections/confidentiality/", views.confidentiality_coverage, name="confidentiality_coverage"),
    path("inspections/checklists/", views.checklist_items, name="checklist_items"),
    path("inspections/checklists/new/", views.checklist_item_form, name="checklist_item_create"),
    path("inspections/checklists/<uuid:code>/edit/", views.checklist_item_form, name="checklist_item_edit"),
    *_record_urls("inspections", views.INSPECTIONS),
    *_record_urls("alerts", views.ALERTS),
    path("meetings/<uuid:code>/proposals/new/", views.proposal_add, name="proposal_add"),
    path("proposals/export/<str:fmt>/", views.proposal_export, name="proposal_export"),
    path("proposals/<uuid:code>/edit/", views.proposal_edit, name="proposal_edit"),
    path("inspections/<uuid:code>/follow-up/", views.inspection_follow_up, name="inspection_follow_up"),
    path("inspections/<uuid:code>/transition/", views.inspection_transition, name="inspection_transition"),
    path("inspections/<uuid:code>/checklist/", views.checklist_record, name="checklist_record"),
    path("inspections/<uuid:code>/checklist/start/", views.checklist_start, name="checklist_start"),
    path("inspections/<uuid:code>/checklist/export/<str:fmt>/", views.checklist_export, name="checklist_export"),
]
