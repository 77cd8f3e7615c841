"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels
from probity.complaints.enums import Action, MessageKind

event_labels(
    {
        "complaints.complaint.received": pgettext_lazy("audit event", "收件登錄檢舉案"),
        "complaints.complaint.historical_registered": pgettext_lazy("audit event", "登錄歷史檢舉案"),
        "complaints.complaint.acknowledged": pgettext_lazy("audit event", "通知檢舉人已受理"),
        "complaints.complaint.outcome_notified": pgettext_lazy("audit event", "通知檢舉人處理結果"),
        # A move along the workflow: the action's own label (受理調查, 列參…).
        **{f"complaints.complaint.{action.value}": action.label for action in Action},
        "complaints.attachment.added": pgettext_lazy("audit event", "新增附件"),
        "complaints.handler.assigned": pgettext_lazy("audit event", "指派承辦人"),
        "complaints.handler.unassigned": pgettext_lazy("audit event", "解除承辦人"),
        "complaints.user.excluded": pgettext_lazy("audit event", "排除人員於本案之外"),
        "complaints.identity.sealed": pgettext_lazy("audit event", "密封檢舉人身分"),
        "complaints.identity.keys_rotated": pgettext_lazy("audit event", "更換身分加密金鑰"),
        "complaints.statement.taken": pgettext_lazy("audit event", "製作檢舉筆錄"),
        "complaints.statement.revised": pgettext_lazy("audit event", "修正檢舉筆錄"),
        "complaints.statement.confirmed": pgettext_lazy("audit event", "檢舉人確認筆錄"),
        **{f"complaints.message.{kind.value}": kind.label for kind in MessageKind},
        "complaints.message.retracted": pgettext_lazy("audit event", "撤回訊息"),
        "complaints.prosecutor_referral.created": pgettext_lazy("audit event", "函送司法機關參偵"),
        "complaints.prosecution_outcome.recorded": pgettext_lazy("audit event", "登錄偵審結果"),
        "complaints.discipline.recorded": pgettext_lazy("audit event", "登錄議處"),
        "complaints.protection.opened": pgettext_lazy("audit event", "開始追蹤檢舉人保護"),
        "complaints.protection.checked": pgettext_lazy("audit event", "登錄保護追蹤紀錄"),
        "complaints.protection.revised": pgettext_lazy("audit event", "重新評估遭報復風險"),
    }
)
event_labels(
    {
        "complaints.identity.revealed": pgettext_lazy("audit event", "調閱檢舉人身分"),
        "complaints.statement.read": pgettext_lazy("audit event", "調閱檢舉筆錄"),
        "complaints.complaint.printed": pgettext_lazy("audit event", "列印檢舉案件處理單"),
    },
    reads=True,
)
