"""Choices and the one workflow table of a complaint (leaf module: imports nothing of the app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    LETTER = "letter", _("書面信函")
    PHONE = "phone", _("電話")
    EMAIL = "email", _("電子郵件")
    IN_PERSON = "in_person", _("親自到場")
    PORTAL = "portal", _("網路檢舉專區")
    TRANSFERRED = "transferred", _("他機關移送")
    MEDIA = "media", _("媒體報導")
    SELF_INITIATED = "self_initiated", _("主動發掘")


class Category(models.TextChoices):
    BRIBERY = "bribery", _("收賄")
    PROFITEERING = "profiteering", _("圖利")
    EMBEZZLEMENT = "embezzlement", _("侵占公款")
    PROCUREMENT = "procurement", _("採購弊端")
    FRAUD = "fraud", _("詐領")
    FORGERY = "forgery", _("偽造文書")
    LEAKING = "leaking", _("洩密")
    ETHICS_RULES = "ethics_rules", _("違反廉政倫理規範")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    RECEIVED = "received", _("已收件")
    ACCEPTED = "accepted", _("受理調查")
    INVESTIGATING = "investigating", _("查處中")
    ADMINISTRATIVE = "administrative", _("行政處理")
    CLEARED = "cleared", _("澄清結案")
    REFERRED = "referred", _("移請權責機關參處")
    FILED = "filed", _("列參")
    NOT_HANDLED = "not_handled", _("不予處理（登記存查）")


class Action(models.TextChoices):
    ACCEPT = "accept", _("受理調查")
    FILE = "file", _("列參")
    DECLINE = "decline", _("不予處理")
    INVESTIGATE = "investigate", _("開始查處")
    ADMINISTRATIVE = "administrative", _("行政處理結案")
    CLEAR = "clear", _("澄清結案")
    REFER = "refer", _("移請權責機關參處")
    REOPEN = "reopen", _("重新查處")


CLOSED = frozenset({Status.ADMINISTRATIVE, Status.CLEARED, Status.REFERRED, Status.FILED, Status.NOT_HANDLED})

# The workflow: action -> (states it may start from, state it leads to). Nothing else changes a status.
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    Action.ACCEPT: (frozenset({Status.RECEIVED}), Status.ACCEPTED),
    Action.FILE: (frozenset({Status.RECEIVED}), Status.FILED),
    Action.DECLINE: (frozenset({Status.RECEIVED}), Status.NOT_HANDLED),
    Action.INVESTIGATE: (frozenset({Status.ACCEPTED}), Status.INVESTIGATING),
    Action.ADMINISTRATIVE: (frozenset({Status.INVESTIGATING}), Status.ADMINISTRATIVE),
    Action.CLEAR: (frozenset({Status.INVESTIGATING}), Status.CLEARED),
    Action.REFER: (frozenset({Status.INVESTIGATING}), Status.REFERRED),
    Action.REOPEN: (CLOSED, Status.INVESTIGATING),
}

# What an action needs besides the actor: the referral needs the body, letter number and date; reopening a reason.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    Action.REFER: ("referred_to", "referral_doc_no", "referred_on"),
    Action.REOPEN: ("reason",),
}


class OutcomeClass(models.TextChoices):
    """The report's four classes of a complaint's state (三(一)); they add up to the complaints received."""

    ADMINISTRATIVE = "administrative", _("行政處理")
    CLEARED = "cleared", _("澄清結案（含列參及其他）")
    REFERRED = "referred", _("移請權責機關參處")
    OPEN = "open", _("查處中")


OUTCOME_CLASS: dict[str, str] = {
    Status.RECEIVED: OutcomeClass.OPEN,
    Status.ACCEPTED: OutcomeClass.OPEN,
    Status.INVESTIGATING: OutcomeClass.OPEN,
    Status.ADMINISTRATIVE: OutcomeClass.ADMINISTRATIVE,
    Status.CLEARED: OutcomeClass.CLEARED,
    Status.FILED: OutcomeClass.CLEARED,
    Status.NOT_HANDLED: OutcomeClass.CLEARED,
    Status.REFERRED: OutcomeClass.REFERRED,
}


def statuses_of(outcome_class: str) -> list[str]:
    return [status for status, klass in OUTCOME_CLASS.items() if klass == outcome_class]


class Origin(models.TextChoices):
    STAFF = "staff", _("政風人員登錄")
    PORTAL = "portal", _("民眾網路檢舉")
    IMPORT = "import", _("歷史資料匯入")


class MessageKind(models.TextChoices):
    FROM_COMPLAINANT = "from_complainant", _("檢舉人留言")
    REPLY = "reply", _("回覆檢舉人")
    NOTE = "note", _("內部註記（不對外顯示）")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("收件")
    TRANSITION = "transition", _("狀態變更")
    ASSIGNED = "assigned", _("指派承辦人")
    UNASSIGNED = "unassigned", _("解除承辦人")
    EXCLUDED = "excluded", _("利益迴避排除")
    IDENTITY_REVEALED = "identity_revealed", _("檢視檢舉人身分")
    IDENTITY_SEALED = "identity_sealed", _("登錄檢舉人身分")
    MESSAGE = "message", _("留言")
    NOTE_RETRACTED = "note_retracted", _("撤回內部註記")
    ATTACHMENT = "attachment", _("附件")
    ACKNOWLEDGED = "acknowledged", _("寄發受理通知")
    OUTCOME_NOTIFIED = "outcome_notified", _("寄發調查結果通知")
    PROSECUTOR_REFERRAL = "prosecutor_referral", _("函送司法機關參偵")
    DISCIPLINE = "discipline", _("議處")
    PROTECTION = "protection", _("檢舉人保護")
    STATEMENT_TAKEN = "statement_taken", _("製作檢舉筆錄")
    STATEMENT_READ = "statement_read", _("閱覽檢舉筆錄")
    STATEMENT_REVISED = "statement_revised", _("更正檢舉筆錄")
    STATEMENT_CONFIRMED = "statement_confirmed", _("檢舉人確認筆錄")


class StatementConfirmation(models.TextChoices):
    """How the complainant came to confirm a statement before signing it."""

    READ_BY_COMPLAINANT = "read_by_complainant", _("交檢舉人閱覽")
    READ_ALOUD = "read_aloud", _("向檢舉人朗讀")


class OffenceType(models.TextChoices):
    PROCUREMENT_ACT = "procurement_act", _("違反政府採購法")
    FRAUD = "fraud", _("詐欺")
    FORGERY = "forgery", _("偽造文書")
    CORRUPTION = "corruption", _("貪污治罪條例")
    OTHER = "other", _("其他")


class ProsecutionResult(models.TextChoices):
    INDICTED = "indicted", _("提起公訴")
    DEFERRED = "deferred", _("緩起訴")
    NOT_PROSECUTED = "not_prosecuted", _("不起訴")
    CONVICTED = "convicted", _("判決有罪")
    ACQUITTED = "acquitted", _("判決無罪")


# 提起公訴(含緩起訴): the results counted as indicted in 三(三).
INDICTED_RESULTS = (ProsecutionResult.INDICTED, ProsecutionResult.DEFERRED)


class DisciplineKind(models.TextChoices):
    DISMISSAL = "dismissal", _("免職")
    MAJOR_DEMERIT = "major_demerit", _("記大過")
    DEMERIT = "demerit", _("記過")
    REPRIMAND = "reprimand", _("申誡")
    ADMONITION = "admonition", _("書面警告")
    IMPEACHMENT = "impeachment", _("移付懲戒")


class RetaliationRisk(models.TextChoices):
    """How likely the complainant is to suffer for the complaint, as the handler judges it at intake."""

    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")


class RiskFactor(models.TextChoices):
    """What makes retaliation likely (ISO 37002 8.3.2; 公益揭弊者保護法's 不利人事措施)."""

    SUBORDINATE = "subordinate", _("檢舉人是被檢舉人的部屬")
    PERSONNEL_POWER = "personnel_power", _("被檢舉人對檢舉人握有考績、調動等人事權")
    IDENTIFIABLE = "identifiable", _("檢舉內容可推知檢舉人身分")
    THREATENED = "threatened", _("檢舉人已受威脅或騷擾")
    SMALL_UNIT = "small_unit", _("單位人數少，易被識別")


class ProtectionResult(models.TextChoices):
    """What a protection check found."""

    NONE = "none", _("未發現不利情事")
    ADVERSE_MEASURE = "adverse_measure", _("疑有不利人事措施")
    THREAT = "threat", _("人身安全或騷擾疑慮")


# Days between protection checks, by risk; the watch runs until a clear check a year after the case closed.
CHECK_INTERVAL_DAYS = {RetaliationRisk.LOW: 90, RetaliationRisk.MEDIUM: 90, RetaliationRisk.HIGH: 30}
WATCH_AFTER_CLOSURE_DAYS = 365
