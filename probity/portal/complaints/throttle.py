"""Rate limits of the public complaint pages, kept in Django's cache and nowhere else.

A visitor is told apart by a keyed hash of the connecting address, held only in the cache for the
length of the window: no address reaches the database or the logs. Limits are ``"count/seconds"``
strings read from settings (see docs/complaints.md).

A cache that does not answer (Redis down) lifts the limits rather than refusing complaints: a lost complaint
costs more than a flood, and the set-up check ``core.cache`` reports the outage. The log says so once a
minute at most per process, so that a long outage does not fill it.
"""

import hashlib
import hmac
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

DEFAULTS = {
    "submit": ("PROBITY_PORTAL_SUBMIT_RATE", "5/3600"),
    "submit_all": ("PROBITY_PORTAL_SUBMIT_GLOBAL_RATE", "300/3600"),
    "code": ("PROBITY_PORTAL_CODE_RATE", "10/900"),
}


def rate(name: str) -> tuple[int, int]:
    setting, default = DEFAULTS[name]
    count, _sep, seconds = str(getattr(settings, setting, default)).partition("/")
    return int(count), int(seconds)


def client_address(request) -> str:
    """The connecting address; behind a reverse proxy, the one it appended to the configured header.

    ``PROBITY_PORTAL_CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) must be set only when a trusted
    proxy sets that header: its rightmost entry is the address the proxy saw.
    """
    header = getattr(settings, "PROBITY_PORTAL_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _visitor(request) -> str:
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), b"visitor:" + address.encode(), hashlib.sha256).hexdigest()[:24]


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt; True while the count stays within the limit."""
    if cache.add(key, 1, timeout=window):
        return limit >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow(request, name: str) -> bool:
    """True while the visitor (and, for a submission, everyone together) stays within the limits, or when the
    cache does not answer."""
    try:
        allowed = _within_limits(request, name)
    except Exception:  # each cache backend raises its own errors (redis.ConnectionError, OSError, …)
        _outage.missed()
        return True
    _outage.answered()
    return allowed


class _Outage:
    """The cache's outage as this process saw it: when it last said so, and how many requests went unlimited."""

    QUIET = 60  # seconds between two warnings

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.warned_at: float | None = None
        self.unlimited = 0

    def missed(self) -> None:
        with self.lock:
            self.unlimited += 1
            now = self.clock()
            if self.warned_at is not None and now - self.warned_at < self.QUIET:
                return
            self.warned_at, unlimited, self.unlimited = now, self.unlimited, 0
        if unlimited == 1:
            logger.warning("portal rate limit not applied: the cache did not answer", exc_info=True)
        else:
            logger.warning(
                "portal rate limit not applied: the cache did not answer (unlimited requests since the last warning: %d)",
                unlimited,
                exc_info=True,
            )

    def answered(self) -> None:
        if self.warned_at is None:  # read without the lock: the common case, no outage, stays free
            return
        with self.lock:
            if self.warned_at is None:
                return
            self.warned_at, unlimited, self.unlimited = None, self.unlimited, 0
        more = f" (unlimited requests since the last warning: {unlimited})" if unlimited else ""
        logger.warning("portal rate limits apply again: the cache answers%s", more)


_outage = _Outage()


def _within_limits(request, name: str) -> bool:
    limit, window = rate(name)
    allowed = _hit(f"portal-throttle:{name}:{_visitor(request)}", limit, window)
    if allowed and name == "submit":
        total, total_window = rate("submit_all")
        allowed = _hit("portal-throttle:submit_all", total, total_window)
    return allowed
