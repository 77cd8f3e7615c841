from django.urls import path

from probity.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("export/", views.complaint_export, name="export"),
    path("new/", views.complaint_create, name="create"),
    path("due/", views.due_list, name="due"),
    path("<uuid:code>/", views.complaint_detail, name="detail"),
    path("<uuid:code>/transition/", views.complaint_transition, name="transition"),
    path("<uuid:code>/assign/", views.complaint_assign, name="assign"),
    path("<uuid:code>/unassign/", views.complaint_unassign, name="unassign"),
    path("<uuid:code>/exclude/", views.complaint_exclude, name="exclude"),
    path("<uuid:code>/reveal/", views.identity_reveal, name="reveal"),
    path("<uuid:code>/identity/", views.identity_seal, name="identity"),
    path("<uuid:code>/statements/", views.statement_take, name="statement_take"),
    path("<uuid:code>/statements/<uuid:statement>/read/", views.statement_read, name="statement_read"),
    path("<uuid:code>/statements/<uuid:statement>/revise/", views.statement_revise, name="statement_revise"),
    path("<uuid:code>/statements/<uuid:statement>/confirm/", views.statement_confirm, name="statement_confirm"),
    path("<uuid:code>/message/", views.complaint_message, name="message"),
    path("<uuid:code>/messages/<uuid:message>/retract/", views.message_retract, name="message_retract"),
    path("<uuid:code>/attach/", views.complaint_attach, name="attach"),
    path("<uuid:code>/notice/", views.complaint_notice, name="notice"),
    path("<uuid:code>/discipline/", views.discipline_add, name="discipline_add"),
    path("<uuid:code>/refer/", views.referral_create, name="refer"),
    path("<uuid:code>/protection/", views.protection_open, name="protection_open"),
    path("<uuid:code>/protection/check/", views.protection_check, name="protection_check"),
    path("<uuid:code>/protection/revise/", views.protection_revise, name="protection_revise"),
    path("protection/", views.protection_list, name="protection_list"),
    path("statements/", views.statement_list, name="statement_list"),
    path("attachments/<uuid:code>/", views.attachment_download, name="attachment"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<uuid:code>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:code>/outcome/", views.prosecution_add, name="prosecution_add"),
    path("discipline/", views.discipline_list, name="discipline_list"),
]
