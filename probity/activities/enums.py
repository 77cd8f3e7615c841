"""Choices and the inspection workflow of the activities app (a leaf: imports nothing of the app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    """A meeting may be of both kinds when held jointly (廉政會報暨安全維護會報)."""

    INTEGRITY = "integrity", _("廉政會報")
    SECURITY = "security", _("安全維護會報")


class ProposalType(models.TextChoices):
    REPORT = "report", _("報告案")
    PROPOSAL = "proposal", _("提案")
    THEMATIC = "thematic", _("專題報告")


class ProposalStatus(models.TextChoices):
    TRACKING = "tracking", _("繼續列管")
    CLOSED = "closed", _("解除列管")


class OutreachTopic(models.TextChoices):
    INTEGRITY = "integrity", _("廉政")
    ASSET_DECLARATION = "asset_declaration", _("財產申報")
    CONFLICT_OF_INTEREST = "conflict_of_interest", _("利益衝突迴避")
    CONFIDENTIALITY = "confidentiality", _("公務機密維護")
    SECURITY = "security", _("機關安全維護")
    OTHER = "other", _("其他")


class OutreachForm(models.TextChoices):
    BRIEFING = "briefing", _("說明會")
    LECTURE = "lecture", _("講習")
    CAMPAIGN = "campaign", _("宣導活動")
    MEDIA = "media", _("媒體宣導")
    ONLINE = "online", _("線上宣導")


class InspectionKind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("公務機密維護檢查")
    INFORMATION_SYSTEM = "information_system", _("資訊系統使用管理稽核")
    CLASSIFIED_DOCUMENTS = "classified_documents", _("機密文書保管檢查")
    SECURITY = "security", _("安全維護檢查")


class InspectionStatus(models.TextChoices):
    FOLLOWING_UP = "following_up", _("追蹤改善中")
    CLOSED = "closed", _("已結案")


class InspectionAction(models.TextChoices):
    CLOSE = "close", _("結案")
    REOPEN = "reopen", _("重新追蹤")


# The inspection workflow: (state, action) -> next state. Nothing else changes the status.
INSPECTION_TRANSITIONS: dict[tuple[str, str], str] = {
    (InspectionStatus.FOLLOWING_UP, InspectionAction.CLOSE): InspectionStatus.CLOSED,
    (InspectionStatus.CLOSED, InspectionAction.REOPEN): InspectionStatus.FOLLOWING_UP,
}


class CheckResult(models.TextChoices):
    """The answer to one checklist question; a question not yet answered has none."""

    CONFORMING = "conforming", _("符合")
    DEFICIENT = "deficient", _("不符合")
    NOT_APPLICABLE = "not_applicable", _("不適用")


class AlertSource(models.TextChoices):
    BUSINESS_UNIT = "business_unit", _("業務單位")
    MEDIA = "media", _("媒體網路")
    POLICE = "police", _("警察機關")
    PETITION = "petition", _("陳情文件")
    OTHER = "other", _("其他")


class AlertOutcome(models.TextChoices):
    PENDING = "pending", _("持續掌握中")
    DEFUSED = "defused", _("協助疏處")
    TOOK_PLACE = "took_place", _("陳抗已發生")
    CANCELLED = "cancelled", pgettext_lazy("status", "取消")
