from django.urls import path

from probity.conflicts import views

app_name = "conflicts"

urlpatterns = [
    path("recusals/", views.recusal_list, name="recusal_list"),
    path("recusals/new/", views.recusal_create, name="recusal_create"),
    path("recusals/<uuid:code>/", views.recusal_detail, name="recusal_detail"),
    path("recusals/<uuid:code>/edit/", views.recusal_edit, name="recusal_edit"),
    path("rollups/", views.rollup_index, name="rollup_index"),
    path("rollups/<int:year>/", views.rollup, name="rollup"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("disclosures/to-publish/", views.disclosures_due, name="disclosures_due"),
    path("disclosures/<uuid:code>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<uuid:code>/edit/", views.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<uuid:code>/publish/", views.disclosure_publish, name="disclosure_publish"),
]
