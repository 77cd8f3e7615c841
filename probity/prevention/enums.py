"""Choices and transition tables of the prevention app (a leaf: imports nothing of the app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", _("追蹤中")
    ADOPTED = "adopted", _("已採納")
    REJECTED = "rejected", _("未採納")
    OVERDUE = "overdue", _("逾期未回復")


# Which status a recommendation may move to from each status. Adopted and rejected are final;
# an overdue recommendation can still be answered late.
RECOMMENDATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RecommendationStatus.PENDING: frozenset(
        {RecommendationStatus.ADOPTED, RecommendationStatus.REJECTED, RecommendationStatus.OVERDUE}
    ),
    RecommendationStatus.OVERDUE: frozenset({RecommendationStatus.ADOPTED, RecommendationStatus.REJECTED}),
    RecommendationStatus.ADOPTED: frozenset(),
    RecommendationStatus.REJECTED: frozenset(),
}


class ActionKind(models.TextChoices):
    EARLY_WARNING = "early_warning", _("預警")
    CORRECTIVE = "corrective", _("導正建議")
    REFORM_PROPOSAL = "reform_proposal", _("興革建議")


# 一(一)3 of the half-year report counts early warnings and corrective recommendations;
# reform proposals are a figure of their own.
WARNING_KINDS = (ActionKind.EARLY_WARNING, ActionKind.CORRECTIVE)


class ActionChannel(models.TextChoices):
    DOCUMENT_REVIEW = "document_review", _("公文會辦")
    PROCUREMENT = "procurement", _("採購監辦")
    PUBLIC_FEEDBACK = "public_feedback", _("民情反映")
    AUDIT = "audit", _("稽核")
    COMPLAINT = "complaint", _("檢舉")


class PlatformStatus(models.TextChoices):
    PLANNING = "planning", _("籌備中")
    ACTIVE = "active", _("運作中")
    CLOSED = "closed", _("已結束")


class HighlightSection(models.TextChoices):
    """Where in the report a highlight is quoted."""

    PLATFORM = "1-2-1", _("一(二)1 廉政平臺")
    EDUCATION = "1-2-2", _("一(二)2 廉潔教育")
    STUDENTS = "1-2-3", _("一(二)3 校園誠信")
    OTHER = "other", _("其他")


class DeedCategory(models.TextChoices):
    """The six categories of deeds of 高雄市政府廉潔楷模遴選表揚作業要點."""

    REFUSED_BRIBE = "refused_bribe", _("拒絕收受賄賂或不當利益")
    ETHICS_INFORMATION = "ethics_information", _("提供貪瀆不法情資")
    PREVENTION = "prevention", _("防止貪瀆或節省公帑")
    ASSISTED_ETHICS = "assisted_ethics", _("協助推動政風工作")
    PUBLIC_SERVICE = "public_service", _("為民解決困難")
    OTHER = "other", _("其他廉潔事蹟")


class SelectionStage(models.TextChoices):
    NOMINATING = "nominating", _("受理推薦")
    FIRST_REVIEW = "first_review", _("初審")
    FINAL_REVIEW = "final_review", _("複審")
    ANNOUNCED = "announced", _("已公布")


SELECTION_TRANSITIONS: dict[str, frozenset[str]] = {
    SelectionStage.NOMINATING: frozenset({SelectionStage.FIRST_REVIEW}),
    SelectionStage.FIRST_REVIEW: frozenset({SelectionStage.FINAL_REVIEW}),
    SelectionStage.FINAL_REVIEW: frozenset({SelectionStage.ANNOUNCED}),
    SelectionStage.ANNOUNCED: frozenset(),
}


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推薦")
    SHORTLISTED = "shortlisted", _("初審通過")
    SELECTED = "selected", _("選出")
    NOT_SELECTED = "not_selected", _("未獲選")


NOMINATION_TRANSITIONS: dict[str, frozenset[str]] = {
    NominationStatus.NOMINATED: frozenset({NominationStatus.SHORTLISTED, NominationStatus.NOT_SELECTED}),
    NominationStatus.SHORTLISTED: frozenset({NominationStatus.SELECTED, NominationStatus.NOT_SELECTED}),
    NominationStatus.SELECTED: frozenset(),
    NominationStatus.NOT_SELECTED: frozenset(),
}

# In which stage of the selection a nomination may take each status.
NOMINATION_STAGE_OF: dict[str, str] = {
    NominationStatus.SHORTLISTED: SelectionStage.FIRST_REVIEW,
    NominationStatus.SELECTED: SelectionStage.FINAL_REVIEW,
}


class Treatment(models.TextChoices):
    OPEN = "open", _("待決定")
    MITIGATE = "mitigate", _("降低")
    ACCEPT = "accept", _("接受")
    AVOID = "avoid", pgettext_lazy("risk response", "迴避")
    TRANSFER = "transfer", _("移轉")
