"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "activities.meeting.created": pgettext_lazy("audit event", "新增會報"),
        "activities.meeting.updated": pgettext_lazy("audit event", "修改會報"),
        "activities.meeting.bulk_recorded": pgettext_lazy("audit event", "批次登錄會報"),
        "activities.proposal.added": pgettext_lazy("audit event", "新增提案"),
        "activities.proposal.updated": pgettext_lazy("audit event", "修改提案"),
        "activities.proposal.bulk_recorded": pgettext_lazy("audit event", "批次登錄提案"),
        "activities.outreach.created": pgettext_lazy("audit event", "新增宣導"),
        "activities.outreach.updated": pgettext_lazy("audit event", "修改宣導"),
        "activities.outreach.bulk_recorded": pgettext_lazy("audit event", "批次登錄宣導"),
        "activities.inspection.created": pgettext_lazy("audit event", "新增檢查"),
        "activities.inspection.updated": pgettext_lazy("audit event", "修改檢查"),
        "activities.inspection.bulk_recorded": pgettext_lazy("audit event", "批次登錄檢查"),
        "activities.inspection.checklist_started": pgettext_lazy("audit event", "開始檢查表"),
        "activities.inspection.checked": pgettext_lazy("audit event", "填寫檢查表"),
        "activities.inspection.followed_up": pgettext_lazy("audit event", "登錄改善追蹤"),
        "activities.inspection.close": pgettext_lazy("audit event", "檢查結案"),
        "activities.inspection.reopen": pgettext_lazy("audit event", "檢查重新追蹤"),
        "activities.inspectionfollowup.bulk_recorded": pgettext_lazy("audit event", "批次登錄改善追蹤"),
        "activities.checklist_item.created": pgettext_lazy("audit event", "新增查核項目"),
        "activities.checklist_item.updated": pgettext_lazy("audit event", "修改查核項目"),
        "activities.protest_alert.created": pgettext_lazy("audit event", "新增陳抗情資"),
        "activities.protest_alert.updated": pgettext_lazy("audit event", "修改陳抗情資"),
        "activities.protestalert.bulk_recorded": pgettext_lazy("audit event", "批次登錄陳抗情資"),
    }
)
