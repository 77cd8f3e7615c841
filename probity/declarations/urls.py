from django.urls import path

from probity.declarations import views

app_name = "declarations"

urlpatterns = [
    path("", views.declaration_list, name="declaration_list"),
    path("declarants/", views.declarant_list, name="declarant_list"),
    path("declarants/new/", views.declarant_create, name="declarant_create"),
    path("declarants/due/", views.due_list, name="due_list"),
    path("declarants/<uuid:code>/", views.declarant_detail, name="declarant_detail"),
    path("declarants/<uuid:code>/edit/", views.declarant_edit, name="declarant_edit"),
    path("declarants/<uuid:code>/declare/", views.declaration_create, name="declaration_create"),
    path("declarants/<uuid:code>/compare/", views.declarant_compare, name="declarant_compare"),
    path("declarations/<uuid:code>/", views.declaration_detail, name="declaration_detail"),
    path("declarations/<uuid:code>/items/new/", views.item_create, name="item_create"),
    path("declarations/<uuid:code>/formal-check/", views.formal_check, name="formal_check"),
    path("declarations/<uuid:code>/case-review/", views.case_review_create, name="case_review_create"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/edit/", views.policy_edit, name="policy_edit"),
    path("draws/", views.draw_list, name="draw_list"),
    path("draws/prepare/", views.draw_prepare, name="draw_prepare"),
    path("draws/<uuid:code>/", views.draw_detail, name="draw_detail"),
    path("draws/<uuid:code>/publish/", views.draw_publish, name="draw_publish"),
    path("draws/<uuid:code>/run/", views.draw_run, name="draw_run"),
    path("draws/<uuid:code>/compare/", views.draw_compare, name="draw_compare"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<uuid:code>/", views.review_detail, name="review_detail"),
    path("reviews/<uuid:code>/<slug:step>/", views.review_step, name="review_step"),
    path("comparisons/", views.comparison_list, name="comparison_list"),
    path("comparisons/<uuid:code>/", views.comparison_detail, name="comparison_detail"),
    path("comparisons/<uuid:code>/chart.svg", views.comparison_chart, name="comparison_chart"),
    path(
        "comparisons/<uuid:code>/results/<int:result>/review/",
        views.comparison_review_create,
        name="comparison_review_create",
    ),
]
