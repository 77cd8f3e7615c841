"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.accessaudit.enums import JobStatus
from probity.accessaudit.forms import rule_setting_changes
from probity.analytics.rules import RuleSettingsError
from probity.audit.history import Change, change_describers, event_labels

IMPORT_LABELS = {
    JobStatus.QUEUED: pgettext_lazy("audit event", "紀錄檔匯入排隊"),
    JobStatus.RUNNING: pgettext_lazy("audit event", "紀錄檔匯入開始"),
    JobStatus.SUCCEEDED: pgettext_lazy("audit event", "紀錄檔匯入完成"),
    JobStatus.FAILED: pgettext_lazy("audit event", "紀錄檔匯入失敗"),
    JobStatus.SKIPPED: pgettext_lazy("audit event", "紀錄檔已匯入過，略過"),
}
RUN_LABELS = {
    JobStatus.QUEUED: pgettext_lazy("audit event", "稽核執行排隊"),
    JobStatus.RUNNING: pgettext_lazy("audit event", "稽核執行開始"),
    JobStatus.SUCCEEDED: pgettext_lazy("audit event", "稽核執行完成"),
    JobStatus.FAILED: pgettext_lazy("audit event", "稽核執行失敗"),
    JobStatus.SKIPPED: pgettext_lazy("audit event", "稽核執行略過"),
}
# Every page or export that shows log data leaves one of these (domain.record_log_view).
LOG_VIEW_LABELS = {
    "alerts": pgettext_lazy("audit event", "檢視警示清單"),
    "alerts_export": pgettext_lazy("audit event", "匯出警示清單"),
    "alert": pgettext_lazy("audit event", "檢視警示"),
    "timeline": pgettext_lazy("audit event", "檢視帳號查閱歷程"),
    "timeline_export": pgettext_lazy("audit event", "匯出帳號查閱歷程"),
    "subject": pgettext_lazy("audit event", "查詢當事人被查閱紀錄"),
    "subject_export": pgettext_lazy("audit event", "匯出當事人被查閱紀錄"),
    "sample": pgettext_lazy("audit event", "檢視抽查樣本"),
    "sample_export": pgettext_lazy("audit event", "匯出抽查樣本"),
    "sample_verify": pgettext_lazy("audit event", "驗證抽查樣本"),
    "sample_pool": pgettext_lazy("audit event", "下載抽查母體"),
    "finding": pgettext_lazy("audit event", "檢視不當查閱確認結果"),
    "findings_export": pgettext_lazy("audit event", "匯出不當查閱確認結果"),
}

event_labels(
    {
        "accessaudit.system.register": pgettext_lazy("audit event", "登錄受監控系統"),
        "accessaudit.system.update": pgettext_lazy("audit event", "修改受監控系統"),
        "accessaudit.system.rules": pgettext_lazy("audit event", "調整稽核規則"),
        "accessaudit.source.import": pgettext_lazy("audit event", "匯入來源資料"),
        "accessaudit.import.queue": pgettext_lazy("audit event", "排入紀錄檔匯入"),
        **{f"accessaudit.import.{status.value}": label for status, label in IMPORT_LABELS.items()},
        "accessaudit.run.start": pgettext_lazy("audit event", "開始稽核執行"),
        **{f"accessaudit.run.{status.value}": label for status, label in RUN_LABELS.items()},
        "accessaudit.alert.bulk_create": pgettext_lazy("audit event", "產生警示"),
        "accessaudit.alert.decide": pgettext_lazy("audit event", "判定警示"),
        "accessaudit.finding.open": pgettext_lazy("audit event", "開立不當查閱確認結果"),
        "accessaudit.finding.feed": pgettext_lazy("audit event", "併入不當查閱確認結果"),
        "accessaudit.finding.link_inspection": pgettext_lazy("audit event", "連結資訊系統使用稽核"),
        "accessaudit.finding.start_complaint": pgettext_lazy("audit event", "立檢舉案件（主動發掘）"),
        "accessaudit.sample.draw": pgettext_lazy("audit event", "抽出抽查樣本"),
        "accessaudit.sample.check": pgettext_lazy("audit event", "核對抽查樣本"),
        "accessaudit.sample.recheck": pgettext_lazy("audit event", "重新核對抽查樣本"),
        "accessaudit.sample.link_inspection": pgettext_lazy("audit event", "抽查連結檢查"),
        "accessaudit.auditor.designate": pgettext_lazy("audit event", "指定稽核人員"),
        "accessaudit.auditor.revoke": pgettext_lazy("audit event", "取消指定稽核人員"),
        "accessaudit.logdata.purge": pgettext_lazy("audit event", "刪除逾保存期限的紀錄檔"),
        "accessaudit.logdata.rekey": pgettext_lazy("audit event", "重建紀錄檔索引鍵"),
    }
)
event_labels({f"accessaudit.logdata.view.{what}": label for what, label in LOG_VIEW_LABELS.items()}, reads=True)


def _rule_changes(data: dict) -> list[Change]:
    """A change of rule settings, setting by setting. Events recorded before the previous settings were kept
    have no ``before``, and settings a later release no longer takes cannot be compared: those say only that
    the rules were adjusted (the trail keeps their data as it was)."""
    if "before" not in data:
        return []
    try:
        changes = rule_setting_changes(data["before"], data["rule_settings"])
    except RuleSettingsError:
        return []
    return [Change(what, old, new) for what, old, new in changes]


change_describers({"accessaudit.system.rules": _rule_changes})
