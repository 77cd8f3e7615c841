"""Complaints (檢舉): the case, its subjects, handlers, messages, attachments and timeline; the sealed
identity vault; referrals to prosecutors with per-person outcomes; disciplinary actions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from probity.complaints.enums import (
    OUTCOME_CLASS,
    Category,
    Channel,
    DisciplineKind,
    EventKind,
    MessageKind,
    Origin,
    ProsecutionResult,
    ProtectionResult,
    RetaliationRisk,
    StatementConfirmation,
    Status,
)
from probity.core.models import BaseModel


class CaseCounter(models.Model):
    """The last case number given by a unit in an ROC year; locked row by row while numbering."""

    unit = models.ForeignKey("org.EthicsUnit", on_delete=models.PROTECT, related_name="+")
    roc_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "roc_year"], name="complaints_counter_unit_year")]


class Complaint(BaseModel):
    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("承辦政風機構"), on_delete=models.PROTECT, related_name="complaints"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("被檢舉機關"), on_delete=models.PROTECT, related_name="complaints"
    )
    roc_year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("流水號"))
    legacy_number = models.CharField(_("原案號"), max_length=40, blank=True)
    origin = models.CharField(_("登錄方式"), max_length=20, choices=Origin.choices, default=Origin.STAFF)
    channel = models.CharField(_("來源管道"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收件日期"))
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    categories = models.JSONField(_("檢舉類別"), default=list)
    summary = models.CharField(_("案由"), max_length=200)
    narrative = models.TextField(_("檢舉內容"), blank=True)
    status = models.CharField(_("狀態"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    closed_on = models.DateField(_("結案日期"), null=True, blank=True)
    referred_to = models.CharField(_("移請機關"), max_length=120, blank=True)
    referral_doc_no = models.CharField(_("移請文號"), max_length=60, blank=True)
    referred_on = models.DateField(_("移請日期"), null=True, blank=True)
    outcome_summary = models.TextField(_("處理結果說明"), blank=True)
    ack_due_on = models.DateField(_("受理通知期限"))
    outcome_due_on = models.DateField(_("結果通知期限"))
    acknowledged_on = models.DateField(_("受理通知日期"), null=True, blank=True)
    outcome_notified_on = models.DateField(_("結果通知日期"), null=True, blank=True)
    receipt_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    receipt_hash = models.CharField(max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-received_on", "-roc_year", "-sequence", "-id"]
        verbose_name = _("檢舉案")
        verbose_name_plural = _("檢舉案")
        constraints = [
            models.UniqueConstraint(fields=["unit", "roc_year", "sequence"], name="complaints_number_unique"),
        ]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["status"]),
            models.Index(fields=["status", "received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.code])

    @property
    def number(self) -> str:
        """The case number as written on letters: ROC year and the unit's running number."""
        return f"{self.roc_year}-{self.sequence:04d}"

    @property
    def outcome_class(self) -> str:
        return OUTCOME_CLASS[self.status]

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(value).label) for value in self.categories if value in Category.values]

    @property
    def needs_notices(self) -> bool:
        """Notices go to complainants who can be reached: named ones, and portal ones through their code."""
        return not self.is_anonymous or self.origin == Origin.PORTAL


class Subject(BaseModel):
    """被檢舉人. ``officer`` links a subject who is also a user of this system: that user never sees the case."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="subjects")
    name = models.CharField(_("姓名"), max_length=60)
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("服務機關"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("職稱"), max_length=60, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系統使用者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_as_subject",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("被檢舉人")
        verbose_name_plural = _("被檢舉人")

    def __str__(self) -> str:
        return f"{self.name}{f'（{self.title}）' if self.title else ''}"

    def get_absolute_url(self) -> str:
        return self.complaint.get_absolute_url()


class Assignment(BaseModel):
    """A handler (承辦人) of a case; only current handlers may reveal the complainant's identity."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="assignments")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("承辦人"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "handler"],
                condition=models.Q(is_active=True),
                name="complaints_one_active_assignment",
            )
        ]


class Exclusion(BaseModel):
    """A user kept away from a case for a conflict of interest (利益迴避)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaint_exclusions")
    reason = models.CharField(_("迴避原因"), max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="complaints_one_exclusion")]


class SealedIdentity(BaseModel):
    """The complainant's identity, kept apart from the case as ciphertext only (MultiFernet).

    Nothing here is readable without the keys in ``settings.PROBITY_IDENTITY_KEYS``; the vault module
    is the only code that seals and opens it.
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="sealed_identity")
    ciphertext = models.TextField()

    class Meta:
        verbose_name = _("檢舉人身分（密封）")


class Statement(BaseModel):
    """The 筆錄 of an oral complaint (獎勵保護檢舉貪污瀆職辦法 Art 9), sealed like the identity and kept apart from the
    case file (Art 10). When, where and whether it was confirmed are readable; its text only through the vault.

    It may be corrected until the complainant confirms it, and is fixed from then on."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="statements")
    taken_on = models.DateField(_("製作日期"))
    place = models.CharField(_("製作地點"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("製作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ciphertext = models.TextField()
    confirmed_on = models.DateField(_("確認日期"), null=True, blank=True)
    confirmation = models.CharField(_("確認方式"), max_length=30, choices=StatementConfirmation.choices, blank=True)

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("檢舉筆錄（密封）")

    def __str__(self) -> str:
        return f"{self.complaint} {self.taken_on}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None


class Message(BaseModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("類別"), max_length=20, choices=MessageKind.choices)
    body = models.TextField(_("內容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # An internal note written by mistake is retracted, never deleted: it stays on the case, struck through.
    retracted_at = models.DateTimeField(_("撤回時間"), null=True, blank=True)
    retraction_reason = models.CharField(_("撤回理由"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def is_shared(self) -> bool:
        return self.kind != MessageKind.NOTE

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None


class Attachment(BaseModel):
    """A file kept under MEDIA_ROOT with a random name; its type comes from its content, never its name."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="complaints/")
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    from_complainant = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def download_name(self, position: int) -> str:
        return f"complaint-{self.complaint.roc_year}-{self.complaint.sequence:04d}-{position}.{self.extension}"


class Event(BaseModel):
    """One line of a case's timeline. ``detail`` never holds the complainant's identity."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]


class ProsecutorReferral(BaseModel):
    """函送司法機關參偵: from a complaint or self-initiated."""

    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="prosecutor_referrals"
    )
    agency = models.ForeignKey("org.Agency", verbose_name=_("涉案機關"), on_delete=models.PROTECT, related_name="+")
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("檢舉案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prosecutor_referrals",
    )
    office = models.CharField(_("受文司法機關"), max_length=120)
    referred_on = models.DateField(_("函送日期"))
    doc_no = models.CharField(_("函送文號"), max_length=60)
    offence_types = models.JSONField(_("涉犯法條"), default=list)
    summary = models.CharField(_("案由"), max_length=200)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("函送司法機關參偵")
        verbose_name_plural = _("函送司法機關參偵")
        constraints = [models.UniqueConstraint(fields=["unit", "doc_no"], name="complaints_referral_doc_no")]

    def __str__(self) -> str:
        return f"{self.doc_no} {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:referral_detail", args=[self.code])

    @property
    def offence_labels(self) -> list[str]:
        from probity.complaints.enums import OffenceType

        return [str(OffenceType(v).label) for v in self.offence_types if v in OffenceType.values]


class ProsecutionOutcome(BaseModel):
    """One person's result of a referral: indicted, deferred, not prosecuted, later judgments."""

    referral = models.ForeignKey(ProsecutorReferral, on_delete=models.CASCADE, related_name="outcomes")
    person_name = models.CharField(_("被告姓名"), max_length=60)
    person_title = models.CharField(_("職稱"), max_length=60, blank=True)
    result = models.CharField(_("結果"), max_length=20, choices=ProsecutionResult.choices)
    decided_on = models.DateField(_("日期"))
    reference = models.CharField(_("起訴書或判決字號"), max_length=80, blank=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("偵審結果")
        verbose_name_plural = _("偵審結果")

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return self.referral.get_absolute_url()


class DisciplinaryAction(BaseModel):
    """議處: one person disciplined for an administrative fault found in a case."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("檢舉案"), on_delete=models.PROTECT, related_name="disciplinary_actions"
    )
    person_name = models.CharField(_("受議處人"), max_length=60)
    person_title = models.CharField(_("職稱"), max_length=60, blank=True)
    kind = models.CharField(_("議處種類"), max_length=20, choices=DisciplineKind.choices)
    authority = models.CharField(_("議處機關"), max_length=120)
    decided_on = models.DateField(_("議處日期"))
    doc_no = models.CharField(_("文號"), max_length=60, blank=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("議處")
        verbose_name_plural = _("議處")

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.complaint.get_absolute_url()


class ProtectionWatch(BaseModel):
    """The complainant's protection against retaliation: the risk judged at intake, the measures taken, and checks
    every few months until a clear check a year after the case closed (獎勵保護檢舉貪污瀆職辦法 Art 12;
    公益揭弊者保護法 on 不利人事措施; ISO 37002 8.3.2 and 8.4.2).

    It names no one: who the complainant is stays in the sealed identity."""

    complaint = models.OneToOneField(
        Complaint, verbose_name=_("檢舉案"), on_delete=models.PROTECT, related_name="protection"
    )
    insider = models.BooleanField(_("檢舉人為被檢舉機關人員"), default=False)
    risk = models.CharField(_("遭報復風險"), max_length=10, choices=RetaliationRisk.choices)
    factors = models.JSONField(_("風險因素"), default=list, blank=True)
    measures = models.TextField(_("保護措施"), blank=True)
    opened_on = models.DateField(_("開始追蹤日期"))
    next_check_on = models.DateField(_("下次追蹤日期"), null=True, blank=True)
    ended_on = models.DateField(_("結束追蹤日期"), null=True, blank=True)

    class Meta:
        ordering = ["next_check_on", "id"]
        verbose_name = _("檢舉人保護追蹤")
        verbose_name_plural = _("檢舉人保護追蹤")
        indexes = [models.Index(fields=["next_check_on"])]

    def __str__(self) -> str:
        return f"{self.complaint.number} {self.get_risk_display()}"

    def get_absolute_url(self) -> str:
        return self.complaint.get_absolute_url() + "#protection"

    @property
    def factor_labels(self) -> list[str]:
        from probity.complaints.enums import RiskFactor

        return [str(RiskFactor(v).label) for v in self.factors if v in RiskFactor.values]

    @property
    def last_result_label(self) -> str:
        """The last check's result as annotated by ``queries.protection_list``, as pages name it."""
        value = getattr(self, "last_result", None)
        return str(ProtectionResult(value).label) if value else ""


class ProtectionCheck(BaseModel):
    """One follow-up with the complainant or the agency: any adverse personnel measure, threat or harassment."""

    watch = models.ForeignKey(ProtectionWatch, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("追蹤日期"))
    result = models.CharField(_("追蹤結果"), max_length=20, choices=ProtectionResult.choices)
    note = models.TextField(_("說明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("追蹤人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["checked_on", "id"]
        verbose_name = _("保護追蹤紀錄")
        verbose_name_plural = _("保護追蹤紀錄")

    def __str__(self) -> str:
        return f"{self.checked_on} {self.get_result_display()}"
