"""Set-up checks: what silently stops the work (a stopped worker, an agency no unit serves, a monitored system
nobody may triage), found before a deadline is missed rather than after.

Any app registers a check, a function of no arguments returning its findings; no findings means it passes::

    @selfcheck("org.agency_units", label=_("每個機關都有政風機構服務"))
    def agencies_served():
        return [Finding(ERROR, _("「%(agency)s」沒有政風機構服務。") % {...}, agency.get_absolute_url()) for ...]

The central administrators read them on a page; ``manage.py self_check`` prints them and fails on an error.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from probity.core import roc

ERROR = "error"
WARNING = "warning"
# A task queued this long without a worker taking it up means no worker runs.
WORKER_PATIENCE = dt.timedelta(minutes=10)
DISK_WARNING_BYTES = 5 * 1024**3
DISK_ERROR_BYTES = 1024**3


@dataclass(frozen=True)
class Finding:
    level: str
    message: str
    url: str = ""


@dataclass(frozen=True)
class SelfCheck:
    key: str
    label: object
    run: Callable[[], list[Finding]]


@dataclass(frozen=True)
class Outcome:
    check: SelfCheck
    findings: list[Finding]

    @property
    def level(self) -> str:
        """error, warning, or ok when the check found nothing."""
        levels = {finding.level for finding in self.findings}
        return ERROR if ERROR in levels else WARNING if levels else "ok"


_checks: dict[str, SelfCheck] = {}


def selfcheck(key: str, *, label):
    def register(func: Callable[[], list[Finding]]) -> Callable[[], list[Finding]]:
        _checks[key] = SelfCheck(key, label, func)
        return func

    return register


def run_selfchecks() -> list[Outcome]:
    """Every registered check with its findings, errors first, then warnings, then those that pass."""
    outcomes = [Outcome(check, check.run()) for check in sorted(_checks.values(), key=lambda c: c.key)]
    order = {ERROR: 0, WARNING: 1, "ok": 2}
    return sorted(outcomes, key=lambda outcome: order[outcome.level])


# The core's own checks --------------------------------------------------------------------------------------------


@selfcheck("core.worker", label=gettext_lazy("背景工作程序執行中"))
def worker_running() -> list[Finding]:
    """Imports, audit runs and report builds wait for ``manage.py db_worker``; a queue nobody takes up says it stopped."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return []
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, enqueued_at__lt=timezone.now() - WORKER_PATIENCE
    ).order_by("enqueued_at")
    oldest = waiting.first()
    if oldest is None:
        return []
    message = _(
        "有 %(count)s 項背景工作排隊超過 %(minutes)s 分鐘未執行（最早一項自 %(since)s 起）：請確認 manage.py db_worker 正在執行。"
    )
    return [
        Finding(
            ERROR,
            message
            % {
                "count": waiting.count(),
                "minutes": int(WORKER_PATIENCE.total_seconds() // 60),
                "since": roc.format_datetime(oldest.enqueued_at),
            },
        )
    ]


@selfcheck("core.email", label=gettext_lazy("提醒信件可以寄出"))
def email_configured() -> list[Finding]:
    if settings.EMAIL_BACKEND != "django.core.mail.backends.console.EmailBackend" or settings.DEBUG:
        return []
    return [Finding(WARNING, _("未設定 EMAIL_HOST：期限提醒信件只寫入伺服器紀錄，不會寄出。"))]


@selfcheck("core.disk", label=gettext_lazy("資料目錄尚有空間"))
def disk_space() -> list[Finding]:
    free = shutil.disk_usage(settings.DATA_DIR).free
    if free >= DISK_WARNING_BYTES:
        return []
    level = ERROR if free < DISK_ERROR_BYTES else WARNING
    message = _("資料目錄 %(path)s 只剩 %(free).1f GB 可用空間：上傳檔案、查閱紀錄與報告都存放在這裡。")
    return [Finding(level, message % {"path": settings.DATA_DIR, "free": free / 1024**3})]


@selfcheck("core.cache", label=gettext_lazy("公開檢舉頁面的流量限制運作中"))
def cache_shared() -> list[Finding]:
    """The portal's rate limits live in the cache: one that does not answer lifts them; one per process divides them."""
    token = secrets.token_hex(8)
    try:
        cache.set("selfcheck:cache", token, timeout=60)
        read = cache.get("selfcheck:cache")
    except Exception as exc:  # each backend raises its own errors
        return [_cache_silent(exc)]
    if read != token:
        return [_cache_silent(_("讀回的值不同"))]
    if settings.REDIS_URL or settings.DEBUG:
        return []
    message = _(
        "未設定 REDIS_URL：公開檢舉頁面的流量限制只記在各網頁程序自己的記憶體，有幾個網頁程序，限制就放寬幾倍。"
    )
    return [Finding(WARNING, message)]


def _cache_silent(error) -> Finding:
    message = _("快取沒有回應（%(error)s）：公開檢舉頁面暫停流量限制，檢舉照常受理。請檢查 REDIS_URL 所指的 Redis。")
    return Finding(ERROR, message % {"error": error})
