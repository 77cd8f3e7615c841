"""Countable work records: meetings with proposals, outreach, inspections with follow-ups, protest alerts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from probity.activities.enums import (
    AlertOutcome,
    AlertSource,
    CheckResult,
    InspectionKind,
    InspectionStatus,
    MeetingKind,
    OutreachForm,
    OutreachTopic,
    ProposalStatus,
    ProposalType,
)
from probity.core import roc
from probity.core.models import BaseModel


class WorkRecord(BaseModel):
    """What every record here has: the owning ethics unit, the agency it concerns, and a date."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("日期"), db_index=True)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]


class Meeting(WorkRecord):
    """廉政會報 and/or 安全維護會報. A joint meeting has both flags and counts once for each kind."""

    is_integrity = models.BooleanField(_("廉政會報"), default=False)
    is_security = models.BooleanField(_("安全維護會報"), default=False)
    seq_no = models.PositiveIntegerField(_("次別"), help_text=_("例如第3次會議填 3"))
    chair = models.CharField(_("主持人"), max_length=60, blank=True)
    external_members = models.TextField(
        _("外聘委員"), blank=True, help_text=_("以頓號「、」分隔，例如：王大明、李小華")
    )
    notes = models.TextField(_("會議重點"), blank=True)

    class Meta(WorkRecord.Meta):
        verbose_name = _("會報")
        verbose_name_plural = _("會報")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_integrity=True) | models.Q(is_security=True), name="meeting_has_a_kind"
            ),
            # The natural key imports rely on; also what makes concurrent re-imports safe.
            models.UniqueConstraint(
                fields=["agency", "date", "seq_no"],
                name="meeting_natural_key",
                violation_error_message=_("此機關在這一天已有同一次別的會報。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {roc.format_slash(self.date)} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:meeting_detail", args=[self.code])

    @property
    def kinds(self) -> list[str]:
        return [
            kind
            for kind, flag in ((MeetingKind.INTEGRITY, self.is_integrity), (MeetingKind.SECURITY, self.is_security))
            if flag
        ]

    @property
    def kind_label(self) -> str:
        return pgettext("meeting kinds", "暨").join(str(MeetingKind(kind).label) for kind in self.kinds)

    @property
    def title(self) -> str:
        """第3次廉政會報 ("Integrity meeting no. 3"), in the page's language."""
        return gettext("第%(seq)s次%(kind)s") % {"seq": self.seq_no, "kind": self.kind_label}

    @property
    def external_member_list(self) -> list[str]:
        return [name.strip() for name in self.external_members.replace(",", "、").split("、") if name.strip()]


class Proposal(BaseModel):
    """An item discussed at a meeting (報告案、提案、專題報告), with its resolution and follow-up."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("會報"), on_delete=models.CASCADE, related_name="proposals")
    seq_no = models.PositiveIntegerField(_("案次"), default=1)
    type = models.CharField(_("類別"), max_length=20, choices=ProposalType.choices, default=ProposalType.PROPOSAL)
    title = models.CharField(_("案由"), max_length=200)
    resolution = models.TextField(_("決議"), blank=True)
    status = models.CharField(
        _("追蹤情形"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.TRACKING
    )
    responsible_unit = models.CharField(_("主(協)辦單位"), max_length=100, blank=True)

    class Meta:
        ordering = ["meeting", "seq_no", "id"]
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "title"],
                name="proposal_natural_key",
                violation_error_message=_("這次會報已有同一案由的提案。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}：{self.title}"

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#proposal-{self.code}"


class Outreach(WorkRecord):
    """宣導 or 說明會: one event (possibly several sessions) on one topic, with its attendances (人次)."""

    topic = models.CharField(_("主題"), max_length=30, choices=OutreachTopic.choices, db_index=True)
    form = models.CharField(_("方式"), max_length=20, choices=OutreachForm.choices)
    title = models.CharField(_("名稱"), max_length=200)
    sessions = models.PositiveIntegerField(_("場次"), default=1)
    attendances = models.PositiveIntegerField(_("參加人次"), default=0)
    audience = models.CharField(pgettext_lazy("outreach", "對象"), max_length=200, blank=True)
    highlight = models.TextField(_("辦理成效重點"), blank=True, help_text=_("可供工作報告引用的文字"))

    class Meta(WorkRecord.Meta):
        verbose_name = _("宣導")
        verbose_name_plural = _("宣導")
        indexes = [models.Index(fields=["topic", "date"]), models.Index(fields=["form", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date", "topic", "form", "title"],
                name="outreach_natural_key",
                violation_error_message=_("此機關在這一天已有同名、同主題、同方式的宣導。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {roc.format_slash(self.date)} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:outreach_detail", args=[self.code])


class Inspection(WorkRecord):
    """A check (保密、資訊系統使用稽核、機密文書、安全維護) and its findings, followed up until closed."""

    kind = models.CharField(_("類別"), max_length=30, choices=InspectionKind.choices, db_index=True)
    title = models.CharField(pgettext_lazy("inspection", "檢查項目"), max_length=200)
    scope = models.TextField(_("檢查範圍"), blank=True)
    findings = models.TextField(_("檢查發現"), blank=True)
    recommendations = models.TextField(_("改善建議"), blank=True)
    status = models.CharField(
        _("狀態"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.FOLLOWING_UP
    )
    follow_up_due = models.DateField(_("追蹤期限"), null=True, blank=True)
    closed_on = models.DateField(_("結案日期"), null=True, blank=True)

    class Meta(WorkRecord.Meta):
        verbose_name = _("檢查")
        verbose_name_plural = _("檢查")
        indexes = [models.Index(fields=["kind", "date"]), models.Index(fields=["status", "follow_up_due"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date", "kind", "title"],
                name="inspection_natural_key",
                violation_error_message=_("此機關在這一天已有同類別、同項目的檢查。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {roc.format_slash(self.date)} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("activities:inspection_detail", args=[self.code])


class InspectionFollowUp(BaseModel):
    """One step of following up an inspection's findings."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("檢查"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("追蹤日期"))
    note = models.TextField(_("改善情形"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("紀錄者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("追蹤紀錄")
        verbose_name_plural = _("追蹤紀錄")

    def __str__(self) -> str:
        return f"{self.inspection} {roc.format_slash(self.date)}"


class ChecklistItem(BaseModel):
    """One standard question of an inspection kind's checklist, kept by the 政風處.

    An inspection copies the questions when its checklist starts, so editing or retiring a question later
    leaves past inspections as they were asked."""

    kind = models.CharField(_("檢查類別"), max_length=30, choices=InspectionKind.choices, db_index=True)
    seq_no = models.PositiveIntegerField(_("項次"))
    text = models.CharField(_("查核項目"), max_length=300)
    basis = models.CharField(
        _("依據"), max_length=200, blank=True, help_text=_("法規或要點，例如：政風機構維護公務機密作業要點")
    )
    active = models.BooleanField(
        _("使用中"), default=True, help_text=_("停用的項目不再帶入新的檢查，已帶入的不受影響。")
    )

    class Meta:
        ordering = ["kind", "seq_no", "id"]
        verbose_name = _("查核項目")
        verbose_name_plural = _("查核項目")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "text"],
                name="checklist_item_text",
                violation_error_message=_("此檢查類別已有相同的查核項目。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.seq_no}. {self.text}"


class InspectionCheck(BaseModel):
    """An inspection's answer to one checklist question, and for a deficiency the day it was put right."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("檢查"), on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("查核項目"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seq_no = models.PositiveIntegerField(_("項次"))
    text = models.CharField(_("查核項目"), max_length=300)
    result = models.CharField(_("查核結果"), max_length=20, choices=CheckResult.choices, blank=True)
    note = models.TextField(_("說明"), blank=True)
    corrected_on = models.DateField(_("改善完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["seq_no", "id"]
        verbose_name = _("查核結果")
        verbose_name_plural = _("查核結果")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "seq_no"], name="inspection_check_seq_no"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} {self.seq_no}. {self.text}"

    @property
    def is_open_deficiency(self) -> bool:
        return self.result == CheckResult.DEFICIENT and self.corrected_on is None


class ProtestAlert(WorkRecord):
    """陳抗情資: intelligence about a petition or protest, who was told, and how it ended."""

    source = models.CharField(_("情資來源"), max_length=20, choices=AlertSource.choices)
    subject = models.CharField(_("陳抗事由"), max_length=200)
    expected_on = models.DateField(_("預定陳抗日期"), null=True, blank=True)
    location = models.CharField(_("地點"), max_length=120, blank=True)
    expected_size = models.PositiveIntegerField(_("預估人數"), null=True, blank=True)
    notified_head = models.BooleanField(_("已通報機關首長"), default=False)
    notified_units = models.BooleanField(_("已通知業務單位"), default=False)
    notified_police = models.BooleanField(_("已聯繫警察機關"), default=False)
    outcome = models.CharField(_("處理結果"), max_length=20, choices=AlertOutcome.choices, default=AlertOutcome.PENDING)
    outcome_note = models.TextField(pgettext_lazy("alert", "處理情形"), blank=True)

    class Meta(WorkRecord.Meta):
        verbose_name = _("陳抗情資")
        verbose_name_plural = _("陳抗情資")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date", "subject"],
                name="protest_alert_natural_key",
                violation_error_message=_("此機關在這一天已有同一事由的陳抗情資。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {roc.format_slash(self.date)} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("activities:alert_detail", args=[self.code])

    @property
    def notified_labels(self) -> list[str]:
        flags = (
            (self.notified_head, _("機關首長")),
            (self.notified_units, _("業務單位")),
            (self.notified_police, _("警察機關")),
        )
        return [str(label) for flag, label in flags if flag]
