"""Recusals and relationship disclosures under the 公職人員利益衝突迴避法."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from probity.conflicts.enums import (
    DISCLOSED_EXCEPTIONS,
    PUBLICATION_DAYS,
    ROLLUP_DAYS,
    DealCategory,
    DisclosureMode,
    Exception_,
    RecusalDecision,
    RecusalKind,
    Relationship,
    TransactionType,
)
from probity.core.language import punctuation
from probity.core.models import BaseModel
from probity.core.roc import to_ad_year


class Recusal(BaseModel):
    """迴避: a self-recusal, a recusal on application or one ordered ex officio."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("迴避類型"), max_length=20, choices=RecusalKind.choices, db_index=True)
    official_name = models.CharField(_("公職人員姓名"), max_length=60)
    official_title = models.CharField(_("職稱"), max_length=60)
    matter = models.TextField(_("迴避事項"))
    reason = models.TextField(_("迴避原因"), blank=True)
    applicant = models.CharField(_("申請人（利害關係人）"), max_length=120, blank=True)
    filed_on = models.DateField(_("通知、申請或命令日期"), db_index=True)
    decision = models.CharField(
        _("決定"), max_length=20, choices=RecusalDecision.choices, default=RecusalDecision.PENDING
    )
    decided_on = models.DateField(_("決定日期"), null=True, blank=True)
    decision_note = models.TextField(_("決定內容"), blank=True)
    deputy = models.CharField(_("職務代理人"), max_length=60, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("迴避案件")
        verbose_name_plural = _("迴避案件")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.official_name}（{self.matter[:20]}）"

    @property
    def heading(self) -> str:
        """The name pages show, with the punctuation of the page's language (``str()`` keeps the language of
        record)."""
        colon, lparen, rparen = (punctuation(name) for name in ("colon", "lparen", "rparen"))
        return f"{self.get_kind_display()}{colon}{self.official_name}{lparen}{self.matter[:20]}{rparen}"

    def get_absolute_url(self) -> str:
        return reverse("conflicts:recusal_detail", args=[self.code])

    def clean(self):
        if self.kind == RecusalKind.APPLICATION and not self.applicant:
            raise ValidationError({"applicant": _("申請迴避須填寫申請人。")})
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            raise ValidationError({"decided_on": _("決定日期不可早於通知或申請日期。")})


def rollup_due(roc_year: int) -> dt.date:
    """The last day to report a year's recusals: 30 days after 31 December."""
    return dt.date(to_ad_year(roc_year), 12, 31) + dt.timedelta(days=ROLLUP_DAYS)


class RecusalRollup(BaseModel):
    """That a unit sent its yearly recusal roll-up (Art 11), and when."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    roc_year = models.PositiveSmallIntegerField(_("年度"))
    submitted_on = models.DateField(_("函報日期"))
    doc_no = models.CharField(_("公文文號"), max_length=60, blank=True)
    case_count = models.PositiveIntegerField(_("案件數"), default=0)

    class Meta:
        ordering = ["-roc_year", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "roc_year"], name="one_rollup_per_unit_year")]
        verbose_name = _("迴避案件年度彙報")
        verbose_name_plural = _("迴避案件年度彙報")

    def __str__(self) -> str:
        return _("%(year)s年迴避案件彙報（%(unit)s）") % {"year": self.roc_year, "unit": self.unit}

    def get_absolute_url(self) -> str:
        return reverse("conflicts:rollup", args=[self.roc_year])

    @property
    def due_on(self) -> dt.date:
        return rollup_due(self.roc_year)

    @property
    def on_time(self) -> bool:
        return self.submitted_on <= self.due_on


class RelationshipDisclosure(BaseModel):
    """身分關係揭露: the content of the MOJ form (事前揭露 A, 事後公開 B) for a subsidy or transaction.

    Deals under the small-amount exception (Art 14(1)(6)) are kept here too, so that the yearly
    limit per counterparty can be checked; they are neither published nor counted as disclosures.
    """

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("辦理補助或交易之機關"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(_("揭露方式"), max_length=10, choices=DisclosureMode.choices, default=DisclosureMode.POST)
    category = models.CharField(_("類別"), max_length=20, choices=DealCategory.choices)
    transaction_type = models.CharField(
        _("交易類型"), max_length=20, choices=TransactionType.choices, blank=True, default=""
    )
    # The official
    official_name = models.CharField(_("公職人員姓名"), max_length=60)
    official_agency = models.CharField(_("公職人員服務機關"), max_length=120)
    official_title = models.CharField(_("公職人員職稱"), max_length=60)
    # The related party
    related_party_name = models.CharField(_("關係人姓名或名稱"), max_length=120)
    relationship = models.CharField(_("關係"), max_length=20, choices=Relationship.choices)
    relationship_detail = models.CharField(_("關係說明"), max_length=120, blank=True)
    is_organisation = models.BooleanField(_("關係人為法人或團體"), default=False)
    business_id = models.CharField(_("統一編號"), max_length=10, blank=True)
    representative = models.CharField(_("代表人或管理人"), max_length=60, blank=True)
    roles_held = models.CharField(_("公職人員或其親屬擔任之職務"), max_length=120, blank=True)
    # The deal
    deal_name = models.CharField(_("補助或交易名稱"), max_length=200)
    concluded_on = models.DateField(_("補助或交易日期"), db_index=True)
    counterparty = models.CharField(_("補助或交易對象"), max_length=120)
    amount = models.DecimalField(_("金額（新臺幣元）"), max_digits=14, decimal_places=0)
    legal_basis = models.CharField(_("法令依據"), max_length=200, blank=True)
    exception = models.CharField(_("適用之例外規定"), max_length=2, choices=Exception_.choices)
    exception_reason = models.TextField(_("例外理由"), blank=True)
    published_on = models.DateField(_("公開日期"), null=True, blank=True, db_index=True)
    internal_note = models.TextField(_("內部備註（不公開）"), blank=True)

    class Meta:
        ordering = ["-concluded_on", "-id"]
        verbose_name = _("身分關係揭露")
        verbose_name_plural = _("身分關係揭露")

    def __str__(self) -> str:
        return f"{self.deal_name}（{self.related_party_name}）"

    @property
    def heading(self) -> str:
        """The name pages show, with the brackets of the page's language."""
        return f"{self.deal_name}{punctuation('lparen')}{self.related_party_name}{punctuation('rparen')}"

    def get_absolute_url(self) -> str:
        return reverse("conflicts:disclosure_detail", args=[self.code])

    def get_public_url(self) -> str:
        return reverse("portal:disclosure_detail", args=[self.code])

    @property
    def amount_shown(self) -> str:
        """NT$ with thousands separators, as the public page shows it (1,200,000)."""
        return f"{self.amount:,.0f}"

    @property
    def is_small_amount(self) -> bool:
        return self.exception == Exception_.SMALL_AMOUNT

    @property
    def requires_publication(self) -> bool:
        return self.mode == DisclosureMode.POST and self.exception in DISCLOSED_EXCEPTIONS

    @property
    def publication_due(self) -> dt.date | None:
        if not self.requires_publication:
            return None
        return publication_due(self.concluded_on)

    @property
    def published_late(self) -> bool:
        due = self.publication_due
        return bool(due and self.published_on and self.published_on > due)

    @property
    def counterparty_key(self) -> str:
        return self.business_id or self.counterparty

    def clean(self):
        errors = {}
        if self.category == DealCategory.TRANSACTION and not self.transaction_type:
            errors["transaction_type"] = _("交易須選擇買賣、租賃或承攬。")
        if self.category == DealCategory.SUBSIDY:
            self.transaction_type = TransactionType.NONE
        if self.is_organisation and not self.business_id:
            errors["business_id"] = _("關係人為法人或團體時須填統一編號。")
        if self.business_id and not (self.business_id.isdigit() and len(self.business_id) == 8):
            errors["business_id"] = _("統一編號為8位數字。")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金額不可為負數。")
        if self.published_on and self.concluded_on and self.published_on < self.concluded_on:
            errors["published_on"] = _("公開日期不可早於補助或交易日期。")
        if self.published_on and not self.requires_publication:
            errors["published_on"] = _("只有事後公開（第1至3款）的案件需要公開。")
        if errors:
            raise ValidationError(errors)


def publication_due(concluded_on: dt.date) -> dt.date:
    """The last day to publish: 30 days after the day the deal was concluded (the day itself not counted)."""
    return concluded_on + dt.timedelta(days=PUBLICATION_DAYS)
