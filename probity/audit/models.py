from django.conf import settings
from django.db import models
from django.db.models import F, Func
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible(path="probity.audit.models.DataText")
class DataText(Func):
    """One key of an event's data as text, compiled alike in an index and in a query, so the index serves
    the query. (Django's own key transform writes, on SQLite, a CASE whose branches come in a different
    order from one process to the next, which an index built by another process never matches.)"""

    output_field = models.TextField()

    def __init__(self, key: str):
        if not key.isidentifier():
            raise ValueError(f"not a data key: {key!r}")
        self.key = key
        super().__init__(F("data"))

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError(f"DataText has no SQL for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT({sql}, '$.{self.key}')", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} ->> '{self.key}')", params


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    ``hash`` covers this event's fields and the previous event's hash, so
    altering, removing or inserting a row breaks the chain from there on.
    The database refuses UPDATE and DELETE on this table (see migration 0002).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("操作者名稱"), max_length=150, blank=True)
    verb = models.CharField(_("動作"), max_length=80, db_index=True)
    target_type = models.CharField(_("對象類型"), max_length=80, blank=True)
    target_code = models.CharField(_("對象代碼"), max_length=64, blank=True, db_index=True)
    occurred_at = models.DateTimeField(_("時間"), db_index=True)
    data = models.JSONField(_("內容"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一筆雜湊"), max_length=64)
    hash = models.CharField(_("雜湊"), max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("稽核軌跡")
        verbose_name_plural = _("稽核軌跡")
        indexes = [
            models.Index(fields=["target_type", "target_code"]),
            # A person's searches are found by the digest of their ID number (``audit.pseudonyms``).
            models.Index(DataText("subject_digest"), name="audit_event_subject_digest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.verb} {self.target_type}:{self.target_code}"
