"""Declarants, their declarations and asset items, draw policies and draws, reviews and comparisons."""

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from probity.core.language import punctuation
from probity.core.models import BaseModel
from probity.declarations.enums import (
    AssetCategory,
    ComparisonBase,
    DeclarantCategory,
    DeclarationType,
    DiscrepancyKind,
    DrawState,
    Finding,
    FineStatus,
    FormalCheck,
    Owner,
    ReviewKind,
    ReviewState,
    Rounding,
)

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 0}
FAMILY_LABELS = {"spouse": _("配偶"), "child": _("子女")}


class Declarant(BaseModel):
    """申報義務人: one person with one status at one agency, filing with one ethics unit."""

    name = models.CharField(_("姓名"), max_length=60)
    id_number = models.CharField(_("身分證統一編號"), max_length=10, help_text=_("不對外公開"))
    address = models.CharField(_("戶籍地址"), max_length=200, blank=True, help_text=_("不對外公開"))
    agency = models.ForeignKey("org.Agency", verbose_name=_("服務機關"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("受理申報政風機構"), on_delete=models.PROTECT, related_name="declarants"
    )
    position = models.CharField(_("職稱"), max_length=80)
    category = models.CharField(_("申報義務類別"), max_length=4, choices=DeclarantCategory.choices)
    took_office_on = models.DateField(_("到職日"), null=True, blank=True)
    left_office_on = models.DateField(_("離職日"), null=True, blank=True)
    acting_from = models.DateField(_("代理起日"), null=True, blank=True)
    concurrent_from = models.DateField(_("兼任起日"), null=True, blank=True)
    spouse_name = models.CharField(_("配偶姓名"), max_length=60, blank=True)
    spouse_id_number = models.CharField(_("配偶身分證統一編號"), max_length=10, blank=True, help_text=_("不對外公開"))
    # [{"name": "王小明", "id_number": "A123456789"}, …]; the ID number may be "" when not declared.
    minor_children = models.JSONField(_("未成年子女"), default=list, blank=True)

    class Meta:
        ordering = ["unit__path", "agency__path", "name", "id"]
        verbose_name = _("申報義務人")
        verbose_name_plural = _("申報義務人")
        constraints = [
            models.UniqueConstraint(fields=["id_number", "agency", "position"], name="declarant_unique_status")
        ]
        # A complaint's page looks its subjects and staff up by name (queries.declared_ties).
        indexes = [models.Index(fields=["name"], name="declarant_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）"

    def get_absolute_url(self) -> str:
        return reverse("declarations:declarant_detail", args=[self.code])

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def family(self) -> list[dict[str, Any]]:
        """Spouse and minor children as declared: relation, its label, name and (masked) ID number."""
        members = []
        if self.spouse_name or self.spouse_id_number:
            members.append(("spouse", self.spouse_name, self.spouse_id_number))
        members += [("child", child["name"], child.get("id_number", "")) for child in self.minor_children]
        return [
            {"relation": r, "label": FAMILY_LABELS[r], "name": n, "id_number": i, "masked_id": mask_id(i)}
            for r, n, i in members
        ]


def mask_id(id_number: str) -> str:
    return f"{id_number[:1]}{'*' * 6}{id_number[-3:]}" if id_number else ""


class Declaration(BaseModel):
    declarant = models.ForeignKey(
        Declarant, verbose_name=_("申報義務人"), on_delete=models.PROTECT, related_name="declarations"
    )
    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("受理申報政風機構"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey("org.Agency", verbose_name=_("服務機關"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("申報類別"), max_length=20, choices=DeclarationType.choices)
    filing_year = models.PositiveSmallIntegerField(_("申報年度"), help_text=_("民國年"))
    declared_on = models.DateField(_("申報日"))
    submitted_on = models.DateField(_("交件日"))
    consented = models.BooleanField(_("授權查調"), default=False)
    formal_check = models.CharField(
        _("形式審核"), max_length=20, choices=FormalCheck.choices, default=FormalCheck.PENDING
    )
    formal_note = models.CharField(_("形式審核說明"), max_length=200, blank=True)
    household_salary = models.DecimalField(
        _("本人、配偶及未成年子女全年薪資所得"), **MONEY, default=Decimal(0), validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["-filing_year", "declarant__name", "-id"]
        verbose_name = _("財產申報")
        verbose_name_plural = _("財產申報")
        constraints = [
            models.UniqueConstraint(fields=["declarant", "kind", "declared_on"], name="declaration_unique_per_day")
        ]
        indexes = [models.Index(fields=["filing_year", "kind", "unit"])]

    def __str__(self) -> str:
        return f"{self.declarant.name} {self.filing_year}年度{self.get_kind_display()}"

    @property
    def heading(self) -> str:
        """The name pages show, in the page's language (``str()`` keeps the language of record)."""
        return _("%(name)s %(year)s年度%(kind)s") % {
            "name": self.declarant.name,
            "year": self.filing_year,
            "kind": self.get_kind_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("declarations:declaration_detail", args=[self.code])


class AssetItem(BaseModel):
    declaration = models.ForeignKey(Declaration, verbose_name=_("申報"), on_delete=models.CASCADE, related_name="items")
    owner = models.CharField(_("所有人"), max_length=20, choices=Owner.choices)
    owner_name = models.CharField(_("所有人姓名"), max_length=60, blank=True)
    category = models.CharField(_("財產類別"), max_length=20, choices=AssetCategory.choices)
    identifier = models.CharField(
        _("識別資料"), max_length=120, blank=True, help_text=_("地號、建號、車牌、金融機構、發行者或保單號碼")
    )
    description = models.CharField(_("說明"), max_length=200, blank=True)
    value = models.DecimalField(_("價額（新臺幣元）"), **MONEY, validators=[MinValueValidator(0)])
    acquired_on = models.DateField(_("取得日"), null=True, blank=True)
    acquisition_price = models.DecimalField(_("取得價額"), **MONEY, null=True, blank=True)
    # Normalised once at write time (comparison.normalise / text_key) so the bulk engine needs no Python per row.
    ident_key = models.CharField(max_length=120, blank=True, editable=False)
    text_key = models.CharField(max_length=320, blank=True, editable=False)

    class Meta:
        ordering = ["declaration", "owner", "category", "id"]
        verbose_name = _("申報財產")
        verbose_name_plural = _("申報財產")

    def __str__(self) -> str:
        return f"{self.get_owner_display()} {self.get_category_display()} {self.identifier or self.description}"

    def get_absolute_url(self) -> str:
        return self.declaration.get_absolute_url()


class DrawPolicy(BaseModel):
    """The rules of one filing year's draws (set each year by an MOJ letter); copied into every draw."""

    filing_year = models.PositiveSmallIntegerField(_("申報年度"), unique=True)
    review_ratio = models.DecimalField(
        _("實質審查比例"), max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    review_rounding = models.CharField(_("實質審查人數取整"), max_length=10, choices=Rounding.choices)
    comparison_ratio = models.DecimalField(
        _("前後年度比對比例"), max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    comparison_rounding = models.CharField(_("比對人數取整"), max_length=10, choices=Rounding.choices)
    comparison_base = models.CharField(_("比對比例計算基礎"), max_length=10, choices=ComparisonBase.choices)
    minimum_one = models.BooleanField(_("至少抽出一人"), default=True)
    pool_threshold = models.PositiveSmallIntegerField(
        _("合併抽籤門檻"), default=5, help_text=_("申報人數少於此數的政風機構，併入上級政風機構抽籤")
    )
    basis = models.CharField(_("依據"), max_length=200, blank=True, help_text=_("例如法務部函文號"))

    class Meta:
        ordering = ["-filing_year"]
        verbose_name = _("抽籤規則")
        verbose_name_plural = _("抽籤規則")

    def __str__(self) -> str:
        return f"{self.filing_year}年度抽籤規則"

    def get_absolute_url(self) -> str:
        return reverse("declarations:policy_list")

    def as_rules(self) -> dict:
        """The stored copy of the rules; a draw keeps it so later changes never alter a past draw."""
        return {
            "filing_year": self.filing_year,
            "review_ratio": str(self.review_ratio),
            "review_rounding": self.review_rounding,
            "comparison_ratio": str(self.comparison_ratio),
            "comparison_rounding": self.comparison_rounding,
            "comparison_base": self.comparison_base,
            "minimum_one": self.minimum_one,
            "pool_threshold": self.pool_threshold,
            "basis": self.basis,
        }


class Draw(BaseModel):
    """One unit's public draw of one filing year: pool frozen and published, then sources entered and drawn."""

    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("辦理抽籤政風機構"), on_delete=models.PROTECT, related_name="+"
    )
    filing_year = models.PositiveSmallIntegerField(_("申報年度"))
    rules = models.JSONField(_("抽籤規則"), help_text=_("抽籤當時規則之副本"))
    pooled_units = models.JSONField(_("合併抽籤之政風機構"), default=list, blank=True)
    state = models.CharField(_("狀態"), max_length=20, choices=DrawState.choices, default=DrawState.DRAFT)
    scheduled_on = models.DateField(_("抽籤日期"))
    place = models.CharField(_("抽籤地點"), max_length=120, blank=True)
    sources = models.JSONField(_("公開亂數來源"), default=list, help_text=_("名稱與開獎日期；抽籤時填入開出號碼"))
    pool_size = models.PositiveIntegerField(_("母體人數"), default=0)
    pool_digest = models.CharField(_("名冊 SHA-256"), max_length=64, blank=True)
    review_count = models.PositiveIntegerField(_("實質審查人數"), default=0)
    comparison_count = models.PositiveIntegerField(_("前後年度比對人數"), default=0)
    key = models.CharField(_("亂數鍵值"), max_length=800, blank=True)
    published_at = models.DateTimeField(_("公告時間"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("抽籤時間"), null=True, blank=True)

    class Meta:
        ordering = ["-filing_year", "unit__path", "-id"]
        verbose_name = _("公開抽籤")
        verbose_name_plural = _("公開抽籤")
        indexes = [models.Index(fields=["filing_year", "state"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.filing_year}年度財產申報實質審查抽籤"

    @property
    def heading(self) -> str:
        """The name pages show, in the page's language (``str()`` keeps the language of record)."""
        return _("%(unit)s %(year)s年度財產申報實質審查抽籤") % {"unit": self.unit.name, "year": self.filing_year}

    def get_absolute_url(self) -> str:
        return reverse("declarations:draw_detail", args=[self.code])

    def get_public_url(self) -> str:
        return reverse("portal:draw_detail", args=[self.code])

    @property
    def entropy_bits(self) -> str:
        """Bits of randomness the sources should carry for the review stage (RFC 3797 §3)."""
        from probity.analytics.rfc3797 import entropy_bits

        return f"{entropy_bits(self.pool_size, self.review_count):.1f}"

    @property
    def review_percent(self) -> str:
        return _percent(self.rules["review_ratio"])

    @property
    def comparison_percent(self) -> str:
        return _percent(self.rules["comparison_ratio"])

    @property
    def comparison_base_label(self) -> str:
        return str(ComparisonBase(self.rules["comparison_base"]).label)

    @property
    def rounding_label(self) -> str:
        return str(Rounding(self.rules["review_rounding"]).label)


def _percent(ratio: str) -> str:
    """0.1000 → 10%."""
    value = (Decimal(ratio) * 100).normalize()
    return f"{value:f}%"


class DrawEntry(models.Model):
    """One line of the frozen, ordered pool. ``label`` is what the public sees: no ID number, no address."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField(_("序號"))
    declarant = models.ForeignKey(Declarant, on_delete=models.PROTECT, related_name="draw_entries")
    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("名冊內容"), max_length=200)
    review_pick = models.PositiveIntegerField(_("實質審查抽出順序"), null=True, blank=True)
    comparison_pick = models.PositiveIntegerField(_("比對抽出順序"), null=True, blank=True)

    class Meta:
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="draw_entry_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"

    def get_absolute_url(self) -> str:
        return self.draw.get_absolute_url()


class Review(BaseModel):
    """實質審查 of one declaration: drawn, drawn for comparison, or triggered by a case."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("受審查之申報"), on_delete=models.PROTECT, related_name="reviews"
    )
    declarant = models.ForeignKey(
        Declarant, verbose_name=_("申報義務人"), on_delete=models.PROTECT, related_name="reviews"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("審查類型"), max_length=20, choices=ReviewKind.choices)
    draw = models.ForeignKey(
        Draw, verbose_name=_("抽籤"), null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    # The complaint case that triggered a case review; ``complaint_ref`` keeps the free-text number
    # of cases recorded before the complaints app (or of cases handled outside it).
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("檢舉案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="declaration_reviews",
    )
    complaint_ref = models.CharField(_("檢舉案號"), max_length=60, blank=True)
    # The year-over-year comparison whose flags opened a case review: why this declarant, beside the random draw.
    comparison = models.ForeignKey(
        "ComparisonResult",
        verbose_name=_("觸發查核之比對結果"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    state = models.CharField(_("狀態"), max_length=30, choices=ReviewState.choices, default=ReviewState.OPEN)
    opened_on = models.DateField(_("開始審查日"))
    data_retrieved_on = models.DateField(_("查調資料日"), null=True, blank=True)
    data_sources = models.CharField(_("查調來源"), max_length=200, blank=True)
    explanation_requested_on = models.DateField(_("通知說明日"), null=True, blank=True)
    explanation_due_on = models.DateField(_("說明期限"), null=True, blank=True)
    explanation = models.TextField(_("申報人說明"), blank=True)
    explained_on = models.DateField(_("提出說明日"), null=True, blank=True)
    finding = models.CharField(_("審查結果"), max_length=20, choices=Finding.choices, blank=True)
    concluded_on = models.DateField(_("審查完畢日"), null=True, blank=True)
    corrected_table_sent_on = models.DateField(_("正確財產資料對照表通知日"), null=True, blank=True)
    referred_on = models.DateField(_("移送法務部日"), null=True, blank=True)
    doc_no = models.CharField(_("公文文號"), max_length=60, blank=True)
    fine_status = models.CharField(_("罰鍰狀態"), max_length=20, choices=FineStatus.choices, default=FineStatus.NONE)
    fine_amount = models.DecimalField(_("罰鍰金額"), **MONEY, null=True, blank=True)
    fine_decided_on = models.DateField(_("裁處日"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "declarant__name", "-id"]
        verbose_name = _("實質審查")
        verbose_name_plural = _("實質審查")
        # the half-year figures count reviews by the day they concluded and fines by the day decided
        indexes = [models.Index(fields=["concluded_on"]), models.Index(fields=["fine_decided_on"])]

    def __str__(self) -> str:
        return f"{self.declarant.name} {self.declaration.filing_year}年度{self.get_kind_display()}"

    @property
    def heading(self) -> str:
        """The name pages show, in the page's language (``str()`` keeps the language of record)."""
        return _("%(name)s %(year)s年度%(kind)s") % {
            "name": self.declarant.name,
            "year": self.declaration.filing_year,
            "kind": self.get_kind_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("declarations:review_detail", args=[self.code])


class Discrepancy(BaseModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(_("類型"), max_length=20, choices=DiscrepancyKind.choices)
    owner = models.CharField(_("所有人"), max_length=20, choices=Owner.choices)
    category = models.CharField(_("財產類別"), max_length=20, choices=AssetCategory.choices)
    description = models.CharField(_("說明"), max_length=200)
    amount = models.DecimalField(_("金額"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("申報不符")
        verbose_name_plural = _("申報不符")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_category_display()} {self.amount}"

    def get_absolute_url(self) -> str:
        return self.review.get_absolute_url()


class ComparisonRun(BaseModel):
    """One run of the year-over-year engine over one declarant or one draw's comparison picks or a whole pool."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    filing_year = models.PositiveSmallIntegerField(_("申報年度"))
    previous_year = models.PositiveSmallIntegerField(_("比對年度"))
    draw = models.ForeignKey(Draw, null=True, blank=True, on_delete=models.SET_NULL, related_name="comparison_runs")
    title = models.CharField(_("範圍"), max_length=200)
    compared = models.PositiveIntegerField(_("比對人數"), default=0)
    flagged = models.PositiveIntegerField(_("有異常者"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("前後年度比對")
        verbose_name_plural = _("前後年度比對")

    def __str__(self) -> str:
        return f"{self.title}（{self.previous_year}→{self.filing_year}）"

    @property
    def heading(self) -> str:
        """The name pages show, with the brackets of the page's language."""
        years = f"{self.previous_year}→{self.filing_year}"
        return f"{self.title}{punctuation('lparen')}{years}{punctuation('rparen')}"

    def get_absolute_url(self) -> str:
        return reverse("declarations:comparison_detail", args=[self.code])


class ComparisonResult(models.Model):
    run = models.ForeignKey(ComparisonRun, on_delete=models.CASCADE, related_name="results")
    declarant = models.ForeignKey(Declarant, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    current = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="+")
    net_worth_before = models.DecimalField(**MONEY)
    net_worth_after = models.DecimalField(**MONEY)
    household_salary = models.DecimalField(**MONEY)
    risk = models.DecimalField(max_digits=8, decimal_places=2)
    flags = models.JSONField(default=list)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "-risk", "declarant__name", "id"]

    def __str__(self) -> str:
        return f"{self.declarant.name} {self.risk}"

    def get_absolute_url(self) -> str:
        return self.run.get_absolute_url()

    @property
    def net_change(self):
        return self.net_worth_after - self.net_worth_before
