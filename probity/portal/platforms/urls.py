from django.urls import path

from probity.portal.platforms import views

urlpatterns = [
    path("", views.platform_list, name="platform_list"),
    path("<uuid:code>/", views.platform_detail, name="platform_detail"),
]
