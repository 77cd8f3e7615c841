"""Set-up checks of the audit trail: its head copied outside the database, daily, to someone who keeps it."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.audit.models import AuditEvent
from probity.core.selfchecks import WARNING, Finding, selfcheck

ANCHOR_PATIENCE = dt.timedelta(days=2)


@selfcheck("audit.anchors", label=gettext_lazy("稽核軌跡每日錨定到資料庫之外"))
def anchored() -> list[Finding]:
    """Without anchors kept elsewhere, whoever controls the database could rewrite the whole chain unseen."""
    findings = []
    if not settings.PROBITY_AUDIT_ANCHOR_EMAILS:
        findings.append(
            Finding(
                WARNING,
                _(
                    "沒有設定稽核軌跡錨點的收件人（PROBITY_AUDIT_ANCHOR_EMAILS）：錨點只寫進本機檔案，"
                    "能控制資料庫與主機的人也能一併改寫。"
                ),
            )
        )
    last = AuditEvent.objects.filter(verb="audit.chain.anchored").order_by("-id").values_list("occurred_at").first()
    if last is None or timezone.now() - last[0] > ANCHOR_PATIENCE:
        findings.append(
            Finding(WARNING, _("稽核軌跡已超過兩天沒有錨定：請每日執行 manage.py anchor_audit_chain。"), "")
        )
    return findings
