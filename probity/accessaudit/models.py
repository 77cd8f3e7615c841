"""Access-log audit records: monitored systems, designated officers, import and audit runs, alerts, findings.

The lookups themselves never enter the database: they live as partitioned
Parquet under ``settings.DATA_DIR / "accesslogs"`` and are read through the
``probity.analytics`` library. The database keeps what people act on.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from probity.accessaudit.enums import KIND_LABELS, RULE_CHOICES, CheckResult, Decision, JobStatus, SourceKind
from probity.accessaudit.reasons import reason_text
from probity.core.language import stored_text
from probity.core.models import WORKER_PATIENCE, BaseModel


class MonitoredSystem(BaseModel):
    """A sensitive information system whose query log an ethics unit audits (戶役政, 地政, 稅務…)."""

    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(_("系統代號"), max_length=40, unique=True)
    name = models.CharField(_("系統名稱"), max_length=120)
    column_mapping = models.JSONField(_("欄位對應"), default=dict)
    encoding = models.CharField(_("檔案編碼"), max_length=20, default="utf-8")
    rule_settings = models.JSONField(_("規則設定"), default=dict, blank=True)
    is_active = models.BooleanField(_("監控中"), default=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("受監控系統")
        verbose_name_plural = _("受監控系統")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:system_detail", args=[self.code])


class AccessAuditor(BaseModel):
    """A staff member designated to audit access logs (only they, and central administrators, see log data)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("人員"), on_delete=models.CASCADE, related_name="access_auditor"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("指定稽核人員")
        verbose_name_plural = _("指定稽核人員")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:auditor_list")


class SourceFile(BaseModel):
    """The current source table of one kind for a system (users, subjects, explanations, relatives, holidays),
    and the file last loaded into it: that file replaced the table, or was merged into it."""

    system = models.ForeignKey(
        MonitoredSystem, verbose_name=_("系統"), on_delete=models.CASCADE, related_name="sources"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("資料類型"), max_length=20, choices=SourceKind.choices)
    file_name = models.CharField(_("原始檔名"), max_length=255)
    sha256 = models.CharField(_("檔案雜湊"), max_length=64)
    rows = models.PositiveIntegerField(_("筆數"), default=0)
    file_rows = models.PositiveIntegerField(_("檔案筆數"), default=0)
    merged = models.BooleanField(_("合併匯入"), default=False)

    class Meta:
        ordering = ["system", "kind"]
        constraints = [models.UniqueConstraint(fields=["system", "kind"], name="accessaudit_one_source_per_kind")]
        verbose_name = _("來源資料")
        verbose_name_plural = _("來源資料")

    def __str__(self) -> str:
        return f"{self.system} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.system.get_absolute_url()


class LogImport(BaseModel):
    """One log file converted into the store: recorded, incremental (by hash) and restartable."""

    system = models.ForeignKey(
        MonitoredSystem, verbose_name=_("系統"), on_delete=models.PROTECT, related_name="imports"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    batch = models.PositiveIntegerField(_("批次"), unique=True)
    file_name = models.CharField(_("檔名"), max_length=255)
    path = models.CharField(_("暫存路徑"), max_length=500)
    file_format = models.CharField(_("格式"), max_length=10, default="csv")
    encoding = models.CharField(_("編碼"), max_length=20, default="utf-8")
    sha256 = models.CharField(_("檔案雜湊"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("狀態"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    stage = models.CharField(_("階段"), max_length=20, blank=True)
    progress = models.FloatField(_("進度"), default=0.0)
    rows = models.BigIntegerField(_("筆數"), default=0)
    error = models.TextField(_("錯誤"), blank=True)
    # The error's template and values (analytics.messages.Message), to say it again in the reader's language.
    error_message = models.JSONField(_("錯誤訊息"), null=True, blank=True)
    error_line = models.PositiveBigIntegerField(_("錯誤行號"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("匯入者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("完成時間"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("紀錄檔匯入")
        verbose_name_plural = _("紀錄檔匯入")

    def __str__(self) -> str:
        return f"{self.system} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:import_detail", args=[self.code])

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def months(self) -> list[str]:
        """The months (YYYY-MM) of the lookups it brought, in order."""
        return sorted(covered.month for covered in self.covered_months.all())

    @property
    def error_text(self) -> str:
        return stored_text(self.error, self.error_message)

    @property
    def waiting_long(self) -> bool:
        """Still queued a minute after upload: the background worker is probably not running."""
        return self.status == JobStatus.QUEUED and timezone.now() - self.created_at > WORKER_PATIENCE


class ImportedMonth(models.Model):
    """A month that a successful import brought lookups of, so that which systems hold a month is one query."""

    log_import = models.ForeignKey(
        LogImport, verbose_name=_("紀錄檔匯入"), on_delete=models.CASCADE, related_name="covered_months"
    )
    month = models.CharField(_("月份"), max_length=7, db_index=True)

    class Meta:
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["log_import", "month"], name="accessaudit_imported_month")]
        verbose_name = _("匯入月份")
        verbose_name_plural = _("匯入月份")

    def __str__(self) -> str:
        return self.month


class AuditRun(BaseModel):
    """One run of the rule suite over a system's lookups in a date range."""

    system = models.ForeignKey(MonitoredSystem, verbose_name=_("系統"), on_delete=models.PROTECT, related_name="runs")
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField(_("起日"))
    date_to = models.DateField(_("迄日"))
    status = models.CharField(_("狀態"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    lookups = models.BigIntegerField(_("查閱筆數"), default=0)
    alert_count = models.PositiveIntegerField(_("警示數"), default=0)
    by_rule = models.JSONField(_("各規則警示查閱數"), default=dict, blank=True)
    # Western years of the run's days that the holiday calendar does not know (analytics.calendar.covered_years).
    uncovered_years = models.JSONField(_("假日表未涵蓋的年份"), default=list, blank=True)
    error = models.TextField(_("錯誤"), blank=True)
    error_message = models.JSONField(_("錯誤訊息"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("執行者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("完成時間"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("稽核執行")
        verbose_name_plural = _("稽核執行")

    def __str__(self) -> str:
        return f"{self.system} {self.date_from}–{self.date_to}"

    @property
    def rule_shares(self) -> list[tuple[str, str, int, float]]:
        """(rule, its name, lookups it alerted on, their share of the run's lookups in %), in the rules'
        order: what an officer looks at before tuning a rule."""
        return [
            (rule, label, self.by_rule[rule], 100 * self.by_rule[rule] / self.lookups if self.lookups else 0.0)
            for rule, label in RULE_CHOICES
            if rule in self.by_rule
        ]

    @property
    def error_text(self) -> str:
        return stored_text(self.error, self.error_message)

    @property
    def calendar_gap(self) -> str:
        """What the off-hours rule could not see in this run, or "" when the holiday table covered it."""
        return calendar_gap_text(self.uncovered_years)

    def get_absolute_url(self) -> str:
        return self.system.get_absolute_url()


def roc_year_spans(years) -> str:
    """Western years as ROC years in runs: {2020, …, 2027, 2029} → 109–116、118."""
    spans: list[list[int]] = []
    for year in sorted(years):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    shown = [f"{a - 1911}" if a == b else f"{a - 1911}–{b - 1911}" for a, b in spans]
    return pgettext("list separator", "、").join(shown)


def calendar_gap_text(years: list[int]) -> str:
    if not years:
        return ""
    message = gettext(
        "假日表未涵蓋民國 %(years)s 年：這些年的國定假日與補行上班日無從辨識，下班時間規則只依週末與上班時間判斷。"
        "請匯入此系統的假日表後重新執行。"
    )
    return message % {"years": roc_year_spans(years)}


class PeerDay(models.Model):
    """A peer group's lookups on one day, as the last audit run over that day counted them.

    A peer group is a unit and role of the system's user mapping. An account's timeline draws its
    peers' mean beside its own days without reading anyone else's lookups again. The rows hold counts
    only, nobody's lookups.
    """

    system = models.ForeignKey(MonitoredSystem, verbose_name=_("系統"), on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(_("單位"), max_length=200)
    role = models.CharField(_("職稱"), max_length=200)
    day = models.DateField(_("日期"))
    users = models.PositiveIntegerField(_("有查閱的人數"))
    lookups = models.PositiveIntegerField(_("查閱筆數"))

    class Meta:
        ordering = ["system", "unit", "role", "day"]
        constraints = [models.UniqueConstraint(fields=["system", "unit", "role", "day"], name="peer_day_unique")]
        verbose_name = _("同儕每日查閱量")
        verbose_name_plural = _("同儕每日查閱量")

    def __str__(self) -> str:
        return f"{self.unit} {self.role} {self.day}"


class AccessAuditFinding(BaseModel):
    """Confirmed misuse by one account in one month: what an inspection record (資訊系統使用管理稽核) draws on.

    ``inspection`` is the activities Inspection (資訊系統使用管理稽核) the finding opened and feeds;
    ``complaint`` the self-initiated complaint case started from it, if any.
    """

    system = models.ForeignKey(
        MonitoredSystem, verbose_name=_("系統"), on_delete=models.PROTECT, related_name="findings"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("org.Agency", verbose_name=_("機關"), on_delete=models.PROTECT, related_name="+")
    account = models.CharField(_("系統帳號"), max_length=60)
    staff_name = models.CharField(_("人員姓名"), max_length=60, blank=True)
    month = models.CharField(_("月份"), max_length=7)
    summary = models.TextField(_("摘要"), blank=True)
    inspection = models.ForeignKey(
        "activities.Inspection",
        verbose_name=_("稽核紀錄"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_audit_findings",
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("檢舉案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_audit_findings",
    )

    class Meta:
        ordering = ["-month", "account", "system"]
        constraints = [
            models.UniqueConstraint(fields=["system", "account", "month"], name="accessaudit_one_finding_per_month")
        ]
        verbose_name = _("不當查閱確認結果")
        verbose_name_plural = _("不當查閱確認結果")

    def __str__(self) -> str:
        return f"{self.system} {self.account} {self.month}"

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:finding_detail", args=[self.code])


class Alert(BaseModel):
    """One rule's alert on a lookup (or, for volume and repeat rules, on a user's day or period)."""

    run = models.ForeignKey(
        AuditRun, verbose_name=_("稽核執行"), null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    system = models.ForeignKey(MonitoredSystem, verbose_name=_("系統"), on_delete=models.PROTECT, related_name="alerts")
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(_("規則"), max_length=20, choices=RULE_CHOICES)
    kind = models.CharField(_("類型"), max_length=30)
    lookup_id = models.BigIntegerField(_("查閱序號"), null=True, blank=True)
    account = models.CharField(_("系統帳號"), max_length=60, db_index=True)
    staff_name = models.CharField(_("人員姓名"), max_length=60, blank=True)
    subject_id = models.CharField(_("當事人"), max_length=40, blank=True)
    occurred_at = models.DateTimeField(_("查閱時間"), null=True, blank=True)
    day = models.DateField(_("日期"))
    score = models.FloatField(_("分數"))
    reason = models.TextField(_("警示原因"))
    # The values the reason names (probity.analytics.rules ALERT_SCHEMA), to say it in the reader's language.
    facts = models.JSONField(_("警示原因要素"), default=dict, blank=True)
    decision = models.CharField(_("審查結果"), max_length=20, choices=Decision.choices, default=Decision.OPEN)
    note = models.TextField(_("審查說明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("審查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("審查時間"), null=True, blank=True)
    finding = models.ForeignKey(
        AccessAuditFinding,
        verbose_name=_("確認結果"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )

    class Meta:
        ordering = ["-score", "-day", "account", "id"]
        indexes = [
            models.Index(fields=["system", "decision", "day"]),
            models.Index(fields=["system", "account", "day"]),
            # Covers the queue's subjects of several accounts: read in (subject, account) order, the grouping and
            # its distinct count need no sort (0.6 s to 0.2–0.3 s over 300,000 alerts).
            models.Index(
                fields=["system", "subject_id", "account", "day", "unit", "decision"], name="accessaudit_alert_subjects"
            ),
        ]
        verbose_name = _("警示")
        verbose_name_plural = _("警示")

    def __str__(self) -> str:
        return f"{self.get_rule_display()}：{self.account} {self.day}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def reason_text(self) -> str:
        return reason_text(self.kind, self.facts, self.reason)

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:alert_detail", args=[self.code])


class SampleDraw(BaseModel):
    """A month's verifiable random sample of lookups (1%, at least one) for manual review."""

    system = models.ForeignKey(
        MonitoredSystem, verbose_name=_("系統"), on_delete=models.PROTECT, related_name="samples"
    )
    unit = models.ForeignKey("org.EthicsUnit", verbose_name=_("政風機構"), on_delete=models.PROTECT, related_name="+")
    month = models.CharField(_("月份"), max_length=7)
    sources = models.JSONField(_("公開亂數來源"))
    key_string = models.CharField(_("種子字串"), max_length=500)
    pool_size = models.PositiveIntegerField(_("母體筆數"))
    pool_digest = models.CharField(_("母體雜湊"), max_length=64)
    size = models.PositiveIntegerField(_("抽出筆數"))
    drawn = models.JSONField(_("抽出之查閱"), default=list)
    # Once every drawn lookup is checked, the check is an information-system use audit (資訊系統使用管理稽核):
    # the work report counts it under 二(一)2.
    inspection = models.ForeignKey(
        "activities.Inspection",
        verbose_name=_("檢查紀錄"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_samples",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽籤人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-month", "-created_at", "-id"]
        verbose_name = _("抽查")
        verbose_name_plural = _("抽查")

    def __str__(self) -> str:
        return f"{self.system} {self.month}"

    def get_absolute_url(self) -> str:
        return reverse("accessaudit:sample_detail", args=[self.code])


class SampleCheck(BaseModel):
    """The manual check of one drawn lookup (by its draw order) against the register and case files.

    A later check of the same lookup replaces the earlier one; the audit chain keeps both. A mismatch
    raises ``alert`` (rule 抽查核對不符), so the lookup is triaged like any rule's alert and a confirmed
    misuse reaches an inspection the same way.
    """

    draw = models.ForeignKey(SampleDraw, verbose_name=_("抽查"), on_delete=models.CASCADE, related_name="checks")
    order = models.PositiveIntegerField(_("抽出順序"))
    result = models.CharField(_("核對結果"), max_length=20, choices=CheckResult.choices)
    note = models.TextField(_("核對說明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("核對人"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("核對時間"))
    alert = models.OneToOneField(
        Alert,
        verbose_name=_("警示"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sample_check",
    )

    class Meta:
        ordering = ["draw", "order"]
        constraints = [models.UniqueConstraint(fields=["draw", "order"], name="accessaudit_one_check_per_drawn")]
        verbose_name = _("抽查核對")
        verbose_name_plural = _("抽查核對")

    def __str__(self) -> str:
        return f"{self.draw} #{self.order}"
