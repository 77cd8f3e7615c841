from django.urls import path

from probity.portal.disclosures import views

urlpatterns = [
    path("", views.disclosure_list, name="disclosure_list"),
    path("<uuid:code>/", views.disclosure_detail, name="disclosure_detail"),
]
