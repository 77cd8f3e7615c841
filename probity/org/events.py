"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "org.agency.created": pgettext_lazy("audit event", "新增機關"),
        "org.agency.updated": pgettext_lazy("audit event", "修改機關"),
        "org.unit.created": pgettext_lazy("audit event", "新增政風機構"),
        "org.unit.updated": pgettext_lazy("audit event", "修改政風機構"),
        "org.staff.created": pgettext_lazy("audit event", "新增人員"),
        "org.staff.updated": pgettext_lazy("audit event", "修改人員"),
        "org.staff.password_set": pgettext_lazy("audit event", "設定人員密碼"),
        "org.staff.password_changed": pgettext_lazy("audit event", "變更密碼"),
        "org.staff.otp_enrolled": pgettext_lazy("audit event", "設定兩步驟驗證"),
        "org.staff.otp_failed": pgettext_lazy("audit event", "兩步驟驗證碼錯誤"),
        "org.staff.dashboard_period": pgettext_lazy("audit event", "變更首頁統計期間"),
    }
)
