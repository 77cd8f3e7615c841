"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "reports.template.created": pgettext_lazy("audit event", "新增報告範本"),
        "reports.template.version_saved": pgettext_lazy("audit event", "儲存範本版本"),
        "reports.report.built": pgettext_lazy("audit event", "建置報告"),
        "reports.report.published": pgettext_lazy("audit event", "發布報告"),
        "reports.highlight.created": pgettext_lazy("audit event", "新增工作重點"),
        "reports.highlight.updated": pgettext_lazy("audit event", "修改工作重點"),
        "reports.highlight.selected": pgettext_lazy("audit event", "選入報告的工作重點"),
        "reports.highlight.unselected": pgettext_lazy("audit event", "移出報告的工作重點"),
    }
)
