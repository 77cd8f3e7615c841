import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How long a queued background job may wait before the page says the worker seems to be stopped.
WORKER_PATIENCE = dt.timedelta(minutes=1)


class BaseModel(models.Model):
    """Every record has a public ``code`` for URLs; the integer key never leaves the database."""

    code = models.UUIDField(_("代碼"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("建立時間"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新時間"), auto_now=True)

    class Meta:
        abstract = True


class ImportRun(BaseModel):
    """One upload of a spreadsheet through the import framework, kept as history."""

    ERRORS_KEPT = 500

    class Status(models.TextChoices):
        QUEUED = "queued", _("排隊中")
        RUNNING = "running", _("匯入中")
        SUCCEEDED = "succeeded", _("成功")
        REJECTED = "rejected", _("有錯誤，未匯入")

    record_type = models.CharField(_("資料類型"), max_length=60)
    file_name = models.CharField(_("檔名"), max_length=255)
    file_sha256 = models.CharField(_("檔案雜湊"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("匯入者"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("結果"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("資料列數"), default=0)
    created = models.PositiveIntegerField(pgettext_lazy("import count", "新增"), default=0)
    updated = models.PositiveIntegerField(pgettext_lazy("import count", "更新"), default=0)
    updates_existing = models.BooleanField(_("更新已存在的資料"), default=False)
    skipped = models.PositiveIntegerField(_("已存在略過"), default=0)
    errors = models.JSONField(_("錯誤"), default=list, blank=True)  # the first ERRORS_KEPT of them
    error_count = models.PositiveIntegerField(_("錯誤數"), default=0)
    message = models.TextField(_("無法匯入的原因"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("匯入紀錄")
        verbose_name_plural = _("匯入紀錄")

    def __str__(self) -> str:
        return f"{self.record_type} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("core:import_run", args=[self.code])

    @property
    def record_label(self) -> str:
        """The record type as people read it (the key, should its importer be gone)."""
        from probity.core.imports import get_importer

        try:
            return str(get_importer(self.record_type).label)
        except KeyError:
            return self.record_type

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def waiting_long(self) -> bool:
        return self.status == self.Status.QUEUED and timezone.now() - self.created_at > WORKER_PATIENCE
