from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    USERS = "users", _("系統使用者與人員對照")
    SUBJECTS = "subjects", _("當事人資料")
    EXPLANATIONS = "explanations", _("案件指派與查詢登記")
    RELATIVES = "relatives", _("親屬資料")
    HOLIDAYS = "holidays", _("假日表")


# Where a declared relation comes from, as relative alerts name it, and the relations declarations hold.
DECLARED_BASIS = "財產申報之親屬資料"
RELATION_WORDS = {"spouse": "配偶", "child": "子女"}


class LookupAction(models.TextChoices):
    """The canonical actions of a lookup (probity.analytics.schema.ACTIONS), as pages name them."""

    # A context of their own: the portal's 查詢 button ("Check") must not name a lookup's action.
    QUERY = "query", pgettext_lazy("lookup action", "查詢")
    PRINT = "print", pgettext_lazy("lookup action", "列印")
    EXPORT = "export", pgettext_lazy("lookup action", "匯出")


def action_label(value: str) -> str:
    """查詢, 列印, 匯出 for the stored query, print, export; any other word as the log wrote it."""
    try:
        return str(LookupAction(value).label)
    except ValueError:
        return value


# The explanation kinds the register and case files use. A file may use other words; they show as written.
EXPLANATION_KINDS = {
    "案件指派": pgettext_lazy("explanation kind", "案件指派"),
    "查詢登記": pgettext_lazy("explanation kind", "查詢登記"),
}


def explanation_kind_label(value: str | None) -> str:
    """案件指派 or 查詢登記 in the page's language; any other kind as the file wrote it."""
    return str(EXPLANATION_KINDS.get(value, value or "—"))


class CheckResult(models.TextChoices):
    """The manual check of a sampled lookup against the query register (查詢紀錄簿) and case files."""

    MATCHED = "matched", _("相符，有查詢依據")
    MISMATCH = "mismatch", _("不符，查無依據")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排隊中")
    RUNNING = "running", _("執行中")
    SUCCEEDED = "succeeded", _("完成")
    FAILED = "failed", _("失敗")
    SKIPPED = "skipped", _("已匯入過，略過")


class Decision(models.TextChoices):
    OPEN = "open", _("待審查")
    JUSTIFIED = "justified", _("查有正當事由")
    MISUSE = "misuse", _("確認不當查閱")
    INQUIRY = "inquiry", _("需進一步查證")


# The triage workflow: which decision may follow which.
DECISION_TRANSITIONS: dict[str, set[str]] = {
    Decision.OPEN: {Decision.JUSTIFIED, Decision.MISUSE, Decision.INQUIRY},
    Decision.INQUIRY: {Decision.JUSTIFIED, Decision.MISUSE},
    Decision.JUSTIFIED: set(),
    Decision.MISUSE: set(),
}

RULE_CHOICES = [
    ("unexplained", _("無事由或無案可稽之查閱")),
    ("relationship", _("查閱本人、同仁、同戶或親屬、重要人士")),
    ("offhours", _("下班時間或假日查閱")),
    ("volume", _("單日查閱量異常")),
    ("area", _("首次查閱轄區外當事人")),
    ("bulk", _("批次匯出或列印")),
    ("repeat", _("重複發生")),
    ("sample", _("抽查核對不符")),
]
# The rule name of alerts raised by hand: a sampled lookup that its manual check found unjustified.
SAMPLE_RULE = "sample"
# What each rule finds, as the queue names and filters it: (rule, kind, label).
ALERT_KINDS = [
    ("unexplained", "no_explanation", _("無案可稽")),
    ("unexplained", "no_reason", _("未填事由")),
    ("unexplained", "unknown_document", _("事由非登記文號")),
    ("relationship", "self", _("查閱本人")),
    ("relationship", "coworker", _("查閱同仁")),
    ("relationship", "household", _("查閱同戶者")),
    ("relationship", "relative", _("查閱親屬")),
    ("relationship", "vip", _("查閱重要人士")),
    ("offhours", "night", _("下班時間")),
    ("offhours", "weekend", _("週末")),
    ("offhours", "holiday", _("放假日")),
    ("volume", "daily_volume", _("單日量異常")),
    ("area", "outside_area", _("轄區外首次查閱")),
    ("bulk", "print", _("大量列印")),
    ("bulk", "export", _("大量匯出")),
    ("repeat", "repeat", _("多日重複")),
    ("repeat", "prior_offender", _("曾確認不當查閱")),
    (SAMPLE_RULE, "mismatch", _("抽查不符")),
]
KIND_LABELS = {kind: label for _rule, kind, label in ALERT_KINDS}


def kind_choices() -> list:
    """The kinds grouped under their rules, for a select's option groups."""
    rules = dict(RULE_CHOICES)
    groups: dict[str, list] = {}
    for rule, kind, label in ALERT_KINDS:
        groups.setdefault(rule, []).append((kind, label))
    return [(rules[rule], kinds) for rule, kinds in groups.items()]
