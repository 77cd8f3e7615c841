"""The words for the audit trail's own verbs and for the import framework's (``core.imports``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "audit.chain.anchored": pgettext_lazy("audit event", "保存稽核軌跡錨點"),
        "audit.events.export": pgettext_lazy("audit event", "匯出稽核軌跡"),
        "audit.events.subject": pgettext_lazy("audit event", "依當事人統號查詢稽核軌跡"),
        "import.succeeded": pgettext_lazy("audit event", "匯入資料"),
        "import.rejected": pgettext_lazy("audit event", "匯入資料失敗（未寫入）"),
    }
)
