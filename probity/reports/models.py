from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from probity.core.language import period_text
from probity.core.models import BaseModel
from probity.core.roc import Period
from probity.reports.enums import HighlightSection


class ReportTemplate(BaseModel):
    """A report's text with placeholders; its wording lives in the versions, every one kept."""

    name = models.CharField(_("名稱"), max_length=120, unique=True)
    description = models.CharField(_("說明"), max_length=255, blank=True)
    is_default = models.BooleanField(_("預設範本"), default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("報告範本")
        verbose_name_plural = _("報告範本")

    def __str__(self) -> str:
        return self.name

    # The default template's name and description have a translation; a template the city adds shows as written.
    @property
    def label(self) -> str:
        return pgettext("report template", self.name)

    @property
    def description_text(self) -> str:
        return pgettext("report template", self.description) if self.description else ""

    def get_absolute_url(self) -> str:
        return reverse("reports:template_edit", args=[self.code])

    @property
    def latest_version(self) -> "TemplateVersion | None":
        return self.versions.order_by("-number").first()


class TemplateVersion(BaseModel):
    """One saved wording of a template; never changed after it is written."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版次"))
    body = models.TextField(_("範本內容"))
    note = models.CharField(_("修改說明"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改者"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="reports_version_number_unique")]
        verbose_name = _("範本版本")
        verbose_name_plural = _("範本版本")

    def __str__(self) -> str:
        return f"{self.template.name} 第{self.number}版"

    @property
    def label(self) -> str:
        """The version's name in the page's language (``str()`` keeps the language of record)."""
        return gettext("%(template)s 第%(number)s版") % {"template": self.template.label, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("reports:version_detail", args=[self.code])


class Highlight(BaseModel):
    """A narrative item staff write for a part of the report (an event, a campaign, a platform's progress)."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("機關"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("期別"), max_length=8, db_index=True)
    section = models.CharField(_("報告段落"), max_length=10, choices=HighlightSection.choices)
    title = models.CharField(_("標題"), max_length=200)
    body = models.TextField(_("內容"))
    links = models.TextField(_("相關紀錄"), blank=True, help_text=_("每行一個紀錄網址或代碼。"))
    selected = models.BooleanField(_("列入報告"), default=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("撰寫者"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["period", "section", "sort_order", "created_at", "id"]
        indexes = [models.Index(fields=["period", "section", "selected"])]
        verbose_name = _("工作重點")
        verbose_name_plural = _("工作重點")

    def __str__(self) -> str:
        return f"{Period.parse(self.period).label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:highlight_edit", args=[self.code])

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class BuiltReport(BaseModel):
    """A report as built: its inputs are frozen so that it re-builds to the same text."""

    template_version = models.ForeignKey(
        TemplateVersion, verbose_name=_("範本版本"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("期別"), max_length=8)
    unit = models.ForeignKey(
        "org.EthicsUnit",
        verbose_name=_("範圍"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空白表示全市。"),
    )
    inputs = models.JSONField(_("建置輸入"))
    text_sha256 = models.CharField(_("文字雜湊"), max_length=64)
    published = models.BooleanField(_("已發布"), default=False)
    published_at = models.DateTimeField(_("發布時間"), null=True, blank=True)
    # The audit chain's head when the report was published (audit.anchors): shown on the portal, where
    # anyone may keep it, so that a later rewrite of the audit trail shows.
    audit_anchor = models.CharField(_("稽核軌跡錨點"), max_length=200, blank=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("建置者"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("已建置報告")
        verbose_name_plural = _("已建置報告")

    def __str__(self) -> str:
        scope = self.inputs.get("scope", {}).get("label", "")
        return f"{Period.parse(self.period).label} {scope} 工作報告"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.code])

    @property
    def period_label(self) -> str:
        """The half-year in the page's language."""
        return period_text(Period.parse(self.period))

    @property
    def heading(self) -> str:
        """The report's name in the page's language (``str()`` keeps the language of record)."""
        scope = self.unit.name if self.unit_id else _("全市")
        return _("%(period)s %(scope)s 工作報告") % {"period": self.period_label, "scope": scope}
