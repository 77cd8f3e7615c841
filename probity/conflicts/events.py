"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "conflicts.recusal.recorded": pgettext_lazy("audit event", "登錄迴避案件"),
        "conflicts.recusal.updated": pgettext_lazy("audit event", "修改迴避案件"),
        "conflicts.rollup.submitted": pgettext_lazy("audit event", "送出迴避案件年度彙報"),
        "conflicts.disclosure.recorded": pgettext_lazy("audit event", "登錄身分關係揭露"),
        "conflicts.disclosure.updated": pgettext_lazy("audit event", "修改身分關係揭露"),
        "conflicts.disclosure.published": pgettext_lazy("audit event", "公開身分關係揭露"),
    }
)
