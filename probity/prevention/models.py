"""Special audits, preventive actions, re-prevention reports, integrity platforms, education highlights,
role-model selection and the risk register."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from probity.core.language import punctuation
from probity.core.models import BaseModel
from probity.prevention.enums import (
    ActionChannel,
    ActionKind,
    DeedCategory,
    HighlightSection,
    NominationStatus,
    PlatformStatus,
    RecommendationStatus,
    SelectionStage,
    Treatment,
)


class OwnedRecord(BaseModel):
    """A record of the ethics work: owned by an ethics unit, about an agency."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


# Special audits ------------------------------------------------------------------


class SpecialAudit(OwnedRecord):
    """專案稽核: a planned audit of high-risk business, counted when its report is done."""

    title = models.CharField(_("稽核名稱"), max_length=200)
    plan = models.TextField(_("稽核計畫"), blank=True)
    business = models.CharField(_("稽核業務"), max_length=200)
    audited_from = models.DateField(_("稽核期間（起）"))
    audited_to = models.DateField(_("稽核期間（迄）"))
    team = models.CharField(_("稽核小組"), max_length=300, blank=True)
    completed_on = models.DateField(_("完成日期"), db_index=True)
    findings = models.TextField(_("稽核發現"), blank=True)
    agency_reply = models.TextField(_("機關回復"), blank=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("專案稽核")
        verbose_name_plural = _("專案稽核")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:audit_detail", args=[self.code])

    def clean(self):
        if self.audited_from and self.audited_to and self.audited_from > self.audited_to:
            raise ValidationError({"audited_to": _("稽核期間的迄日不可早於起日。")})


class Recommendation(BaseModel):
    """One recommendation of a special audit, tracked until adopted, rejected with reason, or overdue."""

    audit = models.ForeignKey(
        SpecialAudit, verbose_name=_("專案稽核"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("建議事項"))
    reply_due = models.DateField(_("回復期限"))
    status = models.CharField(
        _("追蹤狀態"),
        max_length=20,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PENDING,
        db_index=True,
    )
    decided_on = models.DateField(_("回復日期"), null=True, blank=True)
    reason = models.TextField(_("未採納理由"), blank=True)

    class Meta:
        ordering = ["reply_due", "id"]
        verbose_name = _("稽核建議")
        verbose_name_plural = _("稽核建議")

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return self.audit.get_absolute_url() + f"#rec-{self.code}"

    def is_past_due(self, today: dt.date) -> bool:
        return self.status in (RecommendationStatus.PENDING, RecommendationStatus.OVERDUE) and self.reply_due < today


# Preventive actions ----------------------------------------------------------------


class PreventiveAction(OwnedRecord):
    """預警 / 導正建議 / 興革建議 raised through a channel, with what the agency did about it."""

    kind = models.CharField(_("類別"), max_length=20, choices=ActionKind.choices, db_index=True)
    channel = models.CharField(_("來源管道"), max_length=20, choices=ActionChannel.choices, db_index=True)
    raised_on = models.DateField(_("提出日期"), db_index=True)
    subject = models.CharField(_("案由"), max_length=200)
    finding = models.TextField(_("發現事項"), blank=True)
    recommendation = models.TextField(_("建議內容"), blank=True)
    doc_no = models.CharField(_("公文文號"), max_length=60, blank=True)
    adopted = models.BooleanField(_("機關採納"), null=True, blank=True)
    money_saved = models.DecimalField(_("節省公帑（元）"), max_digits=14, decimal_places=0, null=True, blank=True)
    rule_changed = models.BooleanField(_("修訂規章或作業程序"), default=False)
    effect = models.TextField(_("具體效益"), blank=True)
    audit = models.ForeignKey(
        SpecialAudit,
        verbose_name=_("相關專案稽核"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("預警及導正作為")
        verbose_name_plural = _("預警及導正作為")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"

    @property
    def heading(self) -> str:
        """The name pages show, with the colon of the page's language."""
        return f"{self.get_kind_display()}{punctuation('colon')}{self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("prevention:action_detail", args=[self.code])


# Re-prevention reports ----------------------------------------------------------------


class RepreventionReport(OwnedRecord):
    """再防貪: what failed in a corruption or misconduct case and what is done so it does not recur.

    ``complaints`` and ``referrals`` link the complaint cases and prosecutor referrals in the system;
    ``case_refs`` and ``referral_refs`` keep case numbers as text (one per line) for cases outside it.
    """

    title = models.CharField(_("報告名稱"), max_length=200)
    issued_on = models.DateField(_("完成日期"), db_index=True)
    case_refs = models.TextField(_("相關檢舉案號"), blank=True, help_text=_("一行一個案號"))
    referral_refs = models.TextField(_("相關函送司法案號"), blank=True, help_text=_("一行一個案號"))
    complaints = models.ManyToManyField(
        "complaints.Complaint", verbose_name=_("相關檢舉案件"), blank=True, related_name="reprevention_reports"
    )
    referrals = models.ManyToManyField(
        "complaints.ProsecutorReferral",
        verbose_name=_("相關函送司法案件"),
        blank=True,
        related_name="reprevention_reports",
    )
    causes = models.TextField(_("發生原因"))
    control_gaps = models.TextField(_("作業缺漏"), blank=True)
    measures = models.TextField(_("再防貪措施"))
    follow_up = models.TextField(_("後續追蹤"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("再防貪報告")
        verbose_name_plural = _("再防貪報告")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:reprevention_detail", args=[self.code])

    @property
    def case_list(self) -> list[str]:
        return [line.strip() for line in self.case_refs.splitlines() if line.strip()]

    @property
    def referral_list(self) -> list[str]:
        return [line.strip() for line in self.referral_refs.splitlines() if line.strip()]


# Integrity platforms ------------------------------------------------------------------


class IntegrityPlatform(OwnedRecord):
    """廉政平臺 for a major project, with a public page on the portal once published."""

    name = models.CharField(_("平臺名稱"), max_length=200)
    project = models.CharField(_("重大工程或採購案"), max_length=200)
    launched_on = models.DateField(_("成立日期"), db_index=True)
    closed_on = models.DateField(_("結束日期"), null=True, blank=True)
    status = models.CharField(_("狀態"), max_length=20, choices=PlatformStatus.choices, default=PlatformStatus.ACTIVE)
    member_bodies = models.TextField(_("參與機關團體"), blank=True, help_text=_("一行一個"))
    background = models.TextField(_("計畫緣起"), blank=True)
    progress = models.TextField(_("辦理進度"), blank=True)
    is_public = models.BooleanField(_("於公開專區公布"), default=False)

    class Meta:
        ordering = ["-launched_on", "-id"]
        verbose_name = _("廉政平臺")
        verbose_name_plural = _("廉政平臺")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prevention:platform_detail", args=[self.code])

    def get_public_url(self) -> str:
        return reverse("portal:platform_detail", args=[self.code])

    @property
    def members(self) -> list[str]:
        return [line.strip() for line in self.member_bodies.splitlines() if line.strip()]

    def clean(self):
        if self.closed_on and self.launched_on and self.closed_on < self.launched_on:
            raise ValidationError({"closed_on": _("結束日期不可早於成立日期。")})


class PlatformMeeting(BaseModel):
    platform = models.ForeignKey(
        IntegrityPlatform, verbose_name=_("廉政平臺"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("會議日期"))
    title = models.CharField(_("會議名稱"), max_length=200)
    minutes = models.TextField(_("會議紀錄"), blank=True)
    is_public = models.BooleanField(_("公開會議紀錄"), default=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("平臺會議")
        verbose_name_plural = _("平臺會議")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.platform.get_absolute_url() + f"#meeting-{self.code}"


class PlatformNotice(BaseModel):
    """Information the platform publishes for public scrutiny (資訊公開)."""

    platform = models.ForeignKey(
        IntegrityPlatform, verbose_name=_("廉政平臺"), on_delete=models.CASCADE, related_name="notices"
    )
    published_on = models.DateField(_("發布日期"))
    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(_("內容"))

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name = _("平臺資訊公開")
        verbose_name_plural = _("平臺資訊公開")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.platform.get_absolute_url() + f"#notice-{self.code}"


# Education highlights --------------------------------------------------------------------


class EducationHighlight(OwnedRecord):
    """A narrative highlight of integrity education that the half-year report quotes."""

    title = models.CharField(_("活動名稱"), max_length=200)
    held_on = models.DateField(_("辦理日期"), db_index=True)
    section = models.CharField(_("報告段落"), max_length=10, choices=HighlightSection.choices)
    narrative = models.TextField(_("成果敘述"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["section", "sort_order", "held_on", "id"]
        verbose_name = _("廉潔教育成果")
        verbose_name_plural = _("廉潔教育成果")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prevention:highlight_detail", args=[self.code])


# Role models -------------------------------------------------------------------------------


class RoleModelSelection(BaseModel):
    """One year's 廉潔楷模 selection, run by the 政風處; counted in the half-year it is announced."""

    unit = models.ForeignKey(
        "org.EthicsUnit", verbose_name=_("主辦政風機構"), on_delete=models.PROTECT, related_name="+"
    )
    roc_year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    nomination_deadline = models.DateField(_("推薦截止日"))
    stage = models.CharField(
        _("階段"), max_length=20, choices=SelectionStage.choices, default=SelectionStage.NOMINATING
    )
    announced_on = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-roc_year"]
        verbose_name = _("廉潔楷模選拔")
        verbose_name_plural = _("廉潔楷模選拔")

    def __str__(self) -> str:
        return _("%(year)s年廉潔楷模選拔") % {"year": self.roc_year}

    def get_absolute_url(self) -> str:
        return reverse("prevention:selection_detail", args=[self.code])


class RoleModelNomination(OwnedRecord):
    """A nominee put forward by a first-level agency (``nominating_agency``) for a year's selection."""

    selection = models.ForeignKey(
        RoleModelSelection, verbose_name=_("選拔"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominating_agency = models.ForeignKey(
        "org.Agency", verbose_name=_("推薦機關"), on_delete=models.PROTECT, related_name="+"
    )
    nominee = models.CharField(_("被推薦人"), max_length=60)
    title = models.CharField(_("職稱"), max_length=60)
    deed_category = models.CharField(_("事蹟類別"), max_length=30, choices=DeedCategory.choices)
    deeds = models.TextField(_("具體事蹟"))
    nominated_on = models.DateField(_("推薦日期"))
    status = models.CharField(
        _("審查結果"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    review_note = models.TextField(_("審查意見"), blank=True)

    class Meta:
        ordering = ["nominating_agency__path", "id"]
        verbose_name = _("廉潔楷模推薦")
        verbose_name_plural = _("廉潔楷模推薦")

    def __str__(self) -> str:
        return f"{self.nominee}（{self.title}）"

    def get_absolute_url(self) -> str:
        return reverse("prevention:nomination_detail", args=[self.code])


# Risk register -------------------------------------------------------------------------------


def matrix_word(word: str) -> str:
    """A word of a risk matrix in the reader's language. The default matrix's words (migration 0002) and the
    usual ones have a translation; a city's own words show as written. Stored text keeps the words as entered."""
    return pgettext("risk matrix", word)


class RiskMatrix(BaseModel):
    """A likelihood × impact grid whose cells name a level: a lookup, not a product.

    ``grid[l][i]`` is the index into ``levels`` of likelihood ``l`` and impact ``i`` (both 0-based,
    lowest first), so matrices of any shape, symmetric or not, work.
    """

    name = models.CharField(_("矩陣名稱"), max_length=100, unique=True)
    likelihoods = models.JSONField(_("可能性等級"), help_text=_("由低至高"))
    impacts = models.JSONField(_("影響程度等級"), help_text=_("由低至高"))
    levels = models.JSONField(_("風險等級"), help_text=_("由低至高"))
    colors = models.JSONField(_("等級顏色"), default=list, blank=True)
    grid = models.JSONField(_("對照表"))
    is_default = models.BooleanField(_("預設矩陣"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("風險矩陣")
        verbose_name_plural = _("風險矩陣")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prevention:matrix_detail", args=[self.code])

    def level_for(self, likelihood: int, impact: int) -> int:
        """The level index in the grid cell of ``likelihood`` and ``impact`` (0-based)."""
        if not (0 <= likelihood < len(self.likelihoods) and 0 <= impact < len(self.impacts)):
            raise ValueError(f"({likelihood}, {impact}) is outside the {self.name} matrix")
        return self.grid[likelihood][impact]

    @property
    def label(self) -> str:
        return matrix_word(self.name)

    @property
    def likelihood_labels(self) -> list[str]:
        return [matrix_word(word) for word in self.likelihoods]

    @property
    def impact_labels(self) -> list[str]:
        return [matrix_word(word) for word in self.impacts]

    @property
    def level_labels(self) -> list[str]:
        return [matrix_word(word) for word in self.levels]

    def level_label(self, level: int | None) -> str:
        return "" if level is None else matrix_word(self.levels[level])

    def color_of(self, level: int) -> str:
        if level < len(self.colors):
            return self.colors[level]
        return _FALLBACK_COLORS[min(level * len(_FALLBACK_COLORS) // max(len(self.levels), 1), 4)]

    def clean(self):
        problems = matrix_problems(self.likelihoods, self.impacts, self.levels, self.grid)
        if problems:
            raise ValidationError({"grid": problems})


_FALLBACK_COLORS = ["#4caf50", "#cddc39", "#ffc107", "#ff7043", "#d32f2f"]


def matrix_problems(likelihoods, impacts, levels, grid) -> list[str]:
    """What is wrong with a matrix definition, in Chinese; empty when it is usable."""
    if not (isinstance(likelihoods, list) and likelihoods and isinstance(impacts, list) and impacts):
        return [str(_("可能性與影響程度至少各需一個等級。"))]
    if not (isinstance(levels, list) and levels):
        return [str(_("風險等級至少需一個。"))]
    if not isinstance(grid, list) or len(grid) != len(likelihoods):
        return [str(_("對照表的列數須等於可能性等級數。"))]
    problems = []
    for row_number, row in enumerate(grid, start=1):
        if not isinstance(row, list) or len(row) != len(impacts):
            problems.append(str(_("第%(row)s列的格數須等於影響程度等級數。") % {"row": row_number}))
            continue
        if any(not isinstance(cell, int) or not 0 <= cell < len(levels) for cell in row):
            problems.append(str(_("第%(row)s列有不存在的風險等級。") % {"row": row_number}))
    return problems


class Risk(OwnedRecord):
    """廉政風險: a risk of an agency's business process, assessed before and after treatment."""

    title = models.CharField(_("風險項目"), max_length=200)
    process = models.CharField(_("業務流程"), max_length=200)
    description = models.TextField(_("風險描述"), blank=True)
    matrix = models.ForeignKey(RiskMatrix, verbose_name=_("風險矩陣"), on_delete=models.PROTECT, related_name="risks")
    inherent_likelihood = models.PositiveSmallIntegerField(_("固有可能性"))
    inherent_impact = models.PositiveSmallIntegerField(_("固有影響程度"))
    inherent_level = models.PositiveSmallIntegerField(_("固有風險等級"), editable=False)
    residual_likelihood = models.PositiveSmallIntegerField(_("殘餘可能性"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("殘餘影響程度"), null=True, blank=True)
    residual_level = models.PositiveSmallIntegerField(_("殘餘風險等級"), null=True, blank=True, editable=False)
    treatment = models.CharField(_("處理方式"), max_length=20, choices=Treatment.choices, default=Treatment.OPEN)
    measures = models.TextField(_("控制措施"), blank=True)
    owner = models.CharField(_("風險負責人"), max_length=100)
    assessed_on = models.DateField(_("評估日期"))
    next_review_on = models.DateField(_("下次檢視日"), db_index=True)
    is_closed = models.BooleanField(_("已結案"), default=False)
    audits = models.ManyToManyField(SpecialAudit, verbose_name=_("相關專案稽核"), blank=True, related_name="risks")
    actions = models.ManyToManyField(
        PreventiveAction, verbose_name=_("相關預警及導正作為"), blank=True, related_name="risks"
    )
    repreventions = models.ManyToManyField(
        RepreventionReport, verbose_name=_("相關再防貪報告"), blank=True, related_name="risks"
    )
    case_refs = models.TextField(_("相關檢舉案號"), blank=True, help_text=_("一行一個案號"))

    class Meta:
        ordering = ["next_review_on", "id"]
        verbose_name = _("廉政風險")
        verbose_name_plural = _("廉政風險")

    def __str__(self) -> str:
        return f"{self.title}（{self.process}）"

    @property
    def heading(self) -> str:
        """The name pages show, with the brackets of the page's language."""
        return f"{self.title}{punctuation('lparen')}{self.process}{punctuation('rparen')}"

    def get_absolute_url(self) -> str:
        return reverse("prevention:risk_detail", args=[self.code])

    @property
    def inherent_label(self) -> str:
        return self.matrix.level_label(self.inherent_level)

    @property
    def residual_label(self) -> str:
        return self.matrix.level_label(self.residual_level)


class RiskReview(BaseModel):
    """A review of a risk: what was found, the residual assessment then, and the next review date set."""

    risk = models.ForeignKey(Risk, verbose_name=_("廉政風險"), on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("檢視日期"))
    note = models.TextField(_("檢視說明"))
    residual_level = models.PositiveSmallIntegerField(_("殘餘風險等級"), null=True, blank=True)
    next_review_on = models.DateField(_("下次檢視日"))

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("風險檢視")
        verbose_name_plural = _("風險檢視")

    def __str__(self) -> str:
        return f"{self.risk.title} {self.reviewed_on}"

    @property
    def residual_label(self) -> str:
        return self.risk.matrix.level_label(self.residual_level)

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url() + f"#review-{self.code}"
