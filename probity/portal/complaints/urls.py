from django.urls import path

from probity.portal.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_new, name="new"),
    path("follow/", views.follow, name="follow"),
    path("case/", views.case, name="case"),
    path("case/message/", views.case_message, name="message"),
    path("case/evidence/", views.case_evidence, name="evidence"),
    path("case/leave/", views.leave, name="leave"),
    path("proof/", views.proof_check, name="proof_check"),
    path("proof/download/", views.proof_download, name="proof_download"),
]
