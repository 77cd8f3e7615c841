"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "prevention.audit.created": pgettext_lazy("audit event", "新增專案稽核"),
        "prevention.audit.updated": pgettext_lazy("audit event", "修改專案稽核"),
        "prevention.recommendation.added": pgettext_lazy("audit event", "新增稽核建議"),
        "prevention.recommendation.tracked": pgettext_lazy("audit event", "追蹤稽核建議"),
        "prevention.action.created": pgettext_lazy("audit event", "新增預警及導正作為"),
        "prevention.action.updated": pgettext_lazy("audit event", "修改預警及導正作為"),
        "prevention.reprevention.created": pgettext_lazy("audit event", "新增再防貪報告"),
        "prevention.reprevention.updated": pgettext_lazy("audit event", "修改再防貪報告"),
        "prevention.platform.created": pgettext_lazy("audit event", "新增廉政平臺"),
        "prevention.platform.updated": pgettext_lazy("audit event", "修改廉政平臺"),
        "prevention.platform.meeting_added": pgettext_lazy("audit event", "新增平臺會議"),
        "prevention.platform.notice_added": pgettext_lazy("audit event", "新增平臺資訊公開"),
        "prevention.highlight.created": pgettext_lazy("audit event", "新增廉潔教育成果"),
        "prevention.highlight.updated": pgettext_lazy("audit event", "修改廉潔教育成果"),
        "prevention.selection.opened": pgettext_lazy("audit event", "開始廉潔楷模選拔"),
        "prevention.selection.advanced": pgettext_lazy("audit event", "選拔進入下一階段"),
        "prevention.nomination.created": pgettext_lazy("audit event", "新增廉潔楷模推薦"),
        "prevention.nomination.reviewed": pgettext_lazy("audit event", "審查廉潔楷模推薦"),
        "prevention.matrix.created": pgettext_lazy("audit event", "新增風險矩陣"),
        "prevention.risk.created": pgettext_lazy("audit event", "新增廉政風險"),
        "prevention.risk.updated": pgettext_lazy("audit event", "修改廉政風險"),
        "prevention.risk.reviewed": pgettext_lazy("audit event", "檢視廉政風險"),
    }
)
