from django.urls import path

from probity.portal.draws import views

urlpatterns = [
    path("", views.draw_list, name="draw_list"),
    path("verify_draw.py", views.verifier, name="draw_verifier"),
    path("<uuid:code>/", views.draw_detail, name="draw_detail"),
    path("<uuid:code>/draw.json", views.draw_file, name="draw_file"),
]
